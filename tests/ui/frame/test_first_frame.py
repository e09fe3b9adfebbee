"""The window's first frame: painted before the core is loaded, it looks like the window that takes its place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from accountplan.plan.accounts import create_account
from accountplan.reports import chart_style
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.common.theme import ON_TINT
from accountplan.ui.frame.app import run_window
from accountplan.ui.frame.first_frame import FirstFrame, show_first_frame
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.frame.sections import SECTIONS


def _add(db: Database, *names: str) -> None:
    with db.transaction() as session:
        for name in names:
            create_account(session, name)


@pytest.fixture
def frames() -> Iterator[list[FirstFrame]]:
    """The frames a test showed; those it did not hand over to a window are closed after it."""
    shown: list[FirstFrame] = []
    yield shown
    for frame in shown:
        if shiboken6.isValid(frame):
            frame.close()


def _frame(frames: list[FirstFrame], target: object, settings: S.Settings) -> FirstFrame:
    frame = show_first_frame(str(target), settings)
    frames.append(frame)
    return frame


def _items(view: object) -> list[str]:
    return [view.item(row).text() for row in range(view.count())]  # type: ignore[attr-defined]


def test_each_section_names_its_page_class_with_the_same_key_and_title() -> None:
    for section in SECTIONS:
        kind = section.page_class()
        assert (kind.key, kind.title) == (section.key, section.title), section


def test_the_text_on_a_tint_is_the_charts_text_colour() -> None:
    assert ON_TINT.color().name() == chart_style.TEXT


def test_it_is_painted_with_the_accounts_and_the_window_then_shows_the_same(
    qtbot: QtBot, db: Database, settings: S.Settings, frames: list[FirstFrame]
) -> None:
    _add(db, "Zephyr Logistics", "Émile Industries", "Acme Holdings")
    settings.set(S.LAST_ACCOUNT, "Zephyr Logistics")
    settings.set(S.LAST_SECTION, "actions")
    frame = _frame(frames, db.path, settings)
    assert frame.painted
    assert frame.windowTitle() == "Zephyr Logistics — Account Plan"
    assert frame.heading.text() == "Portfolio"  # several accounts: the window opens on the portfolio
    assert frame.message.text() == "Opening Zephyr Logistics…"
    assert frame.account_list.currentItem().text() == "Zephyr Logistics"
    assert frame.section_list.currentItem().text() == "Portfolio"
    assert [a.text().replace("&", "") for a in frame.menuBar().actions()] == ["File", "Edit", "Go", "Help"]

    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    assert window.windowTitle() == frame.windowTitle()
    accounts = [window.accounts.index(row).data() for row in range(window.accounts.rowCount())]
    assert accounts == _items(frame.account_list)
    assert window.account_list.currentIndex().data() == "Zephyr Logistics"
    assert window.section_list.currentItem().text() == "Portfolio"
    assert _items(window.section_list) == _items(frame.section_list)


def test_the_window_takes_the_frames_place(
    qtbot: QtBot, db: Database, settings: S.Settings, frames: list[FirstFrame]
) -> None:
    _add(db, "Acme Holdings")
    frame = _frame(frames, db.path, settings)
    frame.setGeometry(140, 90, 1100, 700)  # the user moved and resized it while the window was loading
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(frame.destroyed):
        frame.hand_over(window)
    assert window.isVisible()
    assert window.geometry().getRect() == (140, 90, 1100, 700)


def test_the_window_opens_even_if_the_frame_was_closed_while_it_loaded(
    qtbot: QtBot, db: Database, settings: S.Settings, frames: list[FirstFrame]
) -> None:
    _add(db, "Acme Holdings")
    frame = _frame(frames, db.path, settings)
    frame.close()  # while a dialog about the database was open, say
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(frame.destroyed):
        frame.hand_over(window)
    assert window.isVisible() and window.windowTitle() == "Acme Holdings — Account Plan"


def test_it_opens_where_the_window_was_closed(
    qtbot: QtBot, db: Database, settings: S.Settings, frames: list[FirstFrame]
) -> None:
    _add(db, "Acme Holdings")
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.setGeometry(120, 80, 1000, 640)
    window.show()
    qtbot.waitExposed(window)
    window.close()
    frame = _frame(frames, db.path, settings)
    reopened = MainWindow(db, settings)
    qtbot.addWidget(reopened)
    assert frame.size() == reopened.size() and frame.height() == 640


def test_a_new_database_shows_no_account_and_is_not_created(
    tmp_path: Path, settings: S.Settings, frames: list[FirstFrame]
) -> None:
    frame = _frame(frames, tmp_path / "new.sqlite", settings)
    assert frame.painted
    assert frame.windowTitle() == "Account Plan"
    assert frame.account_list.count() == 0 and frame.section_list.currentRow() == -1
    assert frame.message.text() == "Opening the plan…"
    assert not (tmp_path / "new.sqlite").exists()


def test_a_team_server_is_not_read_before_it_is_opened(
    settings: S.Settings, frames: list[FirstFrame]
) -> None:
    frame = _frame(frames, "postgresql+psycopg://seller@plans.example.com/pursuits", settings)
    assert frame.painted
    assert frame.message.text() == "Connecting to the team server…"
    assert frame.account_list.count() == 0


def test_opening_the_window_shows_the_first_frame_then_the_window_in_its_place(
    qtbot: QtBot, db: Database
) -> None:
    _add(db, "Acme Holdings")
    path = str(db.path)
    db.close()
    seen: dict[str, object] = {}

    def close_once_open() -> None:
        tops = QApplication.topLevelWidgets()
        frames = [w for w in tops if isinstance(w, FirstFrame)]
        if frames and "frame" not in seen:
            seen["frame"] = frames[0].windowTitle()
        windows = [w for w in tops if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(10, close_once_open)
            return
        seen["window"] = windows[0].windowTitle()
        seen["frames left"] = [w for w in tops if isinstance(w, FirstFrame) and w.isVisible()]
        windows[0].close()

    QTimer.singleShot(0, close_once_open)
    assert run_window(path) == 0
    assert seen == {
        "frame": "Acme Holdings — Account Plan",
        "window": "Acme Holdings — Account Plan",
        "frames left": [],
    }

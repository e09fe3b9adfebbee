"""The org chart as of a past day and the changes since a day (issue #18), on a scripted history."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests.org_history import History, build_history

from accountplan.analysis.change_window import medium_day
from accountplan.model import ChangeLogEntry
from accountplan.model.enums import InfluenceKind, Stance
from accountplan.store.database import Database
from accountplan.ui.common.commands import UpdateStakeholder
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage

TODAY = dt.date.today()
FIRST = TODAY - dt.timedelta(days=10)
SHOTS = os.environ.get("ACCOUNTPLAN_SCREENSHOTS")


@pytest.fixture
def history(db: Database, tmp_path: Path) -> History:
    return build_history(db, tmp_path, FIRST)


def _chart(window: MainWindow, history: History) -> OrgChartPage:
    window.events.accounts_changed.emit()
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    assert page.account_id == history.account_id
    return page


def _shown(page: OrgChartPage) -> dict[str, tuple[str, str | None, str, bool]]:
    """Each card on the chart: the person's title, manager (by name), stance, departed."""
    people = page.people
    assert set(page.scene.cards) == set(people)
    return {
        p.name: (
            p.title,
            people[p.manager_id].name if p.manager_id is not None else None,
            p.stance.value,
            p.departed,
        )
        for p in people.values()
    }


def _bytes(db: Database) -> bytes:
    """The database file's bytes, and its write-ahead log's."""
    assert db.path is not None
    wal = db.path.with_name(db.path.name + "-wal")
    return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _log_size(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(ChangeLogEntry.id))) or 0)


def test_each_past_day_shows_that_days_people_managers_and_stances(
    window: MainWindow, history: History
) -> None:
    page = _chart(window, history)
    assert not page.banner.isVisible()
    for day in history.days:
        started = time.perf_counter()
        page.day_bar.choose(day)
        assert time.perf_counter() - started < 1.0
        wanted = {
            name: (title, manager, stance, departed)
            for name, (title, manager, _roles, stance, _influence, departed) in history.exported[day][
                "people"
            ].items()
        }
        assert _shown(page) == wanted, day
        assert page.banner.isVisible()
        assert page.banner.text.text() == f"<b>As of {medium_day(day)}</b> — read-only."
    # Day 1 against day 0: Ken moved under Mira; on day 3 he is gone, back on day 2.
    page.day_bar.choose(history.days[0])
    assert _shown(page)["Ken"][1] == "Aiko"
    page.day_bar.choose(history.days[1])
    assert _shown(page)["Ken"][1] == "Mira"
    page.day_bar.choose(history.days[3])
    assert "Ken" not in _shown(page)
    # The quick choice: the last alignment meeting (day 2).
    page.day_bar.meeting_button.click()
    assert page.day == history.days[2]
    assert "Ken" in _shown(page)
    page.banner.back_button.click()
    assert page.day is None and not page.banner.isVisible()
    assert "Ken" not in _shown(page) and "Olaf Berg" in _shown(page)


def test_every_edit_of_a_past_day_is_refused_and_nothing_changes(
    window: MainWindow, history: History, db: Database, qtbot: QtBot
) -> None:
    page = _chart(window, history)
    ids = history.ids
    # An edit made today, to undo later.
    assert page.add_person(ids["Mira"], "Nadia")
    stack = window.undo_stack
    index = stack.index()
    page.day_bar.choose(history.days[2])
    message = f"This is the account as of {medium_day(history.days[2])}: go back to today to edit."
    size, data = _log_size(db), _bytes(db)
    context = page.context
    failures = len(context.failures)
    attempts = [
        lambda: page.move_under(ids["Ken"], ids["Lena"]),
        lambda: page.add_person(ids["Mira"], "Otto"),
        lambda: page.add_link(ids["Lena"], ids["Ken"], InfluenceKind.TRUSTS),
        lambda: page.set_departed(ids["Mira"], True),
        lambda: page.delete_person(ids["Lena"], confirm=False),
        lambda: context.execute(
            UpdateStakeholder(context, history.account_id, ids["Mira"], "Mira", stance=Stance.DETRACTOR)
        ),
    ]
    for attempt in attempts:
        assert attempt() is False
    assert context.failures[failures:] == [message] * len(attempts)
    assert not page.panel.isEnabled()
    # Undo and redo of the edit made today are refused too, and the stack still says what the database holds.
    stack.undo()
    assert context.failures[-1] == message
    qtbot.waitUntil(lambda: stack.index() == index)
    assert _log_size(db) == size and _bytes(db) == data
    assert "Nadia" not in _shown(page)  # day 2's chart
    # Back to today: editing works again.
    page.banner.back_button.click()
    assert "Nadia" in _shown(page)
    stack.undo()
    qtbot.waitUntil(lambda: "Nadia" not in page.people)
    assert _log_size(db) > size
    olaf = next(pid for pid, person in page.people.items() if person.name == "Olaf Berg")
    assert page.move_under(ids["Lena"], olaf)
    assert page.people[ids["Lena"]].manager_id == olaf


def test_changes_since_the_last_meeting_are_marked_and_listed(window: MainWindow, history: History) -> None:
    page = _chart(window, history)
    page.changes_box.setChecked(True)
    ids = history.ids
    assert page.changes is not None and page.changes.since == history.days[2]  # the meeting
    marks = {page.people[pid].name: card.marks for pid, card in page.scene.cards.items() if card.marks}
    assert marks == {
        "Olaf Berg": ("joined",),
        "Ute Kern": ("joined",),
        "Mira": ("stance",),
        "Lena": ("title",),
        "Aiko": ("left",),
    }
    assert page.side.currentWidget() is page.changes_panel
    lines = [page.changes_panel.model.index(row).data() for row in range(page.changes_panel.model.rowCount())]
    assert "Ken left (deleted)" in lines and "Mira: stance Neutral → Champion / Advocate" in lines
    assert len(lines) == 6
    assert page.mark_legend.isVisibleTo(page)
    # Clicking a change selects the card.
    row = lines.index("Lena: title Buyer → Head of Procurement")
    page.changes_panel.list.setCurrentIndex(page.changes_panel.model.index(row))
    assert page.selected_id() == ids["Lena"]
    # Until a past day: the changes from day 0 to day 1.
    page.since_edit.setDate(page.since_edit.date().addDays(-2))
    page.day_bar.choose(history.days[1])
    assert page.changes is not None and page.changes.until == history.days[1]
    assert page.changes.since == history.days[0]
    marks = {page.people[pid].name: card.marks for pid, card in page.scene.cards.items() if card.marks}
    assert marks["Ken"] == ("title", "manager")
    assert marks["Aiko"] == ("stance", "influence")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        window.resize(1280, 800)
        page.view.fit()
        window.grab().save(str(Path(SHOTS) / "org-chart-changes-past.png"))
        page.changes_box.setChecked(False)
        window.grab().save(str(Path(SHOTS) / "org-chart-as-of.png"))

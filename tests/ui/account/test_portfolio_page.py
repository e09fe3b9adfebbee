"""The Portfolio page: the first page with several accounts, its table, its board by status, the fit checklist."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from accountplan.model import Account
from accountplan.model.enums import AccountStatus, CoSellerRole, FitCriterion, ForecastCategory
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database
from accountplan.ui.account.overview_page import OverviewPage
from accountplan.ui.account.portfolio_model import ACCOUNT, FIT, OVERDUE, PIPELINE, PortfolioModel
from accountplan.ui.account.portfolio_page import BOARD_TAB, PortfolioPage
from accountplan.ui.common import settings as S
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.stakeholders_page import StakeholdersPage

#: Where the screenshots go when set (to look at them): ACCOUNTPLAN_SCREENSHOTS=/tmp/shots pytest ...
SHOTS = os.environ.get("ACCOUNTPLAN_SCREENSHOTS")


def _accounts(db: Database) -> dict[str, int]:
    """Three accounts of one seller: Hoshino (USD 500k, 2 overdue), Nordwind (EUR 80k, cold), Acme (nothing)."""
    with db.transaction() as session:
        lars = add_co_seller(session, "Lars Pettersson", CoSellerRole.ACCOUNT_EXECUTIVE)
        ids = {
            "Hoshino Logistics": create_account(session, "Hoshino Logistics", currency="USD"),
            "Nordwind Freight": create_account(session, "Nordwind Freight", currency="EUR", status="cold"),
            "Acme Rail": create_account(session, "Acme Rail", currency="USD", status="nurture_quarterly"),
        }
        for account in ids.values():
            join_team(session, account, lars)
        add_opportunity(
            session,
            ids["Hoshino Logistics"],
            "Yard",
            amount=Decimal(500_000),
            forecast_category=ForecastCategory.PIPELINE,
        )
        add_opportunity(
            session,
            ids["Nordwind Freight"],
            "Fleet",
            amount=Decimal(80_000),
            currency="EUR",
            forecast_category=ForecastCategory.PIPELINE,
        )
        for title in ("Send the proposal", "Book the visit"):
            add_action(session, ids["Hoshino Logistics"], title, due=dt.date.today() - dt.timedelta(days=3))
    return ids


@pytest.fixture
def portfolio(
    qtbot: QtBot, db: Database, settings: S.Settings
) -> tuple[MainWindow, PortfolioPage, dict[str, int]]:
    ids = _accounts(db)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    page = window.current_page()
    assert isinstance(page, PortfolioPage)
    return window, page, ids


def _names(page: PortfolioPage) -> list[str]:
    return [page.proxy.index(row, ACCOUNT).data() for row in range(page.proxy.rowCount())]


def _status(db: Database, account_id: int) -> AccountStatus:
    with db.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        return account.status


# --- which page the window opens on ---------------------------------------------------------------


def test_the_window_opens_on_the_portfolio_with_two_accounts(
    qtbot: QtBot, db: Database, settings: S.Settings
) -> None:
    with db.transaction() as session:
        create_account(session, "First")
        create_account(session, "Second")
    settings.set(S.LAST_SECTION, "stakeholders")  # the page left last: the portfolio comes first all the same
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    page = window.current_page()
    assert isinstance(page, PortfolioPage)
    assert window.section_list.currentItem().text() == "Portfolio"
    assert _names(page) == ["First", "Second"]


def test_with_one_account_the_window_opens_where_it_was_left_or_on_the_overview(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        create_account(session, "Only")
    fresh = MainWindow(db, S.Settings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(fresh)
    assert isinstance(fresh.current_page(), OverviewPage)
    left = S.Settings(QSettings(str(tmp_path / "left.ini"), QSettings.Format.IniFormat))
    left.set(S.LAST_SECTION, "stakeholders")
    again = MainWindow(db, left)
    qtbot.addWidget(again)
    assert isinstance(again.current_page(), StakeholdersPage)
    left.set(S.LAST_SECTION, "portfolio")  # left on the portfolio when there were two
    third = MainWindow(db, left)
    qtbot.addWidget(third)
    assert isinstance(third.current_page(), OverviewPage)


def test_the_portfolio_has_its_own_shortcut_and_ctrl_1_is_still_the_overview(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], qtbot: QtBot
) -> None:
    window, page, _ = portfolio
    shortcuts = dict(window.shortcut_list())
    assert shortcuts["Portfolio"] == "Ctrl+Shift+L" and shortcuts["Overview"] == "Ctrl+1"
    assert shortcuts["Org chart"] == "Ctrl+3"
    qtbot.keySequence(window, "Ctrl+1")
    assert isinstance(window.current_page(), OverviewPage)
    qtbot.keySequence(window, "Ctrl+Shift+L")
    assert window.current_page() is page


# --- the table ------------------------------------------------------------------------------------


def test_the_table_sorts_by_any_column(portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]]) -> None:
    _, page, _ = portfolio
    assert _names(page) == ["Acme Rail", "Hoshino Logistics", "Nordwind Freight"]  # by name at first
    page.table.sortByColumn(PIPELINE, Qt.SortOrder.DescendingOrder)
    assert _names(page) == ["Hoshino Logistics", "Nordwind Freight", "Acme Rail"]  # 500k, 80k, nothing
    page.table.sortByColumn(OVERDUE, Qt.SortOrder.DescendingOrder)
    assert _names(page)[0] == "Hoshino Logistics"
    assert page.proxy.index(0, OVERDUE).data() == "2"
    page.table.sortByColumn(ACCOUNT, Qt.SortOrder.DescendingOrder)
    assert _names(page) == ["Nordwind Freight", "Hoshino Logistics", "Acme Rail"]


def test_the_table_filters_by_text_and_status(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], qtbot: QtBot
) -> None:
    _, page, _ = portfolio
    qtbot.keyClicks(page.find_box, "nord")
    assert _names(page) == ["Nordwind Freight"]
    page.find_box.clear()
    qtbot.keyClicks(page.find_box, "pettersson")  # the seller
    assert len(_names(page)) == 3
    page.find_box.clear()
    page.status_box.setCurrentIndex(page.status_box.findData(AccountStatus.COLD.value))
    assert _names(page) == ["Nordwind Freight"]
    page.status_box.setCurrentIndex(page.status_box.findData(AccountStatus.WORKING.value))
    assert _names(page) == ["Hoshino Logistics"]
    page.status_box.setCurrentIndex(0)
    assert len(_names(page)) == 3


def test_the_landlocked_warning_is_above_the_table(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]],
) -> None:
    _, page, _ = portfolio
    assert page.warnings.isVisible()
    # Hoshino's USD 500k against Nordwind's EUR 80k: no rate between them, which the warning says
    assert "Cannot tell whether Lars Pettersson is landlocked" in page.warnings.text()
    assert page.warnings.geometry().bottom() < page.tabs.geometry().top()


def test_a_double_click_opens_the_account(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], qtbot: QtBot
) -> None:
    window, page, ids = portfolio
    row = _names(page).index("Nordwind Freight")
    rect = page.table.visualRect(page.proxy.index(row, ACCOUNT))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    overview = window.current_page()
    assert isinstance(overview, OverviewPage)
    assert window.current_account_id() == ids["Nordwind Freight"]
    assert overview.heading.text() == "Nordwind Freight"


def test_an_edit_elsewhere_is_shown_when_the_portfolio_is_shown_again(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], db: Database
) -> None:
    window, page, ids = portfolio
    window.show_page("overview")
    with db.transaction() as session:
        add_action(session, ids["Acme Rail"], "Call", due=dt.date.today() - dt.timedelta(days=1))
    window.events.announce(ids["Acme Rail"])
    window.show_page("portfolio")
    row = _names(page).index("Acme Rail")
    assert page.proxy.index(row, OVERDUE).data() == "1"


# --- the board ------------------------------------------------------------------------------------


def _drop(page: PortfolioPage, account_id: int, status: AccountStatus) -> None:
    """Drag the account's card from its column and drop it on ``status``'s column, as the mouse would."""
    source = next(
        (cards, cards.model().index(row, 0))
        for cards in page.board.columns.values()
        for row in range(cards.model().rowCount())
        if cards.model().index(row, 0).data(Qt.ItemDataRole.UserRole + 1) == account_id
    )
    cards, index = source
    data = cards.model().mimeData([index])
    target = page.board.columns[status].viewport()
    actions, button, keys = (
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(20, 20), actions, data, button, keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the column does not take the card"
    QApplication.sendEvent(target, QDragMoveEvent(QPoint(24, 24), actions, data, button, keys))
    QApplication.sendEvent(target, QDropEvent(QPointF(24, 24), actions, data, button, keys))


def test_dragging_a_card_to_another_column_changes_the_status_and_undo_restores_it(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], db: Database
) -> None:
    window, page, ids = portfolio
    page.tabs.setCurrentIndex(BOARD_TAB)
    hoshino = ids["Hoshino Logistics"]
    working, cold = page.board.columns[AccountStatus.WORKING], page.board.columns[AccountStatus.COLD]
    assert (working.model().rowCount(), cold.model().rowCount()) == (1, 1)
    _drop(page, hoshino, AccountStatus.COLD)
    assert _status(db, hoshino) is AccountStatus.COLD
    assert (working.model().rowCount(), cold.model().rowCount()) == (0, 2)
    assert window.undo_action.text() == "&Undo move Hoshino Logistics to Cold"
    window.undo_action.trigger()
    assert _status(db, hoshino) is AccountStatus.WORKING
    assert (working.model().rowCount(), cold.model().rowCount()) == (1, 1)
    window.redo_action.trigger()
    assert _status(db, hoshino) is AccountStatus.COLD
    _drop(page, hoshino, AccountStatus.COLD)  # onto its own column: nothing to do
    assert window.undo_stack.count() == 1


def test_a_card_double_clicked_opens_its_account(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], qtbot: QtBot
) -> None:
    window, page, ids = portfolio
    page.tabs.setCurrentIndex(BOARD_TAB)
    cards = page.board.columns[AccountStatus.NURTURE_QUARTERLY]
    rect = cards.visualRect(cards.model().index(0, 0))
    qtbot.mouseClick(
        cards.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )  # the double click's first
    qtbot.mouseDClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_account_id() == ids["Acme Rail"]
    assert isinstance(window.current_page(), OverviewPage)


# --- the ideal-account fit -------------------------------------------------------------------------


def _fit_of(page: PortfolioPage, name: str) -> str:
    return str(page.proxy.index(_names(page).index(name), FIT).data())


def test_ticking_fit_criteria_changes_the_score_and_undo_takes_it_back(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], qtbot: QtBot
) -> None:
    window, page, ids = portfolio
    page.choose(ids["Nordwind Freight"])
    assert page.fit.account_id == ids["Nordwind Freight"]
    assert _fit_of(page, "Nordwind Freight") == "0 of 6"
    qtbot.mouseClick(
        page.fit.boxes[FitCriterion.GROWING_REVENUE], Qt.MouseButton.LeftButton, pos=QPoint(4, 4)
    )
    qtbot.mouseClick(
        page.fit.boxes[FitCriterion.COMPELLING_EVENT], Qt.MouseButton.LeftButton, pos=QPoint(4, 4)
    )
    assert _fit_of(page, "Nordwind Freight") == "2 of 6"
    assert page.fit.title() == "Ideal-account fit of Nordwind Freight: 2 of 6"
    note = page.fit.notes[FitCriterion.COMPELLING_EVENT]
    note.setFocus()
    qtbot.keyClicks(note, "Fleet renewal by Q3")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert page.fit.lines[FitCriterion.COMPELLING_EVENT].note == "Fleet renewal by Q3"
    window.undo_action.trigger()  # the note
    assert page.fit.lines[FitCriterion.COMPELLING_EVENT].note == ""
    window.undo_action.trigger()  # the compelling event
    assert _fit_of(page, "Nordwind Freight") == "1 of 6"
    assert not page.fit.boxes[FitCriterion.COMPELLING_EVENT].isChecked()
    qtbot.mouseClick(
        page.fit.boxes[FitCriterion.GROWING_REVENUE], Qt.MouseButton.LeftButton, pos=QPoint(4, 4)
    )
    assert _fit_of(page, "Nordwind Freight") == "0 of 6"
    assert _fit_of(page, "Hoshino Logistics") == "0 of 6"


def test_the_models_pass_the_model_tester(
    qtmodeltester, portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]]
) -> None:  # type: ignore[no-untyped-def]
    _, page, _ = portfolio
    assert isinstance(page.model, PortfolioModel)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


# --- screenshots ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_nothing_is_squeezed_at_laptop_and_desktop_sizes(
    portfolio: tuple[MainWindow, PortfolioPage, dict[str, int]], size: tuple[int, int], tmp_path: Path
) -> None:
    window, page, _ = portfolio
    window.resize(*size)
    for _ in range(5):
        QApplication.processEvents()
    assert window.width() == size[0], "the portfolio widened the window"
    header = page.table.horizontalHeader()
    fm = page.table.fontMetrics()
    name_width = max(fm.horizontalAdvance(name) for name in _names(page)) + 8
    assert header.sectionSize(ACCOUNT) >= name_width, "an account's name is cut"
    for column in range(1, page.model.columnCount()):
        header_text = str(page.model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= fm.horizontalAdvance(header_text), f"{header_text} is cut"
    assert page.table.horizontalScrollBar().maximum() == 0 or size[0] < 1280
    page.tabs.setCurrentIndex(BOARD_TAB)
    for _ in range(5):
        QApplication.processEvents()
    frames = page.board.frames
    assert all(frame.width() >= 200 for frame in frames), "a board column is squeezed"
    assert page.board.horizontalScrollBar().maximum() == 0
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    tag = f"{size[0]}x{size[1]}"
    assert window.grab().save(str(folder / f"portfolio-board-{tag}.png"))
    page.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert window.grab().save(str(folder / f"portfolio-table-{tag}.png"))

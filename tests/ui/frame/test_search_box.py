from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from accountplan.model.enums import ActionStatus
from accountplan.plan import accounts, actions, meetings, opportunities, qualification, stakeholders, success
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.frame.search_box import SearchBox
from accountplan.ui.people.models import ID_ROLE


@pytest.fixture
def plan(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
        for number in range(40):  # enough people that the one found is not simply the first row
            stakeholders.add_stakeholder(session, account_id, f"Alex Person {number:02d}")
        zoe = stakeholders.add_stakeholder(session, account_id, "Zoë Lefèvre", title="CFO")
        opportunities.add_opportunity(session, account_id, "Control tower")  # the deal shown first
        deal_b = opportunities.add_opportunity(session, account_id, "Emissions ledger")
        done = actions.add_action(session, account_id, "Send Zoë the pricing memo")
        actions.update_action(session, done, status=ActionStatus.DONE)
        meeting = meetings.create_next_meeting(session, account_id, on=dt.date(2026, 3, 2), title="Kick-off")
        meetings.create_next_meeting(session, account_id, on=dt.date(2026, 5, 4), title="Alignment #2")
        flag = qualification.add_red_flag(
            session, account_id, "Procurement wants a tender", opportunity_id=deal_b
        )
        objective = success.add_item(session, account_id, "objective", "Inbound shipments with a live ETA")
        success.add_item(session, account_id, "milestone", "Hamburg hub live")
    return {
        "zoe": zoe,
        "deal": deal_b,
        "action": done,
        "meeting": meeting,
        "flag": flag,
        "objective": objective,
    }


@pytest.fixture
def window(plan: dict[str, int], window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window over ``plan``, once the success plan's preview (a thread) has rendered."""
    with qtbot.waitSignal(window.page("success").preview.rendered, timeout=20000):  # type: ignore[attr-defined]
        pass
    return window


def _type(qtbot: QtBot, box: SearchBox, text: str) -> None:
    box.line.clear()
    qtbot.keyClicks(box.line, text)
    qtbot.waitUntil(lambda: not box.timer.isActive())


def _selected_id(table) -> int | None:  # type: ignore[no-untyped-def]
    rows = table.selectionModel().selectedRows()
    return int(rows[0].data(ID_ROLE)) if len(rows) == 1 else None


def test_ctrl_k_opens_the_box_from_the_edit_menu(window: MainWindow) -> None:
    assert window.find_action.shortcut() == QKeySequence("Ctrl+K")
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.find_action in edit_menu.actions()
    assert ("Find in Account…", QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)) in (
        window.shortcut_list()
    )
    window.find_action.trigger()
    assert window.search_box.isVisible()
    assert window.search_box.line.hasFocus()


def test_typing_lists_matches_and_enter_opens_the_person_selected(
    qtbot: QtBot, window: MainWindow, plan: dict[str, int]
) -> None:
    box = window.find_in_account()
    assert box is not None
    _type(qtbot, box, "zoe")
    titles = [(hit.kind, hit.title) for hit in box.model.hits]
    assert titles == [("person", "Zoë Lefèvre"), ("action", "Send Zoë the pricing memo")]
    assert box.count.text() == "2 matches"
    qtbot.keyClick(box.line, Qt.Key.Key_Return)
    assert not box.isVisible()
    page = window.page("stakeholders")
    assert window.stack.currentWidget() is page
    assert _selected_id(page.table) == plan["zoe"]  # type: ignore[attr-defined]
    assert window.statusBar().currentMessage() == "Person: Zoë Lefèvre"


def test_arrow_down_then_enter_opens_an_action_hidden_by_the_filters(
    qtbot: QtBot, window: MainWindow, plan: dict[str, int]
) -> None:
    actions_page = window.page("actions")
    box = window.find_in_account()
    assert box is not None
    _type(qtbot, box, "zoe")
    qtbot.keyClick(box.line, Qt.Key.Key_Down)
    assert box.results.currentIndex().row() == 1
    qtbot.keyClick(box.line, Qt.Key.Key_Enter)
    assert window.stack.currentWidget() is actions_page
    # The action is done: the page's default filter (open and in progress) was cleared to show it.
    assert actions_page.selected_ids() == [plan["action"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "key", "page_key"),
    [
        ("emissions", "deal", "opportunities"),
        ("kick-off", "meeting", "meetings"),
        ("tender", "flag", "qualification"),
        ("live eta", "objective", "success"),
    ],
)
def test_each_page_selects_what_was_found(
    qtbot: QtBot, window: MainWindow, plan: dict[str, int], text: str, key: str, page_key: str
) -> None:
    box = window.find_in_account()
    assert box is not None
    _type(qtbot, box, text)
    hit = box.choose()
    assert hit is not None and hit.id == plan[key]
    page = window.page(page_key)
    assert window.stack.currentWidget() is page
    selected = {
        "opportunities": lambda: page.selected_id(),  # type: ignore[attr-defined]
        "meetings": lambda: page.selected_meeting,  # type: ignore[attr-defined]
        "qualification": lambda: page.selected_flag().id,  # type: ignore[attr-defined]
        "success": lambda: page.lists["objective"].model.item_at(page.lists["objective"].selected_row()).id,  # type: ignore[attr-defined]
    }[page_key]()
    assert selected == plan[key]


def test_a_red_flag_of_another_deal_is_shown_by_clearing_this_deal_only(
    qtbot: QtBot, window: MainWindow, plan: dict[str, int]
) -> None:
    page = window.show_page("qualification")
    page.only_deal.setChecked(True)  # type: ignore[attr-defined]
    assert page.deals.current_deal() != plan["deal"]  # type: ignore[attr-defined]
    assert page.select_item("red-flag", plan["flag"])
    assert not page.only_deal.isChecked()  # type: ignore[attr-defined]


def test_escape_closes_and_no_match_says_so(qtbot: QtBot, window: MainWindow) -> None:
    box = window.find_in_account()
    assert box is not None
    _type(qtbot, box, "nobody by that name")
    assert box.model.rowCount() == 0
    assert box.count.text() == "No match"
    assert box.choose() is None
    qtbot.keyClick(box.line, Qt.Key.Key_Escape)
    assert not box.isVisible()


def test_without_an_account_there_is_nothing_to_search(qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = Database.open(tmp_path / "empty.sqlite", user="tester")
    try:
        window = MainWindow(empty, S.Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
        qtbot.addWidget(window)
        assert not window.find_action.isEnabled()
        assert window.find_in_account() is None
    finally:
        empty.close()

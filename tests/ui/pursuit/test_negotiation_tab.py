"""The Negotiation tab of the opportunities page: the price, gives and gets, negotiators, approvals; all undoable."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from accountplan.model.enums import CoSellerRole, NegotiatorKind, TermSide, TermStatus
from accountplan.plan import accounts, opportunities, team
from accountplan.plan.negotiation import NegotiationView, negotiation_view
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database
from accountplan.ui.common.accessibility import CONTROLS, is_internal, spoken_name
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.negotiation_view import NegotiationTab
from accountplan.ui.pursuit.opportunities_page import OpportunitiesPage

TODAY = dt.date.today()


@pytest.fixture
def deal(db: Database) -> dict[str, int]:
    """A deal with a member of our team and one of the customer's lawyers."""
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics", currency="JPY")
        deal_id = opportunities.add_opportunity(session, account_id, "Control tower", currency="JPY")
        other = opportunities.add_opportunity(session, account_id, "Emissions ledger", currency="JPY")
        ines = team.add_co_seller(session, "Ines Duarte", CoSellerRole.ACCOUNT_EXECUTIVE)
        team.join_team(session, account_id, ines)
        lena = add_stakeholder(session, account_id, "Lena Vogt", title="General Counsel")
    return {"account": account_id, "deal": deal_id, "other": other, "ines": ines, "lena": lena}


def _tab(qtbot: QtBot, window: MainWindow, deal_id: int) -> NegotiationTab:
    window.events.accounts_changed.emit()
    page = window.show_page("opportunities")
    assert isinstance(page, OpportunitiesPage)
    assert page.select_deal(deal_id)
    page.tabs.setCurrentWidget(page.negotiation)
    qtbot.waitUntil(page.negotiation.isVisible)
    return page.negotiation


def _stored(db: Database, deal_id: int) -> NegotiationView:
    with db.session() as session:
        return negotiation_view(session, deal_id, TODAY)


def _undo(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _cells(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [
        [str(model.index(row, column).data() or "") for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _pick(qtbot: QtBot, table: QTableView, row: int, column: int, label: str) -> None:
    """Choose ``label`` in a cell's combo box with the keyboard: F2 opens it, the choice commits at once."""
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = table.indexWidget(table.currentIndex())
    assert isinstance(combo, QComboBox), "no combo box to pick from"
    index = combo.findText(label)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: table.state() != QTableView.State.EditingState)


def _edit_text(qtbot: QtBot, table: QTableView, row: int, column: int, text: str) -> None:
    """Type into a cell as a user does: F2, the text, Return."""
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes the editor once the key event is done (a queued call).
    qtbot.waitUntil(lambda: table.state() != QTableView.State.EditingState)


def test_the_price_is_directional_until_final_then_target_and_walk_away_all_undoable(
    qtbot: QtBot, window: MainWindow, db: Database, deal: dict[str, int]
) -> None:
    tab = _tab(qtbot, window, deal["deal"])
    low, high, target, walk = (tab.price_edits[f] for f in ("price_low", "price_high", "target", "walk_away"))
    assert low.isEnabled() and not target.isEnabled() and target.placeholderText() == "When final"
    _type(qtbot, low, "1000000")
    _type(qtbot, high, "1,300,000")
    plan = _stored(db, deal["deal"]).price
    assert (plan.price_low, plan.price_high) == (Decimal(1_000_000), Decimal(1_300_000))
    assert tab.sentence.text() == "Directional: JPY 1,000,000 to JPY 1,300,000."

    tab.final.setFocus()
    qtbot.keyClick(tab.final, Qt.Key.Key_Space)  # ticked with the keyboard
    assert _stored(db, deal["deal"]).price.solution_final
    assert target.isEnabled() and walk.isEnabled() and not low.isEnabled()
    _type(qtbot, target, "1,200,000")
    _type(qtbot, walk, "1,250,000")  # above the target: refused, said, the stored (empty) value shown again
    assert "cannot be above the target" in window.statusBar().currentMessage()
    assert walk.text() == "" and _stored(db, deal["deal"]).price.walk_away is None
    _type(qtbot, walk, "1,050,000")
    assert tab.sentence.text() == "Solution final: target JPY 1,200,000, walk away below JPY 1,050,000."

    for _ in range(5):  # walk-away, target, final, high, low: back to no plan at all
        _undo(qtbot, window)
    assert _stored(db, deal["deal"]).price.id is None
    assert (
        low.text() == ""
        and not tab.final.isChecked()
        and tab.sentence.text() == "Directional: no price range yet."
    )


def test_gives_and_gets_are_added_edited_reordered_and_deleted_by_keyboard_and_undone(
    qtbot: QtBot, window: MainWindow, db: Database, deal: dict[str, int], qtmodeltester
) -> None:
    tab = _tab(qtbot, window, deal["deal"])
    table = tab.terms.table
    _type(qtbot, tab.new_term, "Three-year term")
    tab.new_side.setCurrentIndex(tab.new_side.findText("Get"))
    _type(qtbot, tab.new_term, "Reference call")
    assert [t.text for t in _stored(db, deal["deal"]).terms] == ["Three-year term", "Reference call"]
    assert [row[:2] for row in _cells(table)] == [["Give", "Three-year term"], ["Get", "Reference call"]]
    assert tab.new_term.text() == ""

    _pick(qtbot, table, 0, 4, "Offered")
    _edit_text(qtbot, table, 0, 3, "42,000,000")
    _edit_text(qtbot, table, 0, 2, "Budget certainty")
    stored = _stored(db, deal["deal"]).terms[0]
    assert (stored.status, stored.our_cost, stored.customer_value) == (
        TermStatus.OFFERED,
        Decimal(42_000_000),
        "Budget certainty",
    )
    assert _cells(table)[0] == ["Give", "Three-year term", "Budget certainty", "42,000,000", "Offered"]
    assert "cost us JPY 42,000,000" in tab.terms.note.text()
    qtmodeltester.check(tab.terms.model)

    table.setFocus()
    table.selectRow(1)
    qtbot.keySequence(table, QKeySequence("Ctrl+Up"))
    assert [t.text for t in _stored(db, deal["deal"]).terms] == ["Reference call", "Three-year term"]
    assert tab.terms.selected().text == "Reference call"  # the moved row stays selected
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert [t.text for t in _stored(db, deal["deal"]).terms] == ["Three-year term"]

    _undo(qtbot, window)  # the delete
    _undo(qtbot, window)  # the move
    assert [t.text for t in _stored(db, deal["deal"]).terms] == ["Three-year term", "Reference call"]
    _undo(qtbot, window)  # the value to them
    _undo(qtbot, window)  # the cost
    _undo(qtbot, window)  # the status
    assert _cells(table)[0] == ["Give", "Three-year term", "", "", "Open"]
    assert _stored(db, deal["deal"]).terms[0].side is TermSide.GIVE


def test_a_layer_without_coverage_is_said_until_someone_covers_it(
    qtbot: QtBot, window: MainWindow, db: Database, deal: dict[str, int], qtmodeltester
) -> None:
    tab = _tab(qtbot, window, deal["deal"])
    tab.new_kind.setCurrentIndex(tab.new_kind.findData(NegotiatorKind.LEGAL.value))
    qtbot.mouseClick(tab.add_layer_button, Qt.MouseButton.LeftButton)
    assert tab.lists.currentWidget() is tab.negotiators
    warned = "Legal at Hoshino Logistics has nobody on our side."
    assert any(warned in text for text in tab.findings.texts())
    assert "1 uncovered" in tab.lists.tabText(1)
    table = tab.negotiators.table
    assert _cells(table) == [["Legal", "Not known yet", "Nobody yet", ""]]

    _pick(qtbot, table, 0, 1, "Lena Vogt (General Counsel)")
    _pick(qtbot, table, 0, 2, "Ines Duarte")
    _edit_text(qtbot, table, 0, 3, "Liability cap")
    assert _cells(table) == [["Legal", "Lena Vogt (General Counsel)", "Ines Duarte", "Liability cap"]]
    layer = _stored(db, deal["deal"]).negotiators[0]
    assert (layer.stakeholder_id, layer.covered_by_id) == (deal["lena"], deal["ines"])
    assert not any(warned in text for text in tab.findings.texts())
    assert tab.lists.tabText(1) == "Negotiators (1)"
    qtmodeltester.check(tab.negotiators.model)

    _undo(qtbot, window)  # the notes
    _undo(qtbot, window)  # the coverage
    assert any(warned in text for text in tab.findings.texts())
    assert _stored(db, deal["deal"]).negotiators[0].covered_by_id is None


def test_approvals_with_owner_status_and_an_overdue_due_date(
    qtbot: QtBot, window: MainWindow, db: Database, deal: dict[str, int], qtmodeltester
) -> None:
    tab = _tab(qtbot, window, deal["deal"])
    tab.lists.setCurrentWidget(tab.approvals)
    _type(qtbot, tab.new_approval, "Net 90 payment")
    table = tab.approvals.table
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    _edit_text(qtbot, table, 0, 1, "CFO")
    _pick(qtbot, table, 0, 2, "Ines Duarte")
    _pick(qtbot, table, 0, 3, "Requested")
    _edit_text(qtbot, table, 0, 4, yesterday)
    assert _cells(table) == [["Net 90 payment", "CFO", "Ines Duarte", "Requested", f"{yesterday} (overdue)"]]
    assert tab.lists.tabText(2) == "Approvals (1, 1 overdue)"
    assert any("“Net 90 payment” (CFO) is overdue" in text for text in tab.findings.texts())
    qtmodeltester.check(tab.approvals.model)

    _pick(qtbot, table, 0, 3, "Approved")
    assert tab.lists.tabText(2) == "Approvals (1)" and _cells(table)[0][4] == yesterday
    _edit_text(qtbot, table, 0, 4, "31.12.")  # not a date: refused, said
    assert "not a valid due" in window.statusBar().currentMessage()
    _undo(qtbot, window)  # approved
    assert tab.lists.tabText(2) == "Approvals (1, 1 overdue)"
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert _stored(db, deal["deal"]).approvals == ()
    _undo(qtbot, window)
    assert [a.what for a in _stored(db, deal["deal"]).approvals] == ["Net 90 payment"]


def test_the_tab_follows_the_chosen_deal_and_its_own_list_chooses_one(
    qtbot: QtBot, window: MainWindow, db: Database, deal: dict[str, int]
) -> None:
    tab = _tab(qtbot, window, deal["deal"])
    _type(qtbot, tab.new_term, "Three-year term")
    assert tab.heading.text() == "Negotiation plan · Control tower"
    tab.deals.setCurrentIndex(tab.deals.findData(deal["other"]))
    page = window.show_page("opportunities")
    assert isinstance(page, OpportunitiesPage)
    assert page.selected_id() == deal["other"]
    assert tab.heading.text() == "Negotiation plan · Emissions ledger" and tab.terms.model.rowCount() == 0
    page.select_deal(deal["deal"])
    assert tab.deals.current_deal() == deal["deal"] and tab.terms.model.rowCount() == 1


def test_every_control_of_the_tab_has_a_name(qtbot: QtBot, window: MainWindow, deal: dict[str, int]) -> None:
    tab = _tab(qtbot, window, deal["deal"])
    for part in (tab.terms, tab.negotiators, tab.approvals):
        tab.lists.setCurrentWidget(part)
        unnamed = [
            f"{type(w).__name__} {w.objectName()!r}"
            for w in tab.findChildren(QWidget)
            if isinstance(w, CONTROLS) and w.isVisible() and not is_internal(w) and not spoken_name(w)
        ]
        assert unnamed == []
    names = {w.accessibleName() for w in tab.findChildren(QTableView)}
    assert {"Gives and gets table", "Negotiators table", "Approvals table"} <= names
    assert tab.price_edits["walk_away"].accessibleName() == "Walk away below"

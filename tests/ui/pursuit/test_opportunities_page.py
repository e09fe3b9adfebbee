from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import func, select

from accountplan.model import Competitor, Opportunity, StageChange
from accountplan.model.enums import BuyingStage, Outcome, SalesStage
from accountplan.plan import accounts, opportunities
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.close_dialog import CloseDealDialog
from accountplan.ui.pursuit.deal_selector import NO_DEAL, DealSelector
from accountplan.ui.pursuit.opportunities_page import OpportunitiesPage
from accountplan.ui.pursuit.stage_columns import CURRENT_STYLE


@pytest.fixture
def deals(db: Database) -> dict[str, int]:
    """An account with two competitors, a deal in step and one we sell ahead of the customer's buying."""
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics", currency="JPY")
        for name, incumbent in (("Veridian", True), ("Kinetica", False)):
            session.add(Competitor(account_id=account_id, name=name, is_incumbent=incumbent))
        in_step = opportunities.add_opportunity(
            session,
            account_id,
            "Control tower",
            amount=Decimal("1380000000"),
            currency="JPY",
            expected_close=dt.date(2031, 3, 31),
            probability=40,
            sales_stage=SalesStage.DISCOVERY,
            buying_stage=BuyingStage.NEEDS,
        )
        ahead = opportunities.add_opportunity(
            session,
            account_id,
            "Emissions ledger",
            expected_close=dt.date(2031, 6, 30),
            sales_stage=SalesStage.PROPOSAL,
            buying_stage=BuyingStage.NEEDS,
        )
    return {"account": account_id, "in_step": in_step, "ahead": ahead}


def _page(window: MainWindow, select: int | None = None) -> OpportunitiesPage:
    window.events.accounts_changed.emit()
    page = window.show_page("opportunities")
    assert isinstance(page, OpportunitiesPage)
    if select is not None:
        assert page.select_deal(select)
    return page


def _deal(db: Database, deal_id: int) -> Opportunity:
    with db.session() as session:
        deal = session.get(Opportunity, deal_id)
        session.expunge(deal)
        return deal


def _history_rows(db: Database, deal_id: int) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).where(StageChange.opportunity_id == deal_id))


def _undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))


def test_the_table_lists_open_deals_first_with_both_stages(
    qtmodeltester, window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    with db.transaction() as session:
        opportunities.close_opportunity(session, deals["ahead"], Outcome.NO_DECISION, "Budget frozen.")
    page = _page(window)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.win_loss.model)
    rows = [[page.proxy.index(r, c).data() for c in range(9)] for r in range(page.proxy.rowCount())]
    assert rows[0][:7] == [
        "Control tower",
        "New",
        "JPY 1.4bn",
        "2031-03-31",
        "40 %",
        "Discovery",
        "Needs defined",
    ]
    assert rows[0][7] == "0 days"
    assert rows[1][5] == "Closed: no decision"
    assert "1 open" in page.summary.text() and "1 closed" in page.summary.text()


def test_editing_a_deal_saves_it_and_ctrl_z_restores_it(
    qtbot, window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    page = _page(window, deals["in_step"])
    editor = page.editor
    assert editor.name.text() == "Control tower"
    assert editor.amount.text() == "1,380,000,000"
    editor.amount.setFocus()
    editor.amount.selectAll()
    qtbot.keyClicks(editor.amount, "1,500,000,000")
    qtbot.keyClick(editor.amount, Qt.Key.Key_Return)
    editor.texts["compelling_event"].setFocus()
    qtbot.keyClicks(editor.texts["compelling_event"], "ERP end of support")
    editor.name.setFocus()  # leaving the text saves it
    deal = _deal(db, deals["in_step"])
    assert (deal.amount, deal.compelling_event) == (Decimal("1500000000.00"), "ERP end of support")
    assert page.proxy.index(0, 2).data() == "JPY 1.5bn"
    _undo(qtbot, window)
    _undo(qtbot, window)
    deal = _deal(db, deals["in_step"])
    assert (deal.amount, deal.compelling_event) == (Decimal("1380000000.00"), "")
    assert editor.amount.text() == "1,380,000,000"
    assert editor.texts["compelling_event"].toPlainText() == ""


def test_a_refused_value_is_reported_and_the_stored_one_shown_again(
    qtbot, window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    page = _page(window, deals["in_step"])
    page.editor.amount.setText("a lot")
    page.editor.amount.editingFinished.emit()
    assert "not a valid amount" in window.statusBar().currentMessage()
    assert page.editor.amount.text() == "1,380,000,000"
    assert _deal(db, deals["in_step"]).amount == Decimal("1380000000.00")


def test_ticking_competitors_is_undoable(
    qtbot, window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    page = _page(window, deals["in_step"])
    items = [page.editor.competitors.item(i) for i in range(page.editor.competitors.count())]
    assert [item.text() for item in items] == ["Kinetica", "Veridian (incumbent)"]
    items[1].setCheckState(Qt.CheckState.Checked)
    with db.session() as session:
        row = opportunities.get_opportunity(session, deals["in_step"], dt.date.today())
    assert [name for _id, name, _incumbent in row.competitors] == ["Veridian"]
    window.undo_action.trigger()
    with db.session() as session:
        assert opportunities.get_opportunity(session, deals["in_step"], dt.date.today()).competitors == ()
    assert page.editor.competitors.item(1).checkState() == Qt.CheckState.Unchecked


def test_moving_a_stage_shows_in_the_side_by_side_columns_and_undo_removes_it(
    qtbot, window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    page = _page(window, deals["in_step"])
    buying = page.stages.buying
    assert buying.names[BuyingStage.NEEDS].styleSheet().startswith(CURRENT_STYLE)
    assert buying.details[BuyingStage.NEEDS].text().endswith("0 days so far")
    before = _history_rows(db, deals["in_step"])
    buying.move_box.setCurrentIndex(buying.move_box.findData(BuyingStage.EVALUATE.value))
    buying.move_box.activated.emit(buying.move_box.currentIndex())
    assert _deal(db, deals["in_step"]).buying_stage is BuyingStage.EVALUATE
    assert _history_rows(db, deals["in_step"]) == before + 1
    assert buying.names[BuyingStage.EVALUATE].styleSheet().startswith(CURRENT_STYLE)
    assert buying.details[BuyingStage.NEEDS].text().startswith("entered")  # passed, with its date
    assert buying.details[BuyingStage.SEARCH].text() == "skipped"
    assert page.proxy.index(0, 6).data() == "Evaluate"
    window.undo_action.trigger()
    assert _deal(db, deals["in_step"]).buying_stage is BuyingStage.NEEDS
    assert _history_rows(db, deals["in_step"]) == before  # the history row went with the undo
    assert buying.names[BuyingStage.NEEDS].styleSheet().startswith(CURRENT_STYLE)
    assert buying.details[BuyingStage.EVALUATE].text() == ""
    window.redo_action.trigger()
    assert _deal(db, deals["in_step"]).buying_stage is BuyingStage.EVALUATE
    sales = page.stages.sales
    assert sales.move_box.findData(SalesStage.CLOSED.value) == -1  # closing asks for the reason instead
    sales.move_box.setCurrentIndex(sales.move_box.findData(SalesStage.DEMONSTRATION.value))
    sales.move_box.activated.emit(sales.move_box.currentIndex())
    assert _deal(db, deals["in_step"]).sales_stage is SalesStage.DEMONSTRATION
    assert sales.names[SalesStage.DEMONSTRATION].styleSheet().startswith(CURRENT_STYLE)


def test_a_misaligned_deal_shows_its_warning(window: MainWindow, deals: dict[str, int]) -> None:
    page = _page(window, deals["ahead"])
    text = " ".join(page.warnings.texts())
    assert "We are at Proposal while the customer is still at Needs defined" in text
    assert "HIGH" in text
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == "Emissions ledger")
    assert page.proxy.index(row, 8).data() == "⚠ 1"
    assert "selling ahead" in page.proxy.index(row, 8).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 with warnings" in page.summary.text()
    page.select_deal(deals["in_step"])
    assert page.warnings.texts() == ["No warnings: the two processes are in step."]


def test_closing_needs_the_customers_reason_and_who_won(
    qtbot, window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    page = _page(window, deals["ahead"])
    dialog = page.close_selected()
    assert isinstance(dialog, CloseDealDialog)
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # Enter with nothing written: refused
    assert dialog.isVisible()
    dialog.outcome_buttons[Outcome.LOST].setChecked(True)
    qtbot.keyClicks(dialog.reason, "Kinetica was live in two sites already. (Jens)")
    assert not dialog.ok_button.isEnabled()
    assert dialog.hint.text() == "Choose the competitor who won."
    dialog.won_by.setCurrentIndex(dialog.won_by.findText("Kinetica"))
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    deal = _deal(db, deals["ahead"])
    assert (deal.outcome, deal.sales_stage, deal.outcome_reason) == (
        Outcome.LOST,
        SalesStage.CLOSED,
        "Kinetica was live in two sites already. (Jens)",
    )
    assert page.reopen_button.isEnabled() and not page.close_button.isEnabled()
    assert page.warnings.texts() == ["Closed: no warnings."]
    page.tabs.setCurrentIndex(1)
    view = page.win_loss
    assert view.model.index(0, 1).data() == "Emissions ledger"
    assert view.model.index(0, 4).data() == "Kinetica"
    assert view.model.index(0, 6).data() == "Kinetica was live in two sites already. (Jens)"
    assert view.rate.value.text() == "0%"
    assert "Kinetica (1)" in view.lost_to.text()
    history = _history_rows(db, deals["ahead"])
    window.undo_action.trigger()
    deal = _deal(db, deals["ahead"])
    assert (deal.outcome, deal.sales_stage, deal.probability) == (None, SalesStage.PROPOSAL, 10)
    assert _history_rows(db, deals["ahead"]) == history - 1
    assert view.model.rowCount() == 0 and view.rate.value.text() == "–"


def test_reopen_brings_back_the_stage_before_closing(
    window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    with db.transaction() as session:
        opportunities.close_opportunity(session, deals["in_step"], Outcome.WON, "Fastest to value.")
    page = _page(window, deals["in_step"])
    assert page.proxy.index(page.proxy.rowCount() - 1, 5).data() == "Closed: won"
    assert page.win_loss.rate.value.text() == "100%"
    assert page.reopen_selected()
    deal = _deal(db, deals["in_step"])
    assert (deal.outcome, deal.sales_stage) == (None, SalesStage.DISCOVERY)
    window.undo_action.trigger()
    assert _deal(db, deals["in_step"]).outcome is Outcome.WON


def test_new_and_deleted_deals_come_back_with_undo(
    window: MainWindow, db: Database, deals: dict[str, int]
) -> None:
    page = _page(window)
    assert page.add_opportunity("Renewal 2032")
    new = page.selected_deal()
    assert new is not None and new.name == "Renewal 2032" and new.currency == "JPY"
    assert page.select_deal(deals["in_step"])
    assert page.delete_selected(confirm=False)
    with db.session() as session:
        assert session.get(Opportunity, deals["in_step"]) is None
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(Opportunity, deals["in_step"]).name == "Control tower"
        changes = session.scalar(select(func.count()).where(StageChange.opportunity_id == deals["in_step"]))
    assert changes == 2  # the stage history came back with it
    window.undo_action.trigger()
    assert "Renewal 2032" not in [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    window.redo_action.trigger()
    with db.session() as session:
        assert session.get(Opportunity, new.id).name == "Renewal 2032"  # the same deal, same id


def test_the_deal_selector_keeps_its_choice_and_lists_open_deals_first(
    qtbot, db: Database, deals: dict[str, int]
) -> None:
    with db.transaction() as session:
        opportunities.close_opportunity(session, deals["in_step"], Outcome.LOST, "Price.")
    selector = DealSelector(none_label="Not tied to a deal")
    qtbot.addWidget(selector)
    with db.session() as session:
        rows = opportunities.list_opportunities(session, deals["account"], dt.date.today())
    with qtbot.waitSignal(selector.deal_changed) as first:
        selector.set_deals(list(reversed(rows)))
    assert first.args == [deals["ahead"]]
    assert [selector.itemText(i) for i in range(selector.count())] == [
        "Emissions ledger",
        "Control tower (lost to competition)",
        "Not tied to a deal",
    ]
    assert selector.select_deal(deals["in_step"])
    with qtbot.assertNotEmitted(selector.deal_changed):
        selector.set_deals(rows)
    assert selector.current_deal() == deals["in_step"]
    with qtbot.waitSignal(selector.deal_changed) as none:
        selector.select_deal(None)
    assert none.args == [NO_DEAL] and selector.current_deal() is None
    selector.select_deal(deals["in_step"])
    with qtbot.waitSignal(selector.deal_changed) as gone:
        selector.set_deals([row for row in rows if row.id != deals["in_step"]])  # deleted elsewhere
    assert gone.args == [deals["ahead"]]

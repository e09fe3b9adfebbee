from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from accountplan.model import Action
from accountplan.model.enums import ActionStatus, CoSellerRole
from accountplan.plan import accounts, actions, stakeholders, team
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.team.action_dialog import AddActionDialog
from accountplan.ui.team.action_model import NOT_CLOSED, OVERDUE_ROLE, OWNER_ROLE
from accountplan.ui.team.actions_page import ActionsPage


def _actions_page(window: MainWindow) -> ActionsPage:
    page = window.show_page("actions")
    assert isinstance(page, ActionsPage)
    return page


def _visible_ids(page: ActionsPage) -> list[int]:
    return [int(page.proxy.index(r, 0).data(ID_ROLE)) for r in range(page.proxy.rowCount())]


def _select_rows(page: ActionsPage, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            page.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def _owners(db: Database, ids: list[int]) -> dict[int, int | None]:
    with db.session() as session:
        return {i: session.get(Action, i).owner_id for i in ids}


def test_overdue_actions_come_first_and_the_filters_narrow_the_table(
    qtmodeltester, window: MainWindow
) -> None:
    window.load_demo_account()
    page = _actions_page(window)
    overdue = [bool(page.proxy.index(r, 0).data(OVERDUE_ROLE)) for r in range(page.proxy.rowCount())]
    assert overdue[0] and False in overdue
    assert overdue == sorted(overdue, reverse=True)  # every overdue action before the others
    assert "late" in page.proxy.index(0, 2).data()
    assert "overdue" in page.summary.text()
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    open_count = page.proxy.rowCount()
    page.overdue_box.setChecked(True)
    assert 0 < page.proxy.rowCount() < open_count
    assert all(page.proxy.index(r, 0).data(OVERDUE_ROLE) for r in range(page.proxy.rowCount()))
    page.overdue_box.setChecked(False)
    page.status_box.setCurrentIndex(page.status_box.findData(ActionStatus.DONE.value))
    assert all(page.proxy.index(r, 3).data().startswith("Done") for r in range(page.proxy.rowCount()))
    page.status_box.setCurrentIndex(page.status_box.findData(None))
    everything = page.proxy.rowCount()
    assert everything == page.model.rowCount() > open_count
    owner = page.owner_box.itemData(2)
    page.owner_box.setCurrentIndex(2)
    assert 0 < page.proxy.rowCount() < everything
    assert {page.proxy.index(r, 0).data(OWNER_ROLE) for r in range(page.proxy.rowCount())} == {owner}
    page.owner_box.setCurrentIndex(0)
    page.kind_box.setCurrentIndex(page.kind_box.findData("decision"))
    assert page.proxy.rowCount() > 0
    shown = set(_visible_ids(page))
    assert shown == {r.id for r in page.model.rows() if r.decision_id is not None}
    page.kind_box.setCurrentIndex(0)
    page.find_box.setText("henrik")
    assert page.proxy.rowCount() > 0
    assert all("henrik" in page.proxy.index(r, 0).data().casefold() for r in range(page.proxy.rowCount()))


def test_bulk_reassign_of_the_selected_rows_is_one_undoable_change(
    qtbot, window: MainWindow, db: Database
) -> None:
    window.load_demo_account()
    page = _actions_page(window)
    _select_rows(page, [0, 1, 2])
    chosen = _visible_ids(page)[:3]
    assert page.selected_ids() == chosen
    before = _owners(db, chosen)
    target = page.reassign_box.findText("Hiroko Mizuno")
    page.reassign_box.setCurrentIndex(target)
    new_owner = page.reassign_box.currentData()
    qtbot.mouseClick(page.reassign_button, Qt.MouseButton.LeftButton)
    assert set(_owners(db, chosen).values()) == {new_owner}
    assert {
        page.model.action(r).owner for r in range(page.model.rowCount()) if page.model.action(r).id in chosen
    } == {"Hiroko Mizuno"}
    window.undo_action.trigger()
    assert _owners(db, chosen) == before


def test_mark_done_and_delete_with_undo(qtbot, window: MainWindow, db: Database) -> None:
    window.load_demo_account()
    page = _actions_page(window)
    first = _visible_ids(page)[0]
    _select_rows(page, [0])
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        done = session.get(Action, first)
        assert done.status is ActionStatus.DONE and done.done_on == dt.date.today()
    assert first not in _visible_ids(page)  # the table shows open actions
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(Action, first).status is not ActionStatus.DONE
    assert page.delete_selected([first])
    with db.session() as session:
        assert session.get(Action, first) is None
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(Action, first) is not None


def test_the_add_action_dialog_saves_the_action_with_its_purpose(
    qtbot, window: MainWindow, db: Database
) -> None:
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        zoe = stakeholders.add_stakeholder(session, account, "Zoë Lefèvre", title="CFO")
        keiko = team.add_co_seller(session, "Keiko Nishimura", CoSellerRole.SOLUTION_CONSULTANT)
        team.join_team(session, account, keiko)
    window.events.accounts_changed.emit()
    page = _actions_page(window)
    dialog = page.add_action()
    assert isinstance(dialog, AddActionDialog) and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.title, "Book the CFO review")
    dialog.owner.setCurrentIndex(dialog.owner.findData(keiko))
    dialog.set_purpose("stakeholder_id", zoe)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    with db.session() as session:
        added = session.scalar(select(Action).where(Action.title == "Book the CFO review"))
        assert added is not None and (added.owner_id, added.stakeholder_id) == (keiko, zoe)
        assert added.due == dt.date.today() + dt.timedelta(days=14)
    assert page.proxy.index(0, 4).data() == "Stakeholder: Zoë Lefèvre"
    window.undo_action.trigger()
    assert page.model.rowCount() == 0


def test_editing_due_date_and_status_in_place(window: MainWindow, db: Database) -> None:
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        action = actions.add_action(
            session, account, "Send the deck", due=dt.date.today() - dt.timedelta(days=3)
        )
    window.events.accounts_changed.emit()
    page = _actions_page(window)
    assert page.proxy.index(0, 0).data(OVERDUE_ROLE)
    later = dt.date.today() + dt.timedelta(days=7)
    from PySide6.QtCore import QDate

    assert page.proxy.setData(page.proxy.index(0, 2), QDate(later.year, later.month, later.day))
    assert not page.proxy.index(0, 0).data(OVERDUE_ROLE)
    assert page.proxy.setData(page.proxy.index(0, 3), ActionStatus.IN_PROGRESS.value)
    with db.session() as session:
        saved = session.get(Action, action)
        assert (saved.due, saved.status) == (later, ActionStatus.IN_PROGRESS)


def test_the_board_shows_columns_by_status_and_by_owner(qtmodeltester, window: MainWindow) -> None:
    window.load_demo_account()
    page = _actions_page(window)
    page.view_box.setCurrentIndex(1)
    assert page.stack.currentWidget() is page.board
    titles = [proxy.title for proxy, _ in page.board.columns]
    assert titles == ["Open", "In progress", "Done"]
    counts = {proxy.title: proxy.rowCount() for proxy, _ in page.board.columns}
    rows = page.model.rows()
    assert counts["Done"] == sum(1 for r in rows if r.status is ActionStatus.DONE)
    assert counts["Open"] == sum(1 for r in rows if r.status is ActionStatus.OPEN)
    for proxy, _ in page.board.columns:
        qtmodeltester.check(proxy)
    page.overdue_box.setChecked(True)  # the filters apply to the board too
    assert sum(proxy.rowCount() for proxy, _ in page.board.columns) == sum(1 for r in rows if r.overdue)
    page.overdue_box.setChecked(False)
    page.view_box.setCurrentIndex(2)
    owners = {proxy.title for proxy, _ in page.board.columns}
    assert "Marcus Lindqvist" in owners
    open_rows = [r for r in rows if not r.status.is_closed]
    assert sum(proxy.rowCount() for proxy, _ in page.board.columns) == len(open_rows)
    _, cards = page.board.columns[0]
    cards.selectionModel().select(cards.model().index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    assert len(page.selected_ids()) == 1
    assert page.proxy.status == NOT_CLOSED


def test_quick_add_from_the_org_chart_is_prefilled_with_the_selected_person(
    qtbot, window: MainWindow, db: Database
) -> None:
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        ceo = stakeholders.add_stakeholder(session, account, "Aiko Tanaka", title="CEO")
        stakeholders.add_stakeholder(session, account, "Zoë Lefèvre", title="CFO", reports_to_id=ceo)
    window.events.accounts_changed.emit()
    chart = window.show_page("org-chart")
    assert isinstance(chart, OrgChartPage)
    chart.scene.cards[ceo].setSelected(True)
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+A"))
    actions_page = window.page("actions")
    assert isinstance(actions_page, ActionsPage)
    dialog = actions_page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.kind.currentData() == "stakeholder_id" and dialog.item.currentText() == "Aiko Tanaka"
    assert window.stack.currentWidget() is chart  # the user stays where they were
    qtbot.keyClicks(dialog.title, "Thank Tanaka-san for the steering committee")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    with db.session() as session:
        added = session.scalar(select(Action))
        assert added is not None and added.stakeholder_id == ceo

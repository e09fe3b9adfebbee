"""The Actions page redraws only the actions an edit touched: an added action is a row inserted, no reset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox

from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.people.stakeholders_page import StakeholdersPage
from accountplan.ui.team.actions_page import ActionsPage

FOR = 4


def _actions(window: MainWindow) -> ActionsPage:
    assert window.load_demo_account()
    page = window.show_page("actions")
    assert isinstance(page, ActionsPage)
    return page


def _select(page: ActionsPage, view_row: int) -> int:
    page.table.selectionModel().select(
        page.proxy.index(view_row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return int(page.proxy.index(view_row, 0).data(ID_ROLE))


def test_an_added_action_is_a_row_inserted_and_the_selection_stays(
    qtbot, window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _actions(window)
    chosen = _select(page, 2)
    count = page.model.rowCount()
    heard = watch_model(page.model)
    dialog = page.add_action()
    assert dialog is not None
    qtbot.keyClicks(dialog.title, "Send the reference visit agenda")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert heard.resets == 0 and len(heard.inserted) == 1 and page.model.rowCount() == count + 1
    added = page.model.action(heard.inserted[0])
    assert added is not None and added.title == "Send the reference visit agenda"
    assert "Send the reference visit agenda" in {
        page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())
    }
    assert page.selected_ids() == [chosen]
    window.undo_action.trigger()
    assert heard.resets == 0 and heard.removed == heard.inserted and page.model.rowCount() == count


def test_marking_an_action_done_redraws_its_row_and_the_table_hides_it(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _actions(window)
    first = _select(page, 0)
    heard = watch_model(page.model)
    assert page.mark_done()
    assert heard.resets == 0 and heard.changed_rows == {page.model.position(first)}
    assert first not in {int(page.proxy.index(r, 0).data(ID_ROLE)) for r in range(page.proxy.rowCount())}


def test_a_person_renamed_elsewhere_is_renamed_in_the_actions_for_them(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _actions(window)
    action = next(row for row in page.model.rows() if row.stakeholder_id is not None)
    linked = {
        page.model.position(r.id) for r in page.model.rows() if r.stakeholder_id == action.stakeholder_id
    }
    people = window.show_page("stakeholders")
    assert isinstance(people, StakeholdersPage)
    row = people.model.position(action.stakeholder_id)  # type: ignore[arg-type]
    assert people.model.setData(people.model.index(row, 0), "Renamed Person", Qt.ItemDataRole.EditRole)
    assert page.stale  # hidden: redrawn when shown
    window.show_page("actions")
    assert {page.model.index(r, FOR).data() for r in linked} == {"Stakeholder: Renamed Person"}
    heard = watch_model(page.model)
    window.undo_action.trigger()  # with the page shown: only the actions naming them are redrawn
    assert heard.resets == 0 and heard.changed_rows == linked
    assert "Renamed Person" not in str(page.model.index(min(linked), FOR).data())


def test_a_change_saying_nothing_of_what_it_wrote_redraws_every_action(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _actions(window)
    chosen = _select(page, 1)
    heard = watch_model(page.model)
    assert page.account_id is not None
    window.events.announce(page.account_id)
    assert heard.resets == 1 and page.selected_ids() == [chosen]

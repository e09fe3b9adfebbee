"""An empty page says what belongs there and offers the action that fills it, never a blank grid."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database
from accountplan.ui.account.catalog_dialog import CatalogDialog
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.frame.main_window import MainWindow

#: Page key: what its empty state must say, and the text of its first button.
EMPTY = {
    "org-chart": ("No people yet", "Add the first person…"),
    "stakeholders": ("No people yet", "Add the first person…"),
    "team": ("No one on the deal team yet", "Add to the team…"),
    "actions": ("No actions yet", "Add the first action…"),
    "meetings": ("No alignment meetings yet", "Plan a meeting"),
    "opportunities": ("No deals yet", "Add the first deal…"),
    "journey": ("No whitespace map yet", "Add org units and product lines…"),
    "coverage": ("Coverage shows which of our people", "Stakeholders"),
    "qualification": ("Qualification scores a deal", "Opportunities"),
}


def _empty_state(window: MainWindow, key: str) -> EmptyState:
    page = window.show_page(key)
    state = page.empty  # type: ignore[attr-defined]
    assert isinstance(state, EmptyState)
    return state


@pytest.mark.parametrize("key", sorted(EMPTY))
def test_each_page_of_a_new_account_says_what_belongs_there(qtbot, window: MainWindow, key: str) -> None:
    assert window.new_account("Hoshino Logistics")
    state = _empty_state(window, key)
    message, first_button = EMPTY[key]
    assert not state.isHidden()
    assert state.message.text().startswith(message)
    assert state.buttons[0].text() == first_button
    assert state.geometry().intersects(state.view.viewport().rect())  # over the view, where it is seen


@pytest.mark.parametrize("key", sorted(EMPTY))
def test_on_an_account_with_its_plan_no_page_says_it_is_empty(
    qtbot, window: MainWindow, db: Database, key: str
) -> None:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)  # type: ignore[union-attr]
    assert _empty_state(window, key).isHidden()


def test_the_buttons_fill_the_page_and_the_message_goes(qtbot, window: MainWindow) -> None:
    assert window.new_account("Hoshino Logistics")
    state = _empty_state(window, "stakeholders")
    page = window.page("stakeholders")
    page.add_person("Aiko Tanaka")  # type: ignore[attr-defined]  # what "Add the first person…" asks for
    assert state.isHidden()
    window.undo_stack.undo()
    assert not state.isHidden()

    journey = _empty_state(window, "journey")
    journey.buttons[0].click()
    dialogs = [d for d in window.findChildren(QDialog) if isinstance(d, CatalogDialog) and d.isVisible()]
    assert len(dialogs) == 1
    catalog = dialogs[0]
    assert catalog.add_unit(None, "Finance") and catalog.add_line("Payments")
    assert journey.isHidden()  # the map has a row and a column now
    catalog.close()


def test_a_duplicate_person_is_merged_from_the_stakeholders_page_and_undo_parts_them(
    qtbot, window: MainWindow, db: Database
) -> None:
    assert window.new_account("Hoshino Logistics")
    page = window.page("stakeholders")
    assert page.add_person("Ann Lee") and page.add_person("Ann  LEE")  # type: ignore[attr-defined]
    window.show_page("stakeholders")
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]  # type: ignore[attr-defined]
    page.table.selectRow(names.index("Ann  LEE"))  # type: ignore[attr-defined]
    assert page.merge_selected("Ann Lee")  # type: ignore[attr-defined]
    assert [row.name for row in page.model.rows()] == ["Ann Lee"]  # type: ignore[attr-defined]
    window.undo_stack.undo()
    assert sorted(row.name for row in page.model.rows()) == ["Ann  LEE", "Ann Lee"]  # type: ignore[attr-defined]

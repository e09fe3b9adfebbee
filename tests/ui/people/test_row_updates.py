"""Stakeholders and Coverage redraw only the rows an edit touched: no reset, the selection and scroll stay.

On the demo account (about 150 people): a stance edited in the table, a manager renamed, a person added and
removed again, a coverage cell set; an external change that says nothing of what it wrote still redraws the
whole page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication

from accountplan.model.enums import RelationshipStrength
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.coverage_model import LEAD
from accountplan.ui.people.coverage_page import CoveragePage
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.people.stakeholders_page import StakeholdersPage

STANCE, REPORTS_TO = 5, 3


def _stakeholders(window: MainWindow) -> StakeholdersPage:
    assert window.load_demo_account()
    page = window.show_page("stakeholders")
    assert isinstance(page, StakeholdersPage)
    return page


def _select_person(page: StakeholdersPage, view_row: int) -> int:
    """Select the person on ``view_row`` of the table, scrolled to the middle; their id."""
    index = page.proxy.index(view_row, 0)
    page.table.selectRow(view_row)
    page.table.scrollTo(index, page.table.ScrollHint.PositionAtCenter)
    QApplication.processEvents()
    return int(index.data(ID_ROLE))


def test_a_stance_edit_redraws_that_row_and_keeps_the_selection_and_the_scroll(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _stakeholders(window)
    person = _select_person(page, 80)
    scrolled = page.table.verticalScrollBar().value()
    assert scrolled > 0
    heard = watch_model(page.model)
    row = page.model.position(person)
    index = page.proxy.mapFromSource(page.model.index(row, STANCE))
    new = "skeptic" if index.data(Qt.ItemDataRole.EditRole) != "skeptic" else "supporter"
    assert page.proxy.setData(index, new, Qt.ItemDataRole.EditRole)  # what the stance editor commits
    assert heard.resets == 0 and heard.changed_rows == {row}
    assert page.model.index(row, STANCE).data() == new.capitalize()
    assert page.selected_id() == person
    assert page.table.verticalScrollBar().value() == scrolled
    window.undo_action.trigger()  # undo is a change of that row too
    assert heard.resets == 0 and page.model.index(row, STANCE).data() != new.capitalize()
    assert page.selected_id() == person


def test_a_renamed_manager_is_renamed_in_the_rows_of_their_reports(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _stakeholders(window)
    model = page.model
    boss = next(row for row in model.rows() if any(r.manager_id == row.id for r in model.rows()))
    reports = {model.position(r.id) for r in model.rows() if r.manager_id == boss.id}
    heard = watch_model(model)
    assert model.setData(model.index(model.position(boss.id), 0), "Wilhelmina Boss", Qt.ItemDataRole.EditRole)
    assert heard.resets == 0 and heard.changed_rows == {model.position(boss.id), *reports}
    assert {model.index(row, REPORTS_TO).data() for row in reports} == {"Wilhelmina Boss"}


def test_a_person_added_is_a_row_inserted_in_name_order_and_undo_removes_it(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _stakeholders(window)
    person = _select_person(page, 40)
    count = page.model.rowCount()
    heard = watch_model(page.model)
    assert page.add_person("Aaron Aardvark")
    assert heard.resets == 0 and heard.inserted == [0] and page.model.rowCount() == count + 1
    assert page.proxy.index(0, 0).data() == "Aaron Aardvark"  # first by name
    assert page.count.text() == f"{count + 1} people"
    assert page.selected_id() == person
    window.undo_action.trigger()
    assert heard.resets == 0 and heard.removed == [0] and page.model.rowCount() == count
    assert page.selected_id() == person


def test_a_change_saying_nothing_of_what_it_wrote_redraws_the_whole_table_keeping_the_selection(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _stakeholders(window)
    person = _select_person(page, 60)
    scrolled = page.table.verticalScrollBar().value()
    heard = watch_model(page.model)
    assert page.account_id is not None
    window.events.announce(page.account_id)  # another program wrote: anything may have changed
    assert heard.resets == 1
    assert page.selected_id() == person
    assert page.table.verticalScrollBar().value() == scrolled > 0


def _coverage(window: MainWindow) -> CoveragePage:
    assert window.load_demo_account()
    page = window.show_page("coverage")
    assert isinstance(page, CoveragePage)
    return page


def test_a_coverage_cell_set_redraws_that_row_and_keeps_the_current_cell(
    window: MainWindow, watch_model: Callable[[QAbstractItemModel], Any]
) -> None:
    page = _coverage(window)
    model = page.model
    row, column = next(
        (r, c)
        for r in range(30, model.rowCount())
        for c in range(LEAD, model.columnCount())
        if model.cell(r, c) is None
    )
    person = model.row_info(row).id
    current = page.proxy.mapFromSource(model.index(row, column))
    page.table.setCurrentIndex(current)
    page.table.scrollTo(current)
    scrolled = page.table.verticalScrollBar().value()
    heard = watch_model(model)
    assert model.setData(
        model.index(row, column), RelationshipStrength.STRONG.value, Qt.ItemDataRole.EditRole
    )
    assert heard.resets == 0 and heard.changed_rows == {row}
    assert model.row_of(person) == row  # the row stays where it was
    assert model.index(row, column).data(Qt.ItemDataRole.EditRole) == RelationshipStrength.STRONG.value
    cell = model.cell(row, column)
    assert cell is not None and cell.strength is RelationshipStrength.STRONG
    assert not model.row_info(row).gap  # covered at working strength or better now
    assert page.table.currentIndex() == current
    assert page.table.verticalScrollBar().value() == scrolled
    window.undo_action.trigger()
    assert heard.resets == 0 and model.cell(row, column) is None


def test_an_edit_of_people_on_another_page_redraws_the_hidden_coverage_page_when_shown(
    window: MainWindow,
) -> None:
    page = _coverage(window)
    people = window.show_page("stakeholders")
    assert isinstance(people, StakeholdersPage)
    redraws: list[int] = []
    page.refresh = lambda: redraws.append(1)  # type: ignore[method-assign]
    index = people.model.index(0, STANCE)
    new = "skeptic" if index.data(Qt.ItemDataRole.EditRole) != "skeptic" else "supporter"
    assert people.model.setData(index, new, Qt.ItemDataRole.EditRole)
    # A stakeholders row was written: Coverage reads people, so it is stale, not redrawn while hidden.
    assert redraws == [] and page.stale
    window.show_page("coverage")
    assert redraws == [1] and not page.stale

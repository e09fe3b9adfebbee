"""The coverage matrix as of a past day (issue #18): that day's cells, read-only, back to today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.org_history import History, build_history

from accountplan.analysis.change_window import medium_day
from accountplan.model.enums import RelationshipStrength
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.coverage_model import LEAD
from accountplan.ui.people.coverage_page import CoveragePage

FIRST = dt.date.today() - dt.timedelta(days=10)


@pytest.fixture
def history(db: Database, tmp_path: Path) -> History:
    return build_history(db, tmp_path, FIRST)


def _cells(page: CoveragePage) -> set[tuple[str, str, str]]:
    model = page.model
    found = set()
    for row in range(model.rowCount()):
        for column in range(LEAD, model.columnCount()):
            cell = model.cell(row, column)
            seller = model.co_seller(column)
            if cell is not None and seller is not None:
                found.add((seller[1], model.row_info(row).name, RelationshipStrength(cell.strength).value))
    return found


def test_each_past_day_shows_that_days_cells_and_edits_are_refused(
    window: MainWindow, history: History
) -> None:
    window.events.accounts_changed.emit()
    page = window.show_page("coverage")
    assert isinstance(page, CoveragePage)
    for day in history.days:
        page.day_bar.choose(day)
        state = history.exported[day]
        active = {name for name, person in state["people"].items() if not person[5]}
        wanted = {
            (seller, name, strength) for seller, name, strength, _owner in state["coverage"] if name in active
        }
        assert _cells(page) == wanted, day
        assert {page.model.row_info(r).name for r in range(page.model.rowCount())} == active
        assert page.banner.isVisible()
    day = history.days[2]
    page.day_bar.choose(day)
    before = _cells(page)
    failures = len(page.context.failures)
    row = page.model.row_of(history.ids["Mira"])
    column = page.model.column_of(history.ids["Sam"])
    assert page.model.set_cell(row, column, RelationshipStrength.TRUSTED_ADVISOR) is False
    assert page.context.failures[failures:] == [
        f"This is the account as of {medium_day(day)}: go back to today to edit."
    ]
    assert _cells(page) == before
    page.banner.back_button.click()
    assert not page.banner.isVisible()
    row = page.model.row_of(history.ids["Mira"])
    assert page.model.set_cell(row, page.model.column_of(history.ids["Sam"]), RelationshipStrength.STRONG)

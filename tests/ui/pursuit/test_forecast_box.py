"""The forecast category beside the stages: the combo changes it, the history says who and when, undo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from accountplan.model import Opportunity
from accountplan.model.enums import ForecastCategory
from accountplan.plan import accounts, opportunities
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.opportunities_page import OpportunitiesPage


@pytest.fixture
def deal(db: Database) -> int:
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)
        account_id = accounts.create_account(session, "Hoshino Logistics", currency="JPY")
        return opportunities.add_opportunity(
            session,
            account_id,
            "Control tower",
            amount=Decimal("1380000000"),
            currency="JPY",
            expected_close=dt.date(2031, 3, 31),
        )


def _category(db: Database, deal_id: int) -> tuple[ForecastCategory, list[tuple[ForecastCategory, str]]]:
    with db.session() as session:
        found = session.get(Opportunity, deal_id)
        assert found is not None
        history = [(c.category, c.changed_by) for c in opportunities.forecast_history(session, deal_id)]
        return found.forecast_category, history


def _choose(page: OpportunitiesPage, category: ForecastCategory) -> None:
    combo = page.forecast.combo
    combo.setCurrentIndex(combo.findData(category.value))
    combo.activated.emit(combo.currentIndex())


def test_the_combo_changes_the_category_the_history_says_who_and_undo_restores_it(
    qtbot, window: MainWindow, db: Database, db_path: Path, deal: int, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.events.accounts_changed.emit()
    page = window.show_page("opportunities")
    assert isinstance(page, OpportunitiesPage)
    assert page.select_deal(deal)
    assert page.forecast.combo.currentText() == "Pipeline"
    assert page.forecast.history_texts() == ["Pipeline: since 1 Sep 2026 · by tester"]

    _choose(page, ForecastCategory.COMMIT)
    category, history = _category(db, deal)
    assert category is ForecastCategory.COMMIT
    assert history == [(ForecastCategory.PIPELINE, "tester"), (ForecastCategory.COMMIT, "tester")]
    assert page.forecast.combo.currentText() == "Commit"
    texts = page.forecast.history_texts()
    assert texts[0].startswith("Commit: since ") and texts[0].endswith("· by tester")
    assert texts[1] == "Pipeline: 1 Sep 2026 · by tester"
    assert window.undo_stack.undoText() == "edit the forecast category of Control tower"

    window.resize(1280, 800)
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "opportunity-forecast.png"))

    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))
    category, history = _category(db, deal)
    assert category is ForecastCategory.PIPELINE
    assert history == [(ForecastCategory.PIPELINE, "tester")]
    assert page.forecast.combo.currentText() == "Pipeline"
    assert page.forecast.history_texts() == ["Pipeline: since 1 Sep 2026 · by tester"]

    window.redo_action.trigger()
    assert _category(db, deal)[0] is ForecastCategory.COMMIT


def test_choosing_the_same_category_writes_nothing(window: MainWindow, db: Database, deal: int) -> None:
    window.events.accounts_changed.emit()
    page = window.show_page("opportunities")
    assert isinstance(page, OpportunitiesPage) and page.select_deal(deal)
    _choose(page, ForecastCategory.PIPELINE)
    assert window.undo_stack.count() == 0
    assert _category(db, deal)[1] == [(ForecastCategory.PIPELINE, "tester")]

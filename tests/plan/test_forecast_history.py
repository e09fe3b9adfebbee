"""A deal's forecast category and its history (issue #17): who put it where and when, and undo takes it back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from accountplan.model import ForecastChange, Opportunity
from accountplan.model.enums import ForecastCategory, SalesStage
from accountplan.plan import changes
from accountplan.plan.opportunities import (
    add_opportunity,
    forecast_history,
    set_forecast_category,
    update_opportunity,
)
from accountplan.store.database import Database


def _history(db: Database, deal: int) -> list[tuple[ForecastCategory, str, dt.datetime]]:
    with db.session() as session:
        return [(c.category, c.changed_by, c.changed_at) for c in forecast_history(session, deal)]


def _category(db: Database, deal: int) -> ForecastCategory:
    with db.session() as session:
        found = session.get(Opportunity, deal)
        assert found is not None
        return found.forecast_category


def test_a_new_deal_starts_its_history_in_the_pipeline(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        deal = add_opportunity(session, account_id, "Pilot", amount=100_000)
        committed = add_opportunity(session, account_id, "Renewal", forecast_category="commit")
    assert [(c, who) for c, who, _ in _history(db, deal)] == [(ForecastCategory.PIPELINE, "tester")]
    assert [(c, who) for c, who, _ in _history(db, committed)] == [(ForecastCategory.COMMIT, "tester")]


def test_changing_the_category_records_who_and_when_and_nothing_when_it_stays(
    db: Database, db_path: Path, account_id: int
) -> None:
    with db.transaction() as session:
        deal = add_opportunity(session, account_id, "Pilot", amount=100_000)
    at = dt.datetime(2099, 5, 4, 9, 30, tzinfo=dt.UTC)
    with Database.open(db_path, user="Helen Park") as as_helen, as_helen.transaction() as session:
        previous = set_forecast_category(session, deal, ForecastCategory.BEST_CASE, at=at)
        update_opportunity(session, deal, forecast_category="best_case", probability=40)  # the same: no row
        update_opportunity(session, deal, name="Pilot (phase 1)")  # another field: no row
    assert previous is ForecastCategory.PIPELINE
    history = _history(db, deal)
    assert [(c, who) for c, who, _ in history] == [
        (ForecastCategory.PIPELINE, "tester"),
        (ForecastCategory.BEST_CASE, "Helen Park"),
    ]
    assert history[-1][2] == at
    with db.transaction() as session:
        update_opportunity(session, deal, forecast_category="Best case")  # by its label: the same again
        update_opportunity(
            session, deal, at=at + dt.timedelta(days=1), forecast_category=ForecastCategory.COMMIT
        )
    assert [c for c, _, _ in _history(db, deal)][-1] is ForecastCategory.COMMIT
    assert len(_history(db, deal)) == 3


def test_undo_takes_the_category_and_its_history_back_and_redo_writes_it_at_the_first_time(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        deal = add_opportunity(session, account_id, "Pilot", amount=100_000)
    change = changes.UpdateOpportunity(account_id, deal, "Pilot", forecast_category=ForecastCategory.COMMIT)
    with db.transaction() as session:
        session.info["now"] = first = dt.datetime(2099, 6, 1, 8, 0, tzinfo=dt.UTC)
        change.forward(session)
    assert _category(db, deal) is ForecastCategory.COMMIT
    after = _history(db, deal)
    assert [c for c, _, _ in after] == [ForecastCategory.PIPELINE, ForecastCategory.COMMIT]
    with db.transaction() as session:
        change.backward(session)
    assert _category(db, deal) is ForecastCategory.PIPELINE
    assert [c for c, _, _ in _history(db, deal)] == [ForecastCategory.PIPELINE]
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2099, 6, 2, 8, 0, tzinfo=dt.UTC)
        change.forward(session)
    assert _history(db, deal) == after and after[-1][2] == first


def test_undoing_a_stage_move_leaves_the_forecast_history_alone(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        deal = add_opportunity(session, account_id, "Pilot", amount=100_000)
        set_forecast_category(session, deal, ForecastCategory.BEST_CASE)
    move = changes.SetStage(account_id, deal, "Pilot", SalesStage.DISCOVERY)
    with db.transaction() as session:
        move.forward(session)
    with db.transaction() as session:
        move.backward(session)
    with db.session() as session:
        rows = session.scalars(
            select(ForecastChange.category).where(ForecastChange.opportunity_id == deal)
        ).all()
    assert rows == [ForecastCategory.PIPELINE, ForecastCategory.BEST_CASE]

"""Opportunities: every stage change goes to the stage history with its time and user; closing asks why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.errors import InvalidValue, NotFound, Refused
from accountplan.model import ChangeLogEntry, Competitor, Opportunity, StageChange
from accountplan.model.enums import BuyingStage, ChangeKind, Outcome, SalesStage, StageProcess
from accountplan.model.types import utcnow
from accountplan.plan.opportunities import (
    add_opportunity,
    close_opportunity,
    set_stage,
    update_opportunity,
)
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]


def _history(db: Database, deal: int) -> list[tuple[str, str, str]]:
    with db.session() as session:
        rows = session.scalars(
            select(StageChange).where(StageChange.opportunity_id == deal).order_by(StageChange.id)
        )
        return [(r.process.value, r.stage, r.changed_by) for r in rows]


def _deal(db: Database, deal: int) -> Opportunity:
    with db.session() as session:
        found = session.get(Opportunity, deal)
        assert found is not None
        return found


@pytest.fixture
def deal(db: Database, account_id: int) -> int:
    with db.transaction() as session:
        return add_opportunity(session, account_id, "Pilot: Finance analytics", amount="120000")


def test_a_new_deal_starts_both_processes_in_the_stage_history(db: Database, account_id: int) -> None:
    before = utcnow()
    with db.transaction() as session:
        deal = add_opportunity(
            session,
            account_id,
            " Enterprise platform ",
            amount="1,250,000.5",
            expected_close="2026-03-31",
            probability="40",
            sales_stage=SalesStage.QUALIFICATION,
            buying_stage=BuyingStage.EVALUATE,
        )
    after = utcnow()

    stored = _deal(db, deal)
    assert stored.name == "Enterprise platform"
    assert stored.amount == Decimal("1250000.50")
    assert stored.expected_close == dt.date(2026, 3, 31)
    assert stored.probability == 40
    assert _history(db, deal) == [("sales", "qualification", "tester"), ("buying", "evaluate", "tester")]
    with db.session() as session:
        for change in session.scalars(select(StageChange).where(StageChange.opportunity_id == deal)):
            assert before <= change.entered_at <= after
            assert change.entered_at.tzinfo is not None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"probability": 150}, "between 0 and 100"),
        ({"amount": "a lot"}, "not a valid amount"),
        ({"expected_close": "2026-02-30"}, "not a valid expected close"),
        ({"type": "barter"}, "not a known OpportunityType"),
        ({"outcome": "won"}, "cannot be set here"),
    ],
)
def test_bad_values_add_nothing(
    db: Database, account_id: int, table_counts: Counts, values: dict[str, Any], message: str
) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match=message), db.transaction() as session:
        add_opportunity(session, account_id, "Deal", **values)
    assert table_counts() == before


def test_a_deal_needs_a_name(db: Database, account_id: int) -> None:
    with pytest.raises(InvalidValue, match="needs a name"), db.transaction() as session:
        add_opportunity(session, account_id, " ")


def test_a_stage_change_is_written_with_its_time_and_user(db: Database, deal: int) -> None:
    when = dt.datetime(2025, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    with db.transaction() as session:
        previous = set_stage(session, deal, SalesStage.DISCOVERY, at=when)
    assert previous is SalesStage.REACHING_OUT
    assert _deal(db, deal).sales_stage is SalesStage.DISCOVERY
    with db.session() as session:
        last = session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
        assert last is not None
        assert (last.process, last.stage, last.entered_at, last.changed_by) == (
            StageProcess.SALES,
            "discovery",
            when,
            "tester",
        )
    with db.session() as session:  # and, like every change, in the change log
        logged = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.field == "sales_stage")).one()
        assert (logged.old_value, logged.new_value, logged.user) == ("reaching_out", "discovery", "tester")


def test_the_buying_process_has_its_own_history(db: Database, deal: int) -> None:
    with db.transaction() as session:
        assert set_stage(session, deal, BuyingStage.PAIN) is BuyingStage.CHANGE
        set_stage(session, deal, BuyingStage.NEEDS)
    assert _deal(db, deal).buying_stage is BuyingStage.NEEDS
    assert _history(db, deal)[2:] == [("buying", "pain", "tester"), ("buying", "needs", "tester")]
    assert _deal(db, deal).sales_stage is SalesStage.REACHING_OUT


def test_moving_to_the_stage_a_deal_is_in_writes_nothing(
    db: Database, deal: int, table_counts: Counts
) -> None:
    before = table_counts()
    with db.transaction() as session:
        assert set_stage(session, deal, SalesStage.REACHING_OUT) is SalesStage.REACHING_OUT
    assert table_counts() == before


def test_stages_are_changed_only_by_their_operation(db: Database, deal: int) -> None:
    with pytest.raises(InvalidValue, match="cannot be set here"), db.transaction() as session:
        update_opportunity(session, deal, sales_stage="proposal")
    with pytest.raises(Refused, match="outcome"), db.transaction() as session:
        set_stage(session, deal, SalesStage.CLOSED)
    assert _deal(db, deal).sales_stage is SalesStage.REACHING_OUT
    assert len(_history(db, deal)) == 2


def test_update_opportunity_returns_the_previous_values_and_logs_them(db: Database, deal: int) -> None:
    with db.transaction() as session:
        previous = update_opportunity(session, deal, amount="150000", compelling_event="Audit in March")
    assert previous == {"amount": Decimal("120000.00"), "compelling_event": ""}
    with db.session() as session:
        logged = {
            (e.field, e.old_value, e.new_value)
            for e in session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.kind == ChangeKind.UPDATED))
        }
    assert logged == {("amount", "120000.00", "150000.00"), ("compelling_event", "", "Audit in March")}


def test_closing_needs_the_customers_reason(db: Database, deal: int, table_counts: Counts) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match="what made you decide"), db.transaction() as session:
        close_opportunity(session, deal, Outcome.WON, "   ")
    assert table_counts() == before
    assert _deal(db, deal).outcome is None


def test_a_won_deal_is_closed_with_its_reason_and_the_stage_history(db: Database, deal: int) -> None:
    with db.transaction() as session:
        close_opportunity(session, deal, Outcome.WON, " Proved value in 6 weeks ", on=dt.date(2025, 9, 30))
    closed = _deal(db, deal)
    assert closed.outcome is Outcome.WON
    assert closed.outcome_reason == "Proved value in 6 weeks"
    assert closed.closed_on == dt.date(2025, 9, 30)
    assert closed.probability == 100
    assert closed.sales_stage is SalesStage.CLOSED
    assert _history(db, deal)[-1] == ("sales", "closed", "tester")
    with pytest.raises(Refused, match="closed"), db.transaction() as session:
        set_stage(session, deal, SalesStage.PROPOSAL)


def test_a_lost_deal_remembers_who_won_it(db: Database, account_id: int, deal: int) -> None:
    with db.transaction() as session:
        rival = Competitor(account_id=account_id, name="Incumbent Systems", is_incumbent=True)
        session.add(rival)
        session.flush()
        close_opportunity(session, deal, Outcome.LOST, "Cheaper renewal", won_by_id=rival.id)
    lost = _deal(db, deal)
    assert (lost.outcome, lost.won_by_id, lost.probability) == (Outcome.LOST, rival.id, 0)
    assert lost.closed_on is not None


def test_closing_with_the_outcome_given_as_text_works_the_same(db: Database, deal: int) -> None:
    outcome: Any = "won"  # as a form or the command line hands it over
    with db.transaction() as session:
        close_opportunity(session, deal, outcome, "Best fit")
    closed = _deal(db, deal)
    assert closed.outcome is Outcome.WON
    assert closed.probability == 100


def test_an_unknown_deal_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="opportunity with id 42"), db.transaction() as session:
        set_stage(session, 42, SalesStage.PROPOSAL)


def test_a_stage_change_is_one_transaction(db: Database, deal: int, table_counts: Counts) -> None:
    before = table_counts()
    with pytest.raises(RuntimeError), db.transaction() as session:
        set_stage(session, deal, SalesStage.PROPOSAL)
        raise RuntimeError("crash")
    assert table_counts() == before
    assert _deal(db, deal).sales_stage is SalesStage.REACHING_OUT

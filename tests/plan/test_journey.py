"""The journey: milestones and deals on twelve fiscal quarters; what falls outside is counted, not drawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from accountplan.errors import InvalidValue, Refused
from accountplan.model.enums import JourneyPhase, MilestoneStatus, Outcome
from accountplan.plan.accounts import create_account, update_account
from accountplan.plan.journey import add_milestone, delete_milestone, journey, update_milestone
from accountplan.plan.opportunities import add_opportunity, close_opportunity
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
TODAY = dt.date(2026, 11, 23)


def test_the_journey_spans_three_fiscal_years_from_the_one_containing_today(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        update_account(session, account_id, fiscal_year_start_month=4)
    with db.session() as session:
        quarters = journey(session, account_id, TODAY).quarters
    assert (quarters[0].title, quarters[0].start) == ("Q1 FY2026/27", dt.date(2026, 4, 1))
    assert (quarters[-1].title, quarters[-1].end) == ("Q4 FY2028/29", dt.date(2029, 3, 31))


def test_milestones_and_deals_are_placed_in_date_order_and_the_rest_counted(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        land = add_opportunity(
            session, account_id, "Land: plant analytics", amount="350000", expected_close=dt.date(2027, 3, 31)
        )
        add_opportunity(session, account_id, "Someday", expected_close=dt.date(2030, 1, 1))
        add_opportunity(session, account_id, "No date yet")
        won = add_opportunity(session, account_id, "Pilot", expected_close=dt.date(2026, 12, 15))
        close_opportunity(session, won, Outcome.WON, "Proved it on one line", on=dt.date(2026, 6, 30))
        add_milestone(
            session, account_id, "Go-live", dt.date(2027, 6, 1), phase=JourneyPhase.PROVE, opportunity_id=land
        )
        add_milestone(session, account_id, "Kick-off", dt.date(2026, 10, 1))
        add_milestone(session, account_id, "Before the journey", dt.date(2025, 12, 31))
    with db.session() as session:
        result = journey(session, account_id, TODAY)
    assert [(m.title, m.phase, m.opportunity, m.late) for m in result.milestones] == [
        ("Kick-off", JourneyPhase.LAND, "", True),
        ("Go-live", JourneyPhase.PROVE, "Land: plant analytics", False),
    ]
    assert [(d.name, d.expected_close, d.outcome) for d in result.deals] == [
        ("Pilot", dt.date(2026, 6, 30), Outcome.WON),  # a closed deal sits where it closed
        ("Land: plant analytics", dt.date(2027, 3, 31), None),
    ]
    assert result.deals[1].amount == Decimal("350000.00")
    assert result.outside == 2  # "Someday" and "Before the journey"; a deal with no date is not placed


def test_reaching_a_milestone_records_the_day_and_undo_puts_it_back(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
        milestone = add_milestone(session, account_id, "Kick-off", dt.date(2026, 10, 1))
        previous = update_milestone(session, milestone, status=MilestoneStatus.REACHED)
    assert previous == {"status": MilestoneStatus.PLANNED, "reached_on": None}
    with db.session() as session:
        (row,) = journey(session, account_id, TODAY).milestones
    assert (row.status, row.reached_on, row.late) == (MilestoneStatus.REACHED, TODAY, False)
    with db.transaction() as session:
        update_milestone(session, milestone, **previous)
    with db.session() as session:
        (row,) = journey(session, account_id, TODAY).milestones
    assert (row.status, row.reached_on, row.late) == (MilestoneStatus.PLANNED, None, True)


def test_rescheduling_moves_a_milestone_and_deleting_removes_it(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        milestone = add_milestone(session, account_id, "Kick-off", dt.date(2026, 10, 1))
        previous = update_milestone(session, milestone, target_date=dt.date(2027, 2, 1))
    assert previous == {"target_date": dt.date(2026, 10, 1)}
    with db.session() as session:
        (row,) = journey(session, account_id, TODAY).milestones
    assert (row.target_date, row.late) == (dt.date(2027, 2, 1), False)
    with db.transaction() as session:
        delete_milestone(session, milestone)
    with db.session() as session:
        assert journey(session, account_id, TODAY).milestones == ()


def test_bad_milestones_are_refused_and_write_nothing(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
        foreign = add_opportunity(session, other, "Their deal")
    before = table_counts()
    with pytest.raises(InvalidValue, match="title"), db.transaction() as session:
        add_milestone(session, account_id, " ", dt.date(2027, 1, 1))
    with pytest.raises(InvalidValue, match="target date cannot be empty"), db.transaction() as session:
        add_milestone(session, account_id, "Kick-off", None)  # type: ignore[arg-type]
    with pytest.raises(Refused, match="Their deal"), db.transaction() as session:
        add_milestone(session, account_id, "Kick-off", dt.date(2027, 1, 1), opportunity_id=foreign)
    assert table_counts() == before

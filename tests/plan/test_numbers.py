"""The numbers of an account: defaults without writing, checked updates, and the view built from the deals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from accountplan.errors import InvalidValue
from accountplan.plan.numbers import numbers_plan, numbers_view, update_numbers
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
TODAY = dt.date(2026, 11, 23)


def test_an_account_without_numbers_reads_the_defaults_and_writes_nothing(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    before = table_counts()
    with db.session() as session:
        inputs = numbers_plan(session, account_id)
    assert (inputs.target, inputs.average_deal, inputs.quota) == (None, None, None)
    assert (inputs.win_rate, inputs.cycle_months, inputs.big_deal_percent, inputs.currency) == (
        25,
        9,
        50,
        "EUR",
    )
    assert (inputs.stage1_to_qualified, inputs.meeting_to_stage1, inputs.outreach_to_meeting) == (50, 25, 10)
    assert inputs.tiers == ((0, Decimal(8)), (100, Decimal(12)))
    assert table_counts() == before


def test_updating_creates_the_numbers_and_returns_the_previous_values(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        first = update_numbers(session, account_id, target_amount="2,000,000", stage1_to_qualified_percent=40)
        second = update_numbers(session, account_id, commission_tiers=" 0 : 6\n120:10 ", target_amount=None)
    assert first == {"target_amount": None, "stage1_to_qualified_percent": 50}
    assert second == {"commission_tiers": "0:8\n100:12", "target_amount": Decimal("2000000.00")}
    with db.session() as session:
        inputs = numbers_plan(session, account_id)
    assert (inputs.target, inputs.stage1_to_qualified) == (None, 40)
    assert inputs.tiers == ((0, Decimal(6)), (120, Decimal(10)))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"win_rate_percent": 0}, "win rate must be from 1 to 100 %, not 0"),
        ({"outreach_to_meeting_percent": 101}, "between 1 and 100, not 101"),
        ({"target_amount": "-5"}, "target amount must be more than zero"),
        ({"quota": 0}, "quota must be more than zero"),
        ({"commission_tiers": "0:8\n90"}, "line 2"),
        ({"cycle_months": 121}, "between 0 and 120"),
        ({"average_deal_size": "lots"}, "not a valid average deal size"),
        ({"quota": 1_000_000, "win_rate_percent": 0}, "win rate"),  # the good value is not kept either
        ({"version": 7}, "cannot be set here"),
    ],
)
def test_bad_numbers_are_refused_and_leave_the_database_unchanged(
    db: Database, account_id: int, table_counts: Counts, changes: dict[str, Any], message: str
) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match=message), db.transaction() as session:
        update_numbers(session, account_id, **changes)
    assert table_counts() == before
    with db.transaction() as session:
        update_numbers(session, account_id, quota=500_000)
    before = table_counts()
    with pytest.raises(InvalidValue, match=message), db.transaction() as session:
        update_numbers(session, account_id, **changes)
    assert table_counts() == before
    with db.session() as session:
        assert numbers_plan(session, account_id).quota == Decimal(500_000)


def test_the_view_works_back_the_funnel_from_the_target(db: Database, account_id: int) -> None:
    """What the deals pay is the seller's year across accounts (tests/plan/test_seller_year.py)."""
    with db.transaction() as session:
        update_numbers(
            session,
            account_id,
            target_amount=2_000_000,
            average_deal_size=350_000,
            win_rate_percent=30,
            quota=1_000_000,
        )
    with db.session() as session:
        view = numbers_view(session, account_id, TODAY)
    assert view.funnel is not None
    assert (view.funnel.deals, view.funnel.qualified, view.funnel.outreach) == (6, 20, 1600)


def test_without_a_target_the_view_has_no_funnel(db: Database, account_id: int) -> None:
    with db.session() as session:
        view = numbers_view(session, account_id, TODAY)
    assert view.funnel is None

"""The numbers of an account: defaults without writing, checked updates, and the view built from the deals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from accountplan.errors import InvalidValue
from accountplan.model.enums import Outcome
from accountplan.plan.numbers import numbers_plan, numbers_view, update_numbers
from accountplan.plan.opportunities import add_opportunity, close_opportunity
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


def test_the_view_books_this_fiscal_years_wins_and_shows_what_each_open_deal_pays(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        update_numbers(
            session,
            account_id,
            target_amount=2_000_000,
            average_deal_size=350_000,
            win_rate_percent=30,
            quota=1_000_000,
        )
        this_year = add_opportunity(session, account_id, "Pilot", amount=400_000)
        close_opportunity(session, this_year, Outcome.WON, "Proved it", on=dt.date(2026, 3, 1))
        last_year = add_opportunity(session, account_id, "Old deal", amount=900_000)
        close_opportunity(session, last_year, Outcome.WON, "Renewal", on=dt.date(2025, 12, 31))
        lost = add_opportunity(session, account_id, "Lost deal", amount=700_000)
        close_opportunity(session, lost, Outcome.LOST, "Price")
        add_opportunity(session, account_id, "No amount yet", expected_close=dt.date(2027, 1, 1))
        later = add_opportunity(
            session,
            account_id,
            "Expansion",
            amount=800_000,
            probability=25,
            expected_close=dt.date(2027, 6, 30),
        )
        sooner = add_opportunity(
            session, account_id, "Land", amount=300_000, probability=50, expected_close=dt.date(2027, 1, 31)
        )
    with db.session() as session:
        view = numbers_view(session, account_id, TODAY)
    assert view.funnel is not None
    assert (view.funnel.deals, view.funnel.qualified, view.funnel.outreach) == (6, 20, 1600)
    earnings = view.earnings
    assert earnings is not None
    assert (earnings.booked, earnings.attainment, earnings.pay) == (
        Decimal(400_000),
        40.0,
        Decimal("32000.00"),
    )
    assert [(e.opportunity_id, e.pay_after, e.pay_delta, e.big_deal) for e in earnings.effects] == [
        (sooner, Decimal("56000.00"), Decimal("24000.00"), False),  # 700,000 × 8 %
        (
            later,
            Decimal("104000.00"),
            Decimal("72000.00"),
            True,
        ),  # 80,000 + 200,000 × 12 %; above 50 % of quota
    ]
    # weighted: 400,000 + 150,000 + 200,000 = 750,000
    assert (earnings.weighted_attainment, earnings.weighted_pay) == (75.0, Decimal("60000.00"))


def test_without_a_quota_or_a_target_the_view_has_no_earnings_and_no_funnel(
    db: Database, account_id: int
) -> None:
    with db.session() as session:
        view = numbers_view(session, account_id, TODAY)
    assert (view.funnel, view.earnings) == (None, None)

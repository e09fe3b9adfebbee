"""Two accounts in two currencies, two sellers and a rate, built from nothing: the portfolio forecast's tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accountplan.model.enums import CoSellerRole, ForecastCategory
from accountplan.model.types import utcnow
from accountplan.plan.accounts import create_account
from accountplan.plan.exchange_rates import set_rate
from accountplan.plan.meetings import create_next_meeting, hold_meeting
from accountplan.plan.opportunities import add_opportunity, update_opportunity
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

#: Days before today the alignment meeting of Hoshino Logistics was held.
MEETING_DAYS_AGO = 7


def two_sellers_in_two_currencies(db: Database) -> dict[str, int]:
    """Lars sells Hoshino Logistics (USD), Mia Nordwind Freight (EUR); 1 EUR = 1.1 USD this year.

    A month ago Yard (USD 500,000, 80 %) went in Pipeline; a week ago Hoshino's alignment meeting was held;
    today Yard is put in Commit, Fleet (EUR 80,000, 50 %) is added in Best case at Nordwind, and Depot
    (GBP 40,000) in Pipeline at Hoshino, which no rate converts. Every deal closes today.
    """
    today = dt.date.today()
    held = today - dt.timedelta(days=MEETING_DAYS_AGO)
    with db.transaction() as session:
        session.info["now"] = utcnow() - dt.timedelta(days=30)
        lars = add_co_seller(session, "Lars Pettersson", CoSellerRole.ACCOUNT_EXECUTIVE)
        mia = add_co_seller(session, "Mia Schulz", CoSellerRole.ACCOUNT_EXECUTIVE)
        hoshino = create_account(session, "Hoshino Logistics", currency="USD")
        nordwind = create_account(session, "Nordwind Freight", currency="EUR")
        join_team(session, hoshino, lars)
        join_team(session, nordwind, mia)
        yard = add_opportunity(
            session,
            hoshino,
            "Yard",
            amount=Decimal(500_000),
            expected_close=today,
            probability=80,
            forecast_category=ForecastCategory.PIPELINE,
        )
        meeting = create_next_meeting(session, hoshino, on=held, title="Alignment meeting")
        hold_meeting(session, meeting, "", "", held)
    with db.transaction() as session:
        update_opportunity(session, yard, forecast_category=ForecastCategory.COMMIT)
        add_opportunity(
            session,
            nordwind,
            "Fleet",
            amount=Decimal(80_000),
            currency="EUR",
            expected_close=today,
            probability=50,
            forecast_category=ForecastCategory.BEST_CASE,
        )
        add_opportunity(
            session,
            hoshino,
            "Depot",
            amount=Decimal(40_000),
            currency="GBP",
            expected_close=today,
            forecast_category=ForecastCategory.PIPELINE,
        )
        set_rate(session, today.year, "EUR", "USD", "1.1")
    return {"Hoshino Logistics": hoshino, "Nordwind Freight": nordwind, "Lars": lars, "Mia": mia}

"""The forecast roll-up from the database: a seller's deals in their terms, rates, and the move since a meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accountplan.errors import InvalidValue, NotFound, Refused
from accountplan.model import Meeting, SellerPlan
from accountplan.model.enums import CoSellerRole, ForecastCategory, MeetingStatus, Outcome
from accountplan.plan import changes
from accountplan.plan.accounts import create_account
from accountplan.plan.exchange_rates import delete_rate, list_rates, parse_rate, set_rate
from accountplan.plan.forecast import (
    account_forecast,
    forecast_rollup,
    movement_since_last_meeting,
)
from accountplan.plan.opportunities import add_opportunity, close_opportunity, update_opportunity
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

TODAY = dt.date(2026, 12, 15)


def _at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=dt.UTC)


@pytest.fixture
def sellers_year(db: Database) -> dict[str, int]:
    """Two accounts of Aiko (JPY and EUR), Aiko's plan from April in JPY, a co-seller owning one deal."""
    with db.transaction() as session:
        session.info["now"] = _at("2026-09-01")
        ids = {
            "kansai": create_account(session, "Kansai Logistics", currency="JPY"),
            "nordwind": create_account(session, "Nordwind Freight", currency="EUR"),
            "aiko": add_co_seller(session, "Aiko Tanaka", CoSellerRole.ACCOUNT_EXECUTIVE),
            "sam": add_co_seller(session, "Sam Ortiz", CoSellerRole.SOLUTION_CONSULTANT),
        }
        for account in ("kansai", "nordwind"):
            join_team(session, ids[account], ids["aiko"])
        join_team(session, ids["nordwind"], ids["sam"])
        session.add(
            SellerPlan(co_seller_id=ids["aiko"], fiscal_year=2026, year_starts_month=4, currency="JPY")
        )
        set_rate(session, 2026, "EUR", "JPY", "162.4")
        set_rate(session, 2027, "EUR", "JPY", "170")
        ids["tsubasa"] = add_opportunity(
            session,
            ids["kansai"],
            "Tsubasa",
            amount=50_000_000,
            currency="JPY",
            expected_close=dt.date(2027, 3, 20),
            probability=60,
            forecast_category=ForecastCategory.BEST_CASE,
        )
        ids["fleet"] = add_opportunity(
            session,
            ids["nordwind"],
            "Fleet renewal",
            amount=100_000,
            currency="EUR",
            expected_close=dt.date(2026, 11, 10),
            probability=80,
            forecast_category=ForecastCategory.COMMIT,
        )
        ids["spares"] = add_opportunity(
            session,
            ids["nordwind"],
            "Spares (Sam's)",
            amount=20_000,
            currency="EUR",
            expected_close=dt.date(2027, 5, 1),
            probability=30,
            owner_id=ids["sam"],
        )
        ids["dollars"] = add_opportunity(
            session,
            ids["nordwind"],
            "US depot",
            amount=300_000,
            currency="USD",
            expected_close=dt.date(2026, 12, 1),
            probability=20,
        )
        session.add(
            Meeting(
                account_id=ids["kansai"],
                title="Alignment meeting",
                held_on=dt.date(2026, 10, 13),
                status=MeetingStatus.HELD,
            )
        )
    return ids


def test_a_sellers_forecast_is_in_their_plans_currency_and_year(
    db: Database, sellers_year: dict[str, int]
) -> None:
    with db.session() as session:
        rollup = forecast_rollup(session, seller_id=sellers_year["aiko"], today=TODAY)
    assert rollup.currency == "JPY"
    assert rollup.basis == "in JPY, the currency of Aiko Tanaka's plan for FY2026"
    assert rollup.this_year.label == "FY2026/27" and rollup.this_quarter.label == "Q3 FY2026/27"
    names = {line.deal.name for line in rollup.lines}
    assert names == {"Tsubasa", "Fleet renewal"}  # Sam's deal is Sam's
    assert rollup.current_quarter.commit == Decimal("16240000.00")  # EUR 100,000 × 162.4
    assert rollup.current_year.best_case == Decimal("50000000")
    assert rollup.current_year.weighted == Decimal("12992000.00") + Decimal("30000000.00")
    assert [rate.text for rate in rollup.rates_used] == ["1 EUR = 162.4 JPY (FY2026)"]
    assert [gap.deal.name for gap in rollup.not_converted] == ["US depot"]
    with db.session() as session:
        sams = forecast_rollup(session, seller_id=sellers_year["sam"], today=TODAY)
    # Sam has no plan: calendar quarters in his first account's currency.
    assert sams.currency == "EUR" and sams.this_quarter.label == "Q4 FY2026"
    assert sams.basis == "in EUR by calendar quarters: Sam Ortiz has no seller plan yet"
    assert sams.year(2027).pipeline == Decimal("20000.00")


def test_all_accounts_in_a_chosen_currency(db: Database, sellers_year: dict[str, int]) -> None:
    with db.session() as session:
        rollup = forecast_rollup(session, currency="EUR", year_starts_month=4, today=TODAY)
    assert rollup.basis == "in EUR, as asked"
    assert [a.name for a in rollup.accounts] == ["Kansai Logistics", "Nordwind Freight"]
    kansai, nordwind = rollup.accounts
    # JPY 50m into EUR with the EUR → JPY rate inverted: 50,000,000 / 162.4.
    assert kansai.this_year.best_case == Decimal("307881.77")
    assert nordwind.this_year.commit == Decimal("100000")
    assert nordwind.not_converted == 1


def test_one_accounts_forecast_is_in_its_executives_terms(db: Database, sellers_year: dict[str, int]) -> None:
    with db.session() as session:
        rollup = account_forecast(session, sellers_year["nordwind"], TODAY)
    assert rollup.currency == "JPY"  # Aiko's, though the account keeps EUR
    assert {line.deal.name for line in rollup.lines} == {"Fleet renewal", "Spares (Sam's)"}


def test_how_the_forecast_moved_since_the_last_held_meeting(
    db: Database, sellers_year: dict[str, int]
) -> None:
    kansai = sellers_year["kansai"]
    with db.transaction() as session:
        session.info["now"] = _at("2026-11-02")
        update_opportunity(session, sellers_year["tsubasa"], forecast_category=ForecastCategory.COMMIT)
        update_opportunity(session, sellers_year["tsubasa"], amount=60_000_000)
        add_opportunity(
            session,
            kansai,
            "Scope 3 ledger",
            amount=8_000_000,
            currency="JPY",
            expected_close=dt.date(2027, 2, 1),
        )
    with db.session() as session:
        moved = movement_since_last_meeting(session, kansai, TODAY)
    assert moved is not None
    assert moved.since_text == "Alignment meeting of 13 Oct 2026"
    assert [move.text for move in moved.moves] == [
        "Tsubasa: Best case → Commit (JPY 60,000,000)",
        "Tsubasa: amount JPY 50,000,000 → JPY 60,000,000",
        "Scope 3 ledger: new in Pipeline (JPY 8,000,000, Q4 FY2026/27)",
    ]
    assert moved.change(ForecastCategory.COMMIT) == Decimal(60_000_000)
    assert moved.change(ForecastCategory.BEST_CASE) == Decimal(-50_000_000)
    with db.transaction() as session:
        session.info["now"] = _at("2026-12-01")
        close_opportunity(session, sellers_year["tsubasa"], Outcome.WON, "Best fit", on=dt.date(2026, 12, 1))
    with db.session() as session:
        moved = movement_since_last_meeting(session, kansai, TODAY)
    assert moved is not None
    assert moved.moves[0].text == "Tsubasa: won (JPY 60,000,000, Q3 FY2026/27)"
    assert moved.change(ForecastCategory.CLOSED, year=False) == Decimal(60_000_000)


def test_no_movement_without_a_held_meeting(db: Database, sellers_year: dict[str, int]) -> None:
    with db.session() as session:
        assert movement_since_last_meeting(session, sellers_year["nordwind"], TODAY) is None


def test_rates_are_set_changed_refused_the_other_way_round_and_deleted(db: Database) -> None:
    with db.transaction() as session:
        assert set_rate(session, 2026, "usd", "jpy", "151,25") is None
        assert set_rate(session, 2026, "USD", "JPY", "150.5") == Decimal("151.25")
        with pytest.raises(Refused, match="FY2026 already has 1 USD = 150.5 JPY"):
            set_rate(session, 2026, "JPY", "USD", "0.0066")
        with pytest.raises(InvalidValue, match="three-letter code"):
            set_rate(session, 2026, "US$", "JPY", "150")
        with pytest.raises(InvalidValue, match="more than zero"):
            set_rate(session, 2026, "EUR", "JPY", "0")
        with pytest.raises(InvalidValue, match="at most 8 decimals"):
            parse_rate("0.000000001")
        with pytest.raises(InvalidValue, match="not EUR into EUR"):
            set_rate(session, 2026, "EUR", "EUR", "1")
    with db.session() as session:
        assert [row.text for row in list_rates(session)] == ["1 USD = 150.5 JPY (FY2026)"]
    with db.transaction() as session:
        delete_rate(session, 2026, "USD", "JPY")
        with pytest.raises(NotFound, match="There is no USD → JPY rate for FY2026"):
            delete_rate(session, 2026, "USD", "JPY")


def test_rate_changes_are_undone(db: Database, account_id: int) -> None:
    added = changes.SetExchangeRate(account_id, 2026, "EUR", "JPY", "162.4")
    with db.transaction() as session:
        added.forward(session)
    changed = changes.SetExchangeRate(account_id, 2026, "EUR", "JPY", "158")
    with db.transaction() as session:
        changed.forward(session)
    with db.session() as session:
        assert [row.text for row in list_rates(session)] == ["1 EUR = 158 JPY (FY2026)"]
    with db.transaction() as session:
        changed.backward(session)
    with db.session() as session:
        (row,) = list_rates(session)
        assert row.text == "1 EUR = 162.4 JPY (FY2026)"
    deleted = changes.DeleteExchangeRate(account_id, 2026, "EUR", "JPY")
    with db.transaction() as session:
        deleted.forward(session)
    with db.transaction() as session:
        deleted.backward(session)
    with db.session() as session:
        assert [(r.id, r.text) for r in list_rates(session)] == [(row.id, "1 EUR = 162.4 JPY (FY2026)")]
    with db.transaction() as session:
        added.backward(session)
    with db.session() as session:
        assert list_rates(session) == []

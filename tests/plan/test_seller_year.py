"""A seller's year across accounts: bookings in two currencies, tiers, accelerator, cap, and the big-deal range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from accountplan.errors import InvalidValue
from accountplan.model import ExchangeRate, SellerPlan
from accountplan.model.enums import CoSellerRole, FirmKind, Outcome
from accountplan.plan import accounts, opportunities, team
from accountplan.plan.changes.sellers import UpdateSellerPlan
from accountplan.plan.seller_year import (
    account_sellers,
    current_fiscal_year,
    seller_year,
    update_seller_plan,
)
from accountplan.store.database import Database

TODAY = dt.date(2026, 6, 15)
YEAR = 2026


@dataclass
class Book:
    """Ines sells to Acme Rail (USD) and Bergbahn (EUR); Tom works on Acme too and owns one deal of it."""

    ines: int
    tom: int
    acme: int
    bergbahn: int
    deals: dict[str, int]


def _deal(session, account: int, name: str, amount: int, currency: str, **values) -> int:  # type: ignore[no-untyped-def]
    return opportunities.add_opportunity(session, account, name, amount=amount, currency=currency, **values)


def _won(session, deal: int, on: dt.date) -> None:  # type: ignore[no-untyped-def]
    opportunities.close_opportunity(session, deal, Outcome.WON, "Best fit", on=on)


@pytest.fixture
def book(db: Database) -> Book:
    with db.transaction() as session:
        acme = accounts.create_account(session, "Acme Rail", currency="USD")
        bergbahn = accounts.create_account(session, "Bergbahn AG", currency="EUR")
        ines = team.add_co_seller(session, "Ines Duarte", CoSellerRole.ACCOUNT_EXECUTIVE)
        tom = team.add_co_seller(session, "Tom Berg", CoSellerRole.SOLUTION_CONSULTANT)
        partner = team.add_co_seller(
            session, "Pia Partner", CoSellerRole.SPECIALIST, firm_kind=FirmKind.PARTNER
        )
        for account in (acme, bergbahn):
            team.join_team(session, account, ines)
        team.join_team(session, acme, tom)
        team.join_team(session, acme, partner)
        session.add(ExchangeRate(fiscal_year=YEAR, currency="EUR", to_currency="USD", rate=Decimal("1.1")))
        deals = {
            "Pilot": _deal(session, acme, "Pilot", 300_000, "USD"),
            "Lift sensors": _deal(session, bergbahn, "Lift sensors", 200_000, "EUR"),
            "Last year": _deal(session, acme, "Last year", 90_000, "USD"),
            "Tom's add-on": _deal(session, acme, "Tom's add-on", 50_000, "USD", owner_id=tom),
            "Rollout": _deal(
                session, acme, "Rollout", 700_000, "USD", probability=40, expected_close=dt.date(2026, 9, 30)
            ),
            "Service": _deal(
                session,
                bergbahn,
                "Service",
                100_000,
                "EUR",
                probability=50,
                expected_close=dt.date(2026, 7, 1),
            ),
            "Next year": _deal(session, acme, "Next year", 80_000, "USD", expected_close=dt.date(2027, 3, 1)),
            "Pounds": _deal(session, bergbahn, "Pounds", 10_000, "GBP", expected_close=dt.date(2026, 8, 1)),
        }
        _won(session, deals["Pilot"], dt.date(2026, 2, 10))
        _won(session, deals["Lift sensors"], dt.date(2026, 5, 5))
        _won(session, deals["Last year"], dt.date(2025, 12, 20))
        _won(session, deals["Tom's add-on"], dt.date(2026, 3, 1))
        update_seller_plan(
            session, ines, YEAR, quota=1_000_000, currency="USD", commission_tiers="0:5\n50:8\n100:15"
        )
    return Book(ines, tom, acme, bergbahn, deals)


def _year(db: Database, seller: int) -> object:
    with db.session() as session:
        return seller_year(session, seller, YEAR, today=TODAY)


def test_bookings_across_two_accounts_in_two_currencies_and_the_pay_by_tiers(
    db: Database, book: Book
) -> None:
    year = _year(db, book.ines)
    assert year.accounts == ("Acme Rail", "Bergbahn AG")
    assert (year.start, year.end, year.title) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31), "FY2026")
    # 300k USD + 200k EUR at 1.1 = 520k USD; last year's deal and Tom's own deal do not count.
    assert [(d.name, d.amount) for d in year.won] == [
        ("Pilot", Decimal(300_000)),
        ("Lift sensors", Decimal(220_000)),
    ]
    assert year.rates == ("1 EUR = 1.1 USD (FY2026)",)
    earned = year.earnings
    assert earned is not None
    assert earned.booked == Decimal(520_000) and round(earned.attainment) == 52
    # 5 % of the first 500k, 8 % of the next 20k.
    assert earned.pay.single and earned.pay.high == Decimal("26600.00")
    # The open deals of the year, by expected close; the GBP deal has no rate and is not summed.
    # While the year is under way, a deal expected after it shows what it would do if won in it.
    assert [(e.name, e.expected_in_year) for e in earned.effects] == [
        ("Service", True),
        ("Rollout", True),
        ("Next year", False),
    ]
    assert [(n.name, n.currency, n.won) for n in year.not_converted] == [("Pounds", "GBP", False)]
    assert year.later == 1
    # Weighted, without the deal expected next year: 520k + 50 % of 110k + 40 % of 700k = 855k.
    assert round(earned.weighted_attainment, 1) == 85.5


def test_a_year_to_come_counts_only_the_deals_expected_in_it(db: Database, book: Book) -> None:
    with db.session() as session:
        year = seller_year(session, book.ines, YEAR + 1, today=TODAY)
    assert [d.name for d in year.open_deals] == ["Next year"] and year.won == ()


def test_a_deal_below_the_threshold_has_one_pay_and_a_big_deal_a_range(db: Database, book: Book) -> None:
    earned = _year(db, book.ines).earnings
    assert earned is not None
    service, rollout, _later = earned.effects
    # Service: 110k USD, below the 500k threshold: one number. 630k booked: 25k + 130k at 8 %.
    assert not service.big_deal and service.pay_after.single
    assert service.pay_after.high == Decimal("35400.00") and service.pay_gain.high == Decimal("8800.00")
    assert round(service.attainment_after) == 63
    # Rollout: 700k, above 50 % of the 1m quota. Under the plan it counts in full (122 %, the accelerator
    # pays 15 % above quota): 25k + 40k + 220k at 15 % = 98k. Re-evaluated, it counts up to the 500k
    # threshold: 1,020k, 25k + 40k + 20k at 15 % = 68k. Two numbers, the lower first.
    assert rollout.big_deal and not rollout.pay_after.single
    assert (rollout.pay_after.low, rollout.pay_after.high) == (Decimal("68000.00"), Decimal("98000.00"))
    assert rollout.pay_after.low < rollout.pay_after.high
    assert (rollout.pay_gain.low, rollout.pay_gain.high) == (Decimal("41400.00"), Decimal("71400.00"))
    assert round(rollout.attainment_after) == 122


def test_the_cap_holds_both_ends_of_the_range(db: Database, book: Book) -> None:
    with db.transaction() as session:
        update_seller_plan(session, book.ines, YEAR, cap=90_000)
    earned = _year(db, book.ines).earnings
    assert earned is not None
    rollout = earned.effects[1]
    assert (rollout.pay_after.low, rollout.pay_after.high) == (Decimal("68000.00"), Decimal("90000.00"))
    with db.transaction() as session:
        update_seller_plan(session, book.ines, YEAR, cap=20_000)
    earned = _year(db, book.ines).earnings
    assert earned is not None and earned.capped and earned.pay.high == Decimal("20000.00")


def test_a_big_deal_already_won_makes_the_years_pay_a_range(db: Database, book: Book) -> None:
    with db.transaction() as session:
        _won(session, book.deals["Rollout"], dt.date(2026, 6, 1))
    earned = _year(db, book.ines).earnings
    assert earned is not None
    assert [d.name for d in earned.big_won] == ["Rollout"]
    assert (earned.pay.low, earned.pay.high) == (Decimal("68000.00"), Decimal("98000.00"))


def test_the_other_seller_sees_only_the_deal_they_own(db: Database, book: Book) -> None:
    with db.transaction() as session:
        update_seller_plan(session, book.tom, YEAR, quota=200_000, currency="USD")
    year = _year(db, book.tom)
    assert [d.name for d in year.won] == ["Tom's add-on"] and year.open_deals == ()
    assert year.accounts == ("Acme Rail",)


def test_the_account_executive_comes_first_and_partners_carry_no_quota(db: Database, book: Book) -> None:
    with db.session() as session:
        assert account_sellers(session, book.acme) == [(book.ines, "Ines Duarte"), (book.tom, "Tom Berg")]
        assert current_fiscal_year(session, book.ines, TODAY) == YEAR


def test_a_fiscal_year_from_april_counts_the_deals_from_april_to_march(db: Database, book: Book) -> None:
    with db.transaction() as session:
        update_seller_plan(session, book.ines, 2025, quota=500_000, year_starts_month=4)
    with db.session() as session:
        year = seller_year(session, book.ines, 2025, today=TODAY)
    assert (year.start, year.end, year.title) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31), "FY2025/26")
    # Won from April 2025 to March 2026: last year's deal (Dec 2025) and Pilot (Feb 2026), not Lift sensors (May).
    assert [d.name for d in year.won] == ["Last year", "Pilot"]
    assert year.open_deals == ()  # the year is over


def test_a_year_without_a_plan_shows_the_defaults_and_writes_nothing(db: Database, book: Book) -> None:
    with db.session() as session:
        year = seller_year(session, book.tom, 2027, today=TODAY, currency="EUR")
        count = session.scalar(select(func.count()).select_from(SellerPlan))
    assert not year.stored and year.plan.currency == "EUR" and year.plan.quota is None
    assert year.earnings is None and count == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quota": 0}, "quota must be more than zero"),
        ({"cap": "-1"}, "cap must be more than zero"),
        ({"currency": "euro"}, "not a currency code"),
        ({"commission_tiers": "10:8"}, "first tier must start at 0"),
        ({"big_deal_percent": 0}, "at least 1 %"),
        ({"year_starts_month": 13}, "between 1 and 12"),
        ({"owner": 1}, "cannot be set here"),
    ],
)
def test_a_refused_value_says_why_and_writes_nothing(
    db: Database, book: Book, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidValue, match=message), db.transaction() as session:
        update_seller_plan(session, book.ines, YEAR, **changes)
    with db.session() as session:
        plan = session.scalars(select(SellerPlan)).one()
        assert (plan.quota, plan.cap, plan.currency) == (Decimal("1000000.00"), None, "USD")


def test_an_edit_is_undone_and_redone_and_a_new_years_plan_goes_away_on_undo(
    db: Database, book: Book
) -> None:
    edit = UpdateSellerPlan(book.acme, book.ines, YEAR, "Ines Duarte", quota="1,200,000", cap=150_000)
    new_year = UpdateSellerPlan(book.acme, book.ines, 2027, "Ines Duarte", quota=1_500_000)
    assert edit.text == "edit Ines Duarte's plan for FY2026: quota, cap"

    def plans() -> list[tuple[int, Decimal | None, Decimal | None, str]]:
        with db.session() as session:
            rows = session.scalars(select(SellerPlan).order_by(SellerPlan.fiscal_year))
            return [(p.fiscal_year, p.quota, p.cap, p.commission_tiers) for p in rows]

    before = plans()
    for change in (edit, new_year):
        with db.transaction() as session:
            change.forward(session)
    after = plans()
    tiers = "0:5\n50:8\n100:15"  # the new year starts from the latest plan's terms, not its quota
    assert after == [
        (2026, Decimal("1200000.00"), Decimal("150000.00"), tiers),
        (2027, Decimal("1500000.00"), None, tiers),
    ]
    for change in (new_year, edit):
        with db.transaction() as session:
            change.backward(session)
    assert plans() == before
    for change in (edit, new_year):
        with db.transaction() as session:
            change.forward(session)
    assert plans() == after

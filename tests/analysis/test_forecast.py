"""The forecast roll-up on a scripted set of deals: two currencies, a fiscal year starting in April."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accountplan.analysis.forecast import (
    FiscalCalendar,
    ForecastDeal,
    Rates,
    RateUsed,
    forecast_movement,
    roll_up,
)
from accountplan.model.enums import ForecastCategory, Outcome

TODAY = dt.date(2026, 12, 15)  # Q3 of FY2026 (April 2026 to March 2027)
APRIL = FiscalCalendar(4)
RATES = Rates(
    [
        RateUsed(2026, "EUR", "JPY", Decimal("162.4")),
        RateUsed(2027, "EUR", "JPY", Decimal("170")),
    ]
)


def deal(
    deal_id: int,
    name: str,
    category: ForecastCategory,
    amount: str | None,
    currency: str,
    close: dt.date | None,
    probability: int = 50,
    outcome: Outcome | None = None,
    account: tuple[int, str] = (1, "Kansai Logistics"),
) -> ForecastDeal:
    return ForecastDeal(
        id=deal_id,
        name=name,
        account_id=account[0],
        account=account[1],
        category=category,
        amount=None if amount is None else Decimal(amount),
        currency=currency,
        probability=probability,
        outcome=outcome,
        expected_close=close,
        closed_on=close if outcome is not None else None,
    )


C = ForecastCategory
DEALS = [
    deal(1, "Won in November", C.COMMIT, "100000", "EUR", dt.date(2026, 11, 10), 100, Outcome.WON),
    deal(2, "Commit in March", C.COMMIT, "50000000", "JPY", dt.date(2027, 3, 20), 80),
    deal(3, "Best case after the year", C.BEST_CASE, "200000", "EUR", dt.date(2027, 4, 15), 50),
    deal(4, "Dollars", C.PIPELINE, "300000", "USD", dt.date(2026, 12, 1), 30),
    deal(5, "Parked", C.OMITTED, "10000000", "JPY", dt.date(2027, 1, 10), 60),
    deal(6, "Lost", C.PIPELINE, "20000000", "JPY", dt.date(2026, 10, 1), 0, Outcome.LOST),
    deal(7, "No date", C.PIPELINE, "5000000", "JPY", None, 10),
    deal(8, "Last day of the year", C.COMMIT, "50000", "EUR", dt.date(2027, 3, 31), 90),
    deal(9, "Closed too soon", C.CLOSED, "1000000", "JPY", dt.date(2026, 12, 20), 95),
    deal(10, "Other account", C.PIPELINE, "4000000", "JPY", dt.date(2026, 10, 5), 25, account=(2, "Acme")),
]


@pytest.fixture
def rollup():  # type: ignore[no-untyped-def]
    return roll_up(DEALS, currency="JPY", calendar=APRIL, rates=RATES, today=TODAY, basis="in JPY")


def test_quarters_of_a_year_starting_in_april() -> None:
    q3 = APRIL.quarter_of(TODAY)
    assert (q3.fiscal_year, q3.quarter, q3.start, q3.end) == (
        2026,
        3,
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    assert q3.label == "Q3 FY2026/27" and q3.months == "Oct–Dec 2026"
    last = APRIL.quarter_of(dt.date(2027, 3, 31))
    assert (last.fiscal_year, last.quarter) == (2026, 4)
    first = APRIL.quarter_of(dt.date(2027, 4, 1))
    assert (first.fiscal_year, first.quarter, first.label) == (2027, 1, "Q1 FY2027/28")
    assert APRIL.year(2026).months == "Apr 2026 – Mar 2027"
    assert FiscalCalendar(1).quarter_of(TODAY).label == "Q4 FY2026"


def test_the_roll_up_by_quarter_and_year(rollup) -> None:  # type: ignore[no-untyped-def]
    q3, q4 = APRIL.quarter_of(TODAY), APRIL.quarter_of(dt.date(2027, 1, 1))
    now = rollup.quarter(q3)
    # Won: EUR 100,000 at 162.4; Closed-too-soon counts in Commit; the other account's deal in Pipeline.
    assert now.closed == Decimal("16240000.00")
    assert now.commit == Decimal("1000000.00")
    assert now.pipeline == Decimal("4000000.00")
    assert now.best_case == 0
    assert now.weighted == Decimal("950000.00") + Decimal("1000000.00")  # 95 % of 1m, 25 % of 4m
    march = rollup.quarter(q4)
    # JPY 50m and EUR 50,000 on the year's last day at FY2026's rate.
    assert march.commit == Decimal("50000000.00") + Decimal("8120000.00")
    assert march.weighted == Decimal("40000000.00") + Decimal("7308000.00")
    fy2026, fy2027 = rollup.year(2026), rollup.year(2027)
    assert fy2026.closed == Decimal("16240000.00")
    assert fy2026.commit == Decimal("59120000.00")
    assert fy2026.pipeline == Decimal("4000000.00")
    # After the boundary, the best case converts at FY2027's rate: EUR 200,000 × 170.
    assert fy2027.best_case == Decimal("34000000.00")
    assert fy2027.weighted == Decimal("17000000.00")
    assert rollup.undated.pipeline == Decimal("5000000.00") and rollup.undated.weighted == Decimal(
        "500000.00"
    )
    assert [p.label for p, _ in rollup.years] == ["FY2026/27", "FY2027/28"]
    assert rollup.current_year == fy2026 and rollup.current_quarter == now


def test_the_rates_used_are_named_and_a_missing_rate_is_reported_not_counted(rollup) -> None:  # type: ignore[no-untyped-def]
    assert [rate.text for rate in rollup.rates_used] == [
        "1 EUR = 162.4 JPY (FY2026)",
        "1 EUR = 170 JPY (FY2027)",
    ]
    assert rollup.rates_text == "Converted to JPY at 1 EUR = 162.4 JPY (FY2026); 1 EUR = 170 JPY (FY2027)."
    (missing,) = rollup.not_converted
    assert missing.deal.name == "Dollars"
    assert missing.text == (
        "Dollars (Kansai Logistics): USD 300,000, no USD → JPY rate for FY2026: not converted, not in the totals"
    )
    counted = {line.deal.name for line in rollup.lines}
    assert "Dollars" not in counted
    # Not counted 1:1 either: no 300,000 anywhere in the totals.
    assert all(b.pipeline != Decimal("300000") for _, b in rollup.quarters)


def test_omitted_and_lost_are_left_out_and_said(rollup) -> None:  # type: ignore[no-untyped-def]
    counted = {line.deal.name for line in rollup.lines}
    assert {"Parked", "Lost"}.isdisjoint(counted)
    assert any("1 omitted deal left out (Parked)" in note for note in rollup.notes)
    assert any("1 lost or undecided deal left out" in note for note in rollup.notes)
    assert any("Closed too soon: put in Closed but not won yet, counted in Commit" in n for n in rollup.notes)


def test_per_account_rows(rollup) -> None:  # type: ignore[no-untyped-def]
    acme, kansai = rollup.accounts
    assert (acme.name, kansai.name) == ("Acme", "Kansai Logistics")
    assert acme.this_quarter.pipeline == Decimal("4000000.00")
    assert kansai.this_year.closed == Decimal("16240000.00")
    assert kansai.this_year.commit == Decimal("59120000.00")
    assert kansai.all_open.best_case == Decimal("34000000.00")
    assert kansai.not_converted == 1


def test_a_rate_set_the_other_way_round_is_used_inverted() -> None:
    rates = Rates([RateUsed(2026, "JPY", "EUR", Decimal("0.00625"))])
    one = [deal(1, "Yen deal", C.COMMIT, "16000000", "JPY", dt.date(2026, 12, 1), 50)]
    result = roll_up(one, currency="EUR", calendar=APRIL, rates=rates, today=TODAY)
    assert result.current_quarter.commit == Decimal("100000.00")
    other = roll_up(
        [deal(2, "Euro deal", C.COMMIT, "100", "EUR", dt.date(2026, 12, 1))],
        currency="JPY",
        calendar=APRIL,
        rates=rates,
        today=TODAY,
    )
    assert other.current_quarter.commit == Decimal("16000.00")
    assert [r.text for r in other.rates_used] == ["1 JPY = 0.00625 EUR (FY2026)"]


def test_how_the_forecast_moved() -> None:
    then_deals = [
        deal(2, "Commit in March", C.BEST_CASE, "40000000", "JPY", dt.date(2027, 3, 20), 60),
        deal(3, "Pushed", C.COMMIT, "10000000", "JPY", dt.date(2026, 12, 10), 70),
        deal(4, "To be won", C.COMMIT, "3000000", "JPY", dt.date(2026, 11, 30), 90),
        deal(5, "To be lost", C.PIPELINE, "2000000", "JPY", dt.date(2027, 2, 1), 20),
    ]
    now_deals = [
        deal(2, "Commit in March", C.COMMIT, "50000000", "JPY", dt.date(2027, 3, 20), 80),
        deal(3, "Pushed", C.COMMIT, "10000000", "JPY", dt.date(2027, 5, 10), 70),
        deal(4, "To be won", C.COMMIT, "3000000", "JPY", dt.date(2026, 11, 30), 100, Outcome.WON),
        deal(5, "To be lost", C.PIPELINE, "2000000", "JPY", dt.date(2027, 2, 1), 0, Outcome.LOST),
        deal(6, "New", C.PIPELINE, "1000000", "JPY", dt.date(2027, 1, 15), 10),
    ]
    kwargs = {"currency": "JPY", "calendar": APRIL, "rates": RATES, "today": TODAY}
    then, now = roll_up(then_deals, **kwargs), roll_up(now_deals, **kwargs)  # type: ignore[arg-type]
    moved = forecast_movement(then, now, since=None, since_text="the last meeting", deleted=[("Gone", "K")])
    texts = [move.text for move in moved.moves]
    assert texts == [
        "Commit in March: Best case → Commit (JPY 50,000,000)",
        "Commit in March: amount JPY 40,000,000 → JPY 50,000,000",
        "Pushed: expected close Q3 FY2026/27 → Q1 FY2027/28",
        "To be won: won (JPY 3,000,000, Q3 FY2026/27)",
        "New: new in Pipeline (JPY 1,000,000, Q4 FY2026/27)",
        "To be lost: lost (JPY 2,000,000 out)",
        "Gone: deleted (not in the earlier figures)",
    ]
    assert moved.change(C.COMMIT) == Decimal(50000000 - 10000000 - 3000000)
    assert moved.change(C.BEST_CASE) == Decimal(-40000000)
    assert moved.change(C.CLOSED) == Decimal(3000000)
    assert moved.change(C.PIPELINE) == Decimal(1000000 - 2000000)
    assert moved.summary().startswith(
        "Closed +JPY 3,000,000 · Commit +JPY 37,000,000 · Best case −JPY 40,000,000"
    )

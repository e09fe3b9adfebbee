"""The numbers: the reverse funnel worked by hand, commission tiers at their edges, and the big-deal clause."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from accountplan.analysis.numbers import (
    NumbersInputs,
    commission,
    format_tiers,
    parse_tiers,
    reverse_funnel,
)
from accountplan.analysis.quarters import fiscal_quarters
from accountplan.errors import InvalidValue

QUARTERS = fiscal_quarters(1, dt.date(2026, 11, 23))
TIERS = ((0, Decimal(5)), (50, Decimal(8)), (100, Decimal(12)), (150, Decimal(15)))
QUOTA = Decimal(1_000_000)


def inputs(**changes: object) -> NumbersInputs:
    base = NumbersInputs(
        target=Decimal(2_000_000),
        average_deal=Decimal(350_000),
        win_rate=30,
        cycle_months=9,
        stage1_to_qualified=50,
        meeting_to_stage1=25,
        outreach_to_meeting=10,
        quota=QUOTA,
        tiers=((0, Decimal(8)), (100, Decimal(12))),
        big_deal_percent=30,
        currency="EUR",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# --- the funnel -------------------------------------------------------------------------------------


def test_the_funnel_divides_up_from_the_target_to_outreach() -> None:
    funnel = reverse_funnel(inputs(), QUARTERS)
    assert funnel is not None
    # 2,000,000 / 350,000 = 5.7 → 6 deals; / 30 % → 20 qualified; / 50 % → 40 stage 1;
    # / 25 % → 160 meetings; / 10 % → 1,600 outreach.
    assert (funnel.deals, funnel.qualified, funnel.stage1, funnel.meetings, funnel.outreach) == (
        6,
        20,
        40,
        160,
        1600,
    )


def test_a_target_that_divides_exactly_needs_no_extra_deal() -> None:
    funnel = reverse_funnel(
        inputs(target=Decimal(1_000_000), average_deal=Decimal(250_000), win_rate=40), QUARTERS
    )
    assert funnel is not None
    assert (funnel.deals, funnel.qualified) == (4, 10)


def test_deals_close_after_the_cycle_and_their_opportunities_are_created_a_cycle_earlier() -> None:
    funnel = reverse_funnel(inputs(), QUARTERS)
    assert funnel is not None
    # A 9-month cycle: deals close from Q4 FY2026 (index 3), over 9 quarters; 6 deals, 20 qualified.
    assert funnel.per_quarter == (
        ("Q1 FY2026", 0, 3),
        ("Q2 FY2026", 0, 3),
        ("Q3 FY2026", 0, 2),
        ("Q4 FY2026", 1, 2),
        ("Q1 FY2027", 1, 2),
        ("Q2 FY2027", 1, 2),
        ("Q3 FY2027", 1, 2),
        ("Q4 FY2027", 1, 2),
        ("Q1 FY2028", 1, 2),
        ("Q2 FY2028", 0, 0),
        ("Q3 FY2028", 0, 0),
        ("Q4 FY2028", 0, 0),
    )
    # Nine quarters of creation: 117 selling weeks.
    assert funnel.per_week == pytest.approx((40 / 117, 160 / 117, 1600 / 117))


def test_a_cycle_inside_a_quarter_creates_in_the_quarter_that_holds_its_start() -> None:
    funnel = reverse_funnel(inputs(cycle_months=4, target=Decimal(3_500_000)), QUARTERS)
    assert funnel is not None
    # 10 deals over the 10 quarters from July (4 months after January rounds up to the July quarter);
    # 34 qualified; July's are created in March (Q1), October's in June (Q2) …
    assert [closing for _q, closing, _c in funnel.per_quarter] == [0, 0] + [1] * 10
    assert [created for _q, _d, created in funnel.per_quarter] == [4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 0, 0]
    assert funnel.per_week[0] == pytest.approx(funnel.stage1 / 130)


def test_a_cycle_longer_than_the_journey_closes_everything_in_the_last_quarter() -> None:
    funnel = reverse_funnel(inputs(cycle_months=48), QUARTERS)
    assert funnel is not None
    assert funnel.per_quarter[-1][1] == 6
    assert funnel.per_quarter[0][2] == 20  # created as soon as possible: the first quarter
    assert funnel.per_week == pytest.approx((40 / 13, 160 / 13, 1600 / 13))


def test_no_cycle_closes_and_creates_in_every_quarter() -> None:
    funnel = reverse_funnel(inputs(cycle_months=0, target=Decimal(4_200_000)), QUARTERS)
    assert funnel is not None
    # 12 deals, 40 qualified: 3 a quarter and the 4 left over in the first quarters
    assert [(closing, created) for _q, closing, created in funnel.per_quarter] == [(1, 4)] * 4 + [(1, 3)] * 8


def test_no_funnel_without_a_target_or_an_average_deal() -> None:
    assert reverse_funnel(inputs(target=None), QUARTERS) is None
    assert reverse_funnel(inputs(average_deal=None), QUARTERS) is None


# --- commission -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attained", "pay"),
    [
        (Decimal(0), Decimal("0.00")),
        (Decimal(500_000), Decimal("25000.00")),  # exactly 50 %: all at 5 %
        (Decimal(500_010), Decimal("25000.80")),  # 10 above it at 8 %
        (Decimal(1_000_000), Decimal("65000.00")),  # 25,000 + 500,000 × 8 %
        (Decimal(1_000_010), Decimal("65001.20")),  # the accelerator: 10 at 12 %
        (Decimal(1_500_000), Decimal("125000.00")),  # + 500,000 × 12 %
        (Decimal(2_000_000), Decimal("200000.00")),  # + 500,000 × 15 %
        (Decimal("333.33"), Decimal("16.67")),  # 16.6665 rounds half up
    ],
)
def test_commission_pays_each_band_at_its_own_rate(attained: Decimal, pay: Decimal) -> None:
    assert commission(attained, QUOTA, TIERS) == pay


# --- tiers ------------------------------------------------------------------------------------------


def test_tiers_are_read_from_lines_and_written_back_the_same_way() -> None:
    tiers = parse_tiers(" 0 : 8 %\n\n100%:12.5\n")
    assert tiers == ((0, Decimal(8)), (100, Decimal("12.5")))
    assert parse_tiers(format_tiers(tiers)) == tiers
    assert format_tiers(tiers) == "0:8\n100:12.5"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0:8\n100", 'line 2 ("100") is not "from:rate"'),
        ("0:8\n\n50:x", "line 3"),
        ("10:8", "line 1: the first tier must start at 0"),
        ("0:8\n100:12\n100:15", "line 3: 100 % does not come after the tier above (100 %)"),
        ("0:-1", "line 1: percents cannot be negative"),
        ("  \n", "at least one tier"),
    ],
)
def test_unreadable_tiers_are_refused_with_the_line_and_why(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_tiers(text)

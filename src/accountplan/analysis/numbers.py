"""The seller's numbers: the reverse funnel from a target to outreach, and the commission by tiers.

What a seller's year pays across accounts (attainment, cap, what each open deal would do, the big-deal range)
is :mod:`accountplan.analysis.seller_pay`'s, built on :func:`commission`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from accountplan.analysis.quarters import Quarter, quarter_of
from accountplan.errors import InvalidValue

CENT = Decimal("0.01")
#: Selling weeks in a quarter.
WEEKS_PER_QUARTER = 13


@dataclass(frozen=True)
class NumbersInputs:
    """What the numbers are computed from; percents are whole numbers (30 for 30 %)."""

    target: Decimal | None
    average_deal: Decimal | None
    win_rate: int
    cycle_months: int
    stage1_to_qualified: int
    meeting_to_stage1: int
    outreach_to_meeting: int
    quota: Decimal | None
    #: (from percent of quota, rate percent), ascending, the first from 0.
    tiers: tuple[tuple[int, Decimal], ...]
    big_deal_percent: int
    currency: str


def parse_tiers(text: str) -> tuple[tuple[int, Decimal], ...]:
    """Commission tiers from lines "from_percent:rate_percent" (e.g. "0:8" and "100:12").

    Blank lines are skipped and "%" signs allowed; the tiers must start at 0 and rise.
    Raise InvalidValue naming the line and what is wrong with it.
    """
    tiers: list[tuple[int, Decimal]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.replace("%", "").split(":")
        if len(parts) != 2:
            raise InvalidValue(f'Commission tier line {number} ("{line.strip()}") is not "from:rate".')
        try:
            start, rate = int(parts[0].strip()), Decimal(parts[1].strip())
        except (ValueError, InvalidOperation):
            raise InvalidValue(
                f'Commission tier line {number} ("{line.strip()}") needs a whole percent of quota '
                "before the colon and a rate after it."
            ) from None
        if start < 0 or not rate.is_finite() or rate < 0:
            raise InvalidValue(f"Commission tier line {number}: percents cannot be negative.")
        if not tiers and start != 0:
            raise InvalidValue(f"Commission tier line {number}: the first tier must start at 0 % of quota.")
        if tiers and start <= tiers[-1][0]:
            raise InvalidValue(
                f"Commission tier line {number}: {start} % does not come after the tier above "
                f"({tiers[-1][0]} %); list the tiers in rising order."
            )
        tiers.append((start, rate))
    if not tiers:
        raise InvalidValue("The commission plan needs at least one tier, such as 0:8.")
    return tuple(tiers)


def format_tiers(tiers: Sequence[tuple[int, Decimal]]) -> str:
    """Tiers as the lines :func:`parse_tiers` reads."""
    return "\n".join(f"{start}:{rate}" for start, rate in tiers)


# --- the reverse funnel -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Funnel:
    """How much of each stage the target needs: each count is the next one up divided by its rate."""

    deals: int
    qualified: int
    stage1: int
    meetings: int
    outreach: int
    #: (quarter with its fiscal year, deals closing, new qualified opportunities to create).
    per_quarter: tuple[tuple[str, int, int], ...]
    #: Stage-1 opportunities, meetings and outreach per selling week.
    per_week: tuple[float, float, float]


def _divide_up(count: int, percent: int) -> int:
    """``count`` divided by ``percent`` %, rounded up."""
    return -(-count * 100 // percent)


def _spread(total: int, slots: int) -> list[int]:
    """``total`` split evenly over ``slots``, the earlier slots taking the remainder."""
    base, extra = divmod(total, slots)
    return [base + (1 if index < extra else 0) for index in range(slots)]


def _months_later(day_month: tuple[int, int], months: int) -> tuple[int, int]:
    year, month = day_month
    total = year * 12 + month - 1 + months
    return total // 12, total % 12 + 1


def reverse_funnel(inputs: NumbersInputs, quarters: Sequence[Quarter]) -> Funnel | None:
    """The funnel the target needs, spread over ``quarters``.

    None when the target or the average deal is missing (or a conversion rate is 0). Deals close evenly
    over the quarters that start at least ``cycle_months`` after the first quarter's start (at least the
    last quarter); each closing quarter's qualified opportunities are created ``cycle_months`` earlier,
    in the first quarter at the latest.
    """
    rates = (
        inputs.win_rate,
        inputs.stage1_to_qualified,
        inputs.meeting_to_stage1,
        inputs.outreach_to_meeting,
    )
    if not inputs.target or not inputs.average_deal or inputs.average_deal <= 0 or min(rates) <= 0:
        return None
    deals = max(1, math.ceil(inputs.target / inputs.average_deal))
    qualified = _divide_up(deals, inputs.win_rate)
    stage1 = _divide_up(qualified, inputs.stage1_to_qualified)
    meetings = _divide_up(stage1, inputs.meeting_to_stage1)
    outreach = _divide_up(meetings, inputs.outreach_to_meeting)
    if not quarters:
        return Funnel(deals, qualified, stage1, meetings, outreach, (), (0.0, 0.0, 0.0))
    first = quarters[0].start
    ready = _months_later((first.year, first.month), inputs.cycle_months)
    closing = [q for q in quarters if (q.start.year, q.start.month) >= ready] or [quarters[-1]]
    closing_deals = dict(zip((q.index for q in closing), _spread(deals, len(closing)), strict=True))
    created = dict.fromkeys((q.index for q in quarters), 0)
    for quarter, count in zip(closing, _spread(qualified, len(closing)), strict=True):
        year, month = _months_later((quarter.start.year, quarter.start.month), -inputs.cycle_months)
        shifted = quarter.start.replace(year=year, month=month)
        index = quarter_of(quarters, shifted)
        created[quarters[0].index if index is None else index] += count
    per_quarter = tuple((q.title, closing_deals.get(q.index, 0), created[q.index]) for q in quarters)
    weeks = WEEKS_PER_QUARTER * max(1, sum(1 for count in created.values() if count))
    per_week = (stage1 / weeks, meetings / weeks, outreach / weeks)
    return Funnel(deals, qualified, stage1, meetings, outreach, per_quarter, per_week)


# --- pay --------------------------------------------------------------------------------------------


def commission(attained: Decimal, quota: Decimal, tiers: Sequence[tuple[int, Decimal]]) -> Decimal:
    """The pay for ``attained`` against ``quota``: each tier's rate applies to the part inside its band."""
    pay = Decimal(0)
    for position, (start, rate) in enumerate(tiers):
        low = quota * start / 100
        high = quota * tiers[position + 1][0] / 100 if position + 1 < len(tiers) else None
        part = attained - low if high is None else min(attained, high) - low
        if part > 0:
            pay += part * rate / 100
    return pay.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NumbersView:
    """The numbers screen: its inputs and the funnel they need (the pay is the seller's year's)."""

    inputs: NumbersInputs
    funnel: Funnel | None

"""What a seller's year pays: attainment against quota, the commission plan, and the big-deal range.

The pay plan (:class:`PayPlan`) is one seller's for one fiscal year, across all their accounts: a quota, the
commission tiers (each rate pays the part of the bookings inside its band of attainment, so a higher rate
above 100 % is an accelerator), an optional cap on the year's pay, and the big-deal threshold.

**The big-deal range.** A deal worth more than ``big_deal_percent`` of the quota lets the company re-evaluate
its payout, so its pay is never one number but a :class:`PayRange`:

- the high end is the pay *under the plan*: the deal counts in full, through every tier and accelerator;
- the low end is the pay *if re-evaluated*: the deal counts only up to the threshold, and its excess over
  the threshold earns no commission.

Paying the excess at the base rate instead (without the accelerators) is the milder reading of many plans,
but it is no range at all for the most common big deal: one that takes a seller from below quota to still
below it, where the base rate is the only rate (a 600k deal on an 800k quota at 8 % then 12 %). Crediting
the deal up to the threshold gives the seller the downside to plan for in every case. The cap, if any,
holds at both ends. A deal already won above the threshold makes the year's pay a range the same way, and
so the pay after any other deal too. Attainment is what was booked, so it stays one number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from accountplan.analysis.numbers import commission

__all__ = [
    "BookedDeal",
    "DealEffect",
    "OpenDeal",
    "PayPlan",
    "PayRange",
    "SellerEarnings",
    "plan_pay",
    "seller_earnings",
]


@dataclass(frozen=True)
class PayPlan:
    """A seller's pay plan for a fiscal year; amounts in ``currency``, percents whole (50 for 50 %)."""

    quota: Decimal | None
    #: (from percent of quota, rate percent), ascending, the first from 0.
    tiers: tuple[tuple[int, Decimal], ...]
    #: The most the year pays (None: no cap).
    cap: Decimal | None
    big_deal_percent: int
    currency: str

    @property
    def threshold(self) -> Decimal | None:
        """The amount above which one deal is a big deal (None without a quota)."""
        return None if self.quota is None else self.quota * self.big_deal_percent / 100

    def is_big(self, amount: Decimal) -> bool:
        """Whether a deal of ``amount`` is above the big-deal threshold."""
        threshold = self.threshold
        return threshold is not None and amount > threshold


@dataclass(frozen=True)
class PayRange:
    """Pay from ``low`` (if re-evaluated) to ``high`` (under the plan); one number when they are equal."""

    low: Decimal
    high: Decimal

    @property
    def single(self) -> bool:
        """No big deal is involved (or it makes no difference): the pay is one number."""
        return self.low == self.high

    def __sub__(self, other: PayRange) -> PayRange:
        """What this pay adds to ``other``, end for end."""
        return PayRange(self.low - other.low, self.high - other.high)


@dataclass(frozen=True)
class BookedDeal:
    """A deal won in the year, its amount in the plan's currency."""

    opportunity_id: int
    name: str
    account_id: int
    account: str
    amount: Decimal
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class OpenDeal:
    """An open deal that may close in the year, its amount in the plan's currency."""

    opportunity_id: int
    name: str
    account_id: int
    account: str
    amount: Decimal
    probability: int
    expected_close: dt.date | None = None
    #: Expected to close in the year (else shown for what it would do if won in it, and not weighted).
    expected_in_year: bool = True


@dataclass(frozen=True)
class DealEffect:
    """What winning one open deal would do: attainment (percent of quota) and the year's pay after it."""

    opportunity_id: int
    name: str
    account_id: int
    account: str
    amount: Decimal
    attainment_after: float
    pay_after: PayRange
    pay_gain: PayRange
    #: Above the big-deal threshold: its pay may be re-evaluated (``pay_after`` is a range).
    big_deal: bool
    expected_close: dt.date | None = None
    #: Expected to close in the year (else: what it would do if won in it).
    expected_in_year: bool = True


@dataclass(frozen=True)
class SellerEarnings:
    """The year's bookings against quota and their pay, and what each open deal would add."""

    plan: PayPlan
    booked: Decimal
    attainment: float
    pay: PayRange
    #: The won deals above the big-deal threshold (they make ``pay`` a range).
    big_won: tuple[BookedDeal, ...]
    effects: tuple[DealEffect, ...]
    #: With every open deal expected in the year counted at its probability.
    weighted_attainment: float
    weighted_pay: PayRange
    #: The cap holds the year's pay under the plan.
    capped: bool


def plan_pay(attained: Decimal, plan: PayPlan) -> Decimal:
    """The year's pay for ``attained`` bookings: the tiers' commission, no more than the cap."""
    assert plan.quota is not None
    pay = commission(attained, plan.quota, plan.tiers)
    return pay if plan.cap is None else min(pay, plan.cap)


def _credited(amount: Decimal, plan: PayPlan) -> Decimal:
    """What a deal counts for if re-evaluated: no more than the big-deal threshold."""
    threshold = plan.threshold
    return amount if threshold is None else min(amount, threshold)


def _range(full: Decimal, credited: Decimal, plan: PayPlan) -> PayRange:
    return PayRange(plan_pay(credited, plan), plan_pay(full, plan))


def _percent(amount: Decimal, quota: Decimal) -> float:
    return float(amount * 100 / quota)


def seller_earnings(
    plan: PayPlan, won: Sequence[BookedDeal], open_deals: Sequence[OpenDeal]
) -> SellerEarnings | None:
    """The year's pay from the deals ``won`` and after each of ``open_deals`` (in the order given).

    Amounts are in the plan's currency. None without a (positive) quota or without commission tiers.
    """
    quota = plan.quota
    if quota is None or quota <= 0 or not plan.tiers:
        return None
    booked = sum((deal.amount for deal in won), Decimal(0))
    credited = sum((_credited(deal.amount, plan) for deal in won), Decimal(0))
    pay = _range(booked, credited, plan)
    effects = []
    for deal in open_deals:
        after = _range(booked + deal.amount, credited + _credited(deal.amount, plan), plan)
        effects.append(
            DealEffect(
                deal.opportunity_id,
                deal.name,
                deal.account_id,
                deal.account,
                deal.amount,
                _percent(booked + deal.amount, quota),
                after,
                after - pay,
                plan.is_big(deal.amount),
                deal.expected_close,
                deal.expected_in_year,
            )
        )
    likely = [deal for deal in open_deals if deal.expected_in_year]
    weighted = booked + sum((deal.amount * deal.probability / 100 for deal in likely), Decimal(0))
    weighted_credited = credited + sum(
        (_credited(deal.amount, plan) * deal.probability / 100 for deal in likely), Decimal(0)
    )
    return SellerEarnings(
        plan=plan,
        booked=booked,
        attainment=_percent(booked, quota),
        pay=pay,
        big_won=tuple(deal for deal in won if plan.is_big(deal.amount)),
        effects=tuple(effects),
        weighted_attainment=_percent(weighted, quota),
        weighted_pay=_range(weighted, weighted_credited, plan),
        capped=plan.cap is not None and commission(booked, quota, plan.tiers) > plan.cap,
    )

"""A seller's year across all their accounts: their plan for a fiscal year, what they booked, what it pays.

A seller is one of our co-sellers. Their deals are those they own (``Opportunity.owner_id``) and, in each
account where they are the account executive (:func:`~accountplan.plan.seller_plans.account_seller`), the
deals that name no owner: the deals the forecast gives them (:func:`~accountplan.plan.forecast.forecast_deals`). Of those, the year counts:

- **booked**: the deals won with a close date inside the fiscal year;
- **open**: the open deals with an amount that may still close in it: expected inside the year, or overdue
  or undated when the year is under way (such a deal closes no earlier than today). While the year is under
  way the deals expected after it are open deals of the year too (what they would do if won in it: a deal
  may be pulled in), counted in ``later`` and left out of the weighted scenario. A year already over has no
  open deal.

Amounts are converted into the plan's currency with the exchange rates the user set for the fiscal year
(:func:`accountplan.plan.forecast.load_rates`, a rate also used the other way round); a deal in a currency without a rate is listed in
``not_converted`` and left out of the sums, never counted at a guessed rate.

The pay is :func:`~accountplan.analysis.seller_pay.seller_earnings`'s: a big deal's is a range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.forecast import ForecastDeal
from accountplan.analysis.numbers import format_tiers, parse_tiers
from accountplan.analysis.seller_pay import BookedDeal, OpenDeal, PayPlan, SellerEarnings, seller_earnings
from accountplan.errors import InvalidValue
from accountplan.model import Account, CoSeller, DealTeamMember, SellerPlan
from accountplan.model.enums import FirmKind, Outcome
from accountplan.model.seller import DEFAULT_COMMISSION_TIERS, FISCAL_YEARS
from accountplan.plan import fields
from accountplan.plan.forecast import forecast_deals, load_rates
from accountplan.plan.seller_plans import account_seller, fiscal_year_of

__all__ = [
    "PLAN_FIELDS",
    "NotConverted",
    "SellerYear",
    "account_sellers",
    "current_fiscal_year",
    "delete_seller_plan",
    "seller_year",
    "update_seller_plan",
]

#: The fields of a seller plan the user edits.
PLAN_FIELDS = ("quota", "currency", "commission_tiers", "cap", "big_deal_percent", "year_starts_month")
#: A default big-deal threshold: more than half the quota.
DEFAULT_BIG_DEAL_PERCENT = 50
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class NotConverted:
    """A deal of the year left out of the sums: no exchange rate into the plan's currency was set."""

    opportunity_id: int
    name: str
    account_id: int
    account: str
    amount: Decimal
    currency: str
    won: bool


@dataclass(frozen=True)
class SellerYear:
    """One seller's fiscal year: the plan (stored or the defaults), the deals it counts, and the pay."""

    co_seller_id: int
    seller: str
    fiscal_year: int
    year_starts_month: int
    #: The first and last day of the fiscal year.
    start: dt.date
    end: dt.date
    plan: PayPlan
    #: The plan's tiers as stored (the lines the user edits).
    tiers_text: str
    #: False: no plan is stored for the year yet (the defaults are shown; the first edit stores one).
    stored: bool
    #: The accounts whose deals are the seller's (by name).
    accounts: tuple[str, ...]
    won: tuple[BookedDeal, ...]
    open_deals: tuple[OpenDeal, ...]
    not_converted: tuple[NotConverted, ...]
    #: The rates used, as "1 EUR = 1.08 USD (FY2026)".
    rates: tuple[str, ...]
    #: Open deals expected to close after the year (shown if the year is under way, not weighted).
    later: int
    earnings: SellerEarnings | None

    @property
    def title(self) -> str:
        """The year's name: "FY2026", or "FY2026/27" for a year not starting in January."""
        if self.year_starts_month == 1:
            return f"FY{self.fiscal_year}"
        return f"FY{self.fiscal_year}/{(self.fiscal_year + 1) % 100:02d}"


# --- who and which year ---------------------------------------------------------------------------------


def account_sellers(session: Session, account_id: int) -> list[tuple[int, str]]:
    """Our co-sellers on the account's active team who may carry a quota: the account executive first.

    Each as (id, name); then the others by name. Partners' people carry no quota of ours.
    """
    team = session.execute(
        select(CoSeller.id, CoSeller.name)
        .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
        .where(
            DealTeamMember.account_id == account_id,
            DealTeamMember.active.is_(True),
            CoSeller.firm_kind == FirmKind.OURS,
        )
    ).all()
    lead = account_seller(session, account_id)
    ordered = sorted(((seller_id, name) for seller_id, name in team), key=lambda p: (p[1].casefold(), p[0]))
    if lead is None:
        return ordered
    return [(lead.id, lead.name)] + [person for person in ordered if person[0] != lead.id]


def _latest_plan(session: Session, co_seller_id: int) -> SellerPlan | None:
    return session.scalars(
        select(SellerPlan)
        .where(SellerPlan.co_seller_id == co_seller_id)
        .order_by(SellerPlan.fiscal_year.desc())
        .limit(1)
    ).first()


def current_fiscal_year(session: Session, co_seller_id: int, today: dt.date) -> int:
    """The seller's fiscal year that contains ``today`` (by the start month of their latest plan, else January)."""
    latest = _latest_plan(session, co_seller_id)
    return fiscal_year_of(today, latest.year_starts_month if latest is not None else 1)


def _stored(session: Session, co_seller_id: int, fiscal_year: int) -> SellerPlan | None:
    return session.scalars(
        select(SellerPlan).where(
            SellerPlan.co_seller_id == co_seller_id, SellerPlan.fiscal_year == fiscal_year
        )
    ).first()


def _new_plan_values(session: Session, co_seller_id: int, currency: str | None) -> dict[str, Any]:
    """What a seller's plan for a year not planned yet starts from.

    Their latest plan's currency, start month and terms (not its quota or cap), else ``currency`` (the
    account's) and the defaults.
    """
    latest = _latest_plan(session, co_seller_id)
    if latest is not None:
        return {
            "year_starts_month": latest.year_starts_month,
            "currency": latest.currency,
            "quota": None,
            "commission_tiers": latest.commission_tiers,
            "cap": None,
            "big_deal_percent": latest.big_deal_percent,
        }
    return {
        "year_starts_month": 1,
        "currency": currency or "USD",
        "quota": None,
        "commission_tiers": DEFAULT_COMMISSION_TIERS,
        "cap": None,
        "big_deal_percent": DEFAULT_BIG_DEAL_PERCENT,
    }


# --- editing ---------------------------------------------------------------------------------------------


def _checked(changes: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in PLAN_FIELDS:
            raise InvalidValue(f"The {name.replace('_', ' ')} of a seller's plan cannot be set here.")
        if name == "currency":
            code = str(value or "").strip().upper()
            if not _CURRENCY.fullmatch(code):
                raise InvalidValue(f'"{value}" is not a currency code: three letters, such as EUR or JPY.')
            checked[name] = code
            continue
        new = fields.coerce(SellerPlan, name, value)
        label = name.replace("_", " ")
        if name in ("quota", "cap") and new is not None and new <= 0:
            raise InvalidValue(f"The {label} must be more than zero (leave it empty for none).")
        if name == "big_deal_percent" and new < 1:
            raise InvalidValue("The big-deal threshold must be at least 1 % of quota.")
        if name == "commission_tiers":
            new = format_tiers(parse_tiers(new))
        checked[name] = new
    return checked


def _check_year(fiscal_year: int) -> None:
    low, high = FISCAL_YEARS
    if not low <= fiscal_year <= high:
        raise InvalidValue(f"A fiscal year from {low} to {high}, not {fiscal_year}.")


def update_seller_plan(
    session: Session,
    co_seller_id: int,
    fiscal_year: int,
    *,
    new_currency: str | None = None,
    **changes: Any,
) -> dict[str, Any]:
    """Change the seller's plan for ``fiscal_year``, creating it if need be; return the previous values.

    The fields are :data:`PLAN_FIELDS`: ``quota`` and ``cap`` (more than zero, or None), ``currency`` (a
    three-letter code), ``commission_tiers`` (lines "from:rate", stored as :func:`format_tiers` writes
    them), ``big_deal_percent`` (1–1000) and ``year_starts_month`` (1–12). A new plan starts from the seller's
    latest plan (its currency, start month and terms), else from ``new_currency`` and the defaults; the result
    then holds ``{"_created": True}``, for undo to delete it again. A refusal writes nothing.
    """
    fields.get(session, CoSeller, co_seller_id)
    _check_year(fiscal_year)
    checked = _checked(changes)
    plan = _stored(session, co_seller_id, fiscal_year)
    if plan is None:
        plan = SellerPlan(
            co_seller_id=co_seller_id,
            fiscal_year=fiscal_year,
            **{**_new_plan_values(session, co_seller_id, new_currency), **checked},
        )
        session.add(plan)
        session.flush()
        return {"_created": True}
    previous = fields.apply(plan, checked)
    session.flush()
    return previous


def delete_seller_plan(session: Session, co_seller_id: int, fiscal_year: int) -> None:
    """Forget the seller's plan for ``fiscal_year`` (what undoing its creation does); none is no error."""
    plan = _stored(session, co_seller_id, fiscal_year)
    if plan is not None:
        session.delete(plan)
        session.flush()


# --- the year -------------------------------------------------------------------------------------------


def _seller_deals(session: Session, co_seller_id: int) -> list[ForecastDeal]:
    """The seller's deals in every account: those they own, and the unowned ones where they are the AE."""
    accounts = list(session.scalars(select(Account.id).order_by(Account.id)))
    return [deal for deal in forecast_deals(session, accounts) if deal.seller_id == co_seller_id]


def _seller_accounts(session: Session, co_seller_id: int, deals: list[ForecastDeal]) -> tuple[str, ...]:
    """The accounts of the seller's deals and of the teams they are on (active), by name."""
    on_team = session.scalars(
        select(Account.name)
        .join(DealTeamMember, DealTeamMember.account_id == Account.id)
        .where(DealTeamMember.co_seller_id == co_seller_id, DealTeamMember.active.is_(True))
    ).all()
    return tuple(sorted({*on_team, *(deal.account for deal in deals)}, key=str.casefold))


def _year_end(start: dt.date) -> dt.date:
    return start.replace(year=start.year + 1) - dt.timedelta(days=1)


def seller_year(
    session: Session,
    co_seller_id: int,
    fiscal_year: int,
    *,
    today: dt.date,
    currency: str | None = None,
) -> SellerYear:
    """The seller's ``fiscal_year``: their plan, the deals it counts in its currency, and the pay.

    Without a stored plan for the year, the values a new one would start from (in ``currency`` if the seller
    has no plan at all). Nothing is written.
    """
    seller: CoSeller = fields.get(session, CoSeller, co_seller_id)
    _check_year(fiscal_year)
    stored = _stored(session, co_seller_id, fiscal_year)
    values = (
        {name: getattr(stored, name) for name in PLAN_FIELDS}
        if stored is not None
        else _new_plan_values(session, co_seller_id, currency)
    )
    try:
        tiers = parse_tiers(values["commission_tiers"])
    except InvalidValue:
        tiers = ()  # an unreadable plan (written by hand, or an old file) earns nothing until it is corrected
    plan = PayPlan(
        quota=values["quota"],
        tiers=tiers,
        cap=values["cap"],
        big_deal_percent=values["big_deal_percent"],
        currency=values["currency"],
    )
    start = dt.date(fiscal_year, values["year_starts_month"], 1)
    end = _year_end(start)
    deals = _seller_deals(session, co_seller_id)
    rates = load_rates(session)
    used: dict[str, str] = {}
    won: list[BookedDeal] = []
    open_deals: list[OpenDeal] = []
    not_converted: list[NotConverted] = []
    later = 0
    for deal in deals:
        if deal.amount is None:
            continue
        if deal.outcome is Outcome.WON and deal.closed_on is not None and start <= deal.closed_on <= end:
            pass
        elif deal.outcome is None:
            closes = max(deal.expected_close or today, today)
            if closes < start or today > end:
                continue
            if closes > end:
                later += 1
                if today < start:
                    continue  # a year to come: the deals expected in it
        else:
            continue
        converted = rates.convert(deal.amount, deal.currency, plan.currency, fiscal_year)
        if converted is None:
            not_converted.append(
                NotConverted(
                    deal.id,
                    deal.name,
                    deal.account_id,
                    deal.account,
                    deal.amount,
                    deal.currency,
                    deal.outcome is Outcome.WON,
                )
            )
            continue
        amount, rate = converted
        if rate is not None:
            used[rate.text] = rate.text
        if deal.outcome is Outcome.WON:
            won.append(BookedDeal(deal.id, deal.name, deal.account_id, deal.account, amount, deal.closed_on))
        else:
            open_deals.append(
                OpenDeal(
                    deal.id,
                    deal.name,
                    deal.account_id,
                    deal.account,
                    amount,
                    deal.probability,
                    deal.expected_close,
                    expected_in_year=max(deal.expected_close or today, today) <= end,
                )
            )
    open_deals.sort(
        key=lambda d: (
            d.expected_close is None,
            d.expected_close or dt.date.max,
            d.name.casefold(),
            d.opportunity_id,
        )
    )
    won.sort(key=lambda d: (d.closed_on or dt.date.min, d.name.casefold(), d.opportunity_id))
    return SellerYear(
        co_seller_id=co_seller_id,
        seller=seller.name,
        fiscal_year=fiscal_year,
        year_starts_month=values["year_starts_month"],
        start=start,
        end=end,
        plan=plan,
        tiers_text=values["commission_tiers"],
        stored=stored is not None,
        accounts=_seller_accounts(session, co_seller_id, deals),
        won=tuple(won),
        open_deals=tuple(open_deals),
        not_converted=tuple(not_converted),
        rates=tuple(sorted(used)),
        later=later,
        earnings=seller_earnings(plan, won, open_deals),
    )


def account_seller_year(session: Session, account_id: int, today: dt.date) -> SellerYear | None:
    """The year containing ``today`` of the account's seller (its account executive), or None without one."""
    lead = account_seller(session, account_id)
    if lead is None:
        return None
    account: Account = fields.get(session, Account, account_id)
    year = current_fiscal_year(session, lead.id, today)
    return seller_year(session, lead.id, year, today=today, currency=account.currency)

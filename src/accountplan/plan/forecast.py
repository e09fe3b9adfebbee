"""The forecast roll-up by fiscal quarter and year, and how it moved since the last alignment meeting.

(A deal's forecast category and its history are written by ``plan.opportunities``.) The roll-up
(:func:`forecast_rollup`) reads the deals of one seller or of some accounts and sums them with
:func:`accountplan.analysis.forecast.roll_up`:

- **whose deals**: a seller's are the deals they own (``Opportunity.owner_id``) and, in each account where
  they are the account executive (:func:`~accountplan.plan.seller_plans.account_seller`), the deals that name
  no owner; without a seller, every deal of the accounts asked for (all accounts by default).
- **in whose terms**: a seller's currency and fiscal year are those of their seller plan for the fiscal
  year of today (else their latest plan); a seller without a plan counts calendar quarters in the currency of
  their first account. One account's forecast (:func:`account_forecast`) is in the terms of its account
  executive. Without a seller, the currency asked for, else the currency most of the accounts keep.
- **how it moved** since a moment (:func:`forecast_movement_since`; the last held alignment meeting:
  :func:`movement_since_last_meeting`): the deals as they stood then are read back from the change log
  (each field's value before its first change after that moment) and the forecast history, and rolled up
  with today's rates and quarters, so that only the deals' moves show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.analysis.change_window import end_of_day
from accountplan.analysis.changes import previous_held_meeting
from accountplan.analysis.forecast import (
    FiscalCalendar,
    ForecastDeal,
    ForecastMovement,
    Rates,
    RateUsed,
    Rollup,
    forecast_movement,
    roll_up,
)
from accountplan.errors import AccountPlanError
from accountplan.model import (
    Account,
    ChangeLogEntry,
    CoSeller,
    DealTeamMember,
    ExchangeRate,
    ForecastChange,
    Meeting,
    Opportunity,
    SellerPlan,
)
from accountplan.model.enums import ChangeKind, ForecastCategory, MeetingStatus
from accountplan.plan import fields
from accountplan.plan.opportunities import forecast_history
from accountplan.plan.seller_plans import account_seller, seller_plan_on

__all__ = [
    "DealForecast",
    "ForecastStep",
    "ForecastTerms",
    "account_forecast",
    "account_terms",
    "deal_forecast",
    "deals_as_of",
    "forecast_deals",
    "forecast_movement_since",
    "forecast_rollup",
    "load_rates",
    "movement_since_last_meeting",
]

#: The fields of a deal the forecast reads, which the change log gives back as they were at a moment.
_READ_BACK = (
    "forecast_category",
    "amount",
    "currency",
    "probability",
    "outcome",
    "expected_close",
    "closed_on",
    "owner_id",
)


# --- one deal --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastStep:
    """A deal put in a forecast category: when, and by whom ("" when the plan does not know)."""

    category: ForecastCategory
    changed_at: dt.datetime
    changed_by: str


@dataclass(frozen=True)
class DealForecast:
    """A deal's forecast category, its history newest first, and the deal's version (for an edit)."""

    opportunity_id: int
    category: ForecastCategory
    history: tuple[ForecastStep, ...]
    version: int


def deal_forecast(session: Session, opportunity_id: int) -> DealForecast:
    """The deal's category and who put it in each category when, newest first."""
    deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
    steps = [
        ForecastStep(change.category, change.changed_at, change.changed_by or "")
        for change in forecast_history(session, opportunity_id)
    ]
    return DealForecast(deal.id, deal.forecast_category, tuple(reversed(steps)), deal.version)


# --- rates and terms ------------------------------------------------------------------------------


def load_rates(session: Session) -> Rates:
    """Every exchange rate the user set."""
    rows = session.execute(
        select(ExchangeRate.fiscal_year, ExchangeRate.currency, ExchangeRate.to_currency, ExchangeRate.rate)
    )
    return Rates(RateUsed(year, currency, to, rate) for year, currency, to, rate in rows)


@dataclass(frozen=True)
class ForecastTerms:
    """The currency and fiscal year a forecast is counted in, and why, in words."""

    currency: str
    year_starts_month: int
    basis: str


def _plan_of(session: Session, seller_id: int, today: dt.date) -> SellerPlan | None:
    """The seller's plan for the fiscal year of today, else their latest plan."""
    plan = seller_plan_on(session, seller_id, today)
    if plan is not None:
        return plan
    return session.scalars(
        select(SellerPlan).where(SellerPlan.co_seller_id == seller_id).order_by(SellerPlan.fiscal_year.desc())
    ).first()


def _seller_terms(session: Session, seller: CoSeller, today: dt.date, fallback: str) -> ForecastTerms:
    plan = _plan_of(session, seller.id, today)
    if plan is not None:
        return ForecastTerms(
            plan.currency,
            plan.year_starts_month,
            f"in {plan.currency}, the currency of {seller.name}'s plan for FY{plan.fiscal_year}",
        )
    return ForecastTerms(
        fallback, 1, f"in {fallback} by calendar quarters: {seller.name} has no seller plan yet"
    )


def account_terms(session: Session, account_id: int, today: dt.date) -> ForecastTerms:
    """The terms of the account's account executive; without one, calendar quarters in its currency."""
    account: Account = fields.get(session, Account, account_id)
    seller = account_seller(session, account_id)
    if seller is None:
        return ForecastTerms(
            account.currency,
            1,
            f"in {account.currency} by calendar quarters: the team has no account executive",
        )
    return _seller_terms(session, seller, today, account.currency)


def _terms(
    session: Session,
    seller_id: int | None,
    account_ids: Sequence[int],
    currency: str | None,
    year_starts_month: int | None,
    today: dt.date,
) -> ForecastTerms:
    if seller_id is not None:
        seller: CoSeller = fields.get(session, CoSeller, seller_id)
        first = session.scalar(
            select(Account.currency)
            .join(DealTeamMember, DealTeamMember.account_id == Account.id)
            .where(DealTeamMember.co_seller_id == seller_id, Account.id.in_(account_ids))
            .order_by(DealTeamMember.active.desc(), Account.name)
            .limit(1)
        )
        terms = _seller_terms(session, seller, today, first or currency or "USD")
    else:
        currencies = Counter(
            session.scalars(select(Account.currency).where(Account.id.in_(account_ids))).all()
        )
        if len(currencies) == 1:
            only = next(iter(currencies))
            terms = ForecastTerms(only, 1, f"in {only}, the accounts' currency")
        elif currencies:
            most = min(currencies, key=lambda c: (-currencies[c], c))
            terms = ForecastTerms(most, 1, f"in {most}, the currency most of the accounts keep")
        else:
            terms = ForecastTerms(currency or "USD", 1, "")
    if currency is not None:
        terms = replace(terms, currency=currency, basis=f"in {currency}, as asked")
    if year_starts_month is not None and year_starts_month != terms.year_starts_month:
        terms = replace(terms, year_starts_month=year_starts_month)
    return terms


# --- the deals --------------------------------------------------------------------------------------


def _account_ids(session: Session, account_ids: Iterable[int] | None) -> list[int]:
    if account_ids is None:
        return list(session.scalars(select(Account.id).order_by(Account.id)))
    return list(dict.fromkeys(account_ids))


def _sellers(session: Session, account_ids: Sequence[int]) -> dict[int, int | None]:
    found = {}
    for account_id in account_ids:
        seller = account_seller(session, account_id)
        found[account_id] = seller.id if seller is not None else None
    return found


def _deal(deal: Opportunity, values: dict[str, Any], account: str, lead: int | None) -> ForecastDeal:
    owner = values["owner_id"]
    return ForecastDeal(
        id=deal.id,
        name=deal.name,
        account_id=deal.account_id,
        account=account,
        category=ForecastCategory(values["forecast_category"]),
        amount=values["amount"],
        currency=values["currency"],
        probability=values["probability"],
        outcome=values["outcome"],
        expected_close=values["expected_close"],
        closed_on=values["closed_on"],
        seller_id=owner if owner is not None else lead,
    )


def _opportunities(session: Session, account_ids: Sequence[int]) -> list[tuple[Opportunity, str]]:
    return [
        (deal, name)
        for deal, name in session.execute(
            select(Opportunity, Account.name)
            .join(Account, Account.id == Opportunity.account_id)
            .where(Opportunity.account_id.in_(account_ids))
            .order_by(Account.name, Opportunity.id)
        )
    ]


def forecast_deals(session: Session, account_ids: Sequence[int]) -> list[ForecastDeal]:
    """The accounts' deals as they stand."""
    leads = _sellers(session, account_ids)
    return [
        _deal(deal, {name: getattr(deal, name) for name in _READ_BACK}, account, leads[deal.account_id])
        for deal, account in _opportunities(session, account_ids)
    ]


def _logged(column_name: str, text: str | None, now: Any) -> Any:
    """A value the change log wrote, as the deal held it (what cannot be read: the value now)."""
    if text is None:
        return None
    try:
        return fields.coerce(Opportunity, column_name, text)
    except AccountPlanError:
        return now


def deals_as_of(session: Session, account_ids: Sequence[int], since: dt.datetime) -> list[ForecastDeal]:
    """The accounts' deals as they stood at ``since``: those created before it, with the values they had.

    A deal was created at its ``created_at``, or at its creation in the change log when that is earlier.

    A field's value then is the old value of its first change logged at or after ``since``; a deal's category
    then, when the change log has none, the last forecast history row before ``since`` (and Pipeline, the
    category every deal starts in, when it only has rows after it).
    """
    everything = _opportunities(session, account_ids)
    logged = {
        deal_id: at
        for deal_id, at in session.execute(
            select(ChangeLogEntry.entity_id, func.min(ChangeLogEntry.at))
            .where(
                ChangeLogEntry.entity_type == Opportunity.__tablename__,
                ChangeLogEntry.entity_id.in_([deal.id for deal, _ in everything]),
                ChangeLogEntry.kind == ChangeKind.CREATED,
            )
            .group_by(ChangeLogEntry.entity_id)
        )
    }
    deals = [
        (deal, account)
        for deal, account in everything
        if min(deal.created_at, logged.get(deal.id) or deal.created_at) < since
    ]
    ids = [deal.id for deal, _ in deals]
    first_change: dict[tuple[int, str], str | None] = {}
    entries = session.execute(
        select(ChangeLogEntry.entity_id, ChangeLogEntry.field, ChangeLogEntry.old_value)
        .where(
            ChangeLogEntry.entity_type == Opportunity.__tablename__,
            ChangeLogEntry.entity_id.in_(ids),
            ChangeLogEntry.kind == ChangeKind.UPDATED,
            ChangeLogEntry.field.in_(_READ_BACK),
            ChangeLogEntry.at >= since,
        )
        .order_by(ChangeLogEntry.at, ChangeLogEntry.id)
    )
    for deal_id, name, old in entries:
        if deal_id is not None:
            first_change.setdefault((deal_id, name), old)
    history: dict[int, list[tuple[dt.datetime, ForecastCategory]]] = {}
    for deal_id, at, category in session.execute(
        select(ForecastChange.opportunity_id, ForecastChange.changed_at, ForecastChange.category)
        .where(ForecastChange.opportunity_id.in_(ids))
        .order_by(ForecastChange.changed_at, ForecastChange.id)
    ):
        history.setdefault(deal_id, []).append((at, category))
    leads = _sellers(session, account_ids)
    found = []
    for deal, account in deals:
        values = {}
        for name in _READ_BACK:
            now = getattr(deal, name)
            key = (deal.id, name)
            values[name] = _logged(name, first_change[key], now) if key in first_change else now
        if (deal.id, "forecast_category") not in first_change and history.get(deal.id):
            before = [category for at, category in history[deal.id] if at < since]
            if len(before) < len(history[deal.id]):
                values["forecast_category"] = before[-1] if before else ForecastCategory.PIPELINE
        found.append(_deal(deal, values, account, leads[deal.account_id]))
    return found


def _deleted_since(
    session: Session, account_ids: Sequence[int], since: dt.datetime, until: dt.datetime | None
) -> list[tuple[str, str]]:
    """(deal, account) of the deals deleted from ``since`` (to ``until``) that existed before it."""
    query = select(Account.id, Account.name).where(Account.id.in_(account_ids))
    names = {account_id: name for account_id, name in session.execute(query)}
    rows = session.execute(
        select(ChangeLogEntry.entity_id, ChangeLogEntry.entity_label, ChangeLogEntry.account_id)
        .where(
            ChangeLogEntry.entity_type == Opportunity.__tablename__,
            ChangeLogEntry.kind == ChangeKind.DELETED,
            ChangeLogEntry.account_id.in_(account_ids),
            ChangeLogEntry.at >= since,
            ChangeLogEntry.at < (until or dt.datetime.max.replace(tzinfo=dt.UTC)),
        )
        .order_by(ChangeLogEntry.at, ChangeLogEntry.id)
    ).all()
    created_since = set(
        session.scalars(
            select(ChangeLogEntry.entity_id).where(
                ChangeLogEntry.entity_type == Opportunity.__tablename__,
                ChangeLogEntry.kind == ChangeKind.CREATED,
                ChangeLogEntry.entity_id.in_([row[0] for row in rows]),
                ChangeLogEntry.at >= since,
            )
        )
    )
    still_here = set(session.scalars(select(Opportunity.id).where(Opportunity.id.in_([r[0] for r in rows]))))
    return [
        (label, names.get(account_id or 0, ""))
        for deal_id, label, account_id in rows
        if deal_id not in created_since and deal_id not in still_here
    ]


# --- the roll-up ------------------------------------------------------------------------------------


def _in_scope(deals: list[ForecastDeal], seller_id: int | None) -> list[ForecastDeal]:
    return deals if seller_id is None else [deal for deal in deals if deal.seller_id == seller_id]


def forecast_rollup(
    session: Session,
    *,
    seller_id: int | None = None,
    account_ids: Iterable[int] | None = None,
    currency: str | None = None,
    year_starts_month: int | None = None,
    today: dt.date,
) -> Rollup:
    """The forecast by fiscal quarter and year: of one seller's deals, or of the accounts' (all by default).

    ``currency`` and ``year_starts_month`` override the seller's (or the accounts') terms; the result says
    which currency and why (``basis``), which rates it used and which deals it could not convert.
    """
    ids = _account_ids(session, account_ids)
    terms = _terms(session, seller_id, ids, currency, year_starts_month, today)
    return roll_up(
        _in_scope(forecast_deals(session, ids), seller_id),
        currency=terms.currency,
        calendar=FiscalCalendar(terms.year_starts_month),
        rates=load_rates(session),
        today=today,
        basis=terms.basis,
    )


def account_forecast(
    session: Session, account_id: int, today: dt.date, *, as_of: dt.datetime | None = None
) -> Rollup:
    """Every deal of one account, in the terms of its account executive.

    ``as_of``: the deals as they stood at that moment (a past meeting's pack), else as they stand.
    """
    terms = account_terms(session, account_id, today)
    deals = (
        forecast_deals(session, [account_id]) if as_of is None else deals_as_of(session, [account_id], as_of)
    )
    return roll_up(
        deals,
        currency=terms.currency,
        calendar=FiscalCalendar(terms.year_starts_month),
        rates=load_rates(session),
        today=today,
        basis=terms.basis,
    )


def forecast_movement_since(
    session: Session,
    since: dt.datetime,
    since_text: str,
    *,
    seller_id: int | None = None,
    account_ids: Iterable[int] | None = None,
    currency: str | None = None,
    year_starts_month: int | None = None,
    today: dt.date,
    until: dt.datetime | None = None,
) -> ForecastMovement:
    """How the forecast (as :func:`forecast_rollup` counts it) moved from ``since`` to now (or ``until``)."""
    ids = _account_ids(session, account_ids)
    terms = _terms(session, seller_id, ids, currency, year_starts_month, today)
    return _movement(session, ids, seller_id, terms, since, since_text, today, until)


def _movement(
    session: Session,
    ids: Sequence[int],
    seller_id: int | None,
    terms: ForecastTerms,
    since: dt.datetime,
    since_text: str,
    today: dt.date,
    until: dt.datetime | None,
) -> ForecastMovement:
    rates, calendar = load_rates(session), FiscalCalendar(terms.year_starts_month)
    then = roll_up(
        _in_scope(deals_as_of(session, ids, since), seller_id),
        currency=terms.currency,
        calendar=calendar,
        rates=rates,
        today=today,
    )
    deals = forecast_deals(session, ids) if until is None else deals_as_of(session, ids, until)
    now = roll_up(
        _in_scope(deals, seller_id),
        currency=terms.currency,
        calendar=calendar,
        rates=rates,
        today=today,
        basis=terms.basis,
    )
    deleted = _deleted_since(session, ids, since, until) if seller_id is None else []
    return forecast_movement(then, now, since=since, since_text=since_text, deleted=deleted)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def movement_since_last_meeting(
    session: Session, account_id: int, today: dt.date, *, meeting_id: int | None = None
) -> ForecastMovement | None:
    """How the account's forecast moved since its last held alignment meeting (None: none held yet).

    ``meeting_id``: a meeting's pack, which reads from the end of the day of the held meeting before it up
    to the end of its own day (or today, for one still ahead), as its agenda does; by default from the end
    of the day of the last meeting held up to today, to now.
    """
    until: dt.datetime | None = None
    if meeting_id is None:
        last = session.scalars(
            select(Meeting)
            .where(
                Meeting.account_id == account_id,
                Meeting.status == MeetingStatus.HELD,
                Meeting.held_on <= today,
            )
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
            .limit(1)
        ).first()
    else:
        meeting: Meeting = fields.get(session, Meeting, meeting_id)
        last = previous_held_meeting(session, meeting)
        if meeting.held_on < today:
            today, until = meeting.held_on, end_of_day(meeting.held_on)
    if last is None:
        return None
    terms = account_terms(session, account_id, today)
    since_text = f"{last.title} of {_day(last.held_on)}"
    return _movement(session, [account_id], None, terms, end_of_day(last.held_on), since_text, today, until)

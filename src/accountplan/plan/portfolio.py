"""The portfolio: every account in one line, and the warnings when a seller is landlocked in one account.

A line says the account's status bin, its open pipeline by forecast category (the deals still open, in the
account's currency), the next alignment meeting, the overdue actions, the decisive people nobody covers at
working strength, when it was last changed, and its ideal-account fit (criteria met, of six).

A deal's seller is its owner (``Opportunity.owner_id``), else its account's account executive
(:func:`~accountplan.plan.seller_plans.account_seller`). Each seller's accounts are weighed against each
other in the seller's currency (their plan's for the fiscal year that contains today, else their first
account's), at the user's exchange rates for that year; the year runs from the plan's first month (January
without a plan). See :mod:`accountplan.analysis.portfolio` for what landlocked means.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.analysis.portfolio import (
    OPEN_CATEGORIES,
    ExchangeRates,
    Landlock,
    in_fiscal_year,
    landlocked,
    possessive,
    short_money,
    uncovered_decisive_people,
)
from accountplan.analysis.quarters import fiscal_year_start
from accountplan.analysis.wording import join_names
from accountplan.model import (
    Account,
    AccountFit,
    Action,
    ChangeLogEntry,
    CoSeller,
    ExchangeRate,
    Meeting,
    Opportunity,
)
from accountplan.model.enums import (
    AccountStatus,
    ActionStatus,
    FitCriterion,
    ForecastCategory,
    MeetingStatus,
    Outcome,
)
from accountplan.plan.account_fit import FIT_CRITERIA
from accountplan.plan.seller_plans import account_seller, seller_plan_on

#: The tables the portfolio reads (a page showing it redraws when a change touches one of them).
PORTFOLIO_TABLES = frozenset(
    {
        "accounts",
        "account_fit",
        "actions",
        "change_log",
        "co_sellers",
        "coverage",
        "deal_team_members",
        "exchange_rates",
        "meetings",
        "opportunities",
        "seller_plans",
        "stakeholder_roles",
        "stakeholders",
    }
)


@dataclass(frozen=True)
class PortfolioRow:
    """One account of the portfolio; amounts in ``currency`` (the account's)."""

    id: int
    name: str
    status: AccountStatus
    currency: str
    #: The deals still open, summed by forecast category (every category there is, 0 when none).
    pipeline: dict[ForecastCategory, Decimal]
    next_meeting: dt.date | None
    overdue_actions: int
    #: The active decisive people nobody on the team covers at working strength or better.
    uncovered_decisive: tuple[str, ...]
    last_update: dt.datetime | None
    #: The criteria of the ideal-account checklist that are met.
    fit: tuple[FitCriterion, ...]
    #: The account's account executive ("" when its team has none).
    seller: str
    #: The account row's version, as read (an edit made from this line is refused if it changed since).
    version: int
    #: Amounts of open deals in another currency that no exchange rate turns into the account's ("EUR 20.0k").
    unconverted: tuple[str, ...] = ()

    @property
    def open_pipeline(self) -> Decimal:
        """Pipeline, best case and commit together (not closed, not omitted)."""
        return sum((self.pipeline[category] for category in OPEN_CATEGORIES), Decimal(0))

    @property
    def fit_score(self) -> int:
        return len(self.fit)

    @property
    def fit_text(self) -> str:
        """The score as the portfolio says it: "4 of 6"."""
        return f"{self.fit_score} of {FIT_CRITERIA}"


@dataclass(frozen=True)
class Portfolio:
    """Every account, and the sentences warning of landlocked sellers (or saying why one cannot be told)."""

    rows: list[PortfolioRow]
    warnings: list[str]
    today: dt.date
    landlocks: list[Landlock] = field(default_factory=list)


@dataclass
class _Seller:
    """One seller's year as the portfolio weighs it."""

    name: str
    start: dt.date
    currency: str
    pipeline: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    bookings: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    #: Currencies with no rate to the seller's: their accounts cannot be weighed.
    missing: set[str] = field(default_factory=set)


def read_portfolio(session: Session, today: dt.date) -> Portfolio:
    """Every account the session sees, by name, with the landlocked warnings of their sellers."""
    accounts = list(session.scalars(select(Account).order_by(Account.name)))
    rates = ExchangeRates(
        {
            (rate.fiscal_year, rate.currency, rate.to_currency): rate.rate
            for rate in session.scalars(select(ExchangeRate))
        }
    )
    deals = list(session.scalars(select(Opportunity).order_by(Opportunity.id)))
    executives = {account.id: account_seller(session, account.id) for account in accounts}
    sellers = _sellers(session, accounts, deals, executives, rates, today)
    pipelines: dict[int, dict[ForecastCategory, Decimal]] = {
        account.id: dict.fromkeys(ForecastCategory, Decimal(0)) for account in accounts
    }
    unconverted: dict[int, list[str]] = defaultdict(list)
    by_id = {account.id: account for account in accounts}
    for deal in deals:
        account = by_id.get(deal.account_id)
        if account is None or deal.outcome is not None or not deal.amount:
            continue
        amount = rates.convert(deal.amount, deal.currency, account.currency, today.year)
        if amount is None:
            unconverted[account.id].append(short_money(deal.amount, deal.currency))
        else:
            pipelines[account.id][deal.forecast_category] += amount
    next_meetings = dict(
        session.execute(
            select(Meeting.account_id, func.min(Meeting.held_on))
            .where(Meeting.status == MeetingStatus.PLANNED, Meeting.held_on >= today)
            .group_by(Meeting.account_id)
        ).all()
    )
    overdue = dict(
        session.execute(
            select(Action.account_id, func.count())
            .where(
                Action.due < today,
                Action.status.not_in([status for status in ActionStatus if status.is_closed]),
            )
            .group_by(Action.account_id)
        ).all()
    )
    updates = dict(
        session.execute(
            select(ChangeLogEntry.account_id, func.max(ChangeLogEntry.at))
            .where(ChangeLogEntry.account_id.is_not(None))
            .group_by(ChangeLogEntry.account_id)
        ).all()
    )
    met: dict[int, list[FitCriterion]] = defaultdict(list)
    for account_id, criterion in session.execute(
        select(AccountFit.account_id, AccountFit.criterion).where(AccountFit.met.is_(True))
    ):
        met[account_id].append(criterion)
    uncovered = uncovered_decisive_people(session, list(by_id))
    rows = [
        PortfolioRow(
            id=account.id,
            name=account.name,
            status=account.status,
            currency=account.currency,
            pipeline=pipelines[account.id],
            next_meeting=next_meetings.get(account.id),
            overdue_actions=int(overdue.get(account.id, 0)),
            uncovered_decisive=tuple(uncovered.get(account.id, ())),
            last_update=_as_datetime(updates.get(account.id)),
            fit=tuple(c for c in FitCriterion if c in met.get(account.id, ())),
            seller=executive.name if (executive := executives[account.id]) is not None else "",
            version=account.version,
            unconverted=tuple(unconverted.get(account.id, ())),
        )
        for account in accounts
    ]
    warnings: list[str] = []
    locks: list[Landlock] = []
    for seller in sorted(sellers.values(), key=lambda s: s.name.casefold()):
        if seller.missing:
            warnings.append(_cannot_weigh(seller))
            continue
        year = _fiscal_year_name(seller.start)
        for measure, held in (
            ("open pipeline", seller.pipeline),
            (f"expected bookings for {year} (commit and closed)", seller.bookings),
        ):
            found = landlocked(seller.name, measure, held, seller.currency)
            locks.extend(found)
            warnings.extend(lock.sentence for lock in found)
    return Portfolio(rows, warnings, today, locks)


def _sellers(
    session: Session,
    accounts: list[Account],
    deals: list[Opportunity],
    executives: dict[int, CoSeller | None],
    rates: ExchangeRates,
    today: dt.date,
) -> dict[int, _Seller]:
    """Each seller with a deal of an account, and what each of their accounts holds of their year."""
    names = {account.id: account.name for account in accounts}
    currencies = {account.id: account.currency for account in accounts}
    theirs: dict[int, list[Opportunity]] = defaultdict(list)
    for deal in deals:
        if deal.account_id not in names or not deal.amount:
            continue
        executive = executives.get(deal.account_id)
        seller_id = deal.owner_id if deal.owner_id is not None else executive.id if executive else None
        if seller_id is not None:
            theirs[seller_id].append(deal)
    sellers: dict[int, _Seller] = {}
    for seller_id, owned in theirs.items():
        first = min((names[deal.account_id].casefold(), deal.account_id) for deal in owned)[1]
        seller = sellers[seller_id] = _new_seller(session, seller_id, currencies[first], today)
        for deal in owned:
            _weigh(seller, deal, names[deal.account_id], rates)
    return sellers


def _weigh(seller: _Seller, deal: Opportunity, account: str, rates: ExchangeRates) -> None:
    """Add the deal to what its account holds of the seller's open pipeline and expected bookings."""
    assert deal.amount is not None
    is_open = deal.outcome is None
    in_pipeline = is_open and deal.forecast_category in OPEN_CATEGORIES
    closed = deal.outcome is Outcome.WON or (is_open and deal.forecast_category is ForecastCategory.CLOSED)
    committed = is_open and deal.forecast_category is ForecastCategory.COMMIT
    day = (deal.closed_on or deal.expected_close) if deal.outcome is Outcome.WON else deal.expected_close
    booked = (closed or committed) and in_fiscal_year(day, seller.start)
    if not (in_pipeline or booked):
        return
    amount = rates.convert(deal.amount, deal.currency, seller.currency, seller.start.year)
    if amount is None:
        seller.missing.add(deal.currency)
        return
    if in_pipeline:
        seller.pipeline[account] += amount
    if booked:
        seller.bookings[account] += amount


def _new_seller(session: Session, seller_id: int, first_currency: str, today: dt.date) -> _Seller:
    """The seller's year: their plan's for today, else the calendar year in their first account's currency."""
    person = session.get(CoSeller, seller_id)
    name = person.name if person is not None else f"Co-seller {seller_id}"
    plan = seller_plan_on(session, seller_id, today)
    if plan is not None:
        return _Seller(name, fiscal_year_start(plan.year_starts_month, today), plan.currency)
    return _Seller(name, dt.date(today.year, 1, 1), first_currency)


def _fiscal_year_name(start: dt.date) -> str:
    return f"FY{start.year}" if start.month == 1 else f"FY{start.year}/{(start.year + 1) % 100:02d}"


def _cannot_weigh(seller: _Seller) -> str:
    wanted = join_names(sorted(seller.missing))
    year = _fiscal_year_name(seller.start)
    return (
        f"Cannot tell whether {seller.name} is landlocked: there is no {year} exchange rate from {wanted} to "
        f"{seller.currency}, the currency {possessive(seller.name)} accounts are weighed in."
    )


def _as_datetime(value: object) -> dt.datetime | None:
    """The change log's latest time as a timezone-aware datetime (SQLite's MAX gives it back as stored)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)

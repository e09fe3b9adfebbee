"""The portfolio: every account in one line, and the warnings when a seller is landlocked in one account.

A line says the account's status bin, its forecast by category (``plan.forecast.forecast_rollup`` of its deals
in the account's own currency, by the fiscal year of its account executive's plan: the open deals in pipeline,
best case and commit, the deals won this fiscal year in closed; a deal in another currency converted at the
user's rate or named as not converted), the next alignment meeting, the overdue actions, the decisive people
nobody covers at working strength, when it was last changed, and its ideal-account fit (criteria met, of six).

A seller's accounts are weighed against each other in the seller's forecast (``plan.forecast.forecast_rollup``:
the deals they own, and those without an owner where they are the account executive; their plan's currency
and fiscal year, at the user's exchange rates): the open pipeline of each account, and its expected bookings
for the year (commit and closed in the fiscal year). See :mod:`accountplan.analysis.portfolio` for what
landlocked means; a deal that no rate converts makes the seller's accounts impossible to weigh, which is said.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.analysis.forecast import Buckets, Rollup
from accountplan.analysis.portfolio import (
    OPEN_CATEGORIES,
    Landlock,
    landlocked,
    possessive,
    uncovered_decisive_people,
)
from accountplan.analysis.wording import join_names
from accountplan.model import Account, AccountFit, Action, ChangeLogEntry, CoSeller, Meeting
from accountplan.model.enums import AccountStatus, ActionStatus, FitCriterion, ForecastCategory, MeetingStatus
from accountplan.plan.account_fit import FIT_CRITERIA
from accountplan.plan.forecast import account_terms, forecast_deals, forecast_rollup
from accountplan.plan.seller_plans import account_seller

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
        "forecast_changes",
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
    #: The account's currency, the amounts'.
    currency: str
    #: The open deals by forecast category, and the deals won this fiscal year (closed); omitted left out.
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
    #: The deals that no exchange rate converts to ``currency``, each in a sentence (left out of the amounts).
    unconverted: tuple[str, ...] = ()
    #: Why the amounts are in ``currency`` and which rates converted them.
    basis: str = ""

    @property
    def open_pipeline(self) -> Decimal:
        """Pipeline, best case and commit together (not the deals won, not omitted ones)."""
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


def read_portfolio(session: Session, today: dt.date) -> Portfolio:
    """Every account the session sees, by name, with the landlocked warnings of their sellers."""
    accounts = list(session.scalars(select(Account).order_by(Account.name)))
    forecasts = {account.id: _account_forecast(session, account, today) for account in accounts}
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
    uncovered = uncovered_decisive_people(session, [account.id for account in accounts])
    rows = []
    for account in accounts:
        forecast = forecasts[account.id]
        executive = account_seller(session, account.id)
        rows.append(
            PortfolioRow(
                id=account.id,
                name=account.name,
                status=account.status,
                currency=forecast.currency,
                pipeline=_by_category(_buckets_of(forecast, account.id)),
                next_meeting=next_meetings.get(account.id),
                overdue_actions=int(overdue.get(account.id, 0)),
                uncovered_decisive=tuple(uncovered.get(account.id, ())),
                last_update=_as_datetime(updates.get(account.id)),
                fit=tuple(c for c in FitCriterion if c in met.get(account.id, ())),
                seller=executive.name if executive is not None else "",
                version=account.version,
                unconverted=tuple(gap.text for gap in forecast.not_converted),
                basis=f"in {forecast.currency}, the account's currency. {forecast.rates_text}",
            )
        )
    warnings, locks = _landlocks(session, [account.id for account in accounts], today)
    return Portfolio(rows, warnings, today, locks)


def _account_forecast(session: Session, account: Account, today: dt.date) -> Rollup:
    """The account's deals in its own currency, by its account executive's fiscal year."""
    terms = account_terms(session, account.id, today)
    return forecast_rollup(
        session,
        account_ids=[account.id],
        currency=account.currency,
        year_starts_month=terms.year_starts_month,
        today=today,
    )


def _buckets_of(forecast: Rollup, account_id: int) -> Buckets:
    """The account's open deals and its deals won this fiscal year, in the roll-up's currency."""
    return next((part.all_open for part in forecast.accounts if part.account_id == account_id), Buckets())


def _by_category(buckets: Buckets) -> dict[ForecastCategory, Decimal]:
    return {category: buckets.of(category) for category in (*OPEN_CATEGORIES, ForecastCategory.CLOSED)}


def _landlocks(session: Session, account_ids: list[int], today: dt.date) -> tuple[list[str], list[Landlock]]:
    """Each seller's warnings, sellers by name: landlocked in an account, or impossible to tell."""
    seller_ids = {
        deal.seller_id for deal in forecast_deals(session, account_ids) if deal.seller_id is not None
    }
    names = {seller_id: _seller_name(session, seller_id) for seller_id in seller_ids}
    warnings: list[str] = []
    locks: list[Landlock] = []
    for seller_id in sorted(seller_ids, key=lambda seller_id: (names[seller_id].casefold(), seller_id)):
        name = names[seller_id]
        rollup = forecast_rollup(session, seller_id=seller_id, account_ids=account_ids, today=today)
        if rollup.not_converted:
            warnings.append(_cannot_weigh(name, rollup))
            continue
        pipeline = {part.name: part.all_open.open for part in rollup.accounts}
        bookings = {part.name: part.this_year.commit + part.this_year.closed for part in rollup.accounts}
        for measure, held in (
            ("open pipeline", pipeline),
            (f"expected bookings for {rollup.this_year.year_name} (commit and closed)", bookings),
        ):
            found = landlocked(name, measure, held, rollup.currency)
            locks.extend(found)
            warnings.extend(lock.sentence for lock in found)
    return warnings, locks


def _seller_name(session: Session, seller_id: int) -> str:
    person = session.get(CoSeller, seller_id)
    return person.name if person is not None else f"Co-seller {seller_id}"


def _cannot_weigh(name: str, rollup: Rollup) -> str:
    currencies = join_names(sorted({gap.deal.currency for gap in rollup.not_converted}))
    years = join_names(
        [f"FY{year}" for year in sorted({gap.fiscal_year for gap in rollup.not_converted if gap.fiscal_year})]
    )
    return (
        f"Cannot tell whether {name} is landlocked: there is no {years} exchange rate from {currencies} to "
        f"{rollup.currency}, the currency {possessive(name)} accounts are weighed in."
    )


def _as_datetime(value: object) -> dt.datetime | None:
    """The change log's latest time as a timezone-aware datetime (SQLite's MAX gives it back as stored)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)

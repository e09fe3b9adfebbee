"""The portfolio's forecast: all accounts (in a chosen currency) or one seller's, by quarter of this fiscal year.

The Portfolio page's Forecast tab and ``accountplan portfolio --forecast`` read it with
:func:`read_portfolio_forecast` and say it with the same words: the roll-up of
:func:`accountplan.plan.forecast.forecast_rollup` for the four quarters of the current fiscal year, the year
and the next (closed, commit, best case, pipeline, weighted), the basis, the rates used, the deals not
converted, and how it moved: since each account's last held alignment meeting (each account on its own, in
the roll-up's currency and fiscal year), or since a day the user picks (every account together).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.change_window import end_of_day
from accountplan.analysis.forecast import COLUMNS, Buckets, FiscalPeriod, ForecastMovement, Rollup, money
from accountplan.model import Account, CoSeller, ExchangeRate, Meeting
from accountplan.model.enums import FirmKind, MeetingStatus
from accountplan.plan.forecast import forecast_deals, forecast_movement_since, forecast_rollup

__all__ = [
    "ALL_ACCOUNTS",
    "AccountMovement",
    "ForecastScope",
    "PortfolioForecast",
    "day_text",
    "forecast_currencies",
    "forecast_scopes",
    "read_portfolio_forecast",
]

ALL_ACCOUNTS = "All accounts"
#: The rows of the roll-up: the categories from the most to the least certain, then the weighted amount.
ROW_NAMES = (*(category.label for category in COLUMNS), "Weighted")


@dataclass(frozen=True)
class ForecastScope:
    """Whose forecast: every account's (``seller_id`` None) or one of our sellers' deals."""

    seller_id: int | None
    name: str


def forecast_scopes(session: Session) -> list[ForecastScope]:
    """All accounts first, then our sellers whose number a deal is (its owner, else its account executive)."""
    account_ids = list(session.scalars(select(Account.id)))
    seller_ids = {
        deal.seller_id for deal in forecast_deals(session, account_ids) if deal.seller_id is not None
    }
    sellers = session.scalars(
        select(CoSeller).where(CoSeller.id.in_(seller_ids), CoSeller.firm_kind == FirmKind.OURS)
    ).all()
    ordered = sorted(sellers, key=lambda person: (person.name.casefold(), person.id))
    return [ForecastScope(None, ALL_ACCOUNTS), *(ForecastScope(p.id, p.name) for p in ordered)]


def forecast_currencies(session: Session) -> list[str]:
    """The currencies a roll-up can be asked in: the accounts' and those the exchange rates name."""
    found = set(session.scalars(select(Account.currency)))
    for currency, to_currency in session.execute(select(ExchangeRate.currency, ExchangeRate.to_currency)):
        found.update((currency, to_currency))
    return sorted(found)


def day_text(day: dt.date) -> str:
    """A day as the forecast says it: "24 Nov 2026"."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class AccountMovement:
    """How one account's part of the forecast moved since its last held meeting (None: none held yet)."""

    account_id: int
    account: str
    movement: ForecastMovement | None


@dataclass(frozen=True)
class PortfolioForecast:
    """The roll-up of a scope, and how it moved since ``since`` (None: since each account's last meeting)."""

    scope: ForecastScope
    rollup: Rollup
    since: dt.date | None
    #: Since ``since``: the moves of every account of the scope together.
    movement: ForecastMovement | None
    #: Since each account's last held meeting: each account's moves.
    by_account: tuple[AccountMovement, ...]

    @property
    def currency(self) -> str:
        return self.rollup.currency

    @property
    def periods(self) -> tuple[FiscalPeriod, ...]:
        """The four quarters of the current fiscal year, the year, and the next year."""
        calendar, year = self.rollup.calendar, self.rollup.this_year
        quarters, day = [], year.start
        for _ in range(4):
            quarter = calendar.quarter_of(day)
            quarters.append(quarter)
            day = quarter.end + dt.timedelta(days=1)
        return (*quarters, year, calendar.year(year.fiscal_year + 1))

    def buckets(self, period: FiscalPeriod) -> Buckets:
        if period.quarter:
            return self.rollup.quarter(period)
        return self.rollup.year(period.fiscal_year)

    def is_current(self, period: FiscalPeriod) -> bool:
        """Whether ``period`` is this quarter."""
        return period == self.rollup.this_quarter

    def heading(self, period: FiscalPeriod) -> str:
        """A column's heading: "Q4 FY2026 (now)", "FY2026", "FY2027 (next)"."""
        if self.is_current(period):
            return f"{period.label} (now)"
        return (
            f"{period.label} (next)"
            if period.fiscal_year > self.rollup.this_year.fiscal_year
            else period.label
        )

    def rows(self) -> list[tuple[str, tuple[Decimal, ...]]]:
        """Closed, commit, best case, pipeline and weighted: one amount per period of :attr:`periods`."""
        columns = [self.buckets(period) for period in self.periods]
        rows = [(c.label, tuple(b.of(c) for b in columns)) for c in COLUMNS]
        rows.append(("Weighted", tuple(b.weighted for b in columns)))
        return rows

    @property
    def title(self) -> str:
        """The scope and currency: "All accounts in USD", "Lars Pettersson's deals in USD"."""
        whose = ALL_ACCOUNTS if self.scope.seller_id is None else f"{self.scope.name}'s deals"
        return f"{whose} in {self.currency}"

    def notes(self) -> list[str]:
        """The basis, the rates used, the open deals without a close date and what was left out."""
        rollup = self.rollup
        lines = [
            f"Amounts {rollup.basis}." if rollup.basis else f"Amounts in {self.currency}.",
            rollup.rates_text,
        ]
        if rollup.undated.deals:
            count = rollup.undated.deals
            lines.append(
                f"Open deals without an expected close, in no quarter: {money(rollup.undated.open, self.currency)}"
                f" ({count} deal{'s' if count > 1 else ''})."
            )
        return lines + list(rollup.notes)

    def not_converted(self) -> list[str]:
        """Each deal no exchange rate converts, in a sentence (left out of the amounts)."""
        return [f"{gap.text}." for gap in self.rollup.not_converted]

    @property
    def movement_title(self) -> str:
        if self.since is None:
            return "How it moved since each account's last alignment meeting"
        return f"How it moved since {day_text(self.since)}"

    def movement_lines(self) -> list[str]:
        """How it moved, line by line; a deal's move starts with "• "."""
        if self.since is not None:
            assert self.movement is not None
            return _moved(self.movement, with_account=True)
        if not self.by_account:
            return ["No account to compare."]
        lines = []
        for part in self.by_account:
            if part.movement is None:
                lines.append(f"{part.account}: no alignment meeting held yet.")
                continue
            since = f"{part.account}, since the {part.movement.since_text}"
            moved = _moved(part.movement, with_account=False)
            lines.append(f"{since}: {moved[0]}")
            lines += moved[1:]
        return lines


def _moved(movement: ForecastMovement, *, with_account: bool) -> list[str]:
    if movement.is_empty:
        return ["No deal moved." if with_account else "no deal moved."]
    year, quarter = movement.this_year.label, movement.this_quarter.label
    head = f"{year}: {movement.summary()}; {quarter}: {movement.summary(year=False)}."
    moves = [
        f"• {move.account} — {move.text}" if with_account else f"• {move.text}" for move in movement.moves
    ]
    return [head, *moves]


def _last_meetings(session: Session, account_ids: list[int], today: dt.date) -> dict[int, Meeting]:
    """Each account's last alignment meeting held on or before ``today``."""
    found: dict[int, Meeting] = {}
    for meeting in session.scalars(
        select(Meeting)
        .where(
            Meeting.account_id.in_(account_ids),
            Meeting.status == MeetingStatus.HELD,
            Meeting.held_on <= today,
        )
        .order_by(Meeting.held_on, Meeting.id)
    ):
        found[meeting.account_id] = meeting
    return found


def read_portfolio_forecast(
    session: Session,
    *,
    seller_id: int | None = None,
    currency: str | None = None,
    since: dt.date | None = None,
    today: dt.date,
) -> PortfolioForecast:
    """The forecast of every account (``seller_id`` None) or of one seller, and how it moved.

    ``currency``: the roll-up's currency (else the seller's, or the one most accounts keep); ``since``: a day
    to compare with (from its start), else each account's last held alignment meeting (the end of its day).
    """
    scope = ForecastScope(seller_id, ALL_ACCOUNTS)
    if seller_id is not None:
        seller = session.get(CoSeller, seller_id)
        scope = ForecastScope(seller_id, seller.name if seller is not None else f"Co-seller {seller_id}")
    rollup = forecast_rollup(session, seller_id=seller_id, currency=currency, today=today)

    def moved_since(start: dt.datetime, text: str, account_ids: list[int] | None) -> ForecastMovement:
        return forecast_movement_since(
            session,
            start,
            text,
            seller_id=seller_id,
            account_ids=account_ids,
            currency=rollup.currency,
            year_starts_month=rollup.calendar.starts_month,
            today=today,
        )

    if since is not None:
        start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        return PortfolioForecast(scope, rollup, since, moved_since(start, day_text(since), None), ())
    if seller_id is None:
        accounts = [
            (account_id, name) for account_id, name in session.execute(select(Account.id, Account.name))
        ]
    else:
        accounts = list({(deal.account_id, deal.account) for deal in rollup.deals})
    accounts.sort(key=lambda pair: (pair[1].casefold(), pair[0]))
    meetings = _last_meetings(session, [account_id for account_id, _ in accounts], today)
    parts = []
    for account_id, name in accounts:
        meeting = meetings.get(account_id)
        moved = None
        if meeting is not None:
            text = f"{meeting.title} of {day_text(meeting.held_on)}"
            moved = moved_since(end_of_day(meeting.held_on), text, [account_id])
        parts.append(AccountMovement(account_id, name, moved))
    return PortfolioForecast(scope, rollup, None, None, tuple(parts))

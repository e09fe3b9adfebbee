"""The forecast roll-up: deals by fiscal quarter and year, in one currency, by forecast category.

Pure arithmetic over :class:`ForecastDeal` rows (``plan.forecast`` reads them from the database):

- **Closed** is the won deals, in the quarter they were won; **Commit**, **Best case** and **Pipeline** are
  the open deals of that category, in the quarter they are expected to close; the **weighted** amount is
  amount × probability of those open deals. Omitted deals, and deals lost or closed without a decision, are
  left out (and counted, so the result says so). An open deal put in *Closed* before it is won counts in
  Commit, and a note says so.
- Each amount is converted to the roll-up's currency with the rate of the deal's fiscal year (the user sets
  the rates: one unit of a currency in another, per fiscal year; a rate the other way round is used
  inverted). A deal whose currency has no rate for its year is never counted 1:1 nor dropped silently: it is
  listed as *not converted* and left out of the totals. The result names every rate it used.
- How the forecast moved between two moments (:func:`forecast_movement`): the totals of this quarter and
  this fiscal year then and now, and the deals that were added, won, lost, moved between categories, changed
  their amount or their close quarter.

A fiscal year is numbered by the calendar year it starts in, as seller plans and exchange rates number
them: with a year starting in April, fiscal year 2026 runs from April 2026 to March 2027 and is shown as
"FY2026/27" (as the journey shows it); its rates are those of fiscal year 2026.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal

from accountplan.analysis.wording import join_names
from accountplan.model.enums import ForecastCategory, Outcome

#: The categories a roll-up sums, from the most to the least certain.
COLUMNS = (
    ForecastCategory.CLOSED,
    ForecastCategory.COMMIT,
    ForecastCategory.BEST_CASE,
    ForecastCategory.PIPELINE,
)
_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def money(amount: Decimal, currency: str) -> str:
    """A whole amount with its currency: "JPY 1,380,000,000"."""
    return f"{currency} {amount:,.0f}"


def rate_text(rate: Decimal) -> str:
    """A rate without its trailing zeros and never with an exponent: "162.4", "0.0062"."""
    text = format(rate.normalize(), "f")
    return text


@dataclass(frozen=True)
class ForecastDeal:
    """One deal as the forecast reads it."""

    id: int
    name: str
    account_id: int
    account: str
    category: ForecastCategory
    amount: Decimal | None
    currency: str
    probability: int
    outcome: Outcome | None
    expected_close: dt.date | None
    closed_on: dt.date | None
    #: The seller whose number it is (the deal's owner, else the account's account executive).
    seller_id: int | None = None

    @property
    def close_day(self) -> dt.date | None:
        """The day that places the deal in a quarter: the day it was won, else its expected close."""
        if self.outcome is Outcome.WON:
            return self.closed_on or self.expected_close
        return self.expected_close


@dataclass(frozen=True, order=True)
class FiscalPeriod:
    """A fiscal quarter (``quarter`` 1–4) or a whole fiscal year (``quarter`` 0), from ``start`` to ``end``."""

    fiscal_year: int
    quarter: int
    start: dt.date
    end: dt.date
    #: The month the fiscal year starts in.
    starts_month: int = 1

    @property
    def year_name(self) -> str:
        """The year's name: FY2026, or FY2026/27 for a year not starting in January (as the journey names it)."""
        if self.starts_month == 1:
            return f"FY{self.fiscal_year}"
        return f"FY{self.fiscal_year}/{(self.fiscal_year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """The quarter and year ("Q3 FY2026/27"), or the year ("FY2026/27")."""
        return f"Q{self.quarter} {self.year_name}" if self.quarter else self.year_name

    @property
    def months(self) -> str:
        """The months it spans: "Oct–Dec 2026", "Apr 2026 – Mar 2027"."""
        first, last = _MONTHS[self.start.month - 1], _MONTHS[self.end.month - 1]
        if self.start.year == self.end.year:
            return f"{first}–{last} {self.end.year}"
        return f"{first} {self.start.year} – {last} {self.end.year}"

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month_start(year: int, month: int) -> dt.date:
    """The first day of a month counted from January of ``year`` (``month`` may run past 12)."""
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class FiscalCalendar:
    """A fiscal year starting in ``starts_month`` (1: the calendar year)."""

    starts_month: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.starts_month <= 12:
            raise ValueError(f"A fiscal year starts in a month from 1 to 12, not {self.starts_month}.")

    def year_of(self, day: dt.date) -> int:
        """The fiscal year (the calendar year it starts in) that holds ``day``."""
        return day.year if day.month >= self.starts_month else day.year - 1

    def year(self, fiscal_year: int) -> FiscalPeriod:
        start = dt.date(fiscal_year, self.starts_month, 1)
        end = _month_start(fiscal_year, self.starts_month + 12) - dt.timedelta(days=1)
        return FiscalPeriod(fiscal_year, 0, start, end, self.starts_month)

    def quarter_of(self, day: dt.date) -> FiscalPeriod:
        fiscal_year = self.year_of(day)
        months = (day.year - fiscal_year) * 12 + day.month - self.starts_month
        index = months // 3
        start = _month_start(fiscal_year, self.starts_month + 3 * index)
        end = _month_start(fiscal_year, self.starts_month + 3 * index + 3) - dt.timedelta(days=1)
        return FiscalPeriod(fiscal_year, index + 1, start, end, self.starts_month)


@dataclass(frozen=True)
class RateUsed:
    """An exchange rate as the user set it: one ``currency`` is worth ``rate`` ``to_currency`` in a year."""

    fiscal_year: int
    currency: str
    to_currency: str
    rate: Decimal

    @property
    def text(self) -> str:
        """The rate in words: 1 EUR = 162.4 JPY (FY2026)."""
        return f"1 {self.currency} = {rate_text(self.rate)} {self.to_currency} (FY{self.fiscal_year})"


class Rates:
    """The exchange rates the user set, per fiscal year; a rate is also used the other way round (inverted)."""

    def __init__(self, rates: Iterable[RateUsed] = ()) -> None:
        self._rates = {(r.fiscal_year, r.currency, r.to_currency): r for r in rates}

    def __len__(self) -> int:
        return len(self._rates)

    def find(self, fiscal_year: int, currency: str, to_currency: str) -> tuple[RateUsed, bool] | None:
        """The rate that converts ``currency`` to ``to_currency`` that year, and whether it is inverted."""
        direct = self._rates.get((fiscal_year, currency, to_currency))
        if direct is not None:
            return direct, False
        other = self._rates.get((fiscal_year, to_currency, currency))
        if other is not None and other.rate:
            return other, True
        return None

    def convert(
        self, amount: Decimal, currency: str, to_currency: str, fiscal_year: int
    ) -> tuple[Decimal, RateUsed | None] | None:
        """``amount`` in ``to_currency`` (to the cent) and the rate used; None when there is no rate."""
        if currency == to_currency:
            return amount, None
        found = self.find(fiscal_year, currency, to_currency)
        if found is None:
            return None
        rate, inverted = found
        value = amount / rate.rate if inverted else amount * rate.rate
        return value.quantize(_CENT, ROUND_HALF_EVEN), rate


@dataclass(frozen=True)
class Buckets:
    """The amounts of one period (or account) by category, in the roll-up's currency."""

    closed: Decimal = _ZERO
    commit: Decimal = _ZERO
    best_case: Decimal = _ZERO
    pipeline: Decimal = _ZERO
    #: Amount × probability of the open deals (commit, best case and pipeline).
    weighted: Decimal = _ZERO
    #: How many deals are counted.
    deals: int = 0

    def of(self, category: ForecastCategory) -> Decimal:
        """The amount of one of :data:`COLUMNS`."""
        return {
            ForecastCategory.CLOSED: self.closed,
            ForecastCategory.COMMIT: self.commit,
            ForecastCategory.BEST_CASE: self.best_case,
            ForecastCategory.PIPELINE: self.pipeline,
        }[category]

    @property
    def open(self) -> Decimal:
        """Commit, best case and pipeline: every open deal counted."""
        return self.commit + self.best_case + self.pipeline

    @property
    def total(self) -> Decimal:
        return self.closed + self.open

    def plus(self, other: Buckets) -> Buckets:
        return Buckets(
            self.closed + other.closed,
            self.commit + other.commit,
            self.best_case + other.best_case,
            self.pipeline + other.pipeline,
            self.weighted + other.weighted,
            self.deals + other.deals,
        )


def _one(column: ForecastCategory, amount: Decimal, weighted: Decimal) -> Buckets:
    values = {c.value: amount if c is column else _ZERO for c in COLUMNS}
    return Buckets(weighted=weighted, deals=1, **values)


@dataclass(frozen=True)
class ForecastLine:
    """A deal counted in the roll-up: its column, its amount converted, and its quarter (None: no close date)."""

    deal: ForecastDeal
    column: ForecastCategory
    amount: Decimal
    weighted: Decimal
    quarter: FiscalPeriod | None
    #: The rate it was converted with (None: in the roll-up's currency already).
    rate: RateUsed | None


@dataclass(frozen=True)
class NotConverted:
    """A deal left out of the totals because its currency has no rate to the roll-up's for its fiscal year."""

    deal: ForecastDeal
    fiscal_year: int | None
    to_currency: str

    @property
    def text(self) -> str:
        deal = self.deal
        amount = money(deal.amount or _ZERO, deal.currency)
        year = f" for FY{self.fiscal_year}" if self.fiscal_year is not None else ""
        return (
            f"{deal.name} ({deal.account}): {amount}, no {deal.currency} → {self.to_currency} rate{year}: "
            "not converted, not in the totals"
        )


@dataclass(frozen=True)
class AccountForecast:
    """One account's part of a roll-up."""

    account_id: int
    name: str
    this_quarter: Buckets
    this_year: Buckets
    #: Every open deal counted, whatever its close date (none included), and the deals won this year.
    all_open: Buckets
    not_converted: int = 0


@dataclass(frozen=True)
class Rollup:
    """The forecast of some deals, by fiscal quarter and year, in one currency."""

    currency: str
    #: Why this currency and fiscal year: "JPY, the currency of Lars Pettersson's FY2026 plan".
    basis: str
    calendar: FiscalCalendar
    today: dt.date
    this_quarter: FiscalPeriod
    this_year: FiscalPeriod
    #: Every quarter with a deal counted, and this quarter, in order.
    quarters: tuple[tuple[FiscalPeriod, Buckets], ...]
    #: Every fiscal year with a deal counted, and this one, in order.
    years: tuple[tuple[FiscalPeriod, Buckets], ...]
    #: The open deals counted that have no expected close.
    undated: Buckets
    accounts: tuple[AccountForecast, ...]
    lines: tuple[ForecastLine, ...]
    rates_used: tuple[RateUsed, ...]
    not_converted: tuple[NotConverted, ...]
    #: What was left out, and anything to look at: "2 omitted deals left out", past close dates...
    notes: tuple[str, ...] = field(default=())
    #: Every deal it was given, counted or not.
    deals: tuple[ForecastDeal, ...] = field(default=())

    def quarter(self, period: FiscalPeriod) -> Buckets:
        return dict(self.quarters).get(period, Buckets())

    def year(self, fiscal_year: int) -> Buckets:
        return dict((p.fiscal_year, b) for p, b in self.years).get(fiscal_year, Buckets())

    @property
    def current_quarter(self) -> Buckets:
        return self.quarter(self.this_quarter)

    @property
    def current_year(self) -> Buckets:
        return self.year(self.this_year.fiscal_year)

    @property
    def rates_text(self) -> str:
        """Which rates the amounts were converted with, in one sentence."""
        if not self.rates_used:
            return f"All amounts in {self.currency}: nothing converted."
        return f"Converted to {self.currency} at " + "; ".join(rate.text for rate in self.rates_used) + "."


def _add(table: dict[FiscalPeriod, Buckets], period: FiscalPeriod, amounts: Buckets) -> None:
    table[period] = table.get(period, Buckets()).plus(amounts)


def _column_of(deal: ForecastDeal) -> ForecastCategory | None:
    """The column a deal counts in, or None when it is left out (omitted, lost, no decision)."""
    if deal.category is ForecastCategory.OMITTED:
        return None
    if deal.outcome is Outcome.WON:
        return ForecastCategory.CLOSED
    if deal.outcome is not None:
        return None
    if deal.category is ForecastCategory.CLOSED:
        return ForecastCategory.COMMIT  # not won yet: a note says so
    return deal.category


def roll_up(
    deals: Sequence[ForecastDeal],
    *,
    currency: str,
    calendar: FiscalCalendar,
    rates: Rates,
    today: dt.date,
    basis: str = "",
) -> Rollup:
    """The forecast of ``deals`` in ``currency``, by the quarters and years of ``calendar``."""
    this_quarter, this_year = calendar.quarter_of(today), calendar.year(calendar.year_of(today))
    quarters: dict[FiscalPeriod, Buckets] = {this_quarter: Buckets()}
    years: dict[FiscalPeriod, Buckets] = {this_year: Buckets()}
    undated = Buckets()
    lines: list[ForecastLine] = []
    used: dict[tuple[int, str, str], RateUsed] = {}
    missing: list[NotConverted] = []
    omitted: list[str] = []
    lost: list[str] = []
    no_amount: list[str] = []
    closed_open: list[str] = []
    past_due: list[str] = []
    for deal in deals:
        column = _column_of(deal)
        if column is None:
            (omitted if deal.category is ForecastCategory.OMITTED else lost).append(deal.name)
            continue
        if deal.amount is None:
            no_amount.append(deal.name)
            continue
        day = deal.close_day
        # An undated deal is converted at this year's rate.
        fiscal_year = calendar.year_of(day) if day is not None else this_year.fiscal_year
        converted = rates.convert(deal.amount, deal.currency, currency, fiscal_year)
        if converted is None:
            missing.append(NotConverted(deal, fiscal_year, currency))
            continue
        amount, rate = converted
        if rate is not None:
            used[(rate.fiscal_year, rate.currency, rate.to_currency)] = rate
        weighted = _ZERO
        if column is not ForecastCategory.CLOSED:
            weighted = (amount * deal.probability / 100).quantize(_CENT, ROUND_HALF_EVEN)
        if deal.category is ForecastCategory.CLOSED and deal.outcome is None:
            closed_open.append(deal.name)
        if deal.outcome is None and day is not None and day < today:
            past_due.append(deal.name)
        quarter = calendar.quarter_of(day) if day is not None else None
        lines.append(ForecastLine(deal, column, amount, weighted, quarter, rate))
        one = _one(column, amount, weighted)
        if quarter is None:
            undated = undated.plus(one)
            continue
        _add(quarters, quarter, one)
        _add(years, calendar.year(quarter.fiscal_year), one)
    notes = _notes(omitted, lost, no_amount, closed_open, past_due)
    return Rollup(
        currency=currency,
        basis=basis,
        calendar=calendar,
        today=today,
        this_quarter=this_quarter,
        this_year=this_year,
        quarters=tuple(sorted(quarters.items())),
        years=tuple(sorted(years.items())),
        undated=undated,
        accounts=_by_account(deals, lines, missing, this_quarter, this_year),
        lines=tuple(lines),
        rates_used=tuple(used[key] for key in sorted(used)),
        not_converted=tuple(missing),
        notes=notes,
        deals=tuple(deals),
    )


def _deals(count: int, what: str) -> str:
    return f"1 {what} deal" if count == 1 else f"{count} {what} deals"


def _notes(
    omitted: list[str], lost: list[str], no_amount: list[str], closed_open: list[str], past_due: list[str]
) -> tuple[str, ...]:
    notes = []
    if omitted:
        notes.append(f"{_deals(len(omitted), 'omitted')} left out ({join_names(omitted)}).")
    if lost:
        notes.append(f"{_deals(len(lost), 'lost or undecided')} left out.")
    if no_amount:
        notes.append(f"{join_names(no_amount)}: no amount yet, not counted.")
    if closed_open:
        notes.append(f"{join_names(closed_open)}: put in Closed but not won yet, counted in Commit.")
    if past_due:
        verb = "has" if len(past_due) == 1 else "have"
        notes.append(
            f"{join_names(past_due)} {verb} an expected close that has passed: counted in that quarter; "
            "move the date or close the deal."
        )
    return tuple(notes)


def _by_account(
    deals: Sequence[ForecastDeal],
    lines: Sequence[ForecastLine],
    missing: Sequence[NotConverted],
    this_quarter: FiscalPeriod,
    this_year: FiscalPeriod,
) -> tuple[AccountForecast, ...]:
    names = {deal.account_id: deal.account for deal in deals}
    found: dict[int, AccountForecast] = {
        account_id: AccountForecast(account_id, name, Buckets(), Buckets(), Buckets())
        for account_id, name in names.items()
    }
    for line in lines:
        one = _one(line.column, line.amount, line.weighted)
        row = found[line.deal.account_id]
        day = line.deal.close_day
        in_quarter = day is not None and this_quarter.holds(day)
        in_year = day is not None and this_year.holds(day)
        counted = line.column is not ForecastCategory.CLOSED or in_year
        found[line.deal.account_id] = replace(
            row,
            this_quarter=row.this_quarter.plus(one) if in_quarter else row.this_quarter,
            this_year=row.this_year.plus(one) if in_year else row.this_year,
            all_open=row.all_open.plus(one) if counted else row.all_open,
        )
    for gap in missing:
        row = found[gap.deal.account_id]
        found[gap.deal.account_id] = replace(row, not_converted=row.not_converted + 1)
    return tuple(sorted(found.values(), key=lambda a: (a.name.casefold(), a.account_id)))


# --- how the forecast moved -----------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastMove:
    """One deal's move in the forecast between two moments, in a sentence."""

    #: "added", "won", "lost", "category", "amount", "close" or "deleted".
    kind: str
    deal: str
    account: str
    text: str


@dataclass(frozen=True)
class ForecastMovement:
    """How the forecast moved from ``since`` to now: this quarter's and this year's totals then and now."""

    #: The moment compared with (None: from the start) and what it was ("the meeting of 13 Oct 2026").
    since: dt.datetime | None
    since_text: str
    before_quarter: Buckets
    now_quarter: Buckets
    before_year: Buckets
    now_year: Buckets
    this_quarter: FiscalPeriod
    this_year: FiscalPeriod
    currency: str
    moves: tuple[ForecastMove, ...]

    def change(self, category: ForecastCategory, *, year: bool = True) -> Decimal:
        """How much one column of this year (or this quarter) moved."""
        before, now = (self.before_year, self.now_year) if year else (self.before_quarter, self.now_quarter)
        return now.of(category) - before.of(category)

    @property
    def is_empty(self) -> bool:
        return (
            not self.moves and self.before_year == self.now_year and self.before_quarter == self.now_quarter
        )

    def summary(self, *, year: bool = True) -> str:
        """The columns that moved ("Commit +JPY 120,000,000 · Pipeline −JPY 120,000,000"), or "no change"."""
        parts = []
        for category in (*COLUMNS, None):
            before, now = (
                (self.before_year, self.now_year) if year else (self.before_quarter, self.now_quarter)
            )
            delta = (now.weighted - before.weighted) if category is None else self.change(category, year=year)
            if delta:
                label = "Weighted" if category is None else category.label
                sign = "+" if delta > 0 else "−"
                parts.append(f"{label} {sign}{money(abs(delta), self.currency)}")
        return " · ".join(parts) if parts else "no change"


def _period_word(line: ForecastLine | None) -> str:
    if line is None or line.quarter is None:
        return "no close date"
    return line.quarter.label


def forecast_movement(
    then: Rollup,
    now: Rollup,
    *,
    since: dt.datetime | None,
    since_text: str,
    deleted: Sequence[tuple[str, str]] = (),
) -> ForecastMovement:
    """Compare the roll-up of the deals as they stood at ``since`` with today's (same currency, calendar).

    ``then`` must be rolled up as of the same day as ``now`` (this quarter and year are today's), from the
    deals as they stood then; ``deleted``: (deal, account) of deals deleted since, which cannot be counted.
    """
    before = {line.deal.id: line for line in then.lines}
    after = {line.deal.id: line for line in now.lines}
    existed = {deal.id for deal in then.deals}
    current = {deal.id: deal for deal in now.deals}
    moves: list[ForecastMove] = []
    currency = now.currency
    for line in now.lines:
        deal, old = line.deal, before.get(line.deal.id)
        amount = money(line.amount, currency)
        if deal.id not in existed:
            text = f"{deal.name}: new in {line.column.label} ({amount}, {_period_word(line)})"
            moves.append(ForecastMove("added", deal.name, deal.account, text))
            continue
        if old is None:
            text = f"{deal.name}: now counted in {line.column.label} ({amount}, {_period_word(line)})"
            moves.append(ForecastMove("category", deal.name, deal.account, text))
            continue
        if line.column is ForecastCategory.CLOSED and old.column is not ForecastCategory.CLOSED:
            text = f"{deal.name}: won ({amount}, {_period_word(line)})"
            moves.append(ForecastMove("won", deal.name, deal.account, text))
            continue
        if line.column is not old.column:
            text = f"{deal.name}: {old.column.label} → {line.column.label} ({amount})"
            moves.append(ForecastMove("category", deal.name, deal.account, text))
        if line.amount != old.amount:
            text = f"{deal.name}: amount {money(old.amount, currency)} → {amount}"
            moves.append(ForecastMove("amount", deal.name, deal.account, text))
        if line.quarter != old.quarter:
            text = f"{deal.name}: expected close {_period_word(old)} → {_period_word(line)}"
            moves.append(ForecastMove("close", deal.name, deal.account, text))
    for deal_id, old in before.items():
        if deal_id in after:
            continue
        name, account, out = old.deal.name, old.deal.account, money(old.amount, currency)
        gone = current.get(deal_id)
        if gone is not None and gone.outcome in (Outcome.LOST, Outcome.NO_DECISION):
            why = "lost" if gone.outcome is Outcome.LOST else "closed with no decision"
            moves.append(ForecastMove("lost", name, account, f"{name}: {why} ({out} out)"))
        elif gone is not None and gone.category is ForecastCategory.OMITTED:
            moves.append(
                ForecastMove("category", name, account, f"{name}: {old.column.label} → Omitted ({out} out)")
            )
        elif gone is not None:
            moves.append(ForecastMove("category", name, account, f"{name}: no longer counted ({out} out)"))
    moves += [
        ForecastMove("deleted", name, account, f"{name}: deleted (not in the earlier figures)")
        for name, account in deleted
    ]
    return ForecastMovement(
        since=since,
        since_text=since_text,
        before_quarter=then.current_quarter,
        now_quarter=now.current_quarter,
        before_year=then.current_year,
        now_year=now.current_year,
        this_quarter=now.this_quarter,
        this_year=now.this_year,
        currency=currency,
        moves=tuple(moves),
    )

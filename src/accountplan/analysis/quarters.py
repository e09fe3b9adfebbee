"""The customer's fiscal quarters: the columns of the journey and the spread of the numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Quarter:
    """One fiscal quarter, from ``start`` to ``end`` inclusive.

    ``label`` is "Q1" to "Q4"; ``fiscal_year`` is "FY2026", or "FY2026/27" for a year not starting in January.
    """

    index: int
    fiscal_year: str
    label: str
    start: dt.date
    end: dt.date

    @property
    def title(self) -> str:
        """The label with its fiscal year, e.g. "Q1 FY2026/27"."""
        return f"{self.label} {self.fiscal_year}"


def _month_start(year: int, month: int) -> dt.date:
    """The first day of a month counted from January of ``year`` (month may run past 12)."""
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def fiscal_year_start(start_month: int, day: dt.date) -> dt.date:
    """The first day of the fiscal year (starting in ``start_month``) that contains ``day``."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"A fiscal year starts in a month from 1 to 12, not {start_month}.")
    year = day.year if day.month >= start_month else day.year - 1
    return dt.date(year, start_month, 1)


def _fiscal_year_name(start: dt.date) -> str:
    if start.month == 1:
        return f"FY{start.year}"
    return f"FY{start.year}/{(start.year + 1) % 100:02d}"


def fiscal_quarters(start_month: int, today: dt.date, count: int = 12) -> tuple[Quarter, ...]:
    """``count`` quarters from the start of the fiscal year that contains ``today``."""
    first = fiscal_year_start(start_month, today)
    quarters = []
    for index in range(count):
        start = _month_start(first.year, first.month + 3 * index)
        end = _month_start(first.year, first.month + 3 * index + 3) - dt.timedelta(days=1)
        year_start = _month_start(first.year, first.month + 12 * (index // 4))
        quarters.append(Quarter(index, _fiscal_year_name(year_start), f"Q{index % 4 + 1}", start, end))
    return tuple(quarters)


def quarter_of(quarters: Sequence[Quarter], day: dt.date) -> int | None:
    """The index of the quarter that contains ``day``, or None when it falls outside them all."""
    for quarter in quarters:
        if quarter.start <= day <= quarter.end:
            return quarter.index
    return None

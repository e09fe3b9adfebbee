"""The exchange rates the user sets, per fiscal year: one unit of a currency in another.

A rate belongs to the whole plan, not to an account. A pair is set one way only in a year: 1 EUR = 162.4
JPY serves for JPY to EUR too (inverted), so a rate the other way round for the same year is refused rather
than left to disagree with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.forecast import RateUsed, rate_text
from accountplan.errors import InvalidValue, NotFound, Refused
from accountplan.model import ExchangeRate
from accountplan.model.seller import FISCAL_YEARS
from accountplan.model.types import Rate

__all__ = ["RateRow", "delete_rate", "find_rate", "list_rates", "parse_rate", "set_rate"]

_CURRENCY = re.compile(r"[A-Z]{3}")
#: The largest rate a NUMERIC(20, 8) holds.
_LARGEST = Decimal(10) ** (20 - Rate.PLACES) - 1


@dataclass(frozen=True)
class RateRow:
    """One rate as the Rates dialog and ``accountplan rates list`` show it."""

    id: int
    fiscal_year: int
    currency: str
    to_currency: str
    rate: Decimal
    version: int

    @property
    def text(self) -> str:
        return RateUsed(self.fiscal_year, self.currency, self.to_currency, self.rate).text


def list_rates(session: Session) -> list[RateRow]:
    """Every rate, by fiscal year, then currency and the currency it converts to."""
    rows = session.scalars(
        select(ExchangeRate).order_by(
            ExchangeRate.fiscal_year, ExchangeRate.currency, ExchangeRate.to_currency, ExchangeRate.id
        )
    )
    return [RateRow(r.id, r.fiscal_year, r.currency, r.to_currency, r.rate, r.version) for r in rows]


def _currency(text: str, what: str) -> str:
    code = text.strip().upper()
    if not _CURRENCY.fullmatch(code):
        raise InvalidValue(
            f"The {what} is a three-letter code such as EUR, USD or JPY, not {text.strip()!r}."
        )
    return code


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InvalidValue(f"The fiscal year is a year such as 2026, not {value!r}.") from None
    low, high = FISCAL_YEARS
    if not low <= year <= high:
        raise InvalidValue(f"The fiscal year must be between {low} and {high}, not {year}.")
    return year


def parse_rate(value: Any) -> Decimal:
    """A rate as typed ("162.4", "0,0062", "1 234.5"): positive, with at most eight decimals."""
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    text = text.replace(",", "")
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise InvalidValue(f"The rate is a number such as 162.4, not {str(value).strip()!r}.") from None
    if not rate.is_finite() or rate <= 0:
        raise InvalidValue(f"A rate is more than zero, not {str(value).strip()}.")
    places = Decimal(1).scaleb(-Rate.PLACES)
    if rate != rate.quantize(places):
        raise InvalidValue(f"A rate keeps at most {Rate.PLACES} decimals: {text} has more.")
    if rate > _LARGEST:
        raise InvalidValue(f"A rate is at most {_LARGEST:,}.")
    return rate


def _key(fiscal_year: Any, currency: str, to_currency: str) -> tuple[int, str, str]:
    year, source, target = (
        _year(fiscal_year),
        _currency(currency, "currency"),
        _currency(to_currency, "currency"),
    )
    if source == target:
        raise InvalidValue(f"A rate converts one currency into another, not {source} into {source}.")
    return year, source, target


def find_rate(session: Session, fiscal_year: int, currency: str, to_currency: str) -> ExchangeRate | None:
    year, source, target = _key(fiscal_year, currency, to_currency)
    return session.scalars(
        select(ExchangeRate).where(
            ExchangeRate.fiscal_year == year,
            ExchangeRate.currency == source,
            ExchangeRate.to_currency == target,
        )
    ).first()


def set_rate(
    session: Session, fiscal_year: Any, currency: str, to_currency: str, rate: Any
) -> Decimal | None:
    """Set how many ``to_currency`` one ``currency`` is worth in a fiscal year; return the rate it replaced.

    None: there was none (the rate is added). Refused when the year has the pair the other way round.
    """
    year, source, target = _key(fiscal_year, currency, to_currency)
    value = parse_rate(rate)
    other = find_rate(session, year, target, source)
    if other is not None:
        raise Refused(
            f"FY{year} already has 1 {target} = {rate_text(other.rate)} {source}, which converts {source} "
            f"to {target} too; change that rate, or delete it first."
        )
    found = find_rate(session, year, source, target)
    if found is None:
        session.add(ExchangeRate(fiscal_year=year, currency=source, to_currency=target, rate=value))
        session.flush()
        return None
    previous = found.rate
    if previous != value:
        found.rate = value
        session.flush()
    return previous


def delete_rate(session: Session, fiscal_year: Any, currency: str, to_currency: str) -> None:
    found = find_rate(session, fiscal_year, currency, to_currency)
    if found is None:
        year, source, target = _key(fiscal_year, currency, to_currency)
        raise NotFound(f"There is no {source} → {target} rate for FY{year}.")
    session.delete(found)
    session.flush()

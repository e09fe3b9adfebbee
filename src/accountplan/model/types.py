"""Column types that behave the same on SQLite and PostgreSQL: UTC timestamps, exact money and rates, enums."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Numeric, String, TypeDecorator
from sqlalchemy import Enum as SAEnum
from sqlalchemy.types import TypeEngine


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always returned timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware time")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Money(TypeDecorator[Decimal]):
    """An exact amount with two decimals: NUMERIC on PostgreSQL, text on SQLite (which has no decimal)."""

    impl = Numeric(18, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(24))
        return dialect.type_descriptor(Numeric(18, 2))

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = Decimal(value).quantize(Decimal("0.01"))
        return str(amount) if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value).quantize(Decimal("0.01"))


class Rate(TypeDecorator[Decimal]):
    """An exact rate with up to eight decimals (an exchange rate): NUMERIC(20, 8), text on SQLite."""

    impl = Numeric(20, 8)
    cache_ok = True
    #: The decimals a rate keeps.
    PLACES = 8

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(Numeric(20, 8))

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        rate = normal_rate(Decimal(value))
        return str(rate) if dialect.name == "sqlite" else rate

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return normal_rate(Decimal(value))


def normal_rate(value: Decimal) -> Decimal:
    """``value`` rounded to a rate's eight decimals, written without trailing zeros (1.08, not 1.08000000)."""
    rounded = value.quantize(Decimal(1).scaleb(-Rate.PLACES))
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def enum_type(enum_class: type[enum.Enum], *, name: str | None = None) -> SAEnum:
    """Store an enumeration by its value as portable text, checked by SQLAlchemy and by the database.

    The database's CHECK constraint (``column IN (...)``) is named ``ck_<table>_<name>``, ``name`` being the
    enumeration's class name in lower case unless given: give one when a table has two columns of the same
    enumeration. Adding a member needs a migration that replaces that constraint in existing databases.
    """
    return SAEnum(
        enum_class,
        name=name or enum_class.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )

"""Checking and applying field changes to an entity, the same way for every operation."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Date, Enum, Integer, String, Table, inspect

from accountplan.errors import InvalidValue
from accountplan.model import Base
from accountplan.model.ranges import value_range
from accountplan.model.text_rules import clean_text, text_limit, text_problem
from accountplan.model.types import Money
from accountplan.store.rows import get as get  # every operation reads a named row this way


def coerce(entity: type[Base], field: str, value: Any) -> Any:
    """``value`` converted to what ``entity.field`` holds, or InvalidValue saying why not."""
    table: Table = entity.__table__  # type: ignore[assignment]
    if field not in table.columns:
        raise InvalidValue(f"{entity.__name__} has no field {field!r}.")
    column = table.columns[field]
    label = field.replace("_", " ")
    if value is None or value == "" and column.nullable and not isinstance(column.type, String):
        if not column.nullable:
            raise InvalidValue(f"The {label} cannot be empty.")
        return None
    kind = column.type
    try:
        if isinstance(kind, Enum) and kind.enum_class is not None:
            if isinstance(value, enum.Enum):
                return kind.enum_class(value.value)
            return (
                kind.enum_class.from_text(str(value))
                if hasattr(kind.enum_class, "from_text")
                else kind.enum_class(value)
            )
        if isinstance(kind, Money):
            return Decimal(str(value).replace(",", "")).quantize(Decimal("0.01"))
        if isinstance(kind, Date):
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if isinstance(kind, Integer) and not isinstance(value, bool):
            number = int(value)
            low, high = value_range(column)
            if not low <= number <= high:
                raise InvalidValue(f"The {label} must be between {low} and {high}, not {number}.")
            return number
        if isinstance(kind, String):
            # Typed or pasted text: line breaks kept, other control characters (a pasted escape
            # sequence, a NUL) and broken characters dropped; one cap per column (the text rules).
            text = clean_text(str(value))
            if (problem := text_problem(text, text_limit(column))) is not None:
                raise InvalidValue(f"The {label} {problem}.")
            return text
    except (ValueError, InvalidOperation) as exc:
        raise InvalidValue(f"{value!r} is not a valid {label}: {exc}") from None
    return value


def number_range(entity: type[Base], field: str) -> tuple[int, int]:
    """The lowest and highest whole number ``entity.field`` takes (its declared range): for a spin box."""
    table: Table = entity.__table__  # type: ignore[assignment]
    return value_range(table.columns[field])


def apply(obj: Base, changes: dict[str, Any], *, forbidden: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Set the given fields on ``obj``; return their previous values (what undo needs)."""
    entity = type(obj)
    previous: dict[str, Any] = {}
    for field, value in changes.items():
        if field in forbidden or field in ("id", "version", "account_id"):
            raise InvalidValue(
                f"The {field.replace('_', ' ')} of a {entity.__name__.lower()} cannot be set here."
            )
        new = coerce(entity, field, value)
        previous[field] = getattr(obj, field)
        setattr(obj, field, new)
    return previous


def snapshot(obj: Base) -> dict[str, Any]:
    """Every column value of ``obj``."""
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}

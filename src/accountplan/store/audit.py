"""Writes every change made through a session to the change log, with the user's name."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from accountplan.model import Account, Base, ChangeLogEntry
from accountplan.model.enums import ChangeKind
from accountplan.model.types import utcnow

#: Columns that change on every save and say nothing to a user.
_SILENT_COLUMNS = frozenset({"id", "version", "account_id", "created_at"})


def format_value(value: Any) -> str | None:
    """How a value is written in the change log: enums by value, dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # never an exponent (a rate of 0.00000001)
    return str(value)


def _account_of(obj: Base) -> int | None:
    if isinstance(obj, Account):
        return obj.id
    return getattr(obj, "account_id", None)


def _entry(session: Session, obj: Base, kind: ChangeKind, **values: Any) -> dict[str, Any]:
    return {
        "account_id": _account_of(obj),
        "at": session.info.get("now") or utcnow(),
        "user": session.info.get("user", ""),
        "kind": kind,
        "entity_type": obj.__tablename__,
        "entity_id": obj.id,
        "entity_label": obj.label[:300],
        "field": values.get("field", ""),
        "old_value": values.get("old_value"),
        "new_value": values.get("new_value"),
    }


def field_changes(obj: Base) -> list[tuple[str, Any, Any]]:
    """The (column, old, new) triples of a pending update to ``obj``."""
    state = inspect(obj)
    changes = []
    for column in state.mapper.column_attrs:
        key = column.key
        if key in _SILENT_COLUMNS:
            continue
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            changes.append((key, old, new))
    return changes


def record_changes(session: Session, flush_context: UOWTransaction) -> None:
    """Session ``after_flush`` hook: write the change-log rows of this flush."""
    if not session.info.get("audit", True):
        return
    rows = []
    for obj in session.new:
        if isinstance(obj, Base) and obj.audited:
            rows.append(_entry(session, obj, ChangeKind.CREATED))
    for obj in session.dirty:
        if isinstance(obj, Base) and obj.audited and session.is_modified(obj, include_collections=False):
            for key, old, new in field_changes(obj):
                rows.append(
                    _entry(
                        session,
                        obj,
                        ChangeKind.UPDATED,
                        field=key,
                        old_value=format_value(old),
                        new_value=format_value(new),
                    )
                )
    for obj in session.deleted:
        if isinstance(obj, Base) and obj.audited and not isinstance(obj, Account):
            rows.append(_entry(session, obj, ChangeKind.DELETED))
    if rows:
        session.connection().execute(insert(ChangeLogEntry), rows)


def log_change(
    session: Session, obj: Base, kind: ChangeKind, field: str = "", old: Any = None, new: Any = None
) -> None:
    """Write one change-log row by hand, for changes the flush cannot see (e.g. a set of roles)."""
    if not session.info.get("audit", True):
        return
    session.connection().execute(
        insert(ChangeLogEntry),
        [_entry(session, obj, kind, field=field, old_value=format_value(old), new_value=format_value(new))],
    )

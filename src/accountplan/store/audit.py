"""Writes every change made through a session to the change log, with the user's name."""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, inspect, select
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


def row_values(obj: Base) -> dict[str, str | None]:
    """A row's columns as the change log writes them (those held in memory), for its deletion entry.

    A person's entry also says their buying roles ("roles", as :func:`set_roles` logs them), which live in
    rows of their own.
    """
    state = inspect(obj)
    values = {
        column.key: format_value(state.dict[column.key])
        for column in state.mapper.column_attrs
        if column.key not in _SILENT_COLUMNS and column.key in state.dict
    }
    links = state.dict.get("role_links")
    if links is not None:
        values["roles"] = ", ".join(sorted(format_value(link.role) or "" for link in links))
    return values


def _deletion(session: Session, obj: Base) -> dict[str, Any]:
    """A deletion entry: its old value is the row as it was (JSON), so that a past day can show it."""
    values = json.dumps(row_values(obj), ensure_ascii=False, sort_keys=True)
    return _entry(session, obj, ChangeKind.DELETED, old_value=values)


def _mapped_classes() -> dict[str, type[Base]]:
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__tablename__", None)
    }


def capture_cascades(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    """Session ``before_flush`` hook: the rows the database itself will delete or unlink, logged too.

    Deleting a person makes the database delete their coverage and influence links (ON DELETE CASCADE)
    and empty the references to them (SET NULL) without the session seeing it; their entries are taken
    here, while those rows still exist, and written after the flush with the others.
    """
    if not session.info.get("audit", True):
        return
    classes = _mapped_classes()
    going = {(obj.__tablename__, obj.id) for obj in session.deleted if isinstance(obj, Base)}
    by_table: dict[str, list[int]] = {}
    for table, row_id in going:
        if row_id is not None and table != Account.__tablename__:
            by_table.setdefault(table, []).append(row_id)
    pending: list[dict[str, Any]] = []
    session.info["audit_pending"] = pending
    for _depth in range(4):
        if not by_table:
            break
        below: dict[str, list[int]] = {}
        for table in Base.metadata.sorted_tables:
            entity = classes.get(table.name)
            if entity is None or not entity.audited:
                continue
            for column in table.columns:
                for foreign_key in column.foreign_keys:
                    parent_ids = by_table.get(foreign_key.column.table.name)
                    if not parent_ids or foreign_key.ondelete not in ("CASCADE", "SET NULL"):
                        continue
                    attribute = getattr(entity, column.key)
                    with session.no_autoflush:
                        rows = session.scalars(select(entity).where(attribute.in_(parent_ids))).all()
                    wanted = set(parent_ids)
                    for row in rows:
                        # A row re-pointed in this flush (a report moved up to a new manager) is not touched.
                        if (table.name, row.id) in going or getattr(row, column.key) not in wanted:
                            continue
                        if foreign_key.ondelete == "CASCADE":
                            going.add((table.name, row.id))
                            pending.append(_deletion(session, row))
                            below.setdefault(table.name, []).append(row.id)
                        else:
                            old = format_value(getattr(row, column.key))
                            entry = _entry(session, row, ChangeKind.UPDATED, field=column.key, old_value=old)
                            pending.append(entry)
        by_table = below


def record_changes(session: Session, flush_context: UOWTransaction) -> None:
    """Session ``after_flush`` hook: write the change-log rows of this flush."""
    if not session.info.get("audit", True):
        return
    rows = session.info.pop("audit_pending", [])
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
            rows.append(_deletion(session, obj))
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

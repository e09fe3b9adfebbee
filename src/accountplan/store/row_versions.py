"""Which rows a transaction wrote, at which version, so a later undo can see that someone else changed them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import EditConflict
from accountplan.model import Base
from accountplan.model.base import Versioned

#: A row of the plan: (table name, id).
RowKey = tuple[str, int]
_WRITTEN = "accountplan_written"
_CHUNK = 500


def note_written(session: Session, _flush_context: Any) -> None:
    """After each flush: remember the version of every versioned row written (None once deleted)."""
    written: dict[RowKey, int | None] = session.info.setdefault(_WRITTEN, {})
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Versioned) and isinstance(obj, Base) and obj.id is not None:
            written[(obj.__tablename__, obj.id)] = obj.version
    for obj in session.deleted:
        if isinstance(obj, Versioned) and isinstance(obj, Base):
            written[(obj.__tablename__, obj.id)] = None


def written_rows(session: Session, also: Iterable[RowKey] = ()) -> dict[RowKey, int | None]:
    """The versioned rows this transaction has written so far, with their versions now (None: deleted).

    ``also``: rows it may have written with plain SQL (a snapshot put back), which the session does not
    see; they are read from the database and counted as written.
    """
    session.flush()
    written: dict[RowKey, int | None] = session.info.setdefault(_WRITTEN, {})
    written.update(current_versions(session, [key for key in also if key not in written]))
    return dict(written)


def current_versions(session: Session, keys: Iterable[RowKey]) -> dict[RowKey, int | None]:
    """The version of each row as the database holds it now (None: there is no such row)."""
    by_table: dict[str, list[int]] = {}
    for name, row_id in keys:
        by_table.setdefault(name, []).append(row_id)
    found: dict[RowKey, int | None] = {}
    for name, ids in by_table.items():
        table = Base.metadata.tables[name]
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            found.update({(name, i): None for i in chunk})
            rows = session.execute(select(table.c.id, table.c.version).where(table.c.id.in_(chunk)))
            found.update({(name, row_id): version for row_id, version in rows})
    return found


def check_unchanged(session: Session, expected: Mapping[RowKey, int | None]) -> None:
    """Refuse (EditConflict) if any row is no longer at the version expected (last written or read)."""
    if not expected:
        return
    now = current_versions(session, expected)
    changed = sorted(key for key, version in expected.items() if now[key] != version)
    if not changed:
        return
    entities = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}
    names = []
    for table, row_id in changed[:3]:
        entity = entities[table]
        obj = session.get(entity, row_id)
        names.append(obj.label if obj is not None else f"a {entity.__name__.lower()} (since deleted)")
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    raise EditConflict(
        f"{', '.join(names)}{more} changed in another window or by another user since; "
        "their version was kept and nothing was overwritten.",
        rows=changed,
    )

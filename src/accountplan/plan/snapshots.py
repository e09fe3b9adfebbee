"""Capturing a row with everything that depends on it, so that deleting it can be undone exactly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from accountplan.model import Base


@dataclass
class Snapshot:
    """A row, the rows its deletion would cascade to, and the references it would set to null."""

    table: str
    row: dict[str, Any]
    cascaded: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    nulled: list[tuple[str, int, str]] = field(default_factory=list)


def _tables() -> dict[str, Table]:
    return dict(Base.metadata.tables)


def capture(session: Session, table_name: str, row_id: int) -> Snapshot:
    """Everything needed to put row ``row_id`` of ``table_name`` back after it is deleted."""
    tables = _tables()
    table = tables[table_name]
    row = session.execute(select(table).where(table.c.id == row_id)).mappings().one()
    snapshot = Snapshot(table_name, dict(row))
    _collect(session, tables, table_name, [row_id], snapshot, depth=0)
    return snapshot


def _collect(
    session: Session, tables: dict[str, Table], parent: str, ids: list[int], snapshot: Snapshot, depth: int
) -> None:
    if not ids or depth > 4:
        return
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            for foreign_key in column.foreign_keys:
                if foreign_key.column.table.name != parent:
                    continue
                rows = session.execute(select(table).where(column.in_(ids))).mappings().all()
                if foreign_key.ondelete == "CASCADE":
                    snapshot.cascaded.extend((table.name, dict(r)) for r in rows)
                    _collect(session, tables, table.name, [r["id"] for r in rows], snapshot, depth + 1)
                elif foreign_key.ondelete == "SET NULL":
                    snapshot.nulled.extend((table.name, r["id"], column.name) for r in rows)


def restore(session: Session, snapshot: Snapshot) -> None:
    """Put a captured row back with its id, its cascaded rows, and the references to it."""
    tables = _tables()
    session.execute(insert(tables[snapshot.table]).values(snapshot.row))
    done = {(snapshot.table, snapshot.row["id"])}
    for name, row in snapshot.cascaded:
        if (name, row["id"]) not in done:
            session.execute(insert(tables[name]).values(row))
            done.add((name, row["id"]))
    for name, row_id, column in snapshot.nulled:
        session.execute(
            update(tables[name]).where(tables[name].c.id == row_id).values({column: snapshot.row["id"]})
        )
    session.expire_all()

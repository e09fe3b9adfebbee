"""What a change touched: which kinds of record (tables) and which rows, so a page redraws only that.

Every write transaction records what it wrote as it flushes (rows the session saw, by table and id) and the
tables it wrote with plain SQL (an import, a snapshot put back: every row of such a table may have changed).
A change noticed from elsewhere (another process, the team server) says what it can: the rows a notification
named, or :data:`EVERYTHING` when nothing more is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy.orm import ORMExecuteState, Session

from accountplan.model import Base

_TOUCHED = "accountplan_touched"


@dataclass(frozen=True)
class Touched:
    """The rows a change wrote, by table; ``whole``: tables any row of which may have changed.

    ``unknown``: what changed is not known (another program wrote, a database was restored): everything.
    """

    rows: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))
    whole: frozenset[str] = frozenset()
    unknown: bool = False

    @classmethod
    def of(
        cls,
        rows: Mapping[str, Iterable[int]] | None = None,
        whole: Iterable[str] = (),
        *,
        unknown: bool = False,
    ) -> Touched:
        """A Touched from plain collections (the rows of a table given as any iterable of ids)."""
        frozen = {table: frozenset(ids) for table, ids in (rows or {}).items()}
        return cls(MappingProxyType(frozen), frozenset(whole), unknown)

    @property
    def empty(self) -> bool:
        """Nothing was written."""
        return not self.unknown and not self.whole and not any(self.rows.values())

    def tables(self) -> frozenset[str]:
        """The tables written (without meaning when ``unknown``)."""
        return frozenset(t for t, ids in self.rows.items() if ids) | self.whole

    def touches(self, tables: Iterable[str]) -> bool:
        """Whether any of ``tables`` may have changed."""
        return self.unknown or not self.tables().isdisjoint(tables)

    def ids(self, table: str) -> frozenset[int] | None:
        """The rows of ``table`` written; None when any of its rows may have changed."""
        if self.unknown or table in self.whole:
            return None
        return self.rows.get(table, frozenset())

    def only(self, tables: Iterable[str]) -> bool:
        """Whether nothing outside ``tables`` was written (and what was written is known)."""
        return not self.unknown and self.tables() <= frozenset(tables)

    def __or__(self, other: Touched) -> Touched:
        if self.unknown or other.unknown:
            return EVERYTHING
        rows = {
            t: self.rows.get(t, frozenset()) | other.rows.get(t, frozenset())
            for t in {*self.rows, *other.rows}
        }
        return Touched(MappingProxyType(rows), self.whole | other.whole)

    def __repr__(self) -> str:
        if self.unknown:
            return "Touched(everything)"
        parts = [
            f"{t}: {sorted(ids)[:5]}{'…' if len(ids) > 5 else ''}" for t, ids in sorted(self.rows.items())
        ]
        parts += [f"{t}: all" for t in sorted(self.whole)]
        return f"Touched({', '.join(parts)})"


#: What is known of a change saved elsewhere without saying what it wrote: anything may have changed.
EVERYTHING = Touched(unknown=True)
#: Nothing changed.
NOTHING = Touched()


@dataclass
class _Record:
    rows: dict[str, set[int]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)


def _record(session: Session) -> _Record:
    record: _Record = session.info.setdefault(_TOUCHED, _Record())
    return record


def note_flushed(session: Session, _flush_context: Any) -> None:
    """Session ``after_flush`` hook: remember every row the flush wrote (added, changed or deleted)."""
    record = _record(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Base) and obj.id is not None:
            record.rows.setdefault(obj.__tablename__, set()).add(obj.id)


def note_statement(state: ORMExecuteState) -> None:
    """Session ``do_orm_execute`` hook: a plain INSERT, UPDATE or DELETE writes rows the flush does not see.

    An INSERT of one row that names its id (a snapshot put back) touches that row; any other statement
    touches its whole table.
    """
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is None:
        return
    record = _record(state.session)
    if state.is_insert and not state.parameters:
        row_id = state.statement.compile().params.get("id")  # type: ignore[attr-defined]
        if isinstance(row_id, int):
            record.rows.setdefault(table.name, set()).add(row_id)
            return
    record.whole.add(table.name)


def touched_by(session: Session) -> Touched:
    """What the transaction of ``session`` has written so far."""
    record: _Record | None = session.info.get(_TOUCHED)
    if record is None:
        return NOTHING
    return Touched.of(record.rows, record.whole)

"""What a refused edit is weighed against: the row as it is saved now, and who saved it last."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import Base, ChangeLogEntry
from accountplan.plan.fields import snapshot


def entity_of(table: str) -> type[Base]:
    """The entity stored in ``table``."""
    return next(m.class_ for m in Base.registry.mappers if m.class_.__tablename__ == table)


@dataclass(frozen=True)
class SavedRow:
    """A row as saved now: every column's value (None when it was deleted) and who changed it last ("")."""

    values: dict[str, Any] | None
    saved_by: str

    @property
    def version(self) -> int | None:
        """The row's version now, or None when it was deleted."""
        return None if self.values is None else self.values["version"]


def saved_row(session: Session, table: str, row_id: int) -> SavedRow:
    """Row ``row_id`` of ``table`` as saved now, with the user of its latest change-log entry."""
    obj = session.get(entity_of(table), row_id)
    who = session.scalar(
        select(ChangeLogEntry.user)
        .where(ChangeLogEntry.entity_type == table, ChangeLogEntry.entity_id == row_id)
        .order_by(ChangeLogEntry.id.desc())
        .limit(1)
    )
    return SavedRow(snapshot(obj) if obj is not None else None, who or "")

"""Merging two records of one person (a possible duplicate an import listed) into one, and undoing it.

Everything that refers to the person merged away is moved to the one kept: their reports, coverage, buying
roles, influence links, owned decision steps and actions, sponsorships. Where the kept person already has the
same thing (the same co-seller's coverage, the same role, the same link), the kept one's stands and the other
is dropped. The kept person's empty fields take the other's values. :func:`unmerge_people` puts it all back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, UniqueConstraint, select
from sqlalchemy.orm import Session

from accountplan.analysis.loops import loop_closed_by
from accountplan.errors import CycleRefused, InvalidValue, Refused
from accountplan.model import Base, Stakeholder
from accountplan.plan import fields
from accountplan.plan.snapshots import Snapshot, capture, restore
from accountplan.plan.stakeholders import manager_of

#: Fields the kept person takes from the other when they have none.
_FILLED = ("title", "email", "phone", "location", "external_id", "org_unit_id", "reports_to_id")


@dataclass
class PeopleMerge:
    """What :func:`merge_people` did: the person merged away, each reference moved, each row dropped."""

    removed: Snapshot
    kept_id: int
    moved: list[tuple[str, str, int]] = field(default_factory=list)  # (table, column, row id)
    dropped: list[Snapshot] = field(default_factory=list)
    filled: dict[str, Any] = field(default_factory=dict)  # the kept person's fields as they were


def _references() -> list[tuple[Table, Column[Any]]]:
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == Stakeholder.__tablename__ for fk in column.foreign_keys):
                found.append((table, column))
    return found


def _entity(table_name: str) -> type[Any]:
    """The mapped class of a table."""
    return next(m.class_ for m in Base.registry.mappers if getattr(m.local_table, "name", None) == table_name)


def _clashes(session: Session, table: Table, row: dict[str, Any]) -> bool:
    """Whether ``row`` (with its reference moved) would repeat another row or link a person to themselves."""
    if {"source_id", "target_id"} <= set(row) and row["source_id"] == row["target_id"]:
        return True
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            columns = list(constraint.columns)
            same = select(table.c.id).where(table.c.id != row["id"], *(c == row[c.name] for c in columns))
            if session.scalar(same.limit(1)) is not None:
                return True
    return False


def merge_people(session: Session, removed_id: int, kept_id: int) -> PeopleMerge:
    """Make one person of two: ``removed_id`` goes, ``kept_id`` keeps everything that referred to either."""
    removed: Stakeholder = fields.get(session, Stakeholder, removed_id)
    kept: Stakeholder = fields.get(session, Stakeholder, kept_id)
    if removed.id == kept.id:
        raise InvalidValue(f"{kept.name} cannot be merged with themselves.")
    if removed.account_id != kept.account_id:
        raise Refused(f"{kept.name} belongs to another account.")
    # The kept person may not report to the one merged away: they would end up reporting to themselves.
    if loop_closed_by(removed.id, kept.id, lambda pid: manager_of(session, pid)) is not None:
        raise CycleRefused(
            f"{kept.name} reports to {removed.name}: move the reporting line first, then merge.",
            [kept.name, removed.name],
        )
    merge = PeopleMerge(Snapshot(Stakeholder.__tablename__, {}), kept.id)
    for name in _FILLED:
        value = getattr(removed, name)
        if not getattr(kept, name) and value and not (name == "reports_to_id" and value == kept.id):
            merge.filled[name] = getattr(kept, name)
            setattr(kept, name, value)
    session.flush()
    for table, column in _references():
        for row in list(session.execute(select(table).where(column == removed.id)).mappings()):
            if table.name == Stakeholder.__tablename__ and row["id"] == kept.id:
                continue
            moved = {**row, column.name: kept.id}
            entity = session.get(_entity(table.name), row["id"])  # through the ORM: each change is logged
            if _clashes(session, table, moved):
                # The kept person has the same already (that co-seller's coverage, that role, that link), or
                # the row would link the person to themselves: the kept one's stands.
                merge.dropped.append(capture(session, table.name, row["id"]))
                session.delete(entity)
            else:
                setattr(entity, column.name, kept.id)
                merge.moved.append((table.name, column.name, row["id"]))
            session.flush()
    session.expire_all()
    # Captured once nothing refers to them any more: undo puts back just the person, then moves things back.
    merge.removed = capture(session, Stakeholder.__tablename__, removed_id)
    session.delete(fields.get(session, Stakeholder, removed_id))
    session.flush()
    return merge


def unmerge_people(session: Session, merge: PeopleMerge) -> None:
    """Undo :func:`merge_people`: the person back, what referred to them back to them, the kept one as it was."""
    restore(session, merge.removed)
    removed_id = int(merge.removed.row["id"])
    for table_name, column, row_id in merge.moved:
        setattr(session.get(_entity(table_name), row_id), column, removed_id)
    session.flush()
    for snapshot in merge.dropped:
        restore(session, snapshot)
    session.expire_all()
    kept = fields.get(session, Stakeholder, merge.kept_id)
    for name, value in merge.filled.items():
        setattr(kept, name, value)
    session.flush()

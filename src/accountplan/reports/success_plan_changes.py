"""What changed in the success plan since the customer's previous revision, rebuilt from the change log.

Every exported revision is kept in the sense that matters to the customer: the change log records each edit
of the plan and each "New version" (the plan's ``revision`` raised), so the plan as it stood when revision N
was started can be compared with the plan now, without storing a copy per export. "Since revision N" means
since the moment revision N was made (the log's entry raising ``revision`` to N; revision 1 was made with the
plan itself): the customer received N after that moment, and what the log holds after it is what moved.

Only the objectives' and milestones' shareable fields (title or metric, date, status; see
``reports.shareable.SHAREABLE``) are read from the log; owners, notes and everything internal never are.
A late milestone (its date passed, not reached) is decided on the day the document is made, by its writer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import ChangeLogEntry, SuccessMilestone, SuccessObjective, SuccessPlan
from accountplan.model.enums import ChangeKind, MilestoneStatus

__all__ = ["PlanChange", "PlanChanges", "read_plan_changes"]


@dataclass(frozen=True)
class PlanChange:
    """One objective or milestone that changed: ``kind`` is "added", "moved" or "reached"."""

    kind: str
    #: "objective" or "milestone".
    item: str
    title: str
    due: dt.date | None
    #: For a move: the date it had when revision N was made.
    was: dt.date | None = None


@dataclass(frozen=True)
class PlanChanges:
    """The changes since revision ``since_revision``, which was made on ``since`` (a UTC time)."""

    since_revision: int
    since: dt.datetime
    changes: tuple[PlanChange, ...]


def read_plan_changes(session: Session, plan_id: int, revision: int) -> PlanChanges | None:
    """What changed since the revision before ``revision``; None for the first revision or no such entry."""
    if revision <= 1:
        return None
    since_revision = revision - 1
    made = _revision_made(session, plan_id, since_revision)
    if made is None:
        return None
    changes: list[PlanChange] = []
    kinds: tuple[tuple[Any, str, str], ...] = (
        (SuccessObjective, "objective", "metric"),
        (SuccessMilestone, "milestone", "title"),
    )
    for entity, item, label in kinds:
        rows = session.scalars(
            select(entity).where(entity.plan_id == plan_id).order_by(entity.position, entity.id)
        ).all()
        entries = session.scalars(
            select(ChangeLogEntry)
            .where(
                ChangeLogEntry.entity_type == entity.__tablename__,
                ChangeLogEntry.entity_id.in_([row.id for row in rows]),
                ChangeLogEntry.at > made,
                ChangeLogEntry.kind.in_([ChangeKind.CREATED, ChangeKind.UPDATED]),
            )
            .order_by(ChangeLogEntry.at, ChangeLogEntry.id)
        ).all()
        created = {e.entity_id for e in entries if e.kind is ChangeKind.CREATED}
        first_old: dict[tuple[int | None, str], str | None] = {}
        for entry in entries:
            if entry.kind is ChangeKind.UPDATED:
                first_old.setdefault((entry.entity_id, entry.field), entry.old_value)
        for row in rows:
            title = str(getattr(row, label))
            if row.id in created:
                changes.append(PlanChange("added", item, title, row.due))
                continue
            if (row.id, "due") in first_old:
                old = first_old[(row.id, "due")]
                was = dt.date.fromisoformat(old) if old else None
                if was != row.due:
                    changes.append(PlanChange("moved", item, title, row.due, was))
            if isinstance(row, SuccessMilestone) and (row.id, "status") in first_old:
                reached = MilestoneStatus.REACHED.value
                if row.status is MilestoneStatus.REACHED and first_old[(row.id, "status")] != reached:
                    changes.append(PlanChange("reached", item, title, row.due))
    return PlanChanges(since_revision, made, tuple(changes))


def _revision_made(session: Session, plan_id: int, revision: int) -> dt.datetime | None:
    """When the plan's revision became ``revision`` (revision 1: when the plan was created)."""
    query = select(ChangeLogEntry.at).where(
        ChangeLogEntry.entity_type == SuccessPlan.__tablename__, ChangeLogEntry.entity_id == plan_id
    )
    if revision == 1:
        query = query.where(ChangeLogEntry.kind.in_([ChangeKind.CREATED, ChangeKind.IMPORTED]))
    else:
        query = query.where(
            ChangeLogEntry.kind == ChangeKind.UPDATED,
            ChangeLogEntry.field == "revision",
            ChangeLogEntry.new_value == str(revision),
        )
    return session.scalars(query.order_by(ChangeLogEntry.at.desc(), ChangeLogEntry.id.desc())).first()

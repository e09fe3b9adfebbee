"""A window of the change log, netted per field, with the current rows of what it mentions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import (
    Action,
    ChangeLogEntry,
    CoSeller,
    Coverage,
    DealTeamMember,
    Milestone,
    Opportunity,
    RedFlag,
    Stakeholder,
)
from accountplan.model.base import Base
from accountplan.model.enums import ActionStatus, ChangeKind

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: The tables whose changes an agenda reads, and their entities.
ENTITIES: dict[str, type[Base]] = {
    "opportunities": Opportunity,
    "stakeholders": Stakeholder,
    "coverage": Coverage,
    "deal_team_members": DealTeamMember,
    "actions": Action,
    "red_flags": RedFlag,
    "milestones": Milestone,
}
Key = tuple[str, int]


class Line(NamedTuple):
    """A sentence of the agenda, where it sorts in its section, and the entity it is about."""

    order: tuple[Any, ...]
    text: str
    entity_type: str
    entity_id: int | None


@dataclass
class NetChange:
    """One field of one entity across the window: its value before the first change and after the last."""

    old: str | None
    new: str | None
    user: str
    at: dt.datetime


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (UTC): a window ending there includes the whole day.

    After 31 December 9999 there is none: the last instant there is stands for it.
    """
    if day == dt.date.max:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def long_day(day: dt.date) -> str:
    """A day as a person writes it: "13 October 2026"."""
    return f"{day.day} {_LONG_MONTHS[day.month - 1]} {day.year}"


def medium_day(day: dt.date) -> str:
    """A day with its year, short: "31 Jan 2027"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass
class Window:
    """What the change log says happened between ``since`` and ``until``, read once for every section.

    ``as_of`` is the day the state-based sections (overdue actions, missed milestones) are judged on;
    ``historical`` when that day is before today, so the current state must be wound back to it.
    """

    since: dt.datetime | None
    until: dt.datetime
    as_of: dt.date
    historical: bool = False
    created: dict[Key, ChangeLogEntry] = field(default_factory=dict)
    deleted: dict[Key, ChangeLogEntry] = field(default_factory=dict)
    #: Deletions whose id the log lost (a plan file keeps no id for a row that no longer exists).
    deleted_unknown: list[ChangeLogEntry] = field(default_factory=list)
    changed: dict[tuple[str, int, str], NetChange] = field(default_factory=dict)
    #: Every update of the window, by entity and field, in time order (what ``changed`` nets).
    updates: dict[tuple[str, int, str], list[ChangeLogEntry]] = field(default_factory=dict)
    #: The kind of the first entry of each entity in the window: created there, or there before it.
    first_kind: dict[Key, ChangeKind] = field(default_factory=dict)
    labels: dict[Key, str] = field(default_factory=dict)
    rows: dict[Key, Any] = field(default_factory=dict)
    co_sellers: dict[int, str] = field(default_factory=dict)
    stakeholders: dict[int, str] = field(default_factory=dict)
    #: Every person of the account now: their title and their manager's id.
    titles: dict[int, str] = field(default_factory=dict)
    managers: dict[int, int | None] = field(default_factory=dict)
    overdue: list[Action] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    @classmethod
    def read(
        cls,
        session: Session,
        account_id: int,
        entries: Sequence[ChangeLogEntry],
        since: dt.datetime | None,
        until: dt.datetime,
        as_of: dt.date,
        today: dt.date,
        *,
        state: bool = True,
    ) -> Window:
        """The window of ``entries``, with the rows they name.

        With ``state``, the overdue actions and the milestones as they stood ``as_of`` too (the agenda's
        sections that judge a state, not a change).
        """
        window = cls(since, until, as_of, as_of < today)
        for entry in entries:
            window._take(entry)
        mentioned: dict[str, set[int]] = {}
        for entity_type, entity_id in window.labels:
            mentioned.setdefault(entity_type, set()).add(entity_id)
        for entity_type, ids in mentioned.items():
            entity: Any = ENTITIES[entity_type]
            for row in session.scalars(select(entity).where(entity.id.in_(ids))):
                window.rows[(entity_type, row.id)] = row
        window.co_sellers = {
            row_id: name for row_id, name in session.execute(select(CoSeller.id, CoSeller.name))
        }
        people = select(Stakeholder.id, Stakeholder.name, Stakeholder.title, Stakeholder.reports_to_id)
        for person_id, name, title, manager_id in session.execute(
            people.where(Stakeholder.account_id == account_id)
        ):
            window.stakeholders[person_id] = name
            window.titles[person_id] = title
            window.managers[person_id] = manager_id
        if state:
            window._read_state(session, account_id)
        return window

    def _take(self, entry: ChangeLogEntry) -> None:
        if entry.entity_id is None:
            if entry.kind is ChangeKind.DELETED:
                self.deleted_unknown.append(entry)
            return
        key = (entry.entity_type, entry.entity_id)
        self.labels[key] = entry.entity_label
        self.first_kind.setdefault(key, entry.kind)
        if entry.kind is ChangeKind.CREATED:
            self.created.setdefault(key, entry)
        elif entry.kind is ChangeKind.DELETED:
            self.deleted[key] = entry
        elif entry.kind is ChangeKind.UPDATED:
            self.updates.setdefault((*key, entry.field), []).append(entry)
            net = self.changed.get((*key, entry.field))
            if net is None:
                self.changed[(*key, entry.field)] = NetChange(
                    entry.old_value, entry.new_value, entry.user, entry.at
                )
            else:
                net.new, net.user, net.at = entry.new_value, entry.user, entry.at

    def _read_state(self, session: Session, account_id: int) -> None:
        """The actions overdue and the milestones, as they stood at the end of ``as_of``.

        For a day in the past, an action created after it is left out, and one closed after it was still
        open then: the first status change after that day says what its status was.
        """
        cutoff = end_of_day(self.as_of)
        status_then: dict[int, str | None] = {}
        if self.historical:
            later = session.scalars(
                select(ChangeLogEntry)
                .where(
                    ChangeLogEntry.account_id == account_id,
                    ChangeLogEntry.entity_type == "actions",
                    ChangeLogEntry.field == "status",
                    ChangeLogEntry.at >= cutoff,
                )
                .order_by(ChangeLogEntry.at.desc(), ChangeLogEntry.id.desc())
            )
            for entry in later:  # latest first, so the earliest change after the day is the one kept
                if entry.entity_id is not None:
                    status_then[entry.entity_id] = entry.old_value
        for action in session.scalars(
            select(Action).where(Action.account_id == account_id, Action.due < self.as_of)
        ):
            try:
                status = ActionStatus(status_then.get(action.id) or action.status.value)
            except ValueError:  # a change log written by another program: take today's status
                status = action.status
            created_later = self.historical and action.created_at >= cutoff
            if not status.is_closed and not created_later:
                self.overdue.append(action)
        self.milestones = list(session.scalars(select(Milestone).where(Milestone.account_id == account_id)))

    def name(self, entity_type: str, entity_id: int, attribute: str = "name") -> str:
        """The entity's name now, or its label in the log once it is deleted."""
        row = self.rows.get((entity_type, entity_id))
        if row is not None:
            return str(getattr(row, attribute))
        return self.labels.get((entity_type, entity_id), f"{entity_type} {entity_id}")

    def changes(self, entity_type: str, field_name: str) -> list[tuple[int, NetChange]]:
        """The net changes of one field of one kind of entity (those that changed something), by time."""
        found = [
            (entity_id, net)
            for (kind, entity_id, name), net in self.changed.items()
            if kind == entity_type and name == field_name and net.old != net.new
        ]
        return sorted(found, key=lambda pair: (pair[1].at, pair[0]))

    def alive(self, entity_type: str, entity_id: int) -> bool:
        return (entity_type, entity_id) in self.rows

    def new_rows(self, entity_type: str) -> list[tuple[int, ChangeLogEntry]]:
        """The entities of a kind created in the window and still there, by time.

        One deleted and put back with its id (an undo) was there before: it is not new.
        """
        found = [
            (entity_id, entry)
            for (kind, entity_id), entry in self.created.items()
            if kind == entity_type
            and self.alive(kind, entity_id)
            and self.first_kind[(kind, entity_id)] is ChangeKind.CREATED
        ]
        return sorted(found, key=lambda pair: (pair[1].at, pair[0]))

    def gone_rows(self, entity_type: str) -> list[tuple[int | None, ChangeLogEntry]]:
        """The entities of a kind that existed before the window and were deleted in it, by time."""
        found: list[tuple[int | None, ChangeLogEntry]] = [
            (entity_id, entry)
            for (kind, entity_id), entry in self.deleted.items()
            if kind == entity_type
            and not self.alive(kind, entity_id)
            and self.first_kind[(kind, entity_id)] is not ChangeKind.CREATED
        ]
        found += [(None, entry) for entry in self.deleted_unknown if entry.entity_type == entity_type]
        return sorted(found, key=lambda pair: (pair[1].at, pair[1].id))

    def short_day(self, day: dt.date) -> str:
        """A day as "14 Nov", with the year when it is not the year of the window's end."""
        text = f"{day.day} {_MONTHS[day.month - 1]}"
        return text if day.year == self.as_of.year else f"{text} {day.year}"

    def by(self, net: NetChange) -> str:
        """Who made a change and when: "Marcus Lindqvist, 14 Nov"."""
        day = self.short_day(net.at.date())
        return f"{net.user}, {day}" if net.user else day

    def when(self, entry: ChangeLogEntry) -> str:
        """Who made an entry and when, as :meth:`by` says it."""
        return self.by(NetChange(None, None, entry.user, entry.at))

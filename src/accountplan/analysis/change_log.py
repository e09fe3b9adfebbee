"""The account's change log read a page at a time, newest first, filtered by who, what, record and dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from accountplan.analysis.change_words import RecordNames, entity_word, in_words, item_words
from accountplan.model import ChangeLogEntry

#: How many entries a page holds unless asked for another number.
PAGE_SIZE = 200


class RecordRef(NamedTuple):
    """One record whose history is asked for: its table, its id and its name ("stakeholders", 12, "Aiko")."""

    entity_type: str
    entity_id: int
    label: str

    @property
    def words(self) -> str:
        """The record as a sentence names it: "Aiko Tanaka (Stakeholder)"."""
        return f"{self.label} ({entity_word(self.entity_type)})"


@dataclass(frozen=True)
class ChangeFilter:
    """Which entries to show; every criterion left empty lets every entry through.

    ``since`` is the first instant shown, ``until`` the first instant no longer shown (both aware).
    """

    user: str | None = None
    entity_type: str | None = None
    #: Text the record's name holds (case ignored for Latin letters).
    record_text: str = ""
    #: One record's own history (its table is then ``entity_type``).
    entity_id: int | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    @classmethod
    def of_record(cls, record: RecordRef) -> ChangeFilter:
        return cls(entity_type=record.entity_type, entity_id=record.entity_id)


class PagePosition(NamedTuple):
    """Where a page ended: the next page starts with the entry logged before this one."""

    at: dt.datetime
    id: int


@dataclass(frozen=True)
class ChangeLine:
    """One entry as the change log page shows it."""

    id: int
    at: dt.datetime
    user: str
    kind: str
    entity_type: str
    entity_id: int | None
    #: The kind of record in words ("Opportunity"), its name then, and the change ("Status: Open → Done").
    what: str
    item: str
    change: str
    field: str
    old: str
    new: str

    @property
    def position(self) -> PagePosition:
        return PagePosition(self.at, self.id)

    @property
    def record(self) -> RecordRef | None:
        """The record the entry is about, if the log kept its id."""
        if self.entity_id is None:
            return None
        return RecordRef(self.entity_type, self.entity_id, self.item)


def local_day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` on this computer's clock, as an aware time."""
    return dt.datetime.combine(day, dt.time()).astimezone()


def days_between(
    first: dt.date | None, last: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``since`` and ``until`` of a filter showing the local days from ``first`` to ``last``, both included."""
    since = local_day_start(first) if first is not None else None
    until = None
    if last is not None and last < dt.date.max:
        until = local_day_start(last + dt.timedelta(days=1))
    return since, until


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(query: Select[Any], account_id: int, wanted: ChangeFilter) -> Select[Any]:
    query = query.where(ChangeLogEntry.account_id == account_id)
    if wanted.user is not None:
        query = query.where(ChangeLogEntry.user == wanted.user)
    if wanted.entity_type is not None:
        query = query.where(ChangeLogEntry.entity_type == wanted.entity_type)
    if wanted.entity_id is not None:
        query = query.where(ChangeLogEntry.entity_id == wanted.entity_id)
    text = wanted.record_text.strip()
    if text:
        query = query.where(ChangeLogEntry.entity_label.ilike(f"%{_escape_like(text)}%", escape="\\"))
    if wanted.since is not None:
        query = query.where(ChangeLogEntry.at >= wanted.since)
    if wanted.until is not None:
        query = query.where(ChangeLogEntry.at < wanted.until)
    return query


def change_page(
    session: Session,
    account_id: int,
    wanted: ChangeFilter = ChangeFilter(),  # noqa: B008 - frozen, never changed
    after: PagePosition | None = None,
    limit: int = PAGE_SIZE,
) -> list[ChangeLine]:
    """Up to ``limit`` entries, newest first, that come after ``after`` (None: from the newest)."""
    query = _filtered(select(ChangeLogEntry), account_id, wanted)
    if after is not None:
        query = query.where(
            or_(
                ChangeLogEntry.at < after.at,
                and_(ChangeLogEntry.at == after.at, ChangeLogEntry.id < after.id),
            )
        )
    entries = session.scalars(
        query.order_by(ChangeLogEntry.at.desc(), ChangeLogEntry.id.desc()).limit(limit)
    ).all()
    names = RecordNames.read(session, entries)
    lines = []
    for entry in entries:
        words = in_words(entry.entity_type, entry.kind, entry.field, entry.old_value, entry.new_value, names)
        lines.append(
            ChangeLine(
                entry.id,
                entry.at,
                entry.user,
                str(entry.kind),
                entry.entity_type,
                entry.entity_id,
                words.what,
                item_words(entry.entity_type, entry.entity_label),
                words.change,
                words.field,
                words.old,
                words.new,
            )
        )
    return lines


def count_changes(session: Session, account_id: int, wanted: ChangeFilter = ChangeFilter()) -> int:  # noqa: B008
    """How many entries the filter lets through."""
    query = _filtered(select(func.count(ChangeLogEntry.id)), account_id, wanted)
    return int(session.scalar(query) or 0)


def change_authors(session: Session, account_id: int) -> list[str]:
    """Everyone who changed something in the account, by name ("" for changes nobody signed)."""
    query = select(ChangeLogEntry.user).where(ChangeLogEntry.account_id == account_id).distinct()
    return sorted(session.scalars(query), key=str.casefold)


def changed_kinds(session: Session, account_id: int) -> list[tuple[str, str]]:
    """The kinds of record the account's log holds, as (table, words), by their words."""
    query = select(ChangeLogEntry.entity_type).where(ChangeLogEntry.account_id == account_id).distinct()
    return sorted(((table, entity_word(table)) for table in session.scalars(query)), key=lambda kind: kind[1])

"""A change-log entry in a seller's words: "Opportunity", "Status: In progress → Done", "Reports to: A → B".

The log stores what the database held (table names, column names, enum values, ids, ISO dates). Here each
part is turned into what the window shows: the kind of record, the field's label, and the values as labels,
dates, yes/no and the names of the records an id points to. A value that cannot be read so (a change log
written by another program) is shown as it is written.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Date, Integer, select
from sqlalchemy.orm import Session

from accountplan.model import Base, ChangeLogEntry
from accountplan.model.enums import BuyingRole, ChangeKind
from accountplan.model.text_rules import printable
from accountplan.model.types import Money, UTCDateTime

#: What a value that is not there reads as.
EMPTY = "—"
#: Values longer than this are cut in the one-line change (the whole text stays in ``old`` and ``new``).
SHORT_VALUE = 80
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: The kinds of record whose name is not simply their class's name in words.
_ENTITY_WORDS = {
    "co_sellers": "Co-seller",
    "deal_team_members": "Deal-team member",
    "meddpicc_items": "MEDDPICC item",
    "opportunity_competitors": "Competitor of a deal",
    "stakeholder_roles": "Buying role",
    "decision_dependencies": "Decision-step dependency",
    "whitespace_cells": "Whitespace cell",
    "numbers_plans": "Numbers plan",
}
#: Field labels that are not the column's name in words (by table, then for any table).
_FIELD_LABELS: dict[tuple[str, str], str] = {
    ("influence_links", "source_id"): "From",
    ("influence_links", "target_id"): "To",
    ("deal_team_members", "active"): "On the deal team",
    ("coverage", "is_owner"): "Owns the relationship",
    ("coverage", "stakeholder_id"): "Stakeholder",
    ("red_flags", "source_id"): "Raised by",
    ("competitors", "is_incumbent"): "Incumbent",
    ("opportunities", "won_by_id"): "Won by",
    ("opportunities", "type"): "Type",
    ("accounts", "fiscal_year_start_month"): "Fiscal year starts in",
    ("accounts", "contacts"): "Contacts",
}
_ANY_FIELD_LABELS = {
    "reports_to_id": "Reports to",
    "departed_on": "Left on",
    "done_on": "Done on",
    "reached_on": "Reached on",
    "closed_on": "Closed on",
    "held_on": "Held on",
    "raised_on": "Raised on",
    "expected_close": "Expected close",
    "roles": "Buying roles",
    "sponsor_id": "Sponsor",
    "customer_owner_id": "Customer owner",
    "our_owner_id": "Our owner",
    "depends_on_id": "Depends on",
    "step_id": "Step",
    "plan_id": "Success plan",
    "meddpicc": "MEDDPICC",
}
#: The buying roles as the log writes them: their values, comma-separated.
_ROLE_FIELDS = frozenset({("stakeholders", "roles")})
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
#: An id as the log writes it: ASCII digits that fit the database's 64-bit integers.
_ROW_ID = re.compile(r"[0-9]{1,18}")
_SPACES = re.compile(r"\s+")


@functools.cache
def _tables() -> dict[str, type[Base]]:
    return {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}


def entity_word(entity_type: str) -> str:
    """The kind of record in words: "opportunities" → "Opportunity"; an unknown table as it is written."""
    if entity_type in _ENTITY_WORDS:
        return _ENTITY_WORDS[entity_type]
    entity = _tables().get(entity_type)
    if entity is None:
        return entity_type
    return _CAMEL.sub(" ", entity.__name__).capitalize()


def field_label(entity_type: str, field: str) -> str:
    """A field's label: "expected_close" → "Expected close", "reports_to_id" → "Reports to"."""
    label = _FIELD_LABELS.get((entity_type, field)) or _ANY_FIELD_LABELS.get(field)
    if label:
        return label
    words = field.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else field


def item_words(entity_type: str, label: str) -> str:
    """The name the log gave a record, a label where it is an enum's value ("economic_buyer" → "Economic buyer")."""
    entity = _tables().get(entity_type)
    attribute = entity.label_attribute if entity is not None else None
    column = _column(entity_type, attribute) if attribute else None
    enum_class = getattr(getattr(column, "type", None), "enum_class", None)
    if enum_class is None:
        return printable(label)
    return _enum_label(enum_class, label) or printable(label)


def _column(entity_type: str, field: str) -> Any:
    entity = _tables().get(entity_type)
    if entity is None:
        return None
    return entity.__table__.columns.get(field)


def referenced_table(entity_type: str, field: str) -> str | None:
    """The table a field's id points to ("reports_to_id" of a stakeholder → "stakeholders"), if any."""
    column = _column(entity_type, field)
    if column is None:
        return None
    for key in column.foreign_keys:
        return str(key.column.table.name)
    return None


def row_id(value: str | None) -> int | None:
    """The id a logged value names, or None when it names none (empty, or written by another program)."""
    text = (value or "").strip()
    return int(text) if _ROW_ID.fullmatch(text) else None


def day_text(day: dt.date) -> str:
    """A day as a seller writes it, whatever the locale: "31 Oct 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


class RecordNames:
    """The names of the records that logged ids point to, read for a batch of entries.

    A record deleted since is named by the last label the change log gave it.
    """

    def __init__(self, names: Mapping[tuple[str, int], str] | None = None) -> None:
        self.names: dict[tuple[str, int], str] = dict(names or {})

    @classmethod
    def read(cls, session: Session, entries: Iterable[ChangeLogEntry]) -> RecordNames:
        """The names every reference in ``entries`` needs, in a few queries per table."""
        wanted: dict[str, set[int]] = {}
        for entry in entries:
            table = referenced_table(entry.entity_type, entry.field) if entry.field else None
            if table is None:
                continue
            for value in (entry.old_value, entry.new_value):
                found_id = row_id(value)
                if found_id is not None:
                    wanted.setdefault(table, set()).add(found_id)
        found: dict[tuple[str, int], str] = {}
        tables = _tables()
        for table, ids in wanted.items():
            entity: Any = tables[table]
            for row in session.scalars(select(entity).where(entity.id.in_(ids))):
                found[(table, row.id)] = row.label
            missing = [some_id for some_id in ids if (table, some_id) not in found]
            if missing:
                labels = session.execute(
                    select(ChangeLogEntry.entity_id, ChangeLogEntry.entity_label)
                    .where(ChangeLogEntry.entity_type == table, ChangeLogEntry.entity_id.in_(missing))
                    .order_by(ChangeLogEntry.id)
                )
                for logged_id, label in labels:  # the latest label wins
                    if label and logged_id is not None:
                        found[(table, logged_id)] = label
        return cls(found)

    def name(self, table: str, record_id: int) -> str | None:
        return self.names.get((table, record_id))


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _short(text: str) -> str:
    line = _one_line(text)
    return line if len(line) <= SHORT_VALUE else line[: SHORT_VALUE - 1].rstrip() + "…"


def _enum_label(enum_class: type[enum.Enum], value: str) -> str | None:
    try:
        member = enum_class(value)
    except ValueError:
        return None
    return str(getattr(member, "label", member.value))


def _amount(value: str) -> str | None:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def value_words(entity_type: str, field: str, value: str | None, names: RecordNames | None = None) -> str:
    """One logged value as a seller reads it (:data:`EMPTY` for none); what cannot be read, as written."""
    if value is None or not value.strip():
        return EMPTY
    if (entity_type, field) in _ROLE_FIELDS:
        labels = [_enum_label(BuyingRole, part.strip()) or part.strip() for part in value.split(",")]
        return ", ".join(label for label in labels if label) or EMPTY
    column = _column(entity_type, field)
    if column is None:
        return value
    table = referenced_table(entity_type, field)
    if table is not None:
        target = row_id(value)
        if target is None:
            return value
        found = names.name(table, target) if names is not None else None
        return found or f"{entity_word(table)} {target} (no longer in the plan)"
    kind = column.type
    text: str | None = None
    enum_class = getattr(kind, "enum_class", None)
    if enum_class is not None:
        text = _enum_label(enum_class, value)
    elif isinstance(kind, Boolean):
        text = {"true": "yes", "1": "yes", "false": "no", "0": "no"}.get(value.strip().lower())
    elif isinstance(kind, UTCDateTime):
        text = _moment(value)
    elif isinstance(kind, Date):
        try:
            text = day_text(dt.date.fromisoformat(value.strip()))
        except ValueError:
            text = None
    elif isinstance(kind, Money):
        text = _amount(value)
    elif isinstance(kind, Integer) and field.endswith("_month"):
        month = row_id(value)
        text = _LONG_MONTHS[month - 1] if month is not None and 1 <= month <= 12 else None
    elif isinstance(kind, Integer) and field.endswith("_percent"):
        text = f"{value.strip()} %" if row_id(value) is not None else None
    return text if text is not None else value


def _moment(value: str) -> str | None:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone()
    return f"{day_text(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class ChangeInWords:
    """One entry as the change log shows it: the kind of record, the field's label and both values."""

    what: str
    field: str
    old: str
    new: str
    #: The one line: "Status: In progress → Done", "Added", "Deleted", "Contacts imported: …".
    change: str


_KIND_WORDS = {
    ChangeKind.CREATED: "Added",
    ChangeKind.DELETED: "Deleted",
    ChangeKind.IMPORTED: "Imported",
    ChangeKind.UPDATED: "Changed",
}


def in_words(
    entity_type: str,
    kind: ChangeKind | str,
    field: str,
    old_value: str | None,
    new_value: str | None,
    names: RecordNames | None = None,
) -> ChangeInWords:
    """An entry's parts in words (given one by one, so a row read by any query will do)."""
    what = printable(entity_word(entity_type))
    try:
        known: ChangeKind | None = ChangeKind(kind)
    except ValueError:  # a change log written by another program
        known = None
    label = printable(field_label(entity_type, field)) if field else ""
    old = printable(value_words(entity_type, field, old_value, names)) if field else EMPTY
    new = printable(value_words(entity_type, field, new_value, names)) if field else EMPTY
    if known is ChangeKind.IMPORTED:
        done = f"{label} imported" if label else "Imported"
        change = f"{done}: {_short(new)}" if new != EMPTY else done
    elif field:
        change = f"{label}: {_short(old)} → {_short(new)}"
    else:
        change = _KIND_WORDS[known] if known is not None else printable(str(kind))
    return ChangeInWords(what, label, old, new, change)


def entry_in_words(entry: ChangeLogEntry, names: RecordNames | None = None) -> ChangeInWords:
    """:func:`in_words` of one entry."""
    return in_words(entry.entity_type, entry.kind, entry.field, entry.old_value, entry.new_value, names)

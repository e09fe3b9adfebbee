"""The customer's success-plan workbook read back: what they changed, field by field, and the rows they added.

:func:`read_customer_updates` reads a workbook :mod:`~accountplan.reports.success_workbook` wrote and compares
it with the plan as it is now: a value the customer changed from what was sent is a proposed change (old, as
the plan has it now → new); a row filled in under a table is a new objective, milestone or responsibility. It
refuses, with the sheet, row and column, a workbook of another account or plan, of another layout (a sheet or
column renamed or moved), a row key that is missing, altered or repeated, and a value that does not read (a
date, a status or phase not in the list, an owner who is not one of the account's people or team).
:func:`customer_updates` makes the proposals chosen into one undoable change for the change log.
Qt-free: the command line and the window share it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue
from accountplan.model import CoSeller, DealTeamMember, Stakeholder
from accountplan.model.enums import MilestoneStatus, SuccessPhase
from accountplan.plan.changes import AddSuccessItem, UpdateSuccessItem
from accountplan.plan.changes.success import CustomerUpdates
from accountplan.plan.success import success_plan_view
from accountplan.reports.success_workbook import (
    IDENTITY_CELL,
    IDENTITY_NAME,
    KEY_HEADER,
    SHEETS,
    Column,
    SheetLayout,
    digest,
    normal,
    plan_secret,
    read_keyed_plan,
    sign,
    structure_fingerprint,
)

__all__ = [
    "ProposedChange",
    "CustomerUpdatesRead",
    "WorkbookRefused",
    "customer_updates",
    "read_customer_updates",
]


class WorkbookRefused(InvalidValue):
    """The workbook cannot be read into this plan; the message says where and why."""


@dataclass(frozen=True)
class ProposedChange:
    """One change the customer made: a field of an item (old → new), or a new item (``item_id`` None)."""

    sheet: str
    row: int
    kind: str
    item_id: int | None
    #: The item the change is about, as the plan names it (its metric, title or description).
    item: str
    #: The column's header ("Status"); "" for a new row.
    column: str
    old: str
    new: str
    #: The values to write: one field for a change, every filled-in field for a new row.
    values: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """One line: 'Milestones, "Go live": Status Planned → Reached' or 'Milestones: new row "Pilot"'."""
        if self.item_id is None:
            return f'{self.sheet}: new row "{self.item}" ({self.new})'
        return f'{self.sheet}, "{self.item}": {self.column} {self.old or "(empty)"} → {self.new or "(empty)"}'


@dataclass(frozen=True)
class CustomerUpdatesRead:
    """What a customer's workbook proposes, and whose it is."""

    account_id: int
    revision: int
    #: The day the workbook was written (the "workbook of <date>" of the change log).
    day: dt.date
    changes: tuple[ProposedChange, ...]


_IDENTITY = re.compile(
    r"^accountplan-success-workbook;account=(\d+);plan=(\d+);revision=(\d+);date=(\d{4}-\d\d-\d\d);"
    r"structure=([0-9a-f]+);sig=([0-9a-f]+)$"
)
_KEY = re.compile(r"^([omr])(\d+)\.((?:[0-9a-f]{8}\.)*)([0-9a-f]{20})$")
_LETTERS = {"o": "objective", "m": "milestone", "r": "responsibility"}


def _open(source: Path | IO[bytes] | bytes) -> Any:
    data = source if isinstance(source, bytes) else None
    if isinstance(source, Path):
        data = source.read_bytes()
    elif data is None:
        data = source.read()  # type: ignore[union-attr]
    assert isinstance(data, bytes)
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookRefused(
            f"This is not an Excel workbook (.xlsx) that Account Plan can read ({exc})."
        ) from None


def _identity_text(book: Any) -> str:
    about = book["About"] if "About" in book.sheetnames else None
    target = book.defined_names.get(IDENTITY_NAME)
    if target is not None:
        for sheet_name, ref in target.destinations:
            if sheet_name in book.sheetnames:
                return str(book[sheet_name][ref.replace("$", "")].value or "")
    return str(about[IDENTITY_CELL].value or "") if about is not None else ""


def read_customer_updates(
    session: Session, account_id: int, source: Path | IO[bytes] | bytes
) -> CustomerUpdatesRead:
    """Compare the customer's workbook with the account's success plan; WorkbookRefused if it cannot be."""
    book = _open(source)
    secret = plan_secret(session, account_id)
    keyed = read_keyed_plan(session, account_id)
    found = _IDENTITY.match(_identity_text(book).strip())
    if found is None:
        raise WorkbookRefused(
            "This workbook is not a success plan exported by Account Plan (About: its identity is missing)."
        )
    body = found.group(0).rsplit(";sig=", 1)[0]
    if not hmac.compare_digest(sign(secret, body), found.group(6)):
        raise WorkbookRefused(
            "This workbook is the success plan of another account (or its identity was altered): "
            "export this account's workbook and send that one."
        )
    wb_account, wb_plan, revision = (int(found.group(i)) for i in (1, 2, 3))
    if wb_account != account_id or (keyed.plan_id and wb_plan != keyed.plan_id):
        raise WorkbookRefused("This workbook is the success plan of another account or plan.")
    if found.group(5) != structure_fingerprint():
        raise WorkbookRefused(
            "This workbook was written with another layout of the success plan's sheets; export a new one."
        )
    day = dt.date.fromisoformat(found.group(4))
    current = success_plan_view(session, account_id)
    owners = _Owners(session, account_id)
    proposed: list[ProposedChange] = []
    for layout in SHEETS:
        if layout.name not in book.sheetnames:
            raise WorkbookRefused(f"The sheet {layout.name!r} is missing: it was renamed or deleted.")
        sheet = book[layout.name]
        _check_headers(sheet, layout)
        items = {item.id: item.values for item in current.items[layout.kind]}
        proposed += _read_sheet(sheet, layout, items, owners, secret, account_id, wb_plan)
    return CustomerUpdatesRead(account_id, revision, day, tuple(proposed))


def _check_headers(sheet: Worksheet, layout: SheetLayout) -> None:
    expected = [KEY_HEADER, *(c.header for c in layout.columns)]
    for index, header in enumerate(expected, start=1):
        cell = sheet.cell(1, index)
        if str(cell.value or "").strip() != header:
            raise WorkbookRefused(
                f"{layout.name}, row 1, column {cell.column_letter}: {cell.value!r} where {header!r} was "
                "written; the columns were moved or renamed."
            )
    beyond = sheet.cell(1, len(expected) + 1).value
    if beyond not in (None, ""):
        raise WorkbookRefused(
            f"{layout.name}, row 1: a column {beyond!r} was added; the columns must stay as they were written."
        )


class _Owners:
    """The account's people and team by the names the workbook shows (with or without the title)."""

    def __init__(self, session: Session, account_id: int) -> None:
        self.customer: dict[str, int] = {}
        self.names: dict[tuple[str, int], str] = {}
        for pid, name, title in session.execute(
            select(Stakeholder.id, Stakeholder.name, Stakeholder.title).where(
                Stakeholder.account_id == account_id
            )
        ):
            self._add(self.customer, "customer", pid, name, title)
        self.ours: dict[str, int] = {}
        query = (
            select(CoSeller.id, CoSeller.name, CoSeller.title)
            .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
            .where(DealTeamMember.account_id == account_id)
        )
        for cid, name, title in session.execute(query):
            self._add(self.ours, "ours", cid, name, title)

    def _add(self, into: dict[str, int], side: str, row_id: int, name: str, title: str | None) -> None:
        label = f"{name} ({title})" if title else name
        self.names[(side, row_id)] = label
        into.setdefault(normal(label), row_id)
        into.setdefault(normal(name), row_id)

    def label(self, side: str, row_id: int | None) -> str:
        return "" if row_id is None else self.names.get((side, row_id), f"#{row_id}")


def _where(layout: SheetLayout, row: int, column: Column) -> str:
    letter = chr(ord("A") + 1 + layout.columns.index(column))
    return f"{layout.name}, row {row}, column {letter} ({column.header})"


def _parse(layout: SheetLayout, row: int, column: Column, value: Any, owners: _Owners) -> Any:
    """A cell's value as the item's field takes it; WorkbookRefused when it does not read."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "" if column.type == "text" else None
    if column.type == "text":
        return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    if column.type == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for pattern in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise WorkbookRefused(f"{_where(layout, row, column)}: {text!r} is not a date.")
    if column.type in ("status", "phase"):
        members = MilestoneStatus if column.type == "status" else SuccessPhase
        wanted = normal(value)
        for member in members:
            if wanted in (normal(member.label), member.value):
                return member
        choices = ", ".join(m.label for m in members)
        raise WorkbookRefused(f"{_where(layout, row, column)}: {value!r} is not in the list ({choices}).")
    into = owners.customer if column.type == "customer" else owners.ours
    found = into.get(normal(value))
    if found is None:
        whose = "one of the account's people" if column.type == "customer" else "on our deal team"
        raise WorkbookRefused(f"{_where(layout, row, column)}: {value!r} is not {whose}.")
    return found


def _shown(column: Column, value: Any, owners: _Owners) -> str:
    """A field's value in the words of the workbook, for 'old → new'."""
    if value is None or value == "":
        return ""
    if column.type == "date":
        return value.strftime("%d %b %Y")
    if column.type in ("status", "phase"):
        return str(value.label)
    if column.type in ("customer", "ours"):
        return owners.label(column.type, value)
    return str(value)


def _read_sheet(
    sheet: Worksheet,
    layout: SheetLayout,
    items: dict[int, dict[str, Any]],
    owners: _Owners,
    secret: bytes,
    account_id: int,
    plan_id: int,
) -> list[ProposedChange]:
    proposed: list[ProposedChange] = []
    seen: set[int] = set()
    width = len(layout.columns)
    required = layout.columns[0] if layout.kind != "milestone" else layout.columns[1]
    for row, cells in enumerate(sheet.iter_rows(min_row=2, max_col=width + 1, values_only=True), start=2):
        key, raw = cells[0], list(cells[1:]) + [None] * (width - len(cells) + 1)
        filled = any(v is not None and str(v).strip() for v in raw)
        if key in (None, ""):
            if not filled:
                continue
            values = {
                c.field: _parse(layout, row, c, v, owners) for c, v in zip(layout.columns, raw, strict=True)
            }
            text = values.pop(required.field)
            if not text:
                raise WorkbookRefused(
                    f"{_where(layout, row, required)}: a new {layout.kind} needs its {required.header.lower()}."
                )
            values = {k: v for k, v in values.items() if v not in (None, "")}
            shown = ", ".join(
                f"{c.header} {_shown(c, values[c.field], owners)}"
                for c in layout.columns
                if c.field in values
            )
            proposed.append(
                ProposedChange(
                    layout.name, row, layout.kind, None, text, "", "", shown, {required.field: text, **values}
                )
            )
            continue
        item_id, sent = _check_key(str(key), layout, row, width, secret, account_id, plan_id)
        if item_id in seen:
            raise WorkbookRefused(
                f"{layout.name}, row {row}, column A: the row key repeats an earlier row's."
            )
        seen.add(item_id)
        if item_id not in items:
            raise WorkbookRefused(
                f"{layout.name}, row {row}: this {layout.kind} was deleted from the plan since the workbook was sent."
            )
        now = items[item_id]
        for column, value, was in zip(layout.columns, raw, sent, strict=True):
            if digest(value) == was:
                continue  # as sent: whatever the plan holds now stays
            new = _parse(layout, row, column, value, owners)
            if column is required and not new:
                raise WorkbookRefused(
                    f"{_where(layout, row, column)}: a {layout.kind} needs its {column.header.lower()}."
                )
            old = now.get(column.field)
            if (old or None) == (new or None):
                continue
            proposed.append(
                ProposedChange(
                    layout.name,
                    row,
                    layout.kind,
                    item_id,
                    str(now.get(required.field) or ""),
                    column.header,
                    _shown(column, old, owners),
                    _shown(column, new, owners),
                    {column.field: new},
                )
            )
    return proposed


def _check_key(
    key: str, layout: SheetLayout, row: int, width: int, secret: bytes, account_id: int, plan_id: int
) -> tuple[int, list[str]]:
    found = _KEY.match(key.strip())
    tampered = f"{layout.name}, row {row}, column A (the hidden row key): it was altered, so this row cannot be matched"
    if found is None or _LETTERS[found.group(1)] != layout.kind:
        raise WorkbookRefused(tampered + ".")
    body = key.strip().rsplit(".", 1)[0]
    if not hmac.compare_digest(sign(secret, f"{account_id}:{plan_id}:{body}"), found.group(4)):
        raise WorkbookRefused(tampered + ".")
    sent = found.group(3).rstrip(".").split(".") if found.group(3) else []
    if len(sent) != width:
        raise WorkbookRefused(tampered + ".")
    return int(found.group(2)), sent


def customer_updates(
    account_id: int, read: CustomerUpdatesRead, chosen: list[ProposedChange] | None = None
) -> CustomerUpdates:
    """The chosen proposals (all when None) as one undoable change: 'from the customer's workbook of <date>'."""
    parts: list[Any] = []
    for change in read.changes if chosen is None else chosen:
        if change.item_id is None:
            values = dict(change.values)
            _, required = _REQUIRED[change.kind]
            text = values.pop(required)
            parts.append(AddSuccessItem(account_id, change.kind, text, **values))
        else:
            parts.append(UpdateSuccessItem(account_id, change.kind, change.item_id, **change.values))
    return CustomerUpdates(account_id, read.day, parts)


_REQUIRED = {
    "objective": ("Metric", "metric"),
    "milestone": ("Milestone", "title"),
    "responsibility": ("Responsibility", "description"),
}

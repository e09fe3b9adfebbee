"""The success plan as an Excel workbook the customer edits and sends back (``.xlsx``, written with openpyxl).

Built from a :class:`~accountplan.reports.shareable.SharedSuccessPlan` like the PDF and the deck, so it shows
exactly what the shareable declaration lets through. Sheets: "About" (the plan, the customer and our
company, the revision and the date, how to update), then one per section ("Objectives", "Milestones",
"Who does what") with real dates, the status and phase as lists to pick from, and a hidden, locked first
column: the row key. A key names the row (its kind and id) and a short digest of each value as sent, signed
with a key derived from the account (HMAC), so :mod:`~accountplan.reports.success_workbook_import` can tell a
row of this plan from a forged or tampered one and what the customer changed from what the team changed
since. The plan's identity (account, plan, revision, date, the columns' fingerprint), signed too, is in a
hidden cell named ``AccountPlanIdentity``. The sheet protection has no password: it only keeps honest hands
off the grey cells; the import checks every signature and trusts nothing.

This module and the import sit in ``reports`` beside the declaration they read: ``interchange`` may not
import ``reports``, and the import must read exactly the columns written here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import NotFound
from accountplan.model import Account, Responsibility, SuccessMilestone, SuccessObjective, SuccessPlan
from accountplan.model.enums import MilestoneStatus, SuccessPhase
from accountplan.reports.shareable import SharedSuccessPlan, read_success_plan

__all__ = [
    "IDENTITY_NAME",
    "SHEETS",
    "Column",
    "SheetLayout",
    "WorkbookIdentity",
    "digest",
    "plan_secret",
    "read_keyed_plan",
    "sign",
    "structure_fingerprint",
    "write_success_workbook",
]

#: The defined name of the hidden cell that holds the plan's identity.
IDENTITY_NAME = "AccountPlanIdentity"
IDENTITY_CELL = "H1"
_IDENTITY_PREFIX = "accountplan-success-workbook"
#: Empty rows under each table the customer may fill in (unlocked, with the lists to pick from).
OPEN_ROWS = 100
DATE_FORMAT = "dd mmm yyyy"

_GREY = PatternFill("solid", fgColor="D9D9D9")
_HEAD = PatternFill("solid", fgColor="1F4E79")
_HEAD_FONT = Font(bold=True, color="FFFFFF")


@dataclass(frozen=True)
class Column:
    """One column of a section's sheet: its header, the item field it holds, how it is typed, its width."""

    header: str
    field: str
    #: "text", "date", "status", "phase", "customer" (their owner) or "ours" (our owner).
    type: str
    width: float


@dataclass(frozen=True)
class SheetLayout:
    """A section's sheet: its name, the kind of item each row is, its editable columns (after the key)."""

    name: str
    kind: str
    columns: tuple[Column, ...]


KEY_HEADER = "Row key (do not change)"

SHEETS: tuple[SheetLayout, ...] = (
    SheetLayout(
        "Objectives",
        "objective",
        (
            Column("Metric", "metric", "text", 44),
            Column("Today", "baseline", "text", 20),
            Column("Target", "target", "text", 20),
            Column("By", "due", "date", 14),
        ),
    ),
    SheetLayout(
        "Milestones",
        "milestone",
        (
            Column("Phase", "phase", "phase", 16),
            Column("Milestone", "title", "text", 44),
            Column("Date", "due", "date", 14),
            Column("Their owner", "customer_owner_id", "customer", 28),
            Column("Our owner", "our_owner_id", "ours", 28),
            Column("Status", "status", "status", 12),
        ),
    ),
    SheetLayout(
        "Who does what",
        "responsibility",
        (
            Column("Responsibility", "description", "text", 52),
            Column("Their owner", "customer_owner_id", "customer", 28),
            Column("Our owner", "our_owner_id", "ours", 28),
            Column("By", "due", "date", 14),
        ),
    ),
)

_KIND_LETTER = {"objective": "o", "milestone": "m", "responsibility": "r"}
_ENTITIES: dict[str, type[Any]] = {
    "objective": SuccessObjective,
    "milestone": SuccessMilestone,
    "responsibility": Responsibility,
}

HOW_TO_UPDATE = (
    "Edit the white cells: a date as a date, a name as it is written.",
    "Pick a milestone's status (and phase) from the list in its cell.",
    "Add a new objective, milestone or responsibility in the first empty row at the bottom of its sheet.",
    "Do not change the grey columns (hidden, they tell Account Plan which row is which), nor the headers.",
    "Save the workbook as .xlsx and send it back: we read your changes into the plan.",
)


def structure_fingerprint() -> str:
    """A short fingerprint of the sheets and their columns: a workbook of another layout is refused."""
    text = "|".join(
        f"{s.name}:{s.kind}:" + ",".join(f"{c.header}={c.field}" for c in s.columns) for s in SHEETS
    )
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def plan_secret(session: Session, account_id: int) -> bytes:
    """The signing key of the account's workbooks: derived from what is never shared (its creation time)."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"There is no account with id {account_id}.")
    seed = f"{_IDENTITY_PREFIX}:{account.id}:{account.created_at.isoformat()}"
    return hashlib.sha256(seed.encode()).digest()


def sign(secret: bytes, text: str) -> str:
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()[:20]


def normal(value: Any) -> str:
    """A cell value as the digests compare it: text squeezed and case-folded, a date in ISO form."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split()).casefold()


def digest(value: Any) -> str:
    return hashlib.sha256(normal(value).encode()).hexdigest()[:8]


def row_key(
    secret: bytes, account_id: int, plan_id: int, kind: str, item_id: int, values: Sequence[Any]
) -> str:
    """``m12.<digest>.<digest>….<signature>``: the row, what was sent in each column, signed with the plan."""
    body = f"{_KIND_LETTER[kind]}{item_id}." + ".".join(digest(v) for v in values)
    return f"{body}.{sign(secret, f'{account_id}:{plan_id}:{body}')}"


@dataclass(frozen=True)
class WorkbookIdentity:
    """Whose plan a workbook is: account, plan, revision, day written and layout."""

    account_id: int
    plan_id: int
    revision: int
    day: dt.date
    structure: str

    def text(self, secret: bytes) -> str:
        body = (
            f"{_IDENTITY_PREFIX};account={self.account_id};plan={self.plan_id};revision={self.revision};"
            f"date={self.day.isoformat()};structure={self.structure}"
        )
        return f"{body};sig={sign(secret, body)}"


@dataclass(frozen=True)
class KeyedPlan:
    """The shared plan with the id of each item and of the plan (in the shared plan's order)."""

    shared: SharedSuccessPlan
    plan_id: int
    ids: dict[str, tuple[int, ...]]


def read_keyed_plan(session: Session, account_id: int) -> KeyedPlan:
    """The shared plan and the ids its rows are keyed by (the plan is created, empty, if it has none yet)."""
    shared = read_success_plan(session, account_id)
    plan_id = session.scalar(select(SuccessPlan.id).where(SuccessPlan.account_id == account_id))
    ids: dict[str, tuple[int, ...]] = {kind: () for kind in _ENTITIES}
    if plan_id is not None:
        for kind, entity in _ENTITIES.items():
            query = select(entity.id).where(entity.plan_id == plan_id).order_by(entity.position, entity.id)
            ids[kind] = tuple(session.scalars(query))
    return KeyedPlan(shared, int(plan_id or 0), ids)


def _cell_values(shared: SharedSuccessPlan, kind: str) -> list[list[Any]]:
    """Each row's values in its sheet's column order."""
    if kind == "objective":
        return [[o.metric, o.baseline, o.target, o.due] for o in shared.objectives]
    if kind == "milestone":
        return [
            [m.phase.label, m.title, m.due, m.customer_owner, m.our_owner, m.status.label]
            for m in shared.milestones
        ]
    return [[d.description, d.customer_owner, d.our_owner, d.due] for d in shared.responsibilities]


def clean(value: Any) -> Any:
    """A value as a cell can hold it: text without the control characters a workbook may not contain."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_success_workbook(
    session: Session, account_id: int, target: Path | IO[bytes], today: dt.date
) -> int:
    """Write the customer's workbook of the account's success plan; return its number of sheets."""
    keyed = read_keyed_plan(session, account_id)
    secret = plan_secret(session, account_id)
    plan = keyed.shared
    book = Workbook()
    about = book.active
    assert about is not None
    _about_sheet(about, plan, today)
    identity = WorkbookIdentity(account_id, keyed.plan_id, plan.revision, today, structure_fingerprint())
    about[IDENTITY_CELL] = identity.text(secret)
    about[IDENTITY_CELL].font = Font(color="FFFFFF")
    about.column_dimensions["H"].hidden = True
    book.defined_names[IDENTITY_NAME] = DefinedName(IDENTITY_NAME, attr_text=f"About!${IDENTITY_CELL[0]}$1")
    for layout in SHEETS:
        rows = _cell_values(plan, layout.kind)
        ids = keyed.ids[layout.kind]
        assert len(ids) == len(rows), "the shared plan and its ids are read in the same order"
        sheet = book.create_sheet(layout.name)
        _section_sheet(sheet, layout, rows, ids, secret, account_id, keyed.plan_id)
    props = book.properties
    props.title = clean(f"{plan.title} — {plan.account}")
    props.creator = clean(plan.author) or "Account Plan"
    props.lastModifiedBy = props.creator
    props.subject = clean(f"Success plan for {plan.account}, revision {plan.revision}")
    props.keywords = "success plan"
    book.save(target)
    return len(book.worksheets)


def _about_sheet(sheet: Worksheet, plan: SharedSuccessPlan, today: dt.date) -> None:
    sheet.title = "About"
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    sheet["A1"] = clean(plan.title)
    sheet["A1"].font = Font(bold=True, size=16, color="1F4E79")
    facts: list[tuple[str, Any]] = [
        ("Customer", plan.account),
        ("Our company", plan.our_company or "—"),
        ("Revision", plan.revision),
        ("Date", today),
    ]
    for row, (label, value) in enumerate(facts, start=3):
        sheet.cell(row, 1, label).font = Font(bold=True)
        cell = sheet.cell(row, 2, clean(value))
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    sheet.cell(8, 1, "How to update").font = Font(bold=True, size=12, color="1F4E79")
    for offset, line in enumerate(HOW_TO_UPDATE):
        sheet.cell(9 + offset, 1, f"{offset + 1}.").alignment = Alignment(horizontal="right", vertical="top")
        sheet.cell(9 + offset, 2, line).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True


#: Columns whose cells wrap (prose and people's names with their titles); dates and lists stay on one line.
_WRAPPED = frozenset({"text", "customer", "ours"})


def _section_sheet(
    sheet: Worksheet,
    layout: SheetLayout,
    rows: list[list[Any]],
    ids: Sequence[int],
    secret: bytes,
    account_id: int,
    plan_id: int,
) -> None:
    sheet.cell(1, 1, KEY_HEADER)
    for index, column in enumerate(layout.columns, start=2):
        sheet.cell(1, index, column.header)
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = column.width
    for cell in sheet[1]:
        cell.font, cell.fill = _HEAD_FONT, _HEAD
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["A"].width = 30
    sheet.freeze_panes = "B2"
    # Printed, each sheet is one page wide, landscape, its heading row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    last = len(rows) + 1 + OPEN_ROWS
    for offset, (values, item_id) in enumerate(zip(rows, ids, strict=True)):
        values = [clean(v) for v in values]
        row = offset + 2
        sheet.cell(row, 1, row_key(secret, account_id, plan_id, layout.kind, item_id, values))
        for index, value in enumerate(values, start=2):
            sheet.cell(row, index, value)
        # Neither Excel nor LibreOffice sizes a row to its wrapped text when it opens a written file: the
        # row is made as tall as its longest text needs (a character about a unit of column width).
        lines = max(
            (
                math.ceil(len(str(value)) / max(column.width - 1, 1))
                for value, column in zip(values, layout.columns, strict=False)
                if column.type in _WRAPPED and value
            ),
            default=1,
        )
        if lines > 1:
            sheet.row_dimensions[row].height = 15 * lines
    for row in range(2, last + 1):
        key = sheet.cell(row, 1)
        key.fill, key.protection = _GREY, Protection(locked=True)
        for index, column in enumerate(layout.columns, start=2):
            cell = sheet.cell(row, index)
            cell.protection = Protection(locked=False)
            cell.alignment = Alignment(wrap_text=column.type in _WRAPPED, vertical="top")
            if column.type == "date":
                cell.number_format = DATE_FORMAT
    for index, column in enumerate(layout.columns, start=2):
        labels = {"status": MilestoneStatus, "phase": SuccessPhase}.get(column.type)
        if labels is None:
            continue
        letter = sheet.cell(1, index).column_letter
        choices = DataValidation(
            type="list",
            formula1='"' + ",".join(member.label for member in labels) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.header,
            error=f"Pick a {column.header.lower()} from the list.",
        )
        choices.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(choices)
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False  # widen a column
    protection.formatRows = False
    protection.formatCells = False

"""The documents as the command line and the window export them: read, build, write the file whole.

The documents are PDFs; the success plan is a PowerPoint deck too, when the file named ends in .pptx, and a
workbook the customer edits and sends back (``reports.success_workbook``) when it ends in .xlsx.

A document is built in memory and then written whole (:func:`~accountplan.store.output_files.write_output`),
so a failed or interrupted export never leaves a half-written PDF where the user expects the document, and an
export never replaces the database it reads from.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import AccountPlanError, NotFound
from accountplan.model import Meeting
from accountplan.model.enums import MeetingStatus
from accountplan.reports.account_plan import read_account_plan, write_account_plan
from accountplan.reports.logos import Logos
from accountplan.reports.meeting_pack import read_meeting_pack, write_meeting_pack
from accountplan.reports.shareable import read_success_plan, withheld
from accountplan.reports.success_plan import write_success_plan
from accountplan.reports.success_plan_pptx import write_success_plan_pptx
from accountplan.reports.success_workbook import write_success_workbook
from accountplan.store.output_files import check_output, database_of, write_output

__all__ = [
    "DOCUMENT_KINDS",
    "ExportedDocument",
    "document_pdf",
    "export_account_plan",
    "export_meeting_pack",
    "export_success_plan",
    "find_meeting",
    "success_plan_format",
]


@dataclass(frozen=True)
class ExportedDocument:
    """What an export wrote: the file, its pages, and (for a customer document) what it left out."""

    path: Path
    pages: int
    withheld: tuple[str, ...] = ()


def _export(
    session: Session, path: Path, write: Callable[[IO[bytes]], int], left_out: tuple[str, ...] = ()
) -> ExportedDocument:
    """Build a document in memory with ``write`` (which returns its pages), then write the file whole.

    The target is checked before the document is built: never the database ``session`` reads from, one of
    its backups, or something that is not a regular file.
    """
    database = database_of(session)
    check_output(path, database)
    buffer = io.BytesIO()
    pages = write(buffer)
    write_output(path, buffer.getvalue(), database=database)
    return ExportedDocument(path, pages, left_out)


def success_plan_format(path: Path) -> str:
    """The success plan's format that ``path`` names: ".pdf", ".pptx" or ".xlsx"; AccountPlanError otherwise."""
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".pptx", ".xlsx"):
        raise AccountPlanError(
            f"Cannot export the success plan as {path.name!r}: "
            "name a file ending in .pdf (PDF), .pptx (PowerPoint) or .xlsx (Excel, for the customer to update)."
        )
    return suffix


def export_success_plan(
    session: Session, account_id: int, path: Path, today: dt.date, logos: Logos | None = None
) -> ExportedDocument:
    """Write the customer's success plan to ``path``, a PDF or a PowerPoint deck by its suffix.

    The result lists what it withheld (the same for all), and its pages (a deck's slides, a workbook's sheets).
    ``logos`` go on the PDF's and the deck's cover (read and checked by ``reports.logos.read_logo``).
    """
    suffix = success_plan_format(path)
    left_out = tuple(withheld(session, account_id))
    if suffix == ".xlsx":
        return _export(
            session, path, lambda target: write_success_workbook(session, account_id, target, today), left_out
        )
    writer = write_success_plan_pptx if suffix == ".pptx" else write_success_plan
    plan = replace(read_success_plan(session, account_id), logos=logos or Logos())
    return _export(session, path, lambda target: writer(plan, target, today), left_out)


def export_account_plan(session: Session, account_id: int, path: Path, today: dt.date) -> ExportedDocument:
    """Write the internal account plan to ``path``."""
    data = read_account_plan(session, account_id, today)
    return _export(session, path, lambda target: write_account_plan(data, target, today))


def find_meeting(session: Session, account_id: int, on: dt.date | None, today: dt.date) -> int:
    """The meeting held or planned ``on`` that day; without a day, the next planned one, else the last held."""
    meetings = session.scalars(select(Meeting).where(Meeting.account_id == account_id)).all()
    if on is not None:
        found = [m for m in meetings if m.held_on == on]
        if not found:
            days = ", ".join(sorted(f"{m.held_on}" for m in meetings)) or "none yet"
            raise NotFound(f"There is no meeting on {on} (meetings: {days}).")
        return found[0].id
    planned = sorted((m for m in meetings if m.status is MeetingStatus.PLANNED), key=lambda m: m.held_on)
    upcoming = [m for m in planned if m.held_on >= today] or planned
    if upcoming:
        return upcoming[0].id
    held = sorted(meetings, key=lambda m: m.held_on)
    if not held:
        raise NotFound("This account has no meeting yet; create one on the Meetings page first.")
    return held[-1].id


def export_meeting_pack(session: Session, meeting_id: int, path: Path, today: dt.date) -> ExportedDocument:
    """Write the meeting pack of one meeting to ``path``."""
    pack = read_meeting_pack(session, meeting_id, today)
    return _export(session, path, lambda target: write_meeting_pack(pack, target, today))


#: The documents by the name the command line and the window give them.
DOCUMENT_KINDS = ("success-plan", "account-plan", "meeting-pack")


def document_pdf(
    session: Session,
    kind: str,
    account_id: int,
    today: dt.date,
    *,
    meeting_id: int | None = None,
    logos: Logos | None = None,
) -> bytes:
    """One document of the account built in memory, as the export would write it (the window prints it).

    ``kind`` is one of DOCUMENT_KINDS; the meeting pack is of ``meeting_id``, else of the meeting
    :func:`find_meeting` picks (NotFound when the account has none); ``logos`` go on the success plan's cover.
    """
    buffer = io.BytesIO()
    if kind == "success-plan":
        write_success_plan(
            replace(read_success_plan(session, account_id), logos=logos or Logos()), buffer, today
        )
    elif kind == "account-plan":
        write_account_plan(read_account_plan(session, account_id, today), buffer, today)
    elif kind == "meeting-pack":
        meeting = meeting_id or find_meeting(session, account_id, None, today)
        write_meeting_pack(read_meeting_pack(session, meeting, today), buffer, today)
    else:
        raise AccountPlanError(f"There is no document called {kind!r}: choose {', '.join(DOCUMENT_KINDS)}.")
    return buffer.getvalue()

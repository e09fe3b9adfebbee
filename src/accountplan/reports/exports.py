"""The PDF documents as the command line and the window export them: read, build, write the file whole.

A document is built in memory and then moved into place, so a failed or interrupted export never leaves a
half-written PDF where the user expects the document.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import AccountPlanError, NotFound
from accountplan.model import Meeting
from accountplan.model.enums import MeetingStatus
from accountplan.reports.account_plan import read_account_plan, write_account_plan
from accountplan.reports.meeting_pack import read_meeting_pack, write_meeting_pack
from accountplan.reports.shareable import read_success_plan, withheld
from accountplan.reports.success_plan import write_success_plan

__all__ = [
    "ExportedDocument",
    "export_account_plan",
    "export_meeting_pack",
    "export_success_plan",
    "find_meeting",
    "write_atomically",
]


@dataclass(frozen=True)
class ExportedDocument:
    """What an export wrote: the file, its pages, and (for a customer document) what it left out."""

    path: Path
    pages: int
    withheld: tuple[str, ...] = ()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it into place."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        if "temporary" in locals():
            Path(temporary).unlink(missing_ok=True)
        raise AccountPlanError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def _export(
    path: Path, write: Callable[[IO[bytes]], int], left_out: tuple[str, ...] = ()
) -> ExportedDocument:
    """Build a document in memory with ``write`` (which returns its pages), then write the file whole."""
    buffer = io.BytesIO()
    pages = write(buffer)
    write_atomically(path, buffer.getvalue())
    return ExportedDocument(path, pages, left_out)


def export_success_plan(session: Session, account_id: int, path: Path, today: dt.date) -> ExportedDocument:
    """Write the customer's success plan to ``path``; the result lists what it withheld."""
    plan = read_success_plan(session, account_id)
    left_out = tuple(withheld(session, account_id))
    return _export(path, lambda target: write_success_plan(plan, target, today), left_out)


def export_account_plan(session: Session, account_id: int, path: Path, today: dt.date) -> ExportedDocument:
    """Write the internal account plan to ``path``."""
    data = read_account_plan(session, account_id, today)
    return _export(path, lambda target: write_account_plan(data, target, today))


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
    return _export(path, lambda target: write_meeting_pack(pack, target, today))

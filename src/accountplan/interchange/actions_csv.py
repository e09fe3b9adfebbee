"""The team's actions as CSV for a spreadsheet: open and done, overdue first, never a formula, no control character."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from sqlalchemy.orm import Session

from accountplan.model import Account
from accountplan.model.enums import ActionStatus
from accountplan.model.text_rules import printable
from accountplan.plan import fields
from accountplan.plan.actions import list_actions
from accountplan.store.output_files import check_output, database_of, write_output

#: UTF-8 with a byte-order mark: Excel then reads the names (Zoë, 井上 大輔) right; other tools ignore it.
ENCODING = "utf-8-sig"
HEADER = ("Title", "Status", "Owner", "Due", "Done on", "Overdue", "Days overdue", "For", "Description")
#: A cell starting with one of these would be read as a formula (OWASP "CSV injection"); a carriage return
#: is a line feed once the cell is printable, so a line feed counts too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Exported: open, in progress and done actions (a cancelled action is neither open nor done).
EXPORTED_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE})


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet shows as is: printable (see ``printable``), a leading ' before a formula.

    Control characters go first, so that none can hide the start of a formula from the check.
    """
    cell = printable(cell)
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def action_cells(session: Session, account_id: int, today: dt.date) -> list[list[str]]:
    """The rows of the export, header first, every cell neutralised."""
    fields.get(session, Account, account_id)
    rows = [list(HEADER)]
    for row in list_actions(session, account_id, today):
        if row.status not in EXPORTED_STATUSES:
            continue
        cells = (
            row.title,
            row.status.label,
            row.owner,
            row.due.isoformat() if row.due else "",
            row.done_on.isoformat() if row.done_on else "",
            "yes" if row.overdue else "",
            str(row.days_overdue) if row.overdue else "",
            row.purpose,
            row.description,
        )
        rows.append([neutralise(cell) for cell in cells])
    return rows


def actions_csv(session: Session, account_id: int, today: dt.date) -> str:
    """The account's open and done actions as CSV text (comma-separated, CRLF lines, a header row).

    Overdue first, then by due date. Dates are ISO (2026-11-23), which every spreadsheet reads as a date.
    Write it with :func:`write_actions_csv` (UTF-8 with a byte-order mark) so that a spreadsheet opens it
    cleanly; the text itself carries no byte-order mark.
    """
    return _render(action_cells(session, account_id, today))


def _render(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def export_actions_csv(session: Session, account_id: int, today: dt.date, path: Path) -> int:
    """Write the account's actions to ``path`` as :func:`actions_csv` and return how many were written.

    The file is never written over the database ``session`` reads from (see :func:`write_actions_csv`).
    """
    database = database_of(session)
    check_output(path, database)
    rows = action_cells(session, account_id, today)
    write_actions_csv(_render(rows), path, database=database)
    return len(rows) - 1


def write_actions_csv(text: str, path: Path, *, database: Path | None = None) -> None:
    """Write CSV text from :func:`actions_csv` to ``path`` in UTF-8 with a byte-order mark, lines as they are.

    The file is written whole, never over ``database`` (the open database's file), one of its backups or
    something that is not a regular file.
    """
    write_output(path, text.encode(ENCODING), database=database)

"""Exporting the documents from the window: choose a file, say what stays internal, build off the UI thread.

The success plan is a PDF, a PowerPoint deck or an Excel workbook, the file's suffix deciding; the internal documents are PDFs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from accountplan.model import Account
from accountplan.reports.logos import Logos
from accountplan.reports.shareable import withheld
from accountplan.ui.common.background import BackgroundTask, run_with_progress
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.save_file import ask_save_path

#: kind → (what the user reads, file name suffix)
DOCUMENTS = {
    "success-plan": ("success plan", "success plan"),
    "account-plan": ("account plan (internal)", "account plan"),
    "meeting-pack": ("meeting pack (internal)", "meeting pack"),
}
#: The formats each document is offered in (what the user reads, suffix), the first first.
FORMATS = {
    "success-plan": (
        ("PDF", ".pdf"),
        ("PowerPoint", ".pptx"),
        ("Excel", ".xlsx"),
    ),
    "account-plan": (("PDF", ".pdf"),),
    "meeting-pack": (("PDF", ".pdf"),),
}


def confirm_withheld(parent: QWidget, lines: list[str]) -> bool:
    """Show what the customer document leaves out; True to go on."""
    box = QMessageBox(parent)
    box.setWindowTitle("Export the success plan")
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(
        "The success plan goes to the customer, as a PDF, a PowerPoint deck or an Excel workbook they update. "
        "It holds only what is "
        "declared shareable."
    )
    box.setInformativeText(
        "Left out, as internal:\n• " + "\n• ".join(lines) if lines else "Nothing is left out."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText("Choose file…")
    return box.exec() == QMessageBox.StandardButton.Ok


def export_document(
    parent: QWidget,
    context: PlanContext,
    kind: str,
    account_id: int,
    path: Path | None = None,
    *,
    meeting_id: int | None = None,
    logos: Logos | None = None,
) -> BackgroundTask | None:
    """Export one document of the account; with no ``path``, ask (and for the success plan, say what stays out).

    The success plan is written as a PDF or a PowerPoint deck by the file's suffix, the same fields either way;
    ``logos`` go on its cover.

    Returns the running task (its ``succeeded`` carries the status sentence), or None if the user cancelled.
    """
    database = context.database
    what, stem = DOCUMENTS[kind]
    with database.session() as session:
        account = session.get(Account, account_id)
        name = account.name if account is not None else "account"
        left_out = withheld(session, account_id) if kind == "success-plan" else []
    if path is None:
        if kind == "success-plan" and not confirm_withheld(parent, left_out):
            return None
        formats = FORMATS[kind]
        offered = f"{name} - {stem}" + (formats[0][1] if len(formats) == 1 else "")  # else the format picks
        chosen = ask_save_path(parent, f"Export the {what}", offered, formats)
        if chosen is None:
            return None
        path = chosen
    target = path

    def work() -> str:
        from accountplan.reports import exports  # reportlab loads with the first export, not the window

        today = dt.date.today()
        with database.session() as session:
            if kind == "success-plan":
                result = exports.export_success_plan(session, account_id, target, today, logos)
            elif kind == "meeting-pack":
                chosen_meeting = meeting_id or exports.find_meeting(session, account_id, None, today)
                result = exports.export_meeting_pack(session, chosen_meeting, target, today)
            else:
                result = exports.export_account_plan(session, account_id, target, today)
        unit = {".pptx": "slide", ".xlsx": "sheet"}.get(target.suffix.lower(), "page")
        pages = f"{result.pages} {unit}{'s' if result.pages != 1 else ''}"
        return f"Exported the {what} of {name} to {target} ({pages})."

    task = run_with_progress(parent, f"Exporting the {what} to {target.name}…", work)
    task.succeeded.connect(context.events.status.emit)
    task.failed.connect(context.report)
    return task

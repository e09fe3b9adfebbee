"""Pieces every form dialog of the pursuit uses: a date field with a calendar, and the OK / Cancel row."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox

from accountplan.ui.team.team_dialogs import to_qdate


def date_edit(day: dt.date) -> QDateEdit:
    """A date field showing ``day`` as yyyy-MM-dd, with a calendar popup."""
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons that accept and reject ``dialog`` (the caller places them)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons

"""Pieces the form dialogs share: a date field with a calendar, the OK / Cancel row, a column of buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QPushButton, QVBoxLayout

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


def button_column(*items: tuple[str, Callable[[], object]]) -> tuple[QVBoxLayout, list[QPushButton]]:
    """A column of buttons (text, what a click does) over a stretch, and the buttons in order."""
    column = QVBoxLayout()
    made = []
    for text, slot in items:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False, slot=slot: slot())
        column.addWidget(button)
        made.append(button)
    column.addStretch(1)
    return column, made

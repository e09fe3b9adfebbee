"""The dialog that adds an action: title, owner, due date and what it is for (quick-add from anywhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from accountplan.plan.actions import purpose_names
from accountplan.plan.team import list_team
from accountplan.store.database import Database
from accountplan.ui.common.accessibility import describe, name_controls

#: What an action can be for, in the dialog: (link field, the word a user reads).
PURPOSE_FIELDS = (
    ("stakeholder_id", "A stakeholder"),
    ("opportunity_id", "An opportunity"),
    ("red_flag_id", "A red flag"),
)


class AddActionDialog(QDialog):
    """Describe a new action; ``values()`` gives the keyword arguments of ``plan.actions.add_action``."""

    def __init__(
        self,
        parent: QWidget | None,
        database: Database,
        account_id: int,
        *,
        stakeholder_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add action")
        self.setMinimumWidth(480)
        with database.session() as session:
            team = [m for m in list_team(session, account_id) if m.active]
            names = purpose_names(session, account_id)
        self.choices: dict[str, list[tuple[str, int]]] = {field: [] for field, _ in PURPOSE_FIELDS}
        for (field, row_id), name in names.items():
            if field in self.choices:
                self.choices[field].append((name, row_id))
        for rows in self.choices.values():
            rows.sort(key=lambda item: item[0].casefold())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("What must be done")
        self.owner = QComboBox()
        self.owner.addItem("Nobody yet", None)
        for member in team:
            self.owner.addItem(member.name, member.co_seller_id)
        self.due = QDateEdit(QDate.currentDate().addDays(14))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.no_due = QCheckBox("No due date")
        self.no_due.toggled.connect(lambda on: self.due.setEnabled(not on))
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_due)
        due_row.addStretch(1)
        self.kind = QComboBox()
        self.kind.addItem("Nothing in particular", None)
        for field, word in PURPOSE_FIELDS:
            self.kind.addItem(word, field)
        self.item = QComboBox()
        self.item.setEditable(True)
        self.item.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.item.setMinimumContentsLength(24)
        self.kind.currentIndexChanged.connect(self._fill_items)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        form.addRow("&Title", self.title)
        form.addRow("&Owner", self.owner)
        due_label = QLabel("&Due")
        due_label.setBuddy(self.due)
        form.addRow(due_label, due_row)
        form.addRow("&For", self.kind)
        form.addRow("", self.item)
        form.addRow("&Details", self.description)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        describe(self.item, "Which one", "The stakeholder, deal, initiative… the action is for")
        name_controls(self)
        self.title.textChanged.connect(self._update)
        self._fill_items()
        if stakeholder_id is not None:
            self.set_purpose("stakeholder_id", stakeholder_id)
        self._update()

    def _fill_items(self) -> None:
        field = self.kind.currentData()
        self.item.clear()
        for name, row_id in self.choices.get(field, []) if field else []:
            self.item.addItem(name, row_id)
        self.item.setEnabled(field is not None)
        completer = QCompleter([name for name, _ in self.choices.get(field, [])] if field else [], self.item)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.item.setCompleter(completer)

    def set_purpose(self, field: str, row_id: int) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(field), 0))
        self.item.setCurrentIndex(max(self.item.findData(row_id), 0))

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.title.text().strip()))

    def values(self) -> dict[str, Any]:
        """The new action: title, owner, due date, description and the link to what it is for."""
        day = self.due.date()
        values: dict[str, Any] = {
            "title": self.title.text().strip(),
            "owner_id": self.owner.currentData(),
            "due": None if self.no_due.isChecked() else dt.date(day.year(), day.month(), day.day()),
            "description": self.description.toPlainText().strip(),
        }
        field = self.kind.currentData()
        if field is not None:
            index = self.item.findText(self.item.currentText(), Qt.MatchFlag.MatchFixedString)
            if index >= 0:
                values[field] = self.item.itemData(index)
        return values

"""The dialog that describes a red flag: the objection, the skeptic behind it, and how we counter it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from accountplan.model.enums import RedFlagStatus, Severity
from accountplan.plan.actions import purpose_names
from accountplan.plan.qualification import RedFlagRow
from accountplan.store.database import Database
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.dialog_parts import date_edit, ok_cancel
from accountplan.ui.team.team_dialogs import to_date, to_qdate


def named_choices(names: dict[tuple[str, int], str], field: str) -> list[tuple[str, int]]:
    """The (name, id) of one kind of item in ``purpose_names``, by name."""
    return sorted(
        ((name, row_id) for (kind, row_id), name in names.items() if kind == field),
        key=lambda c: c[0].casefold(),
    )


class RedFlagDialog(QDialog):
    """Add or edit a red flag; ``values()`` gives the keyword arguments of ``add_red_flag``/``update_red_flag``."""

    def __init__(
        self,
        parent: QWidget | None,
        database: Database,
        account_id: int,
        *,
        flag: RedFlagRow | None = None,
        opportunity_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit red flag" if flag else "Add red flag")
        self.setMinimumWidth(520)
        with database.session() as session:
            names = purpose_names(session, account_id)
        layout = QVBoxLayout(self)
        note = QLabel("Internal only: red flags never reach a customer document.")
        note.setStyleSheet("color: #9a5b00;")
        layout.addWidget(note)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("Why the customer will not buy")
        self.deal = QComboBox()
        self.deal.addItem("The whole account", None)
        for name, row_id in named_choices(names, "opportunity_id"):
            self.deal.addItem(name, row_id)
        self.source = QComboBox()
        self.source.addItem("Nobody in particular", None)
        for name, row_id in named_choices(names, "stakeholder_id"):
            self.source.addItem(name, row_id)
        self.severity = QComboBox()
        for severity in Severity:
            self.severity.addItem(severity.label, severity.value)
        self.status = QComboBox()
        for status in RedFlagStatus:
            self.status.addItem(status.label, status.value)
        self.raised_on = date_edit(dt.date.today())
        self.no_date = QCheckBox("Unknown")
        self.no_date.toggled.connect(lambda on: self.raised_on.setEnabled(not on))
        raised_row = QHBoxLayout()
        raised_row.addWidget(self.raised_on)
        raised_row.addWidget(self.no_date)
        raised_row.addStretch(1)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(64)
        self.counter = QPlainTextEdit()
        self.counter.setFixedHeight(64)
        self.counter.setPlaceholderText("How we turn this objection around")
        form.addRow("&Objection", self.title)
        form.addRow("&Deal", self.deal)
        form.addRow("S&keptic", self.source)
        form.addRow("&Severity", self.severity)
        form.addRow("S&tatus", self.status)
        raised_label = QLabel("&Raised on")
        raised_label.setBuddy(self.raised_on)  # the row holds a layout: the label names its date
        form.addRow(raised_label, raised_row)
        form.addRow("D&etails", self.description)
        form.addRow("&Counter-strategy", self.counter)
        layout.addLayout(form)
        self.buttons = ok_cancel(self)
        layout.addWidget(self.buttons)
        name_controls(self)
        self.title.textChanged.connect(self._update)
        if flag is not None:
            self._show(flag)
        else:
            self.deal.setCurrentIndex(max(self.deal.findData(opportunity_id), 0))
            self.severity.setCurrentIndex(self.severity.findData(Severity.MEDIUM.value))
        self._update()

    def _show(self, flag: RedFlagRow) -> None:
        self.title.setText(flag.title)
        self.deal.setCurrentIndex(max(self.deal.findData(flag.opportunity_id), 0))
        self.source.setCurrentIndex(max(self.source.findData(flag.source_id), 0))
        self.severity.setCurrentIndex(self.severity.findData(flag.severity.value))
        self.status.setCurrentIndex(self.status.findData(flag.status.value))
        if flag.raised_on is not None:
            self.raised_on.setDate(to_qdate(flag.raised_on))
        self.no_date.setChecked(flag.raised_on is None)
        self.description.setPlainText(flag.description)
        self.counter.setPlainText(flag.counter_strategy)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.title.text().strip()))

    def values(self) -> dict[str, Any]:
        """Every field of the red flag, ``title`` included."""
        raised: dt.date | None = None if self.no_date.isChecked() else to_date(self.raised_on.date())
        return {
            "title": self.title.text().strip(),
            "opportunity_id": self.deal.currentData(),
            "source_id": self.source.currentData(),
            "severity": self.severity.currentData(),
            "status": self.status.currentData(),
            "raised_on": raised,
            "description": self.description.toPlainText().strip(),
            "counter_strategy": self.counter.toPlainText().strip(),
        }

    def changes_from(self, flag: RedFlagRow) -> dict[str, Any]:
        """Only the fields that differ from ``flag`` (what an edit command needs)."""
        before = {
            "title": flag.title,
            "opportunity_id": flag.opportunity_id,
            "source_id": flag.source_id,
            "severity": flag.severity.value,
            "status": flag.status.value,
            "raised_on": flag.raised_on,
            "description": flag.description,
            "counter_strategy": flag.counter_strategy,
        }
        return {field: value for field, value in self.values().items() if before[field] != value}

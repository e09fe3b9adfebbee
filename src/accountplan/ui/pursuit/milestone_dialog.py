"""The dialog that describes a milestone of the journey: title, phase, target date, status, deal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import JourneyPhase, MilestoneStatus
from accountplan.plan.journey import MilestoneRow
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.dialog_parts import date_edit, ok_cancel
from accountplan.ui.team.team_dialogs import to_date, to_qdate


class MilestoneDialog(QDialog):
    """Add or edit a milestone; ``values()`` gives every field, ``changes_from`` only what differs."""

    def __init__(
        self,
        parent: QWidget | None,
        deals: list[tuple[int, str]],
        *,
        milestone: MilestoneRow | None = None,
        phase: JourneyPhase = JourneyPhase.LAND,
        day: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit milestone" if milestone else "Add milestone")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Second region live")
        self.phase = QComboBox()
        for each in JourneyPhase:
            self.phase.addItem(each.label, each.value)
        self.target = date_edit(day or dt.date.today())
        self.status = QComboBox()
        for status in MilestoneStatus:
            self.status.addItem(status.label, status.value)
        self.reached = date_edit(dt.date.today())
        self.deal = QComboBox()
        self.deal.addItem("No deal", None)
        for deal_id, name in deals:
            self.deal.addItem(name, deal_id)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(64)
        form.addRow("&Title", self.title)
        form.addRow("&Phase", self.phase)
        form.addRow("Target &date", self.target)
        form.addRow("&Status", self.status)
        form.addRow("&Reached on", self.reached)
        form.addRow("D&eal", self.deal)
        form.addRow("Des&cription", self.description)
        layout.addLayout(form)
        self.buttons = ok_cancel(self)
        layout.addWidget(self.buttons)
        name_controls(self)
        self.title.textChanged.connect(lambda _text: self._update())
        self.status.currentIndexChanged.connect(lambda _index: self._update())
        self.phase.setCurrentIndex(self.phase.findData(phase.value))
        if milestone is not None:
            self._show(milestone)
        self._update()

    def _show(self, milestone: MilestoneRow) -> None:
        self.title.setText(milestone.title)
        self.phase.setCurrentIndex(self.phase.findData(milestone.phase.value))
        self.target.setDate(to_qdate(milestone.target_date))
        self.status.setCurrentIndex(self.status.findData(milestone.status.value))
        if milestone.reached_on is not None:
            self.reached.setDate(to_qdate(milestone.reached_on))
        self.deal.setCurrentIndex(max(self.deal.findData(milestone.opportunity_id), 0))
        self.description.setPlainText(milestone.description)

    def _update(self) -> None:
        self.reached.setEnabled(self.status.currentData() == MilestoneStatus.REACHED.value)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.title.text().strip()))

    def values(self) -> dict[str, Any]:
        reached = self.status.currentData() == MilestoneStatus.REACHED.value
        return {
            "title": self.title.text().strip(),
            "phase": self.phase.currentData(),
            "target_date": to_date(self.target.date()),
            "status": self.status.currentData(),
            "reached_on": to_date(self.reached.date()) if reached else None,
            "opportunity_id": self.deal.currentData(),
            "description": self.description.toPlainText().strip(),
        }

    def changes_from(self, milestone: MilestoneRow) -> dict[str, Any]:
        before = {
            "title": milestone.title,
            "phase": milestone.phase.value,
            "target_date": milestone.target_date,
            "status": milestone.status.value,
            "reached_on": milestone.reached_on,
            "opportunity_id": milestone.opportunity_id,
            "description": milestone.description,
        }
        return {field: value for field, value in self.values().items() if before[field] != value}

"""The dialog that fills in one cell of the whitespace map: status, competitor, opportunity, value, note."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import WhitespaceStatus
from accountplan.plan.whitespace import WhitespaceCellRow
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.dialog_parts import ok_cancel


class WhitespaceCellDialog(QDialog):
    """Edit a cell; ``changes()`` gives only what differs from the cell as it was."""

    def __init__(
        self,
        parent: QWidget | None,
        place: str,
        cell: WhitespaceCellRow | None,
        competitors: list[tuple[int, str]],
        deals: list[tuple[int, str]],
        currency: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Whitespace")
        self.setMinimumWidth(440)
        self.cell = cell
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{place}</b>"))
        form = QFormLayout()
        self.status = QComboBox()
        for status in WhitespaceStatus:
            self.status.addItem(status.label, status.value)
        self.competitor = QComboBox()
        self.competitor.addItem("None", None)
        for competitor_id, name in competitors:
            self.competitor.addItem(name, competitor_id)
        self.deal = QComboBox()
        self.deal.addItem("None", None)
        for deal_id, name in deals:
            self.deal.addItem(name, deal_id)
        self.value = QLineEdit()
        self.value.setPlaceholderText(f"Potential value in {currency} (empty if unknown)")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)
        form.addRow("&Status", self.status)
        form.addRow("&Competitor", self.competitor)
        form.addRow("&Opportunity", self.deal)
        form.addRow(f"Potential &value ({currency})", self.value)
        form.addRow("&Note", self.note)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))
        name_controls(self)
        self.status.currentIndexChanged.connect(lambda _index: self._update())
        before = self.before()
        self.status.setCurrentIndex(self.status.findData(before["status"]))
        self.competitor.setCurrentIndex(max(self.competitor.findData(before["competitor_id"]), 0))
        self.deal.setCurrentIndex(max(self.deal.findData(before["opportunity_id"]), 0))
        self.value.setText(
            "" if cell is None or cell.potential_value is None else f"{cell.potential_value:f}"
        )
        self.note.setPlainText(before["note"])
        self._update()

    def _update(self) -> None:
        """The competitor matters for a competitor's incumbent, the opportunity for an open one."""
        status = WhitespaceStatus(self.status.currentData())
        self.competitor.setEnabled(status is not WhitespaceStatus.NOT_A_FIT)
        self.deal.setEnabled(status is not WhitespaceStatus.NOT_A_FIT)

    def before(self) -> dict[str, Any]:
        cell = self.cell
        return {
            "status": (cell.status if cell else WhitespaceStatus.UNKNOWN).value,
            "competitor_id": cell.competitor_id if cell else None,
            "opportunity_id": cell.opportunity_id if cell else None,
            "potential_value": ""
            if cell is None or cell.potential_value is None
            else f"{cell.potential_value:f}",
            "note": cell.note if cell else "",
        }

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the cell as it was (a value is text; the plan checks it)."""
        after = {
            "status": self.status.currentData(),
            "competitor_id": self.competitor.currentData(),
            "opportunity_id": self.deal.currentData(),
            "potential_value": self.value.text().strip(),
            "note": self.note.toPlainText().strip(),
        }
        before = self.before()
        changed = {field: value for field, value in after.items() if value != before[field]}
        if "potential_value" in changed and not changed["potential_value"]:
            changed["potential_value"] = None
        return changed

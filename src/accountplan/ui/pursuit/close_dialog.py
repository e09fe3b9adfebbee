"""Closing a deal: the outcome, who won if we lost, and the customer's own answer to "why?"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import Outcome
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.team.team_dialogs import to_date, to_qdate

REASON_QUESTION = "What made you decide that way?"


class CloseDealDialog(QDialog):
    """Asks for the outcome and the customer's reason; OK stays disabled until the answer is there.

    When the deal is lost and the account has competitors, the one who won must be chosen too.
    """

    def __init__(
        self, parent: QWidget | None, deal_name: str, competitors: list[tuple[int, str, bool]], today: dt.date
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Close {deal_name}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        outcomes = QHBoxLayout()
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[Outcome, QRadioButton] = {}
        for outcome in Outcome:
            button = QRadioButton(outcome.label)
            self.outcome_group.addButton(button)
            self.outcome_buttons[outcome] = button
            outcomes.addWidget(button)
        self.outcome_buttons[Outcome.WON].setChecked(True)
        layout.addLayout(outcomes)
        form = QFormLayout()
        self.won_by = QComboBox()
        self.won_by.addItem("Choose who won…", None)
        for competitor_id, name, incumbent in competitors:
            self.won_by.addItem(f"{name} (incumbent)" if incumbent else name, competitor_id)
        self.won_by.currentIndexChanged.connect(lambda _i: self._update())
        self.closed_on = QDateEdit(to_qdate(today))
        self.closed_on.setCalendarPopup(True)
        self.closed_on.setDisplayFormat("yyyy-MM-dd")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("In the customer's own words, and who said it")
        self.reason.textChanged.connect(self._update)
        form.addRow("&Who won", self.won_by)
        form.addRow("&Closed on", self.closed_on)
        layout.addLayout(form)
        question = QLabel(f"The customer's answer to “{REASON_QUESTION}”")
        question.setBuddy(self.reason)
        question.setStyleSheet("font-weight:600;")
        layout.addWidget(question)
        layout.addWidget(self.reason, 1)
        self.hint = QLabel("")
        self.hint.setStyleSheet("color:#b26a00;")
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        name_controls(self)
        self.outcome_group.buttonToggled.connect(lambda *_: self._update())
        self._update()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def outcome(self) -> Outcome:
        return next(o for o, button in self.outcome_buttons.items() if button.isChecked())

    def won_by_id(self) -> int | None:
        value = self.won_by.currentData()
        return int(value) if value is not None and self.outcome() is Outcome.LOST else None

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def closed_day(self) -> dt.date:
        return to_date(self.closed_on.date())

    def missing(self) -> str:
        """What is still needed before the deal can be closed ("" when nothing)."""
        lost = self.outcome() is Outcome.LOST
        if lost and self.won_by.count() > 1 and self.won_by.currentData() is None:
            return "Choose the competitor who won."
        if not self.reason_text():
            return f"Write the customer's answer to “{REASON_QUESTION}”."
        return ""

    def _update(self) -> None:
        lost = self.outcome() is Outcome.LOST
        self.won_by.setEnabled(lost and self.won_by.count() > 1)
        missing = self.missing()
        self.hint.setText(missing)
        self.ok_button.setEnabled(not missing)

    def accept(self) -> None:
        if self.missing():  # Enter pressed in a field: refuse as the disabled button does
            return
        super().accept()

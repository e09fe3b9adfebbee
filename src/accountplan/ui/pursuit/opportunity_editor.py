"""The form of one deal: every editable field, each saved when it is left (the page makes the command)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from accountplan.model import Opportunity
from accountplan.model.enums import OpportunityType
from accountplan.plan.fields import number_range
from accountplan.plan.opportunities import OpportunityRow
from accountplan.ui.common.accessibility import describe
from accountplan.ui.team.team_dialogs import to_date, to_qdate

#: The date a date field shows as "No date".
NO_DATE = QDate(2000, 1, 1)
_TEXT_FIELDS = ("compelling_event", "differentiators", "internal_notes")


def amount_entry(amount: Decimal | None) -> str:
    """An amount as typed in the form ("1,380,000,000"; cents only when there are some)."""
    if amount is None:
        return ""
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _parsed(text: str | None) -> Decimal | str | None:
    """A typed amount as a number when it is one, else as typed (``plan`` then says what is wrong)."""
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text


class OpportunityEditor(QWidget):
    """Edits one deal; nothing is written here.

    Signals:
        edited(dict): a field was changed and left ({field: new value}, in ``update_opportunity``'s terms).
        competitors_edited(list): the ticked competitors changed (their ids).
    """

    edited = Signal(dict)
    competitors_edited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: OpportunityRow | None = None
        self._loading = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit()
        self.type = QComboBox()
        for kind in OpportunityType:
            self.type.addItem(kind.label, kind.value)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("Not known yet")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.currency = QLineEdit()
        describe(self.currency, "Currency")
        self.currency.setInputMask(">AAA")
        self.currency.setMaximumWidth(60)
        money = QHBoxLayout()
        money.addWidget(self.amount, 1)
        money.addWidget(self.currency)
        self.expected_close = QDateEdit()
        self.expected_close.setCalendarPopup(True)
        self.expected_close.setDisplayFormat("yyyy-MM-dd")
        self.expected_close.setMinimumDate(NO_DATE)
        self.expected_close.setSpecialValueText("No date")
        self.probability = QSpinBox()
        describe(self.probability, "Probability")
        self.probability.setRange(*number_range(Opportunity, "probability"))
        self.probability.setSingleStep(5)
        self.probability.setSuffix(" %")
        close_row = QHBoxLayout()
        close_row.addWidget(self.expected_close, 1)
        close_row.addWidget(self.probability)
        self.texts: dict[str, QPlainTextEdit] = {}
        for field, hint in zip(
            _TEXT_FIELDS,
            (
                "What forces the customer's timing",
                "Why us, in the customer's terms",
                "Internal only: never shared with the customer",
            ),
            strict=True,
        ):
            text = QPlainTextEdit()
            text.setPlaceholderText(hint)
            text.setTabChangesFocus(True)
            text.setMinimumHeight(text.fontMetrics().lineSpacing() * 3 + 14)
            text.setProperty("field", field)
            text.installEventFilter(self)
            self.texts[field] = text
        self.competitors = QListWidget()
        self.competitors.setFixedHeight(self.competitors.fontMetrics().lineSpacing() * 4 + 16)
        self.competitors.itemChanged.connect(lambda _item: self._save_competitors())
        form.addRow("&Name", self.name)
        form.addRow("&Type", self.type)
        form.addRow(_buddy("&Amount", self.amount), money)
        form.addRow(_buddy("Expected &close", self.expected_close), close_row)
        form.addRow("Compelling &event", self.texts["compelling_event"])
        form.addRow("&Differentiators", self.texts["differentiators"])
        form.addRow("Internal &notes", self.texts["internal_notes"])
        form.addRow("Co&mpetitors", self.competitors)
        self.name.editingFinished.connect(lambda: self._save("name", self.name.text().strip()))
        self.type.activated.connect(lambda _i: self._save("type", self.type.currentData()))
        self.amount.editingFinished.connect(lambda: self._save("amount", self.amount.text().strip() or None))
        self.currency.editingFinished.connect(lambda: self._save("currency", self.currency.text().strip()))
        self.expected_close.editingFinished.connect(lambda: self._save("expected_close", self._close_date()))
        self.probability.editingFinished.connect(lambda: self._save("probability", self.probability.value()))
        self.setEnabled(False)

    def _close_date(self) -> dt.date | None:
        value = self.expected_close.date()
        return None if value == NO_DATE else to_date(value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self._save(str(watched.property("field")), watched.toPlainText())
        return super().eventFilter(watched, event)

    def show_deal(self, row: OpportunityRow | None, competitors: list[tuple[int, str, bool]]) -> None:
        """Show a deal (None: an empty, disabled form) and the account's competitors to tick."""
        self.row = row
        self._loading = True
        try:
            self.setEnabled(row is not None)
            self.name.setText(row.name if row else "")
            self.name.setCursorPosition(0)
            self.type.setCurrentIndex(self.type.findData(row.type.value) if row else 0)
            self.amount.setText(amount_entry(row.amount) if row else "")
            self.currency.setText(row.currency if row else "")
            day = row.expected_close if row else None
            self.expected_close.setDate(to_qdate(day) if day else NO_DATE)
            self.probability.setValue(row.probability if row else 0)
            for field, text in self.texts.items():
                wanted = str(getattr(row, field)) if row else ""
                if text.toPlainText() != wanted:
                    text.setPlainText(wanted)
            present = (
                {competitor_id for competitor_id, _name, _incumbent in row.competitors} if row else set()
            )
            self.competitors.clear()
            for competitor_id, name, incumbent in competitors:
                item = QListWidgetItem(f"{name} (incumbent)" if incumbent else name)
                item.setData(Qt.ItemDataRole.UserRole, competitor_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = competitor_id in present
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.competitors.addItem(item)
        finally:
            self._loading = False

    def ticked_competitors(self) -> list[int]:
        items = (self.competitors.item(i) for i in range(self.competitors.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _save(self, field: str, value: Any) -> None:
        if self._loading or self.row is None:
            return
        current = getattr(self.row, field)
        if field == "amount":
            value = _parsed(value)
        elif field == "type":
            current = current.value
        if current == value:
            return
        self.edited.emit({field: value})

    def _save_competitors(self) -> None:
        if self._loading or self.row is None:
            return
        ticked = self.ticked_competitors()
        if set(ticked) != {competitor_id for competitor_id, _n, _i in self.row.competitors}:
            self.competitors_edited.emit(ticked)

"""The exchange rates the forecast converts with, per fiscal year: listed, set (added or changed), deleted.

Every button is an undoable command (Edit → Undo, Ctrl+Z); the list redraws whenever the plan changes,
whoever changed it. A rate belongs to the whole plan, not to the account shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.forecast import rate_text
from accountplan.model.seller import FISCAL_YEARS
from accountplan.plan import changes
from accountplan.plan.exchange_rates import RateRow, list_rates
from accountplan.ui.common.accessibility import describe, name_controls
from accountplan.ui.common.commands import PlanContext, command
from accountplan.ui.common.table_model import RowTableModel

SetExchangeRate = command(changes.SetExchangeRate)
DeleteExchangeRate = command(changes.DeleteExchangeRate)

#: What the dialog says of rates, under the list.
EXPLANATION = (
    "1 currency = rate × the other, per fiscal year (numbered by the calendar year it starts in). A rate "
    "serves both ways: EUR → JPY also converts JPY to EUR. The forecast converts each deal with the rate of "
    "its fiscal year and lists a deal it has no rate for, rather than counting it."
)


class RatesModel(RowTableModel[RateRow]):
    """The rates, by fiscal year then currency."""

    COLUMNS = ("Fiscal year", "Currency", "To", "Rate", "In words")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"FY{row.fiscal_year}",
                row.currency,
                row.to_currency,
                rate_text(row.rate),
                row.text.rsplit(" (", 1)[0],
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _code_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setMaxLength(3)
    field.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,3}"))
    field.setFixedWidth(70)
    return field


class RatesDialog(QDialog):
    """Every exchange rate; a form sets one (a rate of a year and pair already there is changed); no signals.

    ``account_id``: the account shown, whose pages redraw after an edit (None: no account yet).
    """

    def __init__(self, context: PlanContext, account_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.account_id = context, account_id
        self.setWindowTitle("Exchange rates")
        self.resize(640, 460)
        self.model = RatesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_form())
        describe(
            self.table, "Exchange rates", "Every rate, by fiscal year; choose one to change or delete it"
        )
        self.year = QSpinBox()
        self.year.setRange(*FISCAL_YEARS)
        self.year.setValue(dt.date.today().year)
        self.year.setPrefix("FY")
        self.currency = _code_field("EUR")
        self.to_currency = _code_field("JPY")
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("162.4")
        describe(self.year, "Fiscal year", "The fiscal year of the rate, by the calendar year it starts in")
        describe(self.currency, "Currency", "The currency converted, e.g. EUR")
        describe(self.rate, "Rate", "How many of the other currency one unit is worth")
        describe(self.to_currency, "To currency", "The currency it converts to, e.g. JPY")
        self.set_button = QPushButton("&Set rate")
        self.set_button.setDefault(True)
        self.set_button.clicked.connect(lambda: self.set_rate())
        self.delete_button = QPushButton("&Delete")
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        form = QHBoxLayout()
        for text, widget in (
            ("&Year", self.year),
            ("1 ", self.currency),
            ("= ", self.rate),
            ("", self.to_currency),
        ):
            if text:
                label = QLabel(text)
                label.setBuddy(widget)
                form.addWidget(label)
            form.addWidget(widget)
        form.addWidget(self.set_button)
        form.addStretch(1)
        form.addWidget(self.delete_button)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b3261e;")
        explanation = QLabel(EXPLANATION)
        explanation.setObjectName("muted")
        explanation.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(explanation)
        layout.addWidget(close)
        context.events.plan_changed.connect(lambda *_: self.refresh())
        context.events.accounts_changed.connect(self.refresh)
        context.events.database_replaced.connect(self.refresh)
        name_controls(self)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        with self.context.database.session() as session:
            rows = list_rates(session)
        self.model.replace_rows(rows)
        self.table.resizeColumnsToContents()
        if selected is not None:
            self.select(selected.fiscal_year, selected.currency, selected.to_currency)
        self.delete_button.setEnabled(self.selected() is not None)

    def selected(self) -> RateRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def select(self, fiscal_year: int, currency: str, to_currency: str) -> bool:
        for index, row in enumerate(self.model.rows()):
            if (row.fiscal_year, row.currency, row.to_currency) == (fiscal_year, currency, to_currency):
                self.table.selectRow(index)
                return True
        return False

    def _fill_form(self) -> None:
        row = self.selected()
        self.delete_button.setEnabled(row is not None)
        if row is None:
            return
        self.year.setValue(row.fiscal_year)
        self.currency.setText(row.currency)
        self.to_currency.setText(row.to_currency)
        self.rate.setText(rate_text(row.rate))

    def _run(self, done: bool) -> bool:
        error = self.context.last_error
        self.message.setText("" if done or error is None else str(error))
        return done

    def set_rate(self) -> bool:
        """Set the rate the form says: added, or changed when the year and pair are there already."""
        year, currency, to = self.year.value(), self.currency.text().upper(), self.to_currency.text().upper()
        made = SetExchangeRate(self.context, self.account_id, year, currency, to, self.rate.text())
        if not self._run(self.context.execute(made)):
            return False
        self.select(year, currency, to)
        return True

    def delete_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        made = DeleteExchangeRate(
            self.context, self.account_id, row.fiscal_year, row.currency, row.to_currency
        )
        return self._run(self.context.execute(made))

"""The account's closed deals read together: totals, win rate, who beat us, and the customers' reasons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from accountplan.model.enums import Outcome
from accountplan.plan.win_loss import ClosedDeal, WinLoss
from accountplan.ui.common.pages import FigureCard, fit_columns, money_text, row_table
from accountplan.ui.common.table_model import RowTableModel
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.pursuit.opportunity_model import OUTCOME_COLOURS, days_text

Index = QModelIndex | QPersistentModelIndex


class ClosedDealModel(RowTableModel[ClosedDeal]):
    """The closed deals, newest first, each with the customer's answer to "why?"."""

    COLUMNS = ("Closed", "Deal", "Outcome", "Amount", "Won by", "Open for", "What made them decide")

    def set_deals(self, deals: tuple[ClosedDeal, ...]) -> None:
        self.replace_rows(deals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.closed_on.isoformat() if row.closed_on else "—",
                row.name,
                Outcome(row.outcome).label,
                money_text(row.amount, row.currency) if row.amount is not None else "—",
                row.won_by,
                days_text(row.days_open) if row.days_open is not None else "",
                row.reason,
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QBrush(QColor(OUTCOME_COLOURS[Outcome(row.outcome)]))
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 6):
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None


class WinLossView(QWidget):
    """Figures across the top, who we lost to, then every closed deal with the customer's reason."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        cards = QGridLayout()
        self.won = FigureCard("won")
        self.lost = FigureCard("lost to competition")
        self.no_decision = FigureCard("no decision")
        self.rate = FigureCard("win rate")
        for column, card in enumerate((self.won, self.lost, self.no_decision, self.rate)):
            cards.addWidget(card, 0, column)
        layout.addLayout(cards)
        self.lost_to = QLabel("")
        self.lost_to.setWordWrap(True)
        layout.addWidget(self.lost_to)
        self.model = ClosedDealModel()
        self.table = row_table(self.model)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.reading: WinLoss | None = None

    def show_reading(self, reading: WinLoss, currency: str) -> None:
        self.reading = reading
        self.won.show_figure(str(reading.won), money_text(reading.won_amount, currency))
        self.lost.show_figure(
            str(reading.lost), money_text(reading.lost_amount, currency), alarm=reading.lost > 0
        )
        self.no_decision.show_figure(str(reading.no_decision), "the customer did nothing")
        closed = reading.won + reading.lost + reading.no_decision
        if reading.win_rate is None:
            self.rate.show_figure("–", "no deal closed yet")
        else:
            self.rate.show_figure(f"{reading.win_rate:.0%}", f"of {closed} closed deal(s)")
        self.lost_to.setText(
            "<b>Lost to:</b> " + ", ".join(f"{name} ({count})" for name, count in reading.lost_to)
            if reading.lost_to
            else "<b>Lost to:</b> nobody yet"
        )
        self.model.set_deals(reading.deals)
        fit_columns(self.table, widest=260)
        self.table.resizeRowsToContents()

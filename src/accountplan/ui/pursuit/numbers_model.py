"""The tables of the numbers page: the funnel spread over quarters, and what each open deal would pay."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from accountplan.analysis.numbers import DealEffect
from accountplan.ui.common.pages import money_text
from accountplan.ui.common.table_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_WARNING = QBrush(QColor("#9a5b00"))
_GAIN = QBrush(QColor("#1b8a3a"))


def amount_text(amount: Decimal, currency: str) -> str:
    """A whole amount with thousands separators: "JPY 350,000,000"."""
    return f"{currency} {amount:,.0f}"


def big_deal_sentence(effect: DealEffect, big_deal_percent: int) -> str:
    return (
        f"{effect.name} is more than {big_deal_percent} % of the quota: under the big-deal clause "
        "its commission may be re-evaluated, so do not count on the full amount."
    )


class QuarterPlanModel(RowTableModel[tuple[str, int, int]]):
    """Per quarter: the deals that must close, and the qualified opportunities to create for them."""

    COLUMNS = ("Quarter", "Deals closing", "New qualified")

    def __init__(self) -> None:
        super().__init__()
        self._bold = QFont()
        self._bold.setBold(True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row[column]) if column == 0 or row[column] else "–"
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and column and row[column]:
            return self._bold
        return None


class DealEffectModel(RowTableModel[DealEffect]):
    """Each open deal's effect if won: attainment and pay after it, the gain, and the big-deal flag."""

    COLUMNS = ("Open deal", "Amount", "Attainment after", "Pay after", "+ Pay", "Big deal")

    def __init__(self) -> None:
        super().__init__()
        self.currency = ""
        self.big_deal_percent = 50

    def set_effects(self, effects: tuple[DealEffect, ...], currency: str, big_deal_percent: int) -> None:
        self.currency, self.big_deal_percent = currency, big_deal_percent
        self.replace_rows(effects)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                money_text(row.amount, self.currency),
                f"{row.attainment_after:.0f} %",
                money_text(row.pay_after, self.currency),
                f"+{money_text(row.pay_delta, self.currency)}",
                "⚑ may be re-evaluated" if row.big_deal else "",
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= column <= 4:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 5 and row.big_deal:
                return _WARNING
            if column == 4:
                return _GAIN
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.big_deal and column in (0, 5):
                return big_deal_sentence(row, self.big_deal_percent)
            exact = {1: row.amount, 3: row.pay_after, 4: row.pay_delta}.get(column)
            return amount_text(exact, self.currency) if exact is not None else None
        return None

"""The table of the numbers page: the funnel spread over quarters (the deals' pay: ``seller_year_model``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from accountplan.ui.common.table_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


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

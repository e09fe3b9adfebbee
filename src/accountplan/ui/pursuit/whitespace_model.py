"""The whitespace map as an item model: org units × product lines, coloured by status, with totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from accountplan.model.enums import WhitespaceStatus
from accountplan.plan.whitespace import WhitespaceCellRow, WhitespaceMap
from accountplan.ui.common.pages import money_text
from accountplan.ui.common.theme import ON_TINT

Index = QModelIndex | QPersistentModelIndex
STATUS_ROLE = Qt.ItemDataRole.UserRole + 30
VALUE_ROLE = Qt.ItemDataRole.UserRole + 31
#: Each status's cell colour; an unknown cell stays blank.
STATUS_COLOURS = {
    WhitespaceStatus.OURS: QColor("#a9dbb3"),
    WhitespaceStatus.COMPETITOR: QColor("#f4c7c3"),
    WhitespaceStatus.OPEN_OPPORTUNITY: QColor("#bcd5f3"),
    WhitespaceStatus.NOT_A_FIT: QColor("#e3e5e8"),
}
_BRUSHES = {status: QBrush(colour) for status, colour in STATUS_COLOURS.items()}
_TOTAL_BRUSH = QBrush(QColor("#f3f4f6"))
_MUTED = QBrush(QColor("#8a8f98"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOTAL_LABEL = "Whitespace to win"
INDENT = "    "


def two_lines(name: str, longest: int = 14) -> str:
    """A long header on two lines, broken at the space nearest its middle."""
    if len(name) <= longest or " " not in name:
        return name
    middle = len(name) / 2
    cut = min((i for i, c in enumerate(name) if c == " "), key=lambda i: abs(i - middle))
    return f"{name[:cut]}\n{name[cut + 1 :]}"


def short_money(amount: Decimal | None) -> str:
    """A value without its currency, shortened ("48.6m"); "" for none."""
    return "" if amount is None else money_text(amount, "").strip()


class WhitespaceModel(QAbstractTableModel):
    """Rows: the org units in tree order, then the totals; columns: the product lines, then the totals.

    A cell shows its potential value on its status colour; the tooltip names the status, the competitor
    or the opportunity, and the note. The totals add up what is neither ours nor not a fit.
    """

    def __init__(self) -> None:
        super().__init__()
        self.map: WhitespaceMap | None = None
        self._units: tuple[tuple[int, str, int], ...] = ()
        self._lines: tuple[tuple[int, str], ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_map(self, whitespace: WhitespaceMap | None) -> None:
        self.beginResetModel()
        self.map = whitespace
        self._units = whitespace.units if whitespace else ()
        self._lines = whitespace.lines if whitespace else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() or not self._units else len(self._units) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() or not self._lines else len(self._lines) + 1

    # --- lookups ------------------------------------------------------------------------------------

    def unit(self, row: int) -> tuple[int, str, int] | None:
        return self._units[row] if 0 <= row < len(self._units) else None

    def line(self, column: int) -> tuple[int, str] | None:
        return self._lines[column] if 0 <= column < len(self._lines) else None

    def is_total(self, row: int, column: int) -> bool:
        return row == len(self._units) or column == len(self._lines)

    def cell(self, row: int, column: int) -> WhitespaceCellRow | None:
        unit, line = self.unit(row), self.line(column)
        if self.map is None or unit is None or line is None:
            return None
        return self.map.cells.get((unit[0], line[0]))

    def index_of(self, org_unit_id: int, product_line_id: int) -> QModelIndex:
        row = next((i for i, unit in enumerate(self._units) if unit[0] == org_unit_id), -1)
        column = next((i for i, line in enumerate(self._lines) if line[0] == product_line_id), -1)
        return self.index(row, column) if row >= 0 and column >= 0 else QModelIndex()

    def _total(self, row: int, column: int) -> Decimal:
        assert self.map is not None
        unit, line = self.unit(row), self.line(column)
        if unit is not None:
            return self.map.row_totals.get(unit[0], Decimal(0))
        if line is not None:
            return self.map.column_totals.get(line[0], Decimal(0))
        return self.map.total

    # --- Qt -----------------------------------------------------------------------------------------

    def headerData(  # noqa: N802 - Qt's signature
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            if horizontal:
                line = self.line(section)
                return (
                    two_lines(line[1])
                    if line
                    else two_lines(TOTAL_LABEL)
                    if section == len(self._lines)
                    else None
                )
            unit = self.unit(section)
            return (
                INDENT * unit[2] + unit[1] if unit else TOTAL_LABEL if section == len(self._units) else None
            )
        if role == Qt.ItemDataRole.FontRole and (
            section == (len(self._lines) if horizontal else len(self._units))
            or (not horizontal and (unit := self.unit(section)) is not None and unit[2] == 0)
        ):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and section == (
            len(self._lines) if horizontal else len(self._units)
        ):
            return "The potential value of the cells that are neither ours nor not a fit"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.map is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return None
        if self.is_total(row, column):
            return self._total_data(row, column, role)
        found = self.cell(row, column)
        status = found.status if found else WhitespaceStatus.UNKNOWN
        value = found.potential_value if found else None
        if role == Qt.ItemDataRole.DisplayRole:
            return short_money(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BRUSHES.get(status)
        if role == Qt.ItemDataRole.ForegroundRole and status in _BRUSHES:
            return _MUTED if status is WhitespaceStatus.NOT_A_FIT else ON_TINT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column, found)
        if role == STATUS_ROLE:
            return status.value
        if role == VALUE_ROLE:
            return value
        return None

    def _total_data(self, row: int, column: int, role: int) -> Any:
        amount = self._total(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return short_money(amount) if amount else "–"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return _TOTAL_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole:
            return ON_TINT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == VALUE_ROLE:
            return amount
        if role == Qt.ItemDataRole.ToolTipRole and self.map is not None:
            return f"Whitespace still to win: {money_text(amount, self.map.currency)}"
        return None

    def _tip(self, row: int, column: int, found: WhitespaceCellRow | None) -> str:
        unit, line = self.unit(row), self.line(column)
        assert unit is not None and line is not None and self.map is not None
        status = found.status if found else WhitespaceStatus.UNKNOWN
        lines = [f"{unit[1]} × {line[1]}: {status.label}"]
        if found is not None:
            if found.competitor:
                lines.append(f"Competitor: {found.competitor}")
            if found.opportunity:
                lines.append(f"Opportunity: {found.opportunity}")
            if found.potential_value is not None:
                lines.append(f"Potential: {money_text(found.potential_value, self.map.currency)}")
            if found.note:
                lines.append(found.note)
        lines.append("Double-click to edit")
        return "\n".join(lines)

"""The coverage matrix as one item model (stakeholders × co-sellers), its filter, header and cell painting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPolygonF
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QStyleOptionViewItem

from accountplan.analysis.coverage import CoverageCell, CoverageMatrix, CoverageRowInfo
from accountplan.model.enums import BuyingRole, RelationshipStrength
from accountplan.reports.chart_style import ROLE_BADGES
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import CHOICES_ROLE, ChoiceDelegate
from accountplan.ui.common.table_model import SourceSortProxy
from accountplan.ui.common.theme import ON_TINT
from accountplan.ui.people.models import ID_ROLE, SORT_ROLE
from accountplan.ui.team.team_commands import SetCoverage

Index = QModelIndex | QPersistentModelIndex
STALE_ROLE = Qt.ItemDataRole.UserRole + 5
CO_SELLER_ROLE = Qt.ItemDataRole.UserRole + 6
#: The columns before the co-sellers': the row's flags, the person's influence and buying roles.
LEADING = ("Flags", "Infl.", "Roles")
LEAD = len(LEADING)

#: Heat: none is blank, brief pale, up to trusted advisor deep; text turns white on the deep shades.
HEAT = {
    RelationshipStrength.BRIEF: QColor("#e3eefa"),
    RelationshipStrength.WORKING: QColor("#a7c8ec"),
    RelationshipStrength.STRONG: QColor("#5a94d6"),
    RelationshipStrength.TRUSTED_ADVISOR: QColor("#1f4f96"),
}
_HEAT_BRUSHES = {strength: QBrush(colour) for strength, colour in HEAT.items()}
_WHITE = QBrush(QColor("#ffffff"))
_GAP_BRUSH, _STALE_BRUSH = QBrush(QColor("#b3261e")), QBrush(QColor("#9a5b00"))
STALE_MARK = QColor("#d2453b")
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)


def _badges(info: CoverageRowInfo) -> str:
    """The badges of a person's buying roles, as the Roles column shows them."""
    return " ".join(ROLE_BADGES[role] for role in sorted(info.roles))


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class CoverageMatrixModel(QAbstractTableModel):
    """Rows are the account's active stakeholders (gaps first), columns the active co-sellers.

    ``data()`` answers each cell when the view asks for it, from the relationships by (person, co-seller):
    nothing is built per cell, so 20,000 × 60 costs what the 5,000 relationships and the rows on screen
    cost. The vertical header shows each person's name; the first columns their flags, influence and roles.
    The model sorts itself (``sort``: a proxy would ask ``data`` twice per comparison); :meth:`put_rows`
    redraws, inserts or removes the rows of some people without a reset.
    """

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        self.today = dt.date.today()
        self._rows: list[CoverageRowInfo] = []
        self._positions: dict[int, int] = {}
        self._sellers: list[tuple[int, str]] = []
        self._cells: dict[tuple[int, int], CoverageCell] = {}
        #: Each relationship shown, by its coverage id: (person, co-seller).
        self._links: dict[int, tuple[int, int]] = {}
        self._counts: dict[int, int] = {}
        self.sort_column, self.sort_order = 0, Qt.SortOrder.AscendingOrder
        self._bold = _bold()

    # --- loading ------------------------------------------------------------------------------------

    def set_matrix(self, matrix: CoverageMatrix, today: dt.date, account_id: int | None) -> None:
        """Show ``matrix``; when the rows and columns are the same ones, only the cells are redrawn."""
        sellers = list(matrix.co_sellers)
        if self.sort_column >= LEAD + len(sellers) or (
            self.sort_column >= LEAD
            and self._sellers[self.sort_column - LEAD] != sellers[self.sort_column - LEAD]
        ):
            self.sort_column, self.sort_order = (
                0,
                Qt.SortOrder.AscendingOrder,
            )  # that co-seller's column is gone
        rows = self._sorted(matrix.stakeholders, matrix.cells, sellers)
        same_shape = [r.id for r in rows] == [r.id for r in self._rows] and [c for c, _ in sellers] == [
            c for c, _ in self._sellers
        ]
        if not same_shape:
            self.beginResetModel()
        self.today, self.account_id = today, account_id
        self._rows = rows
        self._positions = {info.id: position for position, info in enumerate(rows)}
        self._sellers = sellers
        self._cells = dict(matrix.cells)
        self._links = {cell.coverage_id: key for key, cell in self._cells.items()}
        self._count()
        if not same_shape:
            self.endResetModel()
        elif self._rows and self._sellers:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)

    def _count(self) -> None:
        self._counts = {}
        for (_, co_seller_id), cell in self._cells.items():
            if RelationshipStrength(cell.strength) is not RelationshipStrength.NONE:
                self._counts[co_seller_id] = self._counts.get(co_seller_id, 0) + 1

    def people_of(self, coverage_ids: Iterable[int]) -> tuple[set[int], set[int]]:
        """The people of the relationships shown among ``coverage_ids``, and the ids not shown."""
        people, unknown = set(), set()
        for coverage_id in coverage_ids:
            link = self._links.get(coverage_id)
            if link is None:
                unknown.add(coverage_id)
            else:
                people.add(link[0])
        return people, unknown

    def put_rows(self, part: CoverageMatrix, gone: Collection[int] = ()) -> None:
        """Show the rows of ``part``, some people and their relationships against these columns.

        Known people are redrawn where they stand, new ones inserted in order; the people ``gone`` removed.
        """
        fresh = {info.id for info in part.stakeholders}
        for person in {*gone, *fresh}:
            for seller, _name in self._sellers:
                cell = self._cells.pop((person, seller), None)
                if cell is not None:
                    self._links.pop(cell.coverage_id, None)
        for key, cell in part.cells.items():
            self._cells[key] = cell
            self._links[cell.coverage_id] = key
        self._count()
        for position in sorted((self._positions[p] for p in gone if p in self._positions), reverse=True):
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position]
            self.endRemoveRows()
        if gone:
            self._positions = {info.id: position for position, info in enumerate(self._rows)}
        last = self.columnCount() - 1
        for info in part.stakeholders:
            known = self._positions.get(info.id)
            if known is not None:
                self._rows[known] = info
                self.dataChanged.emit(self.index(known, 0), self.index(known, last))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, known, known)
                continue
            position = self._insertion_point(info)
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, info)
            for later in range(position, len(self._rows)):
                self._positions[self._rows[later].id] = later
            self.endInsertRows()

    # --- order --------------------------------------------------------------------------------------

    @staticmethod
    def _first_key(info: CoverageRowInfo) -> tuple[Any, ...]:
        """The matrix' own order: gaps, then stale relationships, then by influence (highest first), name."""
        return (not info.gap, not info.stale, -info.influence, info.name.casefold(), info.id)

    def _key(
        self,
        info: CoverageRowInfo,
        cells: Mapping[tuple[int, int], CoverageCell],
        sellers: list[tuple[int, str]],
    ) -> tuple[Any, ...]:
        column, first = self.sort_column, self._first_key(info)
        if column == 1:
            return (info.influence, first)
        if column == 2:
            return (_badges(info), first)
        if 0 <= column - LEAD < len(sellers):
            found = cells.get((info.id, sellers[column - LEAD][0]))
            return (RelationshipStrength(found.strength).rank if found is not None else 0, first)
        return (first,)

    def _sorted(
        self,
        rows: Iterable[CoverageRowInfo],
        cells: Mapping[tuple[int, int], CoverageCell],
        sellers: list[tuple[int, str]],
    ) -> list[CoverageRowInfo]:
        return sorted(
            rows,
            key=lambda info: self._key(info, cells, sellers),
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [
            (self._rows[index.row()].id, index.column()) if 0 <= index.row() < len(self._rows) else None
            for index in persistent
        ]
        self._rows = self._sorted(self._rows, self._cells, self._sellers)
        self._positions = {info.id: position for position, info in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [
                QModelIndex() if kept is None else self.index(self._positions[kept[0]], kept[1])
                for kept in held
            ],
        )
        self.layoutChanged.emit()

    def _insertion_point(self, info: CoverageRowInfo) -> int:
        wanted = self._key(info, self._cells, self._sellers)
        ascending = self.sort_order == Qt.SortOrder.AscendingOrder
        low, high = 0, len(self._rows)
        while low < high:
            middle = (low + high) // 2
            key = self._key(self._rows[middle], self._cells, self._sellers)
            if (key <= wanted) if ascending else (key >= wanted):
                low = middle + 1
            else:
                high = middle
        return low

    # --- lookups for the page and the filter ---------------------------------------------------------

    def row_info(self, row: int) -> CoverageRowInfo:
        return self._rows[row]

    def row_infos(self) -> list[CoverageRowInfo]:
        """Every row, in the model's order."""
        return list(self._rows)

    def stale_relationships(self) -> int:
        """How many of the relationships shown have not been touched for a while."""
        return sum(1 for cell in self._cells.values() if cell.stale)

    def co_sellers(self) -> list[tuple[int, str]]:
        """The columns' co-sellers, (id, name), in order."""
        return list(self._sellers)

    def row_roles(self, row: int) -> tuple[BuyingRole, ...]:
        return self._rows[row].roles

    def co_seller(self, column: int) -> tuple[int, str] | None:
        position = column - LEAD
        return self._sellers[position] if 0 <= position < len(self._sellers) else None

    def cell(self, row: int, column: int) -> CoverageCell | None:
        seller = self.co_seller(column)
        if seller is None or not 0 <= row < len(self._rows):
            return None
        return self._cells.get((self._rows[row].id, seller[0]))

    def column_of(self, co_seller_id: int) -> int:
        return next((LEAD + i for i, (cid, _) in enumerate(self._sellers) if cid == co_seller_id), -1)

    def row_of(self, stakeholder_id: int) -> int:
        return self._positions.get(stakeholder_id, -1)

    def set_cell(
        self,
        row: int,
        column: int,
        strength: RelationshipStrength | None = None,
        *,
        owner: bool | None = None,
        touched: dt.date | None = None,
    ) -> bool:
        """Change one cell of the source model (row, column) through an undoable command."""
        seller = self.co_seller(column)
        if seller is None or self.account_id is None or not 0 <= row < len(self._rows):
            return False
        info = self.row_info(row)
        cell = self.cell(row, column)
        current = RelationshipStrength(cell.strength) if cell is not None else RelationshipStrength.NONE
        if strength is None:
            strength = current
        if strength is RelationshipStrength.NONE and (owner or touched):
            strength = RelationshipStrength.BRIEF  # owning or touching a relationship makes one
        if owner:
            text = f"make {seller[1]} the owner of the relationship with {info.name}"
        elif touched is not None:
            text = f"mark {seller[1]} → {info.name} touched on {touched.isoformat()}"
        else:
            if strength is current:
                return False
            text = f"set {seller[1]} → {info.name} to {strength.label.lower()}"
        command = SetCoverage(
            self.context,
            self.account_id,
            seller[0],
            info.id,
            text,
            strength,
            is_owner=True if owner else None,
            last_touched=touched,
        )
        if cell is not None:
            command.saw_row("coverage", cell, cell.coverage_id)
        return self.context.execute(command)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() < LEAD:
            return False
        try:
            strength = RelationshipStrength(value)
        except ValueError:
            return False
        return self.set_cell(index.row(), index.column(), strength)

    # --- the model ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else LEAD + len(self._sellers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._rows):
                return None
            info = self._rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return info.name
            if role == Qt.ItemDataRole.ToolTipRole:
                roles = ", ".join(sorted(r.label for r in info.roles)) or "no buying role"
                where = " · ".join(p for p in (info.title, info.org_unit or "") if p)
                return f"{info.name}\n{where}\n{roles}; influence {info.influence}"
            if role == Qt.ItemDataRole.FontRole and info.decisive:
                return self._bold
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return None
        if section < LEAD:
            if role == Qt.ItemDataRole.DisplayRole and section >= 0:
                return LEADING[section]
            if role == Qt.ItemDataRole.ToolTipRole and section >= 0:
                return (
                    "Gap: decisive, without working coverage · Stale: a relationship not touched for 60+ days",
                    "Influence on the decision, 1 (low) to 5 (decisive)",
                    "Buying roles",
                )[section]
            return None
        seller = self.co_seller(section)
        if seller is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return seller[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{seller[1]}: {self._counts.get(seller[0], 0)} relationship(s) in this account"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() >= LEAD:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        if column < LEAD:
            return self._leading(row, column, role)
        seller = self.co_seller(column)
        if seller is None:
            return None
        info = self._rows[row]
        found = self._cells.get((info.id, seller[0]))
        strength = RelationshipStrength(found.strength) if found is not None else RelationshipStrength.NONE
        if role == Qt.ItemDataRole.DisplayRole:
            return "★" if found is not None and found.is_owner else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return _HEAT_BRUSHES.get(strength)
        if role == Qt.ItemDataRole.ForegroundRole and strength in _HEAT_BRUSHES:
            return _WHITE if strength.rank >= RelationshipStrength.STRONG.rank else ON_TINT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRED
        if role == Qt.ItemDataRole.FontRole and found is not None and found.is_owner:
            return self._bold
        if role == Qt.ItemDataRole.EditRole:
            return strength.value
        if role == CHOICES_ROLE:
            return [(s.label, s.value) for s in RelationshipStrength]
        if role == SORT_ROLE:
            return strength.rank
        if role == STALE_ROLE:
            return found is not None and found.stale
        if role == ID_ROLE:
            return info.id
        if role == CO_SELLER_ROLE:
            return seller[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(info, seller[1], found)
        return None

    def _leading(self, row: int, column: int, role: int) -> Any:
        info = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return " · ".join(flag for flag, on in (("Gap", info.gap), ("Stale", info.stale)) if on)
            if column == 1:
                return info.influence
            return _badges(info)
        if role == SORT_ROLE:
            return (row, info.influence, _badges(info))[column]
        if role == ID_ROLE:
            return info.id
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return _GAP_BRUSH if info.gap else _STALE_BRUSH
        if role == Qt.ItemDataRole.FontRole and column == 0 and info.gap:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return _CENTRED
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and (info.gap or info.stale):
            best = RelationshipStrength(info.best)
            reasons = []
            if info.gap:
                reasons.append(f"decisive, and our best relationship is {best.label.lower()}")
            if info.stale:
                reasons.append("a relationship not touched for 60+ days")
            return f"{info.name}: " + "; ".join(reasons)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return ", ".join(sorted(r.label for r in info.roles)) or None
        return None

    def _cell_tip(self, info: CoverageRowInfo, seller: str, found: CoverageCell | None) -> str:
        if found is None or RelationshipStrength(found.strength) is RelationshipStrength.NONE:
            return f"{seller} has no relationship with {info.name}"
        text = f"{seller} → {info.name}: {RelationshipStrength(found.strength).label}"
        if found.is_owner:
            text += " (owns the relationship)"
        if found.last_touched is None:
            return text + "\nNever touched"
        days = (self.today - found.last_touched).days
        text += f"\nLast touched {found.last_touched.isoformat()} ({days} days ago)"
        return text + (" — stale" if found.stale else "")


class CoverageFilterProxy(SourceSortProxy):
    """Narrows the matrix by org unit, buying role, minimum influence, problems only and name.

    The matrix model sorts itself.
    """

    def __init__(self) -> None:
        super().__init__()
        self.org_unit: str | None = None
        self.role: BuyingRole | None = None
        self.min_influence = 1
        self.problems_only = False
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, **criteria: Any) -> None:
        unknown = [name for name in criteria if not hasattr(self, name)]
        if unknown:
            raise AttributeError(", ".join(unknown))
        self.beginFilterChange()
        for name, value in criteria.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, CoverageMatrixModel)
        info = model.row_info(source_row)
        if self.org_unit is not None and (info.org_unit or "") != self.org_unit:
            return False
        if self.role is not None and self.role not in info.roles:
            return False
        if info.influence < self.min_influence:
            return False
        if self.problems_only and not (info.gap or info.stale):
            return False
        return not self.text or self.text.casefold() in info.name.casefold()


class CoverageDelegate(ChoiceDelegate):
    """Paints a red corner on relationships not touched for 60+ days; edits the strength with a combo."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if index.data(STALE_ROLE):
            rect = option.rect
            size = min(9, rect.height() // 2)
            corner = QPolygonF(
                [
                    QPointF(rect.right() - size, rect.top()),
                    QPointF(rect.right() + 1, rect.top()),
                    QPointF(rect.right() + 1, rect.top() + size),
                ]
            )
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STALE_MARK)
            painter.drawPolygon(corner)
            painter.restore()


class RotatedHeader(QHeaderView):
    """A horizontal header whose co-seller sections read bottom to top, so sixty names fit narrow columns."""

    def __init__(self, first_rotated: int) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.first_rotated = first_rotated
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:  # noqa: N802
        if logical_index < self.first_rotated:
            super().paintSection(painter, rect, logical_index)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
        text = str(self.model().headerData(logical_index, self.orientation()) or "")
        painter.translate(
            rect.left() + rect.width() / 2 + painter.fontMetrics().ascent() / 2 - 2, rect.bottom() - 6
        )
        painter.rotate(-90)
        elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.height() - 10)
        painter.drawText(0, 0, elided)
        painter.restore()

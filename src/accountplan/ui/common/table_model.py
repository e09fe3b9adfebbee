"""The table model every list screen shares: a list of row records, named columns, some editable."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from accountplan.store.database import DatabaseSession
from accountplan.ui.common.commands import PlanContext

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows are plain records read from the core; ``COLUMNS`` name the columns, ``EDITABLE`` the editable ones.

    Subclasses fill ``_rows`` (between ``beginResetModel``/``endResetModel``) and answer ``data`` through
    ``row_at``, which is ``None`` for an index outside the rows.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    EDITABLE: ClassVar[Mapping[int, str]] = {}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    def replace_rows(self, rows: Iterable[RowT]) -> None:
        """Show ``rows`` instead of the current ones (a model reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RowT]:
        """Every record the model holds, in its order."""
        return list(self._rows)

    def row_at(self, index: Index) -> RowT | None:
        """The record shown at ``index`` (any column), or ``None``."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def versions(self, ids: Iterable[int]) -> dict[int, int]:
        """The version each of these rows was read at (rows that carry ``id`` and ``version``)."""
        wanted = set(ids)
        return {row.id: row.version for row in self._rows if getattr(row, "id", None) in wanted}  # type: ignore[attr-defined]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 - Qt's signature
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base


class AccountRowsModel(RowTableModel[RowT]):
    """A table of one account's records, read again in full by ``reload`` (on every change of the plan)."""

    def __init__(self, context: PlanContext, load: Callable[[DatabaseSession, int], list[RowT]]) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        #: Reads the rows of one account, inside ``reload``'s reset, in a read session.
        self.load = load

    def show_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        if self.account_id is not None:
            with self.context.database.session() as session:
                self._rows = self.arrange(self.load(session, self.account_id))
        self.endResetModel()

    def arrange(self, rows: list[RowT]) -> list[RowT]:
        """The rows as the model holds them (as read, unless a subclass orders them)."""
        return rows


class _Keyed(Protocol):
    @property
    def id(self) -> int: ...


KeyedT = TypeVar("KeyedT", bound=_Keyed)


class KeyedRowsModel(AccountRowsModel[KeyedT]):
    """An account's rows, each with an ``id``, sorted by the model itself and updated row by row.

    The model sorts (``sort``, which a view's sorting proxy hands on to it: see :class:`SourceSortProxy`):
    a proxy would ask ``data`` twice for each comparison, seconds at 20,000 rows. :meth:`update_rows` reads
    some rows again through ``load_some(session, account_id, ids)``: a changed row is redrawn
    (``dataChanged``), a new one inserted where the order puts it, one gone removed; nothing else moves, so
    the selection and the scroll position stay.
    """

    def __init__(
        self,
        context: PlanContext,
        load: Callable[[DatabaseSession, int], list[KeyedT]],
        load_some: Callable[[DatabaseSession, int, Collection[int]], list[KeyedT]],
    ) -> None:
        super().__init__(context, load)
        self.load_some = load_some
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._positions: dict[int, int] = {}

    def sort_key(self, row: KeyedT, column: int) -> Any:
        """What rows are ordered by for ``column`` (-1: the order they are read in; None keeps that order)."""
        return None

    def _key(self, row: KeyedT) -> Any:
        return (self.sort_key(row, self.sort_column), self.sort_key(row, -1))

    def arrange(self, rows: list[KeyedT]) -> list[KeyedT]:
        if rows and self.sort_key(rows[0], self.sort_column) is not None:
            rows = sorted(rows, key=self._key, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        self._positions = {row.id: position for position, row in enumerate(rows)}
        return rows

    def position(self, row_id: int) -> int:
        """The row of the record ``row_id``, or -1."""
        return self._positions.get(row_id, -1)

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
        self._rows = self.arrange(self._rows)
        self.changePersistentIndexList(
            persistent,
            [
                QModelIndex() if kept is None else self.index(self._positions[kept[0]], kept[1])
                for kept in held
            ],
        )
        self.layoutChanged.emit()

    def update_rows(self, ids: Collection[int]) -> None:
        """Read the records ``ids`` again and show them: redrawn, inserted or removed, row by row."""
        if self.account_id is None or not ids:
            return
        with self.context.database.session() as session:
            fresh = self.load_some(session, self.account_id, ids)
        self.put_rows(fresh, set(ids) - {row.id for row in fresh})

    def put_rows(self, fresh: Iterable[KeyedT], gone: Collection[int] = ()) -> None:
        """Show ``fresh`` records (new ones inserted in order, known ones redrawn) and drop those ``gone``."""
        for position in sorted((self._positions[i] for i in gone if i in self._positions), reverse=True):
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position]
            self.endRemoveRows()
        if gone:
            self._positions = {row.id: position for position, row in enumerate(self._rows)}
        last = len(self.COLUMNS) - 1
        for row in fresh:
            known = self._positions.get(row.id)
            if known is not None:
                if self._rows[known] != row:
                    self._rows[known] = row
                    self.dataChanged.emit(self.index(known, 0), self.index(known, last))
                continue
            position = self._insertion_point(row)
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, row)
            for later in range(position, len(self._rows)):
                self._positions[self._rows[later].id] = later
            self.endInsertRows()

    def _insertion_point(self, row: KeyedT) -> int:
        """Where ``row`` goes in the current order (after rows of an equal key): a binary search."""
        if self.sort_key(row, self.sort_column) is None:
            return len(self._rows)
        wanted, ascending = self._key(row), self.sort_order == Qt.SortOrder.AscendingOrder
        low, high = 0, len(self._rows)
        while low < high:
            middle = (low + high) // 2
            key = self._key(self._rows[middle])
            if (key <= wanted) if ascending else (key >= wanted):
                low = middle + 1
            else:
                high = middle
        return low


class SourceSortProxy(QSortFilterProxyModel):
    """A filtering proxy that hands sorting on to its source model (a :class:`KeyedRowsModel`).

    A view's sorting (a click on a header) reaches the source, which orders its rows once in Python; the
    proxy keeps the source's order, so it never compares rows itself.
    """

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source: QAbstractItemModel | None = self.sourceModel()
        if source is not None:
            source.sort(column, order)

"""The table model every list screen shares: a list of row records, named columns, some editable."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy.orm import Session

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

    def __init__(self, context: PlanContext, load: Callable[[Session, int], list[RowT]]) -> None:
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
                self._rows = self.load(session, self.account_id)
        self.endResetModel()

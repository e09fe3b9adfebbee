"""The change log as a Qt table: the account's changes in words, newest first, read a page at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from accountplan.analysis.change_log import (
    PAGE_SIZE,
    ChangeFilter,
    ChangeLine,
    change_page,
    count_changes,
)
from accountplan.analysis.change_words import day_text
from accountplan.ui.common.commands import PlanContext

Index = QModelIndex | QPersistentModelIndex
#: The :class:`ChangeLine` of a row (any column).
LINE_ROLE = Qt.ItemDataRole.UserRole + 10


class ChangeLogModel(QAbstractTableModel):
    """The changes of one account that a :class:`ChangeFilter` lets through, newest first.

    The first page is read on ``reload``; the view asks for the next one (``fetchMore``) as it scrolls to the
    end, so a log of any length opens at once and is never cut.

    Signals:
        counted(int): after each reload, how many changes the filter lets through.
    """

    COLUMNS = ("When", "Who", "What", "Record", "Change")
    counted = Signal(int)

    def __init__(self, context: PlanContext, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.context = context
        self.page_size = page_size
        self.account_id: int | None = None
        self.wanted = ChangeFilter()
        self.total = 0
        self._lines: list[ChangeLine] = []
        self._more = False

    # --- what is shown ------------------------------------------------------------------------------

    def show_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        self.reload()

    def set_filter(self, wanted: ChangeFilter) -> None:
        if wanted != self.wanted:
            self.wanted = wanted
            self.reload(keep_rows=False)

    def reload(self, keep_rows: bool = True) -> None:
        """Read the log again from the newest change (as many rows as were shown, when ``keep_rows``)."""
        wanted_rows = max(self.page_size, len(self._lines) if keep_rows else 0)
        self.beginResetModel()
        self._lines, self._more, self.total = [], False, 0
        if self.account_id is not None:
            with self.context.database.session() as session:
                self._lines = change_page(session, self.account_id, self.wanted, limit=wanted_rows)
                self.total = count_changes(session, self.account_id, self.wanted)
            self._more = len(self._lines) == wanted_rows
        self.endResetModel()
        self.counted.emit(self.total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt's signature
        if parent.isValid() or not self._more or self.account_id is None or not self._lines:
            return
        with self.context.database.session() as session:
            page = change_page(
                session, self.account_id, self.wanted, after=self._lines[-1].position, limit=self.page_size
            )
        self._more = len(page) == self.page_size
        if page:
            first = len(self._lines)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._lines += page
            self.endInsertRows()

    def line_at(self, row: int) -> ChangeLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    # --- Qt's table ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 - Qt's signature
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line_at(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            local = line.at.astimezone()
            when = f"{day_text(local.date())} {local:%H:%M}"
            return (when, line.user or "—", line.what, line.item, line.change)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 4 and line.field:
                return f"{line.field}\nBefore: {line.old}\nAfter: {line.new}"
            if column == 0:
                return line.at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
            return None
        if role == LINE_ROLE:
            return line
        return None

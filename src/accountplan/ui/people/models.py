"""Qt item models over the plan: the account list and the stakeholders table."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from accountplan.model.enums import StakeholderStatus
from accountplan.plan.accounts import AccountRow, list_accounts
from accountplan.plan.stakeholder_table import PersonRow, stakeholder_rows
from accountplan.reports import chart_style
from accountplan.ui.common.commands import PlanContext, UpdateStakeholder
from accountplan.ui.common.table_model import KeyedRowsModel

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The text a row is found by (every column's, in one string).
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 20

#: The stance colours, declared once with the exported chart's (internal: never shown to the customer).
STANCE_COLOURS = {stance: QColor(colour) for stance, colour in chart_style.STANCE_COLOURS.items()}


class AccountListModel(QAbstractListModel):
    """The accounts of the open database, by name: empty until the first ``reload``."""

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self._rows: list[AccountRow] = []

    def reload(self) -> None:
        self.beginResetModel()
        with self.context.database.session() as session:
            self._rows = list_accounts(session)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.industry or 'No industry'} · {row.status_label}\n{row.stakeholders} people, {row.opportunities} deals"
        if role == ID_ROLE:
            return row.id
        return None

    def row_of(self, account_id: int) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == account_id), -1)

    def account_at(self, row: int) -> AccountRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


#: The roles the stakeholders table answers.
_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        SORT_ROLE,
        ID_ROLE,
        SEARCH_ROLE,
    }
)
#: The fields of the stakeholders table's first columns, which sort as text.
_TEXT_FIELDS = ("name", "title", "org_unit", "manager", "roles")


class StakeholderTableModel(KeyedRowsModel[PersonRow]):
    """The stakeholders of one account; name, title, stance and influence are edited in place (undoable).

    The model sorts itself (by name at first) and re-reads only the people a change wrote
    (:meth:`update_people`).
    """

    COLUMNS = ("Name", "Title", "Org unit", "Reports to", "Buying roles", "Stance", "Influence", "Status")
    EDITABLE = {0: "name", 1: "title", 5: "stance", 6: "influence"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context, stakeholder_rows, stakeholder_rows)
        self.sort_column = 0

    def sort_key(self, row: PersonRow, column: int) -> Any:
        if column == 5:
            return -row.stance.score
        if column == 6:
            return row.influence
        if column == 7:
            return row.status.label
        if 0 <= column < len(_TEXT_FIELDS):
            text: str = getattr(row, _TEXT_FIELDS[column])
            return text.casefold()
        return row.id  # equal keys: in the order people were added

    def update_people(self, ids: Collection[int]) -> None:
        """Read these people again, and those who report to them (their "Reports to" names them)."""
        wanted = set(ids)
        wanted |= {row.id for row in self._rows if row.manager_id in wanted}
        self.update_rows(wanted)

    @staticmethod
    def _values(row: PersonRow) -> tuple[Any, ...]:
        return (
            row.name,
            row.title,
            row.org_unit,
            row.manager,
            row.roles,
            row.stance.label,
            row.influence,
            row.status.label,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:  # a painted cell asks for a dozen roles: most have no answer here
            return None
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        departed = row.status is StakeholderStatus.DEPARTED
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and column == 5:
                return row.stance.value
            return self._values(row)[column]
        if role == SORT_ROLE:
            return self.sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == SEARCH_ROLE:  # what the filter looks in: every column at once
            return " ".join(str(value) for value in self._values(row))
        if role == Qt.ItemDataRole.ForegroundRole:
            if departed:
                return QBrush(QColor("#8a8f98"))
            if column == 5:
                return QBrush(STANCE_COLOURS[row.stance])
        if role == Qt.ItemDataRole.ToolTipRole and departed:
            return f"{row.name} has left the company"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        row = self._rows[index.row()]
        field = self.EDITABLE[index.column()]
        if str(self.data(index, Qt.ItemDataRole.EditRole)) == str(value):
            return False
        assert self.account_id is not None
        command = UpdateStakeholder(self.context, self.account_id, row.id, row.name, **{field: value})
        return self.context.execute(command.saw_row("stakeholders", row))

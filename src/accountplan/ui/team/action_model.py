"""The actions as an item model (overdue first), the filter over it, and the board's column proxies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from accountplan.model.enums import ActionStatus
from accountplan.plan.actions import ActionRow, action_order, list_actions
from accountplan.plan.team import list_team
from accountplan.store.database import DatabaseSession
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import CHOICES_ROLE
from accountplan.ui.common.table_model import KeyedRowsModel, SourceSortProxy
from accountplan.ui.people.models import ID_ROLE, SORT_ROLE
from accountplan.ui.team.action_commands import UpdateActions

Index = QModelIndex | QPersistentModelIndex
OWNER_ROLE = Qt.ItemDataRole.UserRole + 10
STATUS_ROLE = Qt.ItemDataRole.UserRole + 11
#: The kinds of things an action is for, space-separated ("stakeholder decision").
KIND_ROLE = Qt.ItemDataRole.UserRole + 12
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 13
CARD_ROLE = Qt.ItemDataRole.UserRole + 14
#: Owner filter values besides a co-seller id.
ANY_OWNER, NO_OWNER = -2, -1
#: Status filter value for "open or in progress".
NOT_CLOSED = "not_closed"
OVERDUE_COLOUR, DONE_COLOUR = QColor("#b3261e"), QColor("#5f6670")
_OVERDUE, _DONE = QBrush(OVERDUE_COLOUR), QBrush(DONE_COLOUR)
PURPOSE_KINDS = (
    ("stakeholder", "Stakeholder"),
    ("opportunity", "Opportunity"),
    ("red_flag", "Red flag"),
    ("decision", "Meeting decision"),
)


def due_text(row: ActionRow) -> str:
    if row.due is None:
        return ""
    if row.overdue:
        return f"{row.due.isoformat()} ({row.days_overdue} d late)"
    return row.due.isoformat()


def status_text(row: ActionRow) -> str:
    status = ActionStatus(row.status)
    if status is ActionStatus.DONE and row.done_on is not None:
        return f"Done {row.done_on.isoformat()}"
    return status.label


class ActionTableModel(KeyedRowsModel[ActionRow]):
    """The account's actions; title, owner, due date and status are edited in place (undoable).

    The model sorts itself (at first in the list's own order, overdue first) and re-reads only the actions
    a change wrote (``update_rows``).
    """

    COLUMNS = ("Title", "Owner", "Due", "Status", "For")
    EDITABLE = {0: "title", 1: "owner_id", 2: "due", 3: "status"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context, self._load, self._load_some)
        self.today = dt.date.today()
        #: The active team, (id, name) by name: who can own an action.
        self.owners: list[tuple[int, str]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def reload(self) -> None:
        self.today = dt.date.today()
        self.owners = []
        super().reload()

    def _load(self, session: DatabaseSession, account_id: int) -> list[ActionRow]:
        self.owners = [(m.co_seller_id, m.name) for m in list_team(session, account_id) if m.active]
        return list_actions(session, account_id, self.today)

    def _load_some(self, session: DatabaseSession, account_id: int, ids: Collection[int]) -> list[ActionRow]:
        return list_actions(session, account_id, self.today, ids)

    def sort_key(self, row: ActionRow, column: int) -> Any:
        if 0 <= column < len(self.COLUMNS):
            return self._custom(row, column, SORT_ROLE)
        return action_order(row)

    def linked_to(self, column: str, ids: Collection[int]) -> set[int]:
        """The actions whose link ``column`` ("stakeholder_id", …) is one of ``ids``: they name them."""
        wanted = set(ids)
        return {row.id for row in self._rows if getattr(row, column) in wanted}

    def rows(self) -> list[ActionRow]:
        return list(self._rows)

    def action(self, row: int) -> ActionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        status = ActionStatus(row.status)
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.owner or "—", due_text(row), status_text(row), row.purpose)[column]
        if role == Qt.ItemDataRole.EditRole:
            if column == 1:
                return row.owner_id
            if column == 2:
                day = row.due or self.today
                return QDate(day.year, day.month, day.day)
            if column == 3:
                return status.value
            return self.data(index)
        if role == CHOICES_ROLE:
            if column == 1:
                return [("Nobody yet", None), *((name, cid) for cid, name in self.owners)]
            if column == 3:
                return [(s.label, s.value) for s in ActionStatus]
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and column in (0, 2):
                return _OVERDUE
            if status.is_closed:
                return _DONE
            return None
        if role == Qt.ItemDataRole.FontRole and row.overdue and column == 2:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and row.description:
            return row.description
        return self._custom(row, column, role)

    def _custom(self, row: ActionRow, column: int, role: int) -> Any:
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            if column == 2:
                return row.due.isoformat() if row.due else "9999"
            return (row.title.casefold(), row.owner.casefold() or "~", "", str(row.status), row.purpose)[
                column
            ]
        if role == OWNER_ROLE:
            return row.owner_id if row.owner_id is not None else NO_OWNER
        if role == STATUS_ROLE:
            return str(ActionStatus(row.status).value)
        if role == KIND_ROLE:  # every kind of thing the action is for, not only the one shown
            links = (
                ("stakeholder", row.stakeholder_id),
                ("opportunity", row.opportunity_id),
                ("red_flag", row.red_flag_id),
                ("decision", row.decision_id),
            )
            return " ".join(kind for kind, linked in links if linked is not None)
        if role == OVERDUE_ROLE:
            return row.overdue
        if role == CARD_ROLE:
            details = [row.owner or "Nobody yet"]
            if row.due is not None:
                details.append(f"due {due_text(row)}")
            card = f"{row.title}\n{' · '.join(details)}"
            return f"{card}\n{row.purpose}" if row.purpose else card
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        row = self._rows[index.row()]
        if isinstance(value, QDate):
            value = dt.date(value.year(), value.month(), value.day())
            if value == row.due:
                return False
        elif str(self.data(index, Qt.ItemDataRole.EditRole)) == str(value):
            return False
        assert self.account_id is not None
        field = self.EDITABLE[index.column()]
        text = f"change the {field.replace('_id', '').replace('_', ' ')} of {row.title}"
        command = UpdateActions(self.context, self.account_id, [row.id], text, **{field: value})
        return self.context.execute(command.saw_row("actions", row))


class ActionFilterProxy(SourceSortProxy):
    """Narrows the actions by owner, status, purpose kind, overdue only and free text (the model sorts)."""

    def __init__(self) -> None:
        super().__init__()
        self.owner = ANY_OWNER
        self.status: str | None = NOT_CLOSED
        self.kind: str | None = None
        self.overdue_only = False
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def criteria(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "status": self.status,
            "kind": self.kind,
            "overdue_only": self.overdue_only,
            "text": self.text,
        }

    def set_filter(self, **criteria: Any) -> None:
        unknown = set(criteria) - set(self.criteria())
        if unknown:
            raise AttributeError(", ".join(sorted(unknown)))
        self.beginFilterChange()
        for name, value in criteria.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self.owner != ANY_OWNER and index.data(OWNER_ROLE) != self.owner:
            return False
        status = index.data(STATUS_ROLE)
        if self.status == NOT_CLOSED:
            if ActionStatus(status).is_closed:
                return False
        elif self.status is not None and status != self.status:
            return False
        if self.kind is not None:
            kinds = str(index.data(KIND_ROLE)).split()
            if (self.kind not in kinds) if self.kind else kinds:
                return False
        if self.overdue_only and not index.data(OVERDUE_ROLE):
            return False
        if self.text:
            wanted = self.text.casefold()
            return wanted in str(index.data(CARD_ROLE)).casefold()
        return True

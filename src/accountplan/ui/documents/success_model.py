"""The table model of one list of the success plan (objectives, milestones or responsibilities)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from accountplan.model.enums import MilestoneStatus, SuccessPhase
from accountplan.plan.success import ITEM_FIELDS, SuccessItem, SuccessPlanView
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import CHOICES_ROLE
from accountplan.ui.common.table_model import RowTableModel
from accountplan.ui.documents.success_commands import UpdateSuccessItem
from accountplan.ui.people.models import ID_ROLE

Index = QModelIndex | QPersistentModelIndex

#: The column headings of each list, in the order of ``plan.success.ITEM_FIELDS``.
HEADINGS: dict[str, tuple[str, ...]] = {
    "objective": ("Objective (metric)", "Today", "Target", "By"),
    "milestone": ("Milestone", "Phase", "When", "Their owner", "Our owner", "Status"),
    "responsibility": ("Responsibility", "Their owner", "Our owner", "By"),
}


class SuccessItemsModel(RowTableModel[SuccessItem]):
    """One kind of success-plan item; every cell is edited in place through an undoable command."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: PlanContext, kind: str) -> None:
        super().__init__()
        self.context, self.kind = context, kind
        self.fields = ITEM_FIELDS[kind]
        self.COLUMNS = HEADINGS[kind]  # type: ignore[misc]  # per instance: one model class, three lists
        self.EDITABLE = dict(enumerate(self.fields))  # type: ignore[misc]
        self.account_id: int | None = None
        self._people: dict[str, dict[int, str]] = {"customer_owner_id": {}, "our_owner_id": {}}

    def show(self, account_id: int | None, view: SuccessPlanView | None) -> None:
        self.beginResetModel()
        self.account_id = account_id
        self._rows = list(view.items[self.kind]) if view is not None else []
        if view is not None:
            self._people = {
                "customer_owner_id": dict(view.customer_people),
                "our_owner_id": dict(view.our_people),
            }
        self.endResetModel()

    def item_at(self, row: int) -> SuccessItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int:
        return next((i for i, item in enumerate(self._rows) if item.id == item_id), -1)

    def _shown(self, field: str, value: Any) -> str:
        if value is None:
            return "—" if field != self.fields[0] else ""
        if field in self._people:
            return self._people[field].get(value, "(no longer on the plan's side)")
        if isinstance(value, enum.Enum):
            return str(getattr(value, "label", value.value))
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index)
        if item is None:
            return None
        field = self.fields[index.column()]
        value = item.values[field]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(field, value)
        if role == Qt.ItemDataRole.EditRole:
            if isinstance(value, enum.Enum):
                return value.value
            if isinstance(value, dt.date):
                return value.isoformat()
            return value if value is not None else ""
        if role == CHOICES_ROLE:
            return self._choices(field)
        if role == Qt.ItemDataRole.ToolTipRole and field == "due":
            return "A date as YYYY-MM-DD; leave empty for none."
        if role == ID_ROLE:
            return item.id
        return None

    def _choices(self, field: str) -> list[tuple[str, Any]] | None:
        if field in self._people:
            return [("Nobody yet", None), *((name, pid) for pid, name in self._people[field].items())]
        if field == "phase":
            return [(phase.label, phase.value) for phase in SuccessPhase]
        if field == "status":
            return [(status.label, status.value) for status in MilestoneStatus]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        item = self.row_at(index)
        if item is None or role != Qt.ItemDataRole.EditRole or self.account_id is None:
            return False
        field = self.fields[index.column()]
        if isinstance(value, str):
            value = value.strip()
        command = UpdateSuccessItem(self.context, self.account_id, self.kind, item.id, **{field: value})
        return self.context.execute(command)

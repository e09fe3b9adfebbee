"""The steps of one decision process as a table: name, kind, owner, due date and status edited in place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from accountplan.analysis.decision_path import DecisionGraph, PathAnalysis, StepNode
from accountplan.model.enums import DecisionStepKind, StepStatus
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import CHOICES_ROLE
from accountplan.ui.common.table_model import RowTableModel
from accountplan.ui.common.theme import ON_TINT
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.pursuit.decision_scene import CRITICAL_COLOUR, STATUS_COLOURS, owner_text
from accountplan.ui.pursuit.pursuit_commands import UpdateStep
from accountplan.ui.team.team_dialogs import to_date, to_qdate

Index = QModelIndex | QPersistentModelIndex
_LATE = QBrush(QColor("#b3261e"))
_CRITICAL = QBrush(QColor(CRITICAL_COLOUR).lighter(175))


class StepTableModel(RowTableModel[StepNode]):
    """The steps of the deal shown (by column of the drawing, then due date); each edit is an undoable command."""

    COLUMNS = ("Step", "Kind", "Owner", "Due", "Status", "Depends on", "Projected finish")
    EDITABLE = {0: "name", 1: "kind", 2: "owner_id", 3: "due", 4: "status"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        #: The people who can own a step: (stakeholder id, name), by name.
        self.owners: list[tuple[int, str]] = []
        self.prerequisites: dict[int, list[int]] = {}
        self.graph: DecisionGraph | None = None
        self.analysis: PathAnalysis | None = None
        self.today = dt.date.today()
        self._bold = QFont()
        self._bold.setBold(True)

    def show_steps(
        self,
        account_id: int | None,
        graph: DecisionGraph | None,
        columns: dict[int, int],
        analysis: PathAnalysis | None,
        owners: list[tuple[int, str]],
    ) -> None:
        self.beginResetModel()
        self.account_id, self.graph, self.analysis, self.owners = account_id, graph, analysis, owners
        self.today = dt.date.today()
        self.prerequisites = {}
        self._rows = []
        if graph is not None:
            for before, after in graph.edges:
                self.prerequisites.setdefault(after, []).append(before)
            self._rows = sorted(
                graph.steps.values(), key=lambda s: (columns.get(s.id, 0), s.due or dt.date.max, s.id)
            )
        self.endResetModel()

    def steps(self) -> list[StepNode]:
        return list(self._rows)

    def row_of(self, step_id: int) -> int:
        return next((i for i, step in enumerate(self._rows) if step.id == step_id), -1)

    def _depends_on(self, step: StepNode) -> str:
        assert self.graph is not None
        names = [
            self.graph.steps[p].name for p in self.prerequisites.get(step.id, []) if p in self.graph.steps
        ]
        return "; ".join(sorted(names, key=str.casefold))

    def _projected(self, step: StepNode) -> str:
        finish = self.analysis.projected_finish.get(step.id) if self.analysis else None
        return finish.isoformat() if finish else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        step = self.row_at(index)
        if step is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                step.name,
                step.kind.label,
                owner_text(step),
                step.due.isoformat() if step.due else "",
                step.status.label,
                self._depends_on(step),
                self._projected(step),
            )[column]
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(step, column)
        if role == CHOICES_ROLE:
            if column == 1:
                return [(kind.label, kind.value) for kind in DecisionStepKind]
            if column == 2:
                return [("No owner", None), *((name, person_id) for person_id, name in self.owners)]
            if column == 4:
                return [(status.label, status.value) for status in StepStatus]
            return None
        if role == ID_ROLE:
            return step.id
        return self._look(step, column, role)

    def _edit_value(self, step: StepNode, column: int) -> Any:
        if column == 1:
            return step.kind.value
        if column == 2:
            return step.owner_id
        if column == 3:
            return to_qdate(step.due or self.today)
        if column == 4:
            return step.status.value
        return step.name if column == 0 else None

    def _look(self, step: StepNode, column: int, role: int) -> Any:
        analysis = self.analysis
        if analysis is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 3 and step.id in analysis.overdue:
                return _LATE
            if column == 2 and step.id in analysis.ownerless:
                return QBrush(QColor("#b26a00"))
            if column == 4:
                return QBrush(QColor(STATUS_COLOURS[step.status]))
            if column == 0 and step.id in analysis.critical:
                return ON_TINT
        if role == Qt.ItemDataRole.BackgroundRole and column == 0 and step.id in analysis.critical:
            return _CRITICAL
        if role == Qt.ItemDataRole.FontRole and column == 0 and step.id in analysis.critical:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            on_path = "On the critical path. " if step.id in analysis.critical else ""
            return f"{on_path}{step.notes}".strip() or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        step = self.row_at(index)
        if role != Qt.ItemDataRole.EditRole or step is None or index.column() not in self.EDITABLE:
            return False
        if isinstance(value, QDate):
            value = to_date(value)
            if value == step.due:
                return False
        elif isinstance(value, str) and index.column() == 0:
            value = value.strip()
            if value == step.name:
                return False
        elif value == self._edit_value(step, index.column()):
            return False
        assert self.account_id is not None
        field = self.EDITABLE[index.column()]
        return self.context.execute(
            UpdateStep(self.context, self.account_id, step.id, step.name, **{field: value})
        )

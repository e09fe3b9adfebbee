"""Qt item models over the plan: the account list and the stakeholders table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from accountplan.model import OrgUnit, Stakeholder, StakeholderRole
from accountplan.model.enums import BuyingRole, StakeholderStatus, Stance
from accountplan.plan.accounts import AccountRow, list_accounts
from accountplan.reports import chart_style
from accountplan.ui.common.commands import PlanContext, UpdateStakeholder
from accountplan.ui.common.table_model import AccountRowsModel

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

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


@dataclass
class PersonRow:
    id: int
    name: str
    title: str
    org_unit: str
    manager: str
    roles: str
    stance: Stance
    influence: int
    status: StakeholderStatus
    #: The version the row was read at: an edit is refused if someone saved the person since.
    version: int = 0


class StakeholderTableModel(AccountRowsModel[PersonRow]):
    """The stakeholders of one account; name, title, stance and influence are edited in place (undoable)."""

    COLUMNS = ("Name", "Title", "Org unit", "Reports to", "Buying roles", "Stance", "Influence", "Status")
    EDITABLE = {0: "name", 1: "title", 5: "stance", 6: "influence"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context, self._load)

    @staticmethod
    def _load(session: Session, account_id: int) -> list[PersonRow]:
        manager = aliased(Stakeholder)
        query = (
            select(
                Stakeholder.id,
                Stakeholder.name,
                Stakeholder.title,
                OrgUnit.name,
                manager.name,
                Stakeholder.stance,
                Stakeholder.influence,
                Stakeholder.status,
                Stakeholder.version,
            )
            .outerjoin(OrgUnit, OrgUnit.id == Stakeholder.org_unit_id)
            .outerjoin(manager, manager.id == Stakeholder.reports_to_id)
            .where(Stakeholder.account_id == account_id)
            .order_by(Stakeholder.name)
        )
        people = session.execute(query).all()
        roles: dict[int, list[str]] = {}
        for person_id, role in session.execute(
            select(StakeholderRole.stakeholder_id, StakeholderRole.role).where(
                StakeholderRole.account_id == account_id
            )
        ):
            roles.setdefault(person_id, []).append(BuyingRole(role).label)
        return [
            PersonRow(
                pid,
                name,
                title,
                unit or "",
                boss or "",
                ", ".join(sorted(roles.get(pid, []))),
                stance,
                infl,
                status,
                version,
            )
            for pid, name, title, unit, boss, stance, infl, status, version in people
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        departed = row.status is StakeholderStatus.DEPARTED
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            values = (
                row.name,
                row.title,
                row.org_unit,
                row.manager,
                row.roles,
                row.stance.label,
                row.influence,
                row.status.label,
            )
            if role == Qt.ItemDataRole.EditRole and column == 5:
                return row.stance.value
            return values[column]
        if role == SORT_ROLE:
            return {5: -row.stance.score, 6: row.influence}.get(column, self.data(index))
        if role == ID_ROLE:
            return row.id
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

"""The table models of a deal's negotiation plan: the gives and gets, the negotiators, the approvals.

Each shows one list of :class:`~accountplan.plan.negotiation.NegotiationView`; every cell is edited in place
(a combo box where the model offers choices) through an undoable command.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from accountplan.model.enums import ApprovalStatus, NegotiatorKind, TermSide, TermStatus
from accountplan.plan.negotiation import WAITING, ApprovalRow, NegotiationView, NegotiatorRow, TermRow
from accountplan.ui.common.commands import PlanCommand, PlanContext
from accountplan.ui.common.delegates import CHOICES_ROLE
from accountplan.ui.common.table_model import RowTableModel
from accountplan.ui.common.theme import severity_colour
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.pursuit.negotiation_commands import UpdateApproval, UpdateNegotiator, UpdateTerm

Index = QModelIndex | QPersistentModelIndex
_ALARM = QBrush(severity_colour("high"))
_DONE = QBrush(QColor("#5f6670"))


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value, ",.0f" if value == value.to_integral_value() else ",.2f")


class _NegotiationModel(RowTableModel[Any]):
    """One list of the plan: ``FIELDS`` are its columns' fields, edited through ``update``."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    #: Fields whose value is one of the lists of people (the key of ``_people``).
    PEOPLE: ClassVar[dict[str, str]] = {}

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.EDITABLE = dict(enumerate(self.FIELDS))  # type: ignore[misc]
        self.account_id: int | None = None
        self.view: NegotiationView | None = None

    def rows_of(self, view: NegotiationView) -> tuple[Any, ...]:
        raise NotImplementedError

    def show(self, account_id: int | None, view: NegotiationView | None) -> None:
        """Show the list of ``view``: the same rows in the same order are redrawn, not reset.

        A cell edited in place changes its row only: a redraw leaves the editor, the selection and the
        scroll position alone (a reset would close the editor while it commits).
        """
        rows = list(self.rows_of(view)) if view is not None else []
        same = (
            view is not None
            and self.view is not None
            and view.opportunity_id == self.view.opportunity_id
            and [row.id for row in rows] == [row.id for row in self._rows]
        )
        if same and rows:
            self.account_id, self.view, self._rows = account_id, view, rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.COLUMNS) - 1))
            return
        self.beginResetModel()
        self.account_id, self.view = account_id, view
        self._rows = rows
        self.endResetModel()

    def item_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int:
        return next((i for i, item in enumerate(self._rows) if item.id == item_id), -1)

    def label(self, item: Any) -> str:
        """What the Edit menu calls the row."""
        raise NotImplementedError

    def update(self, item: Any, field: str, value: Any) -> PlanCommand[Any]:
        raise NotImplementedError

    def people(self, field: str) -> dict[int, str]:
        """The people a field may name, by id (their person, or one of ours)."""
        if self.view is None:
            return {}
        return dict(self.view.customer_people if self.PEOPLE[field] == "customer" else self.view.our_people)

    def shown(self, item: Any, field: str) -> str:
        value = getattr(item, field)
        if field in self.PEOPLE:
            if value is None:
                return "Nobody yet" if self.PEOPLE[field] == "ours" else "Not known yet"
            return self.people(field).get(value) or self.name_of(item, field)
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return _amount(value)
        if isinstance(value, enum.Enum):
            return str(getattr(value, "label", value.value))
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def name_of(self, item: Any, field: str) -> str:
        """The name of a person no longer among the choices (departed, left the team)."""
        return ""

    def choices(self, field: str) -> list[tuple[str, Any]] | None:
        if field in self.PEOPLE:
            empty = "Nobody yet" if self.PEOPLE[field] == "ours" else "Not known yet"
            return [(empty, None), *((name, pid) for pid, name in self.people(field).items())]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index)
        if item is None:
            return None
        field = self.FIELDS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(item, field)
        if role == Qt.ItemDataRole.EditRole:
            value = getattr(item, field)
            if isinstance(value, enum.Enum):
                return value.value
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, Decimal):
                return _amount(value)
            return value if value is not None else ("" if field not in self.PEOPLE else None)
        if role == CHOICES_ROLE:
            return self.choices(field)
        if role == ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(item, field)
        return self.decorate(item, field, role)

    def decorate(self, item: Any, field: str, role: int) -> Any:
        """What else a cell says (a colour, a tip)."""
        return None

    def tip(self, item: Any, field: str) -> str | None:
        """A cell's tooltip: what ``decorate`` says, else a long text whole (the cell may cut it)."""
        said = self.decorate(item, field, Qt.ItemDataRole.ToolTipRole)
        if said:
            return str(said)
        text = self.shown(item, field)
        return text if len(text) > 24 else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        item = self.row_at(index)
        if item is None or role != Qt.ItemDataRole.EditRole or self.account_id is None:
            return False
        field = self.FIELDS[index.column()]
        if isinstance(value, str):
            value = value.strip()
        if value == self.data(index, Qt.ItemDataRole.EditRole):
            return False
        return self.context.execute(self.update(item, field, value))


class TermsModel(_NegotiationModel):
    """The gives and gets of the deal, in the team's order."""

    COLUMNS = ("Give / get", "What", "Worth to them", "Cost to us", "Status")
    FIELDS = ("side", "text", "customer_value", "our_cost", "status")

    def rows_of(self, view: NegotiationView) -> tuple[TermRow, ...]:
        return view.terms

    def label(self, item: TermRow) -> str:
        return item.text

    def update(self, item: TermRow, field: str, value: Any) -> PlanCommand[Any]:
        assert self.account_id is not None
        return UpdateTerm(self.context, self.account_id, item.id, item.text, **{field: value}).saw(
            "negotiation_terms", item.id, item.version
        )

    def choices(self, field: str) -> list[tuple[str, Any]] | None:
        if field == "side":
            return [("Give", TermSide.GIVE.value), ("Get", TermSide.GET.value)]
        if field == "status":
            return [(status.label, status.value) for status in TermStatus]
        return None

    def decorate(self, item: TermRow, field: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                "side": "Give: what we concede. Get: what we ask for in return.",
                "customer_value": "What it is worth to the customer",
                "our_cost": f"What it costs us, in {self.view.currency if self.view else 'the deal currency'}",
            }.get(field)
        if role == Qt.ItemDataRole.ForegroundRole and item.status is TermStatus.DROPPED:
            return _DONE
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "our_cost":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class NegotiatorsModel(_NegotiationModel):
    """The layers of the customer's negotiators and who of ours covers each."""

    COLUMNS = ("Layer", "Their person", "Covered by (ours)", "Notes")
    FIELDS = ("kind", "stakeholder_id", "covered_by_id", "notes")
    PEOPLE: ClassVar[dict[str, str]] = {"stakeholder_id": "customer", "covered_by_id": "ours"}

    def rows_of(self, view: NegotiationView) -> tuple[NegotiatorRow, ...]:
        return view.negotiators

    def label(self, item: NegotiatorRow) -> str:
        return item.kind.label

    def update(self, item: NegotiatorRow, field: str, value: Any) -> PlanCommand[Any]:
        assert self.account_id is not None
        return UpdateNegotiator(
            self.context, self.account_id, item.id, item.kind.label, **{field: value}
        ).saw("negotiators", item.id, item.version)

    def name_of(self, item: NegotiatorRow, field: str) -> str:
        if field == "stakeholder_id":
            return f"{item.stakeholder} (left)" if item.departed else item.stakeholder
        return f"{item.covered_by} (left the team)" if item.coverer_left else item.covered_by

    def choices(self, field: str) -> list[tuple[str, Any]] | None:
        if field == "kind":
            return [(kind.label, kind.value) for kind in NegotiatorKind]
        return super().choices(field)

    def decorate(self, item: NegotiatorRow, field: str, role: int) -> Any:
        uncovered = item.covered_by_id is None or item.coverer_left
        if field == "covered_by_id" and uncovered:
            if role == Qt.ItemDataRole.ForegroundRole:
                return _ALARM
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Nobody of ours covers this layer: pick who will"
        if field == "stakeholder_id" and item.departed and role == Qt.ItemDataRole.ForegroundRole:
            return _ALARM
        return None


class ApprovalsModel(_NegotiationModel):
    """The approvals our executives must give for non-standard terms; overdue ones in red."""

    COLUMNS = ("Non-standard term", "Approver", "Owner (ours)", "Status", "Due")
    FIELDS = ("what", "approver", "owner_id", "status", "due")
    PEOPLE: ClassVar[dict[str, str]] = {"owner_id": "ours"}

    def rows_of(self, view: NegotiationView) -> tuple[ApprovalRow, ...]:
        return view.approvals

    def label(self, item: ApprovalRow) -> str:
        return item.what

    def update(self, item: ApprovalRow, field: str, value: Any) -> PlanCommand[Any]:
        assert self.account_id is not None
        return UpdateApproval(self.context, self.account_id, item.id, item.what, **{field: value}).saw(
            "deal_approvals", item.id, item.version
        )

    def name_of(self, item: ApprovalRow, field: str) -> str:
        return item.owner

    def shown(self, item: ApprovalRow, field: str) -> str:
        text = super().shown(item, field)
        if field == "due" and item.overdue:
            return f"{text} (overdue)"
        return text

    def choices(self, field: str) -> list[tuple[str, Any]] | None:
        if field == "status":
            return [(status.label, status.value) for status in ApprovalStatus]
        return super().choices(field)

    def decorate(self, item: ApprovalRow, field: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue and field in ("due", "status"):
                return _ALARM
            if item.status is ApprovalStatus.REFUSED and field == "status":
                return _ALARM
            if field == "owner_id" and item.owner_id is None and item.status in WAITING:
                return _ALARM
        if role == Qt.ItemDataRole.ToolTipRole:
            if field == "due":
                return "Overdue: still waiting after its due date" if item.overdue else "A date as YYYY-MM-DD"
            if field == "approver":
                return "Which of our executives approves it"
        return None

"""The account's deals as a table: amount, close, both stages, how long in ours, and a warning marker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from accountplan.analysis.stages import StageWarning
from accountplan.model.enums import Outcome, Severity
from accountplan.plan.opportunities import OpportunityRow, list_opportunities
from accountplan.store.database import DatabaseSession
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.pages import money_text
from accountplan.ui.common.table_model import AccountRowsModel
from accountplan.ui.common.theme import severity_colour
from accountplan.ui.people.models import ID_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
CLOSED_COLOUR = QColor("#5f6670")
OUTCOME_COLOURS = {Outcome.WON: "#1b8a3a", Outcome.LOST: "#b3261e", Outcome.NO_DECISION: "#5f6670"}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


def worst(warnings: tuple[StageWarning, ...]) -> StageWarning | None:
    """The most severe warning (the first of equals), or None."""
    return max(warnings, key=lambda w: _SEVERITY_RANK[Severity(w.severity)], default=None)


def amount_text(row: OpportunityRow) -> str:
    return money_text(row.amount, row.currency) if row.amount is not None else "—"


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def stage_text(row: OpportunityRow) -> str:
    """Our stage, or the outcome of a closed deal ("Closed: won")."""
    if row.outcome is not None:
        return f"Closed: {Outcome(row.outcome).label.lower()}"
    return row.sales_stage.label


class OpportunityTableModel(AccountRowsModel[OpportunityRow]):
    """The account's deals, open ones first; edited in the editor beside the table, not in place."""

    COLUMNS = (
        "Opportunity",
        "Type",
        "Amount",
        "Expected close",
        "Probability",
        "Our stage",
        "Customer's stage",
        "In our stage",
        "Warnings",
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context, self._load)
        self.today = dt.date.today()
        self._bold = QFont()
        self._bold.setBold(True)

    def _load(self, session: DatabaseSession, account_id: int) -> list[OpportunityRow]:
        self.today = dt.date.today()
        return list_opportunities(session, account_id, self.today)

    def rows(self) -> list[OpportunityRow]:
        return list(self._rows)

    def row_of(self, opportunity_id: int) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == opportunity_id), -1)

    def days_in_stage(self, row: OpportunityRow) -> int | None:
        if row.outcome is not None or row.sales_since is None:
            return None
        return max((self.today - row.sales_since).days, 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 4, 7):
            return _RIGHT
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 8:
            return _CENTRED
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.FontRole and (column == 8 or (column == 0 and row.outcome is None)):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 8 and row.warnings:
                return "\n".join(f"{w.severity.label}: {w.text}" for w in row.warnings)
            if column == 0 and row.compelling_event:
                return f"Compelling event: {row.compelling_event}"
        return None

    def _display(self, row: OpportunityRow, column: int) -> str:
        days = self.days_in_stage(row)
        if column == 0:
            return row.name
        if column == 1:
            return row.type.label
        if column == 2:
            return amount_text(row)
        if column == 3:
            return row.expected_close.isoformat() if row.expected_close else "—"
        if column == 4:
            return f"{row.probability} %"
        if column == 5:
            return stage_text(row)
        if column == 6:
            return row.buying_stage.label
        if column == 7:
            return days_text(days) if days is not None else ""
        count = len(row.warnings)
        return f"⚠ {count}" if count else ""

    def _colour(self, row: OpportunityRow, column: int) -> QBrush | None:
        if column == 8 and row.warnings:
            found = worst(row.warnings)
            return QBrush(severity_colour(found.severity)) if found else None
        if column == 5 and row.outcome is not None:
            return QBrush(QColor(OUTCOME_COLOURS[Outcome(row.outcome)]))
        if row.outcome is not None:
            return QBrush(CLOSED_COLOUR)
        return None

    def _sort_key(self, row: OpportunityRow, column: int) -> Any:
        if column == 2:
            return float(row.amount) if row.amount is not None else -1.0
        if column == 3:
            return row.expected_close.isoformat() if row.expected_close else "9999"
        if column == 4:
            return row.probability
        if column == 5:
            return row.sales_stage.order
        if column == 6:
            return row.buying_stage.order
        if column == 7:
            return self.days_in_stage(row) or -1
        if column == 8:
            found = worst(row.warnings)
            return _SEVERITY_RANK[Severity(found.severity)] if found else -1
        return self._display(row, column).casefold()

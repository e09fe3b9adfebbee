"""The portfolio as a Qt table model: a line per account, sorted and filtered by a proxy, dragged by its cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

from accountplan.analysis.portfolio import OPEN_CATEGORIES
from accountplan.model.enums import AccountStatus
from accountplan.plan.account_fit import FIT_CRITERIA
from accountplan.plan.portfolio import PortfolioRow
from accountplan.ui.common.pages import money_text
from accountplan.ui.common.table_model import RowTableModel
from accountplan.ui.common.theme import severity_colour
from accountplan.ui.people.models import ID_ROLE, SEARCH_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
#: The account's status (its value): what a board column shows.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 30
#: A card's lines: name, then the money and fit, then the meeting and what is overdue.
CARD_ROLE = Qt.ItemDataRole.UserRole + 31
#: A card's line that needs attention (overdue actions, decisive people uncovered), if any.
ALARM_ROLE = Qt.ItemDataRole.UserRole + 32
#: What a dragged account carries: its id, as text.
ACCOUNT_MIME = "application/x-accountplan-account"
#: Every status, as a filter says it: the any-status choice and the groups, then each status.
ANY_STATUS = ""
NOT_AVOIDED = "not-avoided"
ALARM = QBrush(severity_colour("high"))
(ACCOUNT, STATUS, PIPELINE, BEST_CASE, COMMIT, NEXT_MEETING, OVERDUE, UNCOVERED, LAST_UPDATE, FIT) = range(10)
#: What each column's header says when the mouse rests on it.
HEADER_TIPS = {
    PIPELINE: "Open deals in the Pipeline forecast category, in the account's currency",
    BEST_CASE: "Open deals in the Best case forecast category, in the account's currency",
    COMMIT: "Open deals in the Commit forecast category, in the account's currency",
    NEXT_MEETING: "The next planned alignment meeting",
    OVERDUE: "Actions due before today and not done",
    UNCOVERED: "Decisive people (economic buyer, decision makers, influence 4 or 5) nobody on the team "
    "covers at working strength or better",
    LAST_UPDATE: "When the account's plan last changed (its change log)",
    FIT: f"Ideal-account criteria met, of {FIT_CRITERIA}",
}


def day_text(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "—"


def _amount(row: PortfolioRow, column: int) -> Decimal:
    return row.pipeline[OPEN_CATEGORIES[column - PIPELINE]]


def card_lines(row: PortfolioRow) -> list[str]:
    """What a card says: its name; the open pipeline and the fit; the next meeting and what is overdue."""
    money = f"{money_text(row.open_pipeline, row.currency)} open" if row.open_pipeline else "No open deals"
    meeting = f"Meets {row.next_meeting.isoformat()}" if row.next_meeting else "No meeting planned"
    return [row.name, f"{money} · fit {row.fit_score}/{FIT_CRITERIA}", meeting]


def alarm_line(row: PortfolioRow) -> str:
    parts = []
    if row.overdue_actions:
        parts.append(f"{row.overdue_actions} overdue")
    if row.uncovered_decisive:
        parts.append(f"{len(row.uncovered_decisive)} decisive uncovered")
    if row.unconverted:
        parts.append(f"{len(row.unconverted)} deal{'s' if len(row.unconverted) > 1 else ''} not converted")
    return " · ".join(parts)


class PortfolioModel(RowTableModel[PortfolioRow]):
    """Every account of the portfolio, one row each, read-only; a row can be dragged onto a board column."""

    COLUMNS = (
        "Account",
        "Status",
        "Pipeline",
        "Best case",
        "Commit",
        "Meeting",
        "Overdue",
        "Uncovered",
        "Updated",
        "Fit",
    )

    def row_of(self, account_id: int) -> int:
        """The row of the account ``account_id``, or -1."""
        return next((i for i, row in enumerate(self._rows) if row.id == account_id), -1)

    def headerData(  # noqa: N802 - Qt's signature
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [ACCOUNT_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt's name
        ids = sorted({int(index.data(ID_ROLE)) for index in indexes if index.isValid()})
        data = QMimeData()
        data.setData(ACCOUNT_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status.value
        if role == CARD_ROLE:
            return "\n".join(card_lines(row))
        if role == ALARM_ROLE:
            return alarm_line(row)
        if role == SEARCH_ROLE:
            return f"{row.name}\n{row.seller}\n{row.status.label}".casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            alarmed = (column == OVERDUE and row.overdue_actions) or (
                column == UNCOVERED and row.uncovered_decisive
            )
            return ALARM if alarmed else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= PIPELINE:
            right = column in (PIPELINE, BEST_CASE, COMMIT, OVERDUE, UNCOVERED)
            horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: PortfolioRow, column: int) -> str:
        if column == ACCOUNT:
            return row.name
        if column == STATUS:
            return row.status.label
        if column in (PIPELINE, BEST_CASE, COMMIT):
            amount = _amount(row, column)
            return money_text(amount, row.currency) if amount else "—"
        if column == NEXT_MEETING:
            return day_text(row.next_meeting)
        if column == OVERDUE:
            return str(row.overdue_actions)
        if column == UNCOVERED:
            return str(len(row.uncovered_decisive))
        if column == LAST_UPDATE:
            return day_text(row.last_update.astimezone().date()) if row.last_update else "—"
        return row.fit_text

    @staticmethod
    def _sort_key(row: PortfolioRow, column: int) -> Any:
        if column == ACCOUNT:
            return row.name.casefold()
        if column == STATUS:
            return list(AccountStatus).index(row.status)
        if column in (PIPELINE, BEST_CASE, COMMIT):
            return float(_amount(row, column))
        if column == NEXT_MEETING:
            return row.next_meeting.isoformat() if row.next_meeting else "9999"
        if column == OVERDUE:
            return row.overdue_actions
        if column == UNCOVERED:
            return len(row.uncovered_decisive)
        if column == LAST_UPDATE:
            return row.last_update.isoformat() if row.last_update else ""
        return row.fit_score

    @staticmethod
    def _tip(row: PortfolioRow, column: int) -> str | None:
        if column == ACCOUNT:
            lines = [
                f"Seller: {row.seller or 'no account executive on the team'}",
                f"Amounts {row.basis}",
            ]
            return "\n".join([*lines, *row.unconverted])
        if column in (PIPELINE, BEST_CASE, COMMIT):
            return "\n".join([f"{row.currency} {_amount(row, column):,.0f}", *row.unconverted])
        if column == UNCOVERED:
            return "\n".join(row.uncovered_decisive) or "Every decisive person is covered at working strength"
        if column == LAST_UPDATE and row.last_update is not None:
            return row.last_update.astimezone().strftime("%Y-%m-%d %H:%M %Z")
        if column == FIT:
            return "\n".join(criterion.label for criterion in row.fit) or "No criterion met yet"
        return None


class PortfolioFilterProxy(QSortFilterProxyModel):
    """Narrows the accounts by the text of their name, seller or status, and by status; sorts by SORT_ROLE."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.status = ANY_STATUS
        self.setSortRole(SORT_ROLE)

    def set_filter(self, *, text: str | None = None, status: str | None = None) -> None:
        self.beginFilterChange()
        if text is not None:
            self.text = text.strip().casefold()
        if status is not None:
            self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt's name
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self.text and self.text not in str(index.data(SEARCH_ROLE) or ""):
            return False
        status = str(index.data(STATUS_ROLE))
        if self.status == NOT_AVOIDED:
            return not status.startswith("avoid")
        return self.status in (ANY_STATUS, status)


def account_ids(data: QMimeData) -> list[int]:
    """The accounts a drag carries (none when it carries something else)."""
    if not data.hasFormat(ACCOUNT_MIME):
        return []
    text = bytes(data.data(ACCOUNT_MIME).data()).decode(errors="replace")
    return [int(part) for part in text.split(",") if part.strip().isdigit()]

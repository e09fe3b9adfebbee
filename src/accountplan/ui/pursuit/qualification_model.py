"""Item models of the qualification page: a deal's MEDDPICC scorecard and the account's red flags."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from accountplan.analysis.qualification import LetterScore
from accountplan.model.enums import MEDDPICC_MAX_SCORE, RedFlagStatus, Severity
from accountplan.plan.qualification import RedFlagRow, Scorecard, list_red_flags, scorecard
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import CHOICES_ROLE
from accountplan.ui.common.table_model import AccountRowsModel, RowTableModel
from accountplan.ui.common.theme import ON_TINT, severity_colour
from accountplan.ui.people.models import ID_ROLE, STANCE_COLOURS
from accountplan.ui.pursuit.qualification_commands import SetMeddpicc, UpdateRedFlag

Index = QModelIndex | QPersistentModelIndex
#: What each score means, in the score column's choices.
SCORE_MEANINGS = ("nothing known", "a guess", "partly known", "known", "confirmed", "fully evidenced")
#: A score's cell, from red (0) through amber to green (the maximum).
SCORE_COLOURS = ("#f4c7c3", "#f8d6c4", "#fbe7b5", "#e4efc4", "#cce8cf", "#a9dbb3")
_CLOSED = QBrush(QColor("#8a8f98"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)


def severity_brush(severity: Severity) -> QBrush:
    return QBrush(severity_colour(severity))


class ScorecardModel(RowTableModel[LetterScore]):
    """The eight letters of one deal; the score (a choice 0–5) and the evidence are edited in place."""

    COLUMNS = ("Letter", "Score", "Evidence")
    EDITABLE = {1: "score", 2: "evidence"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        self.opportunity_id: int | None = None
        self.card: Scorecard | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def show_deal(self, account_id: int | None, opportunity_id: int | None) -> None:
        self.account_id, self.opportunity_id = account_id, opportunity_id
        self.reload()

    def reload(self) -> None:
        self.card = None
        if self.opportunity_id is not None:
            with self.context.database.session() as session:
                self.card = scorecard(session, self.opportunity_id)
        self.replace_rows(self.card.letters if self.card else ())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{row.letter.letter}  {row.letter.label}",
                f"{row.score} / {MEDDPICC_MAX_SCORE}",
                row.evidence or "—",
            )[column]
        if role == Qt.ItemDataRole.EditRole:
            return (row.letter.value, row.score, row.evidence)[column]
        if role == CHOICES_ROLE and column == 1:
            return [(f"{score} — {meaning}", score) for score, meaning in enumerate(SCORE_MEANINGS)]
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return QBrush(QColor(SCORE_COLOURS[max(0, min(row.score, len(SCORE_COLOURS) - 1))]))
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return ON_TINT
        if role == Qt.ItemDataRole.FontRole and column == 0:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return _CENTRED
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and row.evidence:
            return row.evidence
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return f"{row.score}: {SCORE_MEANINGS[max(0, min(row.score, len(SCORE_MEANINGS) - 1))]}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        row = self.row_at(index)
        if role != Qt.ItemDataRole.EditRole or row is None or index.column() not in self.EDITABLE:
            return False
        if str(self.data(index, Qt.ItemDataRole.EditRole)) == str(value):
            return False
        if self.account_id is None or self.opportunity_id is None:
            return False
        if index.column() == 1:
            command = SetMeddpicc(self.context, self.account_id, self.opportunity_id, row.letter, score=value)
        else:
            text = str(value).strip()
            command = SetMeddpicc(
                self.context, self.account_id, self.opportunity_id, row.letter, evidence=text
            )
        return self.context.execute(command)


def counter_text(row: RedFlagRow) -> str:
    if not row.actions:
        return "none yet"
    return f"{row.open_actions} open / {row.actions}"


def skeptic_text(row: RedFlagRow) -> str:
    if not row.source:
        return "—"
    return f"{row.source} ({row.source_stance.label})" if row.source_stance is not None else row.source


class RedFlagModel(AccountRowsModel[RedFlagRow]):
    """The account's red flags, open first; title, severity, status and counter-strategy edit in place."""

    COLUMNS = ("Red flag", "Deal", "Skeptic", "Severity", "Status", "Counter-actions", "Counter-strategy")
    EDITABLE = {0: "title", 3: "severity", 4: "status", 6: "counter_strategy"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context, list_red_flags)

    def rows(self) -> list[RedFlagRow]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        closed = row.status is not RedFlagStatus.OPEN
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.title,
                row.opportunity or "Whole account",
                skeptic_text(row),
                row.severity.label,
                row.status.label,
                counter_text(row),
                row.counter_strategy or "—",
            )[column]
        if role == Qt.ItemDataRole.EditRole:
            return {0: row.title, 3: row.severity.value, 4: row.status.value, 6: row.counter_strategy}.get(
                column, self.data(index)
            )
        if role == CHOICES_ROLE:
            if column == 3:
                return [(s.label, s.value) for s in Severity]
            if column == 4:
                return [(s.label, s.value) for s in RedFlagStatus]
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 3 and not closed:
                return severity_brush(row.severity)
            if column == 2 and row.source_stance is not None and not closed:
                return QBrush(STANCE_COLOURS[row.source_stance])
            if closed:
                return _CLOSED
            if column == 5 and row.open_actions == 0:
                return severity_brush(Severity.HIGH)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0 and row.description:
                return row.description
            if column == 6 and row.counter_strategy:
                return row.counter_strategy
            if column == 5 and not closed and row.open_actions == 0:
                return "No open action counters this objection"
        if role == ID_ROLE:
            return row.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        row = self.row_at(index)
        if role != Qt.ItemDataRole.EditRole or row is None or index.column() not in self.EDITABLE:
            return False
        if str(self.data(index, Qt.ItemDataRole.EditRole)) == str(value) or self.account_id is None:
            return False
        field = self.EDITABLE[index.column()]
        command = UpdateRedFlag(self.context, self.account_id, row.id, row.title, **{field: value})
        return self.context.execute(command)

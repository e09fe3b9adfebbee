"""What changed between two days, on the org chart (issue #18): the marks on the cards and the Changes tab.

Each kind of change (:data:`~accountplan.analysis.org_changes.KINDS`) has a short mark drawn on the person's
card in its own colour (:data:`MARKS`), a legend entry, and a line in the list (:class:`ChangesPanel`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from accountplan.analysis.change_window import medium_day
from accountplan.analysis.org_changes import OrgChange, OrgChanges
from accountplan.reports.change_chart import CHANGE_MARKS, card_marks, change_text
from accountplan.ui.common.accessibility import describe

__all__ = ["MARKS", "PERSON_ROLE", "ChangesModel", "ChangesPanel", "card_marks", "change_text"]

Index = QModelIndex | QPersistentModelIndex

#: Each kind of change: the mark on a card, its colour, what the legend says (as the meeting pack draws them).
MARKS: dict[str, tuple[str, QColor, str]] = {
    kind: (tag, QColor(colour), words) for kind, (tag, colour, words) in CHANGE_MARKS.items()
}
#: The person a line of the list is about (its card is selected when the line is clicked).
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class ChangesModel(QAbstractListModel):
    """The changes, a line each, coloured as their marks."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[OrgChange] = []

    def show_changes(self, changes: list[OrgChange]) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.changes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.changes):
            return None
        change = self.changes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return change_text(change)
        if role == Qt.ItemDataRole.DecorationRole:
            return MARKS[change.kind][1]
        if role == PERSON_ROLE:
            return change.person_id
        return None


class ChangesPanel(QWidget):
    """The Changes tab: between which days, then every change; a line chosen selects the person's card.

    Signals: ``person_chosen(int)``.
    """

    person_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.model = ChangesModel()
        self.list = QListView()
        describe(self.list, "Changes", "What changed in the organisation between the two days")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentChanged.connect(self._chosen)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.notes)

    def show_changes(self, changes: OrgChanges, until_today: bool) -> None:
        count = len(changes.changes)
        until = "today" if until_today else medium_day(changes.until)
        self.heading.setText(
            f"<b>{count} change{'s' if count != 1 else ''}</b> from the end of {medium_day(changes.since)} "
            f"to {until}"
        )
        self.model.show_changes(changes.changes)
        self.notes.setText("\n".join(changes.notes))
        self.notes.setVisible(bool(changes.notes))

    def _chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        person = index.data(PERSON_ROLE) if index.isValid() else None
        if person is not None:
            self.person_chosen.emit(int(person))

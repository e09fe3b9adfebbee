"""The org chart's findings as a list model: thousands of them are shown at once, each painted when seen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from accountplan.analysis.findings import Finding, summary
from accountplan.model.enums import Severity
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.theme import severity_colour

#: The people a finding names, by id (what the chart highlights when the finding is chosen).
PEOPLE_ROLE = Qt.ItemDataRole.UserRole
WORKING = "Working out the findings…"

Index = QModelIndex | QPersistentModelIndex


class FindingsModel(QAbstractListModel):
    """One row per finding, the most severe first; one line saying so when there is none (or none yet)."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[Finding] = []
        self.note = WORKING
        self._colours: dict[Severity, QColor] = {}

    def show_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = findings
        self.note = summary(findings) if not findings else ""
        self.endResetModel()

    def show_working(self) -> None:
        """The findings are being worked out (the chart's account changed)."""
        self.beginResetModel()
        self.findings, self.note = [], WORKING
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self.findings) or 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if not self.findings:
            return self.note if role == Qt.ItemDataRole.DisplayRole else None
        finding = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{finding.severity.label.upper()} · {finding.text}"
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._colours.get(finding.severity)
            if colour is None:
                colour = self._colours[finding.severity] = severity_colour(finding.severity)
            return colour
        if role == PEOPLE_ROLE:
            return list(finding.people)
        return None


def findings_view(model: FindingsModel, parent: QWidget | None = None) -> QListView:
    """A list of findings that wraps each sentence and lays thousands out a batch at a time.

    15,000 findings (at 20,000 people) take Qt about a second to lay out, each time they are worked out
    again; in small batches, between which the window goes on answering the user.
    """
    view = QListView(parent)
    describe(
        view, "Findings", "What the chart means: gaps, risks and leadership changes, each naming its people"
    )
    view.setModel(model)
    view.setWordWrap(True)
    view.setSpacing(4)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setBatchSize(50)  # each batch is laid out between two turns of the event loop: a few ms
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view

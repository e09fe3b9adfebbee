"""The meetings page: the history of alignment meetings beside the one being prepared or reviewed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import MeetingStatus
from accountplan.plan.meetings import MeetingRow, list_meetings
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.pages import Page
from accountplan.ui.common.table_model import AccountRowsModel
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.team.meeting_commands import CreateMeeting
from accountplan.ui.team.meeting_panel import MeetingPanel

Index = QModelIndex | QPersistentModelIndex
PLANNED_COLOUR = QColor("#1f5fbf")


class MeetingListModel(AccountRowsModel[MeetingRow]):
    """The account's alignment meetings, the latest first."""

    COLUMNS = ("Date", "Meeting", "Status")

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context, list_meetings)
        self._bold = QFont()
        self._bold.setBold(True)

    def meetings(self) -> list[MeetingRow]:
        return list(self._rows)

    def row_of(self, meeting_id: int) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == meeting_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        planned = MeetingStatus(row.status) is MeetingStatus.PLANNED
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.held_on.isoformat(), row.title, MeetingStatus(row.status).label, row.decisions)[
                column
            ]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and planned:
            return QBrush(PLANNED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and planned:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f" · {row.location}" if row.location else ""
            return f"{row.title}{where}\n{row.attendees} attendee(s), {row.decisions} decision(s)"
        return None


class MeetingsPage(Page):
    """The bi-monthly alignment meetings: the history on the left, the chosen meeting on the right."""

    key, title = "meetings", "Meetings"
    reads = frozenset(
        {
            "accounts",
            "actions",
            "change_log",
            "co_sellers",
            "coverage",
            "deal_team_members",
            "meeting_attendees",
            "meeting_decisions",
            "meetings",
            "milestones",
            "opportunities",
            "red_flags",
            "stakeholder_roles",
            "stakeholders",
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = MeetingListModel(context)
        self.panel = MeetingPanel(context)
        layout = QVBoxLayout(self)
        top = self.title_bar("Alignment meetings")
        self.new_button = QPushButton("&New meeting")
        self.new_button.setToolTip("Plan the next meeting, two months after the last one")
        self.new_button.clicked.connect(lambda: self.new_meeting())
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.history = QTableView()
        describe(self.history, "Meetings table", "The account's alignment meetings, planned and held")
        self.history.setModel(self.model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.empty = EmptyState(
            self.history,
            "No alignment meetings yet. Plan the first: its agenda writes itself from what changed since.",
            [("Plan a meeting", lambda: self.new_meeting())],
            model=self.model,
        )
        self.history.setWordWrap(False)
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 88), (2, 64)):
            header.resizeSection(column, width)
        self.history.selectionModel().currentRowChanged.connect(lambda *_: self._meeting_selected())
        splitter = QSplitter()
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.history)
        left.setMinimumWidth(240)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 1000])
        layout.addWidget(splitter, 1)
        self.selected_meeting: int | None = None

    def refresh(self) -> None:
        wanted = self.selected_meeting
        self.model.show_account(self.account_id)
        meetings = self.model.meetings()
        held = [m for m in meetings if MeetingStatus(m.status) is MeetingStatus.HELD]
        planned = [m for m in meetings if MeetingStatus(m.status) is MeetingStatus.PLANNED]
        next_one = min((m.held_on for m in planned), default=None)
        self.summary.setText(
            f"  {len(held)} held" + (f" · next on {next_one.isoformat()}" if next_one else " · none planned")
        )
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row < 0 and meetings:  # the next planned meeting, else the latest
            upcoming = [m for m in planned if m.held_on >= dt.date.today()] or planned or meetings
            row = self.model.row_of(min(upcoming, key=lambda m: m.held_on).id if planned else upcoming[0].id)
        self.select_row(row)

    def select_row(self, row: int) -> None:
        if row < 0:
            self.selected_meeting = None
            self.panel.show_meeting(self.account_id, None)
            return
        self.history.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._meeting_selected()

    def select_meeting(self, meeting_id: int) -> bool:
        row = self.model.row_of(meeting_id)
        if row >= 0:
            self.select_row(row)
        return row >= 0

    def select_item(self, kind: str, item_id: int) -> bool:
        return kind == "meeting" and self.select_meeting(item_id)

    def _meeting_selected(self) -> None:
        index = self.history.currentIndex()
        meeting_id = int(index.data(ID_ROLE)) if index.isValid() else None
        self.selected_meeting = meeting_id
        self.panel.show_meeting(self.account_id, meeting_id)

    def new_meeting(self, on: dt.date | None = None) -> bool:
        """Plan the next alignment meeting (by default two months after the last) and show it."""
        if self.account_id is None:
            return False
        command = CreateMeeting(self.context, self.account_id, on)
        if not self.context.execute(command):
            return False
        if command.change.row_id is not None:
            self.select_meeting(command.change.row_id)
        return True

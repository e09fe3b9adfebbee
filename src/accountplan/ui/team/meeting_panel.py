"""One alignment meeting: date and title, attendees, the agenda that writes itself, notes and decisions."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.changes import agenda_for
from accountplan.model.enums import ActionStatus, MeetingStatus
from accountplan.plan.meetings import MeetingDetail, meeting_detail
from accountplan.plan.team import list_team
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.team.meeting_commands import AddDecision, HoldMeeting, SetAttendees, UpdateMeeting
from accountplan.ui.team.team_dialogs import to_date, to_qdate


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelHeading")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class MeetingPanel(QWidget):
    """Edits the meeting chosen in the history; every change is saved at once and can be undone."""

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        self.meeting: MeetingDetail | None = None
        self.agenda_text = ""
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._header())
        splitter = QSplitter()
        splitter.addWidget(self._text_column())
        splitter.addWidget(self._people_column())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout.addWidget(splitter, 1)
        self.setEnabled(False)

    def _header(self) -> QGridLayout:
        grid = QGridLayout()
        self.title = QLineEdit()
        describe(self.title, "Meeting title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.editingFinished.connect(lambda: self._save("title", self.title.text().strip()))
        self.date = QDateEdit()
        describe(self.date, "Meeting date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd yyyy-MM-dd")
        self.date.editingFinished.connect(lambda: self._save("held_on", to_date(self.date.date())))
        self.location = QLineEdit()
        self.location.setPlaceholderText("Where (room, call link)")
        self.location.editingFinished.connect(lambda: self._save("location", self.location.text().strip()))
        self.status = QLabel("")
        self.hold_button = QPushButton("&Hold meeting")
        self.hold_button.setToolTip(
            "Keep the agenda as it stands now, with the notes, and mark the meeting held"
        )
        self.hold_button.clicked.connect(lambda: self.hold())
        grid.addWidget(self.title, 0, 0, 1, 3)
        grid.addWidget(self.hold_button, 0, 3)
        grid.addWidget(self.date, 1, 0)
        grid.addWidget(self.location, 1, 1)
        grid.addWidget(self.status, 1, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        return grid

    def _text_column(self) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        agenda_bar = QHBoxLayout()
        self.agenda_heading = _section("Agenda")
        agenda_bar.addWidget(self.agenda_heading, 1)
        self.copy_button = QPushButton("&Copy to notes")
        self.copy_button.clicked.connect(lambda: self.copy_agenda_to_notes())
        agenda_bar.addWidget(self.copy_button)
        box.addLayout(agenda_bar)
        self.agenda = QPlainTextEdit()
        describe(self.agenda, "Agenda")
        self.agenda.setReadOnly(True)
        box.addWidget(self.agenda, 3)
        box.addWidget(_section("Notes"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("What was said; saved when you leave the field")
        self.notes.installEventFilter(self)
        box.addWidget(self.notes, 2)
        return column

    def _people_column(self) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        attendees_bar = QHBoxLayout()
        self.attendees_heading = _section("Attendees")
        attendees_bar.addWidget(self.attendees_heading, 1)
        self.everyone_button = QPushButton("Whole team")
        self.everyone_button.setToolTip("Tick every current member of the team")
        self.everyone_button.clicked.connect(lambda: self.invite_everyone())
        attendees_bar.addWidget(self.everyone_button)
        box.addLayout(attendees_bar)
        self.attendees = QListWidget()
        describe(self.attendees, "Attendees")
        self.attendees.itemChanged.connect(lambda _item: self._save_attendees())
        box.addWidget(self.attendees, 2)
        decisions_heading = _section("Decisions (each becomes an action)")
        decisions_heading.setWordWrap(True)
        box.addWidget(decisions_heading)
        self.decisions = QTextBrowser()
        self.decisions.setPlaceholderText("No decision yet")
        box.addWidget(self.decisions, 2)
        form = QFormLayout()
        self.decision_text = QLineEdit()
        self.decision_text.setPlaceholderText("What was decided")
        self.decision_text.returnPressed.connect(lambda: self.add_decision())
        self.decision_owner = QComboBox()
        self.decision_owner.setMinimumContentsLength(10)
        self.decision_owner.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.decision_due = QDateEdit(QDate.currentDate().addDays(14))
        describe(self.decision_due, "Decision due on")
        self.decision_due.setCalendarPopup(True)
        self.decision_due.setDisplayFormat("yyyy-MM-dd")
        self.add_decision_button = QPushButton("Add &decision")
        self.add_decision_button.clicked.connect(lambda: self.add_decision())
        due_row = QHBoxLayout()  # the owner on a line of its own: the column stays narrow on a laptop
        due_row.addWidget(self.decision_due)
        due_row.addStretch(1)
        due_row.addWidget(self.add_decision_button)
        form.addRow("Decision", self.decision_text)
        form.addRow("Owner", self.decision_owner)
        form.addRow("Due", due_row)
        box.addLayout(form)
        return column

    # --- showing ------------------------------------------------------------------------------------

    def show_meeting(self, account_id: int | None, meeting_id: int | None) -> None:
        self.account_id = account_id
        detail, team, agenda = None, [], ""
        if account_id is not None and meeting_id is not None:
            with self.context.database.session() as session:
                detail = meeting_detail(session, meeting_id)
                team = list_team(session, account_id)
                if detail.status is MeetingStatus.PLANNED or not detail.agenda.strip():
                    agenda = agenda_for(session, meeting_id, dt.date.today()).as_text()
                else:
                    agenda = detail.agenda
        self.meeting = detail
        self.setEnabled(detail is not None)
        self._loading = True
        try:
            self._fill(detail, team, agenda)
        finally:
            self._loading = False

    def _fill(self, detail: MeetingDetail | None, team: list[Any], agenda: str) -> None:
        if detail is None:
            for widget in (self.title, self.location):
                widget.clear()
            self.agenda.clear()
            self.notes.clear()
            self.attendees.clear()
            self.decisions.clear()
            self.status.setText("Plan the next meeting with “New meeting”")
            return
        held = detail.status is MeetingStatus.HELD
        self.title.setText(detail.title)
        self.date.setDate(to_qdate(detail.held_on))
        self.location.setText(detail.location)
        days = (detail.held_on - dt.date.today()).days
        when = "today" if days == 0 else (f"in {days} days" if days > 0 else f"{-days} days ago")
        self.status.setText(f"<b>Held</b> ({when})" if held else f"<b>Planned</b> ({when})")
        self.hold_button.setEnabled(not held)
        self.agenda_text = agenda
        if self.agenda.toPlainText() != agenda:
            self.agenda.setPlainText(agenda)
        kept = held and detail.agenda.strip()
        self.agenda_heading.setText("Agenda as it was held" if kept else "Agenda: what changed")
        self.agenda_heading.setToolTip(
            "The agenda kept when the meeting was held"
            if kept
            else "Written from the change log: everything that changed since the last meeting held"
        )
        if self.notes.toPlainText() != detail.notes:
            self.notes.setPlainText(detail.notes)
        self._fill_attendees(detail, team)
        self._fill_decisions(detail, team)

    def _fill_attendees(self, detail: MeetingDetail, team: list[Any]) -> None:
        present = {cid for cid, _ in detail.attendees}
        people = {m.co_seller_id: m.name for m in team if m.active}
        people.update(dict(detail.attendees))  # former members who attended stay listed
        self.attendees.clear()
        for co_seller_id, name in sorted(people.items(), key=lambda item: item[1].casefold()):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, co_seller_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if co_seller_id in present else Qt.CheckState.Unchecked)
            self.attendees.addItem(item)
        self.attendees_heading.setText(f"Attendees ({len(present)} of {len(people)})")

    def _fill_decisions(self, detail: MeetingDetail, team: list[Any]) -> None:
        paragraphs = []
        for decision in detail.decisions:
            lines = [f"<b>{html.escape(decision.text)}</b>"]
            for _, _, owner, due, status in decision.actions:
                when = f" · due {due.isoformat()}" if due else ""
                action = f"→ {owner or 'Nobody yet'}{when} · {ActionStatus(status).label}"
                lines.append(f"<span style='color:#5f6670'>{html.escape(action)}</span>")
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
        self.decisions.setHtml("".join(paragraphs))
        current = self.decision_owner.currentData()
        self.decision_owner.clear()
        self.decision_owner.addItem("Nobody yet", None)
        for member in sorted((m for m in team if m.active), key=lambda m: m.name.casefold()):
            self.decision_owner.addItem(member.name, member.co_seller_id)
        self.decision_owner.setCurrentIndex(max(self.decision_owner.findData(current), 0))

    # --- saving -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.save_notes()
        return super().eventFilter(watched, event)

    def save_notes(self) -> bool:
        return self._save("notes", self.notes.toPlainText())

    def _save(self, field: str, value: Any) -> bool:
        if self._loading or self.meeting is None or self.account_id is None:
            return False
        if str(getattr(self.meeting, field)) == str(value):
            return False
        command = UpdateMeeting(self.context, self.account_id, self.meeting.id, **{field: value})
        if not self.context.execute(command):
            if not self.context.unreachable:  # with the server away, what was typed stays
                self.show_meeting(self.account_id, self.meeting.id)
            return False
        return True

    def _save_attendees(self) -> bool:
        if self._loading or self.meeting is None or self.account_id is None:
            return False
        wanted = [
            int(self.attendees.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.attendees.count())
            if self.attendees.item(i).checkState() == Qt.CheckState.Checked
        ]
        return self.context.execute(SetAttendees(self.context, self.account_id, self.meeting.id, wanted))

    def invite_everyone(self) -> bool:
        """Tick every current member (one undoable change)."""
        if self.meeting is None or self.account_id is None:
            return False
        self._loading = True
        try:
            for i in range(self.attendees.count()):
                self.attendees.item(i).setCheckState(Qt.CheckState.Checked)
        finally:
            self._loading = False
        return self._save_attendees()

    def copy_agenda_to_notes(self) -> bool:
        """Put the agenda at the end of the notes, to take the notes along it (saved at once)."""
        notes = self.notes.toPlainText().rstrip()
        self.notes.setPlainText(f"{notes}\n\n{self.agenda_text}" if notes else self.agenda_text)
        return self.save_notes()

    def add_decision(self) -> bool:
        text = self.decision_text.text().strip()
        if not text or self.meeting is None or self.account_id is None:
            return False
        command = AddDecision(
            self.context,
            self.account_id,
            self.meeting.id,
            text,
            owner_id=self.decision_owner.currentData(),
            due=to_date(self.decision_due.date()),
        )
        if not self.context.execute(command):
            return False
        self.decision_text.clear()
        return True

    def hold(self) -> bool:
        """Mark the meeting held today (or on its day, if that has passed), keeping agenda and notes."""
        if self.meeting is None or self.account_id is None or self.meeting.status is MeetingStatus.HELD:
            return False
        held_on = min(self.meeting.held_on, dt.date.today())
        command = HoldMeeting(
            self.context,
            self.account_id,
            self.meeting.id,
            self.agenda_text,
            self.notes.toPlainText(),
            held_on,
        )
        return self.context.execute(command)

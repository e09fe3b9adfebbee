"""What changed since the last meeting, read from the change log: the agenda that writes itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from accountplan.analysis import agenda_lines as lines
from accountplan.analysis.change_window import ENTITIES, Line, Window, end_of_day, long_day
from accountplan.analysis.leadership import LeadershipKind, leadership_changes
from accountplan.errors import NotFound
from accountplan.model import Account, ChangeLogEntry, Meeting
from accountplan.model.enums import ChangeKind, MeetingStatus
from accountplan.store.rows import get

STAGE_CHANGES = "Stage changes"
LEADERSHIP_CHANGES = "Leadership changes"
NEW_STAKEHOLDERS = "New stakeholders"
DEPARTED_STAKEHOLDERS = "Departed stakeholders"
STANCE_AND_INFLUENCE = "Stance and influence shifts"
COVERAGE_GAINED = "Coverage gained"
COVERAGE_LOST = "Coverage lost"
ACTIONS_DONE = "Actions done"
ACTIONS_OVERDUE = "Actions overdue"
NEW_RED_FLAGS = "New red flags"
MILESTONES_REACHED = "Milestones reached"
MILESTONES_MISSED = "Milestones missed"
#: The sections of an agenda, in the order the meeting goes through them.
SECTIONS = (
    STAGE_CHANGES,
    LEADERSHIP_CHANGES,
    NEW_STAKEHOLDERS,
    DEPARTED_STAKEHOLDERS,
    STANCE_AND_INFLUENCE,
    COVERAGE_GAINED,
    COVERAGE_LOST,
    ACTIONS_DONE,
    ACTIONS_OVERDUE,
    NEW_RED_FLAGS,
    MILESTONES_REACHED,
    MILESTONES_MISSED,
)


@dataclass
class AgendaItem:
    """One line of the agenda, read aloud as is, and the entity it is about (None once deleted)."""

    section: str
    text: str
    entity_type: str
    entity_id: int | None


@dataclass
class Agenda:
    """What changed between ``since`` (None: from the start) and ``until``, section by section."""

    since: dt.datetime | None
    until: dt.datetime
    sections: dict[str, list[AgendaItem]] = field(default_factory=lambda: {name: [] for name in SECTIONS})

    @property
    def is_empty(self) -> bool:
        return not any(self.sections.values())

    @property
    def items(self) -> list[AgendaItem]:
        """Every line, section after section."""
        return [item for name in SECTIONS for item in self.sections.get(name, [])]

    def lines(self, section: str) -> list[str]:
        """The texts of one section."""
        return [item.text for item in self.sections.get(section, [])]

    @property
    def since_text(self) -> str:
        """The last day before the window, as a person writes it ("13 October 2026"), or "the start"."""
        if self.since is None:
            return "the start of the plan"
        return long_day((self.since - dt.timedelta(microseconds=1)).date())

    def as_text(self) -> str:
        """The agenda as plain text: a heading per section that has lines, then its bullet lines."""
        if self.is_empty:
            return f"Nothing changed since {self.since_text}.\n"
        out = [f"What changed since {self.since_text}"]
        for name in SECTIONS:
            items = self.sections.get(name, [])
            if items:
                out += ["", f"{name} ({len(items)})", *(f"• {item.text}" for item in items)]
        return "\n".join(out) + "\n"


def changes_since(
    session: Session, account_id: int, since: dt.datetime | None, until: dt.datetime, today: dt.date
) -> Agenda:
    """The agenda of what changed from ``since`` (included; None: from the start) to ``until`` (excluded).

    Changes come from the change log (imports excluded), netted per field: a stance that went from
    supporter to skeptic and back is no change. Overdue actions and missed milestones are read from the
    current state, as of ``today`` or the last day of the window if that is earlier.
    """
    get(session, Account, account_id)
    query = select(ChangeLogEntry).where(
        ChangeLogEntry.account_id == account_id,
        ChangeLogEntry.kind != ChangeKind.IMPORTED,
        ChangeLogEntry.entity_type.in_(ENTITIES),
        ChangeLogEntry.at < until,
    )
    if since is not None:
        query = query.where(ChangeLogEntry.at >= since)
    entries = session.scalars(query.order_by(ChangeLogEntry.at, ChangeLogEntry.id)).all()
    as_of = min(today, (until - dt.timedelta(microseconds=1)).date())
    window = Window.read(session, account_id, entries, since, until, as_of, today)
    leadership = leadership_changes(window)
    # A decisive person who joined or left is a leadership change: said there, not twice.
    joined = {change.person_id for change in leadership if change.kind is LeadershipKind.JOINED}
    left = {change.person_id for change in leadership if change.kind is LeadershipKind.LEFT}
    builders: dict[str, list[Line]] = {
        STAGE_CHANGES: lines.stage_changes(window),
        LEADERSHIP_CHANGES: [
            Line((change.at, rank), change.text, "stakeholders", change.person_id)
            for rank, change in enumerate(leadership)
        ],
        NEW_STAKEHOLDERS: [line for line in lines.new_stakeholders(window) if line.entity_id not in joined],
        DEPARTED_STAKEHOLDERS: [
            line for line in lines.departed_stakeholders(window) if line.entity_id not in left
        ],
        STANCE_AND_INFLUENCE: lines.stance_and_influence(window),
        COVERAGE_GAINED: lines.coverage_gained(window),
        COVERAGE_LOST: lines.coverage_lost(window),
        ACTIONS_DONE: lines.actions_done(window),
        ACTIONS_OVERDUE: lines.actions_overdue(window),
        NEW_RED_FLAGS: lines.new_red_flags(window),
        MILESTONES_REACHED: lines.milestones_reached(window),
        MILESTONES_MISSED: lines.milestones_missed(window),
    }
    agenda = Agenda(since, until)
    for name, found in builders.items():
        agenda.sections[name] = [
            AgendaItem(name, line.text, line.entity_type, line.entity_id)
            for line in sorted(found, key=lambda line: line.order)
        ]
    return agenda


def previous_held_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The last meeting of the account held before ``meeting`` (by date, then by creation)."""
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.account_id == meeting.account_id,
            Meeting.status == MeetingStatus.HELD,
            Meeting.id != meeting.id,
            or_(
                Meeting.held_on < meeting.held_on,
                and_(Meeting.held_on == meeting.held_on, Meeting.id < meeting.id),
            ),
        )
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    )


def agenda_for(session: Session, meeting_id: int, today: dt.date) -> Agenda:
    """The agenda of a meeting: what changed after the day of the previous held meeting, up to its own day.

    A meeting still ahead reads up to the end of ``today``.
    """
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting with id {meeting_id}; it may have been deleted.")
    previous = previous_held_meeting(session, meeting)
    since = end_of_day(previous.held_on) if previous is not None else None
    until = end_of_day(min(meeting.held_on, today))
    return changes_since(session, meeting.account_id, since, until, today)

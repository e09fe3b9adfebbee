"""The bi-monthly alignment meetings: plan the next one, who attends, decisions that become actions, hold it."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue
from accountplan.model import Account, Action, CoSeller, Meeting, MeetingAttendee, MeetingDecision
from accountplan.model.enums import ActionStatus, MeetingStatus
from accountplan.plan import fields
from accountplan.plan.actions import add_action

#: The team meets every this many months.
MEETING_EVERY_MONTHS = 2
#: With no meeting to follow (or the last one long past), the next is this far from today.
FIRST_MEETING_AFTER = dt.timedelta(days=14)
#: The longest action title; a longer decision is cut at a word for its action's title.
_TITLE_LENGTH = 500


@dataclass(frozen=True)
class MeetingRow:
    """One meeting in the history."""

    id: int
    title: str
    held_on: dt.date
    status: MeetingStatus
    attendees: int
    decisions: int
    location: str = ""


@dataclass(frozen=True)
class DecisionRow:
    """A decision and the actions it became: (action id, title, owner name, due, status)."""

    id: int
    text: str
    actions: list[tuple[int, str, str, dt.date | None, ActionStatus]] = field(default_factory=list)


@dataclass(frozen=True)
class MeetingDetail:
    """Everything about one meeting, for its page."""

    id: int
    account_id: int
    title: str
    held_on: dt.date
    status: MeetingStatus
    location: str
    agenda: str
    notes: str
    attendees: list[tuple[int, str]]
    decisions: list[DecisionRow]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day (31 Dec → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_meeting_date(session: Session, account_id: int, today: dt.date) -> dt.date:
    """Two months after the last meeting (held or planned), moved off a weekend to the Monday.

    With no meeting yet, or when that day has passed already, two weeks from today.
    """
    last = session.scalar(select(func.max(Meeting.held_on)).where(Meeting.account_id == account_id))
    day = add_months(last, MEETING_EVERY_MONTHS) if last is not None else today + FIRST_MEETING_AFTER
    if day < today:
        day = today + FIRST_MEETING_AFTER
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def create_next_meeting(
    session: Session,
    account_id: int,
    *,
    on: dt.date | None = None,
    title: str = "Alignment meeting",
    today: dt.date | None = None,
) -> int:
    """Plan the next alignment meeting, on ``on`` or by default as :func:`next_meeting_date`; return its id."""
    fields.get(session, Account, account_id)
    if not title.strip():
        raise InvalidValue("A meeting needs a title.")
    day = on or next_meeting_date(session, account_id, today or dt.date.today())
    meeting = Meeting(
        account_id=account_id,
        title=fields.coerce(Meeting, "title", title.strip()),
        held_on=fields.coerce(Meeting, "held_on", day),
        status=MeetingStatus.PLANNED,
    )
    session.add(meeting)
    session.flush()
    return meeting.id


def update_meeting(session: Session, meeting_id: int, **changes: Any) -> dict[str, Any]:
    """Change a meeting's title, date, location, agenda or notes; return the previous values."""
    meeting: Meeting = fields.get(session, Meeting, meeting_id)
    if "title" in changes and not str(changes["title"]).strip():
        raise InvalidValue("A meeting needs a title.")
    previous = fields.apply(meeting, changes, forbidden=frozenset({"status"}))
    session.flush()
    return previous


def delete_meeting(session: Session, meeting_id: int) -> None:
    """Delete a meeting with its attendance and decisions (their actions stay, without the decision)."""
    session.delete(fields.get(session, Meeting, meeting_id))
    session.flush()


def set_attendees(session: Session, meeting_id: int, co_seller_ids: Iterable[int]) -> list[int]:
    """Exactly these co-sellers attend (or will attend); return the previous attendees' ids."""
    meeting: Meeting = fields.get(session, Meeting, meeting_id)
    wanted = set(co_seller_ids)
    for co_seller_id in wanted:
        fields.get(session, CoSeller, co_seller_id)
    present = session.scalars(select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id)).all()
    previous = sorted(row.co_seller_id for row in present)
    for row in present:
        if row.co_seller_id not in wanted:
            session.delete(row)
    for co_seller_id in sorted(wanted - set(previous)):
        session.add(
            MeetingAttendee(account_id=meeting.account_id, meeting_id=meeting_id, co_seller_id=co_seller_id)
        )
    session.flush()
    return previous


def add_decision(
    session: Session, meeting_id: int, text: str, *, owner_id: int | None, due: dt.date | None
) -> tuple[int, int]:
    """Record a decision of the meeting and the action it becomes; return (decision id, action id)."""
    meeting: Meeting = fields.get(session, Meeting, meeting_id)
    text = fields.coerce(MeetingDecision, "text", text).strip()
    if not text:
        raise InvalidValue("A decision needs its text.")
    count = (
        session.scalar(
            select(func.count()).select_from(MeetingDecision).where(MeetingDecision.meeting_id == meeting_id)
        )
        or 0
    )
    decision = MeetingDecision(
        account_id=meeting.account_id, meeting_id=meeting_id, text=text, position=count
    )
    session.add(decision)
    session.flush()
    action_id = add_action(
        session, meeting.account_id, action_title(text), owner_id=owner_id, due=due, decision_id=decision.id
    )
    return decision.id, action_id


def action_title(text: str) -> str:
    """A decision's first line as an action title, cut at a word when it is too long."""
    line = text.strip().splitlines()[0].strip()
    if len(line) <= _TITLE_LENGTH:
        return line
    return line[: _TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def delete_decision(session: Session, decision_id: int, *, with_actions: bool = True) -> None:
    """Delete a decision and, unless told otherwise, the actions it became."""
    decision = fields.get(session, MeetingDecision, decision_id)
    if with_actions:
        for action in session.scalars(select(Action).where(Action.decision_id == decision_id)):
            session.delete(action)
    session.delete(decision)
    session.flush()


def hold_meeting(session: Session, meeting_id: int, agenda: str, notes: str, held_on: dt.date) -> None:
    """Mark the meeting held on ``held_on``, keeping the agenda as it stood and the notes."""
    meeting: Meeting = fields.get(session, Meeting, meeting_id)
    meeting.held_on = fields.coerce(Meeting, "held_on", held_on)
    meeting.agenda = fields.coerce(Meeting, "agenda", agenda)
    meeting.notes = fields.coerce(Meeting, "notes", notes)
    meeting.status = MeetingStatus.HELD
    session.flush()


def list_meetings(session: Session, account_id: int) -> list[MeetingRow]:
    """The account's meetings, the latest first."""
    attendees = {
        key: value
        for key, value in session.execute(
            select(MeetingAttendee.meeting_id, func.count())
            .where(MeetingAttendee.account_id == account_id)
            .group_by(MeetingAttendee.meeting_id)
        )
    }
    decisions = {
        key: value
        for key, value in session.execute(
            select(MeetingDecision.meeting_id, func.count())
            .where(MeetingDecision.account_id == account_id)
            .group_by(MeetingDecision.meeting_id)
        )
    }
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.account_id == account_id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    return [
        MeetingRow(
            m.id, m.title, m.held_on, m.status, attendees.get(m.id, 0), decisions.get(m.id, 0), m.location
        )
        for m in meetings
    ]


def meeting_detail(session: Session, meeting_id: int) -> MeetingDetail:
    """The meeting with its attendees (by name) and its decisions with the actions they became."""
    meeting: Meeting = fields.get(session, Meeting, meeting_id)
    attendees = session.execute(
        select(CoSeller.id, CoSeller.name)
        .join(MeetingAttendee, MeetingAttendee.co_seller_id == CoSeller.id)
        .where(MeetingAttendee.meeting_id == meeting_id)
        .order_by(CoSeller.name)
    )
    owners = {row_id: name for row_id, name in session.execute(select(CoSeller.id, CoSeller.name))}
    decisions = []
    for decision in session.scalars(
        select(MeetingDecision)
        .where(MeetingDecision.meeting_id == meeting_id)
        .order_by(MeetingDecision.position, MeetingDecision.id)
    ):
        actions = session.scalars(select(Action).where(Action.decision_id == decision.id).order_by(Action.id))
        decisions.append(
            DecisionRow(
                decision.id,
                decision.text,
                [(a.id, a.title, owners.get(a.owner_id or 0, ""), a.due, a.status) for a in actions],
            )
        )
    return MeetingDetail(
        meeting.id,
        meeting.account_id,
        meeting.title,
        meeting.held_on,
        meeting.status,
        meeting.location,
        meeting.agenda,
        meeting.notes,
        list(attendees),
        decisions,
    )

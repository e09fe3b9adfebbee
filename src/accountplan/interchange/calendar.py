"""The deal team's calendar as iCalendar: alignment meetings, journey milestones and open actions' due dates.

Whatever the database holds, the file is one other calendars read: text is made printable first (RFC 5545
forbids control characters other than tab in a text value), a co-seller whose e-mail address is no address
(a line break, a space, a control character) is left off the attendees, and an all-day entry on the last day
a date can hold (31 December 9999) has no DTEND: a one-day entry needs none (RFC 5545, 3.6.1).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan import __version__
from accountplan.analysis.changes import agenda_for
from accountplan.model import Account, Action, CoSeller, Meeting, MeetingAttendee, Milestone
from accountplan.model.enums import ActionStatus, MeetingStatus, MilestoneStatus
from accountplan.model.text_rules import printable
from accountplan.plan import fields
from accountplan.plan.actions import purpose_names, purpose_of

PRODUCT_ID = f"-//Account Plan//accountplan {__version__}//EN"
#: Every UID ends with this domain, so that ours never collide with another application's.
UID_DOMAIN = "accountplan.invalid"
_UID_NAMESPACE = uuid.UUID("6f1c1b1e-5d1a-4a8e-9a57-3b0e8f6b2c41")
_TODO_STATUS = {ActionStatus.OPEN: "NEEDS-ACTION", ActionStatus.IN_PROGRESS: "IN-PROCESS"}


@dataclass(frozen=True)
class CalendarExport:
    """The iCalendar bytes and what they hold."""

    data: bytes
    meetings: int
    milestones: int
    actions: int


def calendar_for(session: Session, account_id: int, today: dt.date) -> bytes:
    """The account's calendar (iCalendar, UTF-8): every entry with a UID (stable across exports) and DTSTAMP."""
    return export_calendar(session, account_id, today).data


def export_calendar(session: Session, account_id: int, today: dt.date) -> CalendarExport:
    """Meetings (all-day, with attendees and agenda), milestones (all-day), and open actions due (to-dos).

    A planned meeting without an agenda of its own carries the agenda generated from the change log.
    The UID of each entry stays the same from one export to the next, so a calendar that imports the
    file again updates the entries instead of doubling them (SEQUENCE follows each row's edits).
    """
    account: Account = fields.get(session, Account, account_id)
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    key = uuid.uuid5(_UID_NAMESPACE, f"{account.id}:{account.created_at.isoformat()}")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # One line: icalendar writes an X- property as it stands, and a line break would end it.
    calendar.add("x-wr-calname", " ".join(printable(f"{account.name}: deal team").splitlines()))
    meetings = _meetings(session, account, today, stamp, key)
    milestones = _milestones(session, account, stamp, key)
    actions = _actions(session, account, stamp, key)
    for component in [*meetings, *milestones, *actions]:
        calendar.add_component(component)
    return CalendarExport(calendar.to_ical(), len(meetings), len(milestones), len(actions))


def _uid(kind: str, row_id: int, key: uuid.UUID) -> str:
    return f"{kind}-{row_id}-{key}@{UID_DOMAIN}"


def _all_day(component: icalendar.Component, day: dt.date) -> None:
    component.add("dtstart", day)
    if day < dt.date.max:  # on the last day there is, no DTEND: a DATE start alone lasts the day
        component.add("dtend", day + dt.timedelta(days=1))


def _calendar_address(email: str) -> str | None:
    """``email`` as a mailto: address, or None when it is empty or no address (spaces, line or control characters)."""
    address = email.strip()
    if not address or not address.isprintable() or any(char.isspace() for char in address):
        return None
    return f"mailto:{address}"


def _meetings(
    session: Session, account: Account, today: dt.date, stamp: dt.datetime, key: uuid.UUID
) -> list[icalendar.Event]:
    attendees: dict[int, list[tuple[str, str]]] = {}
    for meeting_id, name, email in session.execute(
        select(MeetingAttendee.meeting_id, CoSeller.name, CoSeller.email)
        .join(CoSeller, CoSeller.id == MeetingAttendee.co_seller_id)
        .where(MeetingAttendee.account_id == account.id)
        .order_by(CoSeller.name)
    ):
        attendees.setdefault(meeting_id, []).append((name, email))
    events = []
    for meeting in session.scalars(
        select(Meeting).where(Meeting.account_id == account.id).order_by(Meeting.held_on, Meeting.id)
    ):
        event = icalendar.Event()
        event.add("uid", _uid("meeting", meeting.id, key))
        event.add("dtstamp", stamp)
        event.add("sequence", meeting.version - 1)
        _all_day(event, meeting.held_on)
        event.add("summary", printable(f"{meeting.title} ({account.name})"))
        event.add("status", "CONFIRMED")
        location = printable(meeting.location).strip()
        if location:
            event.add("location", location)
        agenda = meeting.agenda
        if not agenda.strip() and meeting.status is MeetingStatus.PLANNED:
            agenda = agenda_for(session, meeting.id, today).as_text()
        parts = (printable(agenda).strip(), printable(meeting.notes).strip())
        description = "\n\n".join(part for part in parts if part)
        if description:
            event.add("description", description)
        for name, email in attendees.get(meeting.id, []):
            mailto = _calendar_address(email)
            if mailto is not None:
                address = icalendar.vCalAddress(mailto)
                address.params["cn"] = printable(name)
                address.params["role"] = "REQ-PARTICIPANT"
                event.add("attendee", address, encode=False)
        events.append(event)
    return events


def _milestones(
    session: Session, account: Account, stamp: dt.datetime, key: uuid.UUID
) -> list[icalendar.Event]:
    events = []
    for milestone in session.scalars(
        select(Milestone)
        .where(Milestone.account_id == account.id)
        .order_by(Milestone.target_date, Milestone.id)
    ):
        event = icalendar.Event()
        event.add("uid", _uid("milestone", milestone.id, key))
        event.add("dtstamp", stamp)
        event.add("sequence", milestone.version - 1)
        _all_day(event, milestone.target_date)
        event.add("summary", printable(f"Milestone: {milestone.title}"))
        event.add("transp", "TRANSPARENT")
        state = milestone.status.label
        if milestone.status is MilestoneStatus.REACHED and milestone.reached_on is not None:
            state = f"Reached on {milestone.reached_on.isoformat()}"
        text = f"{milestone.phase.label} phase. {state}."
        event.add("description", printable(f"{text}\n\n{milestone.description}").strip())
        event.add("categories", ["Milestone"])
        events.append(event)
    return events


def _actions(session: Session, account: Account, stamp: dt.datetime, key: uuid.UUID) -> list[icalendar.Todo]:
    owners = {row_id: name for row_id, name in session.execute(select(CoSeller.id, CoSeller.name))}
    names = purpose_names(session, account.id)
    todos = []
    for action in session.scalars(
        select(Action)
        .where(
            Action.account_id == account.id,
            Action.due.is_not(None),
            Action.status.in_(tuple(_TODO_STATUS)),
        )
        .order_by(Action.due, Action.id)
    ):
        todo = icalendar.Todo()
        todo.add("uid", _uid("action", action.id, key))
        todo.add("dtstamp", stamp)
        todo.add("sequence", action.version - 1)
        todo.add("due", action.due)
        todo.add("summary", printable(action.title))
        todo.add("status", _TODO_STATUS[action.status])
        purpose, _ = purpose_of(action, names)
        owner = owners.get(action.owner_id, "nobody") if action.owner_id is not None else "nobody"
        details = [f"Owner: {owner}", *([f"For: {purpose}"] if purpose else []), action.description.strip()]
        todo.add("description", printable("\n".join(line for line in details if line)))
        todo.add("categories", ["Action"])
        todos.append(todo)
    return todos

"""Changes to the alignment meetings: planning one, its details and attendees, its decisions, holding it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from accountplan.model import Action, Meeting
from accountplan.plan import fields, meetings
from accountplan.plan.changes.change import AddRow, Change, RowKind, UpdateRow
from accountplan.plan.snapshots import Snapshot, capture, restore

MEETINGS = RowKind("meetings", "meeting", None, meetings.update_meeting, meetings.delete_meeting)


class CreateMeeting(AddRow):
    """Plan the next alignment meeting (by default two months after the last one); undo removes it."""

    kind = MEETINGS

    def __init__(self, account_id: int, on: dt.date | None = None) -> None:
        super().__init__(account_id, "")
        self.text = "plan the next alignment meeting"
        self.on = on

    def add(self, session: Session) -> int:
        assert self.account_id is not None
        return meetings.create_next_meeting(session, self.account_id, on=self.on, today=dt.date.today())


class UpdateMeeting(UpdateRow):
    """Change a meeting's title, date, location or notes."""

    kind = MEETINGS

    def __init__(self, account_id: int, meeting_id: int, **changes: Any) -> None:
        super().__init__(account_id, meeting_id, "", **changes)

    def describe(self, name: str) -> str:
        names = ", ".join(f.replace("_", " ").replace("held on", "date") for f in self.changes)
        return f"edit the meeting's {names}"


class SetAttendees(Change):
    """Who attended (or will attend) a meeting."""

    def __init__(self, account_id: int, meeting_id: int, co_seller_ids: list[int]) -> None:
        self.account_id, self.text = account_id, "change the meeting's attendees"
        self.meeting_id, self.co_seller_ids = meeting_id, co_seller_ids
        self.previous: list[int] = []

    def forward(self, session: Session) -> None:
        self.previous = meetings.set_attendees(session, self.meeting_id, self.co_seller_ids)

    def backward(self, session: Session) -> None:
        meetings.set_attendees(session, self.meeting_id, self.previous)


class AddDecision(Change):
    """Record a decision of a meeting; it becomes an action with an owner and a due date.

    Undo deletes both, keeping snapshots; redo puts the same two rows back (with their ids).
    """

    def __init__(
        self, account_id: int, meeting_id: int, text: str, *, owner_id: int | None, due: dt.date | None
    ) -> None:
        self.account_id, self.text = account_id, f"record the decision {text}"
        self.meeting_id, self.decision_text, self.owner_id, self.due = meeting_id, text, owner_id, due
        self.decision_id: int | None = None
        self.action_id: int | None = None
        self.snapshots: list[Snapshot] = []

    def forward(self, session: Session) -> None:
        if self.snapshots:
            for snapshot in self.snapshots:
                restore(session, snapshot)
            return
        self.decision_id, self.action_id = meetings.add_decision(
            session, self.meeting_id, self.decision_text, owner_id=self.owner_id, due=self.due
        )

    def backward(self, session: Session) -> None:
        assert self.decision_id is not None and self.action_id is not None
        self.snapshots = [capture(session, "meeting_decisions", self.decision_id)]
        if session.get(Action, self.action_id) is not None:
            self.snapshots.append(capture(session, "actions", self.action_id))
        meetings.delete_decision(session, self.decision_id, with_actions=True)


class HoldMeeting(Change):
    """Mark a meeting held, keeping the agenda as it stood and the notes; undo makes it planned again."""

    def __init__(self, account_id: int, meeting_id: int, agenda: str, notes: str, held_on: dt.date) -> None:
        self.account_id, self.text = account_id, "hold the alignment meeting"
        self.meeting_id, self.agenda, self.notes, self.held_on = meeting_id, agenda, notes, held_on
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        meeting = fields.get(session, Meeting, self.meeting_id)
        self.previous = {f: getattr(meeting, f) for f in ("status", "agenda", "notes", "held_on")}
        meetings.hold_meeting(session, self.meeting_id, self.agenda, self.notes, self.held_on)

    def backward(self, session: Session) -> None:
        # plan.meetings has no "reopen" (update_meeting refuses the status): put back what the hold changed.
        fields.apply(fields.get(session, Meeting, self.meeting_id), self.previous)

"""Undoable commands for the alignment meetings; each calls ``plan.meetings``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from accountplan.model import Meeting
from accountplan.plan import fields, meetings
from accountplan.ui.common.commands import PlanCommand, PlanContext


class CreateMeeting(PlanCommand):
    """Plan the next alignment meeting (by default two months after the last one); undo removes it."""

    def __init__(self, context: PlanContext, account_id: int, on: dt.date | None = None) -> None:
        super().__init__(context, "plan the next alignment meeting", account_id)
        self.on = on
        self.meeting_id: int | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.meeting_id = meetings.create_next_meeting(
            session, self.account_id, on=self.on, today=dt.date.today()
        )

    def backward(self, session: Session) -> None:
        assert self.meeting_id is not None
        meetings.delete_meeting(session, self.meeting_id)


class UpdateMeeting(PlanCommand):
    """Change a meeting's title, date, location or notes."""

    def __init__(self, context: PlanContext, account_id: int, meeting_id: int, **changes: Any) -> None:
        names = ", ".join(f.replace("_", " ").replace("held on", "date") for f in changes)
        super().__init__(context, f"edit the meeting's {names}", account_id)
        self.meeting_id, self.changes = meeting_id, changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        self.previous = meetings.update_meeting(session, self.meeting_id, **self.changes)

    def backward(self, session: Session) -> None:
        meetings.update_meeting(session, self.meeting_id, **self.previous)


class SetAttendees(PlanCommand):
    """Who attended (or will attend) a meeting."""

    def __init__(
        self, context: PlanContext, account_id: int, meeting_id: int, co_seller_ids: list[int]
    ) -> None:
        super().__init__(context, "change the meeting's attendees", account_id)
        self.meeting_id, self.co_seller_ids = meeting_id, co_seller_ids
        self.previous: list[int] = []

    def forward(self, session: Session) -> None:
        self.previous = meetings.set_attendees(session, self.meeting_id, self.co_seller_ids)

    def backward(self, session: Session) -> None:
        meetings.set_attendees(session, self.meeting_id, self.previous)


class AddDecision(PlanCommand):
    """Record a decision of a meeting; it becomes an action with an owner and a due date."""

    def __init__(
        self,
        context: PlanContext,
        account_id: int,
        meeting_id: int,
        text: str,
        *,
        owner_id: int | None,
        due: dt.date | None,
    ) -> None:
        super().__init__(context, f"record the decision {text}", account_id)
        self.meeting_id, self.decision_text, self.owner_id, self.due = meeting_id, text, owner_id, due
        self.decision_id: int | None = None
        self.action_id: int | None = None

    def forward(self, session: Session) -> None:
        self.decision_id, self.action_id = meetings.add_decision(
            session, self.meeting_id, self.decision_text, owner_id=self.owner_id, due=self.due
        )

    def backward(self, session: Session) -> None:
        assert self.decision_id is not None
        meetings.delete_decision(session, self.decision_id, with_actions=True)


class HoldMeeting(PlanCommand):
    """Mark a meeting held, keeping the agenda as it stood and the notes; undo makes it planned again."""

    def __init__(
        self,
        context: PlanContext,
        account_id: int,
        meeting_id: int,
        agenda: str,
        notes: str,
        held_on: dt.date,
    ) -> None:
        super().__init__(context, "hold the alignment meeting", account_id)
        self.meeting_id, self.agenda, self.notes, self.held_on = meeting_id, agenda, notes, held_on
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        meeting = fields.get(session, Meeting, self.meeting_id)
        self.previous = {f: getattr(meeting, f) for f in ("status", "agenda", "notes", "held_on")}
        meetings.hold_meeting(session, self.meeting_id, self.agenda, self.notes, self.held_on)

    def backward(self, session: Session) -> None:
        # plan.meetings has no "reopen" (update_meeting refuses the status): put back what the hold changed.
        fields.apply(fields.get(session, Meeting, self.meeting_id), self.previous)

"""The deal team's work: actions and the bi-monthly alignment meetings with their decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accountplan.model.base import AccountScoped, Base, Versioned
from accountplan.model.enums import ActionStatus, MeetingStatus
from accountplan.model.types import UTCDateTime, enum_type, utcnow


class Meeting(AccountScoped, Versioned, Base):
    """An alignment meeting of the deal team."""

    __tablename__ = "meetings"
    label_attribute = "title"

    title: Mapped[str] = mapped_column(String(300), default="Alignment meeting")
    held_on: Mapped[dt.date] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[MeetingStatus] = mapped_column(enum_type(MeetingStatus), default=MeetingStatus.PLANNED)
    #: The agenda as it stood when the meeting was held (generated from the change log, then edited).
    agenda: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class MeetingAttendee(AccountScoped, Base):
    """A co-seller who attended a meeting."""

    __tablename__ = "meeting_attendees"
    __table_args__ = (UniqueConstraint("meeting_id", "co_seller_id"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    co_seller_id: Mapped[int] = mapped_column(ForeignKey("co_sellers.id", ondelete="CASCADE"))


class MeetingDecision(AccountScoped, Versioned, Base):
    """A decision taken in a meeting; each decision becomes one or more actions."""

    __tablename__ = "meeting_decisions"
    label_attribute = "text"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Action(AccountScoped, Versioned, Base):
    """Something the team must do, owned by a co-seller, and what it is for."""

    __tablename__ = "actions"
    label_attribute = "title"

    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("co_sellers.id", ondelete="SET NULL"), index=True)
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), default=ActionStatus.OPEN)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    stakeholder_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"))
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    red_flag_id: Mapped[int | None] = mapped_column(ForeignKey("red_flags.id", ondelete="SET NULL"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_decisions.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def is_overdue(self, today: dt.date) -> bool:
        return is_overdue(self.due, self.status, today)


def is_overdue(due: dt.date | None, status: ActionStatus, today: dt.date) -> bool:
    """Whether an action due on ``due`` in ``status`` is overdue ``today``: due before it and not closed."""
    return due is not None and due < today and not status.is_closed

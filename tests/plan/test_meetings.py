"""Alignment meetings: the next one two months after the last, attendance, decisions that become actions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from accountplan.errors import InvalidValue
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Meeting
from accountplan.model.enums import ActionStatus, CoSellerRole, MeetingStatus
from accountplan.plan.actions import list_actions
from accountplan.plan.meetings import (
    add_decision,
    add_months,
    create_next_meeting,
    delete_decision,
    hold_meeting,
    list_meetings,
    meeting_detail,
    set_attendees,
    update_meeting,
)
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)


def _date(db: Database, meeting_id: int) -> dt.date:
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        return meeting.held_on


def test_the_next_meeting_is_two_months_after_the_last(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        first = create_next_meeting(session, account_id, today=dt.date(2026, 10, 1))
        second = create_next_meeting(session, account_id, today=dt.date(2026, 10, 1))
        third = create_next_meeting(session, account_id, today=dt.date(2026, 10, 1))
    # none before: two weeks from today; then two months after the last one, held or planned
    assert [_date(db, m) for m in (first, second, third)] == [
        dt.date(2026, 10, 15),
        dt.date(2026, 12, 15),
        dt.date(2027, 2, 15),
    ]


def test_the_default_day_avoids_weekends_and_the_past(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        create_next_meeting(session, account_id, on=dt.date(2026, 10, 13), today=TODAY)
        after_a_tuesday = create_next_meeting(session, account_id, today=TODAY)  # 13 Dec 2026 is a Sunday
    assert _date(db, after_a_tuesday) == dt.date(2026, 12, 14)
    with db.transaction() as session:
        long_ago = create_next_meeting(session, account_id, today=dt.date(2028, 3, 1))
    assert _date(db, long_ago) == dt.date(2028, 3, 15)
    assert add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)


def test_decisions_become_actions_with_an_owner_and_a_due_date(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        helen = add_co_seller(session, "Helen Park", CoSellerRole.EXECUTIVE_SPONSOR)
        marcus = add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE)
        join_team(session, account_id, helen)
        join_team(session, account_id, marcus)
        meeting = create_next_meeting(session, account_id, on=dt.date(2026, 12, 11))
        decision, action = add_decision(
            session,
            meeting,
            "Helen Park opens the CFO relationship at the Tokyo summit.\nBrief her on 黒田 浩 first.",
            owner_id=helen,
            due=dt.date(2027, 1, 20),
        )
        add_decision(session, meeting, "Marcus owns the business case now.", owner_id=marcus, due=None)
    with db.session() as session:
        rows = {r.id: r for r in list_actions(session, account_id, TODAY)}
        detail = meeting_detail(session, meeting)
    assert (rows[action].title, rows[action].owner, rows[action].due, rows[action].status) == (
        "Helen Park opens the CFO relationship at the Tokyo summit.",
        "Helen Park",
        dt.date(2027, 1, 20),
        ActionStatus.OPEN,
    )
    assert rows[action].purpose == (
        "Decision: Helen Park opens the CFO relationship at the Tokyo summit.\nBrief her on 黒田 浩 first."
    )
    assert rows[action].purpose_kind == "decision"
    assert [(d.text.splitlines()[0], [a[2] for a in d.actions]) for d in detail.decisions] == [
        ("Helen Park opens the CFO relationship at the Tokyo summit.", ["Helen Park"]),
        ("Marcus owns the business case now.", ["Marcus Lindqvist"]),
    ]
    with db.transaction() as session:
        delete_decision(session, decision)
    with db.session() as session:
        assert action not in {r.id for r in list_actions(session, account_id, TODAY)}
    with db.transaction() as session, pytest.raises(InvalidValue, match="needs its text"):
        add_decision(session, meeting, "  ", owner_id=marcus, due=None)


def test_attendance_holding_and_the_history_latest_first(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        people = [
            add_co_seller(session, name, CoSellerRole.SPECIALIST) for name in ("Ana", "Ben", "Søren Ødegård")
        ]
        held = create_next_meeting(
            session, account_id, on=dt.date(2026, 10, 13), title="Deal team alignment #12"
        )
        planned = create_next_meeting(session, account_id, today=TODAY, title="Deal team alignment #13")
        assert set_attendees(session, held, people[:2]) == []
    with db.transaction() as session:
        assert set_attendees(session, held, people[1:]) == sorted(people[:2])
        hold_meeting(
            session, held, "1. Overdue actions", "Sole-source justification agreed.", dt.date(2026, 10, 14)
        )
        previous = update_meeting(session, planned, location="Corvane Hamburg (HafenCity)")
    assert previous == {"location": ""}
    with db.session() as session:
        history = list_meetings(session, account_id)
        detail = meeting_detail(session, held)
    assert [(m.title, m.held_on, m.status, m.attendees, m.decisions) for m in history] == [
        ("Deal team alignment #13", dt.date(2026, 12, 14), MeetingStatus.PLANNED, 0, 0),
        ("Deal team alignment #12", dt.date(2026, 10, 14), MeetingStatus.HELD, 2, 0),
    ]
    assert [name for _, name in detail.attendees] == ["Ben", "Søren Ødegård"]
    assert (detail.agenda, detail.notes) == ("1. Overdue actions", "Sole-source justification agreed.")


def test_the_demo_plans_its_next_meeting_two_months_after_the_planned_one(db: Database) -> None:
    load_demo(db, TODAY)
    with db.session() as session:
        account_id = session.scalar(select(Account.id))
        assert account_id is not None
        history = list_meetings(session, account_id)
    assert [(m.held_on, m.status) for m in history[:2]] == [
        (dt.date(2026, 12, 11), MeetingStatus.PLANNED),
        (dt.date(2026, 10, 13), MeetingStatus.HELD),
    ]
    assert sum(m.status is MeetingStatus.HELD for m in history) == 5
    assert all(m.attendees for m in history if m.status is MeetingStatus.HELD)
    with db.transaction() as session:
        following = create_next_meeting(session, account_id, today=TODAY)
    assert _date(db, following) == dt.date(2027, 2, 11)

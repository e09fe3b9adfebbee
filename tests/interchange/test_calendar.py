"""The calendar export: valid iCalendar that another calendar reads back, names in any script intact."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from sqlalchemy import select, text

from accountplan.interchange.calendar import calendar_for, export_calendar
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Milestone
from accountplan.model.enums import ActionStatus, CoSellerRole, MilestoneStatus, SalesStage
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action, update_action
from accountplan.plan.meetings import create_next_meeting, hold_meeting, set_attendees, update_meeting
from accountplan.plan.opportunities import add_opportunity, set_stage
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)


def _entries(data: bytes) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]


@pytest.fixture
def account(db: Database) -> int:
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
        account_id = create_account(session, "Shirokane Nordhaven Holdings")
        soren = add_co_seller(
            session, "Søren Ødegård", CoSellerRole.SPECIALIST, email="soren@corvane.example"
        )
        inoue = add_co_seller(session, "井上 大輔", CoSellerRole.PARTNER, email="inoue@asahidai.example")
        quiet = add_co_seller(session, "No Email", CoSellerRole.SDR_BDR)
        for seller in (soren, inoue, quiet):
            join_team(session, account_id, seller)
        held = create_next_meeting(
            session, account_id, on=dt.date(2026, 10, 13), title="Deal team alignment #12"
        )
        set_attendees(session, held, [soren, inoue, quiet])
        hold_meeting(session, held, "1. Überfällige Aktionen", "Zoë agreed.", dt.date(2026, 10, 13))
        planned = create_next_meeting(session, account_id, today=TODAY, title="Deal team alignment #13")
        update_meeting(session, planned, location="Corvane Hamburg (HafenCity)")
        session.add_all(
            [
                Milestone(
                    account_id=account_id,
                    title="Steering committee with the Group COO",
                    target_date=dt.date(2026, 11, 18),
                    status=MilestoneStatus.REACHED,
                    reached_on=dt.date(2026, 11, 14),
                ),
                Milestone(account_id=account_id, title="Contract signed", target_date=dt.date(2027, 3, 31)),
            ]
        )
        add_action(
            session,
            account_id,
            "Walk Ольга Ким through the architecture",
            owner_id=inoue,
            due=dt.date(2026, 11, 14),
        )
        add_action(session, account_id, "No due date, not in a calendar", owner_id=soren)
        done = add_action(session, account_id, "Already done", due=dt.date(2026, 10, 1))
        update_action(session, done, status=ActionStatus.DONE)
        deal = add_opportunity(session, account_id, "Project Tsubasa", sales_stage=SalesStage.PROPOSAL)
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2026, 11, 3, 4, 45, tzinfo=dt.UTC)
        session.info["user"] = "Marcus Lindqvist"
        set_stage(session, deal, SalesStage.NEGOTIATION)  # so that the planned meeting's agenda has news
    return account_id


def test_every_entry_has_a_uid_and_a_dtstamp_and_reads_back(db: Database, account: int) -> None:
    with db.session() as session:
        export = export_calendar(session, account, TODAY)
    entries = _entries(export.data)
    assert (export.meetings, export.milestones, export.actions) == (2, 2, 1)
    assert [c.name for c in entries].count("VTODO") == 1 and len(entries) == 5
    assert all(c.get("uid") and c.get("dtstamp") for c in entries)
    assert len({str(c["uid"]) for c in entries}) == 5
    assert {c["dtstamp"].dt for c in entries} == {dt.datetime(2026, 11, 23, tzinfo=dt.UTC)}
    summaries = {str(c["summary"]) for c in entries}
    assert summaries == {
        "Deal team alignment #12 (Shirokane Nordhaven Holdings)",
        "Deal team alignment #13 (Shirokane Nordhaven Holdings)",
        "Milestone: Steering committee with the Group COO",
        "Milestone: Contract signed",
        "Walk Ольга Ким through the architecture",
    }


def test_meetings_carry_their_attendees_and_agenda_in_any_script(db: Database, account: int) -> None:
    with db.session() as session:
        entries = {
            str(c["summary"]).split(" (")[0]: c for c in _entries(calendar_for(session, account, TODAY))
        }
    held, planned = entries["Deal team alignment #12"], entries["Deal team alignment #13"]
    assert held["dtstart"].dt == dt.date(2026, 10, 13) and held["dtend"].dt == dt.date(2026, 10, 14)
    attendees = held["attendee"]
    assert {(str(a), a.params["cn"]) for a in attendees} == {
        ("mailto:soren@corvane.example", "Søren Ødegård"),
        ("mailto:inoue@asahidai.example", "井上 大輔"),
    }  # without an email address there is no calendar address to invite
    assert str(held["description"]) == "1. Überfällige Aktionen\n\nZoë agreed."
    assert str(planned["location"]) == "Corvane Hamburg (HafenCity)"
    assert planned["dtstart"].dt == dt.date(2026, 12, 14)
    assert str(planned["description"]) == (
        "What changed since 13 October 2026\n\n"
        "Stage changes (1)\n"
        "• Project Tsubasa moved from Proposal to Negotiation (Marcus Lindqvist, 3 Nov)\n\n"
        "Actions overdue (1)\n"
        "• Walk Ольга Ким through the architecture (井上 大輔, due 14 Nov, 9 days late)"
    )
    todo = entries["Walk Ольга Ким through the architecture"]
    assert (todo["due"].dt, str(todo["status"])) == (dt.date(2026, 11, 14), "NEEDS-ACTION")
    assert str(todo["description"]).startswith("Owner: 井上 大輔")


def test_uids_stay_the_same_from_one_export_to_the_next(db: Database, account: int) -> None:
    with db.session() as session:
        first = {str(c["uid"]): str(c["summary"]) for c in _entries(calendar_for(session, account, TODAY))}
        later = {
            str(c["uid"]): str(c["summary"])
            for c in _entries(calendar_for(session, account, TODAY + dt.timedelta(days=3)))
        }
    assert first == later


def test_the_demo_calendar(db: Database) -> None:
    load_demo(db, TODAY)
    with db.session() as session:
        account_id = session.scalar(select(Account.id))
        assert account_id is not None
        export = export_calendar(session, account_id, TODAY)
    entries = _entries(export.data)
    assert (export.meetings, export.milestones) == (6, 15)
    assert export.actions == len([c for c in entries if c.name == "VTODO"]) > 16
    assert all(c.get("uid") and c.get("dtstamp") for c in entries)
    assert any("Ольга Ким" in str(c["summary"]) for c in entries if c.name == "VTODO")


#: What RFC 5545 forbids in a text value (CONTROL but tab), and what no calendar shows: DEL and C1 controls.
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def test_control_characters_written_with_sql_never_reach_the_file(db: Database, account: int) -> None:
    hostile = "Qu\x01ix\x0bZor\x1bb\x00a\rVex\x7fo\x85Wy\x1cn"
    with db.transaction(audit=False) as session:  # past the text rules, as an old database holds them
        for table, columns in {
            "accounts": ("name",),
            "meetings": ("title", "location", "agenda", "notes"),
            "milestones": ("title", "description"),
            "actions": ("title", "description"),
            "co_sellers": ("name",),
        }.items():
            for column in columns:
                session.execute(text(f"UPDATE {table} SET {column} = :h || {column}"), {"h": hostile})
    with db.session() as session:
        export = export_calendar(session, account, TODAY)
    unfolded = export.data.replace(b"\r\n ", b"")
    assert CONTROL.search(unfolded.replace(b"\r\n", b"")) is None
    assert all(line for line in unfolded.split(b"\r\n")[:-1])  # no bare CR or LF: every line ends in CRLF
    assert b"\n" not in unfolded.replace(b"\r\n", b"") and b"\r" not in unfolded.replace(b"\r\n", b"")
    entries = _entries(export.data)
    assert (export.meetings, export.milestones, export.actions) == (2, 2, 1) and len(entries) == 5
    shown = "Quix\nZorba\nVexo\nWyn"  # the line breaks (CR, VT, NEL) kept as line breaks, the rest dropped
    assert {str(c["summary"]).split(" (")[0] for c in entries} == {
        f"{shown}Deal team alignment #12",
        f"{shown}Deal team alignment #13",
        f"Milestone: {shown}Steering committee with the Group COO",
        f"Milestone: {shown}Contract signed",
        f"{shown}Walk Ольга Ким through the architecture",
    }
    held = next(c for c in entries if "#12" in str(c["summary"]))
    assert {a.params["cn"] for a in held["attendee"]} == {f"{shown}Søren Ødegård", f"{shown}井上 大輔"}
    assert str(held["description"]) == f"{shown}1. Überfällige Aktionen\n\n{shown}Zoë agreed."
    calendar = icalendar.Calendar.from_ical(export.data)
    assert str(calendar["x-wr-calname"]) == "Quix Zorba Vexo WynShirokane Nordhaven Holdings: deal team"


def test_an_email_address_with_a_line_break_is_left_off_the_attendees(db: Database, account: int) -> None:
    with db.transaction(audit=False) as session:
        session.execute(
            text("UPDATE co_sellers SET email = :e WHERE name = :n"),
            {"e": "soren@corvane.example\r\nATTENDEE:mailto:eve@evil.example", "n": "Søren Ødegård"},
        )
        session.execute(
            text("UPDATE co_sellers SET email = :e WHERE name = :n"), {"e": "  ", "n": "No Email"}
        )
    with db.session() as session:
        data = calendar_for(session, account, TODAY)
    assert b"evil.example" not in data
    held = next(c for c in _entries(data) if "#12" in str(c["summary"]))
    attendees = held["attendee"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [(str(a), a.params["cn"]) for a in attendees] == [("mailto:inoue@asahidai.example", "井上 大輔")]


@pytest.mark.parametrize("table", ["meetings", "milestones", "actions"])
def test_an_entry_on_the_last_day_a_date_can_hold_is_a_one_day_entry(
    db: Database, account: int, table: str
) -> None:
    """31 December 9999 has no day after it to end on: the entry has no DTEND, which means one day."""
    column = {"meetings": "held_on", "milestones": "target_date", "actions": "due"}[table]
    with db.transaction(audit=False) as session:
        session.execute(text(f"UPDATE {table} SET {column} = '9999-12-31' WHERE {column} IS NOT NULL"))
    with db.session() as session:
        export = export_calendar(session, account, TODAY)
    entries = _entries(export.data)
    assert (export.meetings, export.milestones, export.actions) == (2, 2, 1) and len(entries) == 5
    last = [c for c in entries if (c.get("dtstart") or c.get("due")).dt == dt.date.max]
    assert len(last) == {"meetings": 2, "milestones": 2, "actions": 1}[table]
    assert all("dtend" not in c for c in last)
    assert all(c["dtend"].dt == c["dtstart"].dt + dt.timedelta(days=1) for c in entries if "dtend" in c)

"""The agenda that writes itself: a scripted history gives exactly the expected lines, and the demo's story."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.changes import SECTIONS, Agenda, agenda_for, changes_since
from accountplan.interchange.demo import load_demo
from accountplan.model import Meeting, Milestone, RedFlag
from accountplan.model.enums import (
    ActionStatus,
    BuyingStage,
    CoSellerRole,
    MeetingStatus,
    MilestoneStatus,
    Outcome,
    RelationshipStrength,
    SalesStage,
    Severity,
    Stance,
)
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action, list_actions, update_action
from accountplan.plan.coverage import restore_coverage, set_coverage
from accountplan.plan.meetings import create_next_meeting, hold_meeting
from accountplan.plan.opportunities import add_opportunity, close_opportunity, set_stage, update_opportunity
from accountplan.plan.stakeholders import add_stakeholder, mark_departed, update_stakeholder
from accountplan.plan.team import add_co_seller, join_team, leave_team
from accountplan.store.database import Database

NONE, BRIEF, WORKING, STRONG, _ = RelationshipStrength


@contextmanager
def at(db: Database, when: str, user: str = "Marcus Lindqvist") -> Iterator[Session]:
    """A transaction whose changes the log dates ``when`` (UTC) and credits to ``user``."""
    with db.transaction() as session:
        session.info["now"] = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        session.info["user"] = user
        yield session


def _milestone(session: Session, account_id: int, title: str, target: dt.date) -> int:
    milestone = Milestone(account_id=account_id, title=title, target_date=target)
    session.add(milestone)
    session.flush()
    return milestone.id


@pytest.fixture
def history(db: Database) -> dict[str, int]:
    """Two months of a pursuit between alignment meeting #12 (13 Oct 2026) and #13, planned."""
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Shirokane Nordhaven Holdings")
        ids = {"account": account}
        for key, name, role in [
            ("marcus", "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE),
            ("lars", "Lars Pettersson", CoSellerRole.SOLUTION_CONSULTANT),
            ("priyanka", "Priyanka Shah", CoSellerRole.SPECIALIST),
            ("helen", "Helen Park", CoSellerRole.EXECUTIVE_SPONSOR),
        ]:
            ids[key] = add_co_seller(session, name, role)
            join_team(session, account, ids[key])
        ids["zoe"] = add_stakeholder(
            session, account, "Zoë Lefèvre", title="Head of Group Procurement", stance=Stance.SUPPORTER
        )
        ids["henrik"] = add_stakeholder(
            session, account, "Henrik Solberg", title="VP Logistics Excellence", stance=Stance.CHAMPION
        )
        ids["inoue"] = add_stakeholder(session, account, "井上 大輔", title="General Manager, IT")
        ids["chiara"] = add_stakeholder(session, account, "Chiara Bellucci", influence=3)
        ids["tsubasa"] = add_opportunity(session, account, "Project Tsubasa", sales_stage=SalesStage.PROPOSAL)
        ids["scope3"] = add_opportunity(session, account, "Scope 3 ledger", sales_stage=SalesStage.DISCOVERY)
        set_coverage(session, ids["marcus"], ids["henrik"], WORKING, is_owner=True)
        set_coverage(session, ids["marcus"], ids["zoe"], BRIEF)
        set_coverage(session, ids["priyanka"], ids["inoue"], BRIEF)
        set_coverage(session, ids["helen"], ids["chiara"], WORKING)
        ids["pilot"] = add_action(
            session, account, "Send the pilot results to Zoë", owner_id=ids["lars"], due=dt.date(2026, 11, 10)
        )
        add_action(
            session, account, "Draft the sole-source memo", owner_id=ids["marcus"], due=dt.date(2026, 11, 20)
        )
        cfo = add_action(
            session, account, "Book the CFO review", owner_id=ids["helen"], due=dt.date(2026, 10, 5)
        )
        update_action(session, cfo, status=ActionStatus.IN_PROGRESS)
        add_action(session, account, "Prepare the steering committee", due=dt.date(2026, 12, 20))
        ids["dropped"] = add_action(session, account, "Visit the Nagoya works", due=dt.date(2026, 11, 1))
        old = add_action(session, account, "Share the reference call notes", due=dt.date(2026, 9, 1))
        update_action(session, old, status=ActionStatus.DONE)
        _milestone(session, account, "Pilot success criteria signed", dt.date(2026, 9, 1))
        ids["steering"] = _milestone(
            session, account, "First executive steering committee", dt.date(2026, 11, 18)
        )
        _milestone(session, account, "Business case approved", dt.date(2026, 11, 20))
        _milestone(session, account, "Contract signed", dt.date(2027, 3, 31))
        session.add(RedFlag(account_id=account, title="Works council objects to monitoring"))
        ids["meeting12"] = create_next_meeting(
            session, account, on=dt.date(2026, 10, 13), title="Deal team alignment #12"
        )
    with at(db, "2026-10-13T16:00") as session:
        hold_meeting(session, ids["meeting12"], "1. Overdue actions", "", dt.date(2026, 10, 13))
    with at(db, "2026-10-13T17:30") as session:  # the evening of the meeting: still the meeting's day
        update_stakeholder(session, ids["inoue"], influence=2)

    with at(db, "2026-10-20T08:00") as session:
        update_stakeholder(session, ids["inoue"], stance=Stance.SKEPTIC)
    with at(db, "2026-10-27T08:00") as session:  # and back: no shift to report
        update_stakeholder(session, ids["inoue"], stance=Stance.NEUTRAL)
    with at(db, "2026-10-29T10:00") as session:
        leave_team(session, account, ids["priyanka"], dt.date(2026, 10, 29))
    with at(db, "2026-10-31T09:00") as session:
        mark_departed(session, ids["henrik"], dt.date(2026, 10, 30))
    with at(db, "2026-11-01T05:25", user="Chloé Martin") as session:
        ids["felix"] = add_stakeholder(
            session, account, "Dr. Felix Baumgartner", title="Interim VP Logistics Excellence"
        )
    with at(db, "2026-11-03T06:50") as session:
        set_coverage(session, ids["lars"], ids["inoue"], WORKING)
    with at(db, "2026-11-03T07:00") as session:  # Henrik's relationship handed over to Helen
        set_coverage(session, ids["helen"], ids["henrik"], BRIEF, is_owner=True)
    with at(db, "2026-11-04T11:00") as session:
        set_coverage(session, ids["marcus"], ids["zoe"], STRONG)
    with at(db, "2026-11-05T01:10", user="Lars Pettersson") as session:
        update_action(session, ids["pilot"], status=ActionStatus.DONE)
    with at(db, "2026-11-06T12:00", user="Helen Park") as session:  # removed by mistake, then undone
        previous = set_coverage(session, ids["helen"], ids["chiara"], NONE)
    with at(db, "2026-11-06T12:01", user="Helen Park") as session:
        restore_coverage(session, ids["helen"], ids["chiara"], previous)
    with at(db, "2026-11-08T01:10") as session:
        update_stakeholder(session, ids["chiara"], influence=4)
        set_coverage(session, ids["helen"], ids["chiara"], WORKING, is_owner=True)
    with at(db, "2026-11-12T05:20") as session:
        set_coverage(session, ids["priyanka"], ids["inoue"], NONE)
    with at(db, "2026-11-13T03:20") as session:
        flag = RedFlag(
            account_id=account, title="ERP team prefers Kinetica's connector", severity=Severity.HIGH
        )
        flag.source_id = ids["inoue"]
        session.add(flag)
    with at(db, "2026-11-14T04:45") as session:
        set_stage(session, ids["tsubasa"], SalesStage.NEGOTIATION)
        set_stage(session, ids["scope3"], SalesStage.DEMONSTRATION)
    with at(db, "2026-11-14T06:10") as session:
        steering = session.get(Milestone, ids["steering"])
        assert steering is not None
        steering.status, steering.reached_on = MilestoneStatus.REACHED, dt.date(2026, 11, 14)
    with at(db, "2026-11-15T09:00") as session:  # the demonstration was premature: back to discovery
        set_stage(session, ids["scope3"], SalesStage.DISCOVERY)
    with at(db, "2026-11-17T10:25", user="Hannah Schultz") as session:
        update_stakeholder(session, ids["zoe"], stance=Stance.CHAMPION)
    with at(db, "2026-11-18T08:00") as session:
        update_action(session, ids["dropped"], status=ActionStatus.CANCELLED)
    with at(db, "2026-11-20T09:00") as session:
        ids["meeting13"] = create_next_meeting(
            session, account, title="Deal team alignment #13", today=dt.date(2026, 11, 20)
        )
    return ids


EXPECTED = {
    "Stage changes": ["Project Tsubasa moved from Proposal to Negotiation (Marcus Lindqvist, 14 Nov)"],
    "Leadership changes": [],  # nobody decisive joined or left, and nobody's title or manager changed
    "New stakeholders": [
        "Dr. Felix Baumgartner (Interim VP Logistics Excellence) was added (Chloé Martin, 1 Nov)"
    ],
    "Departed stakeholders": ["Henrik Solberg (VP Logistics Excellence) left the company (30 Oct)"],
    "Stance and influence shifts": [
        "Chiara Bellucci's influence: 3 → 4",
        "Zoë Lefèvre's stance: Supporter → Champion",
    ],
    "Coverage gained": [
        "Lars Pettersson now covers 井上 大輔 (working)",
        "Helen Park now covers Henrik Solberg (brief) and owns the relationship",
        "Marcus Lindqvist's relationship with Zoë Lefèvre grew from brief to strong",
        "Helen Park now owns the relationship with Chiara Bellucci",
    ],
    "Coverage lost": [
        "Priyanka Shah left the deal team (29 Oct)",
        "Priyanka Shah no longer covers 井上 大輔",
    ],
    "Actions done": ["Send the pilot results to Zoë (Lars Pettersson, 5 Nov)"],
    "Actions overdue": [
        "Book the CFO review (Helen Park, due 5 Oct, 57 days late)",
        "Draft the sole-source memo (Marcus Lindqvist, due 20 Nov, 11 days late)",
    ],
    "New red flags": ["ERP team prefers Kinetica's connector (high, raised by 井上 大輔)"],
    "Milestones reached": ["First executive steering committee was reached on 14 Nov (target 18 Nov)"],
    "Milestones missed": ["Business case approved (target 20 Nov) was not reached"],
}


def test_since_the_last_meeting_gives_exactly_the_expected_agenda(
    db: Database, history: dict[str, int]
) -> None:
    with db.session() as session:
        meeting = session.get(Meeting, history["meeting13"])
        assert meeting is not None and meeting.held_on == dt.date(2026, 12, 14)  # two months on, a Monday
        agenda = agenda_for(session, history["meeting13"], dt.date(2026, 12, 1))
    assert agenda.since == dt.datetime(2026, 10, 14, tzinfo=dt.UTC)  # the end of the meeting's day
    assert agenda.until == dt.datetime(2026, 12, 2, tzinfo=dt.UTC)  # still ahead: up to the end of today
    assert list(agenda.sections) == list(SECTIONS) == list(EXPECTED)
    assert {name: agenda.lines(name) for name in SECTIONS} == EXPECTED
    about = {(item.text.split("'")[0], item.entity_type, item.entity_id) for item in agenda.items}
    assert ("Zoë Lefèvre", "stakeholders", history["zoe"]) in about
    assert ("Priyanka Shah no longer covers 井上 大輔", "coverage", None) in about  # deleted: nothing to open


def test_the_agenda_reads_aloud_section_by_section(db: Database, history: dict[str, int]) -> None:
    with db.session() as session:
        text = agenda_for(session, history["meeting13"], dt.date(2026, 12, 1)).as_text()
    assert text.startswith("What changed since 13 October 2026\n\nStage changes (1)\n• Project Tsubasa moved")
    assert (
        "\n\nActions overdue (2)\n"
        "• Book the CFO review (Helen Park, due 5 Oct, 57 days late)\n"
        "• Draft the sole-source memo (Marcus Lindqvist, due 20 Nov, 11 days late)\n\n"
    ) in text
    assert text.endswith("Milestones missed (1)\n• Business case approved (target 20 Nov) was not reached\n")


def test_a_held_meeting_keeps_the_agenda_of_its_own_day(db: Database, history: dict[str, int]) -> None:
    """Held on 14 Dec, its agenda stops there: the action done afterwards was still overdue then."""
    with at(db, "2026-12-14T15:00") as session:
        hold_meeting(session, history["meeting13"], "", "", dt.date(2026, 12, 14))
    with at(db, "2026-12-20T10:00") as session:
        add_action(session, history["account"], "Created after the meeting", due=dt.date(2026, 12, 1))
        update_action(session, history["pilot"], status=ActionStatus.OPEN)
    with db.session() as session:
        later = agenda_for(session, history["meeting13"], dt.date(2027, 1, 10))
    assert later.until == dt.datetime(2026, 12, 15, tzinfo=dt.UTC)
    # reopened since, but done when the meeting was held: the agenda says what the meeting saw
    assert later.lines("Actions done") == ["Send the pilot results to Zoë (Lars Pettersson, 5 Nov)"]
    assert later.lines("Actions overdue") == [
        "Book the CFO review (Helen Park, due 5 Oct, 70 days late)",
        "Draft the sole-source memo (Marcus Lindqvist, due 20 Nov, 24 days late)",
    ]
    with db.session() as session:
        rows = {r.title: r for r in list_actions(session, history["account"], dt.date(2027, 1, 10))}
    assert (
        rows["Send the pilot results to Zoë"].overdue and rows["Created after the meeting"].overdue
    )  # today


def test_nothing_changed_says_so(db: Database) -> None:
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Quiet Corp")
        held = create_next_meeting(session, account, on=dt.date(2026, 10, 13))
        hold_meeting(session, held, "", "", dt.date(2026, 10, 13))
        planned = create_next_meeting(session, account, today=dt.date(2026, 10, 14))
    with db.session() as session:
        agenda = agenda_for(session, planned, dt.date(2026, 10, 20))
        everything = changes_since(session, account, None, agenda.until, dt.date(2026, 10, 20))
    assert agenda.is_empty and all(lines == [] for lines in agenda.sections.values())
    assert agenda.as_text() == "Nothing changed since 13 October 2026.\n"
    assert everything.since is None and everything.is_empty  # the account and meetings are not news


def test_the_demo_agenda_tells_the_story_since_meeting_12(db: Database) -> None:
    load_demo(db, dt.date(2026, 11, 23))
    with db.session() as session:
        planned = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED)).one()
        agenda: Agenda = agenda_for(session, planned.id, dt.date(2026, 11, 23))
    assert agenda.since_text == "13 October 2026"
    assert (
        "Project Tsubasa – group supply chain control tower moved from Proposal to Negotiation (Marcus Lindqvist, 3 Nov)"
        in agenda.lines("Stage changes")
    )
    assert agenda.lines("New stakeholders") == [
        "Priya Raman (Director, Procurement Excellence) was added (Chloé Martin, 16 Oct)",
        "Dr. Felix Baumgartner (Interim Vice President, Logistics Excellence) was added (Marcus Lindqvist, 1 Nov)",
    ]
    assert agenda.lines("Departed stakeholders") == [
        "Henrik Solberg (Vice President, Logistics Excellence) left the company (30 Oct)"
    ]
    assert "Jens Møller-Hartmann's stance: Supporter → Champion" in agenda.lines(
        "Stance and influence shifts"
    )
    assert agenda.lines("Coverage lost") == [
        "Lars Pettersson left the deal team (29 Oct)",
        "Lars Pettersson no longer covers Дмитрий Соколов",
        "Lars Pettersson no longer covers 井上 大輔",
    ]
    assert agenda.lines("Coverage gained") == [
        "Chloé Martin now covers Priya Raman (brief) and owns the relationship",
        "Marcus Lindqvist now covers Dr. Felix Baumgartner (brief) and owns the relationship",
    ]
    assert len(agenda.lines("Actions overdue")) == 16 and len(agenda.lines("Actions done")) == 16
    assert len(agenda.lines("New red flags")) == 2
    assert agenda.lines("Milestones reached") == [
        "First executive steering committee with the Group COO was reached on 14 Nov (target 18 Nov)"
    ]


def test_deals_closing_slipping_and_the_team_coming_back_read_as_news(db: Database) -> None:
    with at(db, "2026-09-01T09:00") as session:
        account = create_account(session, "Acme")
        helen = add_co_seller(session, "Helen Park", CoSellerRole.EXECUTIVE_SPONSOR)
        join_team(session, account, helen)
        pilot = add_opportunity(session, account, "Hamburg pilot", sales_stage=SalesStage.NEGOTIATION)
        ledger = add_opportunity(session, account, "Scope 3 ledger", expected_close=dt.date(2027, 1, 31))
        held = create_next_meeting(session, account, on=dt.date(2026, 10, 13))
        hold_meeting(session, held, "", "", dt.date(2026, 10, 13))
        leave_team(session, account, helen, dt.date(2026, 9, 30))
    with at(db, "2026-10-20T09:00") as session:
        close_opportunity(session, pilot, Outcome.WON, "The pilot numbers spoke for themselves.")
        update_opportunity(session, ledger, expected_close=dt.date(2027, 3, 31))
        set_stage(session, ledger, BuyingStage.EVALUATE)
    with at(db, "2026-10-21T09:00", user="Hannah Schultz") as session:
        join_team(session, account, helen)
        ana = add_co_seller(session, "Ana Ribeiro", CoSellerRole.CUSTOMER_SUCCESS_MANAGER)
        join_team(session, account, ana)
        planned = create_next_meeting(session, account, today=dt.date(2026, 10, 21))
    with db.session() as session:
        agenda = agenda_for(session, planned, dt.date(2026, 10, 22))
    assert agenda.lines("Stage changes") == [
        "Hamburg pilot was won (Marcus Lindqvist, 20 Oct)",
        "On Scope 3 ledger the customer moved from Something changes to Evaluate (Marcus Lindqvist, 20 Oct)",
        "Scope 3 ledger's expected close slipped from 31 Jan 2027 to 31 Mar 2027 (Marcus Lindqvist, 20 Oct)",
    ]
    assert agenda.lines("Coverage gained") == [
        "Helen Park is back on the deal team",
        "Ana Ribeiro joined the deal team",
    ]

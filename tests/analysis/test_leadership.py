"""Leadership changes reach the alignment agenda (a section of their own) and the findings, on real SQLite files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from accountplan.analysis.changes import (
    DEPARTED_STAKEHOLDERS,
    LEADERSHIP_CHANGES,
    NEW_STAKEHOLDERS,
    SECTIONS,
    agenda_for,
)
from accountplan.analysis.finding import FindingKind
from accountplan.analysis.findings import find_all, summary
from accountplan.analysis.graphs import load_graphs
from accountplan.analysis.leadership import LeadershipKind, recent_leadership_changes
from accountplan.model import ChangeLogEntry
from accountplan.model.enums import BuyingRole, ChangeKind, CoSellerRole, RelationshipStrength, Severity
from accountplan.plan.accounts import create_account
from accountplan.plan.coverage import set_coverage
from accountplan.plan.meetings import create_next_meeting, hold_meeting
from accountplan.plan.stakeholders import (
    add_stakeholder,
    mark_departed,
    set_manager,
    set_roles,
    update_stakeholder,
)
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

TODAY = dt.date(2026, 12, 1)


@contextmanager
def at(db: Database, when: str, user: str = "Marcus Lindqvist") -> Iterator[Session]:
    """A transaction whose changes the log dates ``when`` (UTC) and credits to ``user``."""
    with db.transaction() as session:
        session.info["now"] = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        session.info["user"] = user
        yield session


@pytest.fixture
def history(db: Database) -> dict[str, int]:
    """An org chart before alignment meeting #12 (13 Oct 2026), and the leadership changes after it."""
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Shirokane Nordhaven Holdings")
        ids = {"account": account}
        ids["hiroshi"] = add_stakeholder(
            session, account, "Hiroshi Kaiyō", title="CEO", influence=5, roles={BuyingRole.ECONOMIC_BUYER}
        )
        ids["ken"] = add_stakeholder(session, account, "Ken Sato", title="COO", reports_to_id=ids["hiroshi"])
        ids["aiko"] = add_stakeholder(
            session, account, "Aiko Tanaka", title="CIO", influence=4, reports_to_id=ids["ken"]
        )
        ids["yuki"] = add_stakeholder(
            session, account, "Yuki Mori", title="Analyst", reports_to_id=ids["aiko"]
        )
        ids["sven"] = add_stakeholder(session, account, "Sven Berg", title="Buyer", reports_to_id=ids["ken"])
        ids["lars"] = add_co_seller(session, "Lars Pettersson", CoSellerRole.SOLUTION_CONSULTANT)
        join_team(session, account, ids["lars"])
        set_coverage(session, ids["lars"], ids["aiko"], RelationshipStrength.WORKING)
        ids["meeting12"] = create_next_meeting(
            session, account, on=dt.date(2026, 10, 13), title="Deal team alignment #12"
        )
    with at(db, "2026-10-13T16:00") as session:
        hold_meeting(session, ids["meeting12"], "", "", dt.date(2026, 10, 13))

    with at(db, "2026-10-20T08:00") as session:  # a manager's new title
        update_stakeholder(session, ids["aiko"], title="Chief Digital Officer")
    with at(db, "2026-10-22T08:00", user="Chloé Martin") as session:  # a reporting-line move
        set_manager(session, ids["aiko"], ids["hiroshi"])
    with at(db, "2026-10-27T08:00") as session:  # a junior's title: on the agenda, not a finding
        update_stakeholder(session, ids["yuki"], title="Senior Analyst")
    with at(db, "2026-11-02T09:00") as session:  # a new decision maker nobody knows
        ids["mei"] = add_stakeholder(
            session,
            account,
            "Mei Lin",
            title="CFO",
            reports_to_id=ids["hiroshi"],
            roles={BuyingRole.DECISION_MAKER},
        )
    with at(db, "2026-11-03T09:00") as session:  # someone new, not decisive
        ids["ola"] = add_stakeholder(
            session, account, "Ola Nilsen", title="Engineer", reports_to_id=ids["aiko"]
        )
    with at(db, "2026-11-10T09:00") as session:  # the decisive CEO leaves; a buyer leaves too
        mark_departed(session, ids["hiroshi"], dt.date(2026, 11, 9))
        mark_departed(session, ids["sven"], dt.date(2026, 11, 9))
    with at(db, "2026-11-20T09:00") as session:
        ids["meeting13"] = create_next_meeting(
            session, account, title="Deal team alignment #13", today=dt.date(2026, 11, 20)
        )
    return ids


def test_leadership_changes_have_their_own_section_of_the_agenda(
    db: Database, history: dict[str, int]
) -> None:
    with db.session() as session:
        agenda = agenda_for(session, history["meeting13"], TODAY)
    assert SECTIONS.index(LEADERSHIP_CHANGES) == 1  # right after the stage changes
    assert agenda.lines(LEADERSHIP_CHANGES) == [
        "Aiko Tanaka is now Chief Digital Officer, no longer CIO (Marcus Lindqvist, 20 Oct)",
        "Aiko Tanaka (Chief Digital Officer) now reports to Hiroshi Kaiyō (CEO), no longer to Ken Sato "
        "(Chloé Martin, 22 Oct)",
        "Yuki Mori is now Senior Analyst, no longer Analyst (Marcus Lindqvist, 27 Oct)",
        "Mei Lin (CFO) joined: decision maker (Marcus Lindqvist, 2 Nov)",
        "Hiroshi Kaiyō (CEO) left the company: economic buyer, influence 5 of 5, at the top of the org chart "
        "(9 Nov)",
    ]
    assert agenda.lines(NEW_STAKEHOLDERS) == ["Ola Nilsen (Engineer) was added (Marcus Lindqvist, 3 Nov)"]
    assert agenda.lines(DEPARTED_STAKEHOLDERS) == ["Sven Berg (Buyer) left the company (9 Nov)"]
    items = agenda.sections[LEADERSHIP_CHANGES]
    assert [item.entity_id for item in items] == [
        history["aiko"],
        history["aiko"],
        history["yuki"],
        history["mei"],
        history["hiroshi"],
    ]
    assert "\n\nLeadership changes (5)\n• Aiko Tanaka is now Chief Digital Officer" in agenda.as_text()


def test_recent_leadership_changes_are_findings_on_the_overview_and_the_org_chart(
    db: Database, history: dict[str, int]
) -> None:
    with db.session() as session:
        changes = recent_leadership_changes(session, history["account"], TODAY)
        graphs = load_graphs(session, history["account"])
    assert [(change.kind, change.name) for change in changes] == [
        (LeadershipKind.TITLE, "Aiko Tanaka"),
        (LeadershipKind.REPORTING_LINE, "Aiko Tanaka"),
        (LeadershipKind.TITLE, "Yuki Mori"),
        (LeadershipKind.JOINED, "Mei Lin"),
        (LeadershipKind.LEFT, "Hiroshi Kaiyō"),
    ]
    found = [f for f in find_all(graphs, TODAY, changes) if f.kind is FindingKind.LEADERSHIP_CHANGE]
    assert [(f.severity, f.text) for f in found] == [
        (
            Severity.HIGH,
            "Aiko Tanaka is now Chief Digital Officer, no longer CIO (since 20 October 2026): a new role brings "
            "new priorities and can change their say in the decision.",
        ),
        (
            Severity.HIGH,
            "Aiko Tanaka (Chief Digital Officer) now reports to Hiroshi Kaiyō (CEO), no longer to Ken Sato "
            "(since 22 October 2026): check who decides and who influences them now.",
        ),
        (
            Severity.HIGH,
            "Mei Lin (CFO) joined on 2 November 2026: decision maker. Nobody on our side has a working "
            "relationship with them yet: meet them before they set their priorities.",
        ),
        (
            Severity.HIGH,
            "Hiroshi Kaiyō (CEO) left on 9 November 2026: economic buyer, influence 5 of 5, at the top of the "
            "org chart. Find out who takes over their part in the decision and what that changes for our deals.",
        ),
    ]  # in time order; Yuki Mori is no leader: their new title is on the agenda only
    assert found[1].people == (
        history["aiko"],
        history["hiroshi"],
        history["ken"],
    )  # highlighted on the chart
    assert summary(find_all(graphs, TODAY, changes)) == "8 risks found: 8 high."


def test_leadership_changes_older_than_ninety_days_are_no_longer_findings(
    db: Database, history: dict[str, int]
) -> None:
    later = dt.date(2027, 1, 25)  # 84 days after Mei Lin joined, 90 after Yuki Mori's new title
    with db.session() as session:
        changes = recent_leadership_changes(session, history["account"], later)
    assert [(change.kind, change.name) for change in changes] == [
        (LeadershipKind.JOINED, "Mei Lin"),
        (LeadershipKind.LEFT, "Hiroshi Kaiyō"),
    ]
    with db.session() as session:
        assert recent_leadership_changes(session, history["account"], dt.date(2027, 6, 1)) == []


def test_a_person_joining_at_the_top_of_the_tree_or_with_influence_five_is_decisive(db: Database) -> None:
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Hoshino Logistics")
        old_top = add_stakeholder(session, account, "Ken Sato", title="President")
    with at(db, "2026-11-01T09:00") as session:
        chair = add_stakeholder(session, account, "Aiko Tanaka", title="Chair")
        set_manager(session, old_top, chair)
        add_stakeholder(session, account, "Ryo Fukuda", title="Advisor", influence=5)
        add_stakeholder(session, account, "Mina Park", title="Intern")
        person = add_stakeholder(session, account, "Lea Roth", title="Head of Legal")
        set_roles(session, person, {BuyingRole.LEGAL})
    with db.session() as session:
        changes = recent_leadership_changes(session, account, TODAY)
    assert [change.text for change in changes] == [
        "Ken Sato (President) now reports to Aiko Tanaka (Chair) (Marcus Lindqvist, 1 Nov)",
        "Aiko Tanaka (Chair) joined: at the top of the org chart (Marcus Lindqvist, 1 Nov)",
        "Ryo Fukuda (Advisor) joined: influence 5 of 5 (Marcus Lindqvist, 1 Nov)",
    ]


def test_a_reporting_line_another_program_wrote_is_left_out(db: Database, history: dict[str, int]) -> None:
    with db.transaction() as session:
        session.execute(
            insert(ChangeLogEntry),
            [
                {
                    "account_id": history["account"],
                    "at": dt.datetime(2026, 11, 15, 9, tzinfo=dt.UTC),
                    "user": "CRM sync",
                    "kind": ChangeKind.UPDATED,
                    "entity_type": "stakeholders",
                    "entity_id": history["ken"],
                    "entity_label": "Ken Sato",
                    "field": field,
                    "old_value": old,
                    "new_value": new,
                }
                for field, old, new in (
                    ("reports_to_id", "the board", "99999999999999999999"),
                    ("title", None, "Chief Operating Officer"),
                )
            ],
        )
    with db.session() as session:
        agenda = agenda_for(session, history["meeting13"], TODAY)
        changes = recent_leadership_changes(session, history["account"], TODAY)
    assert "Ken Sato is now Chief Operating Officer (CRM sync, 15 Nov)" in agenda.lines(LEADERSHIP_CHANGES)
    assert not any("the board" in line for line in agenda.lines(LEADERSHIP_CHANGES))
    assert len(changes) == 6

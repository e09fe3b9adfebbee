"""The demo account (issue 2, section 6): a realistic multi-year pursuit, moved in time so it ends today.

These tests need resources/demo/demo-account.json, written by tools/build_demo.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.analysis.overview import account_overview
from accountplan.cli import main
from accountplan.interchange.demo import DEMO_RESOURCE, demo_document, load_demo
from accountplan.interchange.planfile import export_account, import_plan, read_plan
from accountplan.model import (
    Account,
    Action,
    ChangeLogEntry,
    Competitor,
    CoSeller,
    Coverage,
    DealTeamMember,
    DecisionDependency,
    DecisionStep,
    InfluenceLink,
    MeddpiccItem,
    Meeting,
    MeetingDecision,
    Milestone,
    Opportunity,
    OrgUnit,
    ProductLine,
    RedFlag,
    Responsibility,
    Stakeholder,
    SuccessMilestone,
    SuccessObjective,
    SuccessPlan,
    WhitespaceCell,
)
from accountplan.model.enums import FirmKind, MeddpiccLetter, MeetingStatus, Outcome, StakeholderStatus
from accountplan.store.database import Database

TODAY = dt.date.today()

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ACCENTED_LATIN = re.compile(r"[\u00c0-\u00ff\u0100-\u017f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    """The demo loaded once, as of today, for the read-only checks below."""
    database = Database.open(tmp_path_factory.mktemp("demo") / "demo.sqlite", user="tester")
    name, added = load_demo(database, today=TODAY)
    assert added
    with database.session() as session:
        account_id = session.scalars(select(Account.id).where(Account.name == name)).one()
    yield database, account_id
    database.close()


def _all(database: Database, entity: Any, account_id: int) -> list[Any]:
    with database.session() as session:
        return list(session.scalars(select(entity).where(entity.account_id == account_id)))


def _depths(parents: dict[int, int | None]) -> dict[int, int]:
    """How many levels each node sits at (a root is at level 1)."""
    depths: dict[int, int] = {}

    def depth(node: int) -> int:
        if node not in depths:
            parent = parents[node]
            depths[node] = 1 if parent is None else depth(parent) + 1
        return depths[node]

    for node in parents:
        depth(node)
    return depths


def test_the_shipped_demo_is_a_valid_plan_file() -> None:
    path = resources.files("accountplan.resources").joinpath(*DEMO_RESOURCE)
    document = read_plan(Path(str(path)))
    assert document["account"]["name"]
    assert "anchor_date" in demo_document(), "the demo must say which day it was written for"


def test_org_units_are_nested_at_least_three_levels(demo_db: tuple[Database, int]) -> None:
    database, account_id = demo_db
    units = _all(database, OrgUnit, account_id)
    assert len(units) >= 20
    assert max(_depths({u.id: u.parent_id for u in units}).values()) >= 3


def test_stakeholders_span_five_levels_with_names_in_many_scripts_and_some_departed(
    demo_db: tuple[Database, int],
) -> None:
    database, account_id = demo_db
    people = _all(database, Stakeholder, account_id)
    assert len(people) >= 150
    assert max(_depths({p.id: p.reports_to_id for p in people}).values()) >= 5
    names = [p.name for p in people]
    assert any(JAPANESE.search(n) for n in names), "some Japanese names"
    assert any(ACCENTED_LATIN.search(n) for n in names), "some accented Latin names"
    assert any(CYRILLIC.search(n) for n in names), "some Cyrillic names"
    departed = [p for p in people if p.status is StakeholderStatus.DEPARTED]
    assert departed and all(p.departed_on is not None and p.departed_on <= TODAY for p in departed)


def test_influence_cuts_across_the_reporting_lines(demo_db: tuple[Database, int]) -> None:
    database, account_id = demo_db
    managers = {p.id: p.reports_to_id for p in _all(database, Stakeholder, account_id)}

    def chain(person: int) -> set[int]:
        above: set[int] = set()
        current = managers[person]
        while current is not None:
            above.add(current)
            current = managers[current]
        return above

    links = _all(database, InfluenceLink, account_id)
    assert links
    across = [
        link
        for link in links
        if link.source_id not in chain(link.target_id) and link.target_id not in chain(link.source_id)
    ]
    assert across, "some influence must not follow the reporting lines"


def test_a_deal_team_of_sixty_with_partners_and_coverage_with_gaps(demo_db: tuple[Database, int]) -> None:
    database, account_id = demo_db
    members = _all(database, DealTeamMember, account_id)
    assert len(members) >= 60
    with database.session() as session:
        kinds = set(
            session.scalars(
                select(CoSeller.firm_kind).where(CoSeller.id.in_([m.co_seller_id for m in members]))
            )
        )
    assert FirmKind.PARTNER in kinds and FirmKind.OURS in kinds
    assert _all(database, Coverage, account_id)
    with database.session() as session:
        view = account_overview(session, account_id, today=TODAY)
    assert 0 < view.decisive_covered < view.decisive_people, "coverage must have real gaps"
    assert view.covered_stakeholders < view.active_stakeholders


def test_opportunities_over_three_fiscal_years_with_a_small_proving_deal_won(
    demo_db: tuple[Database, int],
) -> None:
    database, account_id = demo_db
    with database.session() as session:
        start_month = session.get(Account, account_id).fiscal_year_start_month  # type: ignore[union-attr]
    deals = _all(database, Opportunity, account_id)
    assert len(deals) >= 3
    fiscal_years = {
        (day.year * 12 + day.month - start_month) // 12
        for deal in deals
        if (day := deal.closed_on or deal.expected_close) is not None
    }
    assert len(fiscal_years) >= 3
    won = [d for d in deals if d.outcome is Outcome.WON]
    assert won and all(d.outcome_reason for d in won)
    biggest = max(d.amount or 0 for d in deals)
    assert any((d.amount or 0) < biggest for d in won), "the won deal is a small proving one"


def test_the_pursuit_has_its_decision_process_meddpicc_red_flags_and_competitors(
    demo_db: tuple[Database, int],
) -> None:
    database, account_id = demo_db
    steps = _all(database, DecisionStep, account_id)
    assert len(steps) >= 8
    assert _all(database, DecisionDependency, account_id), "the decision process is a graph, not a list"
    items = _all(database, MeddpiccItem, account_id)
    by_deal: dict[int, set[MeddpiccLetter]] = {}
    for item in items:
        if item.evidence.strip():
            by_deal.setdefault(item.opportunity_id, set()).add(item.letter)
    assert any(letters == set(MeddpiccLetter) for letters in by_deal.values()), (
        "a full MEDDPICC with evidence"
    )
    flags = _all(database, RedFlag, account_id)
    assert len(flags) >= 2 and all(f.counter_strategy.strip() for f in flags)
    assert any(f.source_id is not None for f in flags)
    competitors = _all(database, Competitor, account_id)
    assert len(competitors) >= 2 and any(c.is_incumbent for c in competitors)


def test_the_three_year_journey_and_the_whitespace_map(demo_db: tuple[Database, int]) -> None:
    database, account_id = demo_db
    quarters = {
        m.target_date.year * 4 + (m.target_date.month - 1) // 3 for m in _all(database, Milestone, account_id)
    }
    assert quarters and max(quarters) - min(quarters) + 1 >= 12
    cells = _all(database, WhitespaceCell, account_id)
    assert len(cells) >= 10
    assert len({c.status for c in cells}) >= 3
    assert len(_all(database, ProductLine, account_id)) >= 2


def test_actions_some_overdue_today_and_meetings_with_decisions(demo_db: tuple[Database, int]) -> None:
    database, account_id = demo_db
    actions = _all(database, Action, account_id)
    assert len(actions) >= 80
    assert any(a.is_overdue(TODAY) for a in actions), "the demo is moved in time: overdue actions exist today"
    assert any(a.due is not None and a.due >= TODAY and not a.status.is_closed for a in actions)
    held = [m for m in _all(database, Meeting, account_id) if m.status is MeetingStatus.HELD]
    decided = {d.meeting_id for d in _all(database, MeetingDecision, account_id)}
    assert len([m for m in held if m.id in decided]) >= 3
    assert all(m.held_on <= TODAY for m in held)


def test_a_success_plan_shared_with_the_customer(demo_db: tuple[Database, int]) -> None:
    database, account_id = demo_db
    assert len(_all(database, SuccessPlan, account_id)) == 1
    assert _all(database, SuccessObjective, account_id)
    assert _all(database, SuccessMilestone, account_id)
    duties = _all(database, Responsibility, account_id)
    assert duties and any(d.customer_owner_id and d.our_owner_id for d in duties)


def test_the_change_log_tells_what_happened_since_the_last_meeting(demo_db: tuple[Database, int]) -> None:
    database, account_id = demo_db
    held = [m.held_on for m in _all(database, Meeting, account_id) if m.status is MeetingStatus.HELD]
    last = max(held)
    entries = _all(database, ChangeLogEntry, account_id)
    since = [e for e in entries if e.at.date() > last]
    assert len(since) >= 3
    assert all(e.at.date() <= TODAY for e in entries), "nothing in the log happens in the future"


def test_the_demo_is_moved_in_time_to_the_day_it_is_loaded(tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=403)  # not a whole number of weeks
    gaps, weekdays = [], []
    for day, name in ((TODAY, "now"), (later, "later")):
        with Database.open(tmp_path / f"{name}.sqlite") as database:
            _, added = load_demo(database, today=day)
            assert added
            with database.session() as session:
                account_id = session.scalars(select(Account.id)).one()
                view = account_overview(session, account_id, today=day)
            assert view.overdue_actions > 0
            assert view.last_meeting is not None
            gaps.append((day - view.last_meeting).days)
            weekdays.append(view.last_meeting.weekday())
    # The demo moves by whole weeks, so meetings keep their weekday; the story ends at most 6 days ago
    # (whatever day of the week the test runs on).
    assert abs(gaps[1] - gaps[0]) <= 6
    assert weekdays[0] == weekdays[1]


def test_a_second_demo_adds_nothing(db: Database) -> None:
    name, added = load_demo(db, today=TODAY)
    assert added
    with db.session() as session:
        people = len(session.scalars(select(Stakeholder.id)).all())
    assert load_demo(db, today=TODAY) == (name, False)
    with db.session() as session:
        assert len(session.scalars(select(Stakeholder.id)).all()) == people
        assert len(session.scalars(select(Account.id)).all()) == 1


def test_the_demo_round_trips_through_a_plan_file(demo_db: tuple[Database, int], tmp_path: Path) -> None:
    database, account_id = demo_db
    with database.session() as session:
        document = export_account(session, account_id)
    with Database.open(tmp_path / "copy.sqlite") as other:
        with other.transaction(audit=False) as session:
            copy_id = import_plan(session, document)
        with other.session() as session:
            assert export_account(session, copy_id) == document


def test_the_demo_command_twice(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    first = capsys.readouterr().out
    assert "Added the demo account" in first
    assert main(["--db", str(db_path), "demo"]) == 0
    assert "already there" in capsys.readouterr().out
    assert main(["--db", str(db_path), "accounts"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    assert len(rows) == 1
    assert (db_path.parent / "backups").is_dir()

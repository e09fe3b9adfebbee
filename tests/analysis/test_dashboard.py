"""The overview dashboard's numbers, on a scripted account whose answers are worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accountplan.analysis.dashboard import (
    NO_CLOSE_DATE,
    NO_ORG_UNIT,
    TOP_FINDINGS,
    coverage_by_unit,
    dashboard,
    fiscal_year_of,
    pipeline_by_stage,
)
from accountplan.analysis.graphs import AccountGraphs, CoverageEdge, Person
from accountplan.errors import NotFound
from accountplan.model import OrgUnit
from accountplan.model.enums import (
    ActionStatus,
    BuyingRole,
    CoSellerRole,
    Outcome,
    RelationshipStrength,
    SalesStage,
    Severity,
    Stance,
)
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action, update_action
from accountplan.plan.coverage import set_coverage
from accountplan.plan.opportunities import add_opportunity, close_opportunity
from accountplan.plan.stakeholders import add_stakeholder, mark_departed
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)
BRIEF, WORKING, STRONG, TRUSTED = (
    RelationshipStrength.BRIEF,
    RelationshipStrength.WORKING,
    RelationshipStrength.STRONG,
    RelationshipStrength.TRUSTED_ADVISOR,
)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def account(db: Database) -> int:
    """Acme, fiscal year from April: org units, people and stances, deals, and actions over six months."""
    with db.transaction() as session:
        account_id = create_account(session, "Acme", currency="EUR", fiscal_year_start_month=4)
        units: dict[str, int] = {}
        for key, name, parent, position in [
            ("acme", "Acme", None, 0),
            ("it", "IT", "acme", 2),
            ("finance", "Finance", "acme", 1),
            ("controlling", "Controlling", "finance", 0),
        ]:
            unit = OrgUnit(
                account_id=account_id, name=name, parent_id=units.get(parent or ""), position=position
            )
            session.add(unit)
            session.flush()
            units[key] = unit.id
        seller = add_co_seller(session, "Sam Seller", CoSellerRole.ACCOUNT_EXECUTIVE)
        join_team(session, account_id, seller)
        people = [
            ("Cleo CEO", "acme", 5, Stance.CHAMPION, WORKING),
            ("Finn CFO", "finance", 4, Stance.SUPPORTER, BRIEF),  # brief does not count as covered
            ("Carla Controller", "controlling", 2, Stance.SKEPTIC, STRONG),
            ("Ivo CIO", "it", 3, Stance.NEUTRAL, None),
            ("Dev Dana", "it", 1, Stance.DETRACTOR, TRUSTED),
            ("Lone Lou", None, 3, Stance.NEUTRAL, None),
            ("Gone Greta", "it", 5, Stance.CHAMPION, TRUSTED),  # departed: counts nowhere
        ]
        for name, unit_key, influence, stance, strength in people:
            person = add_stakeholder(
                session,
                account_id,
                name,
                org_unit_id=units[unit_key] if unit_key else None,
                influence=influence,
                stance=stance,
                roles=[BuyingRole.ECONOMIC_BUYER] if name == "Finn CFO" else [],
            )
            if strength is not None:
                set_coverage(session, seller, person, strength)
            if name == "Gone Greta":
                mark_departed(session, person, dt.date(2026, 10, 1))

        deals = [
            ("Pilot", "100", SalesStage.PROPOSAL, dt.date(2026, 3, 31)),  # the last day of FY2025/26
            ("Rollout", "50", SalesStage.PROPOSAL, dt.date(2026, 4, 1)),  # the first day of FY2026/27
            ("Analytics", "30", SalesStage.DISCOVERY, dt.date(2027, 1, 15)),
            ("Platform", None, SalesStage.DISCOVERY, None),  # no amount, no date
            ("Proof", "900", SalesStage.NEGOTIATION, dt.date(2026, 6, 1)),  # won below: not pipeline
        ]
        ids = [
            add_opportunity(session, account_id, name, amount=amount, sales_stage=stage, expected_close=close)
            for name, amount, stage, close in deals
        ]
        won = ids[-1]
        close_opportunity(session, won, Outcome.WON, "It worked")

        def action(title: str, created: dt.date, due: dt.date, done_on: dt.date | None = None) -> int:
            session.info["now"] = _at(created)
            action_id = add_action(session, account_id, title, due=due)
            if done_on is not None:
                update_action(session, action_id, status=ActionStatus.DONE, done_on=done_on)
            return action_id

        action("Late, then done in August", dt.date(2026, 5, 1), dt.date(2026, 6, 10), dt.date(2026, 8, 5))
        action("Still late since September", dt.date(2026, 9, 1), dt.date(2026, 9, 15))
        action("Written in October, already late", dt.date(2026, 10, 20), dt.date(2026, 10, 1))
        action("Done on its due day", dt.date(2026, 6, 1), dt.date(2026, 7, 31), dt.date(2026, 7, 31))
        cancelled = action("Cancelled", dt.date(2026, 5, 1), dt.date(2026, 6, 1))
        update_action(session, cancelled, status=ActionStatus.CANCELLED)
        action("Due next week", dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        action("Done before the window", dt.date(2026, 3, 1), dt.date(2026, 4, 30), dt.date(2026, 4, 10))
        action("Due yesterday", dt.date(2026, 11, 22), dt.date(2026, 11, 22))
        session.info.pop("now")
    return account_id


def test_pipeline_by_stage_and_fiscal_year(db: Database, account: int) -> None:
    with db.session() as session:
        board = dashboard(session, account, TODAY)
    pipeline = board.pipeline
    assert pipeline.fiscal_years == ("FY2025/26", "FY2026/27", NO_CLOSE_DATE)
    bars = {bar.stage: (bar.amounts, bar.deals) for bar in pipeline.bars}
    assert bars[SalesStage.PROPOSAL] == ((Decimal(100), Decimal(50), Decimal(0)), 2)
    assert bars[SalesStage.DISCOVERY] == ((Decimal(0), Decimal(30), Decimal(0)), 2)
    assert bars[SalesStage.NEGOTIATION] == ((Decimal(0),) * 3, 0)  # the won deal is not pipeline
    assert [bar.stage for bar in pipeline.bars] == [s for s in SalesStage if s is not SalesStage.CLOSED]
    assert (pipeline.total, pipeline.deals) == (Decimal(180), 4)
    assert pipeline.total == board.figures.open_pipeline


def test_coverage_heat_by_org_unit_weighted_by_influence(db: Database, account: int) -> None:
    with db.session() as session:
        board = dashboard(session, account, TODAY)
    found = [
        (
            group.name,
            [(u.name, u.people, u.covered_people, u.influence, u.covered_influence) for u in group.units],
        )
        for group in board.coverage
    ]
    assert found == [
        ("Acme", [("Acme", 1, 1, 5, 5)]),  # the single top unit forms its own group
        ("Finance", [("Finance", 1, 0, 4, 0), ("Controlling", 1, 1, 2, 2)]),  # by position: Finance before IT
        ("IT", [("IT", 2, 1, 4, 1)]),  # Greta left: her coverage and influence count nowhere
        (NO_ORG_UNIT, [(NO_ORG_UNIT, 1, 0, 3, 0)]),
    ]
    shares = {group.name: round(group.share, 4) for group in board.coverage}
    assert shares == {"Acme": 1.0, "Finance": round(2 / 6, 4), "IT": 0.25, NO_ORG_UNIT: 0.0}
    assert board.coverage[1].units[1].share == 1.0


def test_several_top_units_are_each_a_division() -> None:
    people = [
        Person(1, "Ann", org_unit_id=10, influence=4),
        Person(2, "Bo", org_unit_id=11, influence=2),
        Person(3, "Cy", org_unit_id=20, influence=3),
    ]
    graphs = AccountGraphs.build(people, coverage=[CoverageEdge(7, 2, WORKING)], co_sellers={7: "Sam"})
    units = [
        OrgUnit(id=unit_id, parent_id=parent, name=name, position=position)
        for unit_id, parent, name, position in [
            (10, None, "Sales", 0),
            (11, 10, "Inside sales", 0),
            (20, None, "Ops", 1),
            (30, None, "Empty", 2),
        ]
    ]
    groups = coverage_by_unit(graphs, units)
    assert [(g.name, [u.name for u in g.units], round(g.share, 4)) for g in groups] == [
        ("Sales", ["Sales", "Inside sales"], round(2 / 6, 4)),
        ("Ops", ["Ops"], 0.0),
    ]


def test_stances_weighted_by_influence(db: Database, account: int) -> None:
    with db.session() as session:
        board = dashboard(session, account, TODAY)
    assert [(s.stance, s.people, s.influence) for s in board.stances] == [
        (Stance.CHAMPION, 1, 5),
        (Stance.SUPPORTER, 1, 4),
        (Stance.NEUTRAL, 2, 6),
        (Stance.SKEPTIC, 1, 2),
        (Stance.DETRACTOR, 1, 1),
    ]


def test_actions_done_and_overdue_month_by_month(db: Database, account: int) -> None:
    with db.session() as session:
        board = dashboard(session, account, TODAY)
    months = [(m.start, m.end, m.done, m.overdue) for m in board.actions]
    assert months == [
        (dt.date(2026, 6, 1), dt.date(2026, 6, 30), 0, 1),  # due 10 June, still open at the month's end
        (dt.date(2026, 7, 1), dt.date(2026, 7, 31), 1, 1),  # done on its due day: never late
        (dt.date(2026, 8, 1), dt.date(2026, 8, 31), 1, 0),  # the June one, done in August
        (dt.date(2026, 9, 1), dt.date(2026, 9, 30), 0, 1),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31), 0, 2),  # one written after its due day
        (dt.date(2026, 11, 1), TODAY, 0, 3),  # the running month ends today
    ]
    assert board.actions[-1].overdue == board.figures.overdue_actions


def test_the_most_severe_findings_as_sentences(db: Database, account: int) -> None:
    with db.session() as session:
        board = dashboard(session, account, TODAY)
    assert board.findings_total > 0 and len(board.findings) == min(TOP_FINDINGS, board.findings_total)
    first = board.findings[0]
    # Finn is the economic buyer, known only briefly: the most severe finding there is.
    assert first.severity is Severity.CRITICAL and first.text.startswith("Finn CFO")
    assert first.text.endswith(".")
    assert "critical" in board.findings_summary


def test_an_empty_account_has_empty_charts(db: Database) -> None:
    with db.transaction() as session:
        account_id = create_account(session, "Nothing Yet")
    with db.session() as session:
        board = dashboard(session, account_id, TODAY)
    assert board.pipeline.fiscal_years == () and board.pipeline.total == 0
    assert board.coverage == ()
    assert all(s.people == s.influence == 0 for s in board.stances)
    assert len(board.actions) == 6 and all(m.done == m.overdue == 0 for m in board.actions)
    # Nobody mapped yet: what is missing is still worth saying, the missing champion first.
    assert board.findings and "no active champion" in board.findings[0].text


def test_fiscal_years_are_named_as_on_the_journey() -> None:
    assert fiscal_year_of(1, dt.date(2026, 12, 31)) == "FY2026"
    assert fiscal_year_of(4, dt.date(2027, 3, 31)) == "FY2026/27"
    assert fiscal_year_of(10, dt.date(2026, 10, 1)) == "FY2026/27"
    pipeline = pipeline_by_stage([(SalesStage.PROPOSAL, None, None)], 1)
    assert pipeline.fiscal_years == (NO_CLOSE_DATE,) and pipeline.deals == 1 and pipeline.total == 0


def test_a_missing_account_is_not_found(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFound):
        dashboard(session, 42, TODAY)

"""The coverage matrix: decisive people without working coverage and stale relationships come first."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from accountplan.analysis.coverage import STALE_DAYS, coverage_gaps, coverage_matrix
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.model.enums import BuyingRole, CoSellerRole, RelationshipStrength
from accountplan.plan.accounts import create_account
from accountplan.plan.coverage import set_coverage
from accountplan.plan.stakeholders import add_stakeholder, mark_departed
from accountplan.plan.team import add_co_seller, join_team, leave_team
from accountplan.store.database import Database

NONE, BRIEF, WORKING, STRONG, TRUSTED = RelationshipStrength
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def account(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        account_id = create_account(session, "Acme")
        ids = {"account": account_id}
        for key, name in [
            ("marcus", "Marcus Lindqvist"),
            ("helen", "Helen Park"),
            ("lars", "Lars Pettersson"),
        ]:
            ids[key] = add_co_seller(session, name, CoSellerRole.SPECIALIST)
            join_team(session, account_id, ids[key])
        people = [
            ("cfo", "黒田 浩", {"roles": [BuyingRole.ECONOMIC_BUYER], "influence": 3}),
            ("coo", "Matthias Vogelsang", {"roles": [BuyingRole.DECISION_MAKER], "influence": 5}),
            ("sustain", "Chiara Bellucci", {"influence": 4}),
            ("planner", "Zoë Lefèvre", {"influence": 2}),
            ("user", "Aiko Tanaka", {"influence": 1}),
            ("gone", "Henrik Solberg", {"roles": [BuyingRole.ECONOMIC_BUYER], "influence": 5}),
        ]
        for key, name, values in people:
            ids[key] = add_stakeholder(session, account_id, name, **values)
        touched = TODAY - dt.timedelta(days=10)
        set_coverage(
            session, ids["helen"], ids["cfo"], BRIEF, last_touched=touched
        )  # decisive, only brief: gap
        set_coverage(session, ids["marcus"], ids["coo"], STRONG, is_owner=True, last_touched=touched)
        set_coverage(
            session, ids["helen"], ids["coo"], WORKING, last_touched=TODAY - dt.timedelta(days=STALE_DAYS)
        )
        set_coverage(
            session, ids["lars"], ids["sustain"], TRUSTED, last_touched=touched
        )  # covered by a leaver only
        set_coverage(
            session, ids["marcus"], ids["planner"], WORKING, last_touched=TODAY - dt.timedelta(days=59)
        )
        mark_departed(session, ids["gone"], dt.date(2026, 10, 30))
        leave_team(session, account_id, ids["lars"], dt.date(2026, 10, 29))
    return ids


def test_gaps_then_stale_then_influence(db: Database, account: dict[str, int]) -> None:
    with db.session() as session:
        matrix = coverage_matrix(session, account["account"], TODAY)
    rows = [(r.name, r.decisive, r.best, r.gap, r.stale) for r in matrix.stakeholders]
    assert rows == [
        ("Chiara Bellucci", True, NONE, True, False),  # influence 4; her only relationship left with Lars
        ("黒田 浩", True, BRIEF, True, False),  # economic buyer, only brief
        ("Matthias Vogelsang", True, STRONG, False, True),  # Helen has not seen him for 60 days
        ("Zoë Lefèvre", False, WORKING, False, False),  # 59 days: not stale yet
        ("Aiko Tanaka", False, NONE, False, False),  # nobody covers her, but she does not decide
    ]
    assert matrix.co_sellers == [(account["helen"], "Helen Park"), (account["marcus"], "Marcus Lindqvist")]
    vogelsang = matrix.stakeholders[2]
    assert vogelsang.owner_id == account["marcus"] and vogelsang.roles == (BuyingRole.DECISION_MAKER,)
    helen = matrix.cell(vogelsang.id, account["helen"])
    assert helen is not None and (helen.strength, helen.is_owner, helen.stale) == (WORKING, False, True)
    assert matrix.cell(matrix.stakeholders[0].id, account["lars"]) is None  # a leaver is no column
    assert coverage_gaps(matrix) == [
        "Chiara Bellucci is decisive and nobody on the team covers them",
        "黒田 浩 is decisive and our best relationship is only brief",
        "Matthias Vogelsang: not touched for 60+ days by Helen Park",
    ]


def test_working_coverage_closes_the_gap(db: Database, account: dict[str, int]) -> None:
    with db.transaction() as session:
        set_coverage(session, account["marcus"], account["cfo"], WORKING, last_touched=TODAY)
    with db.session() as session:
        matrix = coverage_matrix(session, account["account"], TODAY)
    assert [r.name for r in matrix.gaps] == ["Chiara Bellucci"]


def test_the_demo_matrix_puts_the_uncovered_cfo_on_top(db: Database) -> None:
    load_demo(db, TODAY)
    with db.session() as session:
        account_id = session.scalar(select(Account.id))
        assert account_id is not None
        matrix = coverage_matrix(session, account_id, TODAY)
    assert (len(matrix.stakeholders), len(matrix.co_sellers)) == (157, 60)  # active people, current team
    assert "Lars Pettersson" not in {name for _, name in matrix.co_sellers}
    gaps = [row.name for row in matrix.gaps]
    assert gaps and matrix.stakeholders[: len(gaps)] == matrix.gaps
    assert "黒田 浩" in gaps and "Henrik Solberg" not in {row.name for row in matrix.stakeholders}
    assert all(row.decisive and row.best.rank < WORKING.rank for row in matrix.gaps)
    assert any(row.stale for row in matrix.stakeholders)

"""The org chart's rows follow each change from the rows it wrote, and stay what a full read gives."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from accountplan.analysis.chart_rows import ChartRows, RowsChange, read_chart_rows
from accountplan.analysis.findings import find_all
from accountplan.analysis.graphs import AccountGraphs, load_graphs
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Coverage, InfluenceLink, Stakeholder
from accountplan.model.enums import BuyingRole, InfluenceKind, RelationshipStrength, Stance
from accountplan.plan import coverage, influence, stakeholders
from accountplan.store.database import Database
from accountplan.store.touched import EVERYTHING, Touched

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(db: Database) -> tuple[Database, int, ChartRows]:
    load_demo(db, TODAY)
    with db.session() as session:
        account = session.scalar(select(Account.id))
        assert account is not None
        rows = read_chart_rows(session, account)
    return db, account, rows


def same_graphs(mine: AccountGraphs, read: AccountGraphs) -> None:
    assert mine.people == read.people  # every field, depth included
    assert mine.reports == read.reports
    assert mine.influence_links == read.influence_links
    assert set(mine.coverage_links) == set(read.coverage_links)
    assert mine.co_sellers == read.co_sellers
    assert (mine.opportunities, mine.decision_steps, mine.red_flags) == (
        read.opportunities,
        read.decision_steps,
        read.red_flags,
    )
    assert mine.countered_red_flags == read.countered_red_flags
    assert find_all(mine, TODAY, []) == find_all(read, TODAY, [])


def follow(db: Database, rows: ChartRows) -> RowsChange:
    """What the rows make of the last transaction, and a check that they are what a full read gives."""
    with db.session() as session:
        change = rows.update(session, db.last_touched)
        assert change is not None
        same_graphs(rows.snapshot().graphs(), load_graphs(session, rows.account_id))
    return change


def test_a_full_read_is_what_load_graphs_reads(demo: tuple[Database, int, ChartRows]) -> None:
    db, account, rows = demo
    with db.session() as session:
        same_graphs(rows.snapshot().graphs(), load_graphs(session, account))


def test_each_kind_of_edit_is_followed_row_by_row(demo: tuple[Database, int, ChartRows]) -> None:
    db, account, rows = demo
    with db.session() as session:
        people = session.scalars(
            select(Stakeholder).where(Stakeholder.account_id == account).order_by(Stakeholder.id)
        ).all()
        boss, someone, other = people[0].id, people[-1].id, people[-2].id
        seller = session.scalar(select(Coverage.co_seller_id).where(Coverage.account_id == account))
        link = session.scalar(select(InfluenceLink.id).where(InfluenceLink.account_id == account))
    assert seller is not None and link is not None

    with db.transaction() as session:  # a drag onto another manager
        stakeholders.set_manager(session, someone, boss)
    change = follow(db, rows)
    assert change.people.keys() == {someone} and change.people[someone].reports_to_id == boss

    with db.transaction() as session:
        stakeholders.update_stakeholder(session, someone, stance=Stance.DETRACTOR, title="Head of Nothing")
    assert follow(db, rows).people[someone].stance is Stance.DETRACTOR

    with db.transaction() as session:
        stakeholders.set_roles(session, someone, {BuyingRole.ECONOMIC_BUYER, BuyingRole.CHAMPION})
    assert follow(db, rows).people[someone].roles == {BuyingRole.ECONOMIC_BUYER, BuyingRole.CHAMPION}
    with db.transaction() as session:
        stakeholders.set_roles(session, someone, {BuyingRole.CHAMPION})
    assert follow(db, rows).people[someone].roles == {BuyingRole.CHAMPION}

    with db.transaction() as session:
        coverage.set_coverage(session, seller, someone, RelationshipStrength.STRONG)
    assert follow(db, rows).covered == {someone}
    with db.transaction() as session:
        coverage.set_coverage(session, seller, someone, RelationshipStrength.NONE)
    assert follow(db, rows).covered == {someone}

    with db.transaction() as session:
        influence.add_influence_link(session, someone, other, InfluenceKind.TRUSTS, 5)
    assert follow(db, rows).linked == {someone, other}
    with db.transaction() as session:
        influence.delete_influence_link(session, link)
    assert follow(db, rows).linked

    with db.transaction() as session:
        added = stakeholders.add_stakeholder(session, account, "Neu Person", reports_to_id=someone)
    assert follow(db, rows).people.keys() == {added}

    with db.transaction() as session:  # their team moves up, their links and coverage go with them
        stakeholders.delete_stakeholder(session, someone, force=True)
    change = follow(db, rows)
    assert someone in change.deleted and someone not in rows.people
    assert added in change.people and change.people[added].reports_to_id == boss


def test_a_change_not_known_row_by_row_asks_for_a_full_read(demo: tuple[Database, int, ChartRows]) -> None:
    db, _account, rows = demo
    with db.session() as session:
        assert rows.update(session, EVERYTHING) is None
        assert rows.update(session, Touched.of(whole=["stakeholders"])) is None
        assert rows.update(session, Touched.of({"deal_team_members": [1]})) is None
        nothing = rows.update(session, Touched.of(whole=["change_log"]))
    assert nothing is not None and not (nothing.people or nothing.deleted or nothing.covered or nothing.deal)

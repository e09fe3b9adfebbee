"""The decision process: steps with owners and due dates, dependencies that never make a loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from accountplan.analysis.decision_path import analyse
from accountplan.errors import CycleRefused, InvalidValue, NotFound, Refused
from accountplan.model import DecisionDependency, DecisionStep
from accountplan.model.enums import DecisionStepKind, StepStatus
from accountplan.plan.accounts import create_account
from accountplan.plan.decisions import (
    add_dependency,
    add_step,
    decision_graph,
    delete_step,
    remove_dependency,
    update_step,
)
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.stakeholders import add_stakeholder, mark_departed
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
CLOSE = dt.date(2027, 3, 31)


@pytest.fixture
def deal(db: Database, account_id: int) -> int:
    with db.transaction() as session:
        return add_opportunity(session, account_id, "Control tower", expected_close=CLOSE)


@pytest.fixture
def chain(db: Database, account_id: int, deal: int) -> list[int]:
    """Business case → Security review → Signature: each depends on the one before."""
    with db.transaction() as session:
        ids = [
            add_step(session, account_id, name, opportunity_id=deal)
            for name in ("Business case", "Security review", "Signature")
        ]
        add_dependency(session, ids[1], ids[0])
        add_dependency(session, ids[2], ids[1])
    return ids


def _dependency_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(DecisionDependency)) or 0)


def test_a_step_is_added_updated_and_deleted(db: Database, account_id: int, deal: int) -> None:
    with db.transaction() as session:
        cfo = add_stakeholder(session, account_id, "Kuroda Hiroshi")
        step = add_step(
            session,
            account_id,
            " Board approval ",
            opportunity_id=deal,
            kind="board_approval",
            owner_id=cfo,
            due="2027-03-01",
        )
    with db.transaction() as session:
        previous = update_step(session, step, status=StepStatus.IN_PROGRESS, due=dt.date(2027, 3, 15))
    assert previous == {"status": StepStatus.NOT_STARTED, "due": dt.date(2027, 3, 1)}
    with db.session() as session:
        graph = decision_graph(session, account_id, deal)
    node = graph.steps[step]
    assert (node.name, node.kind, node.owner, node.due, node.status) == (
        "Board approval",
        DecisionStepKind.BOARD_APPROVAL,
        "Kuroda Hiroshi",
        dt.date(2027, 3, 15),
        StepStatus.IN_PROGRESS,
    )
    assert graph.decision_date == CLOSE
    with db.transaction() as session:
        delete_step(session, step)
    with db.session() as session:
        assert session.get(DecisionStep, step) is None


def test_deleting_a_step_takes_its_dependencies_both_ways(db: Database, chain: list[int]) -> None:
    assert _dependency_count(db) == 2
    with db.transaction() as session:
        delete_step(session, chain[1])
    assert _dependency_count(db) == 0


def test_a_step_needs_a_name_and_owners_of_its_own_account(db: Database, account_id: int) -> None:
    with pytest.raises(InvalidValue, match="needs a name"), db.transaction() as session:
        add_step(session, account_id, "  ")
    with db.transaction() as session:
        other = create_account(session, "Globex")
        stranger = add_stakeholder(session, other, "Hank Scorpio")
    with pytest.raises(Refused, match="another account"), db.transaction() as session:
        add_step(session, account_id, "Legal review", owner_id=stranger)


def test_a_dependency_that_would_make_a_loop_is_refused_naming_it(
    db: Database, chain: list[int], table_counts: Counts
) -> None:
    before = table_counts()
    with pytest.raises(CycleRefused) as refused, db.transaction() as session:
        add_dependency(session, chain[0], chain[2])
    assert str(refused.value) == (
        "Business case cannot depend on Signature: that would make a loop: "
        "Business case → Security review → Signature → Business case."
    )
    assert refused.value.names == ["Business case", "Security review", "Signature", "Business case"]
    assert table_counts() == before


def test_a_step_cannot_depend_on_itself_or_on_another_deals_step(
    db: Database, account_id: int, deal: int, chain: list[int], table_counts: Counts
) -> None:
    with db.transaction() as session:
        other_deal = add_opportunity(session, account_id, "Emissions ledger")
        elsewhere = add_step(session, account_id, "Pilot", opportunity_id=other_deal)
    before = table_counts()
    with pytest.raises(InvalidValue, match="cannot depend on itself"), db.transaction() as session:
        add_dependency(session, chain[0], chain[0])
    with pytest.raises(Refused, match="different deals"), db.transaction() as session:
        add_dependency(session, elsewhere, chain[0])
    with pytest.raises(Refused, match="unlink them first"), db.transaction() as session:
        update_step(session, chain[1], opportunity_id=other_deal)
    assert table_counts() == before


def test_adding_a_dependency_twice_keeps_one(db: Database, chain: list[int]) -> None:
    with db.transaction() as session:
        add_dependency(session, chain[1], chain[0])
    assert _dependency_count(db) == 2


def test_a_removed_dependency_frees_the_step(
    db: Database, account_id: int, deal: int, chain: list[int]
) -> None:
    with db.transaction() as session:
        remove_dependency(session, chain[2], chain[1])
    with db.session() as session:
        assert decision_graph(session, account_id, deal).edges == ((chain[0], chain[1]),)
    with pytest.raises(NotFound, match="does not depend"), db.transaction() as session:
        remove_dependency(session, chain[2], chain[1])
    with db.transaction() as session:  # and the loop that was refused is now allowed
        add_dependency(session, chain[0], chain[2])


def test_the_graph_of_a_deal_reads_its_critical_path_and_risks(
    db: Database, account_id: int, deal: int, chain: list[int]
) -> None:
    with db.transaction() as session:
        owner = add_stakeholder(session, account_id, "Endo Takeshi")
        update_step(session, chain[0], due="2027-01-15", owner_id=owner)
        update_step(session, chain[1], due="2027-02-15", owner_id=owner, status="blocked")
        update_step(session, chain[2], due="2027-03-20", owner_id=owner)
        unattached = add_step(session, account_id, "Annual budget cycle")
        mark_departed(session, owner, dt.date(2027, 1, 1))
    with db.session() as session:
        graph = decision_graph(session, account_id, deal)
        loose = decision_graph(session, account_id, None)
    assert set(graph.steps) == set(chain)
    assert graph.edges == ((chain[0], chain[1]), (chain[1], chain[2]))
    assert all(node.owner_departed for node in graph.steps.values())
    found = analyse(graph, today=dt.date(2027, 1, 20))
    assert found.critical == tuple(chain)
    assert found.slack_days == 11  # 31 March - 20 March
    assert found.overdue == {chain[0]}
    assert found.blocked == {chain[1], chain[2]}
    assert found.ownerless == set(chain)
    assert (set(loose.steps), loose.decision_date) == ({unattached}, None)

"""Reading one account's graphs from the database in bulk: a few column queries and one object per person."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Connection, Integer, Select, String, bindparam, or_, select, type_coerce
from sqlalchemy.orm import Session

from accountplan.analysis.graphs import AccountGraphs, CoverageEdge, DecisionStepRef, Person, RedFlagRef
from accountplan.analysis.reporting import ReportingForest, reporting_forest
from accountplan.errors import NotFound
from accountplan.model import (
    Account,
    Action,
    CoSeller,
    Coverage,
    DealTeamMember,
    DecisionStep,
    InfluenceLink,
    Opportunity,
    RedFlag,
    Stakeholder,
    StakeholderRole,
)
from accountplan.model.enums import (
    ActionStatus,
    BuyingRole,
    InfluenceKind,
    RedFlagStatus,
    RelationshipStrength,
    StakeholderStatus,
    Stance,
    StepStatus,
)

_Member = TypeVar("_Member", bound=Enum)


def _by_value(kind: type[_Member]) -> dict[str, _Member]:
    return {member.value: member for member in kind}


# Enumerations are read as their stored text and looked up here: SQLAlchemy's enum conversion, a Python
# call per value of every row, costs as much as making the people.
_ROLES, _STANCES = _by_value(BuyingRole), _by_value(Stance)
_KINDS, _STRENGTHS = _by_value(InfluenceKind), _by_value(RelationshipStrength)
_NO_ROLES: frozenset[BuyingRole] = frozenset()


def read_graphs(session: Session, account_id: int) -> AccountGraphs:
    """:func:`~accountplan.analysis.graphs.load_graphs`, with the collector paused while it reads."""
    with _collector_paused():
        return _read_graphs(session, account_id)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk load makes a few objects per row.

    Each automatic collection would otherwise sweep the whole heap again, which can double the time
    to load 20,000 people in a running window. Nothing loaded here makes reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# The statements, built once and bound to an account when run: building them again on every load, and
# working out their keys to SQLAlchemy's cache of compiled statements, costs a millisecond.
_ACCOUNT = bindparam("account_id", type_=Integer)
_ACCOUNT_FOUND = select(Account.id).where(Account.id == _ACCOUNT)
_ROLES_HELD = select(StakeholderRole.stakeholder_id, type_coerce(StakeholderRole.role, String)).where(
    StakeholderRole.account_id == _ACCOUNT
)
_PEOPLE = select(
    Stakeholder.id,
    Stakeholder.reports_to_id,
    Stakeholder.name,
    Stakeholder.title,
    Stakeholder.org_unit_id,
    type_coerce(Stakeholder.stance, String),
    Stakeholder.influence,
    type_coerce(Stakeholder.status, String),
    Stakeholder.departed_on,
).where(Stakeholder.account_id == _ACCOUNT)
_INFLUENCE = select(
    InfluenceLink.source_id,
    InfluenceLink.target_id,
    type_coerce(InfluenceLink.kind, String),
    InfluenceLink.strength,
).where(InfluenceLink.account_id == _ACCOUNT)
_LEFT_TEAM = select(DealTeamMember.co_seller_id).where(
    DealTeamMember.account_id == _ACCOUNT, DealTeamMember.active.is_(False)
)
_ON_TEAM = select(DealTeamMember.co_seller_id).where(
    DealTeamMember.account_id == _ACCOUNT, DealTeamMember.active.is_(True)
)
_COVERAGE = select(
    Coverage.co_seller_id,
    Coverage.stakeholder_id,
    type_coerce(Coverage.strength, String),
    Coverage.is_owner,
    Coverage.last_touched,
).where(Coverage.account_id == _ACCOUNT, Coverage.co_seller_id.not_in(_LEFT_TEAM))
_CO_SELLERS = select(CoSeller.id, CoSeller.name).where(
    or_(
        CoSeller.id.in_(_ON_TEAM),
        CoSeller.id.in_(
            select(Coverage.co_seller_id).where(Coverage.account_id == _ACCOUNT).except_(_LEFT_TEAM)
        ),
    )
)
_OPEN_DEALS = select(Opportunity.id, Opportunity.name).where(
    Opportunity.account_id == _ACCOUNT, Opportunity.outcome.is_(None)
)
_STEPS = select(
    DecisionStep.id,
    DecisionStep.name,
    DecisionStep.owner_id,
    DecisionStep.opportunity_id,
    DecisionStep.status,
).where(DecisionStep.account_id == _ACCOUNT)
_RED_FLAGS = select(
    RedFlag.id, RedFlag.title, RedFlag.source_id, RedFlag.opportunity_id, RedFlag.status
).where(RedFlag.account_id == _ACCOUNT)
_COUNTERING = select(Action.red_flag_id).where(
    Action.account_id == _ACCOUNT,
    Action.red_flag_id.is_not(None),
    Action.status != ActionStatus.CANCELLED,
)


def _read_graphs(session: Session, account_id: int) -> AccountGraphs:
    # Core execution: the rows come back as plain tuples, without the ORM's per-row bookkeeping, and all at
    # once with .all() (iterating a result fetches row by row, which costs more than building the people).
    account = {"account_id": account_id}
    # Through the session, which first writes out any changes it holds (autoflush) for the reads to see.
    if session.scalar(_ACCOUNT_FOUND, account) is None:
        raise NotFound(f"There is no account with id {account_id}; it may have been deleted.")
    connection = session.connection()
    people, forest = read_people(connection, account)
    influence = driver_rows(connection, _INFLUENCE, account)
    coverage = connection.execute(_COVERAGE, account).all()
    co_sellers = connection.execute(_CO_SELLERS, account).all()
    deal = read_deal_facts(connection, account)
    return AccountGraphs.from_forest(
        people,
        forest,
        influence=[(source, target, _KINDS[kind], strength) for source, target, kind, strength in influence],
        coverage=[
            CoverageEdge(cid, pid, _STRENGTHS[strength], owner, touched)
            for cid, pid, strength, owner, touched in coverage
        ],
        co_sellers={cid: name for cid, name in co_sellers},
        opportunities=deal.opportunities,
        decision_steps=deal.decision_steps,
        red_flags=deal.red_flags,
        countered_red_flags=deal.countered,
        account_id=account_id,
    )


class DealFacts(NamedTuple):
    """What the findings read of an account's pursuit: its open deals, decision steps and red flags."""

    opportunities: dict[int, str]
    decision_steps: list[DecisionStepRef]
    red_flags: list[RedFlagRef]
    #: The red flags countered (see :func:`~accountplan.analysis.graphs.load_graphs`).
    countered: frozenset[int]


def read_deal_facts(connection: Connection, account: dict[str, int]) -> DealFacts:
    """The open deals (no outcome yet), decision steps and red flags of ``account`` ({"account_id": id})."""
    opportunities = connection.execute(_OPEN_DEALS, account).all()
    steps = [
        DecisionStepRef(sid, name, owner_id, opportunity_id, status is StepStatus.DONE)
        for sid, name, owner_id, opportunity_id, status in connection.execute(_STEPS, account).all()
    ]
    red_flags = [RedFlagRef(*row) for row in connection.execute(_RED_FLAGS, account).all()]
    countered = {flag.id for flag in red_flags if flag.status is RedFlagStatus.COUNTERED}
    countered.update(
        flag_id for (flag_id,) in connection.execute(_COUNTERING, account).all() if flag_id is not None
    )
    return DealFacts(dict(opportunities), steps, red_flags, frozenset(countered))


def read_people(connection: Connection, account: dict[str, int]) -> tuple[dict[int, Person], ReportingForest]:
    """The account's people by id, each with their buying roles and depth, and their reporting forest."""
    roles: dict[int, set[BuyingRole]] = {}
    for stakeholder_id, role in connection.execute(_ROLES_HELD, account).all():
        roles.setdefault(stakeholder_id, set()).add(_ROLES[role])
    held = {pid: frozenset(found) for pid, found in roles.items()}
    stakeholders = driver_rows(connection, _PEOPLE, account)
    # The forest first, so that each person is made with their depth rather than given it afterwards.
    forest = reporting_forest({row[0]: row[1] for row in stakeholders})  # id → manager's id
    depth, gone = forest.depth, StakeholderStatus.DEPARTED.value  # .value: a descriptor call, made once
    # Made without calling Person(...): on Python 3.11, calling a class with eleven arguments costs more
    # than the work in its __init__, and making 20,000 people this way takes a fifth less time. Every
    # field is set here; test_graphs checks a loaded person against one made the usual way.
    make, roles_of, stances = object.__new__, held.get, _STANCES
    people: dict[int, Person] = {}
    for pid, boss, name, title, unit, stance, influence, status, left in stakeholders:
        person = people[pid] = make(Person)
        person.id = pid
        person.name = name
        person.title = title
        person.org_unit_id = unit
        person.reports_to_id = boss
        person.roles = roles_of(pid, _NO_ROLES)
        person.stance = stances[stance]
        person.influence = influence
        person.departed = status == gone
        person.depth = depth[pid]
        person.departed_on = left
    return people, forest


def driver_rows(
    connection: Connection, statement: Select[*tuple[Any, ...]], parameters: dict[str, int]
) -> Sequence[tuple[Any, ...]]:
    """The rows of ``statement`` as the database driver's own tuples, converted only where they must be.

    SQLAlchemy makes a Row of each row and hands every value to its column's conversion; for 20,000
    people, making, reading and freeing those Rows is an eighth of loading the graphs. Here only a column
    whose type converts values on this database (a date, which SQLite keeps as text) has its values
    converted, those that are not null. The statement still runs through SQLAlchemy (events, logging).
    """
    dialect = connection.dialect
    with connection.execute(statement, parameters) as result:
        rows = list(result.cursor.fetchall())
    for index, column in enumerate(statement.selected_columns):
        convert = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if convert is not None:
            for number, row in enumerate(rows):
                if row[index] is not None:
                    rows[number] = (*row[:index], convert(row[index]), *row[index + 1 :])
    return rows

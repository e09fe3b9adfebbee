"""The rows behind an account's org chart and its findings, kept by id and brought up to date from a change.

The org chart shows people (with their buying roles), their influence links and who covers them, and its
findings read the open deals, decision steps and red flags too. :class:`ChartRows` reads them all once, then,
when a change says which rows it wrote (:class:`~accountplan.store.touched.Touched`), reads those rows again
and says whose card, links or coverage changed (:class:`RowsChange`); :meth:`ChartRows.snapshot` is what the
findings need, as it is now, to work on elsewhere while the rows follow the next change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BindParameter, Integer, String, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from accountplan.analysis.graph_loading import DealFacts, driver_rows, read_deal_facts, read_people
from accountplan.analysis.graphs import AccountGraphs, CoverageEdge, Person
from accountplan.analysis.reporting import reporting_forest
from accountplan.model import (
    CoSeller,
    Coverage,
    DealTeamMember,
    InfluenceLink,
    OrgUnit,
    Stakeholder,
    StakeholderRole,
)
from accountplan.model.enums import (
    BuyingRole,
    InfluenceKind,
    RelationshipStrength,
    StakeholderStatus,
    Stance,
)
from accountplan.store.touched import Touched

__all__ = ["FOLLOWED", "ChartRows", "GraphsSnapshot", "RowsChange", "read_chart_rows"]

#: The tables whose rows a change may write and the chart follows row by row.
PEOPLE_TABLES = frozenset({"stakeholders", "stakeholder_roles", "influence_links", "coverage", "org_units"})
#: The tables only the findings read (a change to them is followed by reading them again).
DEAL_TABLES = frozenset({"opportunities", "decision_steps", "red_flags", "actions"})
#: The tables a change to which lays the chart out afresh: who is on the deal team, co-sellers' names.
TEAM_TABLES = frozenset({"deal_team_members", "co_sellers"})
#: Everything the chart and its findings read. The change log is not among them: the leadership findings
#: read its entries about people, which are written with the people's rows, so ``stakeholders`` says it.
FOLLOWED = PEOPLE_TABLES | DEAL_TABLES | TEAM_TABLES

_ROLES = {member.value: member for member in BuyingRole}
_STANCES = {member.value: member for member in Stance}
_KINDS = {member.value: member for member in InfluenceKind}
_STRENGTHS = {member.value: member for member in RelationshipStrength}
_DEPARTED = StakeholderStatus.DEPARTED.value
_NO_RELATIONSHIP = RelationshipStrength.NONE  # looked up once: an enum member's lookup is slow on 3.11

_ACCOUNT = bindparam("account_id", type_=Integer)
_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_ROLE_COLUMNS = (
    StakeholderRole.id,
    StakeholderRole.stakeholder_id,
    type_coerce(StakeholderRole.role, String),
)
_LINK_COLUMNS = (
    InfluenceLink.id,
    InfluenceLink.source_id,
    InfluenceLink.target_id,
    type_coerce(InfluenceLink.kind, String),
    InfluenceLink.strength,
)
_COVERAGE_COLUMNS = (
    Coverage.id,
    Coverage.co_seller_id,
    Coverage.stakeholder_id,
    type_coerce(Coverage.strength, String),
    Coverage.is_owner,
    Coverage.last_touched,
)
_PERSON_COLUMNS = (
    Stakeholder.id,
    Stakeholder.reports_to_id,
    Stakeholder.name,
    Stakeholder.title,
    Stakeholder.org_unit_id,
    type_coerce(Stakeholder.stance, String),
    Stakeholder.influence,
    type_coerce(Stakeholder.status, String),
    Stakeholder.departed_on,
)
_ALL_ROLES = select(*_ROLE_COLUMNS).where(StakeholderRole.account_id == _ACCOUNT)
_ALL_LINKS = select(*_LINK_COLUMNS).where(InfluenceLink.account_id == _ACCOUNT)
_ALL_COVERAGE = select(*_COVERAGE_COLUMNS).where(Coverage.account_id == _ACCOUNT)
_LEFT_TEAM = select(DealTeamMember.co_seller_id).where(
    DealTeamMember.account_id == _ACCOUNT, DealTeamMember.active.is_(False)
)
_ON_TEAM = select(DealTeamMember.co_seller_id).where(
    DealTeamMember.account_id == _ACCOUNT, DealTeamMember.active.is_(True)
)
_NAMED_SELLERS = select(CoSeller.id, CoSeller.name).where(
    CoSeller.id.in_(_ON_TEAM)
    | CoSeller.id.in_(select(Coverage.co_seller_id).where(Coverage.account_id == _ACCOUNT))
)
_ORG_UNITS = select(OrgUnit.id, OrgUnit.name).where(OrgUnit.account_id == _ACCOUNT)
_SOME_PEOPLE = select(*_PERSON_COLUMNS).where(Stakeholder.account_id == _ACCOUNT, Stakeholder.id.in_(_IDS))
_ROLES_OF = select(*_ROLE_COLUMNS).where(
    StakeholderRole.account_id == _ACCOUNT, StakeholderRole.stakeholder_id.in_(_IDS)
)
_SOME_ROLES = select(*_ROLE_COLUMNS).where(
    StakeholderRole.account_id == _ACCOUNT, StakeholderRole.id.in_(_IDS)
)
_SOME_LINKS = select(*_LINK_COLUMNS).where(InfluenceLink.account_id == _ACCOUNT, InfluenceLink.id.in_(_IDS))
_SOME_COVERAGE = select(*_COVERAGE_COLUMNS).where(Coverage.account_id == _ACCOUNT, Coverage.id.in_(_IDS))
_SOME_ORG_UNITS = select(OrgUnit.id, OrgUnit.name).where(OrgUnit.account_id == _ACCOUNT, OrgUnit.id.in_(_IDS))

Link = tuple[int, int, InfluenceKind, int]


@dataclass
class RowsChange:
    """What a change did to the rows the chart shows."""

    #: People added or changed (name, title, manager, unit, stance, influence, status, roles), as they are now.
    people: dict[int, Person] = field(default_factory=dict)
    #: People deleted.
    deleted: set[int] = field(default_factory=set)
    #: People whose coverage changed (who covers them, how well).
    covered: set[int] = field(default_factory=set)
    #: People whose influence links changed (from or to them).
    linked: set[int] = field(default_factory=set)
    #: Whether the org units' names changed.
    org_units: bool = False
    #: Whether what only the findings read changed (open deals, decision steps, red flags, actions).
    deal: bool = False

    @property
    def touches_people(self) -> bool:
        """Whether the people's rows changed (the leadership findings read the change log about them)."""
        return bool(self.people or self.deleted)


@dataclass(frozen=True)
class GraphsSnapshot:
    """The rows as they were at one moment, for making the account's graphs away from the window."""

    account_id: int
    people: Mapping[int, Person]
    links: Mapping[int, Link]
    coverage: Mapping[int, CoverageEdge]
    co_sellers: Mapping[int, str]
    left_team: frozenset[int]
    deal: DealFacts

    def graphs(self) -> AccountGraphs:
        """The account's graphs, as :func:`~accountplan.analysis.graphs.load_graphs` reads them.

        Rows in the order of their ids, as the database gives them: some findings list ties in that order.
        """
        people = {pid: self.people[pid] for pid in sorted(self.people)}
        left = self.left_team
        forest = reporting_forest({pid: person.reports_to_id for pid, person in people.items()})
        for pid, depth in forest.depth.items():
            person = people[pid]
            if person.depth != depth:  # a new person object: another snapshot may hold the old one
                people[pid] = dataclasses.replace(person, depth=depth)
        return AccountGraphs.from_forest(
            people,
            forest,
            influence=[self.links[lid] for lid in sorted(self.links)],
            coverage=[
                edge for cid in sorted(self.coverage) if (edge := self.coverage[cid]).co_seller_id not in left
            ],
            co_sellers={cid: name for cid, name in self.co_sellers.items() if cid not in left},
            opportunities=self.deal.opportunities,
            decision_steps=self.deal.decision_steps,
            red_flags=self.deal.red_flags,
            countered_red_flags=self.deal.countered,
            account_id=self.account_id,
        )


@dataclass
class ChartRows:
    """An account's people, buying roles, influence links, coverage, co-sellers, org units and deal facts."""

    account_id: int
    people: dict[int, Person]
    #: Buying role row id → (the person's id, the role).
    roles: dict[int, tuple[int, BuyingRole]]
    #: Influence link row id → (source, target, kind, strength).
    links: dict[int, Link]
    #: Coverage row id → the relationship.
    coverage: dict[int, CoverageEdge]
    #: Co-sellers on the deal team or covering someone → their names.
    co_sellers: dict[int, str]
    #: Co-sellers who have left the account's deal team (they cover nobody here).
    left_team: frozenset[int]
    org_units: dict[int, str]
    deal: DealFacts

    def coverers(self) -> dict[int, list[tuple[int, str]]]:
        """Each covered person → the co-sellers who know them (better than not at all), by name."""
        found: dict[int, list[tuple[int, str]]] = {}
        for edge in self.coverage.values():
            self._add_coverer(found, edge)
        for pairs in found.values():
            pairs.sort(key=lambda pair: pair[1])
        return found

    def coverers_for(self, people: Collection[int]) -> dict[int, list[tuple[int, str]]]:
        """:meth:`coverers` of some people only."""
        found: dict[int, list[tuple[int, str]]] = {}
        if people:
            for edge in self.coverage.values():
                if edge.stakeholder_id in people:
                    self._add_coverer(found, edge)
        for pairs in found.values():
            pairs.sort(key=lambda pair: pair[1])
        return found

    def _add_coverer(self, found: dict[int, list[tuple[int, str]]], edge: CoverageEdge) -> None:
        seller = edge.co_seller_id
        if edge.strength is _NO_RELATIONSHIP or seller in self.left_team:
            return
        found.setdefault(edge.stakeholder_id, []).append((seller, self.co_sellers.get(seller, "?")))

    def influence(self) -> list[Link]:
        """Every influence link between two of the people (each kind of link of a pair on its own)."""
        people = self.people
        return [link for link in self.links.values() if link[0] in people and link[1] in people]

    def links_of(self, people: Iterable[int]) -> list[Link]:
        """The influence links from or to any of ``people``."""
        wanted = set(people)
        return [link for link in self.influence() if link[0] in wanted or link[1] in wanted]

    def snapshot(self) -> GraphsSnapshot:
        """The rows as they are now (copies of the collections: the rows may follow a change meanwhile)."""
        return GraphsSnapshot(
            self.account_id,
            dict(self.people),
            dict(self.links),
            dict(self.coverage),
            dict(self.co_sellers),
            self.left_team,
            self.deal,
        )

    def update(self, session: Session, touched: Touched) -> RowsChange | None:
        """Read again the rows ``touched`` says a change wrote; what changed.

        None when that is not known row by row (any row of a table may have changed, or the deal team did):
        read everything again then.
        """
        if touched.unknown or touched.touches(TEAM_TABLES):
            return None
        ids = {table: touched.ids(table) for table in PEOPLE_TABLES | DEAL_TABLES}
        if any(found is None for found in ids.values()):
            return None
        change = RowsChange()
        connection = session.connection()
        account: dict[str, Any] = {"account_id": self.account_id}
        people_ids = set(ids["stakeholders"] or ())
        self._follow_roles(connection, account, ids["stakeholder_roles"] or frozenset(), people_ids)
        if people_ids:
            self._follow_people(connection, account, people_ids, change)
        if ids["influence_links"]:
            self._follow_links(connection, account, ids["influence_links"], change)
        if ids["coverage"]:
            self._follow_coverage(connection, account, ids["coverage"], change)
        if change.deleted:
            self._forget(change.deleted, change)
        if ids["org_units"]:
            for unit in ids["org_units"]:
                self.org_units.pop(unit, None)
            rows = connection.execute(_SOME_ORG_UNITS, {**account, "ids": list(ids["org_units"])}).all()
            self.org_units.update(dict(rows))
            change.org_units = True
        if any(ids[table] for table in DEAL_TABLES):
            self.deal = read_deal_facts(connection, account)
            change.deal = True
        return change

    def _follow_roles(
        self, connection: Any, account: dict[str, Any], role_ids: frozenset[int], people_ids: set[int]
    ) -> None:
        """The people whose buying roles a change wrote are read again (with their roles)."""
        for role_id in role_ids:
            held = self.roles.get(role_id)
            if held is not None:
                people_ids.add(held[0])
        if role_ids:
            rows = connection.execute(_SOME_ROLES, {**account, "ids": list(role_ids)}).all()
            people_ids.update(pid for _, pid, _ in rows)

    def _follow_people(
        self, connection: Any, account: dict[str, Any], people_ids: set[int], change: RowsChange
    ) -> None:
        wanted = {**account, "ids": list(people_ids)}
        for role_id in [rid for rid, (pid, _) in self.roles.items() if pid in people_ids]:
            del self.roles[role_id]
        held: dict[int, set[BuyingRole]] = {}
        for role_id, pid, role in connection.execute(_ROLES_OF, wanted).all():
            self.roles[role_id] = (pid, _ROLES[role])
            held.setdefault(pid, set()).add(_ROLES[role])
        found = set()
        for pid, boss, name, title, unit, stance, influence, status, left in driver_rows(
            connection, _SOME_PEOPLE, wanted
        ):
            found.add(pid)
            old = self.people.get(pid)
            person = Person(
                pid,
                name,
                title,
                unit,
                boss,
                frozenset(held.get(pid, ())),
                _STANCES[stance],
                influence,
                status == _DEPARTED,
                old.depth if old is not None else 0,
                left,
            )
            if person != old:
                self.people[pid] = change.people[pid] = person
        for pid in people_ids - found:
            if self.people.pop(pid, None) is not None:
                change.deleted.add(pid)

    def _follow_links(
        self, connection: Any, account: dict[str, Any], link_ids: frozenset[int], change: RowsChange
    ) -> None:
        for link_id in link_ids:
            link = self.links.pop(link_id, None)
            if link is not None:
                change.linked.update(link[:2])
        for link_id, source, target, kind, strength in connection.execute(
            _SOME_LINKS, {**account, "ids": list(link_ids)}
        ).all():
            self.links[link_id] = (source, target, _KINDS[kind], strength)
            change.linked.update((source, target))

    def _follow_coverage(
        self, connection: Any, account: dict[str, Any], coverage_ids: frozenset[int], change: RowsChange
    ) -> None:
        for coverage_id in coverage_ids:
            edge = self.coverage.pop(coverage_id, None)
            if edge is not None:
                change.covered.add(edge.stakeholder_id)
        for row in connection.execute(_SOME_COVERAGE, {**account, "ids": list(coverage_ids)}).all():
            edge = _coverage_edge(row)
            self.coverage[row[0]] = edge
            change.covered.add(edge.stakeholder_id)
        if any(edge.co_seller_id not in self.co_sellers for edge in self.coverage.values()):
            self.co_sellers.update(
                dict(connection.execute(_NAMED_SELLERS, account).all())
            )  # someone new covers

    def _forget(self, deleted: set[int], change: RowsChange) -> None:
        """What the database deleted with the people (their roles, links and coverage) goes too."""
        for role_id in [rid for rid, (pid, _) in self.roles.items() if pid in deleted]:
            del self.roles[role_id]
        for link_id in [lid for lid, link in self.links.items() if link[0] in deleted or link[1] in deleted]:
            change.linked.update(self.links.pop(link_id)[:2])
        for coverage_id in [cid for cid, edge in self.coverage.items() if edge.stakeholder_id in deleted]:
            del self.coverage[coverage_id]
        change.linked -= deleted
        change.covered -= deleted


def read_chart_rows(session: Session, account_id: int) -> ChartRows:
    """Everything the org chart and its findings read of an account (see :class:`ChartRows`)."""
    account: dict[str, Any] = {"account_id": account_id}
    connection = session.connection()
    people, _forest = read_people(connection, account)
    roles = {rid: (pid, _ROLES[role]) for rid, pid, role in connection.execute(_ALL_ROLES, account).all()}
    links = {
        lid: (source, target, _KINDS[kind], strength)
        for lid, source, target, kind, strength in driver_rows(connection, _ALL_LINKS, account)
    }
    coverage = {row[0]: _coverage_edge(row) for row in connection.execute(_ALL_COVERAGE, account).all()}
    return ChartRows(
        account_id,
        people,
        roles,
        links,
        coverage,
        dict(connection.execute(_NAMED_SELLERS, account).all()),
        frozenset(cid for (cid,) in connection.execute(_LEFT_TEAM, account).all()),
        dict(connection.execute(_ORG_UNITS, account).all()),
        read_deal_facts(connection, account),
    )


def _coverage_edge(row: Any) -> CoverageEdge:
    _id, seller, person, strength, owner, touched = row
    return CoverageEdge(seller, person, _STRENGTHS[strength], owner, touched)

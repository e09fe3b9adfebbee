"""The account as graphs: the reporting forest, the influence map and who on our side covers whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy.orm import Session

from accountplan.analysis.reporting import ReportingForest, reporting_forest
from accountplan.model.enums import (
    DECISIVE_ROLES,
    BuyingRole,
    InfluenceKind,
    RedFlagStatus,
    RelationshipStrength,
    Stance,
)

# networkx is imported where a graph is first built: importing it costs more than most accounts' load.
if TYPE_CHECKING:
    import networkx as nx

#: Coverage at this strength or better is a real relationship; below it (none, brief) it is not.
WORKING = RelationshipStrength.WORKING
#: Each strength's place on the scale, none (0) to trusted advisor (4).
STRENGTH_RANK = {strength: rank for rank, strength in enumerate(RelationshipStrength)}
#: A person with this influence (1–5) or more is decisive, whatever their buying roles.
DECISIVE_INFLUENCE = 4

_NO_ROLES: frozenset[BuyingRole] = frozenset()


@dataclass(slots=True)
class Person:
    """One of the buyer's people as the analysis sees them; ``depth`` 0 is a root of the reporting forest."""

    id: int
    name: str
    title: str = ""
    org_unit_id: int | None = None
    reports_to_id: int | None = None
    roles: frozenset[BuyingRole] = _NO_ROLES
    stance: Stance = Stance.NEUTRAL
    influence: int = 3
    departed: bool = False
    depth: int = 0
    departed_on: dt.date | None = None

    @property
    def active(self) -> bool:
        return not self.departed

    @property
    def decisive(self) -> bool:
        """Economic buyer, decision maker, or influence of 4 or 5."""
        return bool(self.roles & DECISIVE_ROLES) or self.influence >= DECISIVE_INFLUENCE


class InfluenceEdge(NamedTuple):
    """``source`` influences, trusts, informally reports to or is in conflict with ``target``."""

    source_id: int
    target_id: int
    kind: InfluenceKind = InfluenceKind.INFLUENCES
    strength: int = 3


class CoverageEdge(NamedTuple):
    """How well one co-seller knows one stakeholder."""

    co_seller_id: int
    stakeholder_id: int
    strength: RelationshipStrength = RelationshipStrength.BRIEF
    is_owner: bool = False
    last_touched: dt.date | None = None


class DecisionStepRef(NamedTuple):
    """A step of the customer's decision process, its owner and whether it is done."""

    id: int
    name: str
    owner_id: int | None
    opportunity_id: int | None
    done: bool = False


class RedFlagRef(NamedTuple):
    """A reason the customer will not buy and the stakeholder behind it."""

    id: int
    title: str
    source_id: int | None
    opportunity_id: int | None = None
    status: RedFlagStatus = RedFlagStatus.OPEN


@dataclass(eq=False)
class AccountGraphs:
    """The graphs of one account and the facts its findings need.

    The networkx graphs are built on first use, from the plain facts that loading reads:

    - ``reporting``: manager → direct report, over every person; always a forest (see ``broken_loops``).
    - ``influence``: source → target with the ``kind`` and ``strength`` of the link; when one person has
      several kinds of link to another (trusts *and* informally reports to), the edge shows the strongest
      and ``links`` holds them all, kind → strength (as ``influence_links`` does).
    - ``coverage``: bipartite, nodes ``("c", co_seller_id)`` and ``("s", stakeholder_id)`` for every
      co-seller and person, edges with ``strength``, ``is_owner`` and ``last_touched``.

    ``opportunities`` holds the open ones only (no outcome yet); ``countered_red_flags`` the red flags
    with a counter-action (see :func:`load_graphs`); ``broken_loops`` the people whose manager link was
    ignored because the reporting lines looped (bad data: the plan operations refuse loops).
    """

    account_id: int
    people: dict[int, Person]
    co_sellers: dict[int, str]
    opportunities: dict[int, str]
    decision_steps: list[DecisionStepRef]
    red_flags: list[RedFlagRef]
    countered_red_flags: frozenset[int]
    #: manager id → their direct reports' ids (the reporting forest).
    reports: dict[int, list[int]]
    #: (source id, target id) → kind → strength.
    influence_links: dict[tuple[int, int], dict[InfluenceKind, int]]
    coverage_links: list[CoverageEdge]
    broken_loops: tuple[int, ...] = ()

    @classmethod
    def build(
        cls,
        people: Iterable[Person],
        *,
        influence: Iterable[InfluenceEdge | tuple[int, int, InfluenceKind, int]] = (),
        coverage: Iterable[CoverageEdge] = (),
        co_sellers: Mapping[int, str] | None = None,
        opportunities: Mapping[int, str] | None = None,
        decision_steps: Iterable[DecisionStepRef] = (),
        red_flags: Iterable[RedFlagRef] = (),
        countered_red_flags: Iterable[int] = (),
        account_id: int = 0,
    ) -> AccountGraphs:
        """Put the facts together, setting every person's ``depth``.

        Links to people who are not given are dropped, as are links from a person to themselves; a
        co-seller named nowhere is called "Co-seller ID".
        """
        by_id = {person.id: person for person in people}
        forest = reporting_forest({pid: person.reports_to_id for pid, person in by_id.items()})
        depth = forest.depth
        for pid, person in by_id.items():
            person.depth = depth[pid]
        return cls.from_forest(
            by_id,
            forest,
            influence=influence,
            coverage=coverage,
            co_sellers=co_sellers,
            opportunities=opportunities,
            decision_steps=decision_steps,
            red_flags=red_flags,
            countered_red_flags=countered_red_flags,
            account_id=account_id,
        )

    @classmethod
    def from_forest(
        cls,
        people: dict[int, Person],
        forest: ReportingForest,
        *,
        influence: Iterable[InfluenceEdge | tuple[int, int, InfluenceKind, int]],
        coverage: Iterable[CoverageEdge],
        co_sellers: Mapping[int, str] | None,
        opportunities: Mapping[int, str] | None,
        decision_steps: Iterable[DecisionStepRef],
        red_flags: Iterable[RedFlagRef],
        countered_red_flags: Iterable[int],
        account_id: int,
    ) -> AccountGraphs:
        """:meth:`build` for people keyed by id whose depths are already set from their ``forest``."""
        pairs: dict[tuple[int, int], dict[InfluenceKind, int]] = {}
        for source, target, kind, strength in influence:
            if source in people and target in people and source != target:
                pairs.setdefault((source, target), {})[kind] = strength
        names = dict(co_sellers or {})
        relationships = [link for link in coverage if link.stakeholder_id in people]
        for link in relationships:
            if link.co_seller_id not in names:
                names[link.co_seller_id] = f"Co-seller {link.co_seller_id}"
        return cls(
            account_id=account_id,
            people=people,
            co_sellers=names,
            opportunities=dict(opportunities or {}),
            decision_steps=list(decision_steps),
            red_flags=list(red_flags),
            countered_red_flags=frozenset(countered_red_flags),
            reports=forest.reports,
            influence_links=pairs,
            coverage_links=relationships,
            broken_loops=forest.broken_loops,
        )

    @cached_property
    def reporting(self) -> nx.DiGraph:
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(self.people)
        graph.add_edges_from((manager, report) for manager, below in self.reports.items() for report in below)
        return graph

    def shown_influence(self) -> Iterator[tuple[int, int, InfluenceKind, int]]:
        """Each edge of ``influence`` as (source, target, kind, strength), without building the graph."""
        for (source, target), links in self.influence_links.items():
            yield (source, target, *_shown_link(links))

    @cached_property
    def influence(self) -> nx.DiGraph:
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(self.people)
        graph.add_edges_from(
            (source, target, _influence_attributes(links))
            for (source, target), links in self.influence_links.items()
        )
        return graph

    @cached_property
    def coverage(self) -> nx.Graph:
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from((("s", pid) for pid in self.people), bipartite=1)
        graph.add_nodes_from((("c", cid) for cid in self.co_sellers), bipartite=0)
        graph.add_edges_from(
            (
                ("c", link.co_seller_id),
                ("s", link.stakeholder_id),
                {"strength": link.strength, "is_owner": link.is_owner, "last_touched": link.last_touched},
            )
            for link in self.coverage_links
        )
        return graph

    @cached_property
    def _coverage_by_person(self) -> dict[int, list[tuple[int, RelationshipStrength]]]:
        found: dict[int, list[tuple[int, RelationshipStrength]]] = {}
        for link in self.coverage_links:
            found.setdefault(link.stakeholder_id, []).append((link.co_seller_id, link.strength))
        names = self.co_sellers
        for links in found.values():
            if len(links) > 1:
                links.sort(key=lambda item: (-STRENGTH_RANK[item[1]], names.get(item[0], "")))
        return found

    def coverage_of(
        self, stakeholder_id: int, at_least: RelationshipStrength = RelationshipStrength.NONE
    ) -> list[tuple[int, RelationshipStrength]]:
        """The co-sellers who know this person at ``at_least`` or better, and how well, strongest first."""
        floor = STRENGTH_RANK[at_least]
        found = self._coverage_by_person.get(stakeholder_id, ())
        return [(cid, strength) for cid, strength in found if STRENGTH_RANK[strength] >= floor]

    def working_coverage(self, stakeholder_id: int) -> list[int]:
        """The co-sellers who know this person at working strength or better."""
        return [cid for cid, _ in self.coverage_of(stakeholder_id, WORKING)]

    def active_holders(self, *roles: BuyingRole) -> list[Person]:
        """The active people holding any of these buying roles, most influential first."""
        wanted = frozenset(roles)
        found = [p for p in self.people.values() if p.active and p.roles & wanted]
        return sorted(found, key=lambda p: (-p.influence, p.depth, p.name))

    def direct_reports(self, person_id: int) -> list[int]:
        return list(self.reports.get(person_id, ()))


def _shown_link(links: dict[InfluenceKind, int]) -> tuple[InfluenceKind, int]:
    """Of one person's kinds of link to another, the one an edge shows: the strongest, conflict last."""
    if len(links) == 1:
        ((kind, strength),) = links.items()
        return kind, strength
    return max(links.items(), key=lambda item: (item[1], item[0] is not InfluenceKind.IN_CONFLICT_WITH))


def _influence_attributes(links: dict[InfluenceKind, int]) -> dict[str, object]:
    kind, strength = _shown_link(links)
    return {"kind": kind, "strength": strength, "links": links}


def load_graphs(session: Session, account_id: int) -> AccountGraphs:
    """Read one account's graphs with a few column queries (no entity objects are loaded).

    A red flag is *countered* when an action points to it and that action is not cancelled (planned,
    under way or done), or when the team has set its status to "countered". A counter-strategy written
    in the flag's text alone does not count: nobody owns it and nothing is due.

    A co-seller who has left the account's deal team no longer covers anyone here.
    """
    from accountplan.analysis.graph_loading import read_graphs  # it builds on this module: imported here

    return read_graphs(session, account_id)

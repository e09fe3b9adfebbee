"""Whose word carries to whom: influence reach and the routes by which one person reaches another."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator

from accountplan.analysis.graphs import AccountGraphs
from accountplan.model.enums import InfluenceKind

#: Who reaches whom in one step, and at what cost: person id → {next person id: cost}.
Routes = dict[int, dict[int, int]]

#: How much the people a listener carries to add to a speaker's reach, relative to the listener's own say.
SECOND_HAND = 0.5
#: Walking a formal reporting line (either way) costs as much as an influence link of strength 3.
REPORTING_LINK_COST = 3
#: An influence link of strength s (1–5) costs 6 - s: the stronger the link, the shorter the way.
STRONGEST_LINK = 5


def voice_links(graphs: AccountGraphs) -> Iterator[tuple[int, int, int]]:
    """Every (speaker, listener, strength) among active people: the speaker's word carries to the listener.

    "A influences B" and "A informally reports to B" (A has B's ear) carry A's word to B; "A trusts B"
    carries B's word to A. Conflicts carry nothing.
    """
    people = graphs.people
    for (source, target), links in graphs.influence_links.items():
        if people[source].departed or people[target].departed:
            continue
        for kind, strength in links.items():
            if kind is InfluenceKind.TRUSTS:
                yield target, source, strength
            elif kind is not InfluenceKind.IN_CONFLICT_WITH:
                yield source, target, strength


def listeners_by_speaker(graphs: AccountGraphs) -> dict[int, dict[int, int]]:
    """For each speaker, the people their word carries to and the strength of the strongest such link."""
    found: dict[int, dict[int, int]] = {}
    for speaker, listener, strength in voice_links(graphs):
        heard_by = found.setdefault(speaker, {})
        heard_by[listener] = max(strength, heard_by.get(listener, 0))
    return found


def influence_reach(
    graphs: AccountGraphs, listeners: dict[int, dict[int, int]] | None = None
) -> dict[int, float]:
    """How far each active person's word carries, from the influence links (0 for people without any).

    Each listener adds ``strength / 5 × (listener's influence + SECOND_HAND × listener's own direct
    reach)``: being heard, strongly, by people who weigh in the decision and who are heard in turn.
    A strength-5 link to a person of influence 5 who carries to nobody is worth 5. Linear in the links.
    """
    if listeners is None:
        listeners = listeners_by_speaker(graphs)
    people = graphs.people

    def carried(heard_by: dict[int, int], second_hand: dict[int, float]) -> float:
        return sum(
            strength / STRONGEST_LINK * (people[q].influence + SECOND_HAND * second_hand.get(q, 0.0))
            for q, strength in heard_by.items()
        )

    first_hand = {pid: carried(heard_by, {}) for pid, heard_by in listeners.items()}
    reach = dict.fromkeys((pid for pid, person in people.items() if person.active), 0.0)
    for pid, heard_by in listeners.items():
        reach[pid] = carried(heard_by, first_hand)
    return reach


def route_graph(graphs: AccountGraphs) -> Routes:
    """The ways one active person can reach another, each with a ``cost`` (shorter is easier).

    Formal reporting lines run both ways (cost 3); influence links run the way the word carries (see
    :func:`voice_links`), and informal reporting lines run both ways like formal ones; an influence
    link costs ``6 - strength``. Where several links join two people, the cheapest counts.
    """
    routes: Routes = {pid: {} for pid, person in graphs.people.items() if person.active}

    def connect(a: int, b: int, cost: int) -> None:
        if a in routes and b in routes and routes[a].get(b, cost + 1) > cost:
            routes[a][b] = cost

    for manager, reports in graphs.reports.items():
        for report in reports:
            connect(manager, report, REPORTING_LINK_COST)
            connect(report, manager, REPORTING_LINK_COST)
    for speaker, listener, strength in voice_links(graphs):
        connect(speaker, listener, STRONGEST_LINK + 1 - strength)
    for (source, target), links in graphs.influence_links.items():
        if InfluenceKind.INFORMALLY_REPORTS_TO in links:
            connect(target, source, STRONGEST_LINK + 1 - links[InfluenceKind.INFORMALLY_REPORTS_TO])
    return routes


def shortest_route(routes: Routes, start: int, ends: list[int]) -> list[int] | None:
    """The cheapest route from ``start`` to the nearest of ``ends``, as people ids, or None.

    Dijkstra's algorithm; between routes of the same cost, the one found first (steps taken in the order
    the links were added) and then the one with fewer people wins, as with networkx's implementation. The
    search stops once the cheapest end is reached and every route of that cost is known, not after walking
    the whole organisation.
    """
    targets = [end for end in ends if end in routes]
    if start not in routes or not targets:
        return None
    wanted = set(targets)
    nearest: int | None = None  # the cost of the cheapest end, once reached
    costs: dict[int, int] = {}
    best = {start: 0}
    came_from: dict[int, int] = {}
    order = itertools.count()
    fringe = [(0, next(order), start)]
    while fringe:
        cost, _, person = heapq.heappop(fringe)
        if person in costs:
            continue
        if nearest is not None and cost > nearest:
            break
        costs[person] = cost
        if nearest is None and person in wanted:
            nearest = cost
        for other, step in routes[person].items():
            through = cost + step
            if other not in costs and through < best.get(other, through + 1):
                best[other] = through
                came_from[other] = person
                heapq.heappush(fringe, (through, next(order), other))

    def route_to(end: int) -> list[int]:
        route = [end]
        while route[-1] != start:
            route.append(came_from[route[-1]])
        return route[::-1]

    reachable = {end: route_to(end) for end in targets if end in costs}
    if not reachable:
        return None
    return min(reachable.values(), key=lambda route: (costs[route[-1]], len(route)))

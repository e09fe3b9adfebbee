"""Which people an org chart shows: the whole account, one org unit, or a person and the levels below them.

A chart of part of the account is what a deal team prints for one division's meeting or puts on a slide for
one executive: ``unit_scope`` is the unit with every unit inside it, ``person_scope`` a person and their
reports down to ``levels`` levels, ``unit_scopes`` every unit that has people (a slide each).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.graphs import AccountGraphs, Person
from accountplan.analysis.org_units import org_unit_tree
from accountplan.errors import InvalidValue, NotFound
from accountplan.model import OrgUnit

__all__ = [
    "ChartScope",
    "deck_parts",
    "find_person",
    "person_scope",
    "unit_scope",
    "unit_scope_of",
    "unit_scopes",
]


@dataclass(frozen=True, slots=True)
class ChartScope:
    """The people a chart shows (None: everyone) and how its title names them."""

    people: frozenset[int] | None
    heading: str


def _units(session: Session, account_id: int) -> list[OrgUnit]:
    return list(session.scalars(select(OrgUnit).where(OrgUnit.account_id == account_id)))


def _unit_people(graphs: AccountGraphs, units: list[OrgUnit], unit_id: int) -> frozenset[int]:
    """The people of the unit and of every unit inside it (a nesting loop is walked once)."""
    inside: dict[int | None, list[int]] = {}
    for unit in units:
        inside.setdefault(unit.parent_id, []).append(unit.id)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(inside.get(current, []))
    return frozenset(pid for pid, person in graphs.people.items() if person.org_unit_id in found)


def unit_scope(session: Session, account_id: int, graphs: AccountGraphs, name: str) -> ChartScope:
    """The unit called ``name`` (case does not matter) and the units inside it; NotFound naming the units."""
    units = _units(session, account_id)
    wanted = name.strip().casefold()
    matches = [unit for unit in units if unit.name.strip().casefold() == wanted]
    if not matches:
        known = ", ".join(sorted(unit.name for unit in units)) or "none yet"
        raise NotFound(f"There is no org unit called {name!r} (units: {known}).")
    return _unit_scope(graphs, units, matches[0])


def unit_scope_of(session: Session, account_id: int, graphs: AccountGraphs, unit_id: int) -> ChartScope:
    """The unit ``unit_id`` and the units inside it, as :func:`unit_scope` (for a unit picked from a list)."""
    units = _units(session, account_id)
    unit = next((unit for unit in units if unit.id == unit_id), None)
    if unit is None:
        raise NotFound("That org unit is no longer in this account.")
    return _unit_scope(graphs, units, unit)


def _unit_scope(graphs: AccountGraphs, units: list[OrgUnit], unit: OrgUnit) -> ChartScope:
    people = _unit_people(graphs, units, unit.id)
    if not people:
        raise NotFound(f"Nobody is in the org unit {unit.name!r} or the units inside it yet.")
    return ChartScope(people, unit.name)


def unit_scopes(session: Session, account_id: int, graphs: AccountGraphs) -> list[ChartScope]:
    """The units a deck gives a slide each: the top-level units with people, in the order of the unit tree.

    A single top-level unit that holds every other (the group itself) is opened: its sub-units get the
    slides, and its own people (the group's leadership) one of their own. The people in no unit come last.
    """
    units = _units(session, account_id)
    tree = org_unit_tree(units)
    level, parent = 0, None
    while True:
        tops = [(uid, name) for uid, name, depth in tree if depth == level and _under(units, uid, parent)]
        if len(tops) != 1 or not any(depth == level + 1 for _, _, depth in tree):
            break
        parent, level = tops[0][0], level + 1
    scopes = []
    if parent is not None:
        own = frozenset(pid for pid, person in graphs.people.items() if person.org_unit_id == parent)
        if own:
            scopes.append(ChartScope(own, next(name for uid, name, _ in tree if uid == parent)))
    for unit_id, unit_name, depth in tree:
        if depth == level and _under(units, unit_id, parent):
            people = _unit_people(graphs, units, unit_id)
            if people:
                scopes.append(ChartScope(people, unit_name))
    placed = frozenset().union(*(scope.people or frozenset() for scope in scopes))
    rest = frozenset(graphs.people) - placed
    if rest and scopes:
        scopes.append(ChartScope(rest, "People in no org unit"))
    return scopes


def deck_parts(
    session: Session, account_id: int, graphs: AccountGraphs
) -> list[tuple[str, frozenset[int] | None]]:
    """What a deck of the whole account adds after its chart: each unit's (heading, people).

    The units are :func:`unit_scopes`; with fewer than two, nothing (the whole chart already shows them).
    """
    scopes = unit_scopes(session, account_id, graphs)
    return [(scope.heading, scope.people) for scope in scopes] if len(scopes) > 1 else []


def _under(units: list[OrgUnit], unit_id: int, parent: int | None) -> bool:
    """Whether the unit's parent is ``parent`` (None: any top-level unit)."""
    if parent is None:
        return True
    return any(unit.id == unit_id and unit.parent_id == parent for unit in units)


def find_person(graphs: AccountGraphs, name: str) -> Person:
    """The one person called ``name`` (or with that id); NotFound, or InvalidValue listing namesakes."""
    wanted = name.strip()
    if wanted.lstrip("#").isdigit() and int(wanted.lstrip("#")) in graphs.people:
        return graphs.people[int(wanted.lstrip("#"))]
    matches = [person for person in graphs.people.values() if person.name.casefold() == wanted.casefold()]
    if not matches:
        raise NotFound(f"There is nobody called {name!r} in this account.")
    if len(matches) > 1:
        which = "; ".join(
            f"#{person.id} {person.title or 'no title'}" for person in sorted(matches, key=lambda p: p.id)
        )
        raise InvalidValue(
            f"{len(matches)} people are called {name!r} ({which}): name one by its number, e.g. "
            f"--person {matches[0].id}."
        )
    return matches[0]


def person_scope(graphs: AccountGraphs, name: str, levels: int | None = None) -> ChartScope:
    """The person called ``name`` and their reports ``levels`` levels down (all levels without it)."""
    if levels is not None and levels < 0:
        raise InvalidValue(f"--levels must be 0 or more, not {levels}.")
    person = find_person(graphs, name)
    found, frontier, depth = {person.id}, [person.id], 0
    while frontier and (levels is None or depth < levels):
        frontier = [r for manager in frontier for r in graphs.reports.get(manager, []) if r not in found]
        found.update(frontier)
        depth += 1
    if levels is None:
        heading = f"{person.name} and their organisation"
    elif levels == 0:
        heading = person.name
    else:
        heading = f"{person.name} and {levels} level{'s' if levels != 1 else ''} below"
    return ChartScope(frozenset(found), heading)

"""What the org chart and coverage pages show of a past day (issue #18): their rows made from rebuilt graphs.

:func:`~accountplan.analysis.as_of.past_account` rebuilds the people, links and coverage of a day; this module
turns them into what the pages already draw (:class:`~accountplan.analysis.chart_rows.ChartRows`, a
:class:`~accountplan.analysis.coverage.CoverageMatrix`), and says which days the pages may offer. The org
units' names and the open deals are today's (a past day does not rebuild them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.as_of import PastAccount, account_start
from accountplan.analysis.chart_rows import ChartRows
from accountplan.analysis.coverage import WORKING, CoverageCell, CoverageMatrix, CoverageRowInfo, is_stale
from accountplan.analysis.graph_loading import read_deal_facts
from accountplan.model import Meeting, OrgUnit
from accountplan.model.enums import BuyingRole, MeetingStatus, RelationshipStrength

__all__ = ["first_day", "last_meeting_day", "past_chart_rows", "past_coverage_matrix"]


def first_day(session: Session, account_id: int) -> dt.date:
    """The first local day the account can be shown as of (the day its plan starts)."""
    return account_start(session, account_id).astimezone().date()


def last_meeting_day(session: Session, account_id: int, today: dt.date) -> dt.date | None:
    """The day of the last alignment meeting held (up to ``today``), None if none was."""
    return session.scalar(
        select(Meeting.held_on)
        .where(
            Meeting.account_id == account_id, Meeting.status == MeetingStatus.HELD, Meeting.held_on <= today
        )
        .order_by(Meeting.held_on.desc())
        .limit(1)
    )


def _org_units(session: Session, account_id: int) -> dict[int, str]:
    rows = session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.account_id == account_id)).all()
    return {unit_id: name for unit_id, name in rows}


def past_chart_rows(session: Session, account_id: int, past: PastAccount) -> ChartRows:
    """The org chart's rows as they were at the end of ``past.day`` (row ids made up: nothing edits them)."""
    graphs = past.graphs
    roles: dict[int, tuple[int, BuyingRole]] = {}
    for person in graphs.people.values():
        for role in sorted(person.roles, key=list(BuyingRole).index):
            roles[len(roles) + 1] = (person.id, role)
    every_link = [
        (source, target, kind, strength)
        for (source, target), kinds in graphs.influence_links.items()
        for kind, strength in kinds.items()
    ]
    links = dict(enumerate(every_link, start=1))
    account: dict[str, Any] = {"account_id": account_id}
    return ChartRows(
        account_id,
        dict(graphs.people),
        roles,
        links,
        dict(enumerate(graphs.coverage_links, start=1)),
        dict(graphs.co_sellers),
        frozenset(),
        _org_units(session, account_id),
        read_deal_facts(session.connection(), account),
    )


def past_coverage_matrix(session: Session, account_id: int, past: PastAccount) -> CoverageMatrix:
    """The coverage matrix at the end of ``past.day``: its active people against the co-sellers of then.

    Ordered as :func:`~accountplan.analysis.coverage.coverage_matrix` orders today's; a relationship is stale
    by that day; the cells have no row id (0).
    """
    graphs, day = past.graphs, past.day
    co_sellers = sorted(graphs.co_sellers.items(), key=lambda pair: (pair[1].casefold(), pair[0]))
    units = _org_units(session, account_id)
    active = {pid for pid, person in graphs.people.items() if person.active}
    cells: dict[tuple[int, int], CoverageCell] = {}
    for edge in graphs.coverage_links:
        if edge.stakeholder_id in active and edge.co_seller_id in graphs.co_sellers:
            cells[(edge.stakeholder_id, edge.co_seller_id)] = CoverageCell(
                0, edge.strength, edge.is_owner, edge.last_touched, is_stale(edge.last_touched, day)
            )
    by_person: dict[int, list[tuple[int, CoverageCell]]] = {}
    for (person_id, seller_id), cell in cells.items():
        by_person.setdefault(person_id, []).append((seller_id, cell))
    rows = []
    for person_id in sorted(active):
        person = graphs.people[person_id]
        covered = by_person.get(person_id, [])
        best = max(
            (cell.strength for _, cell in covered), key=lambda s: s.rank, default=RelationshipStrength.NONE
        )
        unit = person.org_unit_id
        rows.append(
            CoverageRowInfo(
                id=person_id,
                name=person.name,
                title=person.title,
                org_unit=units.get(unit, "") if unit is not None else "",
                roles=tuple(role for role in BuyingRole if role in person.roles),
                influence=person.influence,
                decisive=person.decisive,
                best=best,
                gap=person.decisive and best.rank < WORKING.rank,
                stale=any(cell.stale for _, cell in covered),
                org_unit_id=unit,
                owner_id=next((seller for seller, cell in covered if cell.is_owner), None),
            )
        )
    rows.sort(key=lambda row: (not row.gap, not row.stale, -row.influence, row.name.casefold(), row.id))
    return CoverageMatrix(rows, co_sellers, cells)

"""Rows of the coverage matrix for some people only: what the Coverage page reads again after an edit.

:func:`accountplan.analysis.coverage.coverage_matrix` reads the whole account (a third of a second at 20,000
people); an edit of a few people or relationships needs only their rows, read here with the same rules
(gap, stale, best strength) and in the same shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.coverage import (
    WORKING,
    CoverageCell,
    CoverageMatrix,
    CoverageRowInfo,
    is_stale,
)
from accountplan.analysis.graphs import DECISIVE_INFLUENCE
from accountplan.model import Coverage, OrgUnit, Stakeholder, StakeholderRole
from accountplan.model.enums import DECISIVE_ROLES, BuyingRole, RelationshipStrength, StakeholderStatus


def coverage_people(session: Session, coverage_ids: Collection[int]) -> dict[int, int]:
    """The stakeholder of each of these coverage rows (rows not found are left out)."""
    if not coverage_ids:
        return {}
    query = select(Coverage.id, Coverage.stakeholder_id).where(Coverage.id.in_(sorted(coverage_ids)))
    return {coverage_id: person_id for coverage_id, person_id in session.connection().execute(query)}


def coverage_rows(
    session: Session,
    account_id: int,
    stakeholder_ids: Collection[int],
    co_sellers: Collection[int],
    today: dt.date,
) -> CoverageMatrix:
    """The rows of the coverage matrix of these people, against the co-sellers ``co_sellers``.

    The co-sellers are the matrix' columns, which the caller holds; the rows are the active people among
    ``stakeholder_ids``, in no particular order, with their cells.
    """
    wanted = sorted(stakeholder_ids)
    rows = session.connection().execute
    people = rows(
        select(
            Stakeholder.id,
            Stakeholder.name,
            Stakeholder.title,
            Stakeholder.org_unit_id,
            OrgUnit.name,
            Stakeholder.influence,
        )
        .outerjoin(OrgUnit, OrgUnit.id == Stakeholder.org_unit_id)
        .where(
            Stakeholder.account_id == account_id,
            Stakeholder.status == StakeholderStatus.ACTIVE,
            Stakeholder.id.in_(wanted),
        )
    ).all()
    roles: dict[int, set[BuyingRole]] = {}
    for person_id, role in rows(
        select(StakeholderRole.stakeholder_id, StakeholderRole.role).where(
            StakeholderRole.stakeholder_id.in_(wanted)
        )
    ):
        roles.setdefault(person_id, set()).add(BuyingRole(role))
    on_team = set(co_sellers)
    cells: dict[tuple[int, int], CoverageCell] = {}
    for coverage_id, seller_id, person_id, strength, owner, touched, note, version in rows(
        select(
            Coverage.id,
            Coverage.co_seller_id,
            Coverage.stakeholder_id,
            Coverage.strength,
            Coverage.is_owner,
            Coverage.last_touched,
            Coverage.note,
            Coverage.version,
        ).where(Coverage.account_id == account_id, Coverage.stakeholder_id.in_(wanted))
    ):
        if seller_id in on_team:
            cells[(person_id, seller_id)] = CoverageCell(
                coverage_id, strength, owner, touched, is_stale(touched, today), note, version
            )
    by_person: dict[int, list[tuple[int, CoverageCell]]] = {}
    for (person_id, seller_id), cell in cells.items():
        by_person.setdefault(person_id, []).append((seller_id, cell))
    found = []
    for person_id, name, title, unit_id, unit, influence in people:
        held = roles.get(person_id, set())
        covered = by_person.get(person_id, [])
        best = max(
            (cell.strength for _, cell in covered), key=lambda s: s.rank, default=RelationshipStrength.NONE
        )
        decisive = bool(held & DECISIVE_ROLES) or influence >= DECISIVE_INFLUENCE
        found.append(
            CoverageRowInfo(
                id=person_id,
                name=name,
                title=title,
                org_unit=unit or "",
                roles=tuple(role for role in BuyingRole if role in held),
                influence=influence,
                decisive=decisive,
                best=best,
                gap=decisive and best.rank < WORKING.rank,
                stale=any(cell.stale for _, cell in covered),
                org_unit_id=unit_id,
                owner_id=next((seller for seller, cell in covered if cell.is_owner), None),
            )
        )
    return CoverageMatrix(found, [], cells)

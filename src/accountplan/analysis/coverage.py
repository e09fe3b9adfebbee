"""The coverage matrix: stakeholders against the deal team, with the gaps and stale relationships on top."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.graphs import DECISIVE_INFLUENCE
from accountplan.errors import NotFound
from accountplan.model import (
    Account,
    CoSeller,
    Coverage,
    DealTeamMember,
    OrgUnit,
    Stakeholder,
    StakeholderRole,
)
from accountplan.model.enums import DECISIVE_ROLES, BuyingRole, RelationshipStrength, StakeholderStatus

#: A relationship not touched for this many days (or more) is stale.
STALE_DAYS = 60
#: Coverage at this strength or better is a real relationship.
WORKING = RelationshipStrength.WORKING


@dataclass(frozen=True)
class CoverageCell:
    """One co-seller's relationship with one stakeholder."""

    coverage_id: int
    strength: RelationshipStrength
    is_owner: bool
    last_touched: dt.date | None
    stale: bool
    note: str = ""
    #: The version the cell was read at: an edit is refused if someone saved the cell since.
    version: int = 0


@dataclass(frozen=True)
class CoverageRowInfo:
    """One stakeholder, a row of the matrix: who they are and how well the team covers them.

    ``gap``: decisive (economic buyer, decision maker, or influence of 4 or more) without anyone at working
    strength or better. ``stale``: one of their relationships has not been touched for ``STALE_DAYS`` days.
    """

    id: int
    name: str
    title: str
    org_unit: str
    roles: tuple[BuyingRole, ...]
    influence: int
    decisive: bool
    best: RelationshipStrength
    gap: bool
    stale: bool
    org_unit_id: int | None = None
    owner_id: int | None = None


@dataclass
class CoverageMatrix:
    """Rows (stakeholders), columns (co-sellers as (id, name)) and the cells by (stakeholder id, co-seller id)."""

    stakeholders: list[CoverageRowInfo]
    co_sellers: list[tuple[int, str]]
    cells: dict[tuple[int, int], CoverageCell] = field(default_factory=dict)

    @property
    def gaps(self) -> list[CoverageRowInfo]:
        return [row for row in self.stakeholders if row.gap]

    @property
    def stale(self) -> list[CoverageRowInfo]:
        return [row for row in self.stakeholders if row.stale]

    def cell(self, stakeholder_id: int, co_seller_id: int) -> CoverageCell | None:
        return self.cells.get((stakeholder_id, co_seller_id))


def is_stale(last_touched: dt.date | None, today: dt.date) -> bool:
    """Not touched for ``STALE_DAYS`` days or more; a relationship with no date recorded is not judged."""
    return last_touched is not None and (today - last_touched).days >= STALE_DAYS


def coverage_matrix(session: Session, account_id: int, today: dt.date) -> CoverageMatrix:
    """The matrix of the account's active stakeholders against its active team members.

    Rows: gaps first, then stale, then by influence (highest first) and name. Columns by name.
    """
    if session.get(Account, account_id) is None:
        raise NotFound(f"There is no account with id {account_id}; it may have been deleted.")
    rows = session.connection().execute
    team = rows(
        select(CoSeller.id, CoSeller.name)
        .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
        .where(DealTeamMember.account_id == account_id, DealTeamMember.active.is_(True))
    ).all()
    co_sellers = sorted(((cid, name) for cid, name in team), key=lambda pair: (pair[1].casefold(), pair[0]))
    on_team = {cid for cid, _ in co_sellers}
    units = {
        key: value
        for key, value in rows(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.account_id == account_id))
    }
    roles: dict[int, set[BuyingRole]] = {}
    for person_id, role in rows(
        select(StakeholderRole.stakeholder_id, StakeholderRole.role).where(
            StakeholderRole.account_id == account_id
        )
    ):
        roles.setdefault(person_id, set()).add(role)
    people = rows(
        select(
            Stakeholder.id,
            Stakeholder.name,
            Stakeholder.title,
            Stakeholder.org_unit_id,
            Stakeholder.influence,
        ).where(Stakeholder.account_id == account_id, Stakeholder.status == StakeholderStatus.ACTIVE)
    ).all()
    active = {person_id for person_id, *_ in people}
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
        ).where(Coverage.account_id == account_id)
    ):
        if seller_id in on_team and person_id in active:
            cells[(person_id, seller_id)] = CoverageCell(
                coverage_id, strength, owner, touched, is_stale(touched, today), note, version
            )
    by_person: dict[int, list[tuple[int, CoverageCell]]] = {}
    for (person_id, seller_id), cell in cells.items():
        by_person.setdefault(person_id, []).append((seller_id, cell))
    matrix_rows = []
    for person_id, name, title, unit_id, influence in people:
        held = roles.get(person_id, set())
        covered = by_person.get(person_id, [])
        best = max(
            (cell.strength for _, cell in covered), key=lambda s: s.rank, default=RelationshipStrength.NONE
        )
        decisive = bool(held & DECISIVE_ROLES) or influence >= DECISIVE_INFLUENCE
        matrix_rows.append(
            CoverageRowInfo(
                id=person_id,
                name=name,
                title=title,
                org_unit=units.get(unit_id, "") if unit_id is not None else "",
                roles=tuple(role for role in BuyingRole if role in held),
                influence=influence,
                decisive=decisive,
                best=best,
                gap=decisive and best.rank < WORKING.rank,
                stale=any(cell.stale for _, cell in covered),
                org_unit_id=unit_id,
                owner_id=next((seller_id for seller_id, cell in covered if cell.is_owner), None),
            )
        )
    matrix_rows.sort(
        key=lambda row: (not row.gap, not row.stale, -row.influence, row.name.casefold(), row.id)
    )
    return CoverageMatrix(matrix_rows, co_sellers, cells)


def coverage_gaps(matrix: CoverageMatrix) -> list[str]:
    """The gaps in sentences, the decisive people first: what the team should fix next."""
    found = [
        f"{row.name} is decisive and nobody on the team covers them"
        if row.best is RelationshipStrength.NONE
        else f"{row.name} is decisive and our best relationship is only {row.best.label.lower()}"
        for row in matrix.gaps
    ]
    names = dict(matrix.co_sellers)
    for row in matrix.stale:
        stale = [
            names[seller_id]
            for seller_id, _ in matrix.co_sellers
            if (cell := matrix.cells.get((row.id, seller_id))) is not None and cell.stale
        ]
        found.append(f"{row.name}: not touched for {STALE_DAYS}+ days by {', '.join(stale)}")
    return found

"""The stakeholders table as the window lists it: one row per person, all of an account's or only some."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from accountplan.model import OrgUnit, Stakeholder, StakeholderRole
from accountplan.model.enums import BuyingRole, StakeholderStatus, Stance


@dataclass(frozen=True)
class PersonRow:
    """One line of the stakeholders table."""

    id: int
    name: str
    title: str
    org_unit: str
    manager: str
    roles: str
    stance: Stance
    influence: int
    status: StakeholderStatus
    #: The version the row was read at: an edit is refused if someone saved the person since.
    version: int = 0
    manager_id: int | None = None


def stakeholder_rows(
    session: Session, account_id: int, ids: Collection[int] | None = None
) -> list[PersonRow]:
    """The account's people by name; with ``ids``, only those of them (people not found are left out)."""
    manager = aliased(Stakeholder)
    query = (
        select(
            Stakeholder.id,
            Stakeholder.name,
            Stakeholder.title,
            OrgUnit.name,
            manager.name,
            Stakeholder.stance,
            Stakeholder.influence,
            Stakeholder.status,
            Stakeholder.version,
            Stakeholder.reports_to_id,
        )
        .outerjoin(OrgUnit, OrgUnit.id == Stakeholder.org_unit_id)
        .outerjoin(manager, manager.id == Stakeholder.reports_to_id)
        .where(Stakeholder.account_id == account_id)
        .order_by(Stakeholder.name, Stakeholder.id)
    )
    roles_query = select(StakeholderRole.stakeholder_id, StakeholderRole.role).where(
        StakeholderRole.account_id == account_id
    )
    if ids is not None:
        wanted = sorted(ids)
        query = query.where(Stakeholder.id.in_(wanted))
        roles_query = roles_query.where(StakeholderRole.stakeholder_id.in_(wanted))
    rows = session.connection().execute
    roles: dict[int, list[str]] = {}
    for person_id, role in rows(roles_query):
        roles.setdefault(person_id, []).append(BuyingRole(role).label)
    return [
        PersonRow(
            pid,
            name,
            title,
            unit or "",
            boss or "",
            ", ".join(sorted(roles.get(pid, []))),
            stance,
            influence,
            status,
            version,
            boss_id,
        )
        for pid, name, title, unit, boss, stance, influence, status, version, boss_id in rows(query)
    ]

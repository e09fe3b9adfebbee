"""What the person panel shows of one stakeholder, and whom they could report to, read through the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import OrgUnit, Stakeholder
from accountplan.model.enums import BuyingRole

#: The fields the panel edits, by column name.
FIELDS = (
    "name",
    "title",
    "email",
    "phone",
    "location",
    "org_unit_id",
    "reports_to_id",
    "stance",
    "influence",
    "departed_on",
    "business_results",
    "personal_wins",
    "concerns",
    "internal_notes",
)


@dataclass(frozen=True)
class PersonDetails:
    """One stakeholder as the panel edits them, with the choices its fields offer."""

    #: Each of :data:`FIELDS` → its value.
    values: dict[str, Any]
    roles: frozenset[BuyingRole]
    departed: bool
    #: The row's version when read (an edit over a newer one is refused).
    version: int
    #: Their manager (id, name), or None.
    manager: tuple[int, str] | None
    #: The account's org units (id, name), by name.
    units: list[tuple[int, str]]


def person_details(session: Session, stakeholder_id: int) -> PersonDetails | None:
    """A stakeholder as the panel shows them; None if they are gone."""
    person = session.get(Stakeholder, stakeholder_id)
    if person is None:
        return None
    manager = session.get(Stakeholder, person.reports_to_id) if person.reports_to_id is not None else None
    units = session.execute(
        select(OrgUnit.id, OrgUnit.name).where(OrgUnit.account_id == person.account_id).order_by(OrgUnit.name)
    ).all()
    return PersonDetails(
        {field: getattr(person, field) for field in FIELDS},
        frozenset(person.roles),
        person.is_departed,
        person.version,
        (manager.id, manager.name) if manager is not None else None,
        [(unit_id, name) for unit_id, name in units],
    )


def possible_managers(session: Session, account_id: int, stakeholder_id: int) -> list[tuple[int, str]]:
    """Everyone else in the account (id, name), by name: whom a person could be said to report to."""
    rows = session.execute(
        select(Stakeholder.id, Stakeholder.name)
        .where(Stakeholder.account_id == account_id, Stakeholder.id != stakeholder_id)
        .order_by(Stakeholder.name)
    ).all()
    return [(row_id, name) for row_id, name in rows]

"""The account's strategic initiatives and its spend zones: add, change, list, delete.

An initiative is a transformation the customer is driving, with the person who sponsors it; the plan attaches
to it. A spend zone is where the customer's money goes, with the incumbent solution there and what it fails
to deliver. The functions have the shape of the window's undoable row commands: ``add(session, account_id,
name, **values) -> id``, ``update(session, id, **changes) -> previous values``, ``delete(session, id)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import AlreadyExists, InvalidValue
from accountplan.model import Initiative, SpendZone, Stakeholder
from accountplan.model.enums import StakeholderStatus
from accountplan.plan import fields


@dataclass(frozen=True)
class InitiativeRow:
    id: int
    title: str
    description: str
    sponsor_id: int | None
    #: The sponsor's name ("" when nobody sponsors it).
    sponsor: str


@dataclass(frozen=True)
class SpendZoneRow:
    id: int
    name: str
    annual_spend: Decimal | None
    incumbent_solution: str
    shortcomings: str


def _unique(
    session: Session,
    entity: type[Initiative] | type[SpendZone],
    field: str,
    account_id: int,
    text: str,
    row_id: int,
) -> str:
    noun = "strategic initiative" if entity is Initiative else "spend zone"
    text = fields.coerce(entity, field, str(text)).strip()
    if not text:
        raise InvalidValue(f"A {noun} needs a {'title' if entity is Initiative else 'name'}.")
    column = getattr(entity, field)
    clash = session.scalar(
        select(entity.id).where(
            entity.account_id == account_id, func.lower(column) == text.lower(), entity.id != row_id
        )
    )
    if clash is not None:
        raise AlreadyExists(f"The account has a {noun} {text!r} already.")
    return text


def _checked(session: Session, account_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with a sponsor who is one of the account's people and a spend that is not negative."""
    sponsor = changes.get("sponsor_id")
    if sponsor is not None:
        person: Stakeholder = fields.get(session, Stakeholder, sponsor)
        if person.account_id != account_id:
            raise InvalidValue(f"{person.name} is not one of this account's people.")
    if "annual_spend" in changes:
        spend = fields.coerce(SpendZone, "annual_spend", changes["annual_spend"])
        if spend is not None and spend < 0:
            raise InvalidValue(f"The annual spend cannot be negative ({spend}).")
        changes = {**changes, "annual_spend": spend}
    return changes


# --- strategic initiatives --------------------------------------------------------------------------


def add_initiative(session: Session, account_id: int, title: str, **values: Any) -> int:
    """Add an initiative after the others (``values``: description, sponsor_id); return its id."""
    title = _unique(session, Initiative, "title", account_id, title, 0)
    last = session.scalar(select(func.max(Initiative.position)).where(Initiative.account_id == account_id))
    initiative = Initiative(account_id=account_id, title=title, position=(last or 0) + 1)
    fields.apply(initiative, _checked(session, account_id, values))
    session.add(initiative)
    session.flush()
    return initiative.id


def update_initiative(session: Session, initiative_id: int, **changes: Any) -> dict[str, Any]:
    """Change an initiative's title, description or sponsor; return the previous values."""
    initiative: Initiative = fields.get(session, Initiative, initiative_id)
    account_id = initiative.account_id
    if "title" in changes:
        changes = {
            **changes,
            "title": _unique(session, Initiative, "title", account_id, changes["title"], initiative.id),
        }
    previous = fields.apply(initiative, _checked(session, account_id, changes))
    session.flush()
    return previous


def delete_initiative(session: Session, initiative_id: int) -> None:
    session.delete(fields.get(session, Initiative, initiative_id))
    session.flush()


def list_initiatives(session: Session, account_id: int) -> list[InitiativeRow]:
    """The account's initiatives in their order, each with its sponsor's name."""
    rows = session.execute(
        select(
            Initiative.id, Initiative.title, Initiative.description, Initiative.sponsor_id, Stakeholder.name
        )
        .outerjoin(Stakeholder, Stakeholder.id == Initiative.sponsor_id)
        .where(Initiative.account_id == account_id)
        .order_by(Initiative.position, Initiative.id)
    )
    return [
        InitiativeRow(i, title, text, sponsor_id, name or "") for i, title, text, sponsor_id, name in rows
    ]


def sponsor_choices(session: Session, account_id: int) -> list[tuple[int, str]]:
    """Who can sponsor an initiative: the account's people still there, by name ("Name (title)")."""
    rows = session.execute(
        select(Stakeholder.id, Stakeholder.name, Stakeholder.title)
        .where(Stakeholder.account_id == account_id, Stakeholder.status == StakeholderStatus.ACTIVE)
        .order_by(Stakeholder.name)
    )
    return [(person_id, f"{name} ({title})" if title else name) for person_id, name, title in rows]


# --- spend zones ------------------------------------------------------------------------------------


def add_spend_zone(session: Session, account_id: int, name: str, **values: Any) -> int:
    """Add a spend zone (``values``: annual_spend, incumbent_solution, shortcomings); return its id."""
    zone = SpendZone(account_id=account_id, name=_unique(session, SpendZone, "name", account_id, name, 0))
    fields.apply(zone, _checked(session, account_id, values))
    session.add(zone)
    session.flush()
    return zone.id


def update_spend_zone(session: Session, zone_id: int, **changes: Any) -> dict[str, Any]:
    """Change a spend zone's name, annual spend, incumbent solution or shortcomings; return the old values."""
    zone: SpendZone = fields.get(session, SpendZone, zone_id)
    if "name" in changes:
        changes = {
            **changes,
            "name": _unique(session, SpendZone, "name", zone.account_id, changes["name"], zone.id),
        }
    previous = fields.apply(zone, _checked(session, zone.account_id, changes))
    session.flush()
    return previous


def delete_spend_zone(session: Session, zone_id: int) -> None:
    session.delete(fields.get(session, SpendZone, zone_id))
    session.flush()


def list_spend_zones(session: Session, account_id: int) -> list[SpendZoneRow]:
    """The account's spend zones by name."""
    zones = session.scalars(
        select(SpendZone).where(SpendZone.account_id == account_id).order_by(SpendZone.name, SpendZone.id)
    )
    return [SpendZoneRow(z.id, z.name, z.annual_spend, z.incumbent_solution, z.shortcomings) for z in zones]

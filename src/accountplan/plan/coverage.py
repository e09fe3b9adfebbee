"""Coverage: how well each co-seller knows each stakeholder, and who owns each relationship (one owner)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import Refused
from accountplan.model import CoSeller, Coverage, DealTeamMember, Stakeholder
from accountplan.model.enums import RelationshipStrength
from accountplan.plan import fields

#: The fields of a coverage row that undo puts back.
_STATE = ("strength", "is_owner", "last_touched", "note")


def find_coverage(session: Session, co_seller_id: int, stakeholder_id: int) -> Coverage | None:
    return session.scalar(
        select(Coverage).where(
            Coverage.co_seller_id == co_seller_id, Coverage.stakeholder_id == stakeholder_id
        )
    )


def make_owner(session: Session, row: Coverage) -> list[int]:
    """Make ``row`` the owner of its stakeholder's relationship; return the co-sellers who stop owning it."""
    others = session.scalars(
        select(Coverage).where(
            Coverage.stakeholder_id == row.stakeholder_id,
            Coverage.is_owner.is_(True),
            Coverage.id != row.id,
        )
    ).all()
    for other in others:
        other.is_owner = False
    row.is_owner = True
    return sorted(other.co_seller_id for other in others)


def set_coverage(
    session: Session,
    co_seller_id: int,
    stakeholder_id: int,
    strength: RelationshipStrength,
    *,
    is_owner: bool | None = None,
    last_touched: dt.date | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Set how well a co-seller knows a stakeholder; return the previous state, for undo.

    Strength NONE removes the relationship. Making someone the owner takes ownership from whoever had it
    (one owner per stakeholder). ``None`` keeps a field as it is. The previous state has the keys
    strength, is_owner, last_touched and note when the relationship existed (``{}`` when it did not),
    and ``cleared_owners`` (co-seller ids) when ownership was taken from someone.
    A new relationship needs the co-seller on the stakeholder's deal team.
    """
    person: Stakeholder = fields.get(session, Stakeholder, stakeholder_id)
    seller: CoSeller = fields.get(session, CoSeller, co_seller_id)
    strength = RelationshipStrength(strength)
    row = find_coverage(session, co_seller_id, stakeholder_id)
    previous: dict[str, Any] = {key: getattr(row, key) for key in _STATE} if row is not None else {}
    if strength is RelationshipStrength.NONE:
        if row is not None:
            session.delete(row)
            session.flush()
        return previous
    if row is None:
        _require_on_team(session, person, seller)
        row = Coverage(account_id=person.account_id, co_seller_id=co_seller_id, stakeholder_id=stakeholder_id)
        row.is_owner = False
        row.note = ""
        session.add(row)
    row.strength = strength
    if last_touched is not None:
        row.last_touched = fields.coerce(Coverage, "last_touched", last_touched)
    if note is not None:
        row.note = note
    if is_owner is True:
        session.flush()
        cleared = make_owner(session, row)
        if cleared:
            previous["cleared_owners"] = cleared
    elif is_owner is False:
        row.is_owner = False
    session.flush()
    return previous


def restore_coverage(
    session: Session, co_seller_id: int, stakeholder_id: int, previous: dict[str, Any]
) -> None:
    """Put a relationship back as :func:`set_coverage` found it (and ownership back to whom had it)."""
    row = find_coverage(session, co_seller_id, stakeholder_id)
    if "strength" not in previous:
        if row is not None:
            session.delete(row)
    else:
        if row is None:
            person: Stakeholder = fields.get(session, Stakeholder, stakeholder_id)
            row = Coverage(
                account_id=person.account_id, co_seller_id=co_seller_id, stakeholder_id=stakeholder_id
            )
            session.add(row)
        for key in _STATE:
            setattr(row, key, previous[key])
    session.flush()
    for owner_id in previous.get("cleared_owners", []):
        owned = find_coverage(session, owner_id, stakeholder_id)
        if owned is not None:
            make_owner(session, owned)
    session.flush()


def touch(session: Session, coverage_id: int, on: dt.date) -> dt.date | None:
    """Record that the relationship was worked on ``on``; return the previous last-touched date."""
    row: Coverage = fields.get(session, Coverage, coverage_id)
    previous = row.last_touched
    row.last_touched = fields.coerce(Coverage, "last_touched", on)
    session.flush()
    return previous


def _require_on_team(session: Session, person: Stakeholder, seller: CoSeller) -> None:
    active = session.scalar(
        select(DealTeamMember.active).where(
            DealTeamMember.account_id == person.account_id, DealTeamMember.co_seller_id == seller.id
        )
    )
    if not active:
        raise Refused(
            f"{seller.name} is not on this account's deal team, so cannot cover {person.name}; "
            "add them to the team first."
        )

"""Influence links between stakeholders: real influence, which need not follow the reporting lines."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import AlreadyExists, Refused
from accountplan.model import InfluenceLink, Stakeholder
from accountplan.model.enums import InfluenceKind
from accountplan.plan import fields


def add_influence_link(
    session: Session,
    source_id: int,
    target_id: int,
    kind: InfluenceKind = InfluenceKind.INFLUENCES,
    strength: int = 3,
    note: str = "",
) -> int:
    """Record that ``source`` influences (trusts, informally reports to, is in conflict with) ``target``."""
    source = fields.get(session, Stakeholder, source_id)
    target = fields.get(session, Stakeholder, target_id)
    if source.id == target.id:
        raise Refused(f"{source.name} cannot influence themselves.")
    if source.account_id != target.account_id:
        raise Refused(f"{source.name} and {target.name} belong to different accounts.")
    kind = InfluenceKind(kind)
    clash = session.scalar(
        select(InfluenceLink.id).where(
            InfluenceLink.source_id == source_id,
            InfluenceLink.target_id == target_id,
            InfluenceLink.kind == kind,
        )
    )
    if clash is not None:
        raise AlreadyExists(f"{source.name} already {kind.label.lower()} {target.name}.")
    link = InfluenceLink(account_id=source.account_id, source_id=source_id, target_id=target_id, kind=kind)
    fields.apply(link, {"strength": strength, "note": note})
    session.add(link)
    session.flush()
    return link.id


def delete_influence_link(session: Session, link_id: int) -> None:
    session.delete(fields.get(session, InfluenceLink, link_id))
    session.flush()

"""Co-sellers and deal-team membership: join, leave, and hand over what someone leaving leaves behind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import AlreadyExists, InvalidValue, NotFound, Refused
from accountplan.model import Account, Action, CoSeller, Coverage, DealTeamMember, Stakeholder
from accountplan.model.enums import ActionStatus, CoSellerRole, FirmKind, RelationshipStrength
from accountplan.plan import fields
from accountplan.plan.coverage import find_coverage, make_owner
from accountplan.store import team_server

#: The statuses of an action still to be done.
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
#: The strength a new owner starts with when a relationship is handed over to someone who had none.
HANDOVER_STRENGTH = RelationshipStrength.BRIEF


@dataclass
class Handover:
    """What a co-seller leaving the team leaves behind: their open actions and the relationships they own."""

    co_seller_id: int
    open_actions: list[tuple[int, str]] = field(default_factory=list)
    owned_relationships: list[tuple[int, str]] = field(default_factory=list)
    #: The co-seller's name, for the sentence that lists the handover.
    name: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.open_actions and not self.owned_relationships


@dataclass(frozen=True)
class TeamRow:
    """One member (current or former) of an account's deal team."""

    co_seller_id: int
    name: str
    role: CoSellerRole
    organisation: str
    firm_kind: FirmKind
    active: bool
    responsibility: str
    open_actions: int
    relationships: int
    member_id: int = 0
    title: str = ""
    email: str = ""
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    owned_relationships: int = 0
    #: The roles they hold besides ``role`` (comma-separated values; see :func:`roles_of`).
    other_roles: str = ""

    @property
    def roles(self) -> list[CoSellerRole]:
        return [self.role, *(r for r in parse_roles(self.other_roles) if r is not self.role)]


@dataclass(frozen=True)
class CoSellerRow:
    """One person of the co-seller directory (all accounts)."""

    id: int
    name: str
    role: CoSellerRole
    organisation: str
    firm_kind: FirmKind
    title: str
    email: str


def add_co_seller(
    session: Session,
    name: str,
    role: CoSellerRole,
    *,
    email: str = "",
    firm_kind: FirmKind = FirmKind.OURS,
    organisation: str = "",
    title: str = "",
) -> int:
    """Add a person of ours or of a partner firm to the directory; return their id."""
    if not name.strip():
        raise InvalidValue("A co-seller needs a name.")
    email = email.strip()
    if email:
        clash = session.scalar(select(CoSeller).where(func.lower(CoSeller.email) == email.lower()))
        if clash is not None:
            raise AlreadyExists(f"{clash.name} already has the email address {email}.")
    person = CoSeller(name=fields.coerce(CoSeller, "name", name.strip()), role=CoSellerRole(role))
    fields.apply(
        person, {"email": email, "firm_kind": firm_kind, "organisation": organisation, "title": title}
    )
    session.add(person)
    session.flush()
    return person.id


def parse_roles(text: str) -> list[CoSellerRole]:
    """The roles of a comma-separated list of role values (``other_roles``), or InvalidValue naming the odd one."""
    roles = []
    for value in (part.strip() for part in text.split(",")):
        if not value:
            continue
        try:
            roles.append(CoSellerRole(value))
        except ValueError:
            raise InvalidValue(f"{value!r} is not a co-seller role.") from None
    return roles


def roles_of(person: CoSeller) -> list[CoSellerRole]:
    """Every role the co-seller holds, their main one first."""
    return [person.role, *(r for r in parse_roles(person.other_roles) if r is not person.role)]


def roles_text(person: CoSeller) -> str:
    """Their roles as a reader sees them: "Solution consultant + Customer success manager"."""
    return " + ".join(role.label for role in roles_of(person))


def set_roles(session: Session, co_seller_id: int, roles: list[CoSellerRole]) -> dict[str, Any]:
    """Give the co-seller these roles (the first is their main one); return the previous values (for undo)."""
    unique = list(dict.fromkeys(CoSellerRole(role) for role in roles))
    if not unique:
        raise InvalidValue("A co-seller needs at least one role.")
    return update_co_seller(
        session, co_seller_id, role=unique[0], other_roles=",".join(role.value for role in unique[1:])
    )


def update_co_seller(session: Session, co_seller_id: int, **changes: Any) -> dict[str, Any]:
    """Change a co-seller's name, role, organisation...; return the previous values (for undo)."""
    person = fields.get(session, CoSeller, co_seller_id)
    if "other_roles" in changes:
        roles = parse_roles(str(changes["other_roles"] or ""))
        changes = {**changes, "other_roles": ",".join(dict.fromkeys(role.value for role in roles))}
    if "name" in changes and not str(changes["name"]).strip():
        raise InvalidValue("A co-seller needs a name.")
    if (
        person.login
        and (own := team_server.co_seller_login(session.connection())) is not None
        and own != person.login
    ):
        raise Refused(
            f"Only {person.name} may change their own details on the team server (they log in as "
            f"{person.login!r}); nothing was changed."
        )
    previous = fields.apply(person, changes, forbidden=frozenset({"login"}))
    session.flush()
    return previous


def list_co_sellers(session: Session) -> list[CoSellerRow]:
    """The whole directory, by name: the people who can be put on a team."""
    people = session.scalars(select(CoSeller)).all()
    return sorted(
        (CoSellerRow(p.id, p.name, p.role, p.organisation, p.firm_kind, p.title, p.email) for p in people),
        key=lambda row: (row.name.casefold(), row.id),
    )


def membership(session: Session, account_id: int, co_seller_id: int) -> DealTeamMember | None:
    """The co-seller's membership (current or former) of the account's team, or None."""
    return session.scalar(
        select(DealTeamMember).where(
            DealTeamMember.account_id == account_id, DealTeamMember.co_seller_id == co_seller_id
        )
    )


def require_active_member(session: Session, account_id: int, co_seller_id: int) -> CoSeller:
    """The co-seller, if they are on the account's team now; Refused otherwise."""
    person: CoSeller = fields.get(session, CoSeller, co_seller_id)
    member = membership(session, account_id, co_seller_id)
    if member is None or not member.active:
        account = fields.get(session, Account, account_id)
        when = f" (left on {member.left_on.isoformat()})" if member and member.left_on else ""
        raise Refused(f"{person.name} is not on the deal team of {account.name}{when}; add them first.")
    return person


def join_team(
    session: Session,
    account_id: int,
    co_seller_id: int,
    *,
    responsibility: str = "",
    on: dt.date | None = None,
) -> int:
    """Put a co-seller on the account's team, or back on it; return the membership id.

    A former member is made active again: their left-on date is cleared, their joined-on date and
    responsibility are kept unless new ones are given.
    """
    account = fields.get(session, Account, account_id)
    person = fields.get(session, CoSeller, co_seller_id)
    member = membership(session, account_id, co_seller_id)
    if member is not None and member.active:
        raise AlreadyExists(f"{person.name} is already on the deal team of {account.name}.")
    if member is None:
        member = DealTeamMember(account_id=account_id, co_seller_id=co_seller_id, joined_on=on)
        session.add(member)
    else:
        member.active = True
        member.left_on = None
        if on is not None:
            member.joined_on = on
    if responsibility.strip() or not member.responsibility:
        member.responsibility = fields.coerce(DealTeamMember, "responsibility", responsibility.strip())
    session.flush()
    return member.id


def leave_team(session: Session, account_id: int, co_seller_id: int, on: dt.date) -> Handover:
    """Mark the co-seller as having left the team on ``on``; return what must be reassigned.

    Leaving keeps the membership as history. Leaving twice changes nothing and returns the handover.
    """
    member = membership(session, account_id, co_seller_id)
    if member is None:
        person = fields.get(session, CoSeller, co_seller_id)
        account = fields.get(session, Account, account_id)
        raise NotFound(f"{person.name} is not on the deal team of {account.name}.")
    if member.active:
        member.active = False
        member.left_on = on
        session.flush()
    return handover_of(session, account_id, co_seller_id)


def handover_of(session: Session, account_id: int, co_seller_id: int) -> Handover:
    """The co-seller's open actions in the account and the relationships they own, oldest due first."""
    person = fields.get(session, CoSeller, co_seller_id)
    actions = session.execute(
        select(Action.id, Action.title)
        .where(
            Action.account_id == account_id,
            Action.owner_id == co_seller_id,
            Action.status.in_(OPEN_STATUSES),
        )
        .order_by(Action.due.is_(None), Action.due, Action.id)
    ).all()
    owned = session.execute(
        select(Coverage.id, Stakeholder.name)
        .join(Stakeholder, Stakeholder.id == Coverage.stakeholder_id)
        .where(
            Coverage.account_id == account_id,
            Coverage.co_seller_id == co_seller_id,
            Coverage.is_owner.is_(True),
        )
        .order_by(Stakeholder.name, Coverage.id)
    ).all()
    return Handover(
        co_seller_id,
        [(action_id, title) for action_id, title in actions],
        [(coverage_id, name) for coverage_id, name in owned],
        person.name,
    )


def reassign(
    session: Session,
    account_id: int,
    *,
    action_ids: list[int],
    coverage_ids: list[int],
    to_co_seller_id: int,
) -> dict[str, Any]:
    """Give actions and owned relationships to one active member, all at once; return what undo needs.

    A relationship (a coverage id, usually one the leaver owns) is handed over by making the new person the
    owner of that stakeholder: through their own coverage of them if they have one, else through a new one
    at brief strength (they have just been introduced). The previous owner keeps their coverage, no longer
    as owner. Actions must belong to the account; the new owner must be on its team now.
    """
    require_active_member(session, account_id, to_co_seller_id)
    undo: dict[str, Any] = {
        "account_id": account_id,
        "to_co_seller_id": to_co_seller_id,
        "actions": {},
        "coverage": [],
    }
    for action_id in action_ids:
        action = fields.get(session, Action, action_id)
        _check_account(action.account_id, account_id, f"The action {action.title!r}")
        undo["actions"][action_id] = action.owner_id
        action.owner_id = to_co_seller_id
    for coverage_id in coverage_ids:
        handed = fields.get(session, Coverage, coverage_id)
        _check_account(handed.account_id, account_id, "That relationship")
        if handed.co_seller_id == to_co_seller_id:
            continue
        taker = find_coverage(session, to_co_seller_id, handed.stakeholder_id)
        step: dict[str, Any] = {
            "stakeholder_id": handed.stakeholder_id,
            "created": taker is None,
            "taker_was_owner": taker is not None and taker.is_owner,
        }
        if taker is None:
            taker = Coverage(
                account_id=handed.account_id,
                co_seller_id=to_co_seller_id,
                stakeholder_id=handed.stakeholder_id,
                strength=HANDOVER_STRENGTH,
                is_owner=False,
                note=f"Handed over by {handed.co_seller.name}.",
            )
            session.add(taker)
            session.flush()
        step["cleared_owners"] = make_owner(session, taker)
        undo["coverage"].append(step)
    session.flush()
    return undo


def restore_reassignment(session: Session, undo_info: dict[str, Any]) -> None:
    """Undo :func:`reassign`: every action and relationship back to whom it was with before."""
    for action_id, owner_id in undo_info.get("actions", {}).items():
        action = session.get(Action, int(action_id))
        if action is not None:
            action.owner_id = owner_id
    taker_id = undo_info.get("to_co_seller_id")
    for step in reversed(undo_info.get("coverage", [])):
        taker = find_coverage(session, taker_id, step["stakeholder_id"]) if taker_id else None
        if taker is not None and step["created"]:
            session.delete(taker)
        elif taker is not None:
            taker.is_owner = step["taker_was_owner"]
        session.flush()
        for owner_id in step["cleared_owners"]:
            owned = find_coverage(session, owner_id, step["stakeholder_id"])
            if owned is not None:
                make_owner(session, owned)
    session.flush()


def _check_account(found: int, wanted: int, what: str) -> None:
    if found != wanted:
        raise Refused(f"{what} belongs to another account.")


def list_team(session: Session, account_id: int) -> list[TeamRow]:
    """The account's team, current members first, each by name, with their workload."""
    fields.get(session, Account, account_id)

    def counts(query: Any) -> dict[int, int]:
        return {key: count for key, count in session.execute(query)}

    open_actions = counts(
        select(Action.owner_id, func.count())
        .where(Action.account_id == account_id, Action.status.in_(OPEN_STATUSES))
        .group_by(Action.owner_id)
    )
    covered = counts(
        select(Coverage.co_seller_id, func.count())
        .where(Coverage.account_id == account_id)
        .group_by(Coverage.co_seller_id)
    )
    owned = counts(
        select(Coverage.co_seller_id, func.count())
        .where(Coverage.account_id == account_id, Coverage.is_owner.is_(True))
        .group_by(Coverage.co_seller_id)
    )
    members = session.scalars(select(DealTeamMember).where(DealTeamMember.account_id == account_id)).all()
    rows = [
        TeamRow(
            co_seller_id=m.co_seller_id,
            name=m.co_seller.name,
            role=m.co_seller.role,
            organisation=m.co_seller.organisation,
            firm_kind=m.co_seller.firm_kind,
            active=m.active,
            responsibility=m.responsibility,
            open_actions=open_actions.get(m.co_seller_id, 0),
            relationships=covered.get(m.co_seller_id, 0),
            member_id=m.id,
            title=m.co_seller.title,
            other_roles=m.co_seller.other_roles,
            email=m.co_seller.email,
            joined_on=m.joined_on,
            left_on=m.left_on,
            owned_relationships=owned.get(m.co_seller_id, 0),
        )
        for m in members
    ]
    return sorted(rows, key=lambda row: (not row.active, row.name.casefold(), row.co_seller_id))

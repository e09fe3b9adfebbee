"""The buyer's people: add, edit, move under another manager (never a loop), depart, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.analysis.loops import loop_closed_by
from accountplan.errors import CycleRefused, HasDependents, InvalidValue, Refused
from accountplan.model import (
    Action,
    Coverage,
    DecisionStep,
    Initiative,
    OrgUnit,
    RedFlag,
    Responsibility,
    Stakeholder,
    StakeholderRole,
    SuccessMilestone,
)
from accountplan.model.enums import ActionStatus, BuyingRole, ChangeKind, StakeholderStatus
from accountplan.plan import fields
from accountplan.store.audit import log_change

#: Fields changed through their own operation, which keeps their rule.
_OWN_OPERATION = frozenset({"reports_to_id", "status", "departed_on"})


def add_stakeholder(
    session: Session,
    account_id: int,
    name: str,
    *,
    reports_to_id: int | None = None,
    roles: Iterable[BuyingRole] = (),
    **values: Any,
) -> int:
    """Add a person to the account, optionally under a manager; return their id."""
    person = new_stakeholder(account_id, name, **values)
    _check_org_unit(session, account_id, person.org_unit_id)
    session.add(person)
    session.flush()
    if reports_to_id is not None:
        set_manager(session, person.id, reports_to_id)
    if roles:
        set_roles(session, person.id, roles)
    return person.id


def new_stakeholder(account_id: int, name: str, **values: Any) -> Stakeholder:
    """A person checked field by field but not yet added to a session (an import adds many at once)."""
    if not name.strip():
        raise InvalidValue("A stakeholder needs a name.")
    person = Stakeholder(account_id=account_id, name=fields.coerce(Stakeholder, "name", name.strip()))
    fields.apply(person, values, forbidden=_OWN_OPERATION)
    return person


def update_stakeholder(session: Session, stakeholder_id: int, **changes: Any) -> dict[str, Any]:
    """Change a person's fields (not the manager or departure: they have their own operations)."""
    person = fields.get(session, Stakeholder, stakeholder_id)
    if "name" in changes and not str(changes["name"]).strip():
        raise InvalidValue("A stakeholder needs a name.")
    previous = fields.apply(person, changes, forbidden=_OWN_OPERATION)
    _check_org_unit(session, person.account_id, person.org_unit_id)
    return previous


def _check_org_unit(session: Session, account_id: int, org_unit_id: int | None) -> None:
    if org_unit_id is None:
        return
    with session.no_autoflush:  # reading the unit must not write the change being checked
        unit = fields.get(session, OrgUnit, org_unit_id)
    if unit.account_id != account_id:
        raise Refused(f"The org unit {unit.name!r} belongs to another account.")


def set_manager(session: Session, stakeholder_id: int, manager_id: int | None) -> int | None:
    """Make ``manager_id`` the person's manager (None: no manager); return the previous manager's id.

    Refused, with the names on the loop, if the manager reports (directly or not) to the person.
    """
    person = fields.get(session, Stakeholder, stakeholder_id)
    previous = person.reports_to_id
    if manager_id is not None:
        manager = fields.get(session, Stakeholder, manager_id)
        if manager.account_id != person.account_id:
            raise Refused(f"{manager.name} belongs to another account and cannot be {person.name}'s manager.")
        loop = loop_closed_by(person.id, manager.id, lambda pid: manager_of(session, pid))
        if loop is not None:
            names = [fields.get(session, Stakeholder, pid).name for pid in reversed(loop[1:])]
            shown = " → ".join([*names, person.name]) if len(names) > 1 else f"{person.name} → {person.name}"
            raise CycleRefused(
                f"{manager.name} cannot be {person.name}'s manager: the reporting line would loop ({shown}).",
                names,
            )
    person.reports_to_id = manager_id
    session.flush()
    return previous


def manager_of(session: Session, stakeholder_id: int) -> tuple[int, ...]:
    """The person's manager, if they have one, as the links :func:`loop_closed_by` follows."""
    person = session.get(Stakeholder, stakeholder_id)
    return () if person is None or person.reports_to_id is None else (person.reports_to_id,)


def set_roles(session: Session, stakeholder_id: int, roles: Iterable[BuyingRole]) -> set[BuyingRole]:
    """Give the person exactly these buying roles; return the previous ones."""
    person = fields.get(session, Stakeholder, stakeholder_id)
    wanted = {BuyingRole(role) for role in roles}
    previous = person.roles
    if wanted == previous:
        return previous
    person.role_links = [link for link in person.role_links if link.role in wanted] + [
        StakeholderRole(account_id=person.account_id, role=role) for role in sorted(wanted - previous)
    ]
    session.flush()
    log_change(
        session,
        person,
        ChangeKind.UPDATED,
        "roles",
        ", ".join(sorted(r.value for r in previous)),
        ", ".join(sorted(r.value for r in wanted)),
    )
    return previous


def mark_departed(session: Session, stakeholder_id: int, on: dt.date) -> None:
    """Record that the person has left the customer (their roles and history are kept)."""
    person = fields.get(session, Stakeholder, stakeholder_id)
    if person.status is StakeholderStatus.DEPARTED and person.departed_on == on:
        return
    person.status = StakeholderStatus.DEPARTED
    person.departed_on = on
    session.flush()


def mark_active(session: Session, stakeholder_id: int) -> None:
    person = fields.get(session, Stakeholder, stakeholder_id)
    person.status = StakeholderStatus.ACTIVE
    person.departed_on = None
    session.flush()


def dependents(session: Session, stakeholder_id: int) -> list[str]:
    """What refers to this person: direct reports, decision steps, actions, coverage, plan owners."""
    found: list[str] = []

    def count(query: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)

    reports = session.scalars(
        select(Stakeholder.name).where(Stakeholder.reports_to_id == stakeholder_id)
    ).all()
    if reports:
        found.append(
            f"{len(reports)} direct report(s) ({', '.join(reports[:5])}{'…' if len(reports) > 5 else ''})"
        )
    steps = session.scalars(select(DecisionStep.name).where(DecisionStep.owner_id == stakeholder_id)).all()
    if steps:
        found.append(f"owner of {len(steps)} decision step(s) ({', '.join(steps[:5])})")
    open_actions = count(
        select(Action.id).where(
            Action.stakeholder_id == stakeholder_id,
            Action.status.not_in([ActionStatus.DONE, ActionStatus.CANCELLED]),
        )
    )
    if open_actions:
        found.append(f"{open_actions} open action(s) about them")
    covered = count(select(Coverage.id).where(Coverage.stakeholder_id == stakeholder_id))
    if covered:
        found.append(f"{covered} coverage relationship(s)")
    flags = count(select(RedFlag.id).where(RedFlag.source_id == stakeholder_id))
    if flags:
        found.append(f"source of {flags} red flag(s)")
    owned = (
        count(select(SuccessMilestone.id).where(SuccessMilestone.customer_owner_id == stakeholder_id))
        + count(select(Responsibility.id).where(Responsibility.customer_owner_id == stakeholder_id))
        + count(select(Initiative.id).where(Initiative.sponsor_id == stakeholder_id))
    )
    if owned:
        found.append(f"owner or sponsor of {owned} success-plan item(s) or initiative(s)")
    return found


def delete_stakeholder(session: Session, stakeholder_id: int, *, force: bool = False) -> None:
    """Delete a person; unless ``force``, refuse (saying what depends on them) when anything does.

    With ``force``, their direct reports move up to their manager, their coverage goes, and steps,
    actions and plan items they owned lose their owner.
    """
    person = fields.get(session, Stakeholder, stakeholder_id)
    found = dependents(session, stakeholder_id)
    if found and not force:
        raise HasDependents(f"{person.name} cannot be deleted without losing: {'; '.join(found)}.", found)
    for report in session.scalars(select(Stakeholder).where(Stakeholder.reports_to_id == stakeholder_id)):
        report.reports_to_id = person.reports_to_id
    session.delete(person)
    session.flush()

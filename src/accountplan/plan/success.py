"""Writing the success plan: the customer's definition of success, objectives, milestones, responsibilities.

One plan per account, created on first use. Its items (objectives, milestones, responsibilities) keep the order
the team gives them (``position``); owners must belong to the same account. Every publication of the plan to
the customer can raise its revision, so the customer always knows which version they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue
from accountplan.model import (
    CoSeller,
    DealTeamMember,
    Responsibility,
    Stakeholder,
    SuccessMilestone,
    SuccessObjective,
    SuccessPlan,
)
from accountplan.model.enums import StakeholderStatus
from accountplan.plan import fields

__all__ = [
    "ITEM_KINDS",
    "SuccessItem",
    "SuccessPlanView",
    "success_plan_view",
    "add_item",
    "delete_item",
    "move_item",
    "raise_revision",
    "success_plan_id",
    "update_item",
    "update_success_plan",
]

#: The kinds of item a success plan holds, by the name the UI and the commands use; and their required field.
ITEM_KINDS: dict[str, tuple[type[Any], str]] = {
    "objective": (SuccessObjective, "metric"),
    "milestone": (SuccessMilestone, "title"),
    "responsibility": (Responsibility, "description"),
}


#: The editable fields of each kind of item, in the order of the editor's columns.
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "objective": ("metric", "baseline", "target", "due"),
    "milestone": ("title", "phase", "due", "customer_owner_id", "our_owner_id", "status"),
    "responsibility": ("description", "customer_owner_id", "our_owner_id", "due"),
}


@dataclass(frozen=True)
class SuccessItem:
    """One objective, milestone or responsibility: its id and the values of its editable fields."""

    id: int
    values: dict[str, Any]


@dataclass(frozen=True)
class SuccessPlanView:
    """The success plan as the editor shows it, with the people who can own its items."""

    exists: bool
    title: str
    definition_of_success: str
    next_steps: str
    revision: int
    items: dict[str, tuple[SuccessItem, ...]]
    #: (id, "name (title)") of the account's active stakeholders, by name.
    customer_people: tuple[tuple[int, str], ...]
    #: (id, name) of the deal team's active members, by name.
    our_people: tuple[tuple[int, str], ...]


def success_plan_view(session: Session, account_id: int) -> SuccessPlanView:
    """The account's success plan for editing (defaults, not written, when it has none yet)."""
    plan = session.scalars(select(SuccessPlan).where(SuccessPlan.account_id == account_id)).first()
    items: dict[str, tuple[SuccessItem, ...]] = {kind: () for kind in ITEM_KINDS}
    if plan is not None:
        for kind, (entity, _) in ITEM_KINDS.items():
            rows = session.scalars(
                select(entity).where(entity.plan_id == plan.id).order_by(entity.position, entity.id)
            )
            items[kind] = tuple(
                SuccessItem(row.id, {name: getattr(row, name) for name in ITEM_FIELDS[kind]}) for row in rows
            )
    customers = session.execute(
        select(Stakeholder.id, Stakeholder.name, Stakeholder.title)
        .where(Stakeholder.account_id == account_id, Stakeholder.status == StakeholderStatus.ACTIVE)
        .order_by(Stakeholder.name)
    )
    ours = session.execute(
        select(CoSeller.id, CoSeller.name)
        .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
        .where(DealTeamMember.account_id == account_id, DealTeamMember.active.is_(True))
        .order_by(CoSeller.name)
    )
    return SuccessPlanView(
        exists=plan is not None,
        title=plan.title if plan else "Success plan",
        definition_of_success=plan.definition_of_success if plan else "",
        next_steps=plan.next_steps if plan else "",
        revision=plan.revision if plan else 1,
        items=items,
        customer_people=tuple(
            (pid, f"{name} ({title})" if title else name) for pid, name, title in customers
        ),
        our_people=tuple((cid, name) for cid, name in ours),
    )


def success_plan_id(session: Session, account_id: int) -> int:
    """The id of the account's success plan, created (empty) if the account has none yet."""
    found = session.scalar(select(SuccessPlan.id).where(SuccessPlan.account_id == account_id))
    if found is not None:
        return int(found)
    plan = SuccessPlan(account_id=account_id)
    session.add(plan)
    session.flush()
    return plan.id


def update_success_plan(session: Session, account_id: int, **changes: Any) -> dict[str, Any]:
    """Change the plan's title, definition of success or next steps; return the previous values."""
    plan = fields.get(session, SuccessPlan, success_plan_id(session, account_id))
    return fields.apply(plan, changes)


def raise_revision(session: Session, account_id: int) -> int:
    """Start the next version of the plan (before sending it again); return the new revision."""
    plan = fields.get(session, SuccessPlan, success_plan_id(session, account_id))
    plan.revision += 1
    session.flush()
    return int(plan.revision)


def _entity(kind: str) -> tuple[type[Any], str]:
    if kind not in ITEM_KINDS:
        raise InvalidValue(f"A success plan has no {kind!r}; it holds {', '.join(ITEM_KINDS)}.")
    return ITEM_KINDS[kind]


def _check_owners(session: Session, item: Any) -> None:
    customer = getattr(item, "customer_owner_id", None)
    if customer is not None:
        person = fields.get(session, Stakeholder, customer)
        if person.account_id != item.account_id:
            raise InvalidValue(f"{person.name} is not one of this account's people.")
    ours = getattr(item, "our_owner_id", None)
    if ours is not None:
        member = session.scalar(
            select(DealTeamMember.id).where(
                DealTeamMember.account_id == item.account_id, DealTeamMember.co_seller_id == ours
            )
        )
        if member is None:
            name = fields.get(session, CoSeller, ours).name
            raise InvalidValue(f"{name} is not on this account's deal team.")


def add_item(session: Session, account_id: int, kind: str, text: str, **values: Any) -> int:
    """Add an objective, milestone or responsibility at the end of its list; return its id."""
    entity, required = _entity(kind)
    if not text.strip():
        raise InvalidValue(f"A {kind} needs a {required}.")
    plan_id = success_plan_id(session, account_id)
    last = session.scalar(select(func.max(entity.position)).where(entity.plan_id == plan_id))
    item = entity(account_id=account_id, plan_id=plan_id, position=(last or 0) + 1)
    fields.apply(item, {required: text.strip(), **values})
    _check_owners(session, item)
    session.add(item)
    session.flush()
    return int(item.id)


def update_item(session: Session, kind: str, item_id: int, **changes: Any) -> dict[str, Any]:
    """Change an item's fields; return the previous values (an emptied required field is refused)."""
    entity, required = _entity(kind)
    item = fields.get(session, entity, item_id)
    if required in changes and not str(changes[required] or "").strip():
        raise InvalidValue(f"A {kind} needs a {required}.")
    previous = fields.apply(item, changes, forbidden=frozenset({"plan_id", "position"}))
    _check_owners(session, item)
    session.flush()
    return previous


def delete_item(session: Session, kind: str, item_id: int) -> None:
    entity, _ = _entity(kind)
    session.delete(fields.get(session, entity, item_id))
    session.flush()


def move_item(session: Session, kind: str, item_id: int, step: int) -> bool:
    """Move an item up (step -1) or down (+1) in its list; False when it is already at that end."""
    entity, _ = _entity(kind)
    item = fields.get(session, entity, item_id)
    siblings = list(
        session.scalars(
            select(entity).where(entity.plan_id == item.plan_id).order_by(entity.position, entity.id)
        )
    )
    index = siblings.index(item)
    other = index + step
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    session.flush()
    return True

"""The customer's decision process: its steps, who owns them, and what depends on what (never a loop)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.decision_path import DecisionGraph, StepNode
from accountplan.analysis.loops import loop_closed_by
from accountplan.errors import CycleRefused, InvalidValue, NotFound, Refused
from accountplan.model import DecisionDependency, DecisionStep, Opportunity, Stakeholder
from accountplan.model.enums import StakeholderStatus
from accountplan.plan import fields
from accountplan.plan.links import Link, check_links

#: What a step points to.
_LINKS: tuple[Link, ...] = (
    ("opportunity_id", Opportunity, "Opportunity"),
    ("owner_id", Stakeholder, "Stakeholder"),
)


def _check_name(changes: dict[str, Any]) -> None:
    if "name" in changes and not str(changes["name"] or "").strip():
        raise InvalidValue("A decision step needs a name.")


def add_step(session: Session, account_id: int, name: str, **values: Any) -> int:
    """Add a step of the customer's decision process; ``values``: opportunity_id, kind, owner_id, due, status, notes."""
    _check_name({"name": name})
    step = DecisionStep(account_id=account_id, name=fields.coerce(DecisionStep, "name", name.strip()))
    fields.apply(step, values)
    check_links(session, step, _LINKS)
    session.add(step)
    session.flush()
    return step.id


def _dependencies(session: Session, step_id: int) -> list[DecisionDependency]:
    return list(
        session.scalars(
            select(DecisionDependency).where(
                (DecisionDependency.step_id == step_id) | (DecisionDependency.depends_on_id == step_id)
            )
        )
    )


def update_step(session: Session, step_id: int, **changes: Any) -> dict[str, Any]:
    """Change a step's fields; return the previous values (for undo).

    A step linked to other steps cannot move to another deal: its dependencies would cross deals.
    """
    step: DecisionStep = fields.get(session, DecisionStep, step_id)
    _check_name(changes)
    if "name" in changes:
        changes = {**changes, "name": str(changes["name"]).strip()}
    before = step.opportunity_id
    previous = fields.apply(step, changes)
    if step.opportunity_id != before and _dependencies(session, step.id):
        raise Refused(f"{step.name} depends on other steps or has steps depending on it; unlink them first.")
    check_links(session, step, _LINKS)
    session.flush()
    return previous


def delete_step(session: Session, step_id: int) -> None:
    """Delete a step; its dependencies, both ways, go with it."""
    step = fields.get(session, DecisionStep, step_id)
    for link in _dependencies(session, step_id):
        session.delete(link)
    session.delete(step)
    session.flush()


def add_dependency(session: Session, step_id: int, depends_on_id: int) -> None:
    """Say that ``step_id`` cannot complete before ``depends_on_id``; a loop is refused, naming its steps."""
    step: DecisionStep = fields.get(session, DecisionStep, step_id)
    prerequisite: DecisionStep = fields.get(session, DecisionStep, depends_on_id)
    if step_id == depends_on_id:
        raise InvalidValue(f"{step.name} cannot depend on itself.")
    if step.account_id != prerequisite.account_id or step.opportunity_id != prerequisite.opportunity_id:
        raise Refused(
            f"{step.name} and {prerequisite.name} belong to different deals; a step can only depend on a "
            "step of its own deal."
        )
    prerequisites: dict[int, list[int]] = {}
    for later, prior in session.execute(
        select(DecisionDependency.step_id, DecisionDependency.depends_on_id).where(
            DecisionDependency.account_id == step.account_id
        )
    ):
        prerequisites.setdefault(later, []).append(prior)
    if depends_on_id in prerequisites.get(step_id, ()):
        return
    loop = loop_closed_by(step_id, depends_on_id, lambda node: prerequisites.get(node, ()))
    if loop is not None:
        names = {
            row_id: name
            for row_id, name in session.execute(
                select(DecisionStep.id, DecisionStep.name).where(DecisionStep.id.in_(loop))
            )
        }
        loop_names = [names[row_id] for row_id in reversed(loop)]  # prerequisite first
        raise CycleRefused(
            f"{step.name} cannot depend on {prerequisite.name}: that would make a loop: {' → '.join(loop_names)}.",
            loop_names,
        )
    session.add(DecisionDependency(account_id=step.account_id, step_id=step_id, depends_on_id=depends_on_id))
    session.flush()


def remove_dependency(session: Session, step_id: int, depends_on_id: int) -> None:
    link = session.scalars(
        select(DecisionDependency).where(
            DecisionDependency.step_id == step_id, DecisionDependency.depends_on_id == depends_on_id
        )
    ).first()
    if link is None:
        raise NotFound("That step does not depend on the other one (any more).")
    session.delete(link)
    session.flush()


def decision_graph(session: Session, account_id: int, opportunity_id: int | None) -> DecisionGraph:
    """The steps of one deal's decision (None: the account's steps tied to no deal) and their dependencies."""
    query = select(DecisionStep).where(DecisionStep.account_id == account_id)
    decision_date = None
    if opportunity_id is None:
        query = query.where(DecisionStep.opportunity_id.is_(None))
    else:
        deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
        decision_date = deal.expected_close
        query = query.where(DecisionStep.opportunity_id == opportunity_id)
    steps = list(session.scalars(query.order_by(DecisionStep.id)))
    owners = {
        person.id: person
        for person in session.scalars(
            select(Stakeholder).where(
                Stakeholder.id.in_({s.owner_id for s in steps if s.owner_id is not None})
            )
        )
    }
    nodes = {}
    for step in steps:
        owner = owners.get(step.owner_id) if step.owner_id is not None else None
        nodes[step.id] = StepNode(
            id=step.id,
            name=step.name,
            kind=step.kind,
            owner_id=step.owner_id,
            owner=owner.name if owner else "",
            owner_departed=bool(owner and owner.is_departed),
            due=step.due,
            status=step.status,
            notes=step.notes,
        )
    edges = session.execute(
        select(DecisionDependency.depends_on_id, DecisionDependency.step_id)
        .where(DecisionDependency.step_id.in_(nodes))
        .order_by(DecisionDependency.depends_on_id, DecisionDependency.step_id)
    )
    return DecisionGraph(
        steps=nodes,
        edges=tuple((a, b) for a, b in edges if a in nodes),
        decision_date=decision_date,
    )


def owner_choices(session: Session, account_id: int) -> list[tuple[int, str]]:
    """Who can own a step: (id, name) of the account's people still there, by name."""
    rows = session.execute(
        select(Stakeholder.id, Stakeholder.name)
        .where(Stakeholder.account_id == account_id, Stakeholder.status == StakeholderStatus.ACTIVE)
        .order_by(Stakeholder.name)
    )
    return [(person_id, name) for person_id, name in rows]

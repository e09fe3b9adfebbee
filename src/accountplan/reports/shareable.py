"""What the customer may see, declared field by field in this one place; everything else is internal.

The success plan is the one document the customer receives. It is built from a :class:`SharedSuccessPlan`,
which :func:`read_success_plan` fills through :func:`shared` alone: a field not declared in ``SHAREABLE`` cannot
reach it, and an entity not declared at all (opportunities, red flags, coverage, MEDDPICC, the numbers…)
cannot be read for it. A new column is internal until someone adds it here. :func:`withheld` says what the
export leaves out, for the export dialog and the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import NotFound
from accountplan.model import (
    Account,
    Base,
    Competitor,
    CoSeller,
    Coverage,
    DealApproval,
    DealTeamMember,
    InfluenceLink,
    MeddpiccItem,
    NegotiationPlan,
    NegotiationTerm,
    Negotiator,
    NumbersPlan,
    Opportunity,
    RedFlag,
    Responsibility,
    Stakeholder,
    StakeholderRole,
    SuccessMilestone,
    SuccessObjective,
    SuccessPlan,
)
from accountplan.model.enums import BuyingRole, CoSellerRole, MilestoneStatus, StakeholderStatus, SuccessPhase
from accountplan.reports.logos import Logos
from accountplan.reports.success_plan_changes import PlanChanges, read_plan_changes

__all__ = [
    "SHAREABLE",
    "SharedMilestone",
    "SharedObjective",
    "SharedResponsibility",
    "SharedSignatory",
    "SharedSuccessPlan",
    "read_success_plan",
    "shared",
    "withheld",
]

#: The only fields a customer document may show, per entity. Internal by default: not listed, not shown.
SHAREABLE: Mapping[type[Base], frozenset[str]] = {
    Account: frozenset({"name"}),
    SuccessPlan: frozenset({"title", "definition_of_success", "next_steps", "revision"}),
    SuccessObjective: frozenset({"metric", "baseline", "target", "due", "position"}),
    SuccessMilestone: frozenset(
        {"title", "phase", "due", "status", "customer_owner_id", "our_owner_id", "position"}
    ),
    Responsibility: frozenset({"description", "customer_owner_id", "our_owner_id", "due", "position"}),
    # People appear only as owners: their name and title, never a stance, an influence or a note.
    Stakeholder: frozenset({"name", "title"}),
    CoSeller: frozenset({"name", "title", "organisation"}),
}


def shared(obj: Base) -> dict[str, Any]:
    """The shareable fields of ``obj`` (and its id, to link owners); nothing for an undeclared entity."""
    fields = SHAREABLE.get(type(obj), frozenset())
    values = {name: getattr(obj, name) for name in sorted(fields)}
    values["id"] = obj.id
    return values


@dataclass(frozen=True)
class SharedObjective:
    metric: str
    baseline: str
    target: str
    due: dt.date | None


@dataclass(frozen=True)
class SharedMilestone:
    title: str
    phase: SuccessPhase
    due: dt.date | None
    status: MilestoneStatus
    customer_owner: str
    our_owner: str


@dataclass(frozen=True)
class SharedResponsibility:
    description: str
    customer_owner: str
    our_owner: str
    due: dt.date | None


@dataclass(frozen=True)
class SharedSignatory:
    """Who agrees to the plan for one side: a name and a title, nothing else about them."""

    name: str
    title: str


@dataclass(frozen=True)
class SharedSuccessPlan:
    """Everything the success plan shows, and nothing else."""

    account: str
    title: str
    definition_of_success: str
    next_steps: str
    revision: int
    objectives: tuple[SharedObjective, ...]
    milestones: tuple[SharedMilestone, ...]
    responsibilities: tuple[SharedResponsibility, ...]
    #: Our account executive, who signs the document (its PDF author); "" if the team has none.
    author: str
    #: Our account executive's organisation (our company, named beside the customer); "" if unknown.
    our_company: str = ""
    #: Who agrees for the customer (their economic buyer) and for us (our executive sponsor, else the
    #: account executive): the cover's "Agreed by" block; None where nobody is known.
    customer_signatory: SharedSignatory | None = None
    our_signatory: SharedSignatory | None = None
    #: What changed in the objectives and milestones since the previous revision (None for the first).
    changes: PlanChanges | None = None
    #: The logos on the cover, chosen by the user for this export (not part of the database).
    logos: Logos = field(default_factory=Logos)


def _owner(people: Mapping[int, dict[str, Any]], person_id: int | None) -> str:
    person = people.get(person_id) if person_id is not None else None
    if person is None:
        return ""
    return f"{person['name']} ({person['title']})" if person.get("title") else str(person["name"])


def read_success_plan(session: Session, account_id: int) -> SharedSuccessPlan:
    """The account's success plan as the customer may see it (an empty plan if none was written yet)."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"There is no account with id {account_id}.")
    account_name = shared(account)["name"]
    plan = session.scalars(select(SuccessPlan).where(SuccessPlan.account_id == account_id)).first()
    author, our_company = _account_executive(session, account_id)
    customer_signatory = _customer_signatory(session, account_id)
    our_signatory = _our_signatory(session, account_id)
    if plan is None:
        return SharedSuccessPlan(
            account_name,
            "Success plan",
            "",
            "",
            1,
            (),
            (),
            (),
            author,
            our_company,
            customer_signatory,
            our_signatory,
        )
    top = shared(plan)

    def rows(entity: type[Any]) -> list[dict[str, Any]]:
        found = session.scalars(select(entity).where(entity.plan_id == plan.id)).all()
        return sorted((shared(r) for r in found), key=lambda r: (r["position"], r["id"]))

    milestones, duties = rows(SuccessMilestone), rows(Responsibility)
    customer_ids = {r["customer_owner_id"] for r in milestones + duties} - {None}
    our_ids = {r["our_owner_id"] for r in milestones + duties} - {None}
    customers = {p["id"]: p for p in map(shared, _by_ids(session, Stakeholder, customer_ids))}
    ours = {p["id"]: p for p in map(shared, _by_ids(session, CoSeller, our_ids))}
    return SharedSuccessPlan(
        account=account_name,
        title=top["title"],
        definition_of_success=top["definition_of_success"],
        next_steps=top["next_steps"],
        revision=top["revision"],
        objectives=tuple(
            SharedObjective(o["metric"], o["baseline"], o["target"], o["due"]) for o in rows(SuccessObjective)
        ),
        milestones=tuple(
            SharedMilestone(
                m["title"],
                m["phase"],
                m["due"],
                m["status"],
                _owner(customers, m["customer_owner_id"]),
                _owner(ours, m["our_owner_id"]),
            )
            for m in milestones
        ),
        responsibilities=tuple(
            SharedResponsibility(
                d["description"],
                _owner(customers, d["customer_owner_id"]),
                _owner(ours, d["our_owner_id"]),
                d["due"],
            )
            for d in duties
        ),
        author=author,
        our_company=our_company,
        changes=read_plan_changes(session, plan.id, top["revision"]),
        customer_signatory=customer_signatory,
        our_signatory=our_signatory,
    )


def _by_ids(session: Session, entity: type[Any], ids: set[int]) -> list[Any]:
    return list(session.scalars(select(entity).where(entity.id.in_(ids)))) if ids else []


def _account_executive(session: Session, account_id: int) -> tuple[str, str]:
    """The name and organisation of the account's executive ("" and "" if the team has none)."""
    query = (
        select(CoSeller)
        .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
        .where(
            DealTeamMember.account_id == account_id,
            DealTeamMember.active.is_(True),
            CoSeller.role == CoSellerRole.ACCOUNT_EXECUTIVE,
        )
        .order_by(CoSeller.id)
    )
    executive = session.scalars(query).first()
    if executive is None:
        return "", ""
    fields = shared(executive)
    return str(fields["name"]), str(fields["organisation"])


def _customer_signatory(session: Session, account_id: int) -> SharedSignatory | None:
    """The customer's economic buyer still with them (the first recorded), as a name and a title."""
    query = (
        select(Stakeholder)
        .join(StakeholderRole, StakeholderRole.stakeholder_id == Stakeholder.id)
        .where(
            Stakeholder.account_id == account_id,
            StakeholderRole.role == BuyingRole.ECONOMIC_BUYER,
            Stakeholder.status != StakeholderStatus.DEPARTED,
        )
        .order_by(Stakeholder.id)
    )
    person = session.scalars(query).first()
    if person is None:
        return None
    fields = shared(person)
    return SharedSignatory(str(fields["name"]), str(fields["title"] or ""))


def _our_signatory(session: Session, account_id: int) -> SharedSignatory | None:
    """Our executive sponsor on the account's active team, else our account executive; name and title."""
    team = session.scalars(
        select(CoSeller)
        .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
        .where(DealTeamMember.account_id == account_id, DealTeamMember.active.is_(True))
        .order_by(CoSeller.id)
    ).all()

    def holds(person: CoSeller, role: CoSellerRole) -> bool:
        return person.role is role or role.value in person.other_roles.split(",")

    for role in (CoSellerRole.EXECUTIVE_SPONSOR, CoSellerRole.ACCOUNT_EXECUTIVE):
        for person in team:
            if holds(person, role):
                fields = shared(person)
                return SharedSignatory(str(fields["name"]), str(fields["title"] or ""))
    return None


def withheld(session: Session, account_id: int) -> list[str]:
    """What a customer document of this account leaves out, one line per kind (only kinds that have data)."""

    def count(entity: type[Any], *where: Any) -> int:
        query = select(func.count()).select_from(entity).where(entity.account_id == account_id, *where)
        return int(session.scalar(query) or 0)

    lines = []
    people = count(Stakeholder)
    if people:
        lines.append(f"the stance, influence, concerns and internal notes of {people} stakeholders")
    if links := count(InfluenceLink):
        lines.append(f"{links} influence links")
    if covered := count(Coverage):
        lines.append(f"{covered} coverage assessments of our team")
    if deals := count(Opportunity):
        lines.append(f"{deals} opportunities (amounts, stages, probability, internal notes)")
    negotiated = {
        deal_id
        for entity in (NegotiationPlan, NegotiationTerm, Negotiator, DealApproval)
        for deal_id in session.scalars(select(entity.opportunity_id).where(entity.account_id == account_id))
    }
    if negotiated:
        deals_word = "deal" if len(negotiated) == 1 else "deals"
        lines.append(
            f"the negotiation plans of {len(negotiated)} {deals_word} (price range, target and walk-away, "
            "gives and gets, negotiators, approvals)"
        )
    if scores := count(MeddpiccItem):
        lines.append(f"{scores} MEDDPICC scores and their evidence")
    if flags := count(RedFlag):
        lines.append(f"{flags} red flags and objections")
    if rivals := count(Competitor):
        lines.append(f"the competitive strategy against {rivals} competitors")
    if count(NumbersPlan):
        lines.append("the numbers: funnel, quota, commission and earnings")
    account = session.get(Account, account_id)
    if account is not None and (account.internal_notes or account.vision):
        lines.append("the account's internal notes and vision")
    return lines

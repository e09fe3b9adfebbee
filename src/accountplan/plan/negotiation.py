"""The negotiation plan of a deal (internal only): its price, gives and gets, negotiators and approvals.

The price is a directional range (low to high) until the solution mix is final; then the plan asks for a
target and a walk-away price, the walk-away never above the target. The gives and gets are one list in the
order the team gives it (``position``). Each layer of the customer's negotiators (procurement, legal, the
executive sponsor...) should have someone of ours on it: a layer without is a finding, as is an approval
from our own executives that is past its due date. None of it is shareable (``reports.shareable``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue
from accountplan.model import (
    Account,
    CoSeller,
    DealApproval,
    DealTeamMember,
    NegotiationPlan,
    NegotiationTerm,
    Negotiator,
    Opportunity,
    Stakeholder,
)
from accountplan.model.enums import (
    ApprovalStatus,
    NegotiatorKind,
    Severity,
    StakeholderStatus,
    TermSide,
    TermStatus,
)
from accountplan.plan import fields
from accountplan.plan.links import Link, check_links

__all__ = [
    "ApprovalRow",
    "NegotiationFinding",
    "NegotiationView",
    "NegotiatorRow",
    "PricePlan",
    "TermRow",
    "add_approval",
    "add_negotiator",
    "add_term",
    "amount_text",
    "delete_approval",
    "delete_negotiator",
    "delete_term",
    "has_plan",
    "layer_label",
    "move_term",
    "negotiation_view",
    "plan_row_id",
    "price_sentence",
    "update_approval",
    "update_negotiator",
    "update_price",
    "update_term",
]

#: The price fields of a plan, in the order the editor shows them.
PRICE_FIELDS = ("price_low", "price_high", "target", "walk_away", "solution_final", "notes")
#: The most a price may be (the Money column holds 16 digits before the decimal point).
_MOST = Decimal("9999999999999999.99")
#: The statuses of an approval still waiting: past its due date, it is overdue.
WAITING = frozenset({ApprovalStatus.NEEDED, ApprovalStatus.REQUESTED})

_LINKS: tuple[Link, ...] = (("opportunity_id", Opportunity, "Opportunity"),)
_PERSON_LINKS: tuple[Link, ...] = (*_LINKS, ("stakeholder_id", Stakeholder, "Stakeholder"))

#: How a finding names each layer of negotiators ("Legal at Hoshino has nobody on our side").
_LAYER_WORDS = {
    NegotiatorKind.PROCUREMENT: "Procurement",
    NegotiatorKind.LEGAL: "Legal",
    NegotiatorKind.EXECUTIVE_SPONSOR: "The executive sponsor",
    NegotiatorKind.FINANCE: "Finance",
    NegotiatorKind.OTHER: "Another negotiator",
}


def layer_label(kind: NegotiatorKind) -> str:
    """The layer as a column shows it ("Executive sponsor")."""
    return NegotiatorKind(kind).label


@dataclass(frozen=True)
class PricePlan:
    """The price of the deal: directional (low–high) until the solution mix is final, then target and walk-away."""

    #: The plan row's id; None while the deal has none (an empty plan is shown until the first edit makes it).
    id: int | None
    #: The version it was read at (0 without a row).
    version: int
    price_low: Decimal | None
    price_high: Decimal | None
    target: Decimal | None
    walk_away: Decimal | None
    solution_final: bool
    notes: str


@dataclass(frozen=True)
class TermRow:
    """Something we give or get: what it is worth to them, what it costs us, where it stands."""

    id: int
    version: int
    side: TermSide
    text: str
    customer_value: str
    our_cost: Decimal | None
    status: TermStatus
    position: int


@dataclass(frozen=True)
class NegotiatorRow:
    """A layer of their negotiators: their person (if known) and who of ours covers it."""

    id: int
    version: int
    kind: NegotiatorKind
    stakeholder_id: int | None
    #: Their person's name ("" when not known).
    stakeholder: str
    covered_by_id: int | None
    #: Our co-seller's name ("" when nobody covers the layer).
    covered_by: str
    notes: str
    #: Their person has left the customer.
    departed: bool
    #: Our co-seller has left the deal team.
    coverer_left: bool


@dataclass(frozen=True)
class ApprovalRow:
    """An approval our own executives must give: for what, by whom, who gets it, where it stands."""

    id: int
    version: int
    what: str
    approver: str
    owner_id: int | None
    #: The owning co-seller's name ("" without one).
    owner: str
    status: ApprovalStatus
    due: dt.date | None
    #: Still waiting (needed or requested) after its due date.
    overdue: bool


@dataclass(frozen=True)
class NegotiationFinding:
    """Something the deal team should know about the negotiation, in one sentence."""

    severity: Severity
    text: str


@dataclass(frozen=True)
class NegotiationView:
    """A deal's whole negotiation plan as the editor and the account plan show it."""

    opportunity_id: int
    deal: str
    #: The customer (the account's name), for the findings' sentences.
    customer: str
    currency: str
    price: PricePlan
    terms: tuple[TermRow, ...]
    negotiators: tuple[NegotiatorRow, ...]
    approvals: tuple[ApprovalRow, ...]
    #: The most severe first.
    findings: tuple[NegotiationFinding, ...]
    #: (id, "name (title)") of the account's active stakeholders, by name: who may negotiate for them.
    customer_people: tuple[tuple[int, str], ...]
    #: (id, name) of the deal team's active members, by name: who may cover a layer or own an approval.
    our_people: tuple[tuple[int, str], ...]

    @property
    def is_empty(self) -> bool:
        """Nothing is recorded yet (no price, no term, no negotiator, no approval)."""
        price = self.price
        priced = any(
            value is not None for value in (price.price_low, price.price_high, price.target, price.walk_away)
        )
        return not (priced or price.notes.strip() or price.solution_final) and not (
            self.terms or self.negotiators or self.approvals
        )

    @property
    def give_cost(self) -> Decimal:
        """What the gives still on the table (not dropped) cost us together."""
        return sum(
            (
                t.our_cost
                for t in self.terms
                if t.side is TermSide.GIVE and t.status is not TermStatus.DROPPED and t.our_cost is not None
            ),
            start=Decimal(0),
        )


# --- reading ---------------------------------------------------------------------------------------------


def amount_text(amount: Decimal | None, currency: str) -> str:
    """An amount with its currency and thousands separators ("JPY 1,200,000,000"); "—" for none."""
    if amount is None:
        return "—"
    places = ",.0f" if amount == amount.to_integral_value() else ",.2f"
    return f"{currency} {format(amount, places)}"


def price_sentence(price: PricePlan, currency: str) -> str:
    """The price in one sentence: the directional range, or the target and walk-away once final."""
    if price.solution_final:
        if price.target is None and price.walk_away is None:
            return "Solution final: no target or walk-away price yet."
        target = (
            f"target {amount_text(price.target, currency)}" if price.target is not None else "no target yet"
        )
        walk = (
            f"walk away below {amount_text(price.walk_away, currency)}"
            if price.walk_away is not None
            else "no walk-away price yet"
        )
        return f"Solution final: {target}, {walk}."
    low, high = price.price_low, price.price_high
    if low is None and high is None:
        return "Directional: no price range yet."
    if low is None or high is None:
        known = amount_text(low if low is not None else high, currency)
        return f"Directional: {'from' if high is None else 'up to'} {known}."
    return f"Directional: {amount_text(low, currency)} to {amount_text(high, currency)}."


def has_plan(session: Session, opportunity_id: int) -> bool:
    return plan_row_id(session, opportunity_id) is not None


def plan_row_id(session: Session, opportunity_id: int) -> int | None:
    """The id of the deal's plan row, None when it has none yet."""
    found = session.scalar(select(NegotiationPlan.id).where(NegotiationPlan.opportunity_id == opportunity_id))
    return None if found is None else int(found)


def _price(plan: NegotiationPlan | None) -> PricePlan:
    if plan is None:
        return PricePlan(None, 0, None, None, None, None, False, "")
    return PricePlan(
        plan.id,
        plan.version,
        plan.price_low,
        plan.price_high,
        plan.target,
        plan.walk_away,
        plan.solution_final,
        plan.notes,
    )


def negotiation_view(session: Session, opportunity_id: int, today: dt.date) -> NegotiationView:
    """The deal's negotiation plan (an empty one, not written, when it has none yet) and its findings."""
    deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
    account: Account = fields.get(session, Account, deal.account_id)
    plan = session.scalar(select(NegotiationPlan).where(NegotiationPlan.opportunity_id == opportunity_id))
    people = {
        row.id: (row.name, row.title, row.status)
        for row in session.execute(
            select(Stakeholder.id, Stakeholder.name, Stakeholder.title, Stakeholder.status).where(
                Stakeholder.account_id == deal.account_id
            )
        )
    }
    team = {
        row.id: (row.name, row.active)
        for row in session.execute(
            select(CoSeller.id, CoSeller.name, DealTeamMember.active)
            .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
            .where(DealTeamMember.account_id == deal.account_id)
        )
    }
    terms = tuple(
        TermRow(t.id, t.version, t.side, t.text, t.customer_value, t.our_cost, t.status, t.position)
        for t in session.scalars(
            select(NegotiationTerm)
            .where(NegotiationTerm.opportunity_id == opportunity_id)
            .order_by(NegotiationTerm.position, NegotiationTerm.id)
        )
    )
    order = {kind: rank for rank, kind in enumerate(NegotiatorKind)}
    layers = sorted(
        session.scalars(select(Negotiator).where(Negotiator.opportunity_id == opportunity_id)),
        key=lambda n: (order[n.kind], n.id),
    )
    asks = list(
        session.scalars(
            select(DealApproval)
            .where(DealApproval.opportunity_id == opportunity_id)
            .order_by(DealApproval.due.is_(None), DealApproval.due, DealApproval.id)
        )
    )
    named = {n.covered_by_id for n in layers} | {a.owner_id for a in asks}
    sellers = {
        row.id: row.name
        for row in session.execute(select(CoSeller.id, CoSeller.name).where(CoSeller.id.in_(named - {None})))
    }
    negotiators = tuple(
        NegotiatorRow(
            n.id,
            n.version,
            n.kind,
            n.stakeholder_id,
            people[n.stakeholder_id][0] if n.stakeholder_id in people else "",
            n.covered_by_id,
            sellers.get(n.covered_by_id, "") if n.covered_by_id is not None else "",
            n.notes,
            n.stakeholder_id in people and people[n.stakeholder_id][2] is StakeholderStatus.DEPARTED,
            n.covered_by_id is not None and not team.get(n.covered_by_id, ("", False))[1],
        )
        for n in layers
    )
    approvals = tuple(
        ApprovalRow(
            a.id,
            a.version,
            a.what,
            a.approver,
            a.owner_id,
            sellers.get(a.owner_id, "") if a.owner_id is not None else "",
            a.status,
            a.due,
            a.status in WAITING and a.due is not None and a.due < today,
        )
        for a in asks
    )
    price = _price(plan)
    return NegotiationView(
        opportunity_id=deal.id,
        deal=deal.name,
        customer=account.name,
        currency=deal.currency or account.currency,
        price=price,
        terms=terms,
        negotiators=negotiators,
        approvals=approvals,
        findings=tuple(_findings(account.name, price, negotiators, approvals, today)),
        customer_people=tuple(
            (pid, f"{name} ({title})" if title else name)
            for pid, (name, title, status) in sorted(people.items(), key=lambda p: (p[1][0].casefold(), p[0]))
            if status is StakeholderStatus.ACTIVE
        ),
        our_people=tuple(
            (cid, name)
            for cid, (name, active) in sorted(team.items(), key=lambda p: (p[1][0].casefold(), p[0]))
            if active
        ),
    )


def _findings(
    customer: str,
    price: PricePlan,
    negotiators: tuple[NegotiatorRow, ...],
    approvals: tuple[ApprovalRow, ...],
    today: dt.date,
) -> list[NegotiationFinding]:
    found: list[NegotiationFinding] = []
    for kind in NegotiatorKind:
        layer = [n for n in negotiators if n.kind is kind]
        if not layer or any(n.covered_by_id is not None and not n.coverer_left for n in layer):
            continue
        left = sorted({n.covered_by for n in layer if n.coverer_left})
        why = f" ({', '.join(left)} left the deal team)" if left else ""
        found.append(
            NegotiationFinding(
                Severity.HIGH, f"{_LAYER_WORDS[kind]} at {customer} has nobody on our side{why}."
            )
        )
    for approval in approvals:
        owner = f"; {approval.owner} owns it" if approval.owner else "; nobody of ours owns it"
        by = f" ({approval.approver})" if approval.approver else ""
        if approval.overdue:
            assert approval.due is not None
            late = (today - approval.due).days
            found.append(
                NegotiationFinding(
                    Severity.HIGH,
                    f"The approval of “{approval.what}”{by} is overdue: due {approval.due.isoformat()}, "
                    f"{late} day{'s' if late != 1 else ''} ago, still {approval.status.label.lower()}{owner}.",
                )
            )
        elif approval.status is ApprovalStatus.REFUSED:
            who = f" by {approval.approver}" if approval.approver else ""
            found.append(
                NegotiationFinding(
                    Severity.MEDIUM, f"“{approval.what}” was refused{who}: it cannot be offered as it stands."
                )
            )
        elif approval.status in WAITING and approval.owner_id is None:
            found.append(
                NegotiationFinding(
                    Severity.MEDIUM, f"Nobody of ours owns the approval of “{approval.what}”{by}."
                )
            )
    if price.solution_final and (price.target is None or price.walk_away is None):
        missing = " and ".join(
            word
            for word, value in (("a target", price.target), ("a walk-away", price.walk_away))
            if value is None
        )
        found.append(NegotiationFinding(Severity.MEDIUM, f"The solution mix is final: set {missing} price."))
    rank = {severity: -index for index, severity in enumerate(Severity)}
    return sorted(found, key=lambda f: rank[f.severity])


# --- the price -------------------------------------------------------------------------------------------


def _plan_of(session: Session, opportunity_id: int) -> NegotiationPlan:
    """The deal's plan row, created (empty) when it has none yet."""
    plan = session.scalar(select(NegotiationPlan).where(NegotiationPlan.opportunity_id == opportunity_id))
    if plan is None:
        deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
        plan = NegotiationPlan(account_id=deal.account_id, opportunity_id=deal.id)
        session.add(plan)
        session.flush()
    return plan


_PRICE_WORDS = {
    "price_low": "low end of the range",
    "price_high": "high end of the range",
    "target": "target price",
    "walk_away": "walk-away price",
}


def update_price(session: Session, opportunity_id: int, **changes: Any) -> dict[str, Any]:
    """Change the deal's price range, target, walk-away, solution-final flag or notes; the previous values.

    Creates the deal's plan on first use. Refused (InvalidValue, nothing written): an unknown field, a
    negative price, a low end above the high end, a target or walk-away while the solution mix is not final
    (the price is only directional then), and a walk-away above the target.
    """
    unknown = set(changes) - set(PRICE_FIELDS)
    if unknown:
        raise InvalidValue(f"A negotiation plan has no {', '.join(sorted(unknown))}.")
    values = {name: fields.coerce(NegotiationPlan, name, value) for name, value in changes.items()}
    for name, value in values.items():
        if name in _PRICE_WORDS and value is not None and not Decimal(0) <= value <= _MOST:
            raise InvalidValue(f"The {_PRICE_WORDS[name]} must be an amount of 0 or more, not {value}.")
    plan = _plan_of(session, opportunity_id)
    after = {name: values.get(name, getattr(plan, name)) for name in PRICE_FIELDS}
    deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
    currency = deal.currency
    sets_final_price = any(values.get(name) is not None for name in ("target", "walk_away"))
    if sets_final_price and not after["solution_final"]:
        raise InvalidValue(
            "The solution mix is not final yet, so the price is only a directional range (low to high). "
            "Mark the solution final to set a target and a walk-away price."
        )
    low, high = after["price_low"], after["price_high"]
    if low is not None and high is not None and low > high:
        raise InvalidValue(
            f"The low end of the range ({amount_text(low, currency)}) cannot be above its high end "
            f"({amount_text(high, currency)})."
        )
    target, walk_away = after["target"], after["walk_away"]
    if target is not None and walk_away is not None and walk_away > target:
        raise InvalidValue(
            f"The walk-away price ({amount_text(walk_away, currency)}) cannot be above the target "
            f"({amount_text(target, currency)}): it is the least we accept."
        )
    previous = fields.apply(plan, values)
    session.flush()
    return previous


def delete_plan(session: Session, opportunity_id: int) -> None:
    """Delete the deal's plan row (its price and notes; the terms, negotiators and approvals stay)."""
    row_id = plan_row_id(session, opportunity_id)
    if row_id is not None:
        session.delete(fields.get(session, NegotiationPlan, row_id))
        session.flush()


# --- gives and gets --------------------------------------------------------------------------------------


def _required(text: str, what: str) -> str:
    if not str(text or "").strip():
        raise InvalidValue(what)
    return str(text).strip()


def add_term(session: Session, account_id: int, text: str, **values: Any) -> int:
    """Add a give or a get at the end of the deal's list (``opportunity_id`` among ``values``); its id."""
    text = _required(text, "A give or get needs a text: what is given or asked for.")
    opportunity_id = values.get("opportunity_id")
    if opportunity_id is None:
        raise InvalidValue("A give or get belongs to a deal: which one?")
    term = NegotiationTerm(account_id=account_id, text=fields.coerce(NegotiationTerm, "text", text))
    last = session.scalar(
        select(func.max(NegotiationTerm.position)).where(NegotiationTerm.opportunity_id == opportunity_id)
    )
    fields.apply(term, {"position": (last or 0) + 1, **values})
    _check_cost(term)
    check_links(session, term, _LINKS)
    session.add(term)
    session.flush()
    return int(term.id)


def _check_cost(term: NegotiationTerm) -> None:
    if term.our_cost is not None and not Decimal(0) <= term.our_cost <= _MOST:
        raise InvalidValue(f"What a term costs us must be an amount of 0 or more, not {term.our_cost}.")


def update_term(session: Session, term_id: int, **changes: Any) -> dict[str, Any]:
    """Change a give or get (its side, text, value to them, cost to us, status); the previous values."""
    term: NegotiationTerm = fields.get(session, NegotiationTerm, term_id)
    if "text" in changes:
        changes = {**changes, "text": _required(changes["text"], "A give or get needs a text.")}
    previous = fields.apply(term, changes, forbidden=frozenset({"opportunity_id", "position"}))
    _check_cost(term)
    session.flush()
    return previous


def delete_term(session: Session, term_id: int) -> None:
    session.delete(fields.get(session, NegotiationTerm, term_id))
    session.flush()


def move_term(session: Session, term_id: int, step: int) -> bool:
    """Move a give or get up (step -1) or down (+1) in its deal's list; False when it is already at that end."""
    term: NegotiationTerm = fields.get(session, NegotiationTerm, term_id)
    siblings = list(
        session.scalars(
            select(NegotiationTerm)
            .where(NegotiationTerm.opportunity_id == term.opportunity_id)
            .order_by(NegotiationTerm.position, NegotiationTerm.id)
        )
    )
    index = siblings.index(term)
    other = index + step
    if step == 0 or not 0 <= other < len(siblings):
        return False
    siblings.insert(other, siblings.pop(index))
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
    session.flush()
    return True


# --- negotiators -----------------------------------------------------------------------------------------


def _check_co_seller(session: Session, account_id: int, co_seller_id: int | None) -> None:
    """A co-seller named on the plan must be (or have been) on the account's deal team."""
    if co_seller_id is None:
        return
    person: CoSeller = fields.get(session, CoSeller, co_seller_id)
    member = session.scalar(
        select(DealTeamMember.id).where(
            DealTeamMember.account_id == account_id, DealTeamMember.co_seller_id == co_seller_id
        )
    )
    if member is None:
        raise InvalidValue(f"{person.name} is not on this account's deal team.")


def add_negotiator(session: Session, account_id: int, **values: Any) -> int:
    """Add a layer of the customer's negotiators to a deal (``opportunity_id``, ``kind``...); its id."""
    if values.get("opportunity_id") is None:
        raise InvalidValue("A negotiator belongs to a deal: which one?")
    negotiator = Negotiator(account_id=account_id)
    fields.apply(negotiator, {"kind": NegotiatorKind.OTHER, **values})
    check_links(session, negotiator, _PERSON_LINKS)
    _check_co_seller(session, account_id, negotiator.covered_by_id)
    session.add(negotiator)
    session.flush()
    return int(negotiator.id)


def update_negotiator(session: Session, negotiator_id: int, **changes: Any) -> dict[str, Any]:
    """Change a layer: its kind, their person, who of ours covers it, the notes; the previous values."""
    negotiator: Negotiator = fields.get(session, Negotiator, negotiator_id)
    previous = fields.apply(negotiator, changes, forbidden=frozenset({"opportunity_id"}))
    check_links(session, negotiator, _PERSON_LINKS)
    if "covered_by_id" in changes:
        _check_co_seller(session, negotiator.account_id, negotiator.covered_by_id)
    session.flush()
    return previous


def delete_negotiator(session: Session, negotiator_id: int) -> None:
    session.delete(fields.get(session, Negotiator, negotiator_id))
    session.flush()


# --- approvals -------------------------------------------------------------------------------------------


def add_approval(session: Session, account_id: int, what: str, **values: Any) -> int:
    """Add an approval a non-standard term needs from our executives (``opportunity_id`` among ``values``)."""
    what = _required(what, "An approval needs to say what is approved (the non-standard term).")
    if values.get("opportunity_id") is None:
        raise InvalidValue("An approval belongs to a deal: which one?")
    approval = DealApproval(account_id=account_id, what=fields.coerce(DealApproval, "what", what))
    fields.apply(approval, values)
    check_links(session, approval, _LINKS)
    _check_co_seller(session, account_id, approval.owner_id)
    session.add(approval)
    session.flush()
    return int(approval.id)


def update_approval(session: Session, approval_id: int, **changes: Any) -> dict[str, Any]:
    """Change an approval: what, the approver, its owner, status or due date; the previous values."""
    approval: DealApproval = fields.get(session, DealApproval, approval_id)
    if "what" in changes:
        changes = {
            **changes,
            "what": _required(changes["what"], "An approval needs to say what is approved."),
        }
    previous = fields.apply(approval, changes, forbidden=frozenset({"opportunity_id"}))
    if "owner_id" in changes:
        _check_co_seller(session, approval.account_id, approval.owner_id)
    session.flush()
    return previous


def delete_approval(session: Session, approval_id: int) -> None:
    session.delete(fields.get(session, DealApproval, approval_id))
    session.flush()

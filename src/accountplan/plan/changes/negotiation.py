"""Changes to a deal's negotiation plan: its price, its gives and gets, negotiators and approvals."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.errors import Refused
from accountplan.model import NegotiationTerm
from accountplan.plan import fields, negotiation
from accountplan.plan.changes.change import (
    AddRow,
    Change,
    DeleteRow,
    RowKind,
    UpdateRow,
    positions,
    put_positions,
)
from accountplan.plan.snapshots import Snapshot, capture, restore

_PRICE_WORDS = {
    "price_low": "low price",
    "price_high": "high price",
    "target": "target price",
    "walk_away": "walk-away price",
    "solution_final": "solution mix",
    "notes": "negotiation notes",
}


class UpdatePrice(Change):
    """Change a deal's price range, target, walk-away, solution-final flag or notes; undo puts them back.

    The deal's plan row is made by the first edit; undoing that edit takes the row away again (and redo
    puts the same row back), so the plan is exactly as it was.
    """

    def __init__(self, account_id: int, opportunity_id: int, deal: str, /, **changes: Any) -> None:
        self.account_id, self.opportunity_id, self.changes = account_id, opportunity_id, changes
        words = ", ".join(_PRICE_WORDS.get(name, name.replace("_", " ")) for name in changes)
        self.text = f"edit the {words} of {deal}"
        self.previous: dict[str, Any] = {}
        #: Whether the first run made the deal's plan row.
        self.created: bool | None = None
        self.snapshot: Snapshot | None = None

    def forward(self, session: Session) -> None:
        if self.snapshot is not None:
            restore(session, self.snapshot)
            self.snapshot = None
        elif self.created is None:
            self.created = not negotiation.has_plan(session, self.opportunity_id)
        self.previous = negotiation.update_price(session, self.opportunity_id, **self.changes)

    def backward(self, session: Session) -> None:
        negotiation.update_price(session, self.opportunity_id, **self.previous)
        row_id = negotiation.plan_row_id(session, self.opportunity_id)
        if self.created and row_id is not None:
            self.snapshot = capture(session, "negotiation_plans", row_id)
            negotiation.delete_plan(session, self.opportunity_id)


def _add_term(session: Session, account_id: int, text: str, **values: Any) -> int:
    return negotiation.add_term(session, account_id, text, **values)


def _add_negotiator(session: Session, account_id: int, _label: str, **values: Any) -> int:
    return negotiation.add_negotiator(session, account_id, **values)


TERMS = RowKind(
    "negotiation_terms", "give or get", _add_term, negotiation.update_term, negotiation.delete_term
)
NEGOTIATORS = RowKind(
    "negotiators",
    "negotiator",
    _add_negotiator,
    negotiation.update_negotiator,
    negotiation.delete_negotiator,
)
APPROVALS = RowKind(
    "deal_approvals",
    "approval",
    negotiation.add_approval,
    negotiation.update_approval,
    negotiation.delete_approval,
)


class AddTerm(AddRow):
    """Add a give or a get to a deal (``opportunity_id=``, ``side=``...) at the end of its list; undo deletes it."""

    kind = TERMS

    def __init__(self, account_id: int, text: str, **values: Any) -> None:
        super().__init__(account_id, text, **values)
        side = str(values.get("side", "give"))
        self.text = f"add the {'get' if side == 'get' else 'give'} “{text.strip()}”"


class UpdateTerm(UpdateRow):
    kind = TERMS

    def describe(self, name: str) -> str:
        fields_ = ", ".join(
            {"customer_value": "value to them", "our_cost": "cost to us"}.get(f, f) for f in self.changes
        )
        return f"edit the {fields_} of “{name}”"


class DeleteTerm(DeleteRow):
    """Delete a give or get; undo puts it back in its place."""

    kind = TERMS


class MoveTerm(Change):
    """Move a give or get up or down its deal's list; undo puts every term of the list back in its place."""

    def __init__(self, account_id: int, term_id: int, name: str, step: int) -> None:
        self.account_id, self.term_id, self.step = account_id, term_id, step
        self.text = f"move “{name}” {'up' if step < 0 else 'down'}"
        self.places: dict[int, int] = {}

    def forward(self, session: Session) -> None:
        term: NegotiationTerm = fields.get(session, NegotiationTerm, self.term_id)
        self.places = positions(
            session, NegotiationTerm, NegotiationTerm.opportunity_id == term.opportunity_id
        )
        if not negotiation.move_term(session, self.term_id, self.step):
            raise Refused(f"“{term.text}” is already {'first' if self.step < 0 else 'last'}.")

    def backward(self, session: Session) -> None:
        put_positions(session, NegotiationTerm, self.places)


class AddNegotiator(AddRow):
    """Add a layer of the customer's negotiators (``opportunity_id=``, ``kind=``...); undo deletes it.

    ``name`` is the layer as the Edit menu says it ("Legal").
    """

    kind = NEGOTIATORS

    def __init__(self, account_id: int, name: str, **values: Any) -> None:
        super().__init__(account_id, name, **values)
        self.text = f"add the negotiator layer {name}"


class UpdateNegotiator(UpdateRow):
    kind = NEGOTIATORS

    def describe(self, name: str) -> str:
        fields_ = ", ".join(
            {"stakeholder_id": "their person", "covered_by_id": "coverage"}.get(f, f) for f in self.changes
        )
        return f"edit the {fields_} of the negotiator layer {name}"


class DeleteNegotiator(DeleteRow):
    kind = NEGOTIATORS

    def __init__(self, account_id: int, row_id: int, name: str) -> None:
        super().__init__(account_id, row_id, name)
        self.text = f"delete the negotiator layer {name}"


class AddApproval(AddRow):
    """Add an approval our executives must give (``opportunity_id=``, ``approver=``...); undo deletes it."""

    kind = APPROVALS

    def __init__(self, account_id: int, what: str, **values: Any) -> None:
        super().__init__(account_id, what, **values)
        self.text = f"add the approval “{what.strip()}”"


class UpdateApproval(UpdateRow):
    kind = APPROVALS

    def describe(self, name: str) -> str:
        fields_ = ", ".join({"owner_id": "owner", "due": "due date"}.get(f, f) for f in self.changes)
        return f"edit the {fields_} of the approval “{name}”"


class DeleteApproval(DeleteRow):
    kind = APPROVALS

    def __init__(self, account_id: int, row_id: int, name: str) -> None:
        super().__init__(account_id, row_id, name)
        self.text = f"delete the approval “{name}”"

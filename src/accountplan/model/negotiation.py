"""The negotiation plan of a deal (internal only, never shared with the customer; schema 0008).

The price range (directional until the solution mix is final, then a target and a walk-away), the gives and
gets with what each is worth to the customer and what it costs us, the layers of negotiators on the
customer's side with who covers each, and the approvals our own executives must give for non-standard terms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accountplan.model.base import AccountScoped, Base, Versioned
from accountplan.model.enums import ApprovalStatus, NegotiatorKind, TermSide, TermStatus
from accountplan.model.types import Money, enum_type


class NegotiationPlan(AccountScoped, Versioned, Base):
    """The price range of one deal: low and high while directional, target and walk-away once final."""

    __tablename__ = "negotiation_plans"
    __table_args__ = (UniqueConstraint("opportunity_id"),)
    label_attribute = None

    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"))
    price_low: Mapped[Decimal | None] = mapped_column(Money)
    price_high: Mapped[Decimal | None] = mapped_column(Money)
    target: Mapped[Decimal | None] = mapped_column(Money)
    walk_away: Mapped[Decimal | None] = mapped_column(Money)
    #: Whether the solution mix is final (then the target and walk-away apply, not the directional range).
    solution_final: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class NegotiationTerm(AccountScoped, Versioned, Base):
    """Something we give or get in a deal's negotiation: what it is worth to them, what it costs us."""

    __tablename__ = "negotiation_terms"
    label_attribute = "text"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[TermSide] = mapped_column(enum_type(TermSide), default=TermSide.GIVE)
    text: Mapped[str] = mapped_column(Text)
    #: What the term is worth to the customer.
    customer_value: Mapped[str] = mapped_column(Text, default="")
    our_cost: Mapped[Decimal | None] = mapped_column(Money)
    status: Mapped[TermStatus] = mapped_column(enum_type(TermStatus), default=TermStatus.OPEN)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Negotiator(AccountScoped, Versioned, Base):
    """A layer of negotiators on the customer's side (procurement, legal...) and who of ours covers it."""

    __tablename__ = "negotiators"
    label_attribute = "kind"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NegotiatorKind] = mapped_column(enum_type(NegotiatorKind), default=NegotiatorKind.OTHER)
    #: Their person, when known.
    stakeholder_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"))
    #: Our co-seller who covers this layer.
    covered_by_id: Mapped[int | None] = mapped_column(ForeignKey("co_sellers.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")


class DealApproval(AccountScoped, Versioned, Base):
    """An approval our own executives must give for a non-standard term of a deal."""

    __tablename__ = "deal_approvals"
    label_attribute = "what"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    #: The non-standard term that needs approving.
    what: Mapped[str] = mapped_column(Text)
    #: Which of our executives approves it.
    approver: Mapped[str] = mapped_column(String(200), default="")
    #: The co-seller who gets it approved.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("co_sellers.id", ondelete="SET NULL"))
    status: Mapped[ApprovalStatus] = mapped_column(enum_type(ApprovalStatus), default=ApprovalStatus.NEEDED)
    due: Mapped[dt.date | None] = mapped_column(Date)

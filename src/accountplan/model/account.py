"""The account (the customer enterprise) and what describes it: org units, initiatives, spend, competitors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accountplan.model.base import AccountScoped, Base, Versioned
from accountplan.model.enums import AccountStatus, FitCriterion
from accountplan.model.ranges import in_range
from accountplan.model.types import Money, UTCDateTime, enum_type, utcnow


class Account(Versioned, Base):
    __tablename__ = "accounts"
    __table_args__ = (in_range("fiscal_year_start_month", 1, 12),)
    label_attribute = "name"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    industry: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    #: The month (1–12) in which the customer's fiscal year starts.
    fiscal_year_start_month: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[AccountStatus] = mapped_column(enum_type(AccountStatus), default=AccountStatus.WORKING)
    description: Mapped[str] = mapped_column(Text, default="")
    #: What the customer will look like in three years with us.
    vision: Mapped[str] = mapped_column(Text, default="")
    internal_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OrgUnit(AccountScoped, Versioned, Base):
    """A department, division or business unit of the customer, nested under its parent."""

    __tablename__ = "org_units"
    label_attribute = "name"

    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Initiative(AccountScoped, Versioned, Base):
    """A strategic initiative or transformation of the customer that the pursuit attaches to."""

    __tablename__ = "initiatives"
    label_attribute = "title"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class SpendZone(AccountScoped, Versioned, Base):
    """A large zone of spend, with the incumbent solution there and why it does not deliver."""

    __tablename__ = "spend_zones"
    label_attribute = "name"

    name: Mapped[str] = mapped_column(String(200))
    annual_spend: Mapped[Decimal | None] = mapped_column(Money)
    incumbent_solution: Mapped[str] = mapped_column(String(300), default="")
    shortcomings: Mapped[str] = mapped_column(Text, default="")


class Competitor(AccountScoped, Versioned, Base):
    """A competitor in the account, or the incumbent; our strategy against them is internal."""

    __tablename__ = "competitors"
    label_attribute = "name"

    name: Mapped[str] = mapped_column(String(200))
    is_incumbent: Mapped[bool] = mapped_column(default=False)
    solution: Mapped[str] = mapped_column(String(300), default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    weaknesses: Mapped[str] = mapped_column(Text, default="")
    strategy: Mapped[str] = mapped_column(Text, default="")


class ProductLine(AccountScoped, Versioned, Base):
    """One of our product lines, a column of the account's whitespace map."""

    __tablename__ = "product_lines"
    __table_args__ = (UniqueConstraint("account_id", "name"),)
    label_attribute = "name"

    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class AccountFit(AccountScoped, Versioned, Base):
    """One line of the account's ideal-account checklist: whether the criterion is met, and why (schema 0008)."""

    __tablename__ = "account_fit"
    __table_args__ = (UniqueConstraint("account_id", "criterion"),)
    label_attribute = "criterion"

    criterion: Mapped[FitCriterion] = mapped_column(enum_type(FitCriterion))
    met: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class NumbersPlan(AccountScoped, Versioned, Base):
    """The seller's numbers for the pursuit (internal only): the target and the reverse funnel.

    The quota, the commission tiers and the big-deal threshold belong to the seller across their accounts:
    :class:`~accountplan.model.seller.SellerPlan` (schema 0008 moved them there).
    """

    __tablename__ = "numbers_plans"
    __table_args__ = (
        UniqueConstraint("account_id"),
        in_range("win_rate_percent", 0, 100),
        in_range("stage1_to_qualified_percent", 1, 100),
        in_range("meeting_to_stage1_percent", 1, 100),
        in_range("outreach_to_meeting_percent", 1, 100),
        in_range("cycle_months", 0, 120),
    )
    label_attribute = None

    target_amount: Mapped[Decimal | None] = mapped_column(Money)
    average_deal_size: Mapped[Decimal | None] = mapped_column(Money)
    win_rate_percent: Mapped[int] = mapped_column(Integer, default=25)
    #: The reverse funnel's conversion rates, from outreach up to a qualified opportunity.
    stage1_to_qualified_percent: Mapped[int] = mapped_column(Integer, default=50)
    meeting_to_stage1_percent: Mapped[int] = mapped_column(Integer, default=25)
    outreach_to_meeting_percent: Mapped[int] = mapped_column(Integer, default=10)
    cycle_months: Mapped[int] = mapped_column(Integer, default=9)

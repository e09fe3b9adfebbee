"""The success plan shared with the customer: their definition of success, objectives, milestones, duties."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accountplan.model.base import AccountScoped, Base, Versioned
from accountplan.model.enums import MilestoneStatus, SuccessPhase
from accountplan.model.types import enum_type


class SuccessPlan(AccountScoped, Versioned, Base):
    """The account's success plan (one per account)."""

    __tablename__ = "success_plans"
    __table_args__ = (UniqueConstraint("account_id"),)
    label_attribute = "title"

    title: Mapped[str] = mapped_column(String(300), default="Success plan")
    #: The customer's own definition of success, in their words.
    definition_of_success: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)


class SuccessObjective(AccountScoped, Versioned, Base):
    """A measurable objective: metric, baseline, target, by when."""

    __tablename__ = "success_objectives"
    label_attribute = "metric"

    plan_id: Mapped[int] = mapped_column(ForeignKey("success_plans.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(300))
    baseline: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SuccessMilestone(AccountScoped, Versioned, Base):
    """A milestone beyond the deployment: adoption and business impact."""

    __tablename__ = "success_milestones"
    label_attribute = "title"

    plan_id: Mapped[int] = mapped_column(ForeignKey("success_plans.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    phase: Mapped[SuccessPhase] = mapped_column(enum_type(SuccessPhase), default=SuccessPhase.DEPLOYMENT)
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[MilestoneStatus] = mapped_column(
        enum_type(MilestoneStatus), default=MilestoneStatus.PLANNED
    )
    customer_owner_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"))
    our_owner_id: Mapped[int | None] = mapped_column(ForeignKey("co_sellers.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Responsibility(AccountScoped, Versioned, Base):
    """A responsibility shared by both sides, with an owner from the customer and one of ours."""

    __tablename__ = "responsibilities"
    label_attribute = "description"

    plan_id: Mapped[int] = mapped_column(ForeignKey("success_plans.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    customer_owner_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"))
    our_owner_id: Mapped[int | None] = mapped_column(ForeignKey("co_sellers.id", ondelete="SET NULL"))
    due: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)

"""The pursuit: opportunities, their stages and forecast, the decision process, MEDDPICC, red flags, the journey."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accountplan.model.base import AccountScoped, Base, Versioned
from accountplan.model.enums import (
    MEDDPICC_MAX_SCORE,
    BuyingStage,
    DecisionStepKind,
    ForecastCategory,
    JourneyPhase,
    MeddpiccLetter,
    MilestoneStatus,
    OpportunityType,
    Outcome,
    RedFlagStatus,
    SalesStage,
    Severity,
    StageProcess,
    StepStatus,
    WhitespaceStatus,
)
from accountplan.model.ranges import in_range
from accountplan.model.types import Money, UTCDateTime, enum_type, utcnow


def stage_of_process_rule() -> str:
    """The CHECK that a stage change names a stage of its own process (a sales stage or a buying stage)."""
    return " OR ".join(
        f"(process = '{process.value}' AND stage IN ({', '.join(repr(s.value) for s in stages)}))"
        for process, stages in ((StageProcess.SALES, SalesStage), (StageProcess.BUYING, BuyingStage))
    )


class Opportunity(AccountScoped, Versioned, Base):
    """A deal inside the pursuit, with our sales stage and the customer's buying stage."""

    __tablename__ = "opportunities"
    __table_args__ = (in_range("probability", 0, 100),)
    label_attribute = "name"

    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[OpportunityType] = mapped_column(enum_type(OpportunityType), default=OpportunityType.NEW)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    expected_close: Mapped[dt.date | None] = mapped_column(Date)
    probability: Mapped[int] = mapped_column(Integer, default=10)
    sales_stage: Mapped[SalesStage] = mapped_column(enum_type(SalesStage), default=SalesStage.REACHING_OUT)
    buying_stage: Mapped[BuyingStage] = mapped_column(enum_type(BuyingStage), default=BuyingStage.CHANGE)
    compelling_event: Mapped[str] = mapped_column(Text, default="")
    differentiators: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[Outcome | None] = mapped_column(enum_type(Outcome))
    #: The customer's own answer to "what made you decide that way?".
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    won_by_id: Mapped[int | None] = mapped_column(ForeignKey("competitors.id", ondelete="SET NULL"))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    internal_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Where the deal stands in the forecast (schema 0008); its history is in forecast_changes.
    forecast_category: Mapped[ForecastCategory] = mapped_column(
        enum_type(ForecastCategory), default=ForecastCategory.PIPELINE, server_default="pipeline"
    )
    #: The seller whose number the deal is (schema 0008); None: the account's account executive.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("co_sellers.id", ondelete="SET NULL"), index=True)


class OpportunityCompetitor(AccountScoped, Base):
    """A competitor (or the incumbent) present in an opportunity."""

    __tablename__ = "opportunity_competitors"
    __table_args__ = (UniqueConstraint("opportunity_id", "competitor_id"),)

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitors.id", ondelete="CASCADE"), index=True)


class StageChange(AccountScoped, Base):
    """The moment an opportunity entered a stage of one of the two processes."""

    __tablename__ = "stage_changes"
    __table_args__ = (CheckConstraint(stage_of_process_rule(), name="stage_of_process"),)
    audited = False  # the stage history is itself a log

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    process: Mapped[StageProcess] = mapped_column(enum_type(StageProcess))
    #: The value of a SalesStage or a BuyingStage, depending on the process.
    stage: Mapped[str] = mapped_column(String(32))
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(100), default="")


class ForecastChange(AccountScoped, Base):
    """The moment an opportunity was put in a forecast category, and by whom (schema 0008)."""

    __tablename__ = "forecast_changes"
    audited = False  # the forecast history is itself a log

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[ForecastCategory] = mapped_column(enum_type(ForecastCategory))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The user who made the change, as the change log names users.
    changed_by: Mapped[str] = mapped_column(String(100), default="")


class DecisionStep(AccountScoped, Versioned, Base):
    """A step of how this customer actually decides; the steps form a directed acyclic graph."""

    __tablename__ = "decision_steps"
    label_attribute = "name"

    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[DecisionStepKind] = mapped_column(
        enum_type(DecisionStepKind), default=DecisionStepKind.OTHER
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"))
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[StepStatus] = mapped_column(enum_type(StepStatus), default=StepStatus.NOT_STARTED)
    notes: Mapped[str] = mapped_column(Text, default="")


class DecisionDependency(AccountScoped, Base):
    """Step ``step_id`` cannot complete before ``depends_on_id``."""

    __tablename__ = "decision_dependencies"
    __table_args__ = (
        UniqueConstraint("step_id", "depends_on_id"),
        CheckConstraint("step_id <> depends_on_id", name="not_self"),
    )

    step_id: Mapped[int] = mapped_column(ForeignKey("decision_steps.id", ondelete="CASCADE"), index=True)
    depends_on_id: Mapped[int] = mapped_column(
        ForeignKey("decision_steps.id", ondelete="CASCADE"), index=True
    )


class MeddpiccItem(AccountScoped, Versioned, Base):
    """One letter of an opportunity's MEDDPICC scorecard: a score and the evidence behind it."""

    __tablename__ = "meddpicc_items"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "letter"),
        in_range("score", 0, MEDDPICC_MAX_SCORE),
    )
    label_attribute = "letter"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    letter: Mapped[MeddpiccLetter] = mapped_column(enum_type(MeddpiccLetter))
    score: Mapped[int] = mapped_column(Integer, default=0)
    evidence: Mapped[str] = mapped_column(Text, default="")


class RedFlag(AccountScoped, Versioned, Base):
    """A reason the customer will not buy, the skeptic behind it, and how we counter it (internal)."""

    __tablename__ = "red_flags"
    label_attribute = "title"

    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"))
    severity: Mapped[Severity] = mapped_column(enum_type(Severity), default=Severity.MEDIUM)
    counter_strategy: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RedFlagStatus] = mapped_column(enum_type(RedFlagStatus), default=RedFlagStatus.OPEN)
    raised_on: Mapped[dt.date | None] = mapped_column(Date)


class Milestone(AccountScoped, Versioned, Base):
    """A milestone of the three-year journey: land, prove, expand."""

    __tablename__ = "milestones"
    label_attribute = "title"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[JourneyPhase] = mapped_column(enum_type(JourneyPhase), default=JourneyPhase.LAND)
    target_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[MilestoneStatus] = mapped_column(
        enum_type(MilestoneStatus), default=MilestoneStatus.PLANNED
    )
    reached_on: Mapped[dt.date | None] = mapped_column(Date)
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))


class WhitespaceCell(AccountScoped, Versioned, Base):
    """One cell of the whitespace map: an org unit against one of our product lines."""

    __tablename__ = "whitespace_cells"
    __table_args__ = (UniqueConstraint("org_unit_id", "product_line_id"),)

    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"), index=True)
    product_line_id: Mapped[int] = mapped_column(
        ForeignKey("product_lines.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[WhitespaceStatus] = mapped_column(
        enum_type(WhitespaceStatus), default=WhitespaceStatus.UNKNOWN
    )
    competitor_id: Mapped[int | None] = mapped_column(ForeignKey("competitors.id", ondelete="SET NULL"))
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    potential_value: Mapped[Decimal | None] = mapped_column(Money)
    note: Mapped[str] = mapped_column(Text, default="")

"""Fixtures for the storage tests: a rich account built by hand, and row counts to prove nothing changed."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from accountplan.model import (
    Account,
    AccountFit,
    Action,
    Base,
    Competitor,
    CoSeller,
    Coverage,
    DealApproval,
    DealTeamMember,
    DecisionDependency,
    DecisionStep,
    ExchangeRate,
    ForecastChange,
    InfluenceLink,
    Initiative,
    MeddpiccItem,
    Meeting,
    MeetingAttendee,
    MeetingDecision,
    Milestone,
    NegotiationPlan,
    NegotiationTerm,
    Negotiator,
    NumbersPlan,
    Opportunity,
    OpportunityCompetitor,
    OrgUnit,
    ProductLine,
    RedFlag,
    Responsibility,
    SellerPlan,
    SpendZone,
    StageChange,
    Stakeholder,
    StakeholderRole,
    SuccessMilestone,
    SuccessObjective,
    SuccessPlan,
    WhitespaceCell,
)
from accountplan.model.enums import (
    AccountStatus,
    ActionStatus,
    ApprovalStatus,
    BuyingRole,
    BuyingStage,
    CoSellerRole,
    DecisionStepKind,
    FirmKind,
    FitCriterion,
    ForecastCategory,
    InfluenceKind,
    JourneyPhase,
    MeddpiccLetter,
    MeetingStatus,
    MilestoneStatus,
    NegotiatorKind,
    OpportunityType,
    Outcome,
    RedFlagStatus,
    RelationshipStrength,
    SalesStage,
    Severity,
    StageProcess,
    StakeholderStatus,
    Stance,
    StepStatus,
    SuccessPhase,
    TermSide,
    TermStatus,
    WhitespaceStatus,
)
from accountplan.plan.opportunities import set_stage
from accountplan.plan.stakeholders import delete_stakeholder, mark_departed, set_roles, update_stakeholder
from accountplan.store.database import Database

RICH_NAME = "Kaiyō Heavy Industries 海洋重工"
TableCounts = dict[str, int]


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def build_rich_account(db: Database, name: str = RICH_NAME) -> int:
    """An account using every section of the plan, with the awkward cases a round trip must survive."""
    with db.transaction() as s:
        account = Account(
            name=name,
            industry="Shipbuilding",
            region="APAC",
            currency="JPY",
            fiscal_year_start_month=4,
            status=AccountStatus.NURTURE_ACTIVE,
            description="Japan's second-largest yard.\nListed in Tokyo.",
            vision="One digital thread from design to dry dock — «sans papier».",
            internal_notes="Internal: never share. 🚢",
            created_at=_utc(2023, 4, 3, 0, 30, 0),
        )
        s.add(account)
        s.flush()
        a = account.id

        # Org units: the department exists before its division and group (children before parents in id order).
        treasury = OrgUnit(account_id=a, name="Treasury department", kind="department", position=2)
        division = OrgUnit(account_id=a, name="Finance division", kind="division", position=1)
        group = OrgUnit(account_id=a, name="Kaiyō Group", kind="group")
        it = OrgUnit(account_id=a, name="IT 情報システム部", kind="department")
        s.add_all([treasury, division, group, it])
        s.flush()
        treasury.parent_id = division.id
        division.parent_id = group.id
        it.parent_id = group.id

        # People: the reports are added before their managers.
        aiko = Stakeholder(
            account_id=a,
            name="田中 愛子",
            title="IT Director",
            org_unit_id=it.id,
            email="aiko.tanaka@kaiyo.example",
            phone="+81 3-1234-5678",
            location="Tokyo",
            external_id="CRM-0042",
            stance=Stance.CHAMPION,
            influence=4,
            business_results="Close the books in 3 days",
            personal_wins="Promotion to CIO",
            concerns="Another failed ERP project",
            internal_notes="Prefers Friday meetings",
            position=1,
            created_at=_utc(2023, 5, 1, 9, 0, 0),
        )
        lea = Stakeholder(
            account_id=a,
            name="Léa Dubois-Müller",
            title="CFO",
            org_unit_id=division.id,
            stance=Stance.SKEPTIC,
            influence=5,
            created_at=_utc(2023, 5, 1, 9, 0, 0),
        )
        olga = Stakeholder(
            account_id=a,
            name="Ольга Петрова",
            title="Treasurer",
            org_unit_id=treasury.id,
            stance=Stance.DETRACTOR,
            influence=3,
            created_at=_utc(2023, 5, 2, 9, 0, 0),
        )
        ceo = Stakeholder(
            account_id=a,
            name="Hiroshi Kaiyō",
            title="President",
            org_unit_id=group.id,
            stance=Stance.NEUTRAL,
            influence=5,
            created_at=_utc(2023, 5, 3, 9, 0, 0),
        )
        temp = Stakeholder(account_id=a, name="Temp Contractor", created_at=_utc(2023, 5, 3, 9, 0, 0))
        s.add_all([aiko, lea, olga, ceo, temp])
        s.flush()
        aiko.reports_to_id = lea.id
        olga.reports_to_id = lea.id
        lea.reports_to_id = ceo.id
        s.add_all(
            [
                StakeholderRole(account_id=a, stakeholder_id=aiko.id, role=BuyingRole.CHAMPION),
                StakeholderRole(account_id=a, stakeholder_id=aiko.id, role=BuyingRole.TECHNICAL_EVALUATOR),
                StakeholderRole(account_id=a, stakeholder_id=ceo.id, role=BuyingRole.ECONOMIC_BUYER),
                StakeholderRole(account_id=a, stakeholder_id=lea.id, role=BuyingRole.DECISION_MAKER),
                InfluenceLink(
                    account_id=a,
                    source_id=aiko.id,
                    target_id=ceo.id,
                    kind=InfluenceKind.TRUSTS,
                    strength=4,
                    note="Old university friends",
                ),
                InfluenceLink(
                    account_id=a,
                    source_id=olga.id,
                    target_id=lea.id,
                    kind=InfluenceKind.IN_CONFLICT_WITH,
                    strength=2,
                ),
            ]
        )

        # Our side: co-sellers are shared across accounts and matched by e-mail on import.
        sam = CoSeller(
            name="Sam Seller",
            email="sam.seller@ours.example",
            role=CoSellerRole.ACCOUNT_EXECUTIVE,
            organisation="Ours Inc.",
            title="Strategic AE",
            login="sseller",
        )
        priya = CoSeller(
            name="Priya Raman",
            email="Priya.Raman@Partner.example",
            role=CoSellerRole.PARTNER,
            firm_kind=FirmKind.PARTNER,
            organisation="Raman Systems Integration",
        )
        nils = CoSeller(name="Nils Ødegård", email="nils@ours.example", role=CoSellerRole.SOLUTION_CONSULTANT)
        s.add_all([sam, priya, nils])
        s.flush()
        s.add_all(
            [
                DealTeamMember(
                    account_id=a,
                    co_seller_id=sam.id,
                    responsibility="Owns the pursuit",
                    joined_on=dt.date(2023, 4, 1),
                ),
                DealTeamMember(
                    account_id=a,
                    co_seller_id=priya.id,
                    active=False,
                    joined_on=dt.date(2023, 6, 1),
                    left_on=dt.date(2024, 6, 30),
                ),
                Coverage(
                    account_id=a,
                    co_seller_id=sam.id,
                    stakeholder_id=ceo.id,
                    strength=RelationshipStrength.STRONG,
                    is_owner=True,
                    last_touched=dt.date(2025, 1, 15),
                ),
                Coverage(
                    account_id=a,
                    co_seller_id=priya.id,
                    stakeholder_id=aiko.id,
                    strength=RelationshipStrength.TRUSTED_ADVISOR,
                    note="Ex-colleagues",
                ),
                Initiative(account_id=a, title="Digital thread 2027", sponsor_id=ceo.id),
                SpendZone(
                    account_id=a,
                    name="Legacy ERP",
                    annual_spend=Decimal("250000000.00"),
                    incumbent_solution="MainframeERP",
                    shortcomings="Month-end takes 12 days",
                ),
            ]
        )
        incumbent = Competitor(
            account_id=a, name="MainframeERP Corp", is_incumbent=True, strategy="Attack the cost of change"
        )
        rival = Competitor(account_id=a, name="CloudRival", solution="CloudRival Suite")
        analytics = ProductLine(account_id=a, name="Analytics")
        platform_line = ProductLine(account_id=a, name="Platform", position=1)
        s.add_all([incumbent, rival, analytics, platform_line])
        s.flush()

        pilot = Opportunity(
            account_id=a,
            name="Proof: Treasury analytics",
            type=OpportunityType.NEW,
            amount=Decimal("1500000"),
            currency="JPY",
            expected_close=dt.date(2024, 3, 31),
            probability=100,
            sales_stage=SalesStage.CLOSED,
            buying_stage=BuyingStage.ADOPT,
            outcome=Outcome.WON,
            outcome_reason="「速かった」 — it was fast",
            closed_on=dt.date(2024, 3, 28),
            created_at=_utc(2023, 9, 1, 0, 0, 0),
        )
        platform = Opportunity(
            account_id=a,
            name="Enterprise platform",
            type=OpportunityType.EXPANSION,
            amount=Decimal("1234567890.12"),
            currency="JPY",
            expected_close=dt.date(2026, 3, 31),
            probability=35,
            sales_stage=SalesStage.PROPOSAL,
            buying_stage=BuyingStage.EVALUATE,
            compelling_event="Mainframe support ends March 2026",
            differentiators="Native Japanese GAAP",
            internal_notes="Pricing floor: 15% discount",
            created_at=_utc(2024, 4, 1, 0, 0, 0),
        )
        lost = Opportunity(
            account_id=a,
            name="Cross-sell: HR",
            type=OpportunityType.CROSS_SELL,
            amount=None,
            outcome=Outcome.LOST,
            won_by_id=rival.id,
            sales_stage=SalesStage.CLOSED,
            probability=0,
            created_at=_utc(2024, 5, 1, 0, 0, 0),
        )
        s.add_all([pilot, platform, lost])
        s.flush()
        s.add_all(
            [
                OpportunityCompetitor(account_id=a, opportunity_id=platform.id, competitor_id=incumbent.id),
                OpportunityCompetitor(account_id=a, opportunity_id=platform.id, competitor_id=rival.id),
                StageChange(
                    account_id=a,
                    opportunity_id=pilot.id,
                    process=StageProcess.SALES,
                    stage="closed",
                    entered_at=_utc(2024, 3, 28, 6, 0, 0),
                    changed_by="sam",
                ),
                StageChange(
                    account_id=a,
                    opportunity_id=platform.id,
                    process=StageProcess.BUYING,
                    stage="evaluate",
                    entered_at=_utc(2025, 2, 1, 23, 59, 59),
                    changed_by="sam",
                ),
            ]
        )
        business_case = DecisionStep(
            account_id=a,
            opportunity_id=platform.id,
            name="Business case approval",
            kind=DecisionStepKind.BUSINESS_CASE,
            owner_id=lea.id,
            due=dt.date(2025, 9, 30),
            status=StepStatus.IN_PROGRESS,
        )
        security = DecisionStep(
            account_id=a,
            opportunity_id=platform.id,
            name="Security review",
            kind=DecisionStepKind.SECURITY_REVIEW,
            owner_id=aiko.id,
        )
        board = DecisionStep(
            account_id=a,
            opportunity_id=platform.id,
            name="Board approval",
            kind=DecisionStepKind.BOARD_APPROVAL,
            owner_id=ceo.id,
            status=StepStatus.BLOCKED,
        )
        s.add_all([business_case, security, board])
        s.flush()
        olga_flag = RedFlag(
            account_id=a,
            opportunity_id=platform.id,
            title="Treasurer prefers the incumbent",
            source_id=olga.id,
            severity=Severity.HIGH,
            status=RedFlagStatus.OPEN,
            counter_strategy="Reference call with Nagasaki Yards' treasurer",
            raised_on=dt.date(2025, 1, 10),
        )
        s.add_all(
            [
                DecisionDependency(account_id=a, step_id=board.id, depends_on_id=business_case.id),
                DecisionDependency(account_id=a, step_id=board.id, depends_on_id=security.id),
                DecisionDependency(account_id=a, step_id=business_case.id, depends_on_id=security.id),
                MeddpiccItem(
                    account_id=a,
                    opportunity_id=platform.id,
                    letter=MeddpiccLetter.METRICS,
                    score=4,
                    evidence="3-day close, signed off by the CFO",
                ),
                MeddpiccItem(
                    account_id=a,
                    opportunity_id=platform.id,
                    letter=MeddpiccLetter.CHAMPION,
                    score=5,
                    evidence="Aiko presented our vision to the board",
                ),
                olga_flag,
                Milestone(
                    account_id=a,
                    title="Land: treasury live",
                    phase=JourneyPhase.LAND,
                    target_date=dt.date(2024, 6, 30),
                    status=MilestoneStatus.REACHED,
                    reached_on=dt.date(2024, 6, 20),
                    opportunity_id=pilot.id,
                ),
                Milestone(
                    account_id=a,
                    title="Expand: group-wide",
                    phase=JourneyPhase.EXPAND,
                    target_date=dt.date(2026, 12, 31),
                ),
                WhitespaceCell(
                    account_id=a,
                    org_unit_id=treasury.id,
                    product_line_id=analytics.id,
                    status=WhitespaceStatus.OURS,
                    potential_value=Decimal("0.50"),
                ),
                WhitespaceCell(
                    account_id=a,
                    org_unit_id=it.id,
                    product_line_id=platform_line.id,
                    status=WhitespaceStatus.COMPETITOR,
                    competitor_id=incumbent.id,
                ),
                WhitespaceCell(
                    account_id=a,
                    org_unit_id=division.id,
                    product_line_id=platform_line.id,
                    status=WhitespaceStatus.OPEN_OPPORTUNITY,
                    opportunity_id=platform.id,
                    potential_value=Decimal("-12.3"),
                ),
            ]
        )
        meeting = Meeting(
            account_id=a,
            title="Q1 alignment",
            held_on=dt.date(2025, 2, 14),
            location="Tokyo",
            status=MeetingStatus.HELD,
            agenda="1. Stage changes\n2. Red flags",
            notes="Good energy",
        )
        planned = Meeting(account_id=a, title="Q2 alignment", held_on=dt.date(2025, 4, 14))
        s.add_all([meeting, planned])
        s.flush()
        decision = MeetingDecision(account_id=a, meeting_id=meeting.id, text="Counter the treasurer")
        s.add_all(
            [
                decision,
                MeetingAttendee(account_id=a, meeting_id=meeting.id, co_seller_id=sam.id),
                MeetingAttendee(account_id=a, meeting_id=meeting.id, co_seller_id=nils.id),
            ]
        )
        s.flush()
        s.add_all(
            [
                Action(
                    account_id=a,
                    title="Book the reference call",
                    owner_id=nils.id,
                    due=dt.date(2025, 3, 1),
                    stakeholder_id=olga.id,
                    opportunity_id=platform.id,
                    red_flag_id=olga_flag.id,
                    decision_id=decision.id,
                    created_at=_utc(2025, 2, 14, 8, 0, 0),
                ),
                Action(
                    account_id=a,
                    title="Thank-you note",
                    status=ActionStatus.DONE,
                    done_on=dt.date(2024, 4, 2),
                    created_at=_utc(2024, 4, 1, 8, 0, 0),
                ),
                Action(
                    account_id=a,
                    title="Ask Temp for the org chart",
                    stakeholder_id=temp.id,
                    status=ActionStatus.CANCELLED,
                    created_at=_utc(2024, 4, 1, 8, 0, 0),
                ),
            ]
        )
        success = SuccessPlan(
            account_id=a,
            title="Kaiyō success plan",
            definition_of_success="Close in 3 days",
            next_steps="Agree the objectives",
            revision=3,
        )
        s.add(success)
        s.flush()
        s.add_all(
            [
                SuccessObjective(
                    account_id=a,
                    plan_id=success.id,
                    metric="Days to close",
                    baseline="12",
                    target="3",
                    due=dt.date(2026, 6, 30),
                ),
                SuccessMilestone(
                    account_id=a,
                    plan_id=success.id,
                    title="80% of users active",
                    phase=SuccessPhase.ADOPTION,
                    due=dt.date(2026, 9, 30),
                    customer_owner_id=aiko.id,
                    our_owner_id=sam.id,
                ),
                Responsibility(
                    account_id=a,
                    plan_id=success.id,
                    description="Provide test data",
                    customer_owner_id=olga.id,
                    our_owner_id=nils.id,
                    due=dt.date(2025, 5, 1),
                ),
                NumbersPlan(
                    account_id=a,
                    target_amount=Decimal("2000000000"),
                    average_deal_size=Decimal("5e8"),
                    win_rate_percent=30,
                ),
            ]
        )
        # The seller's year (issue #17): fit, forecast, seller plans and rates, the negotiation plan.
        platform.forecast_category = ForecastCategory.COMMIT
        platform.owner_id = nils.id
        pilot.forecast_category = ForecastCategory.CLOSED
        s.add_all(
            [
                AccountFit(
                    account_id=a, criterion=FitCriterion.TRANSFORMATION, met=True, note="Digital thread"
                ),
                AccountFit(
                    account_id=a, criterion=FitCriterion.BUDGET_OWNER_KNOWN, note="CFO or CIO? 「未定」"
                ),
                ForecastChange(
                    account_id=a,
                    opportunity_id=platform.id,
                    category=ForecastCategory.BEST_CASE,
                    changed_at=_utc(2025, 1, 10, 8, 0, 0),
                    changed_by="sam",
                ),
                ForecastChange(
                    account_id=a,
                    opportunity_id=platform.id,
                    category=ForecastCategory.COMMIT,
                    changed_at=_utc(2025, 4, 1, 9, 0, 0),
                    changed_by="nils",
                ),
                SellerPlan(
                    co_seller_id=sam.id,
                    fiscal_year=2025,
                    year_starts_month=4,
                    currency="JPY",
                    quota=Decimal("900000000.00"),
                    commission_tiers="0:8\n50:10\n100:14",
                    cap=Decimal("60000000.00"),
                    big_deal_percent=40,
                ),
                SellerPlan(co_seller_id=sam.id, fiscal_year=2026, currency="JPY", quota=None),
                SellerPlan(co_seller_id=nils.id, fiscal_year=2025, currency="USD", quota=Decimal("1200000")),
                ExchangeRate(fiscal_year=2025, currency="JPY", to_currency="USD", rate=Decimal("0.00671234")),
                ExchangeRate(fiscal_year=2025, currency="USD", to_currency="JPY", rate=Decimal("149.0")),
                ExchangeRate(fiscal_year=2025, currency="GBP", to_currency="EUR", rate=Decimal("1.17")),
                NegotiationPlan(
                    account_id=a,
                    opportunity_id=platform.id,
                    price_low=Decimal("1100000000"),
                    price_high=Decimal("1300000000"),
                    target=Decimal("1234567890.12"),
                    walk_away=Decimal("1050000000"),
                    solution_final=True,
                    notes="Floor approved by the deal desk",
                ),
                NegotiationTerm(
                    account_id=a,
                    opportunity_id=platform.id,
                    side=TermSide.GIVE,
                    text="Three-year price lock",
                    customer_value="Budget certainty for the CFO",
                    our_cost=Decimal("45000000"),
                    status=TermStatus.OFFERED,
                ),
                NegotiationTerm(
                    account_id=a,
                    opportunity_id=platform.id,
                    side=TermSide.GET,
                    text="Reference case in Japanese",
                    status=TermStatus.AGREED,
                    position=1,
                ),
                Negotiator(
                    account_id=a,
                    opportunity_id=platform.id,
                    kind=NegotiatorKind.PROCUREMENT,
                    stakeholder_id=olga.id,
                    covered_by_id=nils.id,
                    notes="Tough on payment terms",
                ),
                Negotiator(account_id=a, opportunity_id=platform.id, kind=NegotiatorKind.LEGAL),
                DealApproval(
                    account_id=a,
                    opportunity_id=platform.id,
                    what="Uncapped liability for data loss",
                    approver="General Counsel",
                    owner_id=sam.id,
                    status=ApprovalStatus.REQUESTED,
                    due=dt.date(2025, 5, 15),
                ),
            ]
        )
        ids = {"aiko": aiko.id, "olga": olga.id, "temp": temp.id, "platform": platform.id}

    # Later edits, so the change log holds updates (a date field among them) and a deletion.
    with db.transaction() as s:
        update_stakeholder(s, ids["olga"], title="Group Treasurer")
        set_roles(s, ids["aiko"], [BuyingRole.CHAMPION, BuyingRole.COACH])
        mark_departed(s, ids["olga"], dt.date(2025, 3, 31))
        set_stage(s, ids["platform"], SalesStage.NEGOTIATION, at=_utc(2025, 4, 1, 9, 0, 0))
        action = s.scalars(select(Action).where(Action.title == "Book the reference call")).one()
        action.due = dt.date(2025, 3, 15)
    with db.transaction() as s:
        delete_stakeholder(s, ids["temp"], force=True)
    with db.session() as s:
        assert s.get(Stakeholder, ids["olga"]).status is StakeholderStatus.DEPARTED  # type: ignore[union-attr]
    return a


def count_rows(database: Database) -> TableCounts:
    with database.session() as session:
        return {
            name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }


def as_format_3(document: dict[str, Any], **numbers: Any) -> dict[str, Any]:
    """A copy of a format-4 document as format 3 wrote it: no seller's year, the pay plan in ``numbers``.

    ``numbers`` are the quota, commission tiers and big-deal threshold a format-3 file's ``numbers_plans``
    row carries (the defaults when left out).
    """
    from accountplan.interchange.plancodec import SECTIONS_ADDED_LATER

    old = copy.deepcopy(document)
    old["format_version"] = 3
    for section in SECTIONS_ADDED_LATER:
        del old[section]
    for deal in old["opportunities"]:
        del deal["forecast_category"], deal["owner_id"]
    old["change_log"] = [
        entry
        for entry in old["change_log"]
        if entry["entity_type"] not in SECTIONS_ADDED_LATER
        and entry["field"] not in ("forecast_category", "owner_id")
    ]
    for row in old["numbers_plans"]:
        row.update({"quota": None, "commission_tiers": "0:8\n100:12", "big_deal_percent": 50, **numbers})
    return old


@pytest.fixture
def rich_account() -> Callable[..., int]:
    return build_rich_account


@pytest.fixture(scope="session")
def rich_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The rich account, built by hand once and exported (tests copy it before changing it)."""
    from accountplan.interchange.planfile import export_account

    with Database.open(tmp_path_factory.mktemp("rich") / "rich.sqlite", user="tester") as database:
        account_id = build_rich_account(database)
        with database.session() as session:
            return export_account(session, account_id)


@pytest.fixture
def row_counts() -> Callable[[Database], TableCounts]:
    return count_rows

"""Everything the internal account plan shows, read once through the plan and analysis functions.

The document is written from an :class:`AccountPlanData` alone (no session): reading is done and the
database closed before the first page is laid out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.coverage import CoverageMatrix, coverage_gaps, coverage_matrix
from accountplan.analysis.decision_path import DecisionGraph, PathAnalysis, analyse, layers
from accountplan.analysis.finding import Finding
from accountplan.analysis.findings import find_all
from accountplan.analysis.graphs import AccountGraphs, load_graphs
from accountplan.analysis.leadership import recent_leadership_changes
from accountplan.analysis.progress import ProgressPoint, progress_series
from accountplan.analysis.stages import StageHistory
from accountplan.model import Account, Competitor, Initiative, SpendZone, Stakeholder
from accountplan.plan import fields
from accountplan.plan.actions import ActionRow, list_actions
from accountplan.plan.decisions import decision_graph
from accountplan.plan.journey import Journey, journey
from accountplan.plan.negotiation import NegotiationView, negotiation_view
from accountplan.plan.numbers import NumbersView, numbers_view
from accountplan.plan.opportunities import OpportunityRow, list_opportunities, stage_history
from accountplan.plan.qualification import RedFlagRow, Scorecard, list_red_flags, scorecard
from accountplan.plan.seller_year import SellerYear, account_seller_year
from accountplan.plan.whitespace import WhitespaceMap, whitespace_map
from accountplan.plan.win_loss import WinLoss, win_loss

__all__ = [
    "AccountFacts",
    "AccountPlanData",
    "CompetitorRow",
    "DealFile",
    "InitiativeRow",
    "SpendZoneRow",
    "read_account_plan",
]


@dataclass(frozen=True)
class AccountFacts:
    name: str
    industry: str
    region: str
    currency: str
    fiscal_year_start_month: int
    status: str
    description: str
    vision: str
    internal_notes: str


@dataclass(frozen=True)
class InitiativeRow:
    title: str
    description: str
    #: The sponsor's name, "" without one.
    sponsor: str


@dataclass(frozen=True)
class SpendZoneRow:
    name: str
    annual_spend: Decimal | None
    incumbent_solution: str
    shortcomings: str


@dataclass(frozen=True)
class CompetitorRow:
    name: str
    is_incumbent: bool
    solution: str
    strengths: str
    weaknesses: str
    strategy: str


@dataclass(frozen=True)
class DealFile:
    """One open deal: both processes' history, its decision process, MEDDPICC scorecard and negotiation plan."""

    deal: OpportunityRow
    history: StageHistory
    decision: DecisionGraph
    path: PathAnalysis
    #: The column of each decision step (0: no prerequisite).
    layers: dict[int, int]
    scorecard: Scorecard
    #: Its negotiation plan (internal: price range, target and walk-away, gives and gets, negotiators, approvals).
    negotiation: NegotiationView


@dataclass(frozen=True)
class AccountPlanData:
    """Everything the deal team's account plan shows, in the order of its sections."""

    account: AccountFacts
    initiatives: tuple[InitiativeRow, ...]
    spend_zones: tuple[SpendZoneRow, ...]
    competitors: tuple[CompetitorRow, ...]
    graphs: AccountGraphs
    findings: tuple[Finding, ...]
    coverage: CoverageMatrix
    #: The coverage gaps and stale relationships, in sentences.
    coverage_gaps: tuple[str, ...]
    #: Every deal: open first (by expected close), then closed (newest first).
    deals: tuple[OpportunityRow, ...]
    open_deals: tuple[DealFile, ...]
    win_loss: WinLoss
    red_flags: tuple[RedFlagRow, ...]
    journey: Journey
    whitespace: WhitespaceMap
    #: The open actions (not done, not cancelled), overdue first.
    actions: tuple[ActionRow, ...]
    numbers: NumbersView
    #: The year of the account's seller (its account executive) across their accounts; None without one.
    seller_year: SellerYear | None
    #: The progress over the last twelve months, a point a month's end and today (issue #18).
    progress: tuple[ProgressPoint, ...] = ()


def _facts(account: Account) -> AccountFacts:
    return AccountFacts(
        name=account.name,
        industry=account.industry,
        region=account.region,
        currency=account.currency,
        fiscal_year_start_month=account.fiscal_year_start_month,
        status=account.status.label,
        description=account.description,
        vision=account.vision,
        internal_notes=account.internal_notes,
    )


def _initiatives(session: Session, account_id: int) -> tuple[InitiativeRow, ...]:
    query = (
        select(Initiative.title, Initiative.description, Stakeholder.name)
        .outerjoin(Stakeholder, Stakeholder.id == Initiative.sponsor_id)
        .where(Initiative.account_id == account_id)
        .order_by(Initiative.position, Initiative.title, Initiative.id)
    )
    return tuple(InitiativeRow(title, text, sponsor or "") for title, text, sponsor in session.execute(query))


def _spend_zones(session: Session, account_id: int) -> tuple[SpendZoneRow, ...]:
    zones = session.scalars(
        select(SpendZone).where(SpendZone.account_id == account_id).order_by(SpendZone.name, SpendZone.id)
    )
    return tuple(SpendZoneRow(z.name, z.annual_spend, z.incumbent_solution, z.shortcomings) for z in zones)


def _competitors(session: Session, account_id: int) -> tuple[CompetitorRow, ...]:
    rivals = session.scalars(
        select(Competitor)
        .where(Competitor.account_id == account_id)
        .order_by(Competitor.is_incumbent.desc(), Competitor.name, Competitor.id)
    )
    return tuple(
        CompetitorRow(c.name, c.is_incumbent, c.solution, c.strengths, c.weaknesses, c.strategy)
        for c in rivals
    )


def _deal_file(session: Session, account_id: int, deal: OpportunityRow, today: dt.date) -> DealFile:
    graph = decision_graph(session, account_id, deal.id)
    return DealFile(
        deal=deal,
        history=stage_history(session, deal.id, today),
        decision=graph,
        path=analyse(graph, today),
        layers=layers(graph),
        scorecard=scorecard(session, deal.id),
        negotiation=negotiation_view(session, deal.id, today),
    )


def read_account_plan(session: Session, account_id: int, today: dt.date) -> AccountPlanData:
    """Read everything the account plan shows; NotFound for an account that does not exist."""
    account: Account = fields.get(session, Account, account_id)
    graphs = load_graphs(session, account_id)
    matrix = coverage_matrix(session, account_id, today)
    deals = tuple(list_opportunities(session, account_id, today))
    return AccountPlanData(
        account=_facts(account),
        initiatives=_initiatives(session, account_id),
        spend_zones=_spend_zones(session, account_id),
        competitors=_competitors(session, account_id),
        graphs=graphs,
        findings=tuple(find_all(graphs, today, recent_leadership_changes(session, account_id, today))),
        coverage=matrix,
        coverage_gaps=tuple(coverage_gaps(matrix)),
        deals=deals,
        open_deals=tuple(_deal_file(session, account_id, deal, today) for deal in deals if deal.is_open),
        win_loss=win_loss(session, account_id),
        red_flags=tuple(list_red_flags(session, account_id)),
        journey=journey(session, account_id, today),
        whitespace=whitespace_map(session, account_id),
        actions=tuple(row for row in list_actions(session, account_id, today) if not row.status.is_closed),
        numbers=numbers_view(session, account_id, today),
        seller_year=account_seller_year(session, account_id, today),
        progress=tuple(progress_series(session, account_id, today=today)),
    )

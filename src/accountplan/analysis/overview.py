"""An account's key figures: people, coverage of the decisive ones, deals by stage, overdue actions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import Account, Action, Coverage, Meeting, Opportunity, Stakeholder, StakeholderRole
from accountplan.model.enums import (
    DECISIVE_ROLES,
    MeetingStatus,
    RelationshipStrength,
    SalesStage,
    StakeholderStatus,
)
from accountplan.store.rows import get

#: Coverage at this strength or better counts as covering a person.
WORKING = RelationshipStrength.WORKING


@dataclass
class StageFigure:
    stage: SalesStage
    count: int = 0
    amount: Decimal = Decimal(0)


@dataclass
class AccountOverview:
    """What the overview page and ``accountplan accounts`` show about one account."""

    name: str
    currency: str
    active_stakeholders: int = 0
    departed_stakeholders: int = 0
    covered_stakeholders: int = 0
    decisive_people: int = 0
    decisive_covered: int = 0
    open_opportunities: int = 0
    open_pipeline: Decimal = Decimal(0)
    stages: list[StageFigure] = field(default_factory=list)
    open_actions: int = 0
    overdue_actions: int = 0
    last_meeting: dt.date | None = None
    next_meeting: dt.date | None = None

    @property
    def coverage_percent(self) -> int:
        return (
            round(100 * self.covered_stakeholders / self.active_stakeholders)
            if self.active_stakeholders
            else 0
        )


def account_overview(session: Session, account_id: int, today: dt.date | None = None) -> AccountOverview:
    today = today or dt.date.today()
    account = get(session, Account, account_id)
    view = AccountOverview(account.name, account.currency)
    people = session.execute(
        select(Stakeholder.id, Stakeholder.status, Stakeholder.influence).where(
            Stakeholder.account_id == account_id
        )
    ).all()
    active = {pid: influence for pid, status, influence in people if status is StakeholderStatus.ACTIVE}
    view.active_stakeholders = len(active)
    view.departed_stakeholders = len(people) - len(active)
    strong = [s for s in RelationshipStrength if s.rank >= WORKING.rank]
    covered = set(
        session.scalars(
            select(Coverage.stakeholder_id).where(
                Coverage.account_id == account_id, Coverage.strength.in_(strong)
            )
        )
    )
    view.covered_stakeholders = len(covered & active.keys())
    role_holders = set(
        session.scalars(
            select(StakeholderRole.stakeholder_id).where(
                StakeholderRole.account_id == account_id, StakeholderRole.role.in_(DECISIVE_ROLES)
            )
        )
    )
    decisive = {pid for pid, influence in active.items() if influence >= 4} | (role_holders & active.keys())
    view.decisive_people = len(decisive)
    view.decisive_covered = len(decisive & covered)
    by_stage: dict[SalesStage, StageFigure] = {
        s: StageFigure(s) for s in SalesStage if s is not SalesStage.CLOSED
    }
    for deal in session.scalars(
        select(Opportunity).where(Opportunity.account_id == account_id, Opportunity.outcome.is_(None))
    ):
        figure = by_stage.setdefault(deal.sales_stage, StageFigure(deal.sales_stage))
        figure.count += 1
        figure.amount += deal.amount or 0
        view.open_opportunities += 1
        view.open_pipeline += deal.amount or 0
    view.stages = list(by_stage.values())
    statuses: Counter[str] = Counter()
    for status, due in session.execute(
        select(Action.status, Action.due).where(Action.account_id == account_id)
    ):
        if not status.is_closed:
            statuses["open"] += 1
            if due is not None and due < today:
                statuses["overdue"] += 1
    view.open_actions, view.overdue_actions = statuses["open"], statuses["overdue"]
    meetings = session.execute(
        select(Meeting.held_on, Meeting.status)
        .where(Meeting.account_id == account_id)
        .order_by(Meeting.held_on)
    ).all()
    held = [day for day, status in meetings if status is MeetingStatus.HELD]
    planned = [day for day, status in meetings if status is MeetingStatus.PLANNED and day >= today]
    view.last_meeting = held[-1] if held else None
    view.next_meeting = planned[0] if planned else None
    return view

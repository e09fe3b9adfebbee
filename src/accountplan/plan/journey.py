"""The three-year journey: milestones and deals placed on the customer's fiscal quarters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.quarters import Quarter, fiscal_quarters, quarter_of
from accountplan.errors import InvalidValue
from accountplan.model import Account, Milestone, Opportunity
from accountplan.model.enums import JourneyPhase, MilestoneStatus, Outcome, SalesStage
from accountplan.plan import fields
from accountplan.plan.actions import today_of
from accountplan.plan.links import Link, add_checked, update_checked

#: How many quarters the journey shows: three fiscal years.
JOURNEY_QUARTERS = 12
_MILESTONE_LINKS: tuple[Link, ...] = (("opportunity_id", Opportunity, "Opportunity"),)


@dataclass(frozen=True)
class MilestoneRow:
    """A milestone of the journey; ``late`` when still planned and its target date has passed."""

    id: int
    title: str
    description: str
    phase: JourneyPhase
    target_date: dt.date
    status: MilestoneStatus
    reached_on: dt.date | None
    opportunity_id: int | None
    opportunity: str
    late: bool


@dataclass(frozen=True)
class JourneyDeal:
    """A deal on the journey, at its expected close (a closed deal at the day it closed)."""

    id: int
    name: str
    expected_close: dt.date
    amount: Decimal | None
    currency: str
    sales_stage: SalesStage
    outcome: Outcome | None


@dataclass(frozen=True)
class Journey:
    """The twelve quarters, what falls inside them, and how many items fall outside (not drawn)."""

    quarters: tuple[Quarter, ...]
    milestones: tuple[MilestoneRow, ...]
    deals: tuple[JourneyDeal, ...]
    outside: int


def journey(session: Session, account_id: int, today: dt.date) -> Journey:
    """The account's journey over three fiscal years from the start of the one containing ``today``."""
    account: Account = fields.get(session, Account, account_id)
    quarters = fiscal_quarters(account.fiscal_year_start_month, today, JOURNEY_QUARTERS)
    deals = session.scalars(select(Opportunity).where(Opportunity.account_id == account_id)).all()
    names: dict[int | None, str] = {deal.id: deal.name for deal in deals}
    outside = 0
    milestones = []
    for item in session.scalars(select(Milestone).where(Milestone.account_id == account_id)):
        if quarter_of(quarters, item.target_date) is None:
            outside += 1
            continue
        milestones.append(
            MilestoneRow(
                id=item.id,
                title=item.title,
                description=item.description,
                phase=item.phase,
                target_date=item.target_date,
                status=item.status,
                reached_on=item.reached_on,
                opportunity_id=item.opportunity_id,
                opportunity=names.get(item.opportunity_id, ""),
                late=item.status is MilestoneStatus.PLANNED and item.target_date < today,
            )
        )
    placed = []
    for deal in deals:
        day = (deal.closed_on if deal.outcome is not None else None) or deal.expected_close
        if day is None:
            continue
        if quarter_of(quarters, day) is None:
            outside += 1
            continue
        placed.append(
            JourneyDeal(deal.id, deal.name, day, deal.amount, deal.currency, deal.sales_stage, deal.outcome)
        )
    milestones.sort(key=lambda m: (m.target_date, m.title.casefold(), m.id))
    placed.sort(key=lambda d: (d.expected_close, d.name.casefold(), d.id))
    return Journey(quarters, tuple(milestones), tuple(placed), outside)


def _reached_on(session: Session, milestone: Milestone, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes, with the day reached set (today) when the status becomes reached, cleared otherwise."""
    if "status" not in changes or "reached_on" in changes:
        return changes
    status = fields.coerce(Milestone, "status", changes["status"])
    if status is MilestoneStatus.REACHED:
        already = milestone.status is MilestoneStatus.REACHED and milestone.reached_on
        return {**changes, "reached_on": milestone.reached_on if already else today_of(session)}
    return {**changes, "reached_on": None}


def add_milestone(session: Session, account_id: int, title: str, target_date: dt.date, **values: Any) -> int:
    """Add a milestone of the journey; return its id."""
    if not title.strip():
        raise InvalidValue("A milestone needs a title.")
    milestone = Milestone(account_id=account_id, title=fields.coerce(Milestone, "title", title.strip()))
    values = {"target_date": target_date, **_reached_on(session, milestone, values)}
    return add_checked(session, milestone, values, _MILESTONE_LINKS)


def update_milestone(session: Session, milestone_id: int, **changes: Any) -> dict[str, Any]:
    """Change a milestone (rescheduling is a new ``target_date``); return the previous values."""
    milestone: Milestone = fields.get(session, Milestone, milestone_id)
    if "title" in changes and not str(changes["title"]).strip():
        raise InvalidValue("A milestone needs a title.")
    return update_checked(session, milestone, _reached_on(session, milestone, changes), _MILESTONE_LINKS)


def delete_milestone(session: Session, milestone_id: int) -> None:
    session.delete(fields.get(session, Milestone, milestone_id))
    session.flush()

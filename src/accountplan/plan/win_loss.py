"""The account's closed deals read together: what we won and lost, how often, and to whom."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.model import Competitor, Opportunity, StageChange
from accountplan.model.enums import Outcome


@dataclass(frozen=True)
class ClosedDeal:
    """A deal with its outcome, the customer's reason, who won it if we lost, and how long it was open."""

    id: int
    name: str
    outcome: Outcome
    amount: Decimal | None
    currency: str
    closed_on: dt.date | None
    reason: str
    won_by: str
    days_open: int | None


@dataclass(frozen=True)
class WinLoss:
    """The closed deals (newest first) and their totals."""

    deals: tuple[ClosedDeal, ...]
    won: int
    lost: int
    no_decision: int
    won_amount: Decimal
    lost_amount: Decimal
    #: won / (won + lost + no decision); None when nothing is closed.
    win_rate: float | None
    #: (competitor name, deals lost to them), most first.
    lost_to: tuple[tuple[str, int], ...]


def win_loss(session: Session, account_id: int) -> WinLoss:
    """The win/loss reading of the account: every closed deal, the counts, the amounts, who beat us."""
    found = session.execute(
        select(Opportunity, Competitor.name)
        .outerjoin(Competitor, Competitor.id == Opportunity.won_by_id)
        .where(Opportunity.account_id == account_id, Opportunity.outcome.is_not(None))
    ).all()
    first_stages = (
        select(StageChange.opportunity_id, func.min(StageChange.entered_at))
        .where(StageChange.account_id == account_id)
        .group_by(StageChange.opportunity_id)
    )
    started = {deal_id: entered for deal_id, entered in session.execute(first_stages)}
    deals = []
    for deal, rival in found:
        if deal.outcome is None:
            continue
        opened = started.get(deal.id) or deal.created_at
        days = (deal.closed_on - opened.date()).days if deal.closed_on and opened else None
        deals.append(
            ClosedDeal(
                id=deal.id,
                name=deal.name,
                outcome=deal.outcome,
                amount=deal.amount,
                currency=deal.currency,
                closed_on=deal.closed_on,
                reason=deal.outcome_reason,
                won_by=rival or "" if deal.outcome is Outcome.LOST else "",
                days_open=max(0, days) if days is not None else None,
            )
        )
    deals.sort(key=lambda d: (d.closed_on or dt.date.min, d.id), reverse=True)
    counts = Counter(d.outcome for d in deals)
    rivals = Counter(d.won_by for d in deals if d.won_by)

    def total(outcome: Outcome) -> Decimal:
        return sum((d.amount or Decimal(0) for d in deals if d.outcome is outcome), Decimal(0))

    return WinLoss(
        deals=tuple(deals),
        won=counts[Outcome.WON],
        lost=counts[Outcome.LOST],
        no_decision=counts[Outcome.NO_DECISION],
        won_amount=total(Outcome.WON),
        lost_amount=total(Outcome.LOST),
        win_rate=counts[Outcome.WON] / len(deals) if deals else None,
        lost_to=tuple(sorted(rivals.items(), key=lambda item: (-item[1], item[0].casefold()))),
    )

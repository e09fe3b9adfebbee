"""Opportunities and their two processes: every stage change is written to the stage history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue, Refused
from accountplan.model import Opportunity, StageChange
from accountplan.model.enums import BuyingStage, Outcome, SalesStage, StageProcess
from accountplan.model.types import utcnow
from accountplan.plan import fields

_OWN_OPERATION = frozenset({"sales_stage", "buying_stage", "outcome", "outcome_reason", "closed_on"})


def add_opportunity(session: Session, account_id: int, name: str, **values: Any) -> int:
    """Add a deal, starting both processes' stage history at its first stages."""
    if not name.strip():
        raise InvalidValue("An opportunity needs a name.")
    sales = SalesStage(values.pop("sales_stage", SalesStage.REACHING_OUT))
    buying = BuyingStage(values.pop("buying_stage", BuyingStage.CHANGE))
    deal = Opportunity(
        account_id=account_id,
        name=fields.coerce(Opportunity, "name", name.strip()),
        sales_stage=sales,
        buying_stage=buying,
    )
    fields.apply(deal, values, forbidden=_OWN_OPERATION)
    session.add(deal)
    session.flush()
    user = session.info.get("user", "")
    now = utcnow()
    session.add_all(
        [
            StageChange(
                account_id=account_id,
                opportunity_id=deal.id,
                process=StageProcess.SALES,
                stage=sales.value,
                entered_at=now,
                changed_by=user,
            ),
            StageChange(
                account_id=account_id,
                opportunity_id=deal.id,
                process=StageProcess.BUYING,
                stage=buying.value,
                entered_at=now,
                changed_by=user,
            ),
        ]
    )
    session.flush()
    return deal.id


def update_opportunity(session: Session, opportunity_id: int, **changes: Any) -> dict[str, Any]:
    deal = fields.get(session, Opportunity, opportunity_id)
    return fields.apply(deal, changes, forbidden=_OWN_OPERATION)


def set_stage(
    session: Session,
    opportunity_id: int,
    stage: SalesStage | BuyingStage,
    *,
    at: dt.datetime | None = None,
) -> SalesStage | BuyingStage:
    """Move a deal to a stage of our sales process or of the customer's buying process.

    The change is written to the stage history with its time; return the previous stage.
    Closing goes through :func:`close_opportunity`, which asks for the customer's reason.
    """
    deal = fields.get(session, Opportunity, opportunity_id)
    if isinstance(stage, SalesStage):
        if stage is SalesStage.CLOSED:
            raise Refused("Close a deal with its outcome and the customer's reason, not by moving its stage.")
        if deal.outcome is not None:
            raise Refused(f"{deal.name} is closed ({deal.outcome.label}); reopen it before moving its stage.")
        previous: SalesStage | BuyingStage = deal.sales_stage
        deal.sales_stage = stage
        process = StageProcess.SALES
    else:
        previous = deal.buying_stage
        deal.buying_stage = BuyingStage(stage)
        process = StageProcess.BUYING
    if previous == stage:
        return previous
    session.add(
        StageChange(
            account_id=deal.account_id,
            opportunity_id=deal.id,
            process=process,
            stage=stage.value,
            entered_at=at or utcnow(),
            changed_by=session.info.get("user", ""),
        )
    )
    session.flush()
    return previous


def close_opportunity(
    session: Session,
    opportunity_id: int,
    outcome: Outcome,
    reason: str,
    *,
    on: dt.date | None = None,
    won_by_id: int | None = None,
) -> None:
    """Close a deal as won, lost or no decision, with the customer's answer to "why?"."""
    deal = fields.get(session, Opportunity, opportunity_id)
    if not reason.strip():
        raise InvalidValue('Closing a deal needs the customer\'s answer to "what made you decide that way?".')
    outcome = Outcome(outcome)
    deal.outcome = outcome
    deal.outcome_reason = reason.strip()
    deal.closed_on = on or dt.date.today()
    deal.won_by_id = won_by_id if outcome is Outcome.LOST else None
    deal.probability = 100 if outcome is Outcome.WON else 0
    if deal.sales_stage is not SalesStage.CLOSED:
        deal.sales_stage = SalesStage.CLOSED
        session.add(
            StageChange(
                account_id=deal.account_id,
                opportunity_id=deal.id,
                process=StageProcess.SALES,
                stage=SalesStage.CLOSED.value,
                entered_at=utcnow(),
                changed_by=session.info.get("user", ""),
            )
        )
    session.flush()

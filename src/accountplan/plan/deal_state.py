"""A deal's stages and outcome at one moment, so that a stage move, a close or a reopen can be undone exactly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from accountplan.model import Opportunity, StageChange
from accountplan.plan import fields

#: The columns that moving a stage, closing and reopening change.
STATE_COLUMNS = (
    "sales_stage",
    "buying_stage",
    "outcome",
    "outcome_reason",
    "closed_on",
    "won_by_id",
    "probability",
)


@dataclass(frozen=True)
class DealState:
    """The stage and outcome columns of a deal, and the newest row of its stage history, when taken."""

    opportunity_id: int
    values: dict[str, Any]
    last_change_id: int


def deal_state(session: Session, opportunity_id: int) -> DealState:
    """Take the deal's state now (before an operation that writes its stage history)."""
    deal = fields.get(session, Opportunity, opportunity_id)
    last = session.scalar(
        select(func.max(StageChange.id)).where(StageChange.opportunity_id == opportunity_id)
    )
    return DealState(opportunity_id, {column: getattr(deal, column) for column in STATE_COLUMNS}, last or 0)


def restore_deal_state(session: Session, state: DealState) -> None:
    """Put the deal back as it was taken, and remove the stage history written since."""
    deal = fields.get(session, Opportunity, state.opportunity_id)
    session.execute(
        delete(StageChange).where(
            StageChange.opportunity_id == state.opportunity_id, StageChange.id > state.last_change_id
        )
    )
    for column, value in state.values.items():
        setattr(deal, column, value)
    session.flush()

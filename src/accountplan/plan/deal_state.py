"""A deal's stages, outcome and forecast category at one moment, so that changing them can be undone exactly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from accountplan.model import ForecastChange, Opportunity, StageChange
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
    "forecast_category",
)


@dataclass(frozen=True)
class DealState:
    """The stage and outcome columns of a deal, and the newest rows of its stage and forecast histories."""

    opportunity_id: int
    values: dict[str, Any]
    last_change_id: int
    last_forecast_id: int = 0


def deal_state(session: Session, opportunity_id: int) -> DealState:
    """Take the deal's state now (before an operation that writes its stage history)."""
    deal = fields.get(session, Opportunity, opportunity_id)
    last = session.scalar(
        select(func.max(StageChange.id)).where(StageChange.opportunity_id == opportunity_id)
    )
    values = {column: getattr(deal, column) for column in STATE_COLUMNS}
    return DealState(opportunity_id, values, last or 0, last_forecast_change(session, opportunity_id))


def last_forecast_change(session: Session, opportunity_id: int) -> int:
    """The id of the newest row of the deal's forecast history (0: none)."""
    last = session.scalar(
        select(func.max(ForecastChange.id)).where(ForecastChange.opportunity_id == opportunity_id)
    )
    return int(last or 0)


def remove_forecast_changes_since(session: Session, opportunity_id: int, last_id: int) -> None:
    """Remove the rows of the deal's forecast history written after the row ``last_id``."""
    session.execute(
        delete(ForecastChange).where(
            ForecastChange.opportunity_id == opportunity_id, ForecastChange.id > last_id
        )
    )


def restore_deal_state(session: Session, state: DealState) -> None:
    """Put the deal back as it was taken, and remove the stage history written since."""
    deal = fields.get(session, Opportunity, state.opportunity_id)
    session.execute(
        delete(StageChange).where(
            StageChange.opportunity_id == state.opportunity_id, StageChange.id > state.last_change_id
        )
    )
    remove_forecast_changes_since(session, state.opportunity_id, state.last_forecast_id)
    for column, value in state.values.items():
        setattr(deal, column, value)
    session.flush()

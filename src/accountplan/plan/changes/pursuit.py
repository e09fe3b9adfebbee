"""Changes to the pursuit: deals, their two processes and closing, and the decision process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from accountplan.model.enums import BuyingStage, Outcome, SalesStage
from accountplan.model.types import utcnow
from accountplan.plan import decisions, opportunities
from accountplan.plan.actions import today_of
from accountplan.plan.changes.change import AddRow, Change, DeleteRow, RowKind, UpdateRow
from accountplan.plan.deal_state import (
    DealState,
    deal_state,
    last_forecast_change,
    remove_forecast_changes_since,
    restore_deal_state,
)

DEALS = RowKind(
    "opportunities",
    "opportunity",
    opportunities.add_opportunity,
    opportunities.update_opportunity,
    opportunities.delete_opportunity,
)
STEPS = RowKind(
    "decision_steps", "decision step", decisions.add_step, decisions.update_step, decisions.delete_step
)

# --- deals ------------------------------------------------------------------------------------------


class AddOpportunity(AddRow):
    kind = DEALS


class UpdateOpportunity(UpdateRow):
    """Change fields of a deal; a new forecast category is written to its forecast history, which undo removes.

    Redo writes the forecast history at the time of the first run.
    """

    kind = DEALS

    def __init__(self, account_id: int, row_id: int, name: str, /, **changes: Any) -> None:
        super().__init__(account_id, row_id, name, **changes)
        #: When the first run made it, and the newest row of the forecast history before it.
        self.at: dt.datetime | None = None
        self.last_forecast = 0

    def forward(self, session: Session) -> None:
        self.last_forecast = last_forecast_change(session, self.row_id)
        if self.at is None:
            self.at = session.info.get("now") or utcnow()
        self.previous = opportunities.update_opportunity(session, self.row_id, at=self.at, **self.changes)

    def backward(self, session: Session) -> None:
        opportunities.update_opportunity(session, self.row_id, **self.previous)
        remove_forecast_changes_since(session, self.row_id, self.last_forecast)


class DeleteOpportunity(DeleteRow):
    """Delete a deal with its stage history, decision steps and scorecard; undo puts all of it back."""

    kind = DEALS


class SetCompetitors(Change):
    """Exactly these competitors in a deal; undo gives back the ones it had."""

    def __init__(
        self, account_id: int, opportunity_id: int, name: str, competitor_ids: Iterable[int]
    ) -> None:
        self.account_id, self.text = account_id, f"change the competitors in {name}"
        self.opportunity_id, self.competitor_ids = opportunity_id, list(competitor_ids)
        self.previous: list[int] = []

    def forward(self, session: Session) -> None:
        self.previous = opportunities.set_competitors(session, self.opportunity_id, self.competitor_ids)

    def backward(self, session: Session) -> None:
        opportunities.set_competitors(session, self.opportunity_id, self.previous)


class DealStateChange(Change):
    """A change that writes the deal's stage history; undo puts the deal back and removes what it wrote.

    Redo writes the history at the time of the first run, so the deal's history is the one it made.
    """

    def __init__(self, account_id: int, opportunity_id: int, text: str) -> None:
        self.account_id, self.text, self.opportunity_id = account_id, text, opportunity_id
        self.before: DealState | None = None
        #: When the first run made it: the time its stage history is written at.
        self.at: dt.datetime | None = None

    #: The change itself, through ``plan`` (every subclass defines it).
    change: Callable[[Session], None]

    def forward(self, session: Session) -> None:
        self.before = deal_state(session, self.opportunity_id)
        if self.at is None:
            self.at = session.info.get("now") or utcnow()
        self.change(session)

    def backward(self, session: Session) -> None:
        assert self.before is not None
        restore_deal_state(session, self.before)


class SetStage(DealStateChange):
    """Move the deal in our sales process or in the customer's buying process."""

    def __init__(
        self, account_id: int, opportunity_id: int, name: str, stage: SalesStage | BuyingStage
    ) -> None:
        whose = "our stage" if isinstance(stage, SalesStage) else "the customer's stage"
        super().__init__(account_id, opportunity_id, f"move {whose} of {name} to {stage.label}")
        self.stage = stage

    def change(self, session: Session) -> None:
        opportunities.set_stage(session, self.opportunity_id, self.stage, at=self.at)


class CloseDeal(DealStateChange):
    """Close a deal as won, lost (to whom) or no decision, with the customer's reason."""

    def __init__(
        self,
        account_id: int,
        opportunity_id: int,
        name: str,
        outcome: Outcome,
        reason: str,
        *,
        won_by_id: int | None = None,
        on: dt.date | None = None,
    ) -> None:
        super().__init__(account_id, opportunity_id, f"close {name} ({outcome.label.lower()})")
        self.outcome, self.reason, self.won_by_id, self.on = outcome, reason, won_by_id, on

    def change(self, session: Session) -> None:
        if self.on is None:
            self.on = today_of(session)  # a redo tomorrow closes it on the day it was closed
        opportunities.close_opportunity(
            session,
            self.opportunity_id,
            self.outcome,
            self.reason,
            on=self.on,
            won_by_id=self.won_by_id,
            at=self.at,
        )


class ReopenDeal(DealStateChange):
    def __init__(self, account_id: int, opportunity_id: int, name: str) -> None:
        super().__init__(account_id, opportunity_id, f"reopen {name}")

    def change(self, session: Session) -> None:
        opportunities.reopen_opportunity(session, self.opportunity_id, at=self.at)


# --- the decision process ---------------------------------------------------------------------------


class AddStep(AddRow):
    kind = STEPS


class UpdateStep(UpdateRow):
    kind = STEPS


class DeleteStep(DeleteRow):
    """Delete a step and its dependencies; undo puts them back."""

    kind = STEPS


class AddDependency(Change):
    """Make a step wait for another (a loop is refused by ``plan``)."""

    def __init__(self, account_id: int, step_id: int, depends_on_id: int, text: str) -> None:
        self.account_id, self.text = account_id, text
        self.step_id, self.depends_on_id = step_id, depends_on_id

    def forward(self, session: Session) -> None:
        decisions.add_dependency(session, self.step_id, self.depends_on_id)

    def backward(self, session: Session) -> None:
        decisions.remove_dependency(session, self.step_id, self.depends_on_id)


class RemoveDependency(AddDependency):
    """A step no longer waits for another; undo makes it wait again."""

    def forward(self, session: Session) -> None:
        super().backward(session)

    def backward(self, session: Session) -> None:
        super().forward(session)

"""Undoable commands for the pursuit: deals, their two processes, closing, and the decision process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from accountplan.model.enums import BuyingStage, Outcome, SalesStage
from accountplan.plan import decisions, opportunities
from accountplan.plan.deal_state import DealState, deal_state, restore_deal_state
from accountplan.plan.snapshots import Snapshot, capture, restore
from accountplan.ui.common.commands import PlanCommand, PlanContext


@dataclass(frozen=True)
class RowKind:
    """A kind of row the pursuit commands add, change and delete, with the ``plan`` functions that do it."""

    table: str
    noun: str
    #: ``add_…(session, account_id, name, **values) -> id``
    add: Callable[..., int]
    #: ``update_…(session, id, **changes) -> previous values``
    update: Callable[..., dict[str, Any]]
    delete: Callable[[Session, int], None]


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


class _AddRow(PlanCommand):
    """Adding a row: undo deletes it (keeping a snapshot), redo puts that same row back with its id."""

    kind: ClassVar[RowKind]

    def __init__(self, context: PlanContext, account_id: int, name: str, **values: Any) -> None:
        super().__init__(context, f"add {self.kind.noun} {name}", account_id)
        self.name, self.values = name, values
        self.row_id: int | None = None
        self.snapshot: Snapshot | None = None

    def forward(self, session: Session) -> None:
        if self.snapshot is not None:
            restore(session, self.snapshot)
            return
        assert self.account_id is not None
        self.row_id = self.kind.add(session, self.account_id, self.name, **self.values)

    def backward(self, session: Session) -> None:
        assert self.row_id is not None
        self.snapshot = capture(session, self.kind.table, self.row_id)
        self.kind.delete(session, self.row_id)


class _UpdateRow(PlanCommand):
    """Changing fields of a row; undo sets the previous values back."""

    kind: ClassVar[RowKind]

    def __init__(
        self, context: PlanContext, account_id: int, row_id: int, name: str, /, **changes: Any
    ) -> None:
        # The row's name is positional only: a rename passes the new one as ``name=`` among the changes.
        fields = ", ".join(f.removesuffix("_id").replace("_", " ") for f in changes)
        super().__init__(context, f"edit the {fields} of {name}", account_id)
        self.row_id, self.changes = row_id, changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        self.previous = self.kind.update(session, self.row_id, **self.changes)

    def backward(self, session: Session) -> None:
        self.kind.update(session, self.row_id, **self.previous)


class _DeleteRow(PlanCommand):
    """Deleting a row: undo puts it back with everything that went with it."""

    kind: ClassVar[RowKind]

    def __init__(self, context: PlanContext, account_id: int, row_id: int, name: str) -> None:
        super().__init__(context, f"delete {self.kind.noun} {name}", account_id)
        self.row_id = row_id
        self.snapshot: Snapshot | None = None

    def forward(self, session: Session) -> None:
        self.snapshot = capture(session, self.kind.table, self.row_id)
        self.kind.delete(session, self.row_id)

    def backward(self, session: Session) -> None:
        assert self.snapshot is not None
        restore(session, self.snapshot)


# --- deals ------------------------------------------------------------------------------------------


class AddOpportunity(_AddRow):
    kind = DEALS


class UpdateOpportunity(_UpdateRow):
    kind = DEALS


class DeleteOpportunity(_DeleteRow):
    """Delete a deal with its stage history, decision steps and scorecard; undo puts all of it back."""

    kind = DEALS


class SetCompetitors(PlanCommand):
    def __init__(
        self,
        context: PlanContext,
        account_id: int,
        opportunity_id: int,
        name: str,
        competitor_ids: Iterable[int],
    ) -> None:
        super().__init__(context, f"change the competitors in {name}", account_id)
        self.opportunity_id, self.competitor_ids = opportunity_id, list(competitor_ids)
        self.previous: list[int] = []

    def forward(self, session: Session) -> None:
        self.previous = opportunities.set_competitors(session, self.opportunity_id, self.competitor_ids)

    def backward(self, session: Session) -> None:
        opportunities.set_competitors(session, self.opportunity_id, self.previous)


class _DealStateChange(PlanCommand):
    """A change that writes the deal's stage history; undo puts the deal back and removes what it wrote."""

    def __init__(self, context: PlanContext, text: str, account_id: int, opportunity_id: int) -> None:
        super().__init__(context, text, account_id)
        self.opportunity_id = opportunity_id
        self.before: DealState | None = None

    #: The change itself, through ``plan`` (every subclass defines it).
    change: Callable[[Session], None]

    def forward(self, session: Session) -> None:
        self.before = deal_state(session, self.opportunity_id)
        self.change(session)

    def backward(self, session: Session) -> None:
        assert self.before is not None
        restore_deal_state(session, self.before)


class SetStage(_DealStateChange):
    """Move the deal in our sales process or in the customer's buying process."""

    def __init__(
        self,
        context: PlanContext,
        account_id: int,
        opportunity_id: int,
        name: str,
        stage: SalesStage | BuyingStage,
    ) -> None:
        whose = "our stage" if isinstance(stage, SalesStage) else "the customer's stage"
        super().__init__(context, f"move {whose} of {name} to {stage.label}", account_id, opportunity_id)
        self.stage = stage

    def change(self, session: Session) -> None:
        opportunities.set_stage(session, self.opportunity_id, self.stage)


class CloseDeal(_DealStateChange):
    """Close a deal as won, lost (to whom) or no decision, with the customer's reason."""

    def __init__(
        self,
        context: PlanContext,
        account_id: int,
        opportunity_id: int,
        name: str,
        outcome: Outcome,
        reason: str,
        *,
        won_by_id: int | None = None,
        on: dt.date | None = None,
    ) -> None:
        super().__init__(context, f"close {name} ({outcome.label.lower()})", account_id, opportunity_id)
        self.outcome, self.reason, self.won_by_id, self.on = outcome, reason, won_by_id, on

    def change(self, session: Session) -> None:
        opportunities.close_opportunity(
            session, self.opportunity_id, self.outcome, self.reason, on=self.on, won_by_id=self.won_by_id
        )


class ReopenDeal(_DealStateChange):
    def __init__(self, context: PlanContext, account_id: int, opportunity_id: int, name: str) -> None:
        super().__init__(context, f"reopen {name}", account_id, opportunity_id)

    def change(self, session: Session) -> None:
        opportunities.reopen_opportunity(session, self.opportunity_id)


# --- the decision process ---------------------------------------------------------------------------


class AddStep(_AddRow):
    kind = STEPS


class UpdateStep(_UpdateRow):
    kind = STEPS


class DeleteStep(_DeleteRow):
    """Delete a step and its dependencies; undo puts them back."""

    kind = STEPS


class AddDependency(PlanCommand):
    """Make a step wait for another (a loop is refused by ``plan``)."""

    def __init__(self, context: PlanContext, account_id: int, step_id: int, depends_on_id: int, text: str):
        super().__init__(context, text, account_id)
        self.step_id, self.depends_on_id = step_id, depends_on_id

    def forward(self, session: Session) -> None:
        decisions.add_dependency(session, self.step_id, self.depends_on_id)

    def backward(self, session: Session) -> None:
        decisions.remove_dependency(session, self.step_id, self.depends_on_id)


class RemoveDependency(AddDependency):
    def forward(self, session: Session) -> None:
        super().backward(session)

    def backward(self, session: Session) -> None:
        super().forward(session)

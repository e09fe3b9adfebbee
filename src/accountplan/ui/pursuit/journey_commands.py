"""Undoable commands for the journey: milestones, and the cells of the whitespace map."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import journey, whitespace
from accountplan.ui.common.commands import PlanCommand, PlanContext
from accountplan.ui.pursuit.pursuit_commands import RowKind, _AddRow, _DeleteRow, _UpdateRow

MILESTONES = RowKind(
    "milestones", "milestone", journey.add_milestone, journey.update_milestone, journey.delete_milestone
)


class AddMilestone(_AddRow):
    """Add a milestone (``target_date`` and the other fields in ``values``); undo deletes it."""

    kind = MILESTONES


class UpdateMilestone(_UpdateRow):
    """Change a milestone; rescheduling it is a change of ``target_date``."""

    kind = MILESTONES


class DeleteMilestone(_DeleteRow):
    kind = MILESTONES


class SetWhitespaceCell(PlanCommand):
    """Fill in one cell of the whitespace map; undo restores it, or forgets it if it was new."""

    def __init__(
        self,
        context: PlanContext,
        account_id: int,
        org_unit_id: int,
        product_line_id: int,
        label: str,
        **changes: Any,
    ) -> None:
        super().__init__(context, f"edit the whitespace of {label}", account_id)
        self.org_unit_id, self.product_line_id, self.changes = org_unit_id, product_line_id, changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.previous = whitespace.set_cell(
            session, self.account_id, self.org_unit_id, self.product_line_id, **self.changes
        )

    def backward(self, session: Session) -> None:
        assert self.account_id is not None
        previous = dict(self.previous)
        if previous.pop("_created", False):
            whitespace.clear_cell(session, self.account_id, self.org_unit_id, self.product_line_id)
        else:
            whitespace.set_cell(session, self.account_id, self.org_unit_id, self.product_line_id, **previous)

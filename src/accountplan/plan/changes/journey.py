"""Changes to the journey: milestones, the cells of the whitespace map, and the seller's numbers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import journey, numbers, whitespace
from accountplan.plan.changes.change import AddRow, Change, DeleteRow, RowKind, UpdateRow

MILESTONES = RowKind(
    "milestones", "milestone", journey.add_milestone, journey.update_milestone, journey.delete_milestone
)
NUMBERS = RowKind("numbers_plans", "numbers", None, numbers.update_numbers, None)


class AddMilestone(AddRow):
    """Add a milestone (``target_date`` and the other fields in ``values``); undo deletes it."""

    kind = MILESTONES


class UpdateMilestone(UpdateRow):
    """Change a milestone; rescheduling it is a change of ``target_date``."""

    kind = MILESTONES


class DeleteMilestone(DeleteRow):
    kind = MILESTONES


class SetWhitespaceCell(Change):
    """Fill in one cell of the whitespace map; undo restores it, or forgets it if it was new."""

    def __init__(
        self, account_id: int, org_unit_id: int, product_line_id: int, label: str, **changes: Any
    ) -> None:
        self.account_id, self.text = account_id, f"edit the whitespace of {label}"
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


class UpdateNumbers(UpdateRow):
    """Change inputs of the account's numbers (fields of NumbersPlan); undo puts the old ones back."""

    kind = NUMBERS

    def __init__(self, account_id: int, **changes: Any) -> None:
        super().__init__(account_id, account_id, "", **changes)

    def describe(self, name: str) -> str:
        fields = ", ".join(f.removesuffix("_percent").replace("_", " ") for f in self.changes)
        return f"edit the numbers: {fields}"

"""The undoable command of the numbers page: changing inputs of the seller's numbers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import numbers
from accountplan.ui.common.commands import PlanCommand, PlanContext


class UpdateNumbers(PlanCommand):
    """Change inputs of the account's numbers (fields of NumbersPlan); undo puts the old ones back."""

    def __init__(self, context: PlanContext, account_id: int, **changes: Any) -> None:
        fields = ", ".join(f.removesuffix("_percent").replace("_", " ") for f in changes)
        super().__init__(context, f"edit the numbers: {fields}", account_id)
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.previous = numbers.update_numbers(session, self.account_id, **self.changes)

    def backward(self, session: Session) -> None:
        assert self.account_id is not None
        numbers.update_numbers(session, self.account_id, **self.previous)

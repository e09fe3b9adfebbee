"""Undoable commands for the success plan; each calls ``plan.success``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.errors import Refused
from accountplan.plan import success
from accountplan.plan.snapshots import Snapshot, capture, restore
from accountplan.ui.common.commands import PlanCommand, PlanContext


class UpdateSuccessPlan(PlanCommand):
    """Change the plan's title, definition of success, next steps or revision; undo puts the old text back."""

    def __init__(self, context: PlanContext, account_id: int, text: str, **changes: Any) -> None:
        super().__init__(context, text, account_id)
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.previous = success.update_success_plan(session, self.account_id, **self.changes)

    def backward(self, session: Session) -> None:
        assert self.account_id is not None
        success.update_success_plan(session, self.account_id, **self.previous)


class AddSuccessItem(PlanCommand):
    """Add an objective, milestone or responsibility; undo deletes it."""

    def __init__(self, context: PlanContext, account_id: int, kind: str, text: str, **values: Any) -> None:
        super().__init__(context, f"add {kind} {text}", account_id)
        self.kind, self.item_text, self.values = kind, text, values
        self.item_id: int | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.item_id = success.add_item(session, self.account_id, self.kind, self.item_text, **self.values)

    def backward(self, session: Session) -> None:
        assert self.item_id is not None
        success.delete_item(session, self.kind, self.item_id)


class UpdateSuccessItem(PlanCommand):
    def __init__(
        self, context: PlanContext, account_id: int, kind: str, item_id: int, **changes: Any
    ) -> None:
        fields = ", ".join(name.replace("_id", "").replace("_", " ") for name in changes)
        super().__init__(context, f"edit {kind} {fields}", account_id)
        self.kind, self.item_id, self.changes = kind, item_id, changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        self.previous = success.update_item(session, self.kind, self.item_id, **self.changes)

    def backward(self, session: Session) -> None:
        success.update_item(session, self.kind, self.item_id, **self.previous)


class DeleteSuccessItem(PlanCommand):
    """Delete an item; undo restores it with its id and place."""

    def __init__(self, context: PlanContext, account_id: int, kind: str, item_id: int, text: str) -> None:
        super().__init__(context, f"delete {kind} {text}", account_id)
        self.kind, self.item_id = kind, item_id
        self.snapshot: Snapshot | None = None

    def forward(self, session: Session) -> None:
        entity, _ = success.ITEM_KINDS[self.kind]
        self.snapshot = capture(session, entity.__tablename__, self.item_id)
        success.delete_item(session, self.kind, self.item_id)

    def backward(self, session: Session) -> None:
        assert self.snapshot is not None
        restore(session, self.snapshot)


class MoveSuccessItem(PlanCommand):
    """Move an item up or down its list; undo moves it back."""

    def __init__(self, context: PlanContext, account_id: int, kind: str, item_id: int, step: int) -> None:
        super().__init__(context, f"move {kind} {'up' if step < 0 else 'down'}", account_id)
        self.kind, self.item_id, self.step = kind, item_id, step

    def forward(self, session: Session) -> None:
        if not success.move_item(session, self.kind, self.item_id, self.step):
            raise Refused(f"The {self.kind} is already {'first' if self.step < 0 else 'last'}.")

    def backward(self, session: Session) -> None:
        success.move_item(session, self.kind, self.item_id, -self.step)

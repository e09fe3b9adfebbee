"""Undoable commands for the team's actions; each calls ``plan.actions``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import actions
from accountplan.plan.snapshots import Snapshot, capture, restore
from accountplan.ui.common.commands import PlanCommand, PlanContext


class AddAction(PlanCommand):
    """Add an action (owner, due date and what it is for in ``values``); undo deletes it."""

    def __init__(self, context: PlanContext, account_id: int, title: str, **values: Any) -> None:
        super().__init__(context, f"add action {title}", account_id)
        self.title, self.values = title, values
        self.action_id: int | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.action_id = actions.add_action(session, self.account_id, self.title, **self.values)

    def backward(self, session: Session) -> None:
        assert self.action_id is not None
        actions.delete_action(session, self.action_id)


class UpdateActions(PlanCommand):
    """The same change to one or more actions (title, status, due date...), undone action by action."""

    def __init__(
        self, context: PlanContext, account_id: int, action_ids: list[int], text: str, **changes: Any
    ) -> None:
        super().__init__(context, text, account_id)
        self.action_ids, self.changes = action_ids, changes
        self.previous: dict[int, dict[str, Any]] = {}

    def forward(self, session: Session) -> None:
        self.previous = {
            action_id: actions.update_action(session, action_id, **self.changes)
            for action_id in self.action_ids
        }

    def backward(self, session: Session) -> None:
        for action_id, previous in self.previous.items():
            actions.update_action(session, action_id, **previous)


class ReassignActions(PlanCommand):
    """Give several actions to one owner at once; undo gives each back to its previous owner."""

    def __init__(
        self, context: PlanContext, account_id: int, action_ids: list[int], owner_id: int | None, text: str
    ) -> None:
        super().__init__(context, text, account_id)
        self.action_ids, self.owner_id = action_ids, owner_id
        self.previous: dict[int, int | None] = {}

    def forward(self, session: Session) -> None:
        self.previous = actions.reassign_actions(session, self.action_ids, self.owner_id)

    def backward(self, session: Session) -> None:
        by_owner: dict[int | None, list[int]] = {}
        for action_id, owner_id in self.previous.items():
            by_owner.setdefault(owner_id, []).append(action_id)
        for owner_id, action_ids in by_owner.items():
            actions.reassign_actions(session, action_ids, owner_id)


class DeleteActions(PlanCommand):
    """Delete actions; undo puts them back with their ids."""

    def __init__(self, context: PlanContext, account_id: int, action_ids: list[int], text: str) -> None:
        super().__init__(context, text, account_id)
        self.action_ids = action_ids
        self.snapshots: list[Snapshot] = []

    def forward(self, session: Session) -> None:
        self.snapshots = [capture(session, "actions", action_id) for action_id in self.action_ids]
        for action_id in self.action_ids:
            actions.delete_action(session, action_id)

    def backward(self, session: Session) -> None:
        for snapshot in self.snapshots:
            restore(session, snapshot)

"""Changes to the team's actions: adding, changing, reassigning and deleting one or several."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import actions
from accountplan.plan.changes.change import AddRow, Change, DeleteRow, RowKind, Together, UpdateRow

ACTIONS = RowKind("actions", "action", actions.add_action, actions.update_action, actions.delete_action)


class AddAction(AddRow):
    """Add an action (owner, due date and what it is for in ``values``); undo deletes it."""

    kind = ACTIONS


class UpdateAction(UpdateRow):
    kind = ACTIONS


class DeleteAction(DeleteRow):
    """Delete an action; undo puts it back with its id."""

    kind = ACTIONS


class UpdateActions(Together):
    """The same change to one or more actions (title, status, due date...), undone action by action."""

    def __init__(self, account_id: int, action_ids: list[int], text: str, **changes: Any) -> None:
        parts = [UpdateAction(account_id, action_id, text, **changes) for action_id in action_ids]
        super().__init__(account_id, text, parts)
        self.action_ids, self.changes = action_ids, changes


class DeleteActions(Together):
    """Delete actions; undo puts them back with their ids."""

    def __init__(self, account_id: int, action_ids: list[int], text: str) -> None:
        parts = [DeleteAction(account_id, action_id, text) for action_id in action_ids]
        super().__init__(account_id, text, parts)
        self.action_ids = action_ids


class ReassignActions(Change):
    """Give several actions to one owner at once; undo gives each back to its previous owner."""

    def __init__(self, account_id: int, action_ids: list[int], owner_id: int | None, text: str) -> None:
        self.account_id, self.text = account_id, text
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

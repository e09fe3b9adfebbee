"""Changes to the success plan: its texts, and its objectives, milestones and responsibilities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from accountplan.errors import Refused
from accountplan.model import SuccessPlan
from accountplan.model.enums import ChangeKind
from accountplan.plan import fields, success
from accountplan.plan.changes.change import (
    AddRow,
    Change,
    DeleteRow,
    RowKind,
    Together,
    UpdateRow,
    positions,
    put_positions,
)
from accountplan.store.audit import log_change

PLAN = RowKind("success_plans", "success plan", None, success.update_success_plan, None)


def _item_kind(kind: str) -> RowKind:
    """Objectives, milestones or responsibilities (``kind``) as rows of the success plan."""
    entity, _ = success.ITEM_KINDS[kind]

    def add(session: Session, account_id: int, text: str, **values: Any) -> int:
        return success.add_item(session, account_id, kind, text, **values)

    def update(session: Session, item_id: int, **changes: Any) -> dict[str, Any]:
        return success.update_item(session, kind, item_id, **changes)

    def delete(session: Session, item_id: int) -> None:
        success.delete_item(session, kind, item_id)

    return RowKind(entity.__tablename__, kind, add, update, delete)


ITEMS = {kind: _item_kind(kind) for kind in success.ITEM_KINDS}


class UpdateSuccessPlan(UpdateRow):
    """Change the plan's title, definition of success, next steps or revision; undo puts the old text back."""

    kind = PLAN

    def __init__(self, account_id: int, text: str, **changes: Any) -> None:
        super().__init__(account_id, account_id, text, **changes)

    def describe(self, name: str) -> str:
        return name


class AddSuccessItem(AddRow):
    """Add an objective, milestone or responsibility (``kind``); undo deletes it."""

    def __init__(self, account_id: int, kind: str, text: str, **values: Any) -> None:
        self.kind = ITEMS[kind]
        super().__init__(account_id, text, **values)


class UpdateSuccessItem(UpdateRow):
    def __init__(self, account_id: int, kind: str, item_id: int, **changes: Any) -> None:
        self.kind = ITEMS[kind]
        super().__init__(account_id, item_id, kind, **changes)

    def describe(self, name: str) -> str:
        fields = ", ".join(f.replace("_id", "").replace("_", " ") for f in self.changes)
        return f"edit {name} {fields}"


class DeleteSuccessItem(DeleteRow):
    """Delete an item; undo restores it with its id and place."""

    def __init__(self, account_id: int, kind: str, item_id: int, text: str) -> None:
        self.kind = ITEMS[kind]
        super().__init__(account_id, item_id, text)


class MoveSuccessItem(Change):
    """Move an item up or down its list; undo puts every item of the list back in its place."""

    def __init__(self, account_id: int, kind: str, item_id: int, step: int) -> None:
        self.account_id, self.text = account_id, f"move {kind} {'up' if step < 0 else 'down'}"
        self.kind, self.item_id, self.step = kind, item_id, step
        self.places: dict[int, int] = {}

    def forward(self, session: Session) -> None:
        entity, _ = success.ITEM_KINDS[self.kind]
        item = fields.get(session, entity, self.item_id)
        self.places = positions(session, entity, entity.plan_id == item.plan_id)
        if not success.move_item(session, self.kind, self.item_id, self.step):
            raise Refused(f"The {self.kind} is already {'first' if self.step < 0 else 'last'}.")

    def backward(self, session: Session) -> None:
        entity, _ = success.ITEM_KINDS[self.kind]
        put_positions(session, entity, self.places)


class CustomerUpdates(Together):
    """The customer's changes read from their workbook, as one edit; undo takes all of them back.

    The change log says where they came from: "from the customer's workbook of <date>".
    """

    def __init__(self, account_id: int, day: dt.date, parts: Sequence[Change]) -> None:
        super().__init__(account_id, f"import the customer's updates ({len(parts)})", parts)
        self.day = day

    def forward(self, session: Session) -> None:
        super().forward(session)
        plan = fields.get(session, SuccessPlan, success.success_plan_id(session, self.account_id or 0))
        told = f"from the customer's workbook of {self.day.strftime('%d %b %Y')}: {len(self.parts)} changes"
        log_change(session, plan, ChangeKind.IMPORTED, "customer_workbook", None, told)

"""One undoable command per user action; each changes the plan only through ``accountplan.plan``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy import insert
from sqlalchemy.orm import Session

from accountplan.errors import AccountPlanError
from accountplan.model import Stakeholder, StakeholderRole
from accountplan.plan import accounts, stakeholders
from accountplan.plan.fields import snapshot
from accountplan.store.database import Database
from accountplan.store.planfile import export_account, import_plan
from accountplan.ui.events import PlanEvents


class PlanContext:
    """What commands need: the open database, where to announce changes, where to report failures."""

    def __init__(self, database: Database, events: PlanEvents, stack: QUndoStack) -> None:
        self.database = database
        self.events = events
        self.stack = stack
        self.failures: list[str] = []

    def execute(self, command: PlanCommand) -> bool:
        """Run ``command`` now and put it on the undo stack; False (and nothing stacked) if refused."""
        try:
            command.apply()
        except AccountPlanError as error:
            self.report(str(error))
            return False
        self.stack.push(command)
        return True

    def report(self, message: str) -> None:
        self.failures.append(message)
        self.events.failure.emit(message)


class PlanCommand(QUndoCommand):
    """A change to the plan that can be undone; subclasses say how to do and undo it in a session."""

    account_wide = False

    def __init__(self, context: PlanContext, text: str, account_id: int | None) -> None:
        super().__init__(text)
        self.context = context
        self.account_id = account_id
        self._skip_next_redo = False

    #: Do the change in a write transaction (every subclass defines it).
    forward: Callable[[Session], None]
    #: Undo the change in a write transaction (every subclass defines it).
    backward: Callable[[Session], None]

    def apply(self) -> None:
        """The first run, whose errors reach the caller (the stack then skips its first redo)."""
        with self.context.database.transaction() as session:
            self.forward(session)
        self._skip_next_redo = True
        self.announce()

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.backward)

    def _run(self, step: Callable[[Session], None]) -> None:
        try:
            with self.context.database.transaction() as session:
                step(session)
        except AccountPlanError as error:
            self.context.report(
                f"Could not {'undo' if step == self.backward else 'redo'} {self.text()}: {error}"
            )
        self.announce()

    def announce(self) -> None:
        events = self.context.events
        if self.account_wide or self.account_id is None:
            events.accounts_changed.emit()
        if self.account_id is not None:
            events.account_changed.emit(self.account_id)


class CreateAccount(PlanCommand):
    account_wide = True

    def __init__(self, context: PlanContext, name: str, **values: Any) -> None:
        super().__init__(context, f"create account {name}", None)
        self.name, self.values = name, values

    def forward(self, session: Session) -> None:
        self.account_id = accounts.create_account(session, self.name, **self.values)

    def backward(self, session: Session) -> None:
        assert self.account_id is not None
        accounts.delete_account(session, self.account_id)


class DeleteAccount(PlanCommand):
    """Deleting an account keeps its whole plan document, so undo brings everything back."""

    account_wide = True

    def __init__(self, context: PlanContext, account_id: int, name: str) -> None:
        super().__init__(context, f"delete account {name}", account_id)
        self.document: dict[str, Any] | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.document = export_account(session, self.account_id)
        accounts.delete_account(session, self.account_id)

    def backward(self, session: Session) -> None:
        assert self.document is not None
        session.info["audit"] = False
        self.account_id = import_plan(session, self.document)

    def announce(self) -> None:
        self.context.events.accounts_changed.emit()


class UpdateAccount(PlanCommand):
    def __init__(self, context: PlanContext, account_id: int, **changes: Any) -> None:
        fields = ", ".join(f.replace("_", " ") for f in changes)
        super().__init__(context, f"edit account {fields}", account_id)
        self.account_wide = "name" in changes or "status" in changes or "industry" in changes
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.previous = accounts.update_account(session, self.account_id, **self.changes)

    def backward(self, session: Session) -> None:
        assert self.account_id is not None
        accounts.update_account(session, self.account_id, **self.previous)


class AddStakeholder(PlanCommand):
    def __init__(self, context: PlanContext, account_id: int, name: str, **values: Any) -> None:
        super().__init__(context, f"add {name}", account_id)
        self.name, self.values = name, values
        self.stakeholder_id: int | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.stakeholder_id = stakeholders.add_stakeholder(session, self.account_id, self.name, **self.values)

    def backward(self, session: Session) -> None:
        assert self.stakeholder_id is not None
        stakeholders.delete_stakeholder(session, self.stakeholder_id, force=True)


class UpdateStakeholder(PlanCommand):
    def __init__(
        self, context: PlanContext, account_id: int, stakeholder_id: int, label: str, **changes: Any
    ):
        fields = ", ".join(f.replace("_", " ") for f in changes)
        super().__init__(context, f"edit {label}'s {fields}", account_id)
        self.stakeholder_id, self.changes = stakeholder_id, changes
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        self.previous = stakeholders.update_stakeholder(session, self.stakeholder_id, **self.changes)

    def backward(self, session: Session) -> None:
        stakeholders.update_stakeholder(session, self.stakeholder_id, **self.previous)


class DeleteStakeholder(PlanCommand):
    """Delete a person nothing depends on; undo puts them back with the same id and roles."""

    def __init__(self, context: PlanContext, account_id: int, stakeholder_id: int, name: str) -> None:
        super().__init__(context, f"delete {name}", account_id)
        self.stakeholder_id = stakeholder_id
        self.row: dict[str, Any] = {}
        self.roles: list[Any] = []

    def forward(self, session: Session) -> None:
        person = session.get(Stakeholder, self.stakeholder_id)
        if person is not None:
            self.row = snapshot(person)
            self.roles = sorted(person.roles)
        stakeholders.delete_stakeholder(session, self.stakeholder_id)

    def backward(self, session: Session) -> None:
        session.execute(insert(Stakeholder).values(self.row))
        for role in self.roles:
            session.execute(
                insert(StakeholderRole).values(
                    account_id=self.row["account_id"], stakeholder_id=self.stakeholder_id, role=role
                )
            )

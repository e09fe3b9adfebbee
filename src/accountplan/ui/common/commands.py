"""One undoable command per user action; each changes the plan only through ``accountplan.plan``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Self

from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from accountplan.errors import AccountPlanError, EditConflict, ServerUnreachable
from accountplan.interchange.planfile import export_account, import_plan
from accountplan.model import Base, Stakeholder
from accountplan.model.enums import BuyingRole
from accountplan.plan import accounts, influence, people_merge, stakeholders
from accountplan.plan.snapshots import Snapshot, capture, restore
from accountplan.store.database import Database
from accountplan.store.row_versions import RowKey, check_unchanged, written_rows
from accountplan.store.touched import EVERYTHING, Touched
from accountplan.ui.common.events import PlanEvents


@dataclass
class RowEdit:
    """One row's edit as the user made it: the version and values they saw, and the values they typed."""

    table: str
    row_id: int
    version: int
    typed: dict[str, Any]
    seen: dict[str, Any] = field(default_factory=dict)


class PlanContext:
    """What commands need: the open database, where to announce changes, where to report failures."""

    def __init__(self, database: Database, events: PlanEvents, stack: QUndoStack) -> None:
        self.database = database
        self.events = events
        self.stack = stack
        self.failures: list[str] = []
        #: Why the last command was refused (None: it was not).
        self.last_error: AccountPlanError | None = None
        #: Shows a refused edit of one row against the stored one and lets the user keep one (the window's).
        self.resolve_conflict: Callable[[PlanCommand, EditConflict], None] | None = None
        #: Edits refused because the team server could not be reached, in order: saved when it is back.
        self.held: list[PlanCommand] = []

    def execute(self, command: PlanCommand) -> bool:
        """Run ``command`` now and put it on the undo stack; False (and nothing stacked) if refused."""
        self.last_error = None
        try:
            command.apply()
        except AccountPlanError as error:
            self.last_error = error
            if isinstance(error, EditConflict) and command.row_edit and self.resolve_conflict:
                self.resolve_conflict(command, error)
            elif isinstance(error, ServerUnreachable):
                self.held.append(command)
                self.report(
                    f"{error} Not saved yet: {command.text()}; it is kept and saved when the server is back."
                )
            else:
                self.report(str(error))
            return False
        self.stack.push(command)
        return True

    def save_held(self) -> int:
        """Save, in order, the edits kept while the team server was away; return how many were saved.

        Each is checked as when it was made: one whose rows a colleague changed meanwhile is a conflict.
        """
        held, self.held = self.held, []
        saved = sum(1 for command in held if self.execute(command))
        if saved:
            self.events.status.emit(
                f"The team server is back: saved {saved} kept edit{'s' if saved > 1 else ''}."
            )
        return saved

    @property
    def unreachable(self) -> bool:
        """Whether the last command was refused because the team server could not be reached."""
        return isinstance(self.last_error, ServerUnreachable)

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
        #: The versioned rows the last run wrote: undo and redo refuse if someone else changed them since.
        self.rows: dict[RowKey, int | None] = {}
        #: The versions the user saw the rows at: the first run refuses if someone else saved them since.
        self.expected: dict[RowKey, int] = {}
        #: The one row this command edits, as the user saw it (for showing a conflict field by field).
        self.row_edit: RowEdit | None = None

    #: Do the change in a write transaction (every subclass defines it).
    forward: Callable[[Session], None]
    #: Undo the change in a write transaction (every subclass defines it).
    backward: Callable[[Session], None]

    def typed(self) -> dict[str, Any]:
        """The field values this command writes, as the user gave them (update commands keep ``changes``)."""
        return dict(getattr(self, "changes", {}))

    def saw(self, table: str, row_id: int, version: int, **seen: Any) -> Self:
        """Edit ``row_id`` only if it is still at ``version`` (what the user saw, with the ``seen`` values)."""
        self.expected[(table, row_id)] = version
        self.row_edit = RowEdit(table, row_id, version, self.typed(), seen)
        return self

    def saw_row(self, table: str, row: Any, row_id: int | None = None) -> Self:
        """:meth:`saw` for a row record a page shows: its ``version`` and its fields named as the columns."""
        columns = Base.metadata.tables[table].columns
        names = [f.name for f in fields(row) if f.name in columns and f.name not in ("id", "version")]
        seen = {name: getattr(row, name) for name in names}
        return self.saw(table, row.id if row_id is None else row_id, row.version, **seen)

    def expect(self, table: str, versions: dict[int, int]) -> Self:
        """Edit these rows (id: version) only if nobody saved them since the user saw them."""
        self.expected.update({(table, row_id): version for row_id, version in versions.items()})
        return self

    def apply(self) -> None:
        """The first run, whose errors reach the caller (the stack then skips its first redo)."""
        with self.context.database.transaction() as session:
            check_unchanged(session, self.expected)
            self.forward(session)
            self.rows = written_rows(session)
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
        database = self.context.database
        try:
            with database.transaction() as session:
                # Versions as this program last wrote them: a difference is someone else's edit, kept.
                check_unchanged(session, {key: database.written.get(key) for key in self.rows})
                step(session)
                self.rows = written_rows(session, also=self.rows)
        except AccountPlanError as error:
            if isinstance(error, EditConflict | ServerUnreachable):
                # The stack drops it: neither undo nor redo may overwrite their edit, and after an unreachable
                # server the stack would no longer say what the database holds.
                self.setObsolete(True)
            self.context.report(
                f"Could not {'undo' if step == self.backward else 'redo'} {self.text()}: {error}"
            )
            if isinstance(error, ServerUnreachable):
                return  # nothing changed, and the pages could not read the server to redraw
            self.announce(EVERYTHING)  # refused: the pages show what the database holds now
            return
        self.announce()

    def announce(self, touched: Touched | None = None) -> None:
        """Tell the pages what this run wrote (by default: what the last transaction touched)."""
        events = self.context.events
        if self.account_wide or self.account_id is None:
            events.accounts_changed.emit()
        if self.account_id is not None:
            events.announce(
                self.account_id, self.context.database.last_touched if touched is None else touched
            )


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

    def announce(self, touched: Touched | None = None) -> None:
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
    """Delete a person (with ``force``, even when others depend on them); undo puts everything back."""

    def __init__(
        self, context: PlanContext, account_id: int, stakeholder_id: int, name: str, *, force: bool = False
    ):
        super().__init__(context, f"delete {name}", account_id)
        self.stakeholder_id, self.force = stakeholder_id, force
        self.snapshot: Snapshot | None = None

    def forward(self, session: Session) -> None:
        self.snapshot = capture(session, "stakeholders", self.stakeholder_id)
        stakeholders.delete_stakeholder(session, self.stakeholder_id, force=self.force)

    def backward(self, session: Session) -> None:
        assert self.snapshot is not None
        restore(session, self.snapshot)


class SetManager(PlanCommand):
    """Move a person under another manager (a loop is refused by ``plan``)."""

    def __init__(
        self, context: PlanContext, account_id: int, stakeholder_id: int, manager_id: int | None, text: str
    ):
        super().__init__(context, text, account_id)
        self.stakeholder_id, self.manager_id = stakeholder_id, manager_id
        self.previous: int | None = None

    def forward(self, session: Session) -> None:
        self.previous = stakeholders.set_manager(session, self.stakeholder_id, self.manager_id)

    def backward(self, session: Session) -> None:
        stakeholders.set_manager(session, self.stakeholder_id, self.previous)


class SetRoles(PlanCommand):
    def __init__(
        self, context: PlanContext, account_id: int, stakeholder_id: int, label: str, roles: set[BuyingRole]
    ):
        super().__init__(context, f"change {label}'s buying roles", account_id)
        self.stakeholder_id, self.roles = stakeholder_id, roles
        self.previous: set[BuyingRole] = set()

    def forward(self, session: Session) -> None:
        self.previous = stakeholders.set_roles(session, self.stakeholder_id, self.roles)

    def backward(self, session: Session) -> None:
        stakeholders.set_roles(session, self.stakeholder_id, self.previous)


class SetDeparted(PlanCommand):
    """Mark a person as departed on a day, or as active again."""

    def __init__(
        self, context: PlanContext, account_id: int, stakeholder_id: int, label: str, on: dt.date | None
    ):
        super().__init__(context, f"mark {label} {'departed' if on else 'active'}", account_id)
        self.stakeholder_id, self.on = stakeholder_id, on
        self.previous: dt.date | None = None

    def _set(self, session: Session, on: dt.date | None) -> None:
        if on is None:
            stakeholders.mark_active(session, self.stakeholder_id)
        else:
            stakeholders.mark_departed(session, self.stakeholder_id, on)

    def forward(self, session: Session) -> None:
        person = session.get(Stakeholder, self.stakeholder_id)
        self.previous = person.departed_on if person is not None else None
        self._set(session, self.on)

    def backward(self, session: Session) -> None:
        self._set(session, self.previous)


class AddInfluenceLink(PlanCommand):
    def __init__(
        self, context: PlanContext, account_id: int, source_id: int, target_id: int, text: str, **values: Any
    ):
        super().__init__(context, text, account_id)
        self.source_id, self.target_id, self.values = source_id, target_id, values
        self.link_id: int | None = None

    def forward(self, session: Session) -> None:
        self.link_id = influence.add_influence_link(session, self.source_id, self.target_id, **self.values)

    def backward(self, session: Session) -> None:
        assert self.link_id is not None
        influence.delete_influence_link(session, self.link_id)


class MergePeople(PlanCommand):
    """Make one person of two records of them (a duplicate): everything moves to the one kept; undo parts them."""

    def __init__(
        self, context: PlanContext, account_id: int, removed_id: int, kept_id: int, removed: str, kept: str
    ) -> None:
        super().__init__(context, f"merge {removed} into {kept}", account_id)
        self.removed_id, self.kept_id = removed_id, kept_id
        self.merge: people_merge.PeopleMerge | None = None

    def forward(self, session: Session) -> None:
        self.merge = people_merge.merge_people(session, self.removed_id, self.kept_id)

    def backward(self, session: Session) -> None:
        assert self.merge is not None
        people_merge.unmerge_people(session, self.merge)

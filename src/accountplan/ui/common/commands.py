"""The window's undo stack over the plan's changes: one QUndoCommand, :class:`PlanCommand`, wraps any change.

Every edit is a Qt-free change of ``accountplan.plan.changes`` (``text``, ``forward``, ``backward``); this
module adds what the window needs around it: the versions of the rows it wrote (undo and redo refuse to
overwrite a colleague's edit), the versions the user saw (a conflict is shown field by field), edits held
while the team server is away, and announcing what each run touched to the pages. A page makes a command
with the change's name and arguments after the context: ``UpdateStakeholder(context, account_id, ...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from accountplan.errors import AccountPlanError, EditConflict, Refused, ServerUnreachable
from accountplan.interchange import file_changes
from accountplan.model import Base
from accountplan.plan import changes
from accountplan.plan.changes import Change
from accountplan.store.database import Database
from accountplan.store.row_versions import RowKey, check_unchanged, written_rows
from accountplan.store.touched import EVERYTHING, Touched
from accountplan.ui.common.events import PlanEvents
from accountplan.ui.common.settings import Settings

C = TypeVar("C", bound=Change)
P = ParamSpec("P")


@dataclass
class RowEdit:
    """One row's edit as the user made it: the version and values they saw, and the values they typed."""

    table: str
    row_id: int
    version: int
    typed: dict[str, Any]
    seen: dict[str, Any] = field(default_factory=dict)


class PlanContext:
    """What commands need: the open database, where to announce changes, where to report failures.

    It also carries the user's preferences, for the dialogs a page opens (an export remembers its paper).
    """

    def __init__(
        self, database: Database, events: PlanEvents, stack: QUndoStack, settings: Settings | None = None
    ) -> None:
        self.database = database
        self.events = events
        self.stack = stack
        #: The user's preferences (the window's; None: the declared defaults, as a test's context has).
        self.settings = settings
        self.failures: list[str] = []
        #: Why the last command was refused (None: it was not).
        self.last_error: AccountPlanError | None = None
        #: Shows a refused edit of one row against the stored one and lets the user keep one (the window's).
        self.resolve_conflict: Callable[[PlanCommand, EditConflict], None] | None = None
        #: Edits refused because the team server could not be reached, in order: saved when it is back.
        self.held: list[PlanCommand] = []
        #: Each says why an account may not be edited now (a page showing it as of a past day), else None.
        self.edit_guards: list[Callable[[int | None], str | None]] = []

    def refusal(self, account_id: int | None) -> str | None:
        """Why an edit of ``account_id`` is refused now (a page shows it as it was), else None."""
        for guard in self.edit_guards:
            why = guard(account_id)
            if why is not None:
                return why
        return None

    def execute(self, command: PlanCommand) -> bool:
        """Run ``command`` now and put it on the undo stack; False (and nothing stacked) if refused."""
        self.last_error = None
        why = self.refusal(command.account_id)
        if why is not None:
            self.last_error = Refused(why)
            self.report(why)
            return False
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


class PlanCommand(QUndoCommand, Generic[C]):
    """A change on the undo stack: redo runs its ``forward``, undo its ``backward``, each in a transaction.

    ``written``: the change has already run (off the UI thread, as a contact import does) and wrote these
    rows; the stack's first redo must not run it again.
    """

    def __init__(
        self, context: PlanContext, change: C, *, written: dict[RowKey, int | None] | None = None
    ) -> None:
        super().__init__(change.text)
        self.context = context
        self.change = change
        self._skip_next_redo = written is not None
        #: The versioned rows the last run wrote: undo and redo refuse if someone else changed them since.
        self.rows: dict[RowKey, int | None] = dict(written or {})
        self._skip_next_undo = False
        #: The versions the user saw the rows at: the first run refuses if someone else saved them since.
        self.expected: dict[RowKey, int] = {}
        #: The one row this command edits, as the user saw it (for showing a conflict field by field).
        self.row_edit: RowEdit | None = None

    @property
    def account_id(self) -> int | None:
        """The account the change edits (an account it creates has its id once it has run)."""
        return self.change.account_id

    def typed(self) -> dict[str, Any]:
        """The field values this command writes, as the user gave them."""
        return self.change.typed()

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
            self.change.forward(session)
            self.rows = written_rows(session)
        self._skip_next_redo = True
        self.announce()

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(backward=False)

    def undo(self) -> None:
        if self._skip_next_undo:
            self._skip_next_undo = False
            return
        self._run(backward=True)

    def _refused_now(self, *, backward: bool) -> bool:
        """Refuse an undo or redo while its account is shown as of a past day (nothing runs).

        Once the stack has stepped, it is stepped back (skipping this command): it still says what the
        database holds.
        """
        why = self.context.refusal(self.account_id)
        if why is None:
            return False
        self.context.report(why)
        stack = self.context.stack
        if backward:
            self._skip_next_redo = True
            QTimer.singleShot(0, stack.redo)
        else:
            self._skip_next_undo = True
            QTimer.singleShot(0, stack.undo)
        return True

    def _run(self, *, backward: bool) -> None:
        if self._refused_now(backward=backward):
            return
        database = self.context.database
        step, name = (self.change.backward, "undo") if backward else (self.change.forward, "redo")
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
            self.context.report(f"Could not {name} {self.text()}: {error}")
            if isinstance(error, ServerUnreachable):
                return  # nothing changed, and the pages could not read the server to redraw
            self.announce(EVERYTHING)  # refused: the pages show what the database holds now
            return
        self.announce()

    def announce(self, touched: Touched | None = None) -> None:
        """Tell the pages what this run wrote (by default: what the last transaction touched)."""
        events = self.context.events
        change = self.change
        if change.account_wide or change.account_id is None:
            events.accounts_changed.emit()
        if change.account_id is not None and change.account_pages:
            events.announce(
                change.account_id, self.context.database.last_touched if touched is None else touched
            )


def command(make: Callable[P, C]) -> Callable[Concatenate[PlanContext, P], PlanCommand[C]]:
    """The window's command for a kind of change: called with the context, then the change's arguments."""

    def build(context: PlanContext, /, *args: P.args, **kwargs: P.kwargs) -> PlanCommand[C]:
        return PlanCommand(context, make(*args, **kwargs))

    build.__name__ = build.__qualname__ = getattr(make, "__name__", build.__name__)
    build.__doc__ = make.__doc__
    return build


CreateAccount = command(changes.CreateAccount)
DeleteAccount = command(file_changes.DeleteAccount)
UpdateAccount = command(changes.UpdateAccount)
AddStakeholder = command(changes.AddStakeholder)
UpdateStakeholder = command(changes.UpdateStakeholder)
DeleteStakeholder = command(changes.DeleteStakeholder)
SetManager = command(changes.SetManager)
SetRoles = command(changes.SetRoles)
SetDeparted = command(changes.SetDeparted)
AddInfluenceLink = command(changes.AddInfluenceLink)
MergePeople = command(changes.MergePeople)

"""Noticing what other windows and processes save to the open database, so the pages show it too.

A SQLite file is asked every 1.5 s whether another connection committed (one cheap PRAGMA). A team server
(PostgreSQL) tells by itself: a thread listens for its notifications (see ``store.listener``) and this object
drains what it heard every quarter second, on the window's thread, and says whether the server is reachable;
when it is back, the edits kept meanwhile are saved (``PlanContext.save_held``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from accountplan.errors import AccountPlanError
from accountplan.store.database import Database
from accountplan.store.touched import EVERYTHING, Touched
from accountplan.ui.common.commands import PlanContext

if TYPE_CHECKING:  # psycopg loads only for a team server, not at every start
    from accountplan.store.listener import Heard, ServerWatch

#: How often the database is asked whether someone else committed (one cheap PRAGMA).
POLL_MS = 1500
#: How often what the team server's listener heard is handed to the pages.
SERVER_POLL_MS = 250


class ExternalChanges(QObject):
    """Watches the open database; when another connection committed, announces it so every page redraws.

    Undo stays safe meanwhile: a command whose rows someone else changed is refused (see ``PlanCommand``).

    Signals:
        reachable(bool): the team server answered again (True) or went away (False).
    """

    reachable = Signal(bool)

    def __init__(
        self, context: PlanContext, current_account: Callable[[], int | None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.current_account = current_account
        self.watch: ServerWatch | None = None
        self._watched: Database | None = None
        self.server_up = True
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self._follow(context.database)
        self.timer.start()
        context.events.failure.connect(self._on_failure)
        parent.installEventFilter(self)  # closing the window stops the watching; showing it again restarts it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close:
            self.timer.stop()
            self.stop()
        elif event.type() == QEvent.Type.Show and not self.timer.isActive():
            self.timer.start()
        return super().eventFilter(watched, event)

    def _follow(self, database: Database) -> None:
        """Watch ``database`` (the window may have opened another one)."""
        self.stop()
        self._watched = database
        if not database.is_sqlite:
            from accountplan.store.listener import ServerWatch

            self.watch = ServerWatch(database.url, database.origin)
        self.timer.setInterval(POLL_MS if database.is_sqlite else SERVER_POLL_MS)

    def stop(self) -> None:
        """Stop listening to the team server (when the window closes)."""
        if self.watch is not None:
            self.watch.stop()
            self.watch = None

    def check(self) -> bool:
        """Redraw if another window or process saved something since the last look; True if it did."""
        database = self.context.database
        if database is not self._watched or (self.watch is None and not database.is_sqlite):
            self._follow(database)
            self._set_reachable(True)
        if self.watch is not None:
            return self._drain(self.watch)
        try:
            changed = database.changed_elsewhere()
        except AccountPlanError:
            return False  # the database is being replaced or restored; the next look will tell
        if not changed:
            return False
        self._announce(None, "Showing changes saved elsewhere (another window or user).")
        return True

    def _drain(self, watch: ServerWatch) -> bool:
        from accountplan.store.listener import Heard, Reachable

        redrawn = False
        for item in watch.drain():
            if isinstance(item, Reachable):
                self._set_reachable(item.up)
            elif isinstance(item, Heard):
                self._announce(item.accounts, _saved_by(item), item.touched)
                redrawn = True
        return redrawn

    def _announce(self, accounts: frozenset[int] | None, message: str, touched: Touched = EVERYTHING) -> None:
        events = self.context.events
        events.accounts_changed.emit()
        account_id = self.current_account()
        if account_id is not None and (accounts is None or account_id in accounts):
            events.announce(account_id, touched)
        events.status.emit(message)

    def _set_reachable(self, up: bool) -> None:
        if up != self.server_up:
            self.server_up = up
            self.reachable.emit(up)
        if up and self.context.held:
            self.context.save_held()

    def _on_failure(self, _message: str) -> None:
        if self.context.unreachable and self.watch is not None:
            self._set_reachable(False)
            self.watch.ask()  # the banner goes as soon as the server answers again


def _saved_by(heard: Heard) -> str:
    who = f" by {', '.join(heard.users)}" if heard.users else " by another user"
    if heard.caught_up:
        return f"The team server is back; showing what was saved{who} meanwhile."
    return f"Showing changes saved{who}."

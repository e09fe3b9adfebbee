"""Hearing what colleagues save on the team server: LISTEN on a connection of its own, in a thread of its own.

The thread never touches the window: it puts what it heard on a queue, which the window drains on its own
timer. It also tells whether the server can be reached, and after a reconnection it catches up on what was
missed by asking the change log for the entries written after the last one it saw.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import URL

from accountplan.store import postgres
from accountplan.store.touched import EVERYTHING, Touched

#: Seconds between two attempts to reach a server that went away.
RETRY_S = 1.0
#: Seconds a wait for notifications lasts (how quickly the thread notices it should stop).
WAIT_S = 0.3


@dataclass(frozen=True)
class Heard:
    """What changed on the server: the accounts (None: possibly any) and who saved, from the change log."""

    accounts: frozenset[int] | None
    users: tuple[str, ...] = ()
    #: After a reconnection: these changes were saved while the server could not be reached.
    caught_up: bool = False
    #: The rows the changes wrote, when every notification said (else: anything may have changed).
    touched: Touched = EVERYTHING


@dataclass(frozen=True)
class Reachable:
    """Whether the server answered the last time it was asked."""

    up: bool


class ChangeListener:
    """One connection in LISTEN on :data:`postgres.CHANNEL`, skipping the notifications of ``origin``."""

    def __init__(self, url: URL, origin: str) -> None:
        self.conninfo = postgres.conninfo(url)
        self.origin = origin
        self.connection: psycopg.Connection | None = None
        #: The newest change log entry seen (None before the first connection).
        self.last_change_id: int | None = None

    def connect(self) -> Heard | None:
        """Connect and listen; after a reconnection, what was saved meanwhile (None on the first one)."""
        self.close()
        connection = psycopg.connect(
            self.conninfo, autocommit=True, connect_timeout=postgres.CONNECT_TIMEOUT_S
        )
        connection.execute(f"LISTEN {postgres.CHANNEL}")
        self.connection = connection
        if self.last_change_id is None:
            newest = connection.execute("SELECT max(id) FROM change_log").fetchone()
            self.last_change_id = int(newest[0] or 0) if newest else 0
            return None
        _, users = self._logged_since()
        # Changes saved without a change log entry (an import) leave no trace there: every account redraws.
        return Heard(None, users, caught_up=True)

    def wait(self, timeout: float) -> Heard | None:
        """The changes of others notified within ``timeout`` seconds (None: nothing from others)."""
        assert self.connection is not None
        notices = [
            notice
            for note in self.connection.notifies(timeout=timeout)
            if (notice := postgres.parse(note.payload)) is not None and notice.origin != self.origin
        ]
        if not notices:
            return None
        accounts, users = self._logged_since()
        heard = postgres.affected(notices)
        return Heard(None if heard is None else heard | accounts, users, touched=touched_by(notices))

    def ping(self) -> None:
        assert self.connection is not None
        self.connection.execute("SELECT 1")

    def _logged_since(self) -> tuple[frozenset[int], tuple[str, ...]]:
        assert self.connection is not None
        rows = self.connection.execute(
            'SELECT id, account_id, "user" FROM change_log WHERE id > %s ORDER BY id',
            (self.last_change_id or 0,),
        ).fetchall()
        if rows:
            self.last_change_id = int(rows[-1][0])
        accounts = frozenset(int(account) for _, account, _ in rows if account is not None)
        return accounts, tuple(dict.fromkeys(str(user) for _, _, user in rows if user))

    def close(self) -> None:
        if self.connection is not None:
            connection, self.connection = self.connection, None
            with contextlib.suppress(psycopg.Error):
                connection.close()


class ServerWatch:
    """Runs a :class:`ChangeListener` in a daemon thread; what it hears and learns waits in ``heard``."""

    def __init__(self, url: URL, origin: str) -> None:
        self.listener = ChangeListener(url, origin)
        self.heard: queue.Queue[Heard | Reachable] = queue.Queue()
        self._stop = threading.Event()
        self._ping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="accountplan-listen", daemon=True)
        self._thread.start()

    def ask(self) -> None:
        """Ask whether the server can be reached now (the answer comes as :class:`Reachable`)."""
        self._ping.set()

    def stop(self) -> None:
        self._stop.set()

    def drain(self) -> list[Heard | Reachable]:
        found = []
        while True:
            try:
                found.append(self.heard.get_nowait())
            except queue.Empty:
                return found

    def _run(self) -> None:
        up: bool | None = None
        while not self._stop.is_set():
            try:
                if self.listener.connection is None:
                    missed = self.listener.connect()
                    up = self._tell(up, True)
                    if missed is not None:
                        self.heard.put(missed)
                heard = self.listener.wait(WAIT_S)
                if heard is not None:
                    self.heard.put(heard)
                if self._ping.is_set():
                    self._ping.clear()
                    self.listener.ping()
                    self.heard.put(Reachable(True))
            except psycopg.Error:
                self.listener.close()
                self._ping.clear()
                up = self._tell(up, False, always=True)
                self._stop.wait(RETRY_S)
        self.listener.close()

    def _tell(self, was: bool | None, now: bool, *, always: bool = False) -> bool:
        if was != now or always:
            self.heard.put(Reachable(now))
        return now


def touched_by(notices: list[postgres.Notice]) -> Touched:
    """What a batch of notifications says was written: a table named without ids was written in bulk."""
    found = Touched.of(whole={"change_log"})
    for notice in notices:
        if not notice.rows:
            return EVERYTHING  # rows left out (too many for a notification), or plain SQL only
        found = found | Touched.of(
            {table: ids for table, ids in notice.rows.items() if ids},
            whole={table for table, ids in notice.rows.items() if not ids},
        )
    return found

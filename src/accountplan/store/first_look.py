"""A first look at a plan database before it is opened: the account names, read with sqlite3 alone.

The window paints its first frame from this while SQLAlchemy, the model and the pages are still loading,
so the first thing a user sees already names their accounts. It only reads: the file is opened read-only
(``mode=ro``, never created, never upgraded), and anything unexpected (no file, a damaged or locked file,
an older schema, a team server) gives an empty look instead of an error; opening the database properly,
a moment later, is what reports problems.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from accountplan.store import location

#: How long the first look waits for a writer's lock before giving up on the names.
BUSY_TIMEOUT_S = 0.2


@dataclass(frozen=True)
class FirstLook:
    """What the first frame can show: where the plan is, and the account names in the window's order."""

    place: str
    accounts: tuple[str, ...] = ()
    on_server: bool = False

    def account_to_show(self, wanted: str) -> str | None:
        """The account the window will open on: ``wanted`` if it is there, else the first; None if none."""
        if wanted in self.accounts:
            return wanted
        return self.accounts[0] if self.accounts else None


def first_look(target: str | os.PathLike[str] | None) -> FirstLook:
    """The account names of the database ``target`` names (see ``location.resolve_url``), read-only."""
    path = location.sqlite_file(target)
    if path is None:
        return FirstLook(place="the team server", on_server=True)
    return FirstLook(place=str(path), accounts=_account_names(path))


def read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-only sqlite3 connection to the file ``path`` that leaves no files of its own beside it.

    With no write-ahead log beside it, nobody has the file open for writing: it is read as immutable, which
    creates no -wal and -shm files next to a file that may be refused or not opened at all.
    """
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True, timeout=timeout)


def _account_names(path: Path) -> tuple[str, ...]:
    if not path.is_file():
        return ()
    try:
        connection = read_only(path, BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return ()
    try:
        # The order of the window's account list (plan.accounts.list_accounts: by name).
        rows = connection.execute("SELECT name FROM accounts ORDER BY name").fetchall()
    except sqlite3.Error:
        return ()
    finally:
        connection.close()
    return tuple(str(name) for (name,) in rows)

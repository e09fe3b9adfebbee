"""A restore under the write lock: what others committed is in the kept copy or the restored database, never lost."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.errors import DatabaseError
from accountplan.model import Account
from accountplan.plan.accounts import create_account
from accountplan.store import database as database_module
from accountplan.store.backup import backup_database, is_being_restored, restore_database, restoring_marker
from accountplan.store.database import Database


def account_names(path: Path) -> list[str]:
    with Database.open(path) as database, database.session() as session:
        return list(session.scalars(select(Account.name).order_by(Account.name)))


def until(condition: Callable[[], bool], seconds: float = 10) -> bool:
    """Poll ``condition`` (another thread's progress) until it holds or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


class HeldWrite:
    """Another program's write transaction: it adds an account, then commits only when released."""

    def __init__(self, path: Path, name: str) -> None:
        self.database = Database.open(path, user="other")
        self.name = name
        self.holding = threading.Event()
        self.release = threading.Event()
        self.committed = False
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._write)
        self.thread.start()
        assert self.holding.wait(30) and not self.errors, self.errors

    def _write(self) -> None:
        try:
            with self.database.transaction() as session:
                create_account(session, self.name)
                session.flush()  # the write lock is held from here (BEGIN IMMEDIATE)
                self.holding.set()
                self.release.wait(30)
            self.committed = True  # acknowledged: the program would now say "saved"
        except BaseException as error:  # noqa: BLE001 - the test reads it
            self.errors.append(error)
            self.holding.set()

    def commit(self) -> None:
        self.release.set()
        self.thread.join(30)
        self.database.close()


class RestoreInBackground:
    """restore_database run in a thread; ``result`` is the kept copy, ``error`` what it raised."""

    def __init__(self, path: Path, backup: Path, **options: float) -> None:
        self.result: Path | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(path, backup), kwargs=options)
        self.thread.start()

    def _run(self, path: Path, backup: Path, **options: float) -> None:
        try:
            self.result = restore_database(path, backup, **options)  # type: ignore[arg-type]
        except BaseException as error:  # noqa: BLE001 - the test reads it
            self.error = error

    def join(self) -> None:
        self.thread.join(60)
        assert not self.thread.is_alive()


@pytest.fixture
def monday(db: Database, db_path: Path, tmp_path: Path) -> Iterator[Path]:
    """A backup holding the account "Acme"; the database (closed) holds "Acme" and "Globex"."""
    with db.transaction() as session:
        create_account(session, "Acme")
    backup = backup_database(db, tmp_path / "monday.sqlite")
    with db.transaction() as session:
        create_account(session, "Globex")
    db.close()
    yield backup


def test_a_commit_made_while_the_restore_waits_for_the_lock_is_in_the_kept_copy(
    db_path: Path, monday: Path
) -> None:
    writer = HeldWrite(db_path, "Written during the restore")
    restore = RestoreInBackground(db_path, monday)
    until(lambda: restoring_marker(db_path).exists(), seconds=2)  # the restore is under way
    writer.commit()
    restore.join()

    assert writer.committed and not writer.errors
    assert restore.error is None, restore.error
    assert account_names(db_path) == ["Acme"]
    kept = restore.result
    assert kept is not None
    assert account_names(kept) == ["Acme", "Globex", "Written during the restore"]  # nothing lost
    assert not restoring_marker(db_path).exists()


def test_a_writer_stopped_by_a_restore_is_told_the_database_is_being_restored(
    db_path: Path, monday: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)  # impatient writers
    window = Database.open(db_path, user="window")  # open before the restore, like a window
    writer = HeldWrite(db_path, "Written during the restore")
    restore = RestoreInBackground(db_path, monday)
    try:
        assert until(lambda: restoring_marker(db_path).exists())
        with pytest.raises(DatabaseError) as stopped, window.transaction() as session:
            create_account(session, "Typed in the window meanwhile")
        with pytest.raises(DatabaseError) as not_opened:
            Database.open(db_path, user="late")
    finally:
        writer.commit()
        restore.join()
        window.close()

    for refused in (stopped.value, not_opened.value):
        assert "the database is being restored" in str(refused)
        assert "\n" not in str(refused)
    assert restore.error is None, restore.error
    assert account_names(db_path) == ["Acme"]
    assert restore.result is not None
    assert account_names(restore.result) == ["Acme", "Globex", "Written during the restore"]


def test_a_restore_that_cannot_get_the_lock_in_time_changes_nothing(db_path: Path, monday: Path) -> None:
    writer = HeldWrite(db_path, "A long write")
    try:
        with pytest.raises(DatabaseError) as refused:
            restore_database(db_path, monday, wait=0.5)
    finally:
        writer.commit()

    assert "nothing was restored" in str(refused.value)
    assert account_names(db_path) == ["A long write", "Acme", "Globex"]
    assert not restoring_marker(db_path).exists()
    assert not list((db_path.parent / "backups").glob("*before-restore*"))


def test_a_database_found_damaged_once_locked_is_moved_aside_with_its_log(
    db_path: Path, monday: Path, damage_the_middle: Callable[[Path], bytes]
) -> None:
    damaged = damage_the_middle(db_path)

    kept = restore_database(db_path, monday)

    assert account_names(db_path) == ["Acme"]
    assert kept is not None and kept.suffix == ".damaged"
    assert kept.read_bytes() == damaged  # nothing is thrown away, not even a damaged file
    assert not restoring_marker(db_path).exists()


def test_a_marker_left_by_a_killed_restore_does_not_pass_for_a_restore(tmp_path: Path) -> None:
    database_path = tmp_path / "plan.sqlite"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    restoring_marker(database_path).write_text(
        f"Account Plan is restoring plan.sqlite (process {dead.pid}).\n"
    )
    assert not is_being_restored(database_path)
    restoring_marker(database_path).write_text(
        f"Account Plan is restoring plan.sqlite (process {os.getpid()}).\n"
    )
    assert is_being_restored(database_path)

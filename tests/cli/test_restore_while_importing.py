"""`accountplan restore` while another program imports: the import is never acknowledged and then lost."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.model import Account
from accountplan.plan.accounts import create_account
from accountplan.store import database as database_module
from accountplan.store.backup import restore_database, restoring_marker
from accountplan.store.database import Database


def account_names(path: Path) -> list[str]:
    with Database.open(path) as database, database.session() as session:
        return list(session.scalars(select(Account.name).order_by(Account.name)))


def until(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@contextlib.contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another program inside a write transaction (``BEGIN IMMEDIATE``) until the block ends."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("COMMIT")


def python_m(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "accountplan", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture
def setting(tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> tuple[Path, Path, Path]:
    """(database holding "Acme", its backup, a plan file of "Acme" to import as another account)."""
    path = tmp_path / "plan.sqlite"
    with Database.open(path) as database, database.transaction() as session:
        create_account(session, "Acme")
    backup, plan = tmp_path / "monday.sqlite", tmp_path / "acme.json"
    assert cli("--db", str(path), "backup", "-o", str(backup))[0] == 0
    assert cli("--db", str(path), "export", "plan", "--account", "Acme", "-o", str(plan))[0] == 0
    return path, backup, plan


def test_an_import_run_during_a_restore_is_in_the_restored_database_or_in_the_kept_copy(
    setting: tuple[Path, Path, Path],
) -> None:
    path, backup, plan = setting
    with write_lock_held(path):  # both wait for it, so that they overlap
        restore = python_m("--db", str(path), "restore", str(backup))
        assert until(lambda: restoring_marker(path).exists(), seconds=60)
        importing = python_m("--db", str(path), "import", "plan", str(plan), "--rename", "Imported meanwhile")
        time.sleep(1)  # let the import reach the lock too (it is a separate program: nothing to wait on)
    restored_out, restored_err = restore.communicate(timeout=120)
    imported_out, imported_err = importing.communicate(timeout=120)

    assert restore.returncode == 0, restored_err
    assert importing.returncode == 0, imported_err
    assert "Imported 'Imported meanwhile'" in imported_out
    (kept,) = (path.parent / "backups").glob("plan-before-restore-*.sqlite")
    assert str(kept) in restored_out
    in_database, in_kept = account_names(path), account_names(kept)
    assert "Imported meanwhile" in in_database + in_kept  # acknowledged, so somewhere
    assert in_kept in (["Acme"], ["Acme", "Imported meanwhile"])


def test_an_import_locked_out_by_a_restore_says_the_database_is_being_restored(
    setting: tuple[Path, Path, Path],
    cli: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, backup, plan = setting
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    errors: list[BaseException] = []

    def restore() -> None:
        try:
            restore_database(path, backup)
        except BaseException as error:  # noqa: BLE001 - checked below
            errors.append(error)

    with write_lock_held(path):
        thread = threading.Thread(target=restore)
        thread.start()
        assert until(lambda: restoring_marker(path).exists())
        code, out, err = cli("--db", str(path), "import", "plan", str(plan), "--rename", "Imported meanwhile")
    thread.join(60)

    assert code == 1 and out == ""
    assert "the database is being restored" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert not errors
    assert account_names(path) == ["Acme"]

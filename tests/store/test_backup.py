"""Backups with SQLite's backup API (even while someone writes), restore, daily rotation, integrity."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import random
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.errors import DatabaseDamaged, DatabaseError
from accountplan.model import Account, Stakeholder
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.backup import (
    backup_database,
    daily_backup,
    default_backup_dir,
    integrity_problems,
    list_backups,
    restore_database,
)
from accountplan.store.database import Database


def _sqlite(path: Path) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(path))


def _names_in(path: Path, table: str = "stakeholders") -> list[str]:
    with _sqlite(path) as conn:
        return [row[0] for row in conn.execute(f"SELECT name FROM {table} ORDER BY id")]  # noqa: S608


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _account_names(path: Path) -> list[str]:
    with Database.open(path) as database, database.session() as session:
        return list(session.scalars(select(Account.name).order_by(Account.name)))


def test_a_backup_holds_the_commits_still_in_the_wal_which_a_file_copy_misses(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.transaction() as session:
        account = create_account(session, "Acme")
    with _sqlite(db_path) as conn:  # the schema and the account into the main file
        assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    with db.transaction() as session:
        for name in ("Aiko Tanaka", "Léa Dubois", "Ivan Petrov"):
            add_stakeholder(session, account, name)

    copied = tmp_path / "copied.sqlite"
    shutil.copyfile(db_path, copied)  # what a naive backup does
    assert _names_in(copied) == []  # the premise: recent commits live in plan.sqlite-wal

    target = backup_database(db, tmp_path / "out" / "backup.sqlite")
    assert target == tmp_path / "out" / "backup.sqlite"
    assert _names_in(target) == ["Aiko Tanaka", "Léa Dubois", "Ivan Petrov"]
    with _sqlite(target) as conn:  # one self-contained file, not a WAL database needing its -wal
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not Path(str(target) + "-wal").exists()
    assert [p.name for p in target.parent.iterdir()] == ["backup.sqlite"]  # no temporary file left behind


def test_a_backup_taken_while_another_connection_writes_has_every_earlier_commit(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.transaction() as session:
        account = create_account(session, "Acme")
    writer = Database.open(db_path, user="writer")
    committed: list[str] = []
    under_way = threading.Event()
    stop = threading.Event()
    failures: list[BaseException] = []

    def keep_writing() -> None:
        try:
            for index in range(400):
                if stop.is_set():
                    break
                with writer.transaction() as session:
                    session.add(Stakeholder(account_id=account, name=f"Person {index:03d}"))
                committed.append(f"Person {index:03d}")
                if index == 20:
                    under_way.set()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
            under_way.set()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        assert under_way.wait(timeout=60)
        committed_before_backup = list(committed)
        target = backup_database(db, tmp_path / "backup.sqlite")
    finally:
        stop.set()
        thread.join(timeout=60)
        writer.close()

    assert not failures, failures
    assert len(committed_before_backup) >= 21
    in_backup = _names_in(target)
    assert set(committed_before_backup) <= set(in_backup)
    assert in_backup == sorted(in_backup)  # a consistent prefix of the writer's commits, nothing torn
    assert in_backup == committed[: len(in_backup)]
    with _sqlite(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _account_names(target) == ["Acme"]


# --- restore ----------------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_current_database_aside(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.transaction() as session:
        create_account(session, "Acme")
    backup = backup_database(db, tmp_path / "monday.sqlite")
    with db.transaction() as session:
        create_account(session, "Globex")
    db.close()

    kept = restore_database(db_path, backup)

    assert _account_names(db_path) == ["Acme"]
    assert kept is not None and kept.parent == default_backup_dir(db_path)
    assert "before-restore" in kept.name
    assert _account_names(kept) == ["Acme", "Globex"]  # the restore itself can be undone
    with _sqlite(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_can_keep_the_current_database_in_a_chosen_folder(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.transaction() as session:
        create_account(session, "Acme")
    backup = backup_database(db, tmp_path / "backup.sqlite")
    db.close()
    kept = restore_database(db_path, backup, keep_current_in=tmp_path / "aside")
    assert kept is not None and kept.parent == tmp_path / "aside"
    assert _account_names(kept) == ["Acme"]


def test_restore_into_a_missing_database_needs_no_safety_copy(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        create_account(session, "Acme")
    backup = backup_database(db, tmp_path / "backup.sqlite")
    fresh = tmp_path / "new-machine" / "plan.sqlite"
    assert restore_database(fresh, backup) is None
    assert _account_names(fresh) == ["Acme"]


def test_restore_over_a_damaged_database_moves_the_damaged_file_aside(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.transaction() as session:
        create_account(session, "Acme")
    backup = backup_database(db, tmp_path / "backup.sqlite")
    db.close()
    garbage = random.Random(5).randbytes(20_000)
    db_path.write_bytes(garbage)

    kept = restore_database(db_path, backup)

    assert _account_names(db_path) == ["Acme"]
    assert kept is not None and kept.exists()
    assert kept.read_bytes() == garbage  # nothing is thrown away, not even a damaged file


@pytest.mark.parametrize("damage", ["random bytes", "garbage in the middle"])
def test_a_damaged_backup_is_refused_and_the_database_is_untouched(
    db: Database, db_path: Path, tmp_path: Path, damage: str
) -> None:
    with db.transaction() as session:
        account = create_account(session, "Acme")
        for index in range(40):
            add_stakeholder(session, account, f"Person {index}", title="Head of something " * 10)
    backup = backup_database(db, tmp_path / "backup.sqlite")
    db.close()
    if damage == "random bytes":
        backup.write_bytes(random.Random(1).randbytes(50_000))
    else:
        data = bytearray(backup.read_bytes())
        middle = (len(data) // 2) // 4096 * 4096
        data[middle : middle + 3 * 4096] = random.Random(2).randbytes(3 * 4096)
        backup.write_bytes(bytes(data))
    before = _digest(db_path)

    with pytest.raises(DatabaseDamaged):
        restore_database(db_path, backup)

    assert _digest(db_path) == before
    assert _account_names(db_path) == ["Acme"]
    assert not default_backup_dir(db_path).exists()  # refused before anything was done


def test_a_backup_of_another_program_or_no_backup_at_all_is_refused(db_path: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "recipes.sqlite"
    with _sqlite(foreign) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
    with pytest.raises(DatabaseError, match="not an Account Plan backup"):
        restore_database(db_path, foreign)
    with pytest.raises(DatabaseError, match="no backup file"):
        restore_database(db_path, tmp_path / "missing.sqlite")
    assert not db_path.exists()


# --- daily rotation and integrity -------------------------------------------------------------------


def test_daily_backup_makes_one_backup_a_day(db: Database, db_path: Path) -> None:
    with db.transaction() as session:
        create_account(session, "Acme")
    day = dt.date(2025, 3, 14)
    made = daily_backup(db, today=day)
    assert made == default_backup_dir(db_path) / f"daily-{db_path.stem}-2025-03-14.sqlite"
    assert _names_in(made, "accounts") == ["Acme"]
    with db.transaction() as session:
        create_account(session, "Globex")
    assert daily_backup(db, today=day) is None  # today's is already there, and is not overwritten
    assert _names_in(made, "accounts") == ["Acme"]


def test_daily_backups_are_kept_in_rotation(db: Database, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "rotation"
    start = dt.date(2025, 12, 28)
    for offset in range(7):
        daily_backup(db, folder, keep=3, today=start + dt.timedelta(days=offset))
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"daily-{db_path.stem}-2026-01-0{d}.sqlite" for d in (1, 2, 3)]


def test_rotation_leaves_other_backups_alone(db: Database, db_path: Path) -> None:
    folder = default_backup_dir(db_path)
    manual = backup_database(db, folder / "before-the-big-reorganisation.sqlite")
    for offset in range(3):
        daily_backup(db, keep=1, today=dt.date(2025, 1, 1) + dt.timedelta(days=offset))
    assert manual.exists()
    assert len(list(folder.glob("daily-*.sqlite"))) == 1


def test_rotation_of_one_database_leaves_the_backups_of_another_alone(tmp_path: Path) -> None:
    # Two databases in one folder share its backups folder; "plan" is a prefix of "plan-2024".
    with Database.open(tmp_path / "plan-2024.sqlite") as old:
        for day in range(1, 4):
            daily_backup(old, keep=3, today=dt.date(2025, 1, day))
    with Database.open(tmp_path / "plan.sqlite") as current:
        made = daily_backup(current, keep=2, today=dt.date(2025, 6, 1))
        assert made is not None and made.exists()  # today's backup is kept, not rotated away at once
        daily_backup(current, keep=2, today=dt.date(2025, 6, 2))
        daily_backup(current, keep=2, today=dt.date(2025, 6, 3))
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert names == [
        "daily-plan-2024-2025-01-01.sqlite",
        "daily-plan-2024-2025-01-02.sqlite",
        "daily-plan-2024-2025-01-03.sqlite",
        "daily-plan-2025-06-02.sqlite",
        "daily-plan-2025-06-03.sqlite",
    ]


def test_list_backups_shows_the_newest_first(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    older = backup_database(db, folder / "older.sqlite")
    newer = backup_database(db, folder / "newer.sqlite")
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_800_000_000, 1_800_000_000))
    assert list_backups(folder) == [newer, older]
    assert list_backups(tmp_path / "nothing-here") == []


def test_a_sound_database_has_no_integrity_problems(db: Database) -> None:
    with db.transaction() as session:
        account = create_account(session, "Acme")
        add_stakeholder(session, account, "Aiko Tanaka")
    assert integrity_problems(db) == []


def test_integrity_check_finds_rows_pointing_at_nothing(db: Database, db_path: Path) -> None:
    with db.transaction() as session:
        account = create_account(session, "Acme")
        add_stakeholder(session, account, "Aiko Tanaka")
    with _sqlite(db_path) as conn:  # another tool, writing without foreign keys
        conn.execute("UPDATE stakeholders SET org_unit_id = 4242")
        conn.commit()
    problems = integrity_problems(db)
    assert problems == ["stakeholders row 1 refers to a missing row of org_units"]

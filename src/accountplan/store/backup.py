"""Backups of a SQLite plan database with SQLite's backup API (never a file copy), in daily rotation."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from accountplan.errors import DatabaseDamaged, DatabaseError

if TYPE_CHECKING:
    from accountplan.store.database import Database

#: How many daily backups are kept by default.
DEFAULT_KEEP = 10
_DAILY_PREFIX = "daily-"


def default_backup_dir(database_path: Path) -> Path:
    return database_path.parent / "backups"


def _daily_pattern(stem: str) -> str:
    # Exactly this database's dailies: "daily-plan-*" would also match another database "plan-2024".
    return rf"{re.escape(_DAILY_PREFIX + stem)}-\d{{4}}-\d\d-\d\d\.sqlite"


def _require_file(database: Database) -> Path:
    if database.path is None:
        raise DatabaseError(
            f"{database.name} is a server database: back it up on the server (pg_dump), "
            "or export each account as a plan file."
        )
    return database.path


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    target_path.parent.mkdir(parents=True, exist_ok=True)
    partial = target_path.with_name(target_path.name + ".partial")
    partial.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(partial)) as target:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    partial.replace(target_path)


def backup_database(database: Database, target: Path) -> Path:
    """Write a consistent copy of the database to ``target``, even while others write to it."""
    source_path = _require_file(database)
    with contextlib.closing(sqlite3.connect(source_path, timeout=15)) as source:
        _copy(source, target)
    return target


def check_backup(path: Path) -> None:
    """Refuse a backup file that is damaged or not an Account Plan database."""
    if not path.is_file():
        raise DatabaseError(f"There is no backup file at {path}.")
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(f"{path} is not a usable backup: {exc}.") from exc
    if result != [("ok",)]:
        raise DatabaseDamaged(f"{path} is damaged ({result[0][0]}); choose an older backup.")
    if "alembic_version" not in tables:
        raise DatabaseError(f"{path} is not an Account Plan backup.")


def restore_database(
    database_path: Path, backup: Path, *, keep_current_in: Path | None = None
) -> Path | None:
    """Replace the database at ``database_path`` with ``backup``, after saving the current one aside.

    The current database (if it can still be read) is first backed up into ``keep_current_in``, so a
    restore can itself be undone. Returns the path of that safety copy, if one was made.
    """
    check_backup(backup)
    safety = None
    if database_path.exists() and database_path.stat().st_size > 0:
        folder = keep_current_in or default_backup_dir(database_path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        safety = folder / f"{database_path.stem}-before-restore-{stamp}.sqlite"
        try:
            with contextlib.closing(sqlite3.connect(database_path, timeout=15)) as current:
                _copy(current, safety)
            check_backup(safety)
        except (sqlite3.DatabaseError, DatabaseDamaged):
            # A damaged database cannot be kept as a backup (it would pass for the newest good one);
            # move the file itself aside instead.
            safety.unlink(missing_ok=True)
            safety = safety.with_suffix(".damaged")
            database_path.replace(safety)
            for suffix in ("-wal", "-shm"):
                Path(str(database_path) + suffix).unlink(missing_ok=True)
    database_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source,
        contextlib.closing(sqlite3.connect(database_path, timeout=15)) as target,
    ):
        source.backup(target)
        target.execute("PRAGMA journal_mode = WAL")
    return safety


def daily_backup(
    database: Database, folder: Path | None = None, *, keep: int = DEFAULT_KEEP, today: dt.date | None = None
) -> Path | None:
    """Make today's backup if there is none yet, and keep only the ``keep`` most recent daily ones."""
    if database.path is None:
        return None
    folder = folder or default_backup_dir(database.path)
    day = (today or dt.date.today()).isoformat()
    target = folder / f"{_DAILY_PREFIX}{database.path.stem}-{day}.sqlite"
    made = None
    if not target.exists():
        made = backup_database(database, target)
    own = re.compile(_daily_pattern(database.path.stem))
    daily = sorted(p for p in folder.glob(f"{_DAILY_PREFIX}*.sqlite") if own.fullmatch(p.name))
    for old in daily[:-keep] if keep > 0 else daily:
        old.unlink()
    return made


def list_backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)


def backups_of(database_path: Path, folder: Path | None = None) -> list[Path]:
    """The database's own backups (daily, before a restore, before an upgrade), newest first."""
    stem = database_path.stem
    own = re.compile(rf"{_daily_pattern(stem)}|{re.escape(stem)}-before-(?:restore|upgrade)-.+\.sqlite")
    return [p for p in list_backups(folder or default_backup_dir(database_path)) if own.fullmatch(p.name)]


def last_good_backup(database_path: Path, folder: Path | None = None) -> Path | None:
    """The newest of this database's backups that passes the integrity check, if any."""
    for candidate in backups_of(database_path, folder):
        try:
            check_backup(candidate)
        except DatabaseError:
            continue
        return candidate
    return None


def integrity_problems(database: Database) -> list[str]:
    """Run SQLite's full integrity and foreign-key checks; an empty list means the database is sound."""
    path = _require_file(database)
    problems = []
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)) as conn:
            problems += [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} refers to a missing row of {parent}")
    except sqlite3.DatabaseError as exc:
        problems.append(str(exc))
    return problems

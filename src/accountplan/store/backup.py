"""Backups of a SQLite plan database with SQLite's backup API (never a file copy), in daily rotation."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from accountplan.errors import CannotWrite, DatabaseDamaged, DatabaseError
from accountplan.store.output_files import write_output

if TYPE_CHECKING:
    from accountplan.store.database import Database

#: How many daily backups are kept by default.
DEFAULT_KEEP = 10
_DAILY_PREFIX = "daily-"
#: How long a restore waits for another program's write to end before it gives up (seconds).
RESTORE_WAIT_SECONDS = 15.0
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_CANNOT_WRITE = (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


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


def _copy(source: sqlite3.Connection, target_path: Path, *, database: Path | None) -> None:
    """Copy ``source`` into one self-contained file at ``target_path`` (never over ``database``)."""

    def write(path: Path) -> None:
        try:
            with contextlib.closing(sqlite3.connect(path)) as target:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        except sqlite3.Error as exc:
            if _primary_code(exc) in _CANNOT_WRITE:  # a full disk, a read-only place: the target's fault
                raise OSError(str(exc)) from exc
            raise

    try:
        target_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(target_path, exc.strerror or str(exc)) from None
    write_output(target_path, write, database=database)


def backup_database(database: Database, target: Path) -> Path:
    """Write a consistent copy of the database to ``target``, even while others write to it.

    The target is refused if it is the database itself (or one of its files), one of its backups, or not a
    regular file (see :func:`~accountplan.store.output_files.check_output`).
    """
    source_path = _require_file(database)
    try:
        with contextlib.closing(sqlite3.connect(source_path, timeout=15)) as source:
            _copy(source, target, database=source_path)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Cannot back up {database.name}: {exc}.") from exc
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


def restoring_marker(database_path: Path) -> Path:
    """The file that exists while ``database_path`` is being restored (a writer locked out reads it)."""
    return database_path.with_name(database_path.name + ".restoring")


def is_being_restored(database_path: Path) -> bool:
    """Whether a restore of ``database_path`` is running now (a marker left by a killed one does not count)."""
    try:
        text = restoring_marker(database_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    found = re.search(r"\(process (\d+)\)", text)
    if found is None:
        return True
    try:
        os.kill(int(found.group(1)), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


class _CurrentIsDamaged(Exception):
    """The database to replace cannot be copied soundly: it is moved aside instead."""


def restore_database(
    database_path: Path,
    backup: Path,
    *,
    keep_current_in: Path | None = None,
    wait: float = RESTORE_WAIT_SECONDS,
) -> Path | None:
    """Replace the database at ``database_path`` with ``backup``, after saving the current one aside.

    The restore first takes the database's write lock (waiting up to ``wait`` seconds for another program's
    write to end), then copies the current database into ``keep_current_in``, then writes the backup in,
    all under that one lock: whatever anyone committed before is in the kept copy, and nobody can commit
    in between. A writer locked out meanwhile is told that the database is being restored. Returns the
    path of the kept copy, if there was anything to keep.
    """
    check_backup(backup)
    folder = keep_current_in or default_backup_dir(database_path)
    marker = restoring_marker(database_path)
    try:
        database_path.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(
            f"Account Plan is restoring {database_path.name} from {backup} (process {os.getpid()}).\n"
        )
        try:
            return _restore_locked(database_path, backup, folder, wait)
        except _CurrentIsDamaged:
            # A damaged database cannot be kept as a backup (it would pass for the newest good one);
            # move the file itself aside instead, with its write-ahead log, and restore into a new file.
            aside = _moved_aside(database_path, folder)
            _restore_locked(database_path, backup, folder, wait)
            return aside
    except OSError as exc:
        raise DatabaseError(
            f"Cannot restore {database_path}: {exc.strerror or exc} ({exc.filename or database_path}); "
            "nothing was restored."
        ) from None
    finally:
        marker.unlink(missing_ok=True)


def _restore_locked(database_path: Path, backup: Path, folder: Path, wait: float) -> Path | None:
    """Copy ``backup`` into the database with SQLite's backup API, keeping the current one once locked.

    The backup API takes the destination's write lock at its first step and holds it to the last, so the
    copy goes one page a step and the current database is kept after the first (a checked backup has at
    least two pages: the schema and alembic_version). The copy of the current database is read on a
    connection of its own: in WAL mode it reads the last commit, which nobody can change while the lock
    is held (a connection inside a write transaction cannot be the source of a backup).
    """
    kept: list[Path] = []
    steps = 0

    def after_step(status: int, _remaining: int, _total: int) -> None:
        nonlocal steps
        if status in _BUSY:
            raise DatabaseError(
                f"{database_path} stayed busy for {wait:g} seconds (another program is writing to it), "
                "so nothing was restored; try again when it has finished."
            )
        steps += 1
        if steps == 1:
            safety = _keep_current(database_path, folder)
            if safety is not None:
                kept.append(safety)

    try:
        with (
            contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source,
            contextlib.closing(sqlite3.connect(database_path, timeout=wait)) as target,
        ):
            # In WAL mode the lock held for the copy lets the current database still be read; a new file
            # takes the backup's page size first (a WAL database cannot change it).
            target.execute(f"PRAGMA page_size = {int(source.execute('PRAGMA page_size').fetchone()[0])}")
            target.execute("PRAGMA journal_mode = WAL")
            source.backup(target, pages=1, progress=after_step)
    except sqlite3.DatabaseError as exc:
        code = _primary_code(exc)
        if code in _BUSY:
            raise DatabaseError(
                f"{database_path} is busy (another program is using it), so nothing was restored; try again."
            ) from exc
        if code in _DAMAGED and not kept:
            raise _CurrentIsDamaged from exc
        raise DatabaseError(f"Cannot restore {database_path} ({exc}); nothing was restored.") from exc
    return kept[0] if kept else None


def _keep_current(database_path: Path, folder: Path) -> Path | None:
    """Back up the database as last committed into ``folder``; None if it holds nothing yet."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    safety = folder / f"{database_path.stem}-before-restore-{stamp}.sqlite"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)) as current:
            if current.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                return None  # a new, empty file
            _copy(current, safety, database=database_path)
        check_backup(safety)
    except (sqlite3.DatabaseError, DatabaseDamaged) as exc:
        safety.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.DatabaseError) and _primary_code(exc) not in _DAMAGED:
            raise
        raise _CurrentIsDamaged from exc
    return safety


def _moved_aside(database_path: Path, folder: Path) -> Path:
    """Move a damaged database (and its write-ahead log, which may hold commits) into ``folder``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = folder / f"{database_path.stem}-before-restore-{stamp}.damaged"
    folder.mkdir(parents=True, exist_ok=True)
    database_path.replace(aside)
    wal = Path(f"{database_path}-wal")
    if wal.exists():
        wal.replace(Path(f"{aside}-wal"))
    Path(f"{database_path}-shm").unlink(missing_ok=True)  # only an index of the log, rebuilt on opening
    return aside


def daily_backup(
    database: Database, folder: Path | None = None, *, keep: int = DEFAULT_KEEP, today: dt.date | None = None
) -> Path | None:
    """Make today's backup if there is none yet, and keep only the ``keep`` most recent daily ones.

    Callers make it before they change anything (an import, the demo, opening the window), so that the
    change can be undone: a backup that cannot be written is refused in one sentence (DatabaseError) for the
    caller to stop there. An old daily that cannot be deleted stays, and is tried again the next day.
    """
    if database.path is None:
        return None
    folder = folder or default_backup_dir(database.path)
    day = (today or dt.date.today()).isoformat()
    target = folder / f"{_DAILY_PREFIX}{database.path.stem}-{day}.sqlite"
    made = None
    if not target.exists():
        try:
            made = backup_database(database, target)
        except CannotWrite as exc:
            reason = (
                f"{folder} is a file, not a folder" if folder.exists() and not folder.is_dir() else exc.reason
            )
            raise DatabaseError(
                f"Could not make today's backup in {folder} ({reason}), so nothing was changed: make it a "
                "folder you can write to, or move what is in the way, and try again."
            ) from None
    own = re.compile(_daily_pattern(database.path.stem))
    daily = sorted(p for p in folder.glob(f"{_DAILY_PREFIX}*.sqlite") if own.fullmatch(p.name))
    for old in daily[:-keep] if keep > 0 else daily:
        with contextlib.suppress(OSError):
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

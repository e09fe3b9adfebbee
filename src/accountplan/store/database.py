"""Opening a plan database: SQLite by default (WAL, foreign keys, immediate writes) or a PostgreSQL URL."""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from accountplan.errors import DatabaseDamaged, DatabaseError, NotAnAccountPlanDatabase
from accountplan.store import location, migrations
from accountplan.store.audit import record_changes

#: How long a writer waits for another writer before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15_000
ENV_USER = "ACCOUNTPLAN_USER"


def current_user() -> str:
    """The name written into the change log: ``ACCOUNTPLAN_USER``, else the login name."""
    name = os.environ.get(ENV_USER)
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the lock up front, so a second writer waits (busy timeout) instead of failing
        # half-way through an edit with "database is locked"; readers start a plain deferred transaction.
        if connection.get_execution_options().get("accountplan_read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a readable SQLite database of ours, before anything writes to it."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchall()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(
            f"{path} is damaged or is not a database ({exc}); restore the last good backup "
            "with 'accountplan restore BACKUP' or File → Restore from backup."
        ) from exc
    if result != [("ok",)]:
        problem = "; ".join(str(row[0]) for row in result[:3])
        raise DatabaseDamaged(
            f"{path} failed its integrity check ({problem}); restore the last good backup "
            "with 'accountplan restore BACKUP' or File → Restore from backup."
        )
    if tables and "alembic_version" not in tables:
        # Refused here, read-only: opening it for real would switch someone else's file to WAL.
        raise NotAnAccountPlanDatabase(
            f"{path} is a database, but not an Account Plan one (it has no schema version); "
            "choose another file."
        )


class Database:
    """An open plan database: sessions for reading, transactions for writing, and what it is."""

    def __init__(self, url: URL, engine: Engine, user: str) -> None:
        self.url = url
        self.engine = engine
        self.user = user
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        event.listen(self._sessions, "after_flush", record_changes)
        self._read_engine = engine.execution_options(accountplan_read_only=True)

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str] | None = None,
        *,
        user: str | None = None,
        backup_dir: Path | None = None,
    ) -> Database:
        """Open (creating or upgrading as needed) the database at ``target`` (path or URL)."""
        url = location.resolve_url(target)
        path = location.sqlite_path(url)
        if path is not None:
            if path.exists() and path.stat().st_size > 0:
                check_sqlite_file(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(url, pool_pre_ping=path is None)
        except Exception as exc:  # an unknown driver, a malformed URL
            raise DatabaseError(f"Cannot use the database {location.describe(url)}: {exc}") from exc
        if url.get_backend_name() == "sqlite":
            _configure_sqlite(engine)
        database = cls(url, engine, user or current_user())
        try:
            migrations.prepare(database, backup_dir=backup_dir)
        except BaseException:
            engine.dispose()
            raise
        return database

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return location.sqlite_path(self.url)

    @property
    def name(self) -> str:
        return location.describe(self.url)

    def session(self) -> Session:
        """A session for reading (its transaction never takes the write lock)."""
        session = self._sessions(bind=self._read_engine)
        session.info["user"] = self.user
        return session

    @contextlib.contextmanager
    def transaction(self, *, audit: bool = True) -> Iterator[Session]:
        """A write transaction: committed as a whole when the block ends, rolled back on any error."""
        session = self._sessions()
        session.info["user"] = self.user
        session.info["audit"] = audit
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

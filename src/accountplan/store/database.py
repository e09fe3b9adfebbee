"""Opening a plan database: SQLite by default (WAL, foreign keys, immediate writes, seeing others commit) or PostgreSQL."""

from __future__ import annotations

import contextlib
import getpass
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeAlias

import sqlalchemy
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from accountplan.errors import (
    AccountPlanError,
    DatabaseDamaged,
    DatabaseError,
    NotAnAccountPlanDatabase,
    ServerUnreachable,
)
from accountplan.store import location, migrations, postgres, same_account, touched
from accountplan.store.audit import capture_cascades, record_changes
from accountplan.store.backup import is_being_restored
from accountplan.store.first_look import read_only
from accountplan.store.row_versions import RowKey, note_written, written_rows
from accountplan.store.touched import Touched

#: How long a writer waits for another writer before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15_000
ENV_USER = "ACCOUNTPLAN_USER"
_UNREADABLE = -1  # a data version SQLite never gives

#: What :meth:`Database.session` and :meth:`Database.transaction` give. The window passes it, unopened, to the
#: read functions of plan/ and analysis/, and names its type by this name: ui/ never imports SQLAlchemy.
DatabaseSession: TypeAlias = Session


def sqlalchemy_version() -> str:
    """The version of SQLAlchemy the plan database is read and written with (Help → About names it)."""
    return sqlalchemy.__version__


@contextlib.contextmanager
def database_errors_worded() -> Iterator[None]:
    """Raise an error of the database library inside the block as a DatabaseError: "could not be written: ..."."""
    try:
        yield
    except SQLAlchemyError as error:
        raise DatabaseError(
            f"The database could not be written: {getattr(error, 'orig', None) or error}"
        ) from None


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
        with contextlib.closing(read_only(path, timeout=15)) as conn:
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
        event.listen(self._sessions, "after_flush", note_written)
        event.listen(self._sessions, "after_flush", touched.note_flushed)
        event.listen(self._sessions, "do_orm_execute", touched.note_statement)
        event.listen(self._sessions, "before_flush", postgres.before_flush)
        event.listen(self._sessions, "before_flush", capture_cascades)
        if not self.is_sqlite:
            event.listen(self._sessions, "after_flush", postgres.note_changed)
            event.listen(self._sessions, "do_orm_execute", postgres.note_statement)
        #: Names this object in its change notifications, so that a window can skip its own.
        self.origin = secrets.token_hex(6)
        self._read_engine = engine.execution_options(accountplan_read_only=True)
        #: The version of each row as this object last wrote it (None: deleted); undo compares against it.
        self.written: dict[RowKey, int | None] = {}
        #: What the last write transaction committed by this object touched (pages redraw only that).
        self.last_touched: Touched = touched.NOTHING
        self._watcher: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        self._seen_version: int | None = None

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
        if url.get_backend_name() == "postgresql":
            postgres.require_driver(url)
        try:
            if url.get_backend_name() == "postgresql":
                engine = create_engine(url, **postgres.engine_options())
                event.listen(engine, "handle_error", postgres.handle_error(location.describe(url)))
            else:
                engine = create_engine(url, pool_pre_ping=path is None)
        except Exception as exc:  # an unknown driver, a malformed URL
            raise DatabaseError(f"Cannot use the database {location.describe(url)}: {exc}") from exc
        if url.get_backend_name() == "sqlite":
            _configure_sqlite(engine)
        database = cls(url, engine, user or current_user())
        try:
            migrations.prepare(database, backup_dir=backup_dir)
        except ServerUnreachable as exc:
            engine.dispose()
            reason = str(exc.__cause__ or exc).strip().splitlines()[0].rstrip(".")
            raise ServerUnreachable(
                f"Cannot open {database.name}: the team server did not answer ({reason})."
            ) from exc
        except BaseException as exc:
            engine.dispose()
            restoring = database._restoring(exc, f"Cannot open {database.name}")
            if restoring is not None:
                raise restoring from exc
            raise
        database._seen_version = database.data_version()
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
        """A write transaction: committed as a whole when the block ends, rolled back on any error.

        A save based on stale data (someone else saved the row since it was read) is refused with
        EditConflict; on a server, losing the connection is refused with ServerUnreachable.
        """
        session = self._sessions()
        session.info["user"] = self.user
        session.info["audit"] = audit
        try:
            with session.begin():
                yield session
                written = written_rows(session)
                wrote = touched.touched_by(session)
                if audit and not wrote.empty:  # the audit writes its entries beside the session's flush
                    wrote = wrote | Touched.of(whole={"change_log"})
                if self.is_sqlite:
                    session.connection()  # holding the write lock now (BEGIN IMMEDIATE): nobody else commits
                else:
                    postgres.notify(session, self.origin)
                seen_before = self._seen_version
                others_committed = self._peek_version() != seen_before
            self.written.update(written)
            self.last_touched = wrote
            if not others_committed:
                self._own_commit_seen(seen_before)
        except Exception as error:
            translated = self._translate(error, session)
            if translated is None:
                raise
            raise translated from error
        finally:
            session.close()

    def _translate(self, error: Exception, session: Session) -> AccountPlanError | None:
        refused = same_account.refusal(error)  # a rule the database holds: a reference across accounts
        if refused is not None:
            return refused
        if self.is_sqlite and not isinstance(error, StaleDataError):
            # SQLite's own errors keep their meaning, but for a write locked out by a restore
            return self._restoring(error, "Nothing was saved")
        return postgres.translate(error, self.name, session)

    def _restoring(self, error: BaseException, outcome: str) -> DatabaseError | None:
        """The sentence for a write that waited in vain for the lock because the file is being restored."""
        path = self.path
        cause = getattr(error, "orig", error)
        if path is None or not isinstance(cause, sqlite3.OperationalError):
            return None
        if (getattr(cause, "sqlite_errorcode", 0) & 0xFF) not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return None
        if not is_being_restored(path):
            return None
        return DatabaseError(
            f"{outcome}: the database is being restored from a backup ({path.name}); "
            "try again when the restore has finished."
        )

    def data_version(self) -> int | None:
        """SQLite's data version, on a connection of its own; None for a server database.

        It changes whenever any other connection commits: another window or process, or one of this object's
        own writing connections (:meth:`changed_elsewhere` discounts those).
        """
        path = self.path
        if path is None:
            return None
        with self._watch_lock:
            try:
                if self._watcher is None:
                    self._watcher = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
                return int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                raise DatabaseError(f"Cannot watch {self.name} for changes: {exc}") from exc

    def changed_elsewhere(self) -> bool:
        """Whether another connection committed since the last call (this object's own commits do not count)."""
        version = self.data_version()
        with self._watch_lock:
            changed = version != self._seen_version
            self._seen_version = version
        return changed

    def _peek_version(self) -> int | None:
        # Watching must never fail an edit: an unreadable version (-1) counts as someone else's commit.
        try:
            return self.data_version()
        except DatabaseError:
            return _UNREADABLE

    def _own_commit_seen(self, seen_before: int | None) -> None:
        # Only our commit happened since the last look (others were locked out), so it is no news.
        version = self._peek_version()
        if version == _UNREADABLE:
            return
        with self._watch_lock:
            if self._seen_version == seen_before:
                self._seen_version = version

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def close(self) -> None:
        self.engine.dispose()
        with self._watch_lock:
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

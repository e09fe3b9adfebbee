"""Alembic migrations shipped in the package: create and stamp a new database, upgrade an old one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from accountplan.errors import DatabaseError, DatabaseTooNew, NotAnAccountPlanDatabase
from accountplan.model import Base

# Alembic is imported only to create, upgrade or inspect the scripts: opening an up-to-date database (every
# start of the window) needs none of it, and importing it costs about as much as starting Qt.
if TYPE_CHECKING:
    from alembic.config import Config

    from accountplan.store.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent
#: The newest revision in versions/ (a test checks it against the scripts): add one, update this.
HEAD_REVISION = "0008"
#: The PostgreSQL advisory lock taken while the schema is created or upgraded (any fixed number).
MIGRATION_LOCK = 0x4163_506C_616E  # "AcPlan"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision the database is stamped with (None if it is not), read without Alembic."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    stamps = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(stamps) > 1:
        raise DatabaseError(f"The database is stamped with several schema revisions ({', '.join(stamps)}).")
    return stamps[0] if stamps else None


def _one_at_a_time(connection: Connection) -> None:
    """On PostgreSQL, let one process at a time create or upgrade the schema (the others then find it done)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def prepare(database: Database, *, backup_dir: Path | None = None) -> None:
    """Bring the database to the head revision, creating, refusing or upgrading it as needed."""
    with database.engine.begin() as connection:  # BEGIN IMMEDIATE on SQLite: one process at a time
        _one_at_a_time(connection)
        tables = set(inspect(connection).get_table_names())
        if not tables:
            from alembic import command

            Base.metadata.create_all(connection)
            command.stamp(alembic_config(connection), "head")
            from accountplan.store.same_account import apply_same_account_rules

            apply_same_account_rules(connection)  # what migration 0006 adds to an existing database
            # Team mode (issue 8): stamping skips migration 0004's row-level security, so it is set up here.
            from accountplan.store.team_server import apply_team_security

            apply_team_security(connection)
            return
        if "alembic_version" not in tables:
            raise NotAnAccountPlanDatabase(
                f"{database.name} is a database, but not an Account Plan one (it has no schema version); "
                "choose another file."
            )
        revision = current_revision(connection)
        if revision == HEAD_REVISION:
            return
        if revision not in known_revisions():
            raise DatabaseTooNew(
                f"{database.name} was written by a newer version of Account Plan (schema {revision}); "
                f"this version knows up to schema {head_revision()}. Install the newer version to open it."
            )
        from accountplan.store.team_server import is_co_seller_login

        if is_co_seller_login(connection):
            raise DatabaseError(
                f"The team server's plan is at schema {revision} and this version of Account Plan needs schema "
                f"{HEAD_REVISION}; only the plan's admin may upgrade it. Ask them to open it once with this "
                "version (nothing was changed)."
            )
    if database.path is not None:
        from accountplan.store.backup import backup_database, default_backup_dir

        folder = backup_dir or default_backup_dir(database.path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup_database(database, folder / f"{database.path.stem}-before-upgrade-{revision}-{stamp}.sqlite")
    upgrade(database)


def upgrade(database: Database) -> None:
    """Run the pending migrations in one transaction.

    On SQLite, foreign keys are off while the migrations run: batch mode rebuilds a table by copying it,
    and dropping the old copy would otherwise cascade into (and delete) the rows that refer to it. The
    foreign keys are checked once at the end instead, and a violation undoes the whole upgrade.
    """
    from alembic import command

    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                _one_at_a_time(connection)
                command.upgrade(alembic_config(connection), "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            f"Upgrading {database.name} would break {len(broken)} references "
                            f"(first in {broken[0][0]}); the database was left as it was."
                        )
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]

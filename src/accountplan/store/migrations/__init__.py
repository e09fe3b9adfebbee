"""Alembic migrations shipped in the package: create and stamp a new database, upgrade an old one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from accountplan.errors import DatabaseError, DatabaseTooNew, NotAnAccountPlanDatabase
from accountplan.model import Base

if TYPE_CHECKING:
    from accountplan.store.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def prepare(database: Database, *, backup_dir: Path | None = None) -> None:
    """Bring the database to the head revision, creating, refusing or upgrading it as needed."""
    with database.engine.begin() as connection:  # BEGIN IMMEDIATE on SQLite: one process at a time
        tables = set(inspect(connection).get_table_names())
        if not tables:
            Base.metadata.create_all(connection)
            command.stamp(alembic_config(connection), "head")
            return
        if "alembic_version" not in tables:
            raise NotAnAccountPlanDatabase(
                f"{database.name} is a database, but not an Account Plan one (it has no schema version); "
                "choose another file."
            )
        revision = current_revision(connection)
        if revision == head_revision():
            return
        if revision not in known_revisions():
            raise DatabaseTooNew(
                f"{database.name} was written by a newer version of Account Plan (schema {revision}); "
                f"this version knows up to schema {head_revision()}. Install the newer version to open it."
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
    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
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

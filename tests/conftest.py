"""Shared fixtures: every test gets fresh databases in its own folder, and Qt runs offscreen."""

from __future__ import annotations

import os

# Before anything imports Qt: there is no display in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from accountplan.model import Base  # noqa: E402
from accountplan.store.database import Database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real user's data, settings and database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("ACCOUNTPLAN_DB", raising=False)
    monkeypatch.setenv("ACCOUNTPLAN_USER", "tester")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "plan.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A new, empty plan database in a real SQLite file."""
    database = Database.open(db_path, user="tester")
    yield database
    database.close()


@pytest.fixture
def table_counts(db: Database) -> Callable[[], dict[str, int]]:
    """The number of rows in every table of the plan, to show that a refused change wrote nothing."""

    def counts() -> dict[str, int]:
        with db.session() as session:
            return {
                name: int(session.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in Base.metadata.tables.items()
            }

    return counts

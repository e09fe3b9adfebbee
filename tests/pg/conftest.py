"""Fixtures for team mode: windows over a database (PostgreSQL or SQLite), each with its own settings file."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.frame.main_window import MainWindow

MakeWindow = Callable[[Database], MainWindow]


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[MakeWindow]:  # type: ignore[no-untyped-def]
    """Open a window over a database, as a user would (shown, with its own settings)."""
    made: list[MainWindow] = []

    def make(database: Database) -> MainWindow:
        settings = S.Settings(
            QSettings(str(tmp_path / f"settings-{len(made)}.ini"), QSettings.Format.IniFormat)
        )
        window = MainWindow(database, settings)
        qtbot.addWidget(window)
        window.resize(1200, 760)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One plan database that several users open: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite")
    url: str = request.getfixturevalue("pg_url")
    return url


def _add_team_account(database: Database) -> tuple[int, int]:
    with database.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
        boss = stakeholders.add_stakeholder(session, account_id, "田中 愛子", title="CEO", influence=5)
        zoe = stakeholders.add_stakeholder(
            session, account_id, "Zoë Lefèvre", title="CFO", reports_to_id=boss
        )
    return account_id, zoe


@pytest.fixture
def add_team_account() -> Callable[[Database], tuple[int, int]]:
    """Adds an account with two people; returns (account id, the id of Zoë Lefèvre, the CFO)."""
    return _add_team_account


@dataclass
class TeamWindow:
    """Alice's window on the stakeholders page of the team account, and where Zoë Lefèvre is in its table."""

    database: Database
    window: MainWindow
    account_id: int
    zoe: int

    @property
    def model(self) -> Any:
        return self.window.page("stakeholders").model  # type: ignore[attr-defined]

    @property
    def zoe_row(self) -> int:
        model = self.model
        return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Zoë Lefèvre")

    def titles(self) -> dict[str, str]:
        model = self.model
        return {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}


@pytest.fixture
def team_window(make_window: MakeWindow) -> Iterator[Callable[..., TeamWindow]]:
    """``team_window(url, user="alice")``: the team account added (on a new database) and a window on it."""
    opened: list[TeamWindow] = []

    def open_(url: str, user: str = "alice", *, add_account: bool = True) -> TeamWindow:
        database = Database.open(url, user=user)
        account_id, zoe = _add_team_account(database) if add_account else (0, 0)
        window = make_window(database)
        window.show_page("stakeholders")
        opened.append(TeamWindow(database, window, account_id, zoe))
        return opened[-1]

    yield open_
    for team in opened:
        team.window.close()
        team.database.close()


COLLEAGUE = textwrap.dedent(
    """
    import json, sys
    from accountplan.plan.stakeholders import update_stakeholder
    from accountplan.store.database import Database

    with Database.open(sys.argv[1], user=sys.argv[2]) as database, database.transaction() as session:
        update_stakeholder(session, int(sys.argv[3]), **json.loads(sys.argv[4]))
    """
)


@pytest.fixture
def colleague_saves() -> Callable[..., None]:
    """``colleague_saves(url, person_id, user="bob", **changes)``: a colleague's process saves the person."""

    def save(url: str, person_id: int, user: str = "bob", **changes: Any) -> None:
        argv = [sys.executable, "-c", COLLEAGUE, url, user, str(person_id), json.dumps(changes)]
        done = subprocess.run(argv, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    return save

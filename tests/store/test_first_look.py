"""The first look at a database, with sqlite3 alone: the window's first frame names the accounts from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from accountplan.plan.accounts import create_account, list_accounts
from accountplan.store import location
from accountplan.store.database import Database
from accountplan.store.first_look import first_look


def _add(db: Database, *names: str) -> None:
    with db.transaction() as session:
        for name in names:
            create_account(session, name)


def test_it_names_the_accounts_in_the_order_of_the_window(db: Database) -> None:
    _add(db, "Zephyr Logistics", "acme", "Émile Industries", "Acme Holdings", "株式会社テスト")
    with db.session() as session:
        expected = tuple(row.name for row in list_accounts(session))
    look = first_look(db.path)
    assert look.accounts == expected
    assert look.place == str(db.path) and not look.on_server


def test_it_sees_what_another_connection_has_committed_but_not_yet_checkpointed(db: Database) -> None:
    _add(db, "Before")
    _add(db, "After")  # the database stays open: the new row may still be in the write-ahead log only
    assert first_look(db.path).accounts == ("After", "Before")


def test_the_account_shown_is_the_last_one_used_if_it_is_still_there(db: Database) -> None:
    _add(db, "Alpha", "Beta")
    look = first_look(db.path)
    assert look.account_to_show("Beta") == "Beta"
    assert look.account_to_show("Deleted since") == "Alpha"
    assert first_look(db.path.with_name("none.sqlite")).account_to_show("Beta") is None


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "new.sqlite"
    assert first_look(missing).accounts == ()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b""])
def test_a_damaged_or_empty_file_gives_no_names_and_is_left_as_it_was(tmp_path: Path, content: bytes) -> None:
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(content)
    assert first_look(damaged).accounts == ()
    assert damaged.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.sqlite"]  # no -wal or -shm beside it


def test_a_database_of_another_application_gives_no_names(tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    assert first_look(other).accounts == ()


def test_a_closed_database_is_read_without_leaving_files_beside_it(db: Database) -> None:
    _add(db, "Alpha")
    path = db.path
    assert path is not None
    db.close()
    before = path.stat().st_mtime_ns
    assert first_look(path).accounts == ("Alpha",)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert path.stat().st_mtime_ns == before


def test_a_team_server_is_not_read_before_it_is_opened() -> None:
    look = first_look("postgresql+psycopg://seller@plans.example.com/pursuits")
    assert look.on_server and look.accounts == () and look.place == "the team server"


@pytest.mark.parametrize(
    "target",
    ["plan.sqlite", "sub dir/plan #1.sqlite", "sqlite:///plan.sqlite", "sqlite+pysqlite:///sub/plan.sqlite"],
)
def test_the_file_is_the_one_the_database_opens(
    target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    opened = location.sqlite_path(location.resolve_url(target))
    assert opened is not None
    assert location.sqlite_file(target) == opened.resolve()


def test_the_default_file_is_the_one_the_database_opens(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert location.sqlite_file(None) == location.sqlite_path(location.resolve_url(None))
    monkeypatch.setenv(location.ENV_DB, str(tmp_path / "from the environment.sqlite"))
    assert location.sqlite_file(None) == tmp_path / "from the environment.sqlite"

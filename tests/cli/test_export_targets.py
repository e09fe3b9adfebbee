"""Where an export may write: never over the database, one of its backups, or something that is not a file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.store.database import Database

Cli = Callable[..., tuple[int, str, str]]

#: Every export, with a file name it accepts.
EXPORTS = {
    "plan": "out.json",
    "calendar": "out.ics",
    "actions": "out.csv",
    "success-plan": "out.pdf",
    "account-plan": "out.pdf",
    "meeting-pack": "out.pdf",
    "org-chart": "out.svg",
}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo account in a closed database, made once; tests copy it."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    with Database.open(path, user="tester") as database:
        name, _ = load_demo(database)
    return path, name


def copy_database(template: Path, target: Path) -> Path:
    """A copy of a closed database through SQLite's backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(f"file:{template}?mode=ro", uri=True)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def account_names(path: Path) -> list[str]:
    with Database.open(path) as database, database.session() as session:
        return list(session.scalars(select(Account.name)))


def export(cli: Cli, kind: str, database: Path, name: str, target: Path | str) -> tuple[int, str, str]:
    return cli("--db", str(database), "export", kind, "--account", name, "-o", str(target))  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", EXPORTS)
def test_an_export_over_the_open_database_is_refused_and_the_database_is_untouched(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path, kind: str
) -> None:
    # Named like the export's files, so that nothing but the target's being the database stops it.
    database = copy_database(demo_template[0], tmp_path / f"plan{Path(EXPORTS[kind]).suffix}")
    before, listing = digest(database), sorted(os.listdir(tmp_path))

    code, out, err = export(cli, kind, database, demo_template[1], database)

    assert code == 1 and out == ""
    assert "is the open database" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert digest(database) == before
    assert sorted(os.listdir(tmp_path)) == listing  # no temporary file left behind
    assert account_names(database) == [demo_template[1]]


@pytest.mark.parametrize("companion", ["-wal", "-shm", "-journal"])
def test_an_export_over_a_file_sqlite_keeps_beside_the_database_is_refused(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path, companion: str
) -> None:
    database = copy_database(demo_template[0], tmp_path / "plan.sqlite")
    code, _, err = export(cli, "plan", database, demo_template[1], f"{database}{companion}")
    assert code == 1
    assert f"is the open database (its {companion[1:]} file)" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert not Path(f"{database}{companion}").exists()


def test_an_export_over_a_link_to_the_database_or_a_hard_link_of_it_is_refused(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path
) -> None:
    database = copy_database(demo_template[0], tmp_path / "plan.sqlite")
    (tmp_path / "link.json").symlink_to(database)
    os.link(database, tmp_path / "hard.json")
    before = digest(database)
    for target in ("link.json", "hard.json"):
        code, _, err = export(cli, "plan", database, demo_template[1], tmp_path / target)
        assert code == 1
        assert "is the open database" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert digest(database) == before


def test_an_export_over_one_of_the_database_backups_is_refused(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path
) -> None:
    database = copy_database(demo_template[0], tmp_path / "plan.sqlite")
    daily = copy_database(demo_template[0], tmp_path / "backups" / "daily-plan-2026-12-01.sqlite")
    before = digest(daily)
    code, _, err = export(cli, "plan", database, demo_template[1], daily)
    assert code == 1
    assert "is one of the database's backups" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert digest(daily) == before


@pytest.mark.parametrize("kind", EXPORTS)
@pytest.mark.parametrize("what", ["pipe", "folder"])
def test_an_export_over_something_that_is_not_a_file_is_refused_and_leaves_it_as_it_was(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path, kind: str, what: str
) -> None:
    database = copy_database(demo_template[0], tmp_path / "plan.sqlite")
    target = tmp_path / EXPORTS[kind]
    if what == "pipe":
        os.mkfifo(target)  # like /dev/null, which the test leaves alone: not a file to replace
    else:
        target.mkdir()

    code, out, err = export(cli, kind, database, demo_template[1], target)

    assert code == 1 and out == ""
    assert f"is a {what}, not a file" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    mode = target.lstat().st_mode
    assert stat.S_ISFIFO(mode) if what == "pipe" else stat.S_ISDIR(mode)
    assert sorted(os.listdir(tmp_path)) == sorted(["plan.sqlite", target.name])


@pytest.mark.parametrize("kind", EXPORTS)
def test_an_export_writes_its_file_whole_and_leaves_nothing_else_behind(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path, kind: str
) -> None:
    database = copy_database(demo_template[0], tmp_path / "data" / "plan.sqlite")
    out_folder = tmp_path / "exports"
    out_folder.mkdir()
    (out_folder / EXPORTS[kind]).write_text("an older export, replaced")

    code, out, err = export(cli, kind, database, demo_template[1], out_folder / EXPORTS[kind])

    assert (code, err) == (0, "")
    assert "Exported" in out
    assert os.listdir(out_folder) == [EXPORTS[kind]]
    written = (out_folder / EXPORTS[kind]).read_bytes()
    assert written and b"an older export" not in written
    assert (out_folder / EXPORTS[kind]).stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_a_backup_over_the_database_itself_is_refused(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path
) -> None:
    database = copy_database(demo_template[0], tmp_path / "plan.sqlite")
    before = digest(database)
    code, out, err = cli("--db", str(database), "backup", "-o", str(database))
    assert code == 1 and out == ""
    assert "is the open database" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert digest(database) == before
    assert account_names(database) == [demo_template[1]]


@pytest.mark.parametrize("what", ["pipe", "folder"])
def test_a_backup_over_something_that_is_not_a_file_is_refused(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path, what: str
) -> None:
    database = copy_database(demo_template[0], tmp_path / "plan.sqlite")
    target = tmp_path / "copy.sqlite"
    os.mkfifo(target) if what == "pipe" else target.mkdir()
    code, _, err = cli("--db", str(database), "backup", "-o", str(target))
    assert code == 1
    assert f"is a {what}, not a file" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert stat.S_ISFIFO(target.lstat().st_mode) if what == "pipe" else target.is_dir()


def test_a_backup_writes_one_whole_file_and_nothing_else(
    cli: Cli, demo_template: tuple[Path, str], tmp_path: Path
) -> None:
    database = copy_database(demo_template[0], tmp_path / "data" / "plan.sqlite")
    target = tmp_path / "saved" / "copy.sqlite"
    code, out, err = cli("--db", str(database), "backup", "-o", str(target))
    assert (code, err) == (0, "") and str(target) in out
    assert os.listdir(target.parent) == ["copy.sqlite"]
    assert account_names(target) == [demo_template[1]]

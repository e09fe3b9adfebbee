"""The one writer of user-named files: refuses the database, its backups and non-files; writes whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from accountplan.errors import CannotWrite, OutputRefused
from accountplan.store.database import Database
from accountplan.store.output_files import check_output, database_of, write_output


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    path.write_bytes(b"the database")
    return path


def test_a_new_file_is_written_whole_with_the_mode_a_new_file_gets(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "plan.json"
    target.parent.mkdir()
    assert write_output(target, b"{}\n", database=database) == target
    assert target.read_bytes() == b"{}\n"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert os.listdir(target.parent) == ["plan.json"]


def test_a_writer_given_the_temporary_path_and_an_existing_file_replaced(
    database: Path, tmp_path: Path
) -> None:
    target = tmp_path / "chart.svg"
    target.write_text("old")
    seen: list[Path] = []

    def write(path: Path) -> None:
        seen.append(path)
        assert path.parent == tmp_path and path.name.startswith(".chart.svg.") and path.exists()
        path.write_text("new")

    write_output(target, write, database=database)
    assert target.read_text() == "new"
    assert not seen[0].exists()
    assert sorted(os.listdir(tmp_path)) == ["chart.svg", "plan.sqlite"]


def test_a_writer_that_fails_half_way_leaves_the_old_file_and_no_temporary_one(
    database: Path, tmp_path: Path
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_text("the last good export")

    def write(path: Path) -> None:
        path.write_text("half a docu")
        raise OSError(28, "No space left on device")

    with pytest.raises(CannotWrite) as failed:
        write_output(target, write, database=database)
    assert str(failed.value) == f"Cannot write {target}: No space left on device."
    assert target.read_text() == "the last good export"
    assert sorted(os.listdir(tmp_path)) == ["plan.pdf", "plan.sqlite"]


def test_a_folder_that_is_not_there_is_one_sentence(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plan.json"
    with pytest.raises(CannotWrite, match=r"^Cannot write .*plan\.json: No such file or directory\.$"):
        write_output(target, b"{}", database=database)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CannotWrite, match=r"Not a directory\.$"):
        write_output(blocker / "plan.json", b"{}", database=database)


@pytest.mark.parametrize("name", ["plan.sqlite", "plan.sqlite-wal", "plan.sqlite-shm", "plan.sqlite-journal"])
def test_the_database_and_the_files_sqlite_keeps_beside_it_are_refused(
    database: Path, tmp_path: Path, name: str
) -> None:
    with pytest.raises(OutputRefused, match="is the open database"):
        write_output(tmp_path / name, b"export", database=database)
    assert database.read_bytes() == b"the database"
    assert sorted(os.listdir(tmp_path)) == ["plan.sqlite"]


def test_other_spellings_links_and_hard_links_of_the_database_are_refused(
    database: Path, tmp_path: Path
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.json").symlink_to(database)
    os.link(database, tmp_path / "hard.json")
    for target in (tmp_path / "sub" / ".." / "plan.sqlite", tmp_path / "link.json", tmp_path / "hard.json"):
        with pytest.raises(OutputRefused, match="is the open database"):
            write_output(target, b"export", database=database)
    relative = Path(os.path.relpath(database))
    with pytest.raises(OutputRefused):
        check_output(database, relative)
    assert database.read_bytes() == b"the database"


def test_a_file_in_the_backups_folder_is_refused_and_a_new_name_there_is_not(
    database: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    daily = backups / "daily-plan-2026-12-01.sqlite"
    daily.write_bytes(b"a backup")
    with pytest.raises(OutputRefused, match="is one of the database's backups"):
        write_output(daily, b"export", database=database)
    assert daily.read_bytes() == b"a backup"
    write_output(backups / "daily-plan-2026-12-02.sqlite", b"the next one", database=database)


@pytest.mark.parametrize("what", ["pipe", "folder", "link to a pipe"])
def test_what_is_not_a_regular_file_is_refused_even_without_a_database(tmp_path: Path, what: str) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    target = {"pipe": pipe, "folder": tmp_path / "folder", "link to a pipe": tmp_path / "link"}[what]
    if what == "folder":
        target.mkdir()
    elif what == "link to a pipe":
        target.symlink_to(pipe)
    with pytest.raises(OutputRefused, match=r"is a (pipe|folder), not a file"):
        write_output(target, b"export", database=None)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert target.is_dir() if what == "folder" else target.exists()


def test_the_database_of_a_session_is_its_file(db: Database, db_path: Path) -> None:
    with db.session() as session:
        assert database_of(session) == db_path
    with Database.open("sqlite://") as memory, memory.session() as session:
        assert database_of(session) is None

"""The command line in hostile places: one sentence and exit 1 (or a quiet exit), never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.model import Account, Stakeholder
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database

Cli = Callable[..., tuple[int, str, str]]


def account_names(path: Path) -> list[str]:
    with Database.open(path) as database, database.session() as session:
        return list(session.scalars(select(Account.name).order_by(Account.name)))


@pytest.fixture
def plan_db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    with Database.open(path) as database, database.transaction() as session:
        account = create_account(session, "Acme")
        add_stakeholder(session, account, "Aiko Tanaka")
    return path


@pytest.fixture
def plan_file(cli: Cli, plan_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "elsewhere" / "acme.json"
    target.parent.mkdir()
    assert cli("--db", str(plan_db), "export", "plan", "--account", "Acme", "-o", str(target))[0] == 0
    return target


def python_m(*argv: str | bytes, **options: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "accountplan", *argv],
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        **options,
    )


# --- the daily backup cannot be made ----------------------------------------------------------------


def _block_the_backups_folder(plan_db: Path, how: str) -> None:
    backups = plan_db.parent / "backups"
    if how == "a file named backups":
        backups.write_text("not a folder")
    else:
        backups.mkdir()
        backups.chmod(0o500)


@pytest.mark.parametrize(
    "how",
    [
        "a file named backups",
        pytest.param(
            "a read-only folder",
            marks=pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder"),
        ),
    ],
)
def test_imports_and_the_demo_refuse_before_changing_anything_when_todays_backup_cannot_be_made(
    cli: Cli, plan_db: Path, plan_file: Path, tmp_path: Path, how: str
) -> None:
    _block_the_backups_folder(plan_db, how)
    contacts = tmp_path / "people.csv"
    contacts.write_text("Name,Title\nZoë Lefèvre,CFO\n", encoding="utf-8")
    try:
        for argv in (
            ("import", "plan", str(plan_file), "--rename", "Acme again"),
            ("import", "plan", str(plan_file), "--replace"),
            ("import", "contacts", str(contacts), "--account", "Acme"),
            ("demo",),
        ):
            code, out, err = cli("--db", str(plan_db), *argv)
            assert code == 1 and out == "", argv
            sentence = cli.one_clear_sentence(err)  # type: ignore[attr-defined]
            assert "could not make today's backup" in sentence.lower()
            assert "nothing was changed" in sentence
    finally:
        if how == "a read-only folder":
            (plan_db.parent / "backups").chmod(0o700)
    assert account_names(plan_db) == ["Acme"]
    with Database.open(plan_db) as database, database.session() as session:
        assert list(session.scalars(select(Stakeholder.name))) == ["Aiko Tanaka"]


def test_with_todays_backup_made_a_read_only_rotation_does_not_stop_the_import(
    cli: Cli, plan_db: Path, plan_file: Path
) -> None:
    assert cli("--db", str(plan_db), "import", "plan", str(plan_file), "--rename", "First")[0] == 0
    backups = plan_db.parent / "backups"
    for day in range(1, 13):  # more old dailies than the rotation keeps
        (backups / f"daily-plan-2026-01-{day:02d}.sqlite").write_bytes(b"")
    (backups / "daily-plan-2026-01-01.sqlite").unlink()
    (backups / "daily-plan-2026-01-01.sqlite").mkdir()  # one the rotation cannot delete
    code, _, err = cli("--db", str(plan_db), "import", "plan", str(plan_file), "--rename", "Second")
    assert (code, err) == (0, "")
    assert account_names(plan_db) == ["Acme", "First", "Second"]


# --- a backup that cannot be written ----------------------------------------------------------------


def test_a_backup_into_a_path_inside_a_file_is_one_sentence_and_leaves_nothing(
    cli: Cli, plan_db: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "somefile"
    blocker.write_text("a file, not a folder")
    before = sorted(os.listdir(tmp_path))
    code, out, err = cli("--db", str(plan_db), "backup", "-o", str(blocker / "x.sqlite"))
    assert code == 1 and out == ""
    assert "Cannot write the backup to" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert sorted(os.listdir(tmp_path)) == before
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs a file size limit (POSIX)")
def test_a_backup_that_runs_out_of_room_is_one_sentence_and_leaves_no_partial_file(
    plan_db: Path, tmp_path: Path
) -> None:
    assert plan_db.stat().st_size > 65536  # more than the room below
    folder = tmp_path / "out"
    folder.mkdir()
    # A disk that is full after 64 KiB, for this process only: the file size limit (no mount needed).
    limited = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); "
        "from accountplan.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", limited, "--db", str(plan_db), "backup", "-o", str(folder / "copy.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("accountplan: Cannot write the backup to ")
    assert os.listdir(folder) == []
    assert account_names(plan_db) == ["Acme"]


# --- arguments that are not text --------------------------------------------------------------------


def test_an_account_name_that_is_not_utf8_is_one_sentence(plan_db: Path, tmp_path: Path) -> None:
    process = python_m(
        "--db", str(plan_db), "export", "plan", "--account", b"\xff", "-o", str(tmp_path / "x.json"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert out == b""
    (line,) = err.decode("utf-8").strip().splitlines()
    assert line.startswith("accountplan: ") and "the account name is not valid text" in line.lower()
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("export", "org-chart", "--account", "Ac\udcffme", "-o", "x.svg"),
        ("import", "contacts", "people.csv", "--account", "\udcff"),
        ("import", "plan", "acme.json", "--rename", "\udcfe\udcff"),
    ],
)
def test_every_name_argument_that_is_not_utf8_is_one_sentence(
    cli: Cli, plan_db: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = cli("--db", str(plan_db), *argv)
    assert code == 1 and out == ""
    assert "is not valid text" in cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert account_names(plan_db) == ["Acme"]


def test_a_file_name_that_is_not_utf8_is_written_and_named_without_a_traceback(
    plan_db: Path, tmp_path: Path
) -> None:
    target = os.fsencode(tmp_path) + b"/caf\xe9.json"  # a Latin-1 file name
    process = python_m(
        "--db", str(plan_db), "export", "plan", "--account", "Acme", "-o", target,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (0, b"")
    assert out.startswith(b"Exported 'Acme' to ")
    assert os.path.exists(target)


# --- output piped into a program that stops reading -------------------------------------------------


def test_output_into_a_closed_pipe_exits_quietly(plan_db: Path) -> None:
    process = python_m("--db", str(plan_db), "accounts", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `accountplan accounts | head -c1`, once head has exited
    err = process.stderr.read()
    process.wait(timeout=120)
    assert err == b""  # no traceback, no "Exception ignored ... BrokenPipeError"
    assert process.returncode == 1  # as the Python documentation's note on SIGPIPE does


def test_accounts_piped_into_head_prints_no_traceback(plan_db: Path) -> None:
    done = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m accountplan --db "{plan_db}" accounts | head -c1; '
         'echo " ${PIPESTATUS[0]}" >&2'],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.stdout == "A"
    assert done.stderr.strip() in ("0", "1")  # 1 when head had gone before the table was written

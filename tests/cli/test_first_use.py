"""A new user's first commands: what is not installed or not there yet is said in a sentence, and nothing is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Runs the command line in a process where the PostgreSQL driver (the ``team`` extra) is not installed.
WITHOUT_DRIVER = "import sys; sys.modules['psycopg'] = None; from accountplan.cli import main; sys.exit(main(sys.argv[1:]))"


def fresh_home(home: Path) -> dict[str, str]:
    """The environment of a user who never ran Account Plan: empty home, data and configuration folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in ("ACCOUNTPLAN_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONIOENCODING="utf-8",
    )
    return env


def files_below(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "url", ["postgresql://planner:secret@127.0.0.1:9/plans", "postgresql+psycopg://h/plans"]
)
def test_a_team_server_without_the_driver_says_what_to_install(tmp_path: Path, url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_DRIVER, "--db", url, "accounts"],
        capture_output=True, text=True, env=fresh_home(tmp_path), timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1  # one sentence
    assert "is a team server, and the PostgreSQL driver it needs is not installed" in done.stderr
    assert "pip install 'accountplan[team]'" in done.stderr
    assert "secret" not in done.stderr
    assert [name for name in files_below(tmp_path) if not name.startswith("state/")] == []  # the log only
    logged = (tmp_path / "state" / "AccountPlan" / "log" / "accountplan.log").read_text(encoding="utf-8")
    assert "accountplan --db … accounts" in logged and "secret" not in logged


def test_one_person_on_sqlite_needs_no_driver(tmp_path: Path) -> None:
    database = tmp_path / "plan.sqlite"
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_DRIVER, "--db", str(database), "demo"],
        capture_output=True, text=True, env=fresh_home(tmp_path), timeout=300, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Added the demo account ")


@pytest.mark.parametrize("what", ["success-plan", "plan", "org-chart", "calendar", "actions", "meeting-pack"])
def test_an_export_of_an_unknown_account_makes_no_database(tmp_path: Path, what: str) -> None:
    home = tmp_path / "home"
    output = tmp_path / "x.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "accountplan", "export", what, "--account", "Nope", "-o", str(output)],
        capture_output=True, text=True, env=fresh_home(home), timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    database = home / "data" / "AccountPlan" / "accountplan.sqlite"
    assert done.stderr == (
        f"accountplan: There is no account named 'Nope': there is no database at {database} yet.\n"
    )
    assert not output.exists()
    assert [name for name in files_below(home) if not name.startswith("state/")] == []  # only the log file


def test_an_export_from_a_database_file_that_is_not_there_makes_none(tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere" / "plan.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "accountplan", "--db", str(missing), "export", "plan", "--account", "Acme",
         "-o", str(tmp_path / "acme.json")],
        capture_output=True, text=True, env=fresh_home(tmp_path / "home"), timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "there is no database at" in done.stderr
    assert not missing.parent.exists()

"""``accountplan --smoke-test``: the real start-up, in a process of its own, headless."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from accountplan.store.database import Database

PAINTED = re.compile(
    r"^Painted '(?P<title>.+)' \((?P<page>.+)\) (?P<seconds>\d+\.\d{3}) s after the process started; "
    r"its first frame (?P<first>\d+\.\d{3}) s\.$"
)


def _smoke_test(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    user = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    return subprocess.run(
        [sys.executable, "-m", "accountplan", *argv],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **user, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"},
        check=False,
    )


def test_it_paints_the_first_account_and_says_how_long_start_up_took(
    db: Database, demo_name: str, tmp_path: Path
) -> None:
    db.close()
    done = _smoke_test("--db", str(db.path), "--smoke-test", home=tmp_path)
    assert done.returncode == 0, done.stderr
    painted = PAINTED.match(done.stdout.strip())
    assert painted is not None, done.stdout
    assert painted["title"] == f"{demo_name} — Account Plan"
    assert painted["page"] == "Overview"
    assert 0 < float(painted["first"]) < float(painted["seconds"]) < 120


def test_it_leaves_the_users_preferences_alone(db: Database, demo_name: str, tmp_path: Path) -> None:
    db.close()
    config = tmp_path / "config"
    done = _smoke_test("--db", str(db.path), "--smoke-test", home=tmp_path)
    assert done.returncode == 0, done.stderr
    # The window remembers the last database and account in the user's settings; the smoke test must not.
    assert not config.exists() or not any(config.rglob("*")), sorted(config.rglob("*"))


def test_an_empty_database_shows_the_welcome_page(tmp_path: Path) -> None:
    done = _smoke_test("--db", str(tmp_path / "new.sqlite"), "--smoke-test", home=tmp_path)
    assert done.returncode == 0, done.stderr
    painted = PAINTED.match(done.stdout.strip())
    assert painted is not None, done.stdout
    assert (painted["title"], painted["page"]) == ("Account Plan", "welcome page")


def test_a_file_that_is_not_a_plan_database_fails_with_the_reason(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("shopping list: milk, eggs\n", encoding="utf-8")
    done = _smoke_test("--db", str(notes), "--smoke-test", home=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    # (The first frame was painted before the file was refused: Qt's offscreen platform may have said so.)
    reason = done.stderr.strip().splitlines()[-1]
    assert reason.startswith("accountplan: ") and "notes.sqlite" in reason
    assert done.stdout == ""


def test_it_takes_no_command(tmp_path: Path) -> None:
    done = _smoke_test("--db", str(tmp_path / "new.sqlite"), "--smoke-test", "accounts", home=tmp_path)
    assert done.returncode == 2
    assert "--smoke-test opens the window: it takes no command" in done.stderr

"""The log file: each command with the version and the platform, refusals and errors, crashes (faulthandler)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountplan import __version__, log_file
from accountplan.cli import main


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where the user's log folder is for this test (platformdirs reads XDG_STATE_HOME on Linux)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = log_file.log_folder()
    yield folder
    log_file.stop()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_STATE_HOME places the log folder on Linux")
def test_each_command_is_logged_with_the_version_and_the_platform_but_no_names(
    log_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "plan.sqlite"
    assert main(["--db", str(database), "demo"]) == 0
    assert (
        main(["--db", str(database), "export", "plan", "--account", "Nordhaven Secret", "-o", "x.json"]) == 1
    )
    capsys.readouterr()
    assert log_folder == tmp_path / "state" / "AccountPlan" / "log"
    text = (log_folder / "accountplan.log").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert f"Account Plan {__version__}, Python" in lines[0] and "accountplan --db … demo" in lines[0]
    assert "INFO accountplan: exit status 0" in lines[1]
    assert "accountplan --db … export plan --account … -o …" in lines[2]
    assert "WARNING accountplan: refused: There is no account named 'Nordhaven Secret'" in lines[3]
    assert str(database) not in text  # file names and account names only in the refusal's own sentence


def test_the_log_rotates_and_a_crash_is_written_there(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    crash = (
        "import faulthandler, sys\n"
        "from pathlib import Path\n"
        "from accountplan import log_file\n"
        "log_file.start('accountplan (the window)', folder=Path(sys.argv[1]))\n"
        "faulthandler._sigsegv()\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONFAULTHANDLER"}
    done = subprocess.run(
        [sys.executable, "-c", crash, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    text = (folder / "accountplan.log").read_text(encoding="utf-8")
    assert "accountplan (the window)" in text
    assert "Fatal Python error: Segmentation fault" in text and "line 5 in <module>" in text


def test_a_full_log_rotates_keeping_five_old_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_file, "MAX_BYTES", 2_000)
    path = log_file.start("accountplan accounts", folder=tmp_path)
    assert path is not None
    try:
        for number in range(400):
            log_file.logger.info("line %d of a long day", number)
    finally:
        log_file.stop()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "accountplan.log",
        *(f"accountplan.log.{n}" for n in range(1, 6)),
    ]
    assert "line 399 of a long day" in path.read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_written_logs_nothing_and_runs_all_the_same(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be")
    assert log_file.start("accountplan accounts", folder=blocker / "log") is None
    assert log_file.log_path() is None
    log_file.logger.info("goes nowhere")

"""Fixtures for the command line: run it in-process, and a database holding the demo account."""

from __future__ import annotations

import pytest

from accountplan.cli import main
from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database

#: (exit status, stdout, stderr)
Result = tuple[int, str, str]


class CliRunner:
    """Runs the command line in-process: ``cli(*argv)`` returns (exit status, stdout, stderr)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *argv: str) -> Result:
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse: --version, usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = self.capsys.readouterr()
        return code, out, err

    @staticmethod
    def one_clear_sentence(err: str) -> str:
        """The single line a user error prints (no traceback), which the test may check further."""
        assert "Traceback" not in err
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("accountplan: ")
        assert len(lines[0]) > len("accountplan: ") + 10
        return lines[0]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    return CliRunner(capsys)


@pytest.fixture
def demo_name(db: Database) -> str:
    """The name of the demo account, loaded into the test's database (``db_path``)."""
    name, _ = load_demo(db)
    return name

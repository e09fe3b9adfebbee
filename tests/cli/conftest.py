"""Fixtures for the command line: run it in-process, and a database holding the demo account."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accountplan.cli import main
from accountplan.store.database import Database
from accountplan.store.demo import load_demo

#: (exit status, stdout, stderr)
Result = tuple[int, str, str]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the command line in-process with the given arguments; return (exit status, stdout, stderr)."""

    def run(*argv: str) -> Result:
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse: --version, usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def demo_name(db: Database) -> str:
    """The name of the demo account, loaded into the test's database (``db_path``)."""
    name, _ = load_demo(db)
    return name

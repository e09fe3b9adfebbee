"""Fuzzing the command line as a careless or hostile user would type it: every run ends in one sentence.

Property: whatever the arguments (account names in any bytes, outputs onto the database, a folder or a
pipe, imports of any bytes), the command exits 0, 1 with one sentence on stderr, or 2 for a usage error;
never a traceback; and an export or a refused command leaves the database as it was.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database

from .conftest import CliRunner

ACCOUNT = "Fuzz Corp"
EXPORTS = ["plan", "org-chart", "calendar", "actions", "success-plan", "account-plan", "meeting-pack"]
SUFFIXES = {"org-chart": [".svg", ".png", ".pdf", ".txt"], "calendar": [".ics"], "actions": [".csv"]}
NAMES = st.one_of(
    st.just(ACCOUNT),
    st.text(max_size=12),
    # What a terminal hands over for bytes that are not UTF-8 (Python decodes argv with surrogateescape).
    st.binary(min_size=1, max_size=8).map(lambda raw: raw.decode("utf-8", "surrogateescape")),
)


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.iterdump())


@pytest.fixture(scope="module")
def fuzz_place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a small account whose people have hostile names, and things that are not files."""
    place = tmp_path_factory.mktemp("cli-fuzz")
    with Database.open(place / "plan.sqlite", user="fuzz") as database, database.transaction() as session:
        account = create_account(session, ACCOUNT)
        boss = add_stakeholder(session, account, "Olga =1+1", title="CEO <b>")
        add_stakeholder(session, account, "井上 大輔", title="CFO", reports_to_id=boss)
    (place / "a folder").mkdir()
    os.mkfifo(place / "a pipe")
    (place / "a file").write_text("not a folder")
    return place


@st.composite
def command_lines(draw: st.DrawFn, place: Path) -> tuple[list[str], bool]:
    """A command line, and whether it may change the database."""
    db = str(place / "plan.sqlite")
    target = draw(
        st.sampled_from(
            [
                db,
                db + "-wal",
                str(place / "a folder"),
                str(place / "a pipe"),
                str(place / "a file" / "out"),
                str(place / "missing folder" / "out"),
                str(place / "out"),
            ]
        )
    )
    kind = draw(st.sampled_from(["export", "export", "export", "import", "backup", "accounts", "check"]))
    if kind == "export":
        what = draw(st.sampled_from(EXPORTS))
        suffix = draw(st.sampled_from(SUFFIXES.get(what, [".json", ".pdf"])))
        output = target if target != str(place / "out") else target + suffix
        return ["--db", db, "export", what, "--account", draw(NAMES), "-o", output], False
    if kind == "import":
        content = draw(st.binary(max_size=200))
        source = place / "incoming.bin"
        source.write_bytes(content)
        what = draw(st.sampled_from(["plan", "contacts"]))
        extra = ["--account", draw(NAMES)] if what == "contacts" else ["--rename", draw(NAMES)]
        return ["--db", db, "import", what, str(source), *extra], True
    if kind == "backup":
        return ["--db", db, "backup", "-o", target], False
    return ["--db", db, kind], False


def test_any_command_line_ends_in_one_sentence_and_an_export_changes_nothing(
    cli: CliRunner, fuzz_place: Path
) -> None:
    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(command=command_lines(fuzz_place))
    def check(command: tuple[list[str], bool]) -> None:
        argv, may_change = command
        before = _dump(fuzz_place / "plan.sqlite")
        code, _out, err = cli(*argv)
        assert code in (0, 1, 2), (argv, code, err)
        assert "Traceback" not in err
        if code == 1:
            cli.one_clear_sentence(err)
        if code != 0 or not may_change:
            assert _dump(fuzz_place / "plan.sqlite") == before, argv
        assert (fuzz_place / "a pipe").is_fifo() and (fuzz_place / "a folder").is_dir()

    check()

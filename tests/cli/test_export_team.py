"""`accountplan export calendar` and `export actions`: the file, one sentence on success or on a user error."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest


def test_exports_the_demo_calendar_and_says_what_it_holds(
    cli: Callable[..., tuple[int, str, str]], db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    out = tmp_path / "team.ics"
    code, stdout, stderr = cli(
        "--db", str(db_path), "export", "calendar", "--account", demo_name, "-o", str(out)
    )
    assert (code, stderr) == (0, "")
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    todos = list(calendar.walk("VTODO"))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 6 + 15
    assert stdout == (
        f"Exported the calendar of {demo_name!r} (6 meetings, 15 milestones and {len(todos)} open actions "
        f"with a due date) to {out}.\n"
    )
    assert all(c.get("uid") and c.get("dtstamp") for c in [*events, *todos])


def test_exports_the_demo_actions_as_csv(
    cli: Callable[..., tuple[int, str, str]], db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    out = tmp_path / "actions.csv"
    code, stdout, stderr = cli(
        "--db", str(db_path), "export", "actions", "--account", demo_name, "-o", str(out)
    )
    assert (code, stderr) == (0, "")
    assert stdout == f"Exported 93 actions of {demo_name!r} (open and done) to {out}.\n"
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 93 and {r["Status"] for r in rows} == {"Open", "In progress", "Done"}


@pytest.mark.parametrize("what, suffix", [("calendar", "ics"), ("actions", "csv")])
def test_an_unknown_account_is_one_sentence_and_no_file(
    cli: Callable[..., tuple[int, str, str]],
    db_path: Path,
    demo_name: str,
    tmp_path: Path,
    what: str,
    suffix: str,
) -> None:
    out = tmp_path / f"nothing.{suffix}"
    code, stdout, stderr = cli(
        "--db", str(db_path), "export", what, "--account", "Nobody Inc", "-o", str(out)
    )
    assert (code, stdout) == (1, "")
    assert cli.one_clear_sentence(stderr) == (
        f"accountplan: There is no account named 'Nobody Inc' (accounts: {demo_name})."
    )
    assert not out.exists()


@pytest.mark.parametrize("what", ["calendar", "actions"])
def test_an_unwritable_file_is_one_sentence(
    cli: Callable[..., tuple[int, str, str]], db_path: Path, demo_name: str, tmp_path: Path, what: str
) -> None:
    out = tmp_path / "no such folder" / "file"
    code, _, stderr = cli("--db", str(db_path), "export", what, "--account", demo_name, "-o", str(out))
    assert code == 1
    assert cli.one_clear_sentence(stderr).startswith(f"accountplan: Cannot write {out}:")


def test_the_account_is_required(
    cli: Callable[..., tuple[int, str, str]], db_path: Path, tmp_path: Path
) -> None:
    code, _, stderr = cli("--db", str(db_path), "export", "calendar", "-o", str(tmp_path / "x.ics"))
    assert code == 2 and "--account" in stderr

"""`accountplan export success-plan`: the PDF, and the summary of what it left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

Cli = Callable[..., tuple[int, str, str]]


def test_the_success_plan_is_written_and_the_withheld_summary_printed(
    cli: Cli, db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    out = tmp_path / "success.pdf"
    code, stdout, stderr = cli(
        "--db", str(db_path), "export", "success-plan", "--account", demo_name, "-o", str(out)
    )
    assert (code, stderr) == (0, "")
    assert f"Exported the success plan of {demo_name!r} to {out}" in stdout
    assert "Left out, as internal:" in stdout and "red flags" in stdout and "162 stakeholders" in stdout
    reader = PdfReader(out)
    assert 1 <= len(reader.pages) <= 3
    assert demo_name in reader.pages[0].extract_text()


def test_an_unwritable_target_is_one_sentence_and_leaves_no_file(
    cli: Cli, db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    out = tmp_path / "missing-folder" / "success.pdf"
    code, stdout, stderr = cli(
        "--db", str(db_path), "export", "success-plan", "--account", demo_name, "-o", str(out)
    )
    assert code == 1 and stdout == ""
    assert stderr.startswith("accountplan: Cannot write") and len(stderr.strip().splitlines()) == 1
    assert not out.parent.exists()


def test_the_meeting_pack_of_a_given_day_and_a_bad_day(
    cli: Cli, db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    args = ("--db", str(db_path), "export", "meeting-pack", "--account", demo_name)
    code, stdout, stderr = cli(*args, "-o", str(out))
    assert (code, stderr) == (0, "") and "Exported the meeting pack" in stdout
    assert "Deal team alignment" in PdfReader(out).pages[0].extract_text()
    code, stdout, stderr = cli(*args, "--meeting", "2001-01-01", "-o", str(tmp_path / "none.pdf"))
    assert code == 1 and "no meeting on 2001-01-01" in stderr and not (tmp_path / "none.pdf").exists()
    code, _, stderr = cli(*args, "--meeting", "tomorrow", "-o", str(out))
    assert code == 2 and "is not a date like" in stderr


def test_the_account_plan_is_written_with_its_contents_and_an_unknown_account_is_refused(
    cli: Cli, db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    out = tmp_path / "account-plan.pdf"
    args = ("--db", str(db_path), "export", "account-plan")
    code, stdout, stderr = cli(*args, "--account", demo_name, "-o", str(out))
    assert (code, stderr) == (0, "")
    reader = PdfReader(out)
    assert (
        stdout.strip() == f"Exported the account plan of {demo_name!r} to {out} ({len(reader.pages)} pages)."
    )
    contents = reader.pages[0].extract_text()
    assert demo_name in contents and "Internal: for the deal team only" in contents
    assert "Contents" in contents and "The numbers" in contents
    code, stdout, stderr = cli(*args, "--account", "Nobody Inc", "-o", str(tmp_path / "none.pdf"))
    assert code == 1 and stdout == "" and "Nobody Inc" in stderr
    assert not (tmp_path / "none.pdf").exists()

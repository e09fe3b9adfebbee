"""export success-plan -o FILE.xlsx and import success-plan FILE.xlsx: the customer's updates on the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from accountplan.model.enums import MilestoneStatus
from accountplan.plan import success
from accountplan.plan.accounts import account_named
from accountplan.store.database import Database

from .conftest import CliRunner


def milestones(db_path: Path, name: str) -> dict[str, dict[str, object]]:
    with Database.open(db_path) as database, database.session() as session:
        account_id = account_named(session, name)
        return {
            i.values["title"]: i.values
            for i in success.success_plan_view(session, account_id).items["milestone"]
        }


def test_a_workbook_exported_edited_listed_then_applied(
    cli: CliRunner, db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    code, out, _ = cli(
        "--db", str(db_path), "export", "success-plan", "--account", demo_name, "-o", str(path)
    )
    assert code == 0 and f"to {path} (4 sheets)" in out and "Left out, as internal:" in out
    book = openpyxl.load_workbook(path)
    title = str(book["Milestones"]["C4"].value)
    book["Milestones"]["G4"].value = "Missed"
    book.save(path)
    before = milestones(db_path, demo_name)

    args = ("--db", str(db_path), "import", "success-plan", str(path), "--account", demo_name)
    code, out, _ = cli(*args, "--dry-run")
    assert code == 0
    assert f'  - Milestones, "{title}": Status Planned → Missed' in out and "Dry run, nothing written." in out
    assert milestones(db_path, demo_name) == before

    code, out, _ = cli(*args)
    assert code == 0 and "Applied as one step" in out and "from the customer's workbook of" in out
    assert milestones(db_path, demo_name)[title]["status"] is MilestoneStatus.MISSED

    book = openpyxl.load_workbook(path)
    book["Milestones"]["D3"].value = "soon"
    book.save(path)
    code, _, err = cli(*args)
    assert code != 0
    line = cli.one_clear_sentence(err)
    assert "Milestones, row 3, column D (Date): 'soon' is not a date." in line
    assert milestones(db_path, demo_name)[title]["status"] is MilestoneStatus.MISSED


def test_an_unedited_workbook_changes_nothing(
    cli: CliRunner, db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    assert (
        cli("--db", str(db_path), "export", "success-plan", "--account", demo_name, "-o", str(path))[0] == 0
    )
    code, out, _ = cli("--db", str(db_path), "import", "success-plan", str(path), "--account", demo_name)
    assert code == 0 and "changes nothing" in out

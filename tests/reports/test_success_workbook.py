"""The success plan as a workbook the customer edits, and their updates read back, proposed and applied."""

from __future__ import annotations

import datetime as dt
import html
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, ChangeLogEntry
from accountplan.model.enums import ChangeKind, MilestoneStatus
from accountplan.plan import success
from accountplan.plan.accounts import create_account
from accountplan.reports.exports import export_success_plan
from accountplan.reports.shareable import read_success_plan
from accountplan.reports.success_workbook_import import (
    CustomerUpdatesRead,
    WorkbookRefused,
    customer_updates,
    read_customer_updates,
)
from accountplan.store.database import Database

from .test_success_plan import _mark_every_internal_field

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo_id(db: Database) -> int:
    load_demo(db, today=TODAY)
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def export(db: Database, account_id: int, path: Path) -> Path:
    with db.session() as session:
        result = export_success_plan(session, account_id, path, TODAY)
    assert result.pages == 4
    return path


def propose(db: Database, account_id: int, path: Path) -> CustomerUpdatesRead:
    with db.session() as session:
        return read_customer_updates(session, account_id, path)


def view(db: Database, account_id: int) -> success.SuccessPlanView:
    with db.session() as session:
        return success.success_plan_view(session, account_id)


def first_empty_row(sheet: openpyxl.worksheet.worksheet.Worksheet) -> int:
    row = 2
    while sheet.cell(row, 1).value or sheet.cell(row, 2).value:
        row += 1
    return row


def customer_edits(path: Path) -> Path:
    """As a customer would: a status changed, a date moved, a milestone added at the bottom; saved."""
    book = openpyxl.load_workbook(path)
    sheet = book["Milestones"]
    assert sheet.cell(4, 3).value == "Bremerhaven and Duisburg hubs connected"
    sheet.cell(4, 7).value = "Reached"
    assert sheet.cell(5, 3).value == "Nagoya Works inbound parts flow connected"
    sheet.cell(5, 4).value = dt.datetime(2027, 10, 1)
    row = first_empty_row(sheet)
    for column, value in enumerate(
        ("Adoption", "Driver app used at every Duisburg gate", dt.datetime(2027, 12, 1), "Sabine Krüger"),
        start=2,
    ):
        sheet.cell(row, column).value = value
    sheet.cell(row, 7).value = "Planned"
    edited = path.with_name("edited.xlsx")
    book.save(edited)
    return edited


def test_the_customers_edits_are_proposed_exactly_applied_as_one_step_and_undone_as_one(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    before = view(db, demo_id)
    edited = customer_edits(export(db, demo_id, tmp_path / "plan.xlsx"))
    read = propose(db, demo_id, edited)
    assert read.day == TODAY and read.revision == before.revision
    lines = [change.describe() for change in read.changes]
    assert lines == [
        'Milestones, "Bremerhaven and Duisburg hubs connected": Status Planned → Reached',
        'Milestones, "Nagoya Works inbound parts flow connected": Date 09 Sep 2027 → 01 Oct 2027',
        'Milestones: new row "Driver app used at every Duisburg gate" (Phase Adoption, Date 01 Dec 2027, '
        "Their owner Sabine Krüger (Site Manager, Hamburg-Waltershof Hub), Status Planned)",
    ]
    change = customer_updates(demo_id, read)
    with db.transaction() as session:
        change.forward(session)
    after = {item.values["title"]: item.values for item in view(db, demo_id).items["milestone"]}
    assert after["Bremerhaven and Duisburg hubs connected"]["status"] is MilestoneStatus.REACHED
    assert after["Nagoya Works inbound parts flow connected"]["due"] == dt.date(2027, 10, 1)
    added = after["Driver app used at every Duisburg gate"]
    assert added["due"] == dt.date(2027, 12, 1) and added["customer_owner_id"] is not None
    assert len(after) == len(before.items["milestone"]) + 1
    assert view(db, demo_id).items["objective"] == before.items["objective"]  # nothing else changed
    with db.session() as session:
        logged = session.scalars(
            select(ChangeLogEntry.new_value).where(ChangeLogEntry.kind == ChangeKind.IMPORTED)
        ).all()
    assert any("from the customer's workbook of 23 Nov 2026" in str(text) for text in logged)
    with db.transaction() as session:
        change.backward(session)  # one undo takes all of it back
    assert view(db, demo_id).items == before.items
    # Read again after applying: the workbook proposes nothing more than what is still different.
    with db.transaction() as session:
        change.forward(session)
    assert [c.item_id for c in propose(db, demo_id, edited).changes] == [None]  # only the row, added again


def test_only_the_chosen_changes_are_applied(db: Database, demo_id: int, tmp_path: Path) -> None:
    read = propose(db, demo_id, customer_edits(export(db, demo_id, tmp_path / "plan.xlsx")))
    with db.transaction() as session:
        customer_updates(demo_id, read, [read.changes[1]]).forward(session)
    after = {item.values["title"]: item.values for item in view(db, demo_id).items["milestone"]}
    assert after["Nagoya Works inbound parts flow connected"]["due"] == dt.date(2027, 10, 1)
    assert after["Bremerhaven and Duisburg hubs connected"]["status"] is MilestoneStatus.PLANNED
    assert "Driver app used at every Duisburg gate" not in after


def test_an_unedited_workbook_proposes_nothing_and_the_teams_own_edits_since_are_not_undone(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    path = export(db, demo_id, tmp_path / "plan.xlsx")
    assert propose(db, demo_id, path).changes == ()
    milestone = view(db, demo_id).items["milestone"][0]
    with db.transaction() as session:  # the team moves a date after sending the workbook
        success.update_item(session, "milestone", milestone.id, due=dt.date(2025, 9, 5))
    assert propose(db, demo_id, path).changes == ()


def refused(db: Database, account_id: int, path: Path) -> str:
    before = view(db, account_id)
    with pytest.raises(WorkbookRefused) as caught:
        propose(db, account_id, path)
    assert view(db, account_id) == before
    return str(caught.value)


def test_a_tampered_key_is_refused_with_where_and_nothing_changes(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    edited = customer_edits(export(db, demo_id, tmp_path / "plan.xlsx"))
    book = openpyxl.load_workbook(edited)
    sheet = book["Milestones"]
    key = str(sheet.cell(3, 1).value)
    sheet.cell(3, 1).value = "m3" + key[2:]  # row 3 claims to be another milestone
    book.save(edited)
    reason = refused(db, demo_id, edited)
    assert reason.startswith("Milestones, row 3, column A (the hidden row key): it was altered")


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "reason"),
    [
        (
            "Milestones",
            "G3",
            "Done-ish",
            "Milestones, row 3, column G (Status): 'Done-ish' is not in the list",
        ),
        (
            "Who does what",
            "E2",
            "next spring",
            "Who does what, row 2, column E (By): 'next spring' is not a date",
        ),
        (
            "Milestones",
            "E2",
            "Nobody Known",
            "Milestones, row 2, column E (Their owner): 'Nobody Known' is not",
        ),
        ("Objectives", "C1", "Baseline", "Objectives, row 1, column C: 'Baseline' where 'Today' was written"),
        ("Objectives", "A2", None, "Objectives, row 2: "),
    ],
)
def test_a_value_that_does_not_read_or_a_moved_column_is_refused_with_where(
    db: Database, demo_id: int, tmp_path: Path, sheet: str, cell: str, value: str | None, reason: str
) -> None:
    path = export(db, demo_id, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    book[sheet][cell].value = value
    book.save(path)
    if cell == "A2":  # a key removed: the row reads as new, but its metric is that of an existing one
        assert [c.item_id for c in propose(db, demo_id, path).changes] == [None]
        return
    assert refused(db, demo_id, path).startswith(reason)


def test_another_accounts_workbook_is_refused(db: Database, demo_id: int, tmp_path: Path) -> None:
    with db.transaction() as session:
        other = create_account(session, "Other Customer KK")
        success.add_item(session, other, "milestone", "Kick-off")
    theirs = export(db, other, tmp_path / "other.xlsx")
    assert "another account" in refused(db, demo_id, theirs)
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_bytes(b"not a workbook")
    assert "not an Excel workbook" in refused(db, demo_id, not_a_workbook)


def test_the_workbook_is_tidy_real_dates_a_status_list_and_a_locked_hidden_key(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(export(db, demo_id, tmp_path / "plan.xlsx"))
    assert book.sheetnames == ["About", "Objectives", "Milestones", "Who does what"]
    about = [
        " ".join(str(v) for v in row if v is not None) for row in book["About"].iter_rows(values_only=True)
    ]
    assert "Customer Shirokane Nordhaven Holdings" in about and "Our company Corvane Systems" in about
    assert any(line.startswith("Revision 3") for line in about)
    assert any("Edit the white cells" in line for line in about)
    milestones = book["Milestones"]
    assert [c.value for c in milestones[1]][1:] == [
        "Phase",
        "Milestone",
        "Date",
        "Their owner",
        "Our owner",
        "Status",
    ]
    assert isinstance(milestones["D2"].value, dt.datetime) and milestones["D2"].is_date
    assert milestones.column_dimensions["A"].hidden and milestones.protection.sheet
    assert milestones["A2"].protection.locked and not milestones["G2"].protection.locked
    lists = {str(v.sqref): v.formula1 for v in milestones.data_validations.dataValidation}
    assert '"Planned,Reached,Missed"' in lists.values()
    assert not milestones.cell(first_empty_row(milestones), 3).protection.locked  # rows to add at the bottom


def test_no_internal_field_reaches_the_workbook_by_any_part(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    markers = _mark_every_internal_field(db)
    assert len(markers) > 40
    path = export(db, demo_id, tmp_path / "plan.xlsx")
    with zipfile.ZipFile(path) as archive:
        raw = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    everything = html.unescape(raw)  # openpyxl writes characters beyond ASCII as references (&#252;)
    for marker in markers:
        assert marker not in everything, f"{marker} is in the workbook"
    for word in ("Detractor", "Skeptic", "Champion", "MEDDPICC", "red flag", "commission"):
        assert word not in everything
    with db.session() as session:
        plan = read_success_plan(session, demo_id)
    assert plan.objectives[0].metric in everything and plan.milestones[0].customer_owner in everything

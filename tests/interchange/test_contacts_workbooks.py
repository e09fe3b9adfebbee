"""Excel workbooks: the first sheet or the one named, rows named by their number, cells as a user reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from accountplan.errors import ImportRejected, InvalidValue
from accountplan.interchange.contact_formats import ContactFormat, open_contacts, read_contacts

Xlsx = Callable[[Path, dict[str, list[list[object]]]], Path]

#: A Salesforce contacts report as "Formatted Report" writes it: a title and a filter above the header.
REPORT: list[list[object]] = [
    ["Customer AG contacts"],
    ["Filtered By: Account Name equals Customer AG"],
    [],
    ["Contact ID", "First Name", "Last Name", "Title", "Account Name", "Email", "Department", "Reports To"],
    [
        "0035e00000Kd1AAA",
        "Ольга",
        "Петрова",
        "Chief Executive Officer",
        "Customer AG",
        "olga@customer.example",
        "Board",
        "",
    ],
    ["0035e00000Kd1AAB", "大輔", "井上", "CFO", "Customer AG", "", "Finance", "Ольга Петрова"],
    [1042, "José", "García", "Controller", "Customer AG", "", "Finance", "井上 大輔"],
    [],
    ["Grand Totals (3 records)"],
]


def test_the_first_sheet_of_a_salesforce_report_workbook(tmp_path: Path, xlsx: Xlsx) -> None:
    path = xlsx(tmp_path / "report.xlsx", {"Contacts": REPORT, "Notes": [["Who", "What"], ["me", "this"]]})
    source = open_contacts(path)
    assert source.format is ContactFormat.SALESFORCE
    assert (source.encoding, source.sheets) == ("Excel workbook, sheet Contacts", ("Contacts", "Notes"))
    assert source.footer_line == 9
    file = read_contacts(path)
    assert file.description == "Salesforce export, Excel workbook, sheet Contacts"
    assert [(c.line, c.name, c.external_id, c.department, c.manager.name) for c in file.contacts] == [
        (5, "Ольга Петрова", "0035e00000Kd1AAA", ("Board",), ""),
        (6, "井上 大輔", "0035e00000Kd1AAB", ("Finance",), "Ольга Петрова"),
        (7, "José García", "1042", ("Finance",), "井上 大輔"),  # a number typed as an id: not "1042.0"
    ]


def test_another_sheet_by_its_name(tmp_path: Path, xlsx: Xlsx) -> None:
    path = xlsx(
        tmp_path / "people.xlsx",
        {"Summary": [["Total", 2]], "People": [["Name", "Title"], ["Ann Lee", "CFO"]]},
    )
    file = read_contacts(path, sheet="people")
    assert [(c.line, c.name, c.title) for c in file.contacts] == [(2, "Ann Lee", "CFO")]
    assert file.encoding == "Excel workbook, sheet People"
    with pytest.raises(InvalidValue) as caught:
        read_contacts(path, sheet="Staff")
    assert str(caught.value) == f"{path} has no sheet 'Staff'; its sheets are: Summary, People."


def test_a_workbook_is_known_by_its_content_whatever_its_name(tmp_path: Path, xlsx: Xlsx) -> None:
    path = xlsx(tmp_path / "export.csv", {"Sheet1": [["Name", "Title"], ["Ann Lee", "CFO"]]})
    file = read_contacts(path)
    assert (file.encoding, [c.name for c in file.contacts]) == ("Excel workbook", ["Ann Lee"])


def test_a_text_file_has_no_sheet_to_choose(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("Name,Title\r\nAnn Lee,CFO\r\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match="is not a workbook; only a workbook has sheets"):
        read_contacts(path, sheet="Sheet1")


def test_a_value_beyond_the_header_is_refused_by_row_and_column(tmp_path: Path, xlsx: Xlsx) -> None:
    path = xlsx(
        tmp_path / "people.xlsx",
        {"Sheet1": [["Name", "Title"], ["Ann Lee", "CFO"], ["Bob Ray", "VP", "", "note"]]},
    )
    with pytest.raises(ImportRejected) as caught:
        read_contacts(path)
    assert (caught.value.line, caught.value.reason) == (3, "column D holds a value but has no header")


def test_a_cell_keeps_its_line_breaks_and_may_hold_a_long_note(tmp_path: Path, xlsx: Xlsx) -> None:
    rows: list[list[object]] = [
        ["Name", "Title", "Description"],
        ["Ann Lee", "CFO", "Met at the summit.\nPrefers email."],
        ["Bob Ray", "VP", "Call, Mon"],
    ]
    file = read_contacts(xlsx(tmp_path / "people.xlsx", {"Sheet1": rows}))
    assert [c.notes for c in file.contacts] == ["Met at the summit.\nPrefers email.", "Call, Mon"]

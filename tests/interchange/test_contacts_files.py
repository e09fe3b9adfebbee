"""Reading contact files: every encoding a spreadsheet writes, quoted fields intact, malformed files refused by line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from accountplan.errors import ImportRejected
from accountplan.interchange.contact_files import MAX_FIELD
from accountplan.interchange.contact_formats import ContactFormat, open_contacts, read_contacts


def write(tmp_path: Path, data: bytes, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_a_byte_order_mark_reads_the_first_column_and_accents(tmp_path: Path) -> None:
    text = "First Name,Last Name,Email\r\nZoë,Lefèvre,zoe@customer.example\r\n"
    file = read_contacts(write(tmp_path, "\ufeff".encode() + text.encode()))
    assert file.encoding == "UTF-8 with BOM"
    assert file.columns[0] == ("First Name", "first_name")  # not "\ufeffFirst Name", left unmapped
    assert [(c.name, c.email) for c in file.contacts] == [("Zoë Lefèvre", "zoe@customer.example")]


def test_utf8_without_a_byte_order_mark(tmp_path: Path) -> None:
    file = read_contacts(write(tmp_path, "Name,Title\nАнна Смирнова,Директор\n".encode()))
    assert file.encoding == "UTF-8"
    assert [(c.name, c.title) for c in file.contacts] == [("Анна Смирнова", "Директор")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path, codec: str) -> None:
    text = (
        "Name\tTitle\tDepartment\tEmail\r\n"
        "井上 大輔\t部長\t営業\tdaisuke@customer.example\r\n"
        "Ольга Петрова\tCFO, EMEA\tFinance\tolga@customer.example\r\n"
    )
    file = read_contacts(write(tmp_path, text.encode(codec), "contacts.txt"))
    assert file.encoding == "UTF-16"
    assert [(c.name, c.title, c.department) for c in file.contacts] == [
        ("井上 大輔", "部長", ("営業",)),
        ("Ольга Петрова", "CFO, EMEA", ("Finance",)),
    ]


def test_windows_1252_keeps_accents_and_sharp_s(tmp_path: Path) -> None:
    text = "Name;Title;Department\r\nRené Müller;Geschäftsführer;Vertrieb Süd\r\nFrançois Weiß;Directeur général;Stratégie\r\n"
    file = read_contacts(write(tmp_path, text.encode("cp1252")))
    assert file.encoding == "Windows-1252"
    assert [(c.name, c.title, c.department) for c in file.contacts] == [
        ("René Müller", "Geschäftsführer", ("Vertrieb Süd",)),
        ("François Weiß", "Directeur général", ("Stratégie",)),
    ]


def test_quoted_fields_keep_their_line_breaks_commas_and_doubled_quotes(tmp_path: Path) -> None:
    text = (
        "Id,FirstName,LastName,Title,Description\r\n"
        '003A1,Ann,Lee,"VP, Finance","Met at the ""Summit"", Berlin.\r\nPrefers email; never calls."\r\n'
        "003A2,Bob,Ray,CFO,\r\n"
    )
    ann, bob = read_contacts(write(tmp_path, text.encode())).contacts
    assert ann.title == "VP, Finance"
    assert ann.notes == 'Met at the "Summit", Berlin.\nPrefers email; never calls.'
    assert (ann.line, bob.line) == (2, 4)  # Bob's row starts after Ann's two lines


def test_a_preamble_and_blank_rows_are_passed_over(tmp_path: Path) -> None:
    text = (
        "Notes:\r\n"
        '"When exporting your connection data, you may notice that some of the email addresses are missing."\r\n'
        "\r\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Aiko,Tanaka,https://www.linkedin.com/in/aiko-tanaka,,Customer KK,Head of IT,01 Mar 2024\r\n"
        ",,,,,,\r\n"
    )
    file = read_contacts(write(tmp_path, text.encode()))
    assert file.format is ContactFormat.LINKEDIN
    assert [(c.line, c.name, c.title) for c in file.contacts] == [(5, "Aiko Tanaka", "Head of IT")]


def rejection(tmp_path: Path, data: bytes, name: str = "contacts.csv") -> ImportRejected:
    path = write(tmp_path, data, name)
    with pytest.raises(ImportRejected) as caught:
        open_contacts(path)
    assert str(caught.value).startswith(f"{path} line {caught.value.line}: ")
    return caught.value


SALESFORCE_HEADER = "Id,FirstName,LastName,Title,Department,Email,Phone,ReportsToId,Description\r\n"


def test_an_unbalanced_quote_is_refused_at_the_line_where_it_opens(tmp_path: Path) -> None:
    text = (
        SALESFORCE_HEADER + "003A1,Ann,Lee,CEO,Board,ann@x.example,,,Fine\r\n"
        '003A2,Bob,Ray,CFO,Finance,bob@x.example,,003A1,"Likes golf\r\n'
        "003A3,Cid,Ho,Controller,Finance,cid@x.example,,003A2,\r\n"
        '003A4,Dan,Ko,Analyst,Finance,dan@x.example,,003A3,"Quoted note"\r\n'
    )
    error = rejection(tmp_path, text.encode())
    assert error.line == 3
    assert error.reason == (
        "a quote opened on this line is closed inside a later field, so it would swallow the 2 lines after it"
    )


def test_a_quote_never_closed_is_refused_where_it_opens(tmp_path: Path) -> None:
    text = (
        SALESFORCE_HEADER + '003A1,Ann,Lee,"CEO,Board,ann@x.example,,,\r\n003A2,Bob,Ray,CFO,Finance,,,,\r\n'
    )
    error = rejection(tmp_path, text.encode())
    assert error.line == 2
    assert (
        error.reason == "a quote opened on this line is never closed, so it would swallow the line after it"
    )


def test_a_quote_closed_at_a_later_rows_end_is_refused(tmp_path: Path) -> None:
    # The quote opened in the last column closes at the end of a later row: every field count is right.
    text = (
        SALESFORCE_HEADER + '003A1,Ann,Lee,CEO,Board,ann@x.example,,,"Likes golf\r\n'
        '003A2,Bob,Ray,CFO,Finance,bob@x.example,,003A1,Fine"\r\n'
        "003A3,Cid,Ho,Controller,Finance,cid@x.example,,003A2,\r\n"
    )
    error = rejection(tmp_path, text.encode())
    assert error.line == 2
    assert "swallows the rows after it" in error.reason


def test_a_quote_left_open_on_the_last_line_is_refused(tmp_path: Path) -> None:
    error = rejection(tmp_path, b'Name,Title\r\nAnn Lee,CFO\r\nBob Ray,"VP\r\n')
    assert (error.line, error.reason) == (3, "a quote opened on this line is never closed")


def test_a_row_with_more_fields_than_the_header_is_refused(tmp_path: Path) -> None:
    error = rejection(tmp_path, b"Name,Title\r\nAnn Lee,CFO\r\nBob Ray,VP, Sales,EMEA\r\n")
    assert error.line == 3
    assert error.reason == "it has 4 fields where the header has 2"


def test_a_field_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    notes = "x" * (MAX_FIELD + 1)
    error = rejection(tmp_path, f'Name,Description\r\nAnn Lee,ok\r\nBob Ray,"{notes}"\r\n'.encode())
    assert error.line == 3
    assert (
        error.reason == f"the Description field is {MAX_FIELD + 1:,} characters long (at most {MAX_FIELD:,})"
    )


def test_a_field_over_the_csv_modules_own_limit_is_refused_as_too_long(tmp_path: Path) -> None:
    error = rejection(tmp_path, b'Name,Description\r\nAnn Lee,"' + b"y" * 200_000 + b'"\r\n')
    assert error.line == 2
    assert "longer than 10,000 characters" in error.reason


def test_nul_bytes_in_a_text_file_are_binary_data(tmp_path: Path) -> None:
    error = rejection(tmp_path, b"Name,Title\r\nAnn Lee,CFO\r\nBob\x00Ray,VP\r\n")
    assert (error.line, error.reason) == (3, "binary data (a NUL byte) in a text file")


def test_control_characters_are_binary_data(tmp_path: Path) -> None:
    error = rejection(tmp_path, b"Name,Title\r\nAnn Lee,CFO\x1b[0m\r\n")
    assert (error.line, error.reason) == (2, "binary data (control character 0x1b)")


def test_a_damaged_workbook_is_refused_as_one(tmp_path: Path) -> None:
    error = rejection(tmp_path, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "contacts.xlsx")
    assert error.line == 1
    assert error.reason.startswith("the workbook cannot be read (")
    assert error.reason.endswith("; save it again from Excel")


def test_a_zip_archive_or_a_pdf_is_named_for_what_it_is(tmp_path: Path) -> None:
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("contacts.csv", "Name,Title\r\nAnn Lee,CFO\r\n")
    error = rejection(tmp_path, archive.read_bytes(), "contacts.csv")
    assert (error.line, error.reason) == (
        1,
        "this is a zip archive, not a contact file; save it as CSV (UTF-8), an Excel workbook or vCard first",
    )
    assert rejection(tmp_path, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").reason.startswith("this is a PDF document")


def test_bytes_no_encoding_reads_as_text_are_binary_data(tmp_path: Path) -> None:
    error = rejection(tmp_path, b"Name,Title\r\n" + bytes(range(0x80, 0x100)) * 3)
    assert (error.line, error.reason) == (
        2,
        "byte 0x80 is neither UTF-8 nor text in any encoding recognised (binary data?)",
    )


def test_a_file_without_a_header_is_refused(tmp_path: Path) -> None:
    error = rejection(tmp_path, b"just one line\r\n")
    assert (error.line, error.reason) == (1, "there is no header row naming the columns")


# --- report exports: their footer ----------------------------------------------------------------------------

#: A Salesforce contacts report exported as CSV ("Details Only"), footer as the report writes it.
SALESFORCE_REPORT = (
    '"Contact ID","First Name","Last Name","Title","Account Name","Email","Department","Reports To",'
    '"Reports To: Full Name"\r\n'
    '"0035e00000Kd1AAA","Ольга","Петрова","Chief Executive Officer","Customer AG","olga@customer.example",'
    '"Board","",""\r\n'
    '"0035e00000Kd1AAB","大輔","井上","CFO","Customer AG","daisuke@customer.example","Finance",'
    '"Ольга Петрова","Ольга Петрова"\r\n'
    '"0035e00000Kd1AAC","José","García","Controller","Customer AG","","Finance","大輔 井上","井上 大輔"\r\n'
    "\r\n"
    '"Grand Totals (3 records)"\r\n'
    "\r\n"
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n'
    '"Confidential Information - Do Not Distribute"\r\n'
    '"Generated By:  Ann Seller  12/1/2026 10:33 AM"\r\n'
    '"Acme Software, Inc."\r\n'
)


def test_a_salesforce_report_is_read_by_its_labels_and_its_footer_left_out(tmp_path: Path) -> None:
    source = open_contacts(write(tmp_path, SALESFORCE_REPORT.encode("utf-8-sig")))
    assert source.format is ContactFormat.SALESFORCE
    assert source.footer_line == 6  # "Grand Totals (3 records)", below the blank line
    file = read_contacts(write(tmp_path, SALESFORCE_REPORT.encode("utf-8-sig")))
    assert file.footer_line == 6
    assert dict(file.columns) == {
        "Contact ID": "external_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Title": "title",
        "Email": "email",
        "Department": "department",
        "Reports To": "manager_name",
        "Reports To: Full Name": "manager_name",
    }
    assert [(c.line, c.name, c.external_id, c.manager.name) for c in file.contacts] == [
        (2, "Ольга Петрова", "0035e00000Kd1AAA", ""),
        (3, "井上 大輔", "0035e00000Kd1AAB", "Ольга Петрова"),
        (4, "José García", "0035e00000Kd1AAC", "大輔 井上"),
    ]


def test_the_footer_is_what_follows_a_blank_line_and_a_one_cell_line_before_it_stays(tmp_path: Path) -> None:
    text = "Name,Title\r\nAnn Lee,CFO\r\nBob Ray,\r\n\r\nGrand Totals (2 records)\r\nGenerated By: Eve\r\n"
    file = read_contacts(write(tmp_path, text.encode()))
    assert [(c.line, c.name) for c in file.contacts] == [(2, "Ann Lee"), (3, "Bob Ray")]
    assert file.footer_line == 5
    # Without the blank line, or with a two-cell line after it, nothing is a footer: every row is read.
    text = "Name,Title\r\nAnn Lee,CFO\r\nTotal,\r\n\r\nConfidential Information,x\r\n"
    file = read_contacts(write(tmp_path, text.encode()))
    assert [c.name for c in file.contacts] == ["Ann Lee", "Total", "Confidential Information"]
    assert file.footer_line is None

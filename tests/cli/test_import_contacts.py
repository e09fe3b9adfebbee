"""`accountplan import contacts`: what was added, updated and skipped; malformed files and loops write nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.model import Account, ChangeLogEntry, OrgUnit, Stakeholder
from accountplan.model.enums import ChangeKind
from accountplan.store.database import Database

Run = Callable[..., tuple[int, str, str]]
Counts = Callable[[], dict[str, int]]

SALESFORCE = (
    "Id,AccountId,FirstName,LastName,Title,Department,Email,Phone,ReportsTo.Email,Description\r\n"
    "003A1,001X,Ольга,Петрова,CEO,Board,olga@customer.example,+49 30 1,,\r\n"
    '003A2,001X,大輔,井上,CFO,Finance,daisuke@customer.example,,olga@customer.example,"Met at the ""Summit"".\r\nPrefers email."\r\n'
    "003A3,001X,Ann,Lee,Controller,Finance,ann@customer.example,,nobody@customer.example,\r\n"
)


def write(tmp_path: Path, text: str, name: str = "contacts.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def people(db: Database) -> dict[str, str | None]:
    """Everyone in every account, with their manager's name."""
    with db.session() as session:
        everyone = session.scalars(select(Stakeholder)).all()
        names = {person.id: person.name for person in everyone}
        return {
            person.name: names.get(person.reports_to_id) if person.reports_to_id else None
            for person in everyone
        }


def test_importing_creates_the_account_and_says_what_it_did(
    cli: Run, db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, SALESFORCE)
    code, out, err = cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Imported {path} (Salesforce export, UTF-8) into the new account 'Customer AG': "
        "3 added, 0 updated, 0 unchanged, 0 skipped.",
        "Added (3):",
        "  line 2: Ольга Петрова, CEO",
        "  line 3: 井上 大輔, CFO",
        "  line 5: Ann Lee, Controller",
        "Managers not found (1):",
        "  Ann Lee (line 5) reports to nobody@customer.example, who is neither in the file nor in the account; "
        "Ann Lee is added without a manager",
        "New org units: Board, Finance",
    ]
    assert people(db) == {"Ольга Петрова": None, "井上 大輔": "Ольга Петрова", "Ann Lee": None}
    with db.session() as session:
        assert session.scalars(select(Account.name)).all() == ["Customer AG"]
        logged = session.scalars(
            select(ChangeLogEntry.entity_label).where(ChangeLogEntry.kind == ChangeKind.CREATED)
        ).all()
    assert {"Ольга Петрова", "井上 大輔", "Ann Lee", "Board", "Finance"} <= set(logged)


def test_importing_the_same_file_twice_adds_nobody(
    cli: Run, db: Database, db_path: Path, tmp_path: Path, table_counts: Counts
) -> None:
    path = write(tmp_path, SALESFORCE)
    cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    before = table_counts()
    code, out, _ = cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    assert code == 0
    assert "into 'Customer AG': 0 added, 0 updated, 3 unchanged, 0 skipped." in out
    assert table_counts()["stakeholders"] == before["stakeholders"] == 3


def test_updates_are_listed_with_the_fields_that_change(cli: Run, db_path: Path, tmp_path: Path) -> None:
    cli(
        "--db",
        str(db_path),
        "import",
        "contacts",
        str(write(tmp_path, SALESFORCE)),
        "--account",
        "Customer AG",
    )
    changed = write(
        tmp_path, SALESFORCE.replace("Controller,Finance", "Group Controller,Treasury"), "again.csv"
    )
    code, out, _ = cli("--db", str(db_path), "import", "contacts", str(changed), "--account", "Customer AG")
    assert code == 0
    assert (
        "  line 5: Ann Lee, Group Controller (matches Ann Lee by id): "
        "title 'Controller' → 'Group Controller'; org unit 'Finance' → 'Treasury'"
    ) in out.splitlines()


def test_a_dry_run_writes_nothing(
    cli: Run, db: Database, db_path: Path, tmp_path: Path, table_counts: Counts
) -> None:
    before = table_counts()
    path = write(tmp_path, SALESFORCE)
    code, out, _ = cli(
        "--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG", "--dry-run"
    )
    assert code == 0
    assert out.startswith(
        f"Dry run, nothing written: importing {path} (Salesforce export, UTF-8) into 'Customer AG' "
        "would give 3 added, 0 updated, 0 unchanged, 0 skipped.\nAdded (3):\n"
    )
    assert table_counts() == before


@pytest.mark.parametrize(
    ("content", "name", "sentence"),
    [
        (
            SALESFORCE.replace("003A1,001X,Ольга", '003A1,001X,"Ольга'),
            "quote.csv",
            "line 2: a quote opened on this line is closed inside a later field, so it would swallow the line after it.",
        ),
        (
            "Name,Description\r\nAnn Lee," + "x" * 10_001 + "\r\n",
            "long.csv",
            "line 2: the Description field is 10,001 characters long (at most 10,000).",
        ),
        (
            "Name,Title\r\nAnn Lee,CFO\r\nBob\x00Ray,VP\r\n",
            "binary.csv",
            "line 3: binary data (a NUL byte) in a text file.",
        ),
    ],
)
def test_a_malformed_file_is_refused_in_one_sentence_and_the_database_unchanged(
    cli: Run, db_path: Path, tmp_path: Path, table_counts: Counts, content: str, name: str, sentence: str
) -> None:
    before = table_counts()
    path = write(tmp_path, content, name)
    code, out, err = cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    assert (code, out) == (1, "")
    assert err == f"accountplan: {path} {sentence}\n"
    assert table_counts() == before


LOOP = "Name,Title,Manager\r\nAnn Lee,CEO,Cid Ho\r\nBob Ray,CFO,Ann Lee\r\nCid Ho,Controller,Bob Ray\r\nDan Ko,Analyst,Ann Lee\r\n"


def test_a_loop_is_refused_unless_accepted(
    cli: Run, db: Database, db_path: Path, tmp_path: Path, table_counts: Counts
) -> None:
    path = write(tmp_path, LOOP)
    before = table_counts()
    code, out, err = cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    assert code == 1
    assert (
        "  the reporting line loops (Cid Ho → Bob Ray → Ann Lee → Cid Ho); left out: Cid Ho reporting to Bob Ray (line 4)"
        in out.splitlines()
    )
    assert err == (
        f"accountplan: {path} makes 1 loop in the reporting lines, so nothing was imported; run again with "
        "--accept-cycles to import the rest without the links that close them.\n"
    )
    assert table_counts() == before  # not even the account was created
    code, out, _ = cli(
        "--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG", "--accept-cycles"
    )
    assert code == 0
    assert "4 added" in out
    assert people(db) == {"Ann Lee": "Cid Ho", "Bob Ray": "Ann Lee", "Cid Ho": None, "Dan Ko": "Ann Lee"}


def test_a_generic_csv_through_map_options(cli: Run, db: Database, db_path: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path, "Person;Role;Team;Boss\r\nAnn Lee;CFO;Finance;\r\nBob Ray;Controller;Finance;Ann Lee\r\n"
    )
    args = ("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    code, _, err = cli(*args)
    assert code == 1
    assert "gives the names; map one, for example --map 'Person=name'" in err
    code, out, _ = cli(
        *args,
        "--map",
        "Person=name",
        "--map",
        "Role=title",
        "--map",
        "Team=department",
        "--map",
        "Boss=manager",
    )
    assert code == 0
    assert "(CSV, UTF-8)" in out
    assert people(db) == {"Ann Lee": None, "Bob Ray": "Ann Lee"}


def test_excel_unicode_text_and_a_windows_1252_file(
    cli: Run, db: Database, db_path: Path, tmp_path: Path
) -> None:
    unicode_text = write(
        tmp_path, "Name\tTitle\tEmail\r\n井上 大輔\t部長\td@x.example\r\n", "excel.txt", "utf-16"
    )
    ansi = write(tmp_path, "Name,Title\r\nRené Weiß,Geschäftsführer\r\n", "ansi.csv", "cp1252")
    code, out, _ = cli(
        "--db", str(db_path), "import", "contacts", str(unicode_text), "--account", "Customer AG"
    )
    assert code == 0
    assert "(CSV, UTF-16)" in out
    code, out, _ = cli("--db", str(db_path), "import", "contacts", str(ansi), "--account", "Customer AG")
    assert "(CSV, Windows-1252)" in out
    assert set(people(db)) == {"井上 大輔", "René Weiß"}


def test_vcards_with_the_format_named(cli: Run, db: Database, db_path: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Дмитрий Соколов\r\nORG:Customer;IT\r\nTITLE:CIO\r\nEND:VCARD\r\n",
        "cards.txt",
    )
    code, out, _ = cli(
        "--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG", "--format", "vcard"
    )
    assert code == 0
    assert "(vCard, UTF-8)" in out
    with db.session() as session:
        assert session.scalars(select(OrgUnit.name)).all() == ["IT"]


def test_a_bad_map_entry_is_a_user_error(cli: Run, db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path, SALESFORCE)
    code, _, err = cli(
        "--db", str(db_path), "import", "contacts", str(path), "--account", "X", "--map", "Title=rank"
    )
    assert code == 1
    assert err.startswith("accountplan: 'rank' is not a contact field; the fields are: name, first_name")


# --- real exports ---------------------------------------------------------------------------------------


def test_the_1516_person_sample_imports_everyone_and_a_second_run_nobody(
    cli: Run, db: Database, db_path: Path, org_chart_csv: Path, table_counts: Counts
) -> None:
    args = ("--db", str(db_path), "import", "contacts", str(org_chart_csv), "--account", "Customer AG")
    code, out, err = cli(*args)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        f"Imported {org_chart_csv} (Salesforce export, UTF-8) into the new account 'Customer AG': "
        "1516 added, 0 updated, 0 unchanged, 0 skipped."
    )
    assert "Skipped" not in out and "Possible duplicates" not in out
    before = table_counts()
    code, out, _ = cli(*args)
    assert code == 0
    assert out.splitlines()[0].endswith("into 'Customer AG': 0 added, 0 updated, 1516 unchanged, 0 skipped.")
    after = table_counts()
    assert (
        (after["stakeholders"], after["org_units"])
        == (before["stakeholders"], before["org_units"])
        == (
            1516,
            6,
        )
    )


def test_possible_duplicates_are_listed(cli: Run, db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Title\r\nAnn Lee,Analyst\r\nBob Ray,CFO\r\nann lee,ANALYST\r\n")
    code, out, _ = cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    assert code == 0
    assert "2 possible duplicates" in out.splitlines()[0]
    assert (
        "Possible duplicates (1):\n"
        "  Ann Lee, Analyst: lines 2 and 4; all are imported, merge them later if they are one person"
    ) in out


SHIFT_JIS = "氏名,役職,部署\r\n髙橋 一郎,代表取締役社長,経営企画部①\r\n渡辺 さくら,部長,営業部\r\n"


def test_shift_jis_is_detected_and_an_unclear_encoding_must_be_named(
    cli: Run, db: Database, db_path: Path, tmp_path: Path, table_counts: Counts
) -> None:
    path = write(tmp_path, SHIFT_JIS, "japan.csv", "cp932")
    code, out, _ = cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer KK")
    assert code == 0
    assert f"{path} (CSV, Shift-JIS (CP932))" in out.splitlines()[0]
    assert set(people(db)) == {"髙橋 一郎", "渡辺 さくら"}
    # Kanji whose bytes read as kanji in Shift-JIS, EUC-JP, Big5 and CP949 alike: refused until named.
    unclear = tmp_path / "unclear.csv"
    unclear.write_bytes(b"Name,Title\r\nAnn Lee,CFO\r\n\xed\xfb\xea\xa1,\xed\xcc\xe8\xca\r\n")
    before = table_counts()
    args = ("--db", str(db_path), "import", "contacts", str(unclear), "--account", "Customer KK")
    code, out, err = cli(*args)
    assert (code, out) == (1, "")
    (sentence,) = err.splitlines()  # one sentence, no traceback
    assert sentence.startswith(f"accountplan: {unclear} line 3: the encoding is unclear, this line reads as ")
    assert "as EUC-JP '" in sentence and "as Shift-JIS (CP932) '" in sentence
    assert "; run again with --encoding " in sentence and "--encoding euc_jp" in sentence
    assert table_counts() == before
    code, out, _ = cli(*args, "--encoding", "euc-jp")
    assert code == 0
    assert "(CSV, EUC-JP)" in out.splitlines()[0]
    name = b"\xed\xfb\xea\xa1".decode("euc_jp")
    assert name in people(db)


def test_a_workbook_on_its_first_sheet_or_the_one_named(
    cli: Run, db: Database, db_path: Path, tmp_path: Path, xlsx: Callable[..., Path]
) -> None:
    path = xlsx(
        tmp_path / "contacts.xlsx",
        {
            "Summary": [["Report", "Customer AG contacts"]],
            "Contacts": [
                ["Contact ID", "First Name", "Last Name", "Title", "Reports To"],
                [1001, "Ольга", "Петрова", "CEO", ""],
                [1002, "Ann", "Lee", "CFO", "Ольга Петрова"],
            ],
        },
    )
    args = ("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    code, _, err = cli(*args)
    assert code == 1
    assert "No column of" in err  # the first sheet is a summary
    code, _, err = cli(*args, "--sheet", "People")
    assert err == f"accountplan: {path} has no sheet 'People'; its sheets are: Summary, Contacts.\n"
    code, out, _ = cli(*args, "--sheet", "Contacts")
    assert code == 0
    assert out.splitlines()[0] == (
        f"Imported {path} (Salesforce export, Excel workbook, sheet Contacts) into the new account "
        "'Customer AG': 2 added, 0 updated, 0 unchanged, 0 skipped."
    )
    assert people(db) == {"Ольга Петрова": None, "Ann Lee": "Ольга Петрова"}


REPORT = (
    '"Contact ID","First Name","Last Name","Title","Account Name","Email","Reports To"\r\n'
    '"0035e00000Kd1AAA","Ольга","Петрова","CEO","Customer AG","olga@customer.example",""\r\n'
    '"0035e00000Kd1AAB","Ann","Lee","CFO","Customer AG","ann@customer.example","Ольга Петрова"\r\n'
    "\r\n"
    '"Grand Totals (2 records)"\r\n'
    "\r\n"
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n'
    '"Confidential Information - Do Not Distribute"\r\n'
    '"Generated By:  Ann Seller  12/1/2026 10:33 AM"\r\n'
    '"Acme Software, Inc."\r\n'
)


def test_a_salesforce_report_footer_is_left_out_and_said(
    cli: Run, db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, REPORT, "report.csv", "utf-8-sig")
    code, out, _ = cli("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    assert code == 0
    assert out.splitlines()[:2] == [
        f"Imported {path} (Salesforce export, UTF-8 with BOM) into the new account 'Customer AG': "
        "2 added, 0 updated, 0 unchanged, 0 skipped.",
        "The report's footer, from line 5 on, was left out.",
    ]
    assert people(db) == {"Ольга Петрова": None, "Ann Lee": "Ольга Петрова"}


LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Søren,Ødegård,https://www.linkedin.com/in/soren-odegard,,Customer AS,VP Procurement,12 Jan 2025\r\n"
    "Mia,Berg,https://www.linkedin.com/in/mia-berg,,Other Bank ASA,Head of IT,3 Feb 2025\r\n"
)


def test_a_linkedin_export_leaves_out_other_companies_unless_all_companies(
    cli: Run, db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, LINKEDIN, "Connections.csv")
    args = ("--db", str(db_path), "import", "contacts", str(path), "--account", "Customer AG")
    code, out, _ = cli(*args)
    assert code == 0
    assert out.splitlines()[0].endswith(
        "1 added, 0 updated, 0 unchanged, 0 skipped; 1 left out (at other companies)."
    )
    assert "  line 3: Mia Berg: works at Other Bank ASA, not Customer AG" in out.splitlines()
    assert set(people(db)) == {"Søren Ødegård"}
    code, out, _ = cli(*args, "--all-companies")
    assert code == 0
    assert out.splitlines()[0].endswith("1 added, 0 updated, 1 unchanged, 0 skipped.")
    assert set(people(db)) == {"Søren Ødegård", "Mia Berg"}

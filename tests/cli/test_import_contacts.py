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

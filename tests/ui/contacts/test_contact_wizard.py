"""File → Import Contacts: every format through the wizard to the database, rejections, loops, cancel, re-import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWizard
from sqlalchemy import select
from sqlalchemy.orm import aliased

from accountplan.interchange.contact_import import RowAction
from accountplan.model import Account, OrgUnit, Stakeholder
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database
from accountplan.ui.contacts.contact_choices import FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE
from accountplan.ui.contacts.contact_wizard import ContactImportWizard
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.stakeholders_page import StakeholdersPage

Counts = Callable[[], dict[str, int]]
NEXT, COMMIT = QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton

SALESFORCE = (
    "Id,AccountId,FirstName,LastName,Title,Department,Email,Phone,ReportsToId,Description\r\n"
    "0035e00000AAA01,0015e00000X,Ольга,Петрова,Chief Executive Officer,Board,olga@customer.example,"
    '+49 30 1,,"Met at the ""Summit"".\r\nPrefers email."\r\n'
    "0035e00000AAA02,0015e00000X,大輔,井上,CFO,Finance,daisuke@customer.example,,0035e00000AAA01,\r\n"
)
LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Søren,Ødegård,https://www.linkedin.com/in/soren-odegard,soren@customer.example,Customer AS,"
    "VP Procurement,12 Jan 2025\r\n"
    "Ayşe,Yılmaz,https://www.linkedin.com/in/ayse-yilmaz,,Customer AS,Category Manager,3 Feb 2025\r\n"
)
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lefèvre;Zoë;;;\r\nFN:Zoë Lefèvre\r\nORG:Customer SA;Finance;Treasury\r\n"
    "TITLE:VP, Treasury\r\nEMAIL;TYPE=INTERNET,WORK:zoe@customer.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jean Dupont\r\nORG:Customer SA;Finance\r\nTITLE:CFO\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anaïs Roux\r\nTITLE:Treasury Analyst\r\nX-MANAGER:Zoë Lefèvre\r\nEND:VCARD\r\n"
)
GENERIC = (
    "Full name,Role,Team,Boss,Mail,Comment\r\n"
    "Ann Lee,CFO,Finance,,ann@x.example,Key contact\r\n"
    "Bob Ray,Controller,Finance,Ann Lee,,\r\n"
)
LOOP = "Name,Title,Manager\r\nAnn Lee,CFO,Bob Ray\r\nBob Ray,COO,Ann Lee\r\nCy Zed,Analyst,Bob Ray\r\n"


@pytest.fixture(autouse=True)
def _no_wizard_left_open() -> Iterator[None]:
    """A modal wizard left on screen would swallow the mouse events of every later test."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ContactImportWizard):
            widget.done(0)
            widget.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def account(db: Database, window: MainWindow) -> int:
    with db.transaction() as session:
        account_id = create_account(session, "Customer AG")
    window.events.accounts_changed.emit()
    return account_id


def write(tmp_path: Path, data: str | bytes, name: str = "contacts.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def open_file(window: MainWindow, path: Path) -> ContactImportWizard:
    wizard = window.import_contacts()
    wizard.file_page.set_file(path)
    return wizard


def to_preview(qtbot, wizard: ContactImportWizard, **mapping: str) -> None:  # type: ignore[no-untyped-def]
    assert wizard.button(NEXT).isEnabled(), wizard.file_page.status.text()
    wizard.button(NEXT).click()
    if wizard.currentId() == MAPPING_PAGE:
        for column, field in mapping.items():
            wizard.mapping_page.set_field(column, field)
        wizard.button(NEXT).click()
    assert wizard.currentId() == PREVIEW_PAGE
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None or bool(wizard.preview_page.counts.text()))


def run_import(qtbot, wizard: ContactImportWizard) -> str:  # type: ignore[no-untyped-def]
    """Click Import, wait for the end, return what the last page says."""
    assert wizard.button(COMMIT).isEnabled()
    wizard.button(COMMIT).click()
    qtbot.waitUntil(wizard.import_page.isComplete, timeout=20_000)
    return wizard.import_page.result_label.text()


def people(db: Database, account_id: int) -> dict[str, tuple[str, str, str, str]]:
    """Everyone in the account: name → (title, email, org unit, manager)."""
    manager = aliased(Stakeholder)
    query = (
        select(Stakeholder.name, Stakeholder.title, Stakeholder.email, OrgUnit.name, manager.name)
        .outerjoin(OrgUnit, OrgUnit.id == Stakeholder.org_unit_id)
        .outerjoin(manager, manager.id == Stakeholder.reports_to_id)
        .where(Stakeholder.account_id == account_id)
    )
    with db.session() as session:
        return {
            name: (title, email, unit or "", boss or "")
            for name, title, email, unit, boss in session.execute(query)
        }


def test_a_salesforce_export_is_imported_into_the_current_account_and_shown(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    window.new_account("Undo me later")  # an edit on the undo stack
    window.select_account("Customer AG")
    assert window.undo_stack.count() == 1
    wizard = open_file(window, write(tmp_path, SALESFORCE, encoding="utf-8-sig"))
    assert wizard.file_page.format_box.currentText() == "Detect automatically (Salesforce export)"
    assert wizard.file_page.status.text() == "Read 2 rows, 10 columns: Salesforce export, UTF-8 with BOM."
    assert wizard.file_page.current_button.text() == "The current account, Customer AG"
    wizard.button(NEXT).click()
    assert wizard.currentId() == MAPPING_PAGE  # shown with the export's reading, to check
    assert wizard.mapping_page.model.mapping()["AccountId"] == "ignore"
    assert wizard.mapping_page.model.mapping()["ReportsToId"] == "manager_id"
    wizard.button(NEXT).click()
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None)
    assert wizard.preview_page.counts.text() == "2 added, 0 updated, 0 unchanged, 0 skipped; 2 new org units."
    said = run_import(qtbot, wizard)
    assert said.startswith(
        "Imported contacts.csv (Salesforce export, UTF-8 with BOM) into Customer AG: 2 added"
    )
    assert said.endswith("Edit → Undo takes the whole import back in one step.")
    assert people(db, account) == {
        "Ольга Петрова": ("Chief Executive Officer", "olga@customer.example", "Board", ""),
        "井上 大輔": ("CFO", "daisuke@customer.example", "Finance", "Ольга Петрова"),
    }
    with db.session() as session:
        olga = session.scalars(select(Stakeholder).where(Stakeholder.name == "Ольга Петрова")).one()
        assert olga.internal_notes == 'Met at the "Summit".\nPrefers email.'  # the quoted newline kept
    assert window.undo_stack.count() == 2  # the edit made before, and the import as one step
    assert window.undo_stack.undoText() == "import contacts.csv"
    page = window.current_page()
    assert isinstance(page, StakeholdersPage) and page.model.rowCount() == 2
    assert "Imported contacts.csv into Customer AG" in window.statusBar().currentMessage()


def test_a_vcard_file_skips_the_column_mapping(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, VCARD, "team.vcf"))
    assert wizard.file_page.status.text() == "Read 3 cards: vCard, UTF-8."
    wizard.button(NEXT).click()
    assert wizard.currentId() == PREVIEW_PAGE
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None)
    assert "Finance / Treasury" in wizard.preview_page.issues.toPlainText()  # the org units to create
    run_import(qtbot, wizard)
    assert people(db, account) == {
        "Zoë Lefèvre": ("VP, Treasury", "zoe@customer.example", "Treasury", ""),
        "Jean Dupont": ("CFO", "", "Finance", ""),
        "Anaïs Roux": ("Treasury Analyst", "", "", "Zoë Lefèvre"),
    }


def test_any_csv_is_read_through_the_column_mapping(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, GENERIC))
    wizard.button(NEXT).click()
    page = wizard.mapping_page
    assert page.model.mapping() == {
        "Full name": "name",
        "Role": "ignore",
        "Team": "ignore",
        "Boss": "ignore",
        "Mail": "email",
        "Comment": "ignore",
    }
    assert page.model.index(0, 2).data() == "Ann Lee · Bob Ray"  # sample values
    # Pick "Job title" in the Role column's combo box, as a user does.
    combo = page.table.indexWidget(page.table.model().index(1, 1))
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("title"))
    combo.activated.emit(combo.currentIndex())
    page.set_field("Team", "department")
    page.set_field("Boss", "manager_name")
    page.set_field("Full name", "ignore")
    assert not wizard.button(NEXT).isEnabled()  # no column gives the names
    assert page.problem.text().startswith("No column gives the names")
    page.set_field("Full name", "name")
    assert wizard.button(NEXT).isEnabled()
    wizard.button(NEXT).click()
    qtbot.waitUntil(lambda: wizard.preview_page.plan is not None)
    run_import(qtbot, wizard)
    assert people(db, account) == {
        "Ann Lee": ("CFO", "ann@x.example", "Finance", ""),
        "Bob Ray": ("Controller", "", "Finance", "Ann Lee"),
    }


@pytest.mark.parametrize(
    ("text", "encoding", "read", "expected"),
    [
        (
            LINKEDIN,
            "utf-8",
            "Read 2 rows, 7 columns: LinkedIn export, UTF-8.",
            {
                "Søren Ødegård": ("VP Procurement", "soren@customer.example", "", ""),
                "Ayşe Yılmaz": ("Category Manager", "", "", ""),
            },
        ),
        (  # Excel's "Unicode text": UTF-16 with tabs
            "Name\tTitle\tDepartment\tEmail\tManager\r\n井上 大輔\tCFO\t財務部\tdaisuke@x.example\t\r\n"
            "Zoë Lefèvre\tController\t財務部\t\t井上 大輔\r\n",
            "utf-16",
            "Read 2 rows, 5 columns: CSV, UTF-16.",
            {
                "井上 大輔": ("CFO", "daisuke@x.example", "財務部", ""),
                "Zoë Lefèvre": ("Controller", "", "財務部", "井上 大輔"),
            },
        ),
        (
            "Name;Title;Department\r\nJosé Núñez;Directeur Général;Sièges\r\nŒdipe Müller;Contrôleur;Sièges\r\n",
            "cp1252",
            "Read 2 rows, 3 columns: CSV, Windows-1252.",
            {
                "José Núñez": ("Directeur Général", "", "Sièges", ""),
                "Œdipe Müller": ("Contrôleur", "", "Sièges", ""),
            },
        ),
    ],
    ids=["LinkedIn", "Excel UTF-16 with tabs", "Windows-1252"],
)
def test_each_format_and_encoding_is_read_and_imported(
    qtbot,
    window: MainWindow,
    db: Database,
    account: int,
    tmp_path: Path,
    text: str,
    encoding: str,
    read: str,
    expected: dict[str, tuple[str, str, str, str]],
) -> None:
    wizard = open_file(window, write(tmp_path, text, encoding=encoding))
    assert wizard.file_page.status.text() == read
    to_preview(qtbot, wizard)
    run_import(qtbot, wizard)
    assert people(db, account) == expected


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (
            'Name,Title,Email\r\nAnn Lee,"CFO,ann@x.example\r\nBob Ray,CTO,bob@x.example\r\n',
            "contacts.csv line 2: a quote opened on this line",
        ),
        (
            b"Name,Title\r\nAnn Lee,CFO\r\nBob Ray,\x00\x01\x02\x03\r\n",
            "contacts.csv line 3: binary data (a NUL byte)",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00", "contacts.csv line 1: this is a zip archive, not a contact file"),
    ],
    ids=["unbalanced quote", "binary", "workbook"],
)
def test_a_malformed_file_is_shown_with_its_line_and_nothing_is_imported(
    qtbot,
    window: MainWindow,
    db: Database,
    account: int,
    table_counts: Counts,
    data: str | bytes,
    shown: str,
    tmp_path: Path,
) -> None:
    before = table_counts()
    wizard = open_file(window, write(tmp_path, data))
    assert wizard.file_page.status.text().startswith(shown)
    assert not wizard.button(NEXT).isEnabled()
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == FILE_PAGE
    wizard.reject()
    assert table_counts() == before


def test_a_reporting_loop_needs_the_user_to_accept_leaving_its_link_out(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, LOOP))
    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    assert (
        "the reporting line loops (Bob Ray → Ann Lee → Bob Ray); left out: Bob Ray reporting to Ann Lee (line 3)"
        in (preview.issues.toPlainText())
    )
    assert preview.accept_box.isVisible()
    assert not wizard.button(COMMIT).isEnabled()
    preview.accept_box.setChecked(True)
    run_import(qtbot, wizard)
    assert people(db, account) == {
        "Ann Lee": ("CFO", "", "", "Bob Ray"),
        "Bob Ray": ("COO", "", "", ""),
        "Cy Zed": ("Analyst", "", "", "Bob Ray"),
    }


def test_importing_the_same_file_again_adds_nobody(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    path = write(tmp_path, SALESFORCE)
    wizard = open_file(window, path)
    to_preview(qtbot, wizard)
    run_import(qtbot, wizard)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    first = people(db, account)
    again = open_file(window, path)
    to_preview(qtbot, again)
    assert again.preview_page.counts.text() == "0 added, 0 updated, 2 unchanged, 0 skipped."
    run_import(qtbot, again)
    assert people(db, account) == first


def test_cancel_during_the_import_leaves_the_database_as_it_was(
    qtbot, window: MainWindow, db: Database, account: int, table_counts: Counts, tmp_path: Path
) -> None:
    rows = "".join(f"Person {n},Title {n},Unit {n % 7},person{n}@x.example\r\n" for n in range(3000))
    wizard = open_file(window, write(tmp_path, "Name,Title,Department,Email\r\n" + rows))
    wizard.file_page.new_button.setChecked(True)
    wizard.file_page.new_name.setText("Brand New AG")
    to_preview(qtbot, wizard)
    before = table_counts()
    reports: list[tuple[int, int]] = []

    def cancel_at_first_report(done: int, total: int) -> None:
        reports.append((done, total))
        wizard.import_page.cancel_button.click()

    wizard.import_page.progressed.connect(cancel_at_first_report)
    said = run_import(qtbot, wizard)
    assert reports[0] == (500, 3000)  # rows had been written when the cancel came
    assert said == "The import was cancelled; nothing was changed."
    assert wizard.import_page.title() == "Import cancelled"
    assert table_counts() == before  # not even the new account
    with db.session() as session:
        assert session.scalar(select(Account.id).where(Account.name == "Brand New AG")) is None


def test_closing_the_wizard_while_importing_cancels_instead(
    qtbot, window: MainWindow, db: Database, account: int, table_counts: Counts, tmp_path: Path
) -> None:
    rows = "".join(f"Person {n},person{n}@x.example\r\n" for n in range(3000))
    wizard = open_file(window, write(tmp_path, "Name,Email\r\n" + rows))
    to_preview(qtbot, wizard)
    before = table_counts()
    wizard.import_page.progressed.connect(lambda *_: wizard.reject())  # Escape or the window's close box
    run_import(qtbot, wizard)
    assert wizard.isVisible()  # still there, to say what happened
    assert wizard.import_page.result_label.text() == "The import was cancelled; nothing was changed."
    assert table_counts() == before


def test_a_new_account_is_created_by_the_import_and_shown(
    qtbot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, GENERIC))
    assert not wizard.file_page.current_button.isEnabled()  # no account yet
    assert not wizard.button(NEXT).isEnabled()  # the new account needs a name
    wizard.file_page.new_name.setText("Hoshino Logistics")
    to_preview(qtbot, wizard)
    assert (
        wizard.preview_page.subTitle() == "contacts.csv (CSV, UTF-8) into the new account Hoshino Logistics."
    )
    run_import(qtbot, wizard)
    with db.session() as session:
        account_id = session.scalar(select(Account.id).where(Account.name == "Hoshino Logistics"))
    assert account_id is not None and set(people(db, account_id)) == {"Ann Lee", "Bob Ray"}
    assert window.current_account_id() == account_id
    assert isinstance(window.current_page(), StakeholdersPage)


def test_a_preview_made_stale_by_another_edit_is_refused_with_nothing_written(
    qtbot, window: MainWindow, db: Database, account: int, table_counts: Counts, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, GENERIC))
    to_preview(qtbot, wizard)
    with db.transaction() as session:  # someone else adds a person meanwhile
        add_stakeholder(session, account, "Dee Quinn")
    before = table_counts()
    said = run_import(qtbot, wizard)
    assert said.startswith("The account's people changed since the preview; preview the import again.")
    assert said.endswith("Nothing was written: Customer AG is exactly as it was.")
    assert table_counts() == before


def test_the_wizard_opens_from_the_file_menu_and_the_stakeholders_page(
    window: MainWindow, account: int
) -> None:
    assert window.import_contacts_action.shortcut().toString() == "Ctrl+Shift+I"
    window.import_contacts_action.trigger()
    wizard = window.findChild(ContactImportWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.reject()
    page = window.show_page("stakeholders")
    assert isinstance(page, StakeholdersPage)
    page.import_button.click()
    assert any(w.isVisible() for w in window.findChildren(ContactImportWizard))


def test_the_preview_lists_every_kind_of_row(
    qtbot, qtmodeltester, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        ann = add_stakeholder(
            session, account, "Ann Lee", title="Chief Financial Officer", email="ann@x.example"
        )
        add_stakeholder(session, account, "Bob Ray", title="Controller", reports_to_id=ann)
    text = (
        "Full name,Role,Boss,Mail\r\n"
        "Ann Lee,CFO,,ann@x.example\r\n"  # update: a new title
        "Bob Ray,Controller,,\r\n"  # unchanged, keeping his manager
        "Cy Zed,Analyst,Nobody Known,\r\n"  # add, with a manager nobody knows
        ",Intern,,\r\n"  # skipped
        "Dee Quinn,Buyer,Bob Ray,\r\n"  # add, under someone already in the account
    )
    wizard = open_file(window, write(tmp_path, text))
    to_preview(qtbot, wizard, Role="title", Boss="manager_name")
    model = wizard.preview_page.model
    qtmodeltester.check(model)
    qtmodeltester.check(wizard.mapping_page.model)
    shown = [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert shown == [
        [
            "Update",
            2,
            "Ann Lee",
            "CFO",
            "",
            "",
            "matches Ann Lee by email: title Chief Financial Officer → CFO",
        ],
        [
            "Unchanged",
            3,
            "Bob Ray",
            "Controller",
            "",
            "Ann Lee",  # the file says nothing of his manager: he keeps his
            "matches Bob Ray by name and title; already up to date",
        ],
        ["Add", 4, "Cy Zed", "Analyst", "", "Nobody Known (not found)", "new in the account"],
        ["Skip", 5, "", "Intern", "", "", "the row has no name"],
        ["Add", 6, "Dee Quinn", "Buyer", "", "Bob Ray", "new in the account"],
    ]
    assert "Cy Zed (line 4) reports to 'Nobody Known', who is neither in the file nor in the account" in (
        wizard.preview_page.issues.toPlainText()
    )
    wizard.preview_page.show_only(RowAction.SKIP)
    assert wizard.preview_page.proxy.rowCount() == 1


# --- one undoable step ------------------------------------------------------------------------------------


def test_edit_undo_takes_the_whole_import_back_and_redo_makes_it_again(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path, table_counts: Counts
) -> None:
    with db.transaction() as session:
        boss = add_stakeholder(
            session, account, "Сергей Иванов", title="CEO", email="sergey@customer.example"
        )
        add_stakeholder(
            session,
            account,
            "Ann Lee",
            title="Chief Financial Officer",
            email="ann@x.example",
            reports_to_id=boss,
        )
    window.events.account_changed.emit(account)
    before, counts = people(db, account), table_counts()
    text = (
        "Full name,Role,Team,Boss,Mail\r\n"
        "Ann Lee,CFO,Treasury,Bob Ray,ann@x.example\r\n"  # a new title, unit and manager
        "Bob Ray,COO,Operations,Сергей Иванов,\r\n"
    )
    wizard = open_file(window, write(tmp_path, text))
    to_preview(qtbot, wizard, Role="title", Team="department", Boss="manager_name")
    run_import(qtbot, wizard)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    imported = people(db, account)
    assert imported == {
        "Сергей Иванов": ("CEO", "sergey@customer.example", "", ""),
        "Ann Lee": ("CFO", "ann@x.example", "Treasury", "Bob Ray"),
        "Bob Ray": ("COO", "", "Operations", "Сергей Иванов"),
    }
    assert window.undo_stack.undoText() == "import contacts.csv"
    window.undo_stack.undo()
    assert window.context.failures == []
    assert people(db, account) == before
    assert {k: v for k, v in table_counts().items() if k != "change_log"} == {
        k: v for k, v in counts.items() if k != "change_log"
    }
    page = window.show_page("stakeholders")
    assert isinstance(page, StakeholdersPage) and page.model.rowCount() == 2
    window.undo_stack.redo()
    assert window.context.failures == []
    assert people(db, account) == imported
    assert page.model.rowCount() == 3


def test_the_1516_person_sample_is_imported_and_undone_in_one_step(
    qtbot, window: MainWindow, db: Database, account: int, org_chart_csv: Path
) -> None:
    wizard = open_file(window, org_chart_csv)
    assert wizard.file_page.status.text() == "Read 1,516 rows, 6 columns: Salesforce export, UTF-8."
    to_preview(qtbot, wizard)
    assert (
        wizard.preview_page.counts.text() == "1516 added, 0 updated, 0 unchanged, 0 skipped; 6 new org units."
    )
    run_import(qtbot, wizard)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert len(people_ids(db, account)) == 1516
    again = open_file(window, org_chart_csv)
    to_preview(qtbot, again)
    assert again.preview_page.counts.text() == "0 added, 0 updated, 1516 unchanged, 0 skipped."
    again.reject()
    window.undo_stack.undo()
    assert people_ids(db, account) == []


def people_ids(db: Database, account_id: int) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(Stakeholder.id).where(Stakeholder.account_id == account_id)))


def test_possible_duplicates_are_listed_in_the_preview(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, "Name,Title\r\nAnn Lee,Analyst\r\nAnn  LEE,analyst\r\n"))
    to_preview(qtbot, wizard, Title="title")
    preview = wizard.preview_page
    assert preview.counts.text() == "2 added, 0 updated, 0 unchanged, 0 skipped; 2 possible duplicates."
    assert (
        "Possible duplicates (1):\n"
        "  • Ann Lee, Analyst: lines 2 and 3; all are imported, merge them later if they are one person"
    ) in preview.issues.toPlainText()
    assert preview.model.index(1, 6).data() == (
        "new in the account; maybe the same person as line 2 (same name and title)"
    )
    run_import(qtbot, wizard)
    assert len(people_ids(db, account)) == 2


# --- encodings, workbooks, LinkedIn ------------------------------------------------------------------------


def test_a_shift_jis_file_is_read_as_japanese_excel_wrote_it(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    text = "氏名,役職,部署\r\n髙橋 一郎,代表取締役社長,経営企画部①\r\n渡辺 さくら,部長,営業部\r\n"
    wizard = open_file(window, write(tmp_path, text, encoding="cp932"))
    assert wizard.file_page.status.text() == "Read 2 rows, 3 columns: CSV, Shift-JIS (CP932)."
    assert not wizard.file_page.encoding_box.isVisible()
    to_preview(qtbot, wizard)
    run_import(qtbot, wizard)
    assert people(db, account) == {
        "髙橋 一郎": ("代表取締役社長", "", "経営企画部①", ""),
        "渡辺 さくら": ("部長", "", "営業部", ""),
    }


#: Kanji whose bytes read as kanji in Shift-JIS, EUC-JP, Big5 and CP949 alike.
UNCLEAR = b"Name,Title\r\nAnn Lee,CFO\r\n\xed\xfb\xea\xa1,\xed\xcc\xe8\xca\r\n"


def test_an_unclear_encoding_is_chosen_by_the_user_from_its_readings(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, UNCLEAR))
    page = wizard.file_page
    assert page.status.text().startswith("contacts.csv line 3: the encoding is unclear, this line reads as ")
    assert page.status.text().endswith("Choose the encoding it is written in.")
    assert page.encoding_box.isVisible() and page.reading.isVisible()
    assert not wizard.button(NEXT).isEnabled()
    offered = {
        page.encoding_box.itemData(row): page.encoding_box.itemText(row)
        for row in range(1, page.encoding_box.count())
    }
    euc = UNCLEAR.splitlines()[2].decode("euc_jp")
    assert offered["euc_jp"] == f"EUC-JP: line 3 reads “{euc}”"
    assert "cp932" in offered
    page.encoding_box.setCurrentIndex(page.encoding_box.findData("euc_jp"))  # the preview follows the box
    assert page.reading.toPlainText().splitlines()[2] == euc
    page.encoding_box.activated.emit(page.encoding_box.currentIndex())  # as a user picks it
    assert page.status.text() == "Read 2 rows, 2 columns: CSV, EUC-JP."
    assert wizard.button(NEXT).isEnabled()
    to_preview(qtbot, wizard)
    run_import(qtbot, wizard)
    assert euc.split(",")[0] in people(db, account)


def test_a_workbook_of_several_sheets_offers_them(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path, xlsx: Callable[..., Path]
) -> None:
    path = xlsx(
        tmp_path / "contacts.xlsx",
        {
            "Summary": [["Report", "Customer AG"], ["Rows", 2]],
            "Contacts": [
                ["Contact ID", "First Name", "Last Name", "Title", "Department", "Reports To"],
                [1001, "Ольга", "Петрова", "CEO", "Board", ""],
                [1002, "大輔", "井上", "CFO", "Finance", "Ольга Петрова"],
            ],
        },
    )
    wizard = open_file(window, path)
    page = wizard.file_page
    assert page.status.text() == "Read 1 row, 2 columns: CSV, Excel workbook, sheet Summary."
    assert page.sheet_box.isVisible()
    assert [page.sheet_box.itemText(row) for row in range(page.sheet_box.count())] == ["Summary", "Contacts"]
    page.sheet_box.setCurrentIndex(1)
    page.sheet_box.activated.emit(1)
    assert page.status.text() == "Read 2 rows, 6 columns: Salesforce export, Excel workbook, sheet Contacts."
    to_preview(qtbot, wizard)
    run_import(qtbot, wizard)
    assert people(db, account) == {
        "Ольга Петрова": ("CEO", "", "Board", ""),
        "井上 大輔": ("CFO", "", "Finance", "Ольга Петрова"),
    }


def test_a_linkedin_export_leaves_out_other_companies_until_the_box_is_ticked(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    text = LINKEDIN + (
        "Mia,Berg,https://www.linkedin.com/in/mia-berg,,Other Bank ASA,Head of IT,3 Feb 2025\r\n"
    )
    wizard = open_file(window, write(tmp_path, text))
    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    # Customer AS is Customer AG, in another country: only its legal form differs.
    assert (
        preview.counts.text()
        == "2 added, 0 updated, 0 unchanged, 0 skipped; 1 left out (at other companies)."
    )
    assert preview.companies_box.isVisible()
    assert (
        preview.companies_box.text()
        == "Also import the 1 person who works at other companies than Customer AG"
    )
    assert preview.model.index(2, 6).data() == "works at Other Bank ASA, not Customer AG"
    preview.companies_box.setChecked(True)
    qtbot.waitUntil(lambda: preview.plan is not None)
    assert preview.counts.text() == "3 added, 0 updated, 0 unchanged, 0 skipped."
    run_import(qtbot, wizard)
    assert set(people(db, account)) == {"Søren Ødegård", "Ayşe Yılmaz", "Mia Berg"}


def test_undo_refuses_when_someone_else_changed_an_imported_person_since(
    qtbot, window: MainWindow, db: Database, db_path: Path, account: int, tmp_path: Path
) -> None:
    wizard = open_file(window, write(tmp_path, GENERIC))
    to_preview(qtbot, wizard)
    run_import(qtbot, wizard)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    with Database.open(db_path, user="colleague") as other, other.transaction() as session:  # another window
        bob = session.scalars(select(Stakeholder).where(Stakeholder.name == "Bob Ray")).one()
        bob.title = "Group Controller"
    kept = people(db, account)
    window.undo_stack.undo()
    assert window.context.failures[-1].startswith("Could not undo import contacts.csv: Bob Ray changed")
    assert people(db, account) == kept  # their edit and the import both stay
    assert window.undo_stack.count() == 0  # dropped: neither undo nor redo may overwrite their edit

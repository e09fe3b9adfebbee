"""Importing contacts: matched not doubled, managers resolved or reported, loops refused unless accepted, one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.errors import Cancelled, CycleRefused, Refused
from accountplan.interchange.contact_import import (
    ImportPlan,
    RowAction,
    apply,
    plan_lines,
    preview,
    read_contacts,
    summary,
)
from accountplan.model import ChangeLogEntry, OrgUnit, Stakeholder
from accountplan.model.enums import ChangeKind
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder, update_stakeholder
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]


@dataclass(frozen=True)
class Person:
    title: str
    email: str
    manager: str | None
    unit: str | None
    external_id: str
    notes: str


@pytest.fixture
def account(db: Database) -> int:
    with db.transaction() as session:
        return create_account(session, "Customer AG")


def write(tmp_path: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def plan_for(db: Database, account: int, path: Path, **mapping: str) -> ImportPlan:
    with db.session() as session:
        return preview(session, account, read_contacts(path, mapping=mapping or None))


def run(db: Database, account: int, path: Path, **mapping: str) -> ImportPlan:
    contacts = read_contacts(path, mapping=mapping or None)
    with db.transaction() as session:
        plan = preview(session, account, contacts)
        apply(session, plan)
    return plan


def people(db: Database, account: int) -> dict[str, Person]:
    with db.session() as session:
        everyone = session.scalars(select(Stakeholder).where(Stakeholder.account_id == account)).all()
        names = {person.id: person.name for person in everyone}
        units = {unit.id: unit.name for unit in session.scalars(select(OrgUnit))}
        return {
            person.name: Person(
                person.title,
                person.email,
                names.get(person.reports_to_id) if person.reports_to_id else None,
                units.get(person.org_unit_id) if person.org_unit_id else None,
                person.external_id,
                person.internal_notes,
            )
            for person in everyone
        }


SALESFORCE = (
    "Id,FirstName,LastName,Title,Department,Email,Phone,ReportsToId,Description\r\n"
    "003A1,Ольга,Петрова,Chief Executive Officer,Board,olga@customer.example,+49 30 1,,\r\n"
    '003A2,大輔,井上,CFO,Finance,daisuke@customer.example,,003A1,"Met at the ""Summit"".\r\nPrefers email."\r\n'
    "003A3,Ann,Lee,Controller,finance,ann@customer.example,,003A2,\r\n"
)


def test_a_first_import_adds_everyone_and_a_second_adds_nobody(
    db: Database, account: int, tmp_path: Path, table_counts: Counts
) -> None:
    path = write(tmp_path, SALESFORCE)
    first = run(db, account, path)
    assert [row.action for row in first.rows] == [RowAction.ADD] * 3
    assert first.new_units == (("Board",), ("Finance",))  # "finance" is the same unit
    assert people(db, account) == {
        "Ольга Петрова": Person(
            "Chief Executive Officer", "olga@customer.example", None, "Board", "003A1", ""
        ),
        "井上 大輔": Person(
            "CFO",
            "daisuke@customer.example",
            "Ольга Петрова",
            "Finance",
            "003A2",
            'Met at the "Summit".\nPrefers email.',
        ),
        "Ann Lee": Person("Controller", "ann@customer.example", "井上 大輔", "Finance", "003A3", ""),
    }
    before = table_counts()
    second = run(db, account, path)
    assert [(row.action, row.reason) for row in second.rows] == [
        (RowAction.UNCHANGED, "matches Ольга Петрова by id; already up to date"),
        (RowAction.UNCHANGED, "matches 井上 大輔 by id; already up to date"),
        (RowAction.UNCHANGED, "matches Ann Lee by id; already up to date"),
    ]
    after = table_counts()
    assert after["change_log"] == before["change_log"] + 1  # the import itself, nothing else
    assert {name: count for name, count in after.items() if name != "change_log"} == {
        name: count for name, count in before.items() if name != "change_log"
    }


def test_people_in_the_account_are_matched_by_email_then_name_and_title_and_updated(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_stakeholder(
            session, account, "Ann Lee", title="CFO", email="Ann.Lee@Customer.example", internal_notes="Ours."
        )
        add_stakeholder(session, account, "Bob Ray", title="Controller", external_id="CRM-7")
    text = (
        "First Name,Last Name,URL,Email Address,Position\r\n"
        "Ann,Lee,https://www.linkedin.com/in/ann-lee,ann.lee@customer.example,Chief Financial Officer\r\n"
        "Bob,Ray,https://www.linkedin.com/in/bob-ray,bob@customer.example,Controller\r\n"
    )
    plan = run(db, account, write(tmp_path, text))
    assert [(row.action, row.reason) for row in plan.rows] == [
        (RowAction.UPDATE, "matches Ann Lee by email"),
        (RowAction.UPDATE, "matches Bob Ray by name and title"),
    ]
    assert [(change.label, change.old, change.new) for change in plan.rows[1].changes] == [
        ("email", "", "bob@customer.example")
    ]  # Bob's CRM id is kept: an id is never overwritten
    found = people(db, account)
    assert len(found) == 2
    assert found["Ann Lee"].title == "Chief Financial Officer"
    assert found["Ann Lee"].external_id == "https://www.linkedin.com/in/ann-lee"
    assert found["Bob Ray"].external_id == "CRM-7"


def test_an_id_match_takes_a_new_name_and_notes_go_below_the_sellers_own(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_stakeholder(
            session, account, "Ann Smith", external_id="003A3", internal_notes="Champion; call monthly."
        )
    text = "Id,FirstName,LastName,Description\r\n003A3,Ann,Lee,Married in May.\r\n"
    run(db, account, write(tmp_path, text))
    run(db, account, write(tmp_path, text))
    (ann,) = people(db, account).items()
    assert ann == (
        "Ann Lee",
        Person("", "", None, None, "003A3", "Champion; call monthly.\n\nMarried in May."),
    )


def test_managers_are_resolved_by_id_email_and_name_in_the_file_and_the_account(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_stakeholder(session, account, "Сергей Иванов", title="CEO", email="sergey@customer.example")
    text = (
        "Name,Title,Email,Manager email,Manager\r\n"
        "Ann Lee,CFO,ann@customer.example,sergey@customer.example,\r\n"
        "Bob Ray,Controller,,,ann lee\r\n"
        "Cid Ho,Analyst,,ann@customer.example,Somebody Else\r\n"
    )
    plan = run(db, account, write(tmp_path, text))
    assert plan.manager_issues == ()
    found = people(db, account)
    assert found["Ann Lee"].manager == "Сергей Иванов"  # by email, in the account
    assert found["Bob Ray"].manager == "Ann Lee"  # by name, in the file
    assert found["Cid Ho"].manager == "Ann Lee"  # the email wins over the name


def test_an_ambiguous_manager_is_shown_with_the_candidates(
    db: Database, account: int, tmp_path: Path
) -> None:
    text = "Name,Title,Manager\r\nAnn Lee,CFO,\r\nAnn Lee,Head of Sales,\r\nBob Ray,Controller,Ann Lee\r\n"
    plan = run(db, account, write(tmp_path, text))
    (issue,) = plan.manager_issues
    assert issue.ambiguous
    assert issue.candidates == ("Ann Lee (line 2)", "Ann Lee (line 3)")
    assert issue.message == (
        "Bob Ray (line 4) reports to 'Ann Lee', who could be any of 2 people: Ann Lee (line 2), "
        "Ann Lee (line 3); Bob Ray is added without a manager"
    )
    assert people(db, account)["Bob Ray"].manager is None


def test_a_manager_neither_in_the_file_nor_the_account_is_reported_not_invented(
    db: Database, account: int, tmp_path: Path
) -> None:
    text = "Id,FirstName,LastName,ReportsToId\r\n003A1,Ann,Lee,003ZZ\r\n"
    plan = run(db, account, write(tmp_path, text))
    assert [issue.message for issue in plan.manager_issues] == [
        "Ann Lee (line 2) reports to id 003ZZ, who is neither in the file nor in the account; "
        "Ann Lee is added without a manager"
    ]
    assert people(db, account) == {"Ann Lee": Person("", "", None, None, "003A1", "")}


LOOP = (
    "Id,FirstName,LastName,ReportsToId\r\n"
    "003A1,Ann,Lee,003A3\r\n"
    "003A2,Bob,Ray,003A1\r\n"
    "003A3,Cid,Ho,003A2\r\n"
    "003A4,Dan,Ko,003A1\r\n"
)


def test_a_loop_in_the_file_is_refused_with_its_names_and_nothing_written(
    db: Database, account: int, tmp_path: Path, table_counts: Counts
) -> None:
    path = write(tmp_path, LOOP)
    plan = plan_for(db, account, path)
    (cycle,) = plan.cycles
    assert cycle.names == ("Cid Ho", "Bob Ray", "Ann Lee")  # from the last row's link, up the line
    assert cycle.message == (
        "the reporting line loops (Cid Ho → Bob Ray → Ann Lee → Cid Ho); left out: Cid Ho reporting to Bob Ray (line 4)"
    )
    assert not plan.can_apply
    before = table_counts()
    with pytest.raises(CycleRefused) as refused, db.transaction() as session:
        apply(session, plan)
    assert refused.value.names == ["Cid Ho", "Bob Ray", "Ann Lee"]
    assert table_counts() == before


def test_an_accepted_loop_imports_the_rest_without_the_closing_link(
    db: Database, account: int, tmp_path: Path
) -> None:
    plan = plan_for(db, account, write(tmp_path, LOOP)).accepting_cycles()
    with db.transaction() as session:
        apply(session, plan)
    assert {name: person.manager for name, person in people(db, account).items()} == {
        "Ann Lee": "Cid Ho",
        "Bob Ray": "Ann Lee",
        "Cid Ho": None,
        "Dan Ko": "Ann Lee",
    }


def test_a_loop_through_someone_already_in_the_account_is_found(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        boss = add_stakeholder(session, account, "Сергей Иванов", email="sergey@customer.example")
        add_stakeholder(session, account, "Ann Lee", email="ann@customer.example", reports_to_id=boss)
    text = "Name,Email,Manager email\r\nСергей Иванов,sergey@customer.example,ann@customer.example\r\n"
    (cycle,) = plan_for(db, account, write(tmp_path, text)).cycles
    assert cycle.names == ("Сергей Иванов", "Ann Lee")


def test_departments_reuse_the_accounts_org_units_by_name(db: Database, account: int, tmp_path: Path) -> None:
    with db.transaction() as session:
        session.add(OrgUnit(account_id=account, name="Finance"))
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nORG:Customer AG;FINANCE;Treasury\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Ray\nORG:Customer AG;finance\nEND:VCARD\n"
    )
    plan = run(db, account, write(tmp_path, text, "team.vcf"))
    assert plan.new_units == (("FINANCE", "Treasury"),)
    with db.session() as session:
        units = {unit.name: unit for unit in session.scalars(select(OrgUnit))}
    assert set(units) == {"Finance", "Treasury"}
    assert units["Treasury"].parent_id == units["Finance"].id
    assert {name: person.unit for name, person in people(db, account).items()} == {
        "Ann Lee": "Treasury",
        "Bob Ray": "Finance",
    }


def test_rows_that_cannot_be_imported_are_skipped_with_the_reason(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_stakeholder(session, account, "Eve Yu", title="Analyst")
        add_stakeholder(session, account, "Eve Yu", title="Analyst")
    text = (
        "Name,Title,Email\r\n"
        ",CFO,nobody@customer.example\r\n"
        "Ann Lee,CFO,ann@customer.example\r\n"
        "Ann Lee,Finance Director,ANN@customer.example\r\n"
        f"Bob Ray,{'T' * 301},\r\n"
        "Eve Yu,Analyst,\r\n"
    )
    plan = run(db, account, write(tmp_path, text))
    assert [(row.line, row.reason) for row in plan.skipped] == [
        (2, "the row has no name"),
        (4, "the same person as line 3 (same email)"),
        (5, "The title is too long (301 characters, at most 300)"),
        (6, "2 people in the account have this name and title (Eve Yu, Eve Yu)"),
    ]
    with db.session() as session:
        names = session.scalars(select(Stakeholder.name).order_by(Stakeholder.name)).all()
    assert names == ["Ann Lee", "Eve Yu", "Eve Yu"]


def test_names_in_any_script_are_kept(db: Database, account: int, tmp_path: Path) -> None:
    text = "Name,Title\r\n井上 大輔,部長\r\nДмитрий Соколов,Директор по ИТ\r\n김민수,팀장\r\nΕλένη Παπαδοπούλου,CFO\r\n"
    run(db, account, write(tmp_path, text))
    assert sorted(people(db, account)) == sorted(
        ["井上 大輔", "Дмитрий Соколов", "김민수", "Ελένη Παπαδοπούλου"]
    )


def big_file(tmp_path: Path, rows: int) -> Path:
    lines = ["Id,FirstName,LastName,ReportsToId"]
    lines += [f"003{n:05d},Person,{n},{f'003{(n - 1) // 4:05d}' if n else ''}" for n in range(rows)]
    return write(tmp_path, "\r\n".join(lines) + "\r\n")


def test_progress_is_reported_and_a_cancel_leaves_nothing(
    db: Database, account: int, tmp_path: Path, table_counts: Counts
) -> None:
    plan = plan_for(db, account, big_file(tmp_path, 1_200))
    before = table_counts()
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled, match="nothing was changed"), db.transaction() as session:
        apply(
            session,
            plan,
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen == [(1, 1_200), (5, 1_200)]  # the top, then the four below: managers before their reports
    assert table_counts() == before
    seen.clear()
    with db.transaction() as session:
        result = apply(session, plan, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1_200, 1_200)
    assert len(result.added) == 1_200
    assert len(people(db, account)) == 1_200


def test_a_plan_made_before_someone_else_edited_the_account_is_refused(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        ann = add_stakeholder(session, account, "Ann Lee", title="CFO")
    plan = plan_for(db, account, write(tmp_path, "Name,Title,Email\r\nAnn Lee,CFO,ann@customer.example\r\n"))
    with db.transaction() as session:
        update_stakeholder(session, ann, title="Chief Financial Officer")
    with (
        pytest.raises(Refused, match="changed since the preview; preview the import again"),
        db.transaction() as session,
    ):
        apply(session, plan)
    assert people(db, account)["Ann Lee"].email == ""


def test_the_change_log_records_the_import_and_each_change(
    db: Database, account: int, tmp_path: Path
) -> None:
    path = write(tmp_path, SALESFORCE)
    run(db, account, path)
    write(tmp_path, SALESFORCE.replace("Controller", "Group Controller"))
    run(db, account, path)
    with db.session() as session:
        entries = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.account_id == account)).all()
    created = [
        e.entity_label for e in entries if e.kind is ChangeKind.CREATED and e.entity_type == "stakeholders"
    ]
    assert created == ["Ольга Петрова", "井上 大輔", "Ann Lee"]
    assert [(e.entity_label, e.old_value, e.new_value) for e in entries if e.field == "title"] == [
        ("Ann Lee", "Controller", "Group Controller")
    ]
    imports = [e.new_value for e in entries if e.kind is ChangeKind.IMPORTED]
    assert imports == [
        f"{path}: 3 added, 0 updated, 0 unchanged, 0 skipped",
        f"{path}: 0 added, 1 updated, 2 unchanged, 0 skipped",
    ]
    assert {e.user for e in entries} == {"tester"}


# --- real exports: many people of one name, spellings, other companies -----------------------------------


def test_the_1516_person_org_chart_sample_imports_everyone_and_again_nobody(
    db: Database, account: int, org_chart_csv: Path, table_counts: Counts
) -> None:
    rows = org_chart_csv.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 1516
    shared = len(rows) - len({tuple(row.split(",")[1:4]) for row in rows})
    assert (
        shared > 1400
    )  # most people share a name and a title with someone else: only the Id tells them apart
    first = run(db, account, org_chart_csv)
    assert (len(first.added), len(first.skipped), first.duplicates) == (1516, 0, ())
    assert first.manager_issues == () and first.cycles == ()
    with db.session() as session:
        stored = session.execute(
            select(Stakeholder.external_id, Stakeholder.reports_to_id, Stakeholder.id).where(
                Stakeholder.account_id == account
            )
        ).all()
    by_id = {row_id: external for external, _, row_id in stored}
    reports_to = {external: by_id.get(manager) for external, manager, _ in stored}
    expected = {row.split(",")[0]: row.split(",")[5] or None for row in rows}
    assert reports_to == expected  # every reporting line as the file draws it
    before = table_counts()
    second = run(db, account, org_chart_csv)
    assert (len(second.added), len(second.updated), len(second.unchanged)) == (0, 0, 1516)
    after = table_counts()
    assert after["change_log"] == before["change_log"] + 1  # the import itself, nothing else
    assert {k: v for k, v in after.items() if k != "change_log"} == {
        k: v for k, v in before.items() if k != "change_log"
    }


def test_rows_with_different_ids_are_different_people_whatever_they_share(
    db: Database, account: int, tmp_path: Path
) -> None:
    text = (
        "Id,FirstName,LastName,Title,Email\r\n"
        "A1,Ann,Lee,Analyst,team@customer.example\r\n"
        "A2,Ann,Lee,Analyst,team@customer.example\r\n"  # another Ann Lee, the team's shared mailbox
        "A1,Ann,Lee,Senior Analyst,\r\n"  # the first one again: the same id
    )
    plan = run(db, account, write(tmp_path, text))
    assert [(row.line, row.action, row.reason) for row in plan.rows] == [
        (2, RowAction.ADD, "new in the account"),
        (3, RowAction.ADD, "new in the account"),
        (4, RowAction.SKIP, "the same person as line 2 (same id)"),
    ]
    with db.session() as session:
        ids = session.scalars(select(Stakeholder.external_id).order_by(Stakeholder.external_id)).all()
    assert ids == ["A1", "A2"]


def test_same_name_and_title_without_ids_are_imported_apart_and_listed_as_possible_duplicates(
    db: Database, account: int, tmp_path: Path, table_counts: Counts
) -> None:
    text = (
        "Name,Title,Department\r\n"
        "Ann Lee,Analyst,Finance\r\n"
        "Bob Ray,CFO,Finance\r\n"
        "Ann Lee,Analyst,Sales\r\n"
        "ANN  LEE,analyst,Legal\r\n"
    )
    path = write(tmp_path, text)
    plan = run(db, account, path)
    assert [row.action for row in plan.rows] == [RowAction.ADD] * 4
    assert [row.reason for row in plan.rows] == [
        "new in the account; maybe the same person as line 4 and line 5 (same name and title)",
        "new in the account",
        "new in the account; maybe the same person as line 2 and line 5 (same name and title)",
        "new in the account; maybe the same person as line 2 and line 4 (same name and title)",
    ]
    (duplicate,) = plan.duplicates
    assert duplicate.lines == (2, 4, 5)
    assert duplicate.message == (
        "Ann Lee, Analyst: lines 2, 4 and 5; all are imported, merge them later if they are one person"
    )
    assert summary(plan) == "4 added, 0 updated, 0 unchanged, 0 skipped; 3 possible duplicates"
    assert plan_lines(plan)[-3:] == [
        "Possible duplicates (1):",
        "  Ann Lee, Analyst: lines 2, 4 and 5; all are imported, merge them later if they are one person",
        "New org units: Finance, Sales, Legal",
    ]
    with db.session() as session:
        units = dict(session.execute(select(Stakeholder.id, OrgUnit.name).join(OrgUnit)).all())
    assert sorted(units.values()) == ["Finance", "Finance", "Legal", "Sales"]
    # Again: each row finds its own person, in order; nobody is added, nobody changed, nothing listed.
    before = table_counts()
    again = run(db, account, path)
    assert [row.action for row in again.rows] == [RowAction.UNCHANGED] * 4
    assert again.duplicates == ()
    assert table_counts()["stakeholders"] == before["stakeholders"]


def test_one_row_for_two_people_of_that_name_in_the_account_is_still_ambiguous(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_stakeholder(session, account, "Eve Yu", title="Analyst")
        add_stakeholder(session, account, "Eve Yu", title="Analyst")
    plan = run(db, account, write(tmp_path, "Name,Title,Email\r\nEve Yu,Analyst,eve@customer.example\r\n"))
    assert [(row.action, row.reason) for row in plan.rows] == [
        (RowAction.SKIP, "2 people in the account have this name and title (Eve Yu, Eve Yu)")
    ]


def test_names_match_without_case_accents_or_spacing_and_keep_the_stored_spelling(
    db: Database, account: int, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_stakeholder(session, account, "José García", title="Director de Compras")
        add_stakeholder(session, account, "Ann Lee", title="CFO", email="ann@customer.example")
    text = (
        "Name,Title,Email,Phone,Manager\r\n"
        "Jose Garcia,DIRECTOR DE COMPRAS,,+34 91 1,\r\n"
        "Ann  LEE,cfo,ANN@customer.example,,\r\n"
        "Zoë Roux,Buyer,,,jose  GARCIA\r\n"
    )
    plan = run(db, account, write(tmp_path, text))
    assert [(row.action, row.reason) for row in plan.rows] == [
        (RowAction.UPDATE, "matches José García by name and title"),
        (RowAction.UNCHANGED, "matches Ann Lee by email; already up to date"),
        (RowAction.ADD, "new in the account"),
    ]
    assert [(c.label, c.old, c.new) for c in plan.rows[0].changes] == [("phone", "", "+34 91 1")]
    found = people(db, account)
    assert set(found) == {"José García", "Ann Lee", "Zoë Roux"}  # never "Ann  LEE" nor "Jose Garcia"
    assert found["José García"].title == "Director de Compras"
    assert found["Ann Lee"].title == "CFO"
    assert found["Zoë Roux"].manager == "José García"  # a manager named without accents is found


LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Søren,Ødegård,https://www.linkedin.com/in/soren-odegard,,Customer AS,VP Procurement,12 Jan 2025\r\n"
    "Mia,Berg,https://www.linkedin.com/in/mia-berg,,Other Bank ASA,Head of IT,3 Feb 2025\r\n"
    "Lars,Lie,https://www.linkedin.com/in/lars-lie,,,,4 Feb 2025\r\n"
    "Ida,Moe,https://www.linkedin.com/in/ida-moe,,CUSTOMER,Buyer,5 Feb 2025\r\n"
)


def test_a_linkedin_export_leaves_out_people_of_other_companies_unless_asked(
    db: Database, account: int, tmp_path: Path
) -> None:
    path = write(tmp_path, LINKEDIN)
    with db.session() as session:
        plan = preview(session, account, read_contacts(path))
    assert [(row.line, row.action, row.reason) for row in plan.rows] == [
        (2, RowAction.ADD, "new in the account"),
        (3, RowAction.LEFT_OUT, "works at Other Bank ASA, not Customer AG"),
        (4, RowAction.LEFT_OUT, "names no company, not Customer AG"),
        (5, RowAction.ADD, "new in the account"),
    ]
    assert summary(plan) == "2 added, 0 updated, 0 unchanged, 0 skipped; 2 left out (at other companies)"
    assert "Left out, at other companies (import them with --all-companies) (2):" in plan_lines(plan)
    with db.transaction() as session:
        apply(session, plan)
    assert set(people(db, account)) == {"Søren Ødegård", "Ida Moe"}
    with db.transaction() as session:
        everyone = preview(session, account, read_contacts(path), all_companies=True)
        apply(session, everyone)
    assert summary(everyone) == "2 added, 0 updated, 2 unchanged, 0 skipped"
    assert set(people(db, account)) == {"Søren Ødegård", "Ida Moe", "Mia Berg", "Lars Lie"}


def test_a_linkedin_export_into_a_new_account_compares_with_its_name(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        plan = preview(session, None, read_contacts(write(tmp_path, LINKEDIN)), account_name="Other Bank")
    assert [row.name for row in plan.added] == ["Mia Berg"]

"""A contact import taken back in one step and made again: people added removed, fields changed restored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from accountplan.interchange.contact_formats import read_contacts
from accountplan.interchange.contact_plan import preview
from accountplan.interchange.contact_undo import ContactImport
from accountplan.model import Account, OrgUnit, Stakeholder
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database

State = tuple[frozenset[tuple[str, ...]], frozenset[str]]


def state(db: Database, account: int) -> State:
    """Every person of the account with the fields an import sets, and the account's org units."""
    manager, unit = aliased(Stakeholder), aliased(OrgUnit)
    query = (
        select(
            Stakeholder.name,
            Stakeholder.title,
            Stakeholder.email,
            Stakeholder.phone,
            Stakeholder.external_id,
            Stakeholder.internal_notes,
            unit.name,
            manager.name,
        )
        .outerjoin(unit, unit.id == Stakeholder.org_unit_id)
        .outerjoin(manager, manager.id == Stakeholder.reports_to_id)
        .where(Stakeholder.account_id == account)
    )
    with db.session() as session:
        people = frozenset(tuple(value or "" for value in row) for row in session.execute(query))
        units = frozenset(session.scalars(select(OrgUnit.name).where(OrgUnit.account_id == account)))
    return people, units


@pytest.fixture
def account(db: Database) -> int:
    with db.transaction() as session:
        account_id = create_account(session, "Customer AG")
        finance = OrgUnit(account_id=account_id, name="Finance")
        session.add(finance)
        session.flush()
        ceo = add_stakeholder(
            session, account_id, "Сергей Иванов", title="CEO", email="sergey@customer.example"
        )
        add_stakeholder(
            session,
            account_id,
            "Ann Lee",
            title="Chief Financial Officer",
            email="ann@customer.example",
            org_unit_id=finance.id,
            internal_notes="Ours.",
            reports_to_id=ceo,
        )
    return account_id


FILE = (
    "Name,Title,Department,Email,Manager email,Comment\r\n"
    "Ann Lee,CFO,Treasury,ann@customer.example,bob@customer.example,Met in May.\r\n"  # updated throughout
    "Bob Ray,COO,Operations,bob@customer.example,sergey@customer.example,\r\n"
    "Cid Ho,Analyst,Treasury,,ann@customer.example,\r\n"
)


def test_undo_restores_every_field_and_removes_everyone_added_and_redo_makes_it_again(
    db: Database, account: int, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(FILE, encoding="utf-8")
    before = state(db, account)
    with db.session() as session:
        plan = preview(session, account, read_contacts(path, mapping={"Comment": "notes"}))
    change = ContactImport(plan.file, account, "Customer AG", plan=plan)
    with db.transaction() as session:
        change.forward(session)
    imported = state(db, account)
    assert (
        "Ann Lee",
        "CFO",
        "ann@customer.example",
        "",
        "",
        "Ours.\n\nMet in May.",
        "Treasury",
        "Bob Ray",
    ) in (imported[0])
    assert imported[1] == {"Finance", "Treasury", "Operations"}
    with db.transaction() as session:
        change.backward(session)
    assert state(db, account) == before
    with db.transaction() as session:
        change.forward(session)  # redo: planned again against the account as it now is
    assert state(db, account) == imported
    with db.transaction() as session:
        change.backward(session)
    assert state(db, account) == before


def test_undoing_an_import_into_a_new_account_removes_the_account(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(FILE, encoding="utf-8")
    change = ContactImport(read_contacts(path), None, "Hoshino Logistics")
    with db.transaction() as session:
        change.forward(session)
    assert change.created_account and change.account_id is not None
    assert len(state(db, change.account_id)[0]) == 3
    with db.transaction() as session:
        change.backward(session)
    with db.session() as session:
        assert session.scalars(select(Account.name)).all() == []
    with db.transaction() as session:
        change.forward(session)
    assert len(state(db, change.account_id)[0]) == 3


def test_the_1516_person_sample_goes_and_comes_back_whole(
    db: Database, account: int, org_chart_csv: Path
) -> None:
    before = state(db, account)
    change = ContactImport(read_contacts(org_chart_csv), account, "Customer AG")
    with db.transaction() as session:
        change.forward(session)
    imported = state(db, account)
    with db.session() as session:
        count = len(session.scalars(select(Stakeholder.id).where(Stakeholder.account_id == account)).all())
    assert count == 2 + 1516
    with db.transaction() as session:
        change.backward(session)
    assert state(db, account) == before
    with db.transaction() as session:
        change.forward(session)
    assert state(db, account) == imported

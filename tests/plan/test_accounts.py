"""Accounts: names are unique and required, the list shows counts, deleting one takes everything in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from accountplan.errors import AlreadyExists, InvalidValue, NotFound
from accountplan.model import Account, Action, Base, ChangeLogEntry, Stakeholder
from accountplan.model.enums import AccountStatus, ChangeKind, StakeholderStatus
from accountplan.plan.accounts import (
    AccountRow,
    create_account,
    delete_account,
    list_accounts,
    update_account,
)
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.stakeholders import add_stakeholder, mark_departed
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]


def test_creating_an_account_with_its_fields(db: Database) -> None:
    with db.transaction() as session:
        account_id = create_account(
            session,
            "  Kaiyō Heavy Industries ",
            currency="JPY",
            fiscal_year_start_month=4,
            status="Nurture – active opportunity",
        )
    with db.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        assert account.name == "Kaiyō Heavy Industries"
        assert (account.currency, account.fiscal_year_start_month) == ("JPY", 4)
        assert account.status is AccountStatus.NURTURE_ACTIVE
        assert account.created_at.tzinfo is not None
        created = session.scalars(select(ChangeLogEntry)).one()
        assert (created.kind, created.entity_type, created.account_id, created.user) == (
            ChangeKind.CREATED,
            "accounts",
            account_id,
            "tester",
        )


@pytest.mark.parametrize(
    ("name", "values", "error", "message"),
    [
        ("  ", {}, InvalidValue, "needs a name"),
        ("x" * 201, {}, InvalidValue, "too long"),
        ("Globex", {"fiscal_year_start_month": 13}, InvalidValue, "between 1 and 12"),
        ("Globex", {"status": "hot"}, InvalidValue, "not a known AccountStatus"),
        ("Acme Corporation", {}, AlreadyExists, "already exists"),
        (" Acme Corporation ", {}, AlreadyExists, "already exists"),
    ],
)
def test_a_bad_new_account_is_refused(
    db: Database,
    account_id: int,
    table_counts: Counts,
    name: str,
    values: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    before = table_counts()
    with pytest.raises(error, match=message), db.transaction() as session:
        create_account(session, name, **values)
    assert table_counts() == before


def test_renaming_to_a_name_in_use_is_refused_but_keeping_ones_own_is_fine(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        create_account(session, "Globex")
    with pytest.raises(AlreadyExists), db.transaction() as session:
        update_account(session, account_id, name="Globex")
    with db.transaction() as session:
        previous = update_account(session, account_id, name="Acme Corporation", vision="One platform")
    assert previous == {"name": "Acme Corporation", "vision": ""}
    with db.session() as session:
        assert session.scalars(select(Account.name).order_by(Account.name)).all() == [
            "Acme Corporation",
            "Globex",
        ]


def test_deleting_an_account_deletes_everything_in_it_and_nothing_else(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
        add_stakeholder(session, other, "Zed Stranger")
        boss = add_stakeholder(session, account_id, "Ada Boss")
        add_stakeholder(session, account_id, "Bo Report", reports_to_id=boss)
        add_opportunity(session, account_id, "Pilot")
        session.add(Action(account_id=account_id, title="Call Ada"))
    with db.transaction() as session:
        delete_account(session, account_id)

    counts_after = {row.name: (row.stakeholders, row.opportunities, row.actions) for row in _list(db)}
    assert counts_after == {"Globex": (1, 0, 0)}
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            if "account_id" in table.c:
                left = session.execute(select(table.c.account_id).where(table.c.account_id == account_id))
                assert left.first() is None, f"{table.name} kept rows of the deleted account"
    with pytest.raises(NotFound), db.transaction() as session:
        delete_account(session, account_id)


def _list(db: Database) -> list[AccountRow]:
    with db.session() as session:
        return list_accounts(session)


def test_the_account_list_counts_active_people_deals_and_actions(db: Database, account_id: int) -> None:
    assert [(r.name, r.stakeholders, r.opportunities, r.actions) for r in _list(db)] == [
        ("Acme Corporation", 0, 0, 0)
    ]
    with db.transaction() as session:
        zeta = create_account(session, "Zeta Bank", status="cold", industry="Banking")
        for name in ("Ada", "Bo", "Cy"):
            add_stakeholder(session, account_id, name)
        gone = add_stakeholder(session, account_id, "Di")
        mark_departed(session, gone, dt.date(2025, 1, 31))
        add_opportunity(session, account_id, "Pilot")
        add_opportunity(session, account_id, "Platform")
        add_stakeholder(session, zeta, "Ed")
        session.add_all([Action(account_id=zeta, title=f"Action {i}") for i in range(3)])

    rows = _list(db)
    assert [r.name for r in rows] == ["Acme Corporation", "Zeta Bank"]
    acme, zeta_row = rows
    assert (acme.stakeholders, acme.opportunities, acme.actions) == (3, 2, 0)
    assert (zeta_row.stakeholders, zeta_row.opportunities, zeta_row.actions) == (1, 0, 3)
    assert (zeta_row.status_label, zeta_row.industry) == ("Cold", "Banking")
    assert acme.status_label == "Working"
    with db.session() as session:
        statuses = session.scalars(select(Stakeholder.status).where(Stakeholder.account_id == account_id))
        assert sorted(s.value for s in statuses) == ["active"] * 3 + [StakeholderStatus.DEPARTED.value]

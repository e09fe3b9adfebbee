"""The change log: every change made through a write transaction, with who, when, old and new value."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.model import Action, ChangeLogEntry, CoSeller, Coverage, Opportunity, Stakeholder
from accountplan.model.enums import ActionStatus, ChangeKind, CoSellerRole, RelationshipStrength
from accountplan.plan.accounts import create_account, delete_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.audit import format_value, log_change
from accountplan.store.database import Database

Row = tuple[str, str, str, str | None, str | None]


def _log(db: Database) -> list[ChangeLogEntry]:
    with db.session() as session:
        return list(session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)))


def _rows(db: Database, kind: ChangeKind | None = None) -> list[Row]:
    return [
        (e.kind.value, e.entity_type, e.field, e.old_value, e.new_value)
        for e in _log(db)
        if kind is None or e.kind is kind
    ]


@pytest.fixture
def account(db: Database) -> int:
    with db.transaction() as session:
        return create_account(session, "Acme")


def test_creating_updating_and_deleting_are_logged_with_user_and_time(db: Database, account: int) -> None:
    with db.transaction() as session:
        action = Action(account_id=account, title="Send the proposal", due=dt.date(2025, 3, 1))
        session.add(action)
    with db.transaction() as session:
        stored = session.get(Action, action.id)
        assert stored is not None
        stored.due = dt.date(2025, 3, 15)
        stored.status = ActionStatus.DONE
    with db.transaction() as session:
        stored = session.get(Action, action.id)
        session.delete(stored)

    entries = [e for e in _log(db) if e.entity_type == "actions"]
    assert [(e.kind, e.field, e.new_value) for e in entries] == [
        (ChangeKind.CREATED, "", None),
        (ChangeKind.UPDATED, "due", "2025-03-15"),
        (ChangeKind.UPDATED, "status", "done"),
        (ChangeKind.DELETED, "", None),
    ]
    assert [e.old_value for e in entries[:3]] == [None, "2025-03-01", "open"]
    # The deletion says what the row was (issue #18: a past day shows it).
    deleted = json.loads(entries[3].old_value or "")
    assert deleted["title"] == "Send the proposal"
    assert (deleted["due"], deleted["status"]) == ("2025-03-15", "done")
    assert {(e.user, e.entity_id, e.entity_label, e.account_id) for e in entries} == {
        ("tester", action.id, "Send the proposal", account)
    }
    now = dt.datetime.now(dt.UTC)
    assert all(e.at.tzinfo is not None and e.at <= now for e in entries)


def test_the_log_says_who_made_the_change(db: Database, db_path: Path, account: int) -> None:
    with Database.open(db_path, user="Yuki Sato") as colleague, colleague.transaction() as session:
        add_stakeholder(session, account, "Added by Yuki")
    with db.transaction() as session:
        add_stakeholder(session, account, "Added by the tester")
    people = [(e.entity_label, e.user) for e in _log(db) if e.entity_type == "stakeholders"]
    assert people == [("Added by Yuki", "Yuki Sato"), ("Added by the tester", "tester")]


def test_values_are_written_as_a_user_reads_them(db: Database, account: int) -> None:
    with db.transaction() as session:
        deal = Opportunity(account_id=account, name="Pilot", amount=Decimal("1000"))
        seller = CoSeller(name="Sam", role=CoSellerRole.ACCOUNT_EXECUTIVE)
        session.add_all([deal, seller])
        session.flush()
        person = add_stakeholder(session, account, "Aiko")
        cover = Coverage(account_id=account, co_seller_id=seller.id, stakeholder_id=person)
        session.add(cover)
    with db.transaction() as session:
        stored_deal = session.get(Opportunity, deal.id)
        stored_cover = session.get(Coverage, cover.id)
        assert stored_deal is not None and stored_cover is not None
        stored_deal.amount = Decimal("1234.50")
        stored_deal.expected_close = dt.date(2026, 1, 31)
        stored_cover.is_owner = True
        stored_cover.strength = RelationshipStrength.TRUSTED_ADVISOR
    assert set(_rows(db, ChangeKind.UPDATED)) == {
        ("updated", "opportunities", "amount", "1000.00", "1234.50"),
        ("updated", "opportunities", "expected_close", None, "2026-01-31"),
        ("updated", "coverage", "is_owner", "false", "true"),
        ("updated", "coverage", "strength", "brief", "trusted_advisor"),
    }


def test_setting_a_field_to_the_value_it_has_logs_nothing(db: Database, account: int) -> None:
    with db.transaction() as session:
        person = add_stakeholder(session, account, "Aiko", title="CIO")
    logged = len(_log(db))
    with db.transaction() as session:
        stored = session.get(Stakeholder, person)
        assert stored is not None
        stored.title = "CIO"
    assert len(_log(db)) == logged


def test_changes_that_are_not_saved_are_not_logged(db: Database, account: int) -> None:
    logged = _rows(db)
    with pytest.raises(RuntimeError), db.transaction() as session:
        add_stakeholder(session, account, "Aiko")
        raise RuntimeError("cancelled")
    assert _rows(db) == logged


def test_a_transaction_without_audit_writes_no_log(db: Database, account: int) -> None:
    logged = _rows(db)
    with db.transaction(audit=False) as session:
        person = add_stakeholder(session, account, "Aiko")
        stored = session.get(Stakeholder, person)
        assert stored is not None
        log_change(session, stored, ChangeKind.UPDATED, "roles", "", "champion")
    assert _rows(db) == logged
    with db.session() as session:
        assert session.get(Stakeholder, person) is not None  # the change itself was saved


def test_a_change_can_be_logged_by_hand_and_at_a_given_time(db: Database, account: int) -> None:
    when = dt.datetime(2024, 2, 29, 12, 0, tzinfo=dt.UTC)
    with db.transaction() as session:
        session.info["now"] = when
        person = add_stakeholder(session, account, "Aiko")
        stored = session.get(Stakeholder, person)
        assert stored is not None
        log_change(session, stored, ChangeKind.UPDATED, "roles", "user", "champion, coach")
    entries = [e for e in _log(db) if e.entity_type == "stakeholders"]
    assert [(e.kind, e.field, e.old_value, e.new_value, e.at) for e in entries] == [
        (ChangeKind.CREATED, "", None, None, when),
        (ChangeKind.UPDATED, "roles", "user", "champion, coach", when),
    ]


def test_co_sellers_belong_to_no_account_and_are_logged_without_one(db: Database) -> None:
    with db.transaction() as session:
        session.add(CoSeller(name="Sam", role=CoSellerRole.PARTNER))
    (entry,) = _log(db)
    assert (entry.entity_type, entry.account_id, entry.entity_label) == ("co_sellers", None, "Sam")


def test_the_account_history_goes_with_the_account(db: Database, account: int) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
        add_stakeholder(session, account, "Aiko")
    with db.transaction() as session:
        delete_account(session, account)
    assert {e.account_id for e in _log(db)} == {other}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, None),
        (ActionStatus.IN_PROGRESS, "in_progress"),
        (True, "true"),
        (False, "false"),
        (dt.date(2025, 1, 2), "2025-01-02"),
        (dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "2025-01-02T03:04:05+00:00"),
        (Decimal("12.50"), "12.50"),
        (4, "4"),
        ("Aiko", "Aiko"),
    ],
)
def test_format_value(value: object, written: str | None) -> None:
    assert format_value(value) == written


def test_deleting_a_person_logs_what_the_database_deletes_with_them(db: Database, account: int) -> None:
    """Their coverage and influence links go by ON DELETE CASCADE: each is logged with what it was."""
    from accountplan.model.enums import BuyingRole, InfluenceKind
    from accountplan.plan.coverage import set_coverage
    from accountplan.plan.influence import add_influence_link
    from accountplan.plan.stakeholders import delete_stakeholder
    from accountplan.plan.team import add_co_seller, join_team

    with db.transaction() as session:
        boss = add_stakeholder(session, account, "Mira", title="CIO")
        aiko = add_stakeholder(
            session, account, "Aiko", title="CFO", reports_to_id=boss, roles=[BuyingRole.ECONOMIC_BUYER]
        )
        report = add_stakeholder(session, account, "Ken", reports_to_id=aiko)
        sam = add_co_seller(session, "Sam", CoSellerRole.ACCOUNT_EXECUTIVE)
        join_team(session, account, sam)
        set_coverage(session, sam, aiko, RelationshipStrength.WORKING)
        add_influence_link(session, aiko, boss, InfluenceKind.TRUSTS, 4)
    with db.transaction() as session:
        delete_stakeholder(session, aiko, force=True)
    deleted = {e.entity_type: json.loads(e.old_value or "") for e in _log(db) if e.kind is ChangeKind.DELETED}
    assert deleted["stakeholders"]["name"] == "Aiko"
    assert deleted["stakeholders"]["title"] == "CFO"
    assert deleted["stakeholders"]["reports_to_id"] == str(boss)
    assert deleted["stakeholders"]["roles"] == "economic_buyer"
    assert (deleted["coverage"]["co_seller_id"], deleted["coverage"]["strength"]) == (str(sam), "working")
    assert deleted["influence_links"]["kind"] == "trusts"
    assert deleted["influence_links"]["target_id"] == str(boss)
    # Ken moved up to Mira by the operation (logged once, as a move, not as an emptied manager).
    moves = [(e.entity_id, e.old_value, e.new_value) for e in _log(db) if e.field == "reports_to_id"]
    assert moves[-1] == (report, str(aiko), str(boss))
    assert len([m for m in moves if m[0] == report]) == 2

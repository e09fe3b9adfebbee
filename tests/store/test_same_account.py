"""A row of an account refers only to rows of that account: the database refuses a reference across accounts.

Written with the database's own driver (sqlite3 on a file, psycopg on the team server), as the sqlite3 shell or
psql would write them; a migrated database holds the same rules as a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, select, text

from accountplan.errors import Refused
from accountplan.model import Base, Coverage, Stakeholder
from accountplan.store.database import Database
from accountplan.store.migrations import alembic_config
from accountplan.store.same_account import Reference, account_references

#: Every reference from a table of an account's rows to another such table, as the model declares them.
MODEL_REFERENCES = sorted(
    Reference(table.name, column.name, key.column.table.name, bool(column.nullable))
    for table in Base.metadata.tables.values()
    if "account_id" in table.columns
    for column in table.columns
    for key in column.foreign_keys
    if column.name != "account_id" and "account_id" in key.column.table.columns
)
Refusal = (sqlite3.IntegrityError, psycopg.IntegrityError)
TwoAccounts = tuple[str, int, int]


@pytest.fixture
def plan(plan_url: str, two_accounts: Callable[[Database], tuple[int, int]]) -> TwoAccounts:
    """A plan database (SQLite, then PostgreSQL) with two accounts that fill every table: (url, ours, theirs)."""
    with Database.open(plan_url, user="tester") as database:
        ours, theirs = two_accounts(database)
    return plan_url, ours, theirs


def _refused(connection: Any, sql: str) -> str:
    with pytest.raises(Refusal) as refused:
        connection.execute(sql)
    return str(refused.value)


def _one(connection: Any, sql: str) -> Any:
    row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def test_the_rule_covers_every_reference_between_rows_of_accounts(plan: TwoAccounts) -> None:
    assert ("coverage", "stakeholder_id", "stakeholders", False) in MODEL_REFERENCES
    assert ("stakeholders", "reports_to_id", "stakeholders", True) in MODEL_REFERENCES
    assert not any(ref.target == "co_sellers" for ref in MODEL_REFERENCES)  # shared by all accounts
    with Database.open(plan[0]) as database, database.engine.connect() as connection:
        assert account_references(connection) == MODEL_REFERENCES


def test_every_reference_to_a_row_of_another_account_is_refused(
    plan: TwoAccounts, raw: Callable[..., Any]
) -> None:
    url, ours, theirs = plan
    with raw(url) as connection:
        for ref in MODEL_REFERENCES:
            row_id = _one(connection, f"SELECT min(id) FROM {ref.table} WHERE account_id = {ours}")
            before = _one(connection, f"SELECT {ref.column} FROM {ref.table} WHERE id = {row_id}")
            elsewhere = _one(connection, f"SELECT min(id) FROM {ref.target} WHERE account_id = {theirs}")
            message = _refused(
                connection, f"UPDATE {ref.table} SET {ref.column} = {elsewhere} WHERE id = {row_id}"
            )
            assert (
                f"{ref.table}.{ref.column} must refer to a row of the same account in {ref.target}" in message
            )
            assert _one(connection, f"SELECT {ref.column} FROM {ref.table} WHERE id = {row_id}") == before
            if before is not None:  # moving the row to the other account leaves its reference behind
                _refused(connection, f"UPDATE {ref.table} SET account_id = {theirs} WHERE id = {row_id}")


def test_a_new_row_may_refer_to_its_own_account_only(plan: TwoAccounts, raw: Callable[..., Any]) -> None:
    url, ours, theirs = plan
    insert = "INSERT INTO initiatives (account_id, title, description, sponsor_id, position, version) VALUES "
    with raw(url) as connection:
        our_person = _one(connection, f"SELECT min(id) FROM stakeholders WHERE account_id = {ours}")
        their_person = _one(connection, f"SELECT min(id) FROM stakeholders WHERE account_id = {theirs}")
        count = _one(connection, "SELECT count(*) FROM initiatives")
        message = _refused(connection, f"{insert} ({ours}, 'Cloud first', '', {their_person}, 0, 1)")
        assert "initiatives.sponsor_id must refer to a row of the same account in stakeholders" in message
        assert _one(connection, "SELECT count(*) FROM initiatives") == count
        connection.execute(f"{insert} ({ours}, 'Cloud first', '', {our_person}, 0, 1)")
        assert _one(connection, "SELECT count(*) FROM initiatives") == count + 1


def test_a_row_that_others_refer_to_cannot_move_to_another_account_alone(
    plan: TwoAccounts, raw: Callable[..., Any]
) -> None:
    url, ours, theirs = plan
    with raw(url) as connection:
        covered = _one(connection, f"SELECT min(stakeholder_id) FROM coverage WHERE account_id = {ours}")
        message = _refused(connection, f"UPDATE stakeholders SET account_id = {theirs} WHERE id = {covered}")
        assert (
            "a row of stakeholders that rows of its account refer to cannot move to another account"
            in message
        )
        connection.execute(
            "INSERT INTO stakeholders (account_id, name, title, email, phone, location, external_id, stance, "
            "influence, business_results, personal_wins, concerns, internal_notes, status, position, created_at, "
            f"version) VALUES ({ours}, 'Nobody Links', '', '', '', '', '', 'neutral', 3, '', '', '', '', 'active', "
            "0, '2026-12-01 00:00:00', 1)"
        )
        loner = _one(connection, "SELECT max(id) FROM stakeholders")
        connection.execute(f"UPDATE stakeholders SET account_id = {theirs} WHERE id = {loner}")
        assert _one(connection, f"SELECT account_id FROM stakeholders WHERE id = {loner}") == theirs


def test_a_write_of_the_program_the_rule_refuses_is_told_in_one_sentence(plan: TwoAccounts) -> None:
    url, ours, theirs = plan
    with Database.open(url) as database:
        with database.session() as session:
            covered = session.scalars(select(Coverage.id).where(Coverage.account_id == ours)).first()
            stranger = session.scalars(select(Stakeholder.id).where(Stakeholder.account_id == theirs)).first()
        with pytest.raises(Refused) as refused, database.transaction() as session:
            row = session.get(Coverage, covered)
            assert row is not None
            row.note, row.stakeholder_id = "Moved by hand", stranger  # past the plan's own check
        with database.session() as session:
            kept = session.get(Coverage, covered)
            assert kept is not None and kept.account_id == ours and kept.note != "Moved by hand"
    message = str(refused.value)
    assert message == (
        "The database refused the change, so nothing was saved: "
        "coverage.stakeholder_id must refer to a row of the same account in stakeholders."
    )


def test_deleting_a_row_still_clears_the_references_to_it(plan: TwoAccounts) -> None:
    url, ours, _theirs = plan
    with Database.open(url) as database:
        with database.session() as session:
            report = next(
                p
                for p in session.query(Stakeholder).filter_by(account_id=ours)
                if p.reports_to_id is not None
            )
            manager_id = report.reports_to_id
        with database.transaction() as session:
            session.delete(session.get(Stakeholder, manager_id))
        with database.session() as session:
            assert session.get(Stakeholder, report.id).reports_to_id is None  # type: ignore[union-attr]


def _schema(url: str) -> tuple[dict[str, list[tuple[str, str]]], set[tuple[str, ...]]]:
    """The CHECK constraints of every table and the triggers of the database, comparable across creations."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            checks = {
                name: sorted((str(c["name"]), " ".join(str(c["sqltext"]).split())) for c in found)
                for (_schema, name), found in inspect(connection).get_multi_check_constraints().items()
            }
            if connection.dialect.name == "sqlite":
                query = "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'"
            else:
                query = (
                    "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger AS t "
                    "JOIN pg_class AS c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                )
            triggers = {tuple(map(str, row)) for row in connection.execute(text(query))}
    finally:
        engine.dispose()
    return checks, triggers


@pytest.fixture
def other_url(plan_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second, empty database beside ``plan_url`` (a file, or a database of the same server)."""
    if not plan_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'other.sqlite'}"
        return
    server = request.getfixturevalue("pg_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


def test_a_database_upgraded_from_0005_holds_the_same_rules_as_a_new_one(
    plan_url: str, other_url: str
) -> None:
    with Database.open(plan_url):
        pass
    engine = create_engine(other_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0005")
    engine.dispose()
    with Database.open(other_url):  # opening upgrades
        pass
    new = _schema(plan_url if "://" in plan_url else f"sqlite:///{plan_url}")
    assert len([t for t in new[1] if t[1].startswith("same_account_")]) >= len(MODEL_REFERENCES)
    assert any(name.endswith("_stance") for name, _ in new[0]["stakeholders"])
    assert _schema(other_url) == new

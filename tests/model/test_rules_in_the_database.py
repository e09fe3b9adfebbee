"""The database itself refuses an unknown enumeration value, a number out of range and a stage of the wrong process.

Written with the database's own driver (sqlite3 on a file, psycopg on the team server), as the sqlite3 shell or
psql would write them: the program's own checks are not in the way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from sqlalchemy import CheckConstraint, Enum

from accountplan.model import Base
from accountplan.model.ranges import declared_ranges
from accountplan.store.database import Database

#: (table, column) of every enumeration column of the model.
ENUM_COLUMNS = sorted(
    (table.name, column.name)
    for table in Base.metadata.tables.values()
    for column in table.columns
    if isinstance(column.type, Enum)
)
#: (table, column) → (lowest, highest) of every range the model declares.
RANGES = {
    (table.name, column): limits
    for table in Base.metadata.tables.values()
    for column, limits in declared_ranges(table).items()
}
Refusal = (sqlite3.IntegrityError, psycopg.IntegrityError)


@pytest.fixture
def plan(plan_url: str, two_accounts: Callable[[Database], tuple[int, int]]) -> str:
    """A plan database (SQLite, then PostgreSQL) with two accounts that fill every table."""
    with Database.open(plan_url, user="tester") as database:
        two_accounts(database)
    return plan_url


def _refused(connection: Any, sql: str) -> str:
    with pytest.raises(Refusal) as refused:
        connection.execute(sql)
    return str(refused.value)


def _one(connection: Any, sql: str) -> Any:
    row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def test_every_check_of_a_table_has_a_name_of_its_own() -> None:
    # Two columns of one enumeration in a table would share a name: enum_type(..., name=...) tells them apart.
    for table in Base.metadata.tables.values():
        names = [str(c.name) for c in table.constraints if isinstance(c, CheckConstraint)]
        assert len(names) == len(set(names)), (table.name, names)
        assert all(name.startswith(f"ck_{table.name}_") for name in names)


def test_every_enumeration_column_refuses_an_unknown_value(plan: str, raw: Callable[..., Any]) -> None:
    assert len(ENUM_COLUMNS) >= 26
    with raw(plan) as connection:
        for table, column in ENUM_COLUMNS:
            row_id = _one(connection, f"SELECT min(id) FROM {table}")
            before = _one(connection, f"SELECT {column} FROM {table} WHERE id = {row_id}")
            message = _refused(
                connection, f"UPDATE {table} SET {column} = 'no_such_value' WHERE id = {row_id}"
            )
            assert f"ck_{table}_" in message, (table, column, message)
            assert _one(connection, f"SELECT {column} FROM {table} WHERE id = {row_id}") == before


def test_a_new_row_with_an_unknown_value_is_refused(plan: str, raw: Callable[..., Any]) -> None:
    with raw(plan) as connection:
        count = _one(connection, "SELECT count(*) FROM stakeholder_roles")
        message = _refused(
            connection,
            "INSERT INTO stakeholder_roles (account_id, stakeholder_id, role) "
            "SELECT account_id, id, 'guru' FROM stakeholders ORDER BY id LIMIT 1",
        )
        assert "ck_stakeholder_roles_buyingrole" in message
        assert _one(connection, "SELECT count(*) FROM stakeholder_roles") == count


def test_every_range_the_model_declares_is_held_by_the_database(plan: str, raw: Callable[..., Any]) -> None:
    with raw(plan) as connection:
        for (table, column), (low, high) in sorted(RANGES.items()):
            row_id = _one(connection, f"SELECT min(id) FROM {table}")
            for wrong in (low - 1, high + 1):
                message = _refused(connection, f"UPDATE {table} SET {column} = {wrong} WHERE id = {row_id}")
                assert f"ck_{table}_{column}_range" in message, message
            for right in (low, high):
                connection.execute(f"UPDATE {table} SET {column} = {right} WHERE id = {row_id}")
                assert _one(connection, f"SELECT {column} FROM {table} WHERE id = {row_id}") == right


def test_a_stage_change_names_a_stage_of_its_own_process(plan: str, raw: Callable[..., Any]) -> None:
    with raw(plan) as connection:
        sales = _one(connection, "SELECT min(id) FROM stage_changes WHERE process = 'sales'")
        for wrong in ("pain", "no_such_stage"):  # a buying stage, and no stage at all
            message = _refused(connection, f"UPDATE stage_changes SET stage = '{wrong}' WHERE id = {sales}")
            assert "ck_stage_changes_stage_of_process" in message
        connection.execute(f"UPDATE stage_changes SET process = 'buying', stage = 'pain' WHERE id = {sales}")
        assert _one(connection, f"SELECT stage FROM stage_changes WHERE id = {sales}") == "pain"

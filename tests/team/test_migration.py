"""Migrations 0004 and 0005 guard a team database created by an older version exactly as a new one is guarded."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine

from accountplan.errors import DatabaseError
from accountplan.model import Base
from accountplan.plan.accounts import list_accounts
from accountplan.store.database import Database
from accountplan.store.migrations import HEAD_REVISION, alembic_config
from accountplan.store.team_server import CHANGE_LOG_USER

from .conftest import TeamPlan, TeamServer

GUARDS = (
    "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity, "
    "(SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname), "
    "CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = 'accountplan_user') "
    "THEN has_table_privilege('accountplan_user', c.oid, 'SELECT') ELSE false END "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname"
)


def _guards(team: TeamServer) -> list[tuple[Any, ...]]:
    with team.connect() as admin:
        return admin.execute(GUARDS).fetchall()


def _migrate(team: TeamServer, revision: str, *, down: bool = False) -> None:
    engine = create_engine(team.admin_url)
    try:
        with engine.begin() as connection:
            (command.downgrade if down else command.upgrade)(alembic_config(connection), revision)
    finally:
        engine.dispose()


def test_upgrading_from_0003_guards_every_table_like_a_new_database(team: TeamServer, pg_server: Any) -> None:
    _migrate(team, "0003")
    assert {row[1] for row in _guards(team)} == {False}  # before 0004: no row-level security
    with Database.open(team.admin_url):  # opening upgrades
        pass
    upgraded = _guards(team)

    fresh = TeamServer(pg_server, team.database + "_new")
    pg_server.admin(f'CREATE DATABASE "{fresh.database}" OWNER plan_admin')
    try:
        with Database.open(fresh.admin_url):
            pass
        assert _guards(fresh) == upgraded
    finally:
        pg_server.drop_database(pg_server.url(fresh.database))
    by_table = {name: (guarded, policies, readable) for name, guarded, policies, readable in upgraded}
    assert by_table.pop("alembic_version") == (False, 0, True)
    assert by_table.pop("co_sellers") == (True, 4, True)  # the admin's, and read, add, edit for users
    assert by_table.pop("change_log") == (True, 3, True)  # the admin's, and read, add for users
    assert by_table.pop("seller_plans") == (True, 3, True)  # the admin's, and read, write one's own for users
    assert by_table.pop("exchange_rates") == (True, 2, True)  # the admin's, and everyone's
    assert set(by_table) == set(Base.metadata.tables) - {
        "co_sellers",
        "change_log",
        "seller_plans",
        "exchange_rates",
    }
    assert set(by_table.values()) == {(True, 2, True)}  # the admin's and the deal team's


def test_downgrading_0004_lifts_the_guards(team: TeamServer) -> None:
    with Database.open(team.admin_url):
        pass
    _migrate(team, "0003", down=True)
    assert {row[1:] for row in _guards(team)} == {(False, 0, False)}


def _change_log_triggers(team: TeamServer) -> list[str]:
    with team.connect() as connection:
        rows = connection.execute(
            "SELECT tgname FROM pg_catalog.pg_trigger WHERE tgrelid = 'change_log'::regclass AND NOT tgisinternal"
        ).fetchall()
    return [row[0] for row in rows]


def test_0005_makes_the_server_write_the_login_into_the_change_log_and_its_downgrade_stops_it(
    team: TeamServer,
) -> None:
    _migrate(team, "0004")
    with team.connect() as admin:  # as a database brought to 0004 by the version before 0005 is
        admin.execute(f"DROP TRIGGER {CHANGE_LOG_USER} ON change_log")
    assert _change_log_triggers(team) == []
    with Database.open(team.admin_url):  # opening upgrades
        pass
    assert _change_log_triggers(team) == [CHANGE_LOG_USER]
    _migrate(team, "0004", down=True)
    assert _change_log_triggers(team) == []
    assert {row[1] for row in _guards(team)} == {True, False}  # 0004's guards stay


def test_a_co_seller_opening_a_plan_that_needs_an_upgrade_is_told_only_the_admin_may_run_it(
    team_plan: TeamPlan,
) -> None:
    team = team_plan.team
    _migrate(team, "0004", down=True)  # as the version before 0005 left it
    with pytest.raises(DatabaseError, match="only the plan's admin may upgrade it") as refused:
        Database.open(team.url(*team_plan.member))
    assert "schema 0004" in str(refused.value) and f"schema {HEAD_REVISION}" in str(refused.value)
    assert _change_log_triggers(team) == []
    with Database.open(team.admin_url):  # the admin's opening upgrades it
        pass
    assert _change_log_triggers(team) == [CHANGE_LOG_USER]
    with Database.open(team.url(*team_plan.member)) as database, database.session() as session:
        assert [row.name for row in list_accounts(session)] == ["Shirokane Nordhaven Holdings"]

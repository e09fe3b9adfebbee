"""An account is visible and editable only by its deal team, and the server, not the app, enforces it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import psycopg
import pytest
from sqlalchemy import select

from accountplan.errors import NotFound, Refused
from accountplan.model import Base, ChangeLogEntry, CoSeller, Stakeholder
from accountplan.model.enums import CoSellerRole
from accountplan.plan.accounts import list_accounts
from accountplan.plan.stakeholders import add_stakeholder, update_stakeholder
from accountplan.plan.team import add_co_seller, leave_team
from accountplan.store.database import Database

from .conftest import OTHER_ACCOUNT, TeamPlan

#: Every table whose rows belong to one account (all of them but the account itself and the directory).
ACCOUNT_TABLES = sorted(name for name, table in Base.metadata.tables.items() if "account_id" in table.columns)


def _counts(connection: psycopg.Connection, account_id: int) -> dict[str, int]:  # type: ignore[type-arg]
    counts = {}
    for table in ACCOUNT_TABLES:
        row = connection.execute(
            f"SELECT count(*) FROM {table} WHERE account_id = %s", (account_id,)
        ).fetchone()
        counts[table] = row[0] if row else -1
    row = connection.execute("SELECT count(*) FROM accounts WHERE id = %s", (account_id,)).fetchone()
    counts["accounts"] = row[0] if row else -1
    return counts


def test_a_co_seller_outside_the_deal_team_sees_nothing_of_the_account(team_plan: TeamPlan) -> None:
    team = team_plan.team
    with team.connect() as admin:
        everything = _counts(admin, team_plan.demo_id)
    assert all(count > 0 for count in everything.values()), everything  # the demo fills every table
    for login, password in (team_plan.outsider, team_plan.nobody):
        with team.connect(login, password) as connection:
            assert _counts(connection, team_plan.demo_id) == dict.fromkeys(everything, 0), login
    with team.connect(*team_plan.nobody) as connection:
        assert connection.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM stakeholders").fetchone() == (0,)


def test_with_psql_the_outsider_lists_only_their_own_account(team_plan: TeamPlan) -> None:
    team = team_plan.team
    login, password = team_plan.outsider
    done = subprocess.run(
        [
            str(team.server.bin / "psql"),
            *("-h", team.server.host, "-p", str(team.server.port), "-U", login, "-d", team.database),
            *(
                "-At",
                "-c",
                "SELECT name FROM accounts ORDER BY name",
                "-c",
                "SELECT count(*) FROM stakeholders",
            ),
        ],
        env={**os.environ, "PGPASSWORD": password},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == [OTHER_ACCOUNT, "1"]


def test_a_member_sees_and_edits_the_account_through_the_app(team_plan: TeamPlan) -> None:
    team = team_plan.team
    with Database.open(team.url(*team_plan.member), user="member") as database:
        with database.session() as session:
            names = [row.name for row in list_accounts(session)]
            person = session.scalars(
                select(Stakeholder)
                .where(Stakeholder.account_id == team_plan.demo_id)
                .order_by(Stakeholder.id)
            ).first()
        assert names == ["Shirokane Nordhaven Holdings"]
        assert person is not None
        with database.transaction() as session:
            update_stakeholder(session, person.id, title="Chief Transformation Officer")
            added = add_stakeholder(session, team_plan.demo_id, "Newly Met Person")
    with Database.open(team.admin_url) as admin, admin.session() as session:
        assert session.get(Stakeholder, person.id).title == "Chief Transformation Officer"  # type: ignore[union-attr]
        assert session.get(Stakeholder, added) is not None
        logged = session.scalars(
            select(ChangeLogEntry.new_value).where(
                ChangeLogEntry.entity_id == person.id, ChangeLogEntry.field == "title"
            )
        ).all()
    assert "Chief Transformation Officer" in logged


def test_leaving_the_deal_team_removes_access_on_the_next_query(team_plan: TeamPlan) -> None:
    team = team_plan.team
    with team.connect(*team_plan.member) as member:
        seen = member.execute("SELECT count(*) FROM stakeholders").fetchone()
        assert seen is not None and seen[0] > 100
        # Taken off the team in the app (the Deal team page's operation), while their connection stays open.
        with Database.open(team.admin_url) as admin, admin.transaction() as session:
            leave_team(session, team_plan.demo_id, team_plan.member_id, on=dt.date.today())
        assert member.execute("SELECT count(*) FROM stakeholders").fetchone() == (0,)
        assert member.execute("SELECT count(*) FROM accounts").fetchone() == (0,)


def test_writing_into_another_teams_account_is_refused_by_the_server(team_plan: TeamPlan) -> None:
    team = team_plan.team
    login, password = team_plan.member
    with team.connect(login, password) as member:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            member.execute(
                "INSERT INTO actions (account_id, title, description, status, created_at, version) "
                "VALUES (%s, 'Steal the deal', '', 'open', now(), 1)",
                (team_plan.other_id,),
            )
        changed = member.execute(
            "UPDATE stakeholders SET title = 'Fired' WHERE account_id = %s", (team_plan.other_id,)
        )
        assert changed.rowcount == 0
    with Database.open(team.url(login, password)) as database:
        refusal = pytest.raises(Refused, match="only an account's deal team may change it")
        with refusal as refused, database.transaction() as session:
            add_stakeholder(session, team_plan.other_id, "Planted Person")
        assert "row-level security" in str(refused.value)
        with team.connect() as admin:
            other_person = admin.execute(
                "SELECT id FROM stakeholders WHERE account_id = %s", (team_plan.other_id,)
            ).fetchone()
            assert admin.execute(
                "SELECT count(*) FROM stakeholders WHERE name = 'Planted Person'"
            ).fetchone() == (0,)
            assert admin.execute(
                "SELECT count(*) FROM actions WHERE title = 'Steal the deal'"
            ).fetchone() == (0,)
        assert other_person is not None
        with pytest.raises(NotFound), database.transaction() as session:
            update_stakeholder(session, other_person[0], title="Fired")


def test_nobody_but_the_admin_links_a_login_or_creates_accounts(team_plan: TeamPlan) -> None:
    team = team_plan.team
    login, password = team_plan.outsider
    with team.connect(login, password) as outsider:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # taking over the member's deal teams
            outsider.execute("UPDATE co_sellers SET login = %s WHERE id = %s", (login, team_plan.member_id))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            outsider.execute(
                "INSERT INTO co_sellers (name, email, role, firm_kind, organisation, title, login, version) "
                "VALUES ('Sock Puppet', '', 'specialist', 'ours', '', '', %s, 1)",
                (team_plan.member[0],),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            outsider.execute("INSERT INTO accounts (name) VALUES ('Mine Now')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            outsider.execute("DELETE FROM change_log")
    with Database.open(team.url(login, password)) as database, database.transaction() as session:
        # The directory is shared: adding a colleague to it is an ordinary edit.
        add_co_seller(session, "Pat Partner", CoSellerRole.PARTNER)
        assert session.scalar(select(CoSeller.login).where(CoSeller.name == "Pat Partner")) == ""


def test_every_table_but_the_schema_stamp_is_guarded_even_from_its_owner(team_plan: TeamPlan) -> None:
    team = team_plan.team
    with team.connect() as admin:
        rows = admin.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchall()
    guarded = {name for name, enabled, forced in rows if enabled and forced}
    assert guarded == set(Base.metadata.tables)
    assert {name for name, *_ in rows} - guarded == {"alembic_version"}


def test_a_co_sellers_changes_are_logged_under_their_login_whatever_name_their_program_sends(
    team_plan: TeamPlan,
) -> None:
    team = team_plan.team
    login, password = team_plan.member
    with Database.open(team.url(login, password), user="Helen Park (the CRO)") as database:
        with database.session() as session:
            person_id = session.scalars(
                select(Stakeholder.id)
                .where(Stakeholder.account_id == team_plan.demo_id)
                .order_by(Stakeholder.id)
            ).first()
        assert person_id is not None
        with database.transaction() as session:
            update_stakeholder(session, person_id, title="Logged under the login")
    with Database.open(team.admin_url, user="plan admin") as admin:
        with admin.transaction() as session:
            update_stakeholder(session, person_id, title="Logged under the admin's name")
        with admin.session() as session:
            users = session.scalars(
                select(ChangeLogEntry.user)
                .where(ChangeLogEntry.entity_id == person_id, ChangeLogEntry.field == "title")
                .order_by(ChangeLogEntry.id)
            ).all()
    assert users[-2:] == [login, "plan admin"]

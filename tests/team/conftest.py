"""A team server: a plan database owned by a non-superuser admin on the throwaway PostgreSQL, and its users."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from tests.conftest import fill_the_sellers_year

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, CoSeller, DealTeamMember
from accountplan.model.enums import CoSellerRole
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.plan.team import add_co_seller, join_team
from accountplan.plan.team_logins import add_user
from accountplan.store.database import Database
from accountplan.store.team_server import USER_GROUP

#: The admin of every team database in the run: owns the tables, may create roles, is no superuser.
ADMIN = "plan_admin"
ADMIN_PASSWORD = "admin-" + secrets.token_hex(8)
OTHER_ACCOUNT = "Other Corp"
#: A co-seller in the directory without a login.
FRESH = "Fay Fresh"


@dataclass
class TeamServer:
    """One plan database on the server, owned by :data:`ADMIN`; logins are unique to it (roles are server-wide)."""

    server: Any  # conftest.PostgresServer
    database: str

    @property
    def admin_url(self) -> str:
        return str(self.server.url(self.database, ADMIN, ADMIN_PASSWORD))

    def url(self, login: str, password: str) -> str:
        return str(make_url(self.admin_url).set(username=login, password=password).render_as_string(False))

    def connect(self, login: str = ADMIN, password: str = ADMIN_PASSWORD) -> psycopg.Connection[Any]:
        """A plain connection of ``login`` (autocommit), as psql would have; the admin's by default."""
        return psycopg.connect(
            host=self.server.host,
            port=self.server.port,
            dbname=self.database,
            user=login,
            password=password,
            autocommit=True,
        )

    def login(self, name: str) -> str:
        """A login name of this test's own."""
        return f"{name}_{self.database[-6:]}"


@dataclass(frozen=True)
class TeamPlan:
    """The demo account and a second account, with three users: a member, an outsider, one on no team.

    :data:`FRESH` is in the directory without a login.
    """

    team: TeamServer
    demo_id: int
    other_id: int
    member: tuple[str, str]  # login, password: on the demo account's deal team
    outsider: tuple[str, str]  # on the other account's team only
    nobody: tuple[str, str]  # on no team
    member_id: int  # the member's co-seller id


@pytest.fixture(scope="session")
def plan_admin(pg_server: Any) -> str:
    pg_server.admin(f"CREATE ROLE {ADMIN} LOGIN CREATEROLE PASSWORD '{ADMIN_PASSWORD}'")
    # From PostgreSQL 16 on, only a role with the ADMIN option on the users' group may put logins in it: the
    # admin who creates the group has it, but other tests of the run may have created it as the superuser
    # first. The superuser then hands the admin what creating it would have given (no INHERIT, no SET).
    (version,) = pg_server.admin("SELECT current_setting('server_version_num')::int")[0]
    if version >= 160000 and pg_server.admin(f"SELECT 1 FROM pg_roles WHERE rolname = '{USER_GROUP}'"):
        pg_server.admin(f"GRANT {USER_GROUP} TO {ADMIN} WITH ADMIN TRUE, INHERIT FALSE, SET FALSE")
    return ADMIN


@pytest.fixture
def team(pg_server: Any, plan_admin: str) -> Iterator[TeamServer]:
    """A new, empty database owned by the admin, as the docs have the server's superuser create it."""
    name = "team_" + secrets.token_hex(6)
    pg_server.admin(f'CREATE DATABASE "{name}" OWNER {plan_admin}')
    yield TeamServer(pg_server, name)
    pg_server.drop_database(pg_server.url(name))


@pytest.fixture
def team_plan(team: TeamServer) -> TeamPlan:
    """The admin loads the demo, adds a second account, and gives three co-sellers their logins."""
    users = {key: (team.login(key), secrets.token_hex(8)) for key in ("member", "outsider", "nobody")}
    with Database.open(team.admin_url, user="admin") as database:
        name, _ = load_demo(database)
        with database.transaction() as session:
            demo_id = session.scalar(select(Account.id).where(Account.name == name))
            member = session.scalars(
                select(CoSeller)
                .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
                .where(DealTeamMember.active.is_(True))
                .order_by(CoSeller.id)
            ).first()
            assert demo_id is not None and member is not None
            fill_the_sellers_year(session, demo_id)  # the issue #17 tables the demo leaves empty
            other_id = create_account(session, OTHER_ACCOUNT)
            add_stakeholder(session, other_id, "Olivia Other")
            outsider = add_co_seller(session, "Oscar Outsider", CoSellerRole.SPECIALIST)
            join_team(session, other_id, outsider)
            add_co_seller(session, "Nina Nobody", CoSellerRole.SDR_BDR)
            add_co_seller(session, FRESH, CoSellerRole.PARTNER)  # no login yet
            for key, person in (
                ("member", member.name),
                ("outsider", "Oscar Outsider"),
                ("nobody", "Nina Nobody"),
            ):
                add_user(session, users[key][0], person, password=users[key][1])
            member_id = member.id
    return TeamPlan(team, demo_id, other_id, users["member"], users["outsider"], users["nobody"], member_id)

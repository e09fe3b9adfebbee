"""Team-mode users, managed by the admin: a co-seller's server login, and the deal teams it opens.

A co-seller sees an account on the team server only while they are an active member of its deal team (the
server enforces it: :mod:`accountplan.store.team_server`). Membership is managed in the app like any other
edit and takes effect on the member's next query; these operations link a person to a login.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from accountplan.errors import AlreadyExists, DatabaseError, NotFound, Refused
from accountplan.model import Account, CoSeller, DealTeamMember
from accountplan.plan.team import join_team, membership
from accountplan.store import team_server


@dataclass(frozen=True)
class TeamLogin:
    """A co-seller with a login: whether the server lets it in, and the deal teams it is on now."""

    co_seller: str
    login: str
    can_log_in: bool
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class AddedUser:
    """What :func:`add_user` did: the co-seller linked, whether the role is new, the teams joined now."""

    co_seller: str
    created_role: bool
    joined: tuple[str, ...]


def _require_server(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        raise DatabaseError(
            "Team users log in to a PostgreSQL team server; a plan file has no users. "
            "Give --db postgresql+psycopg://ADMIN@HOST/DATABASE (see docs/team-mode.md)."
        )


def find_co_seller(session: Session, name_or_email: str, *, login: str = "") -> CoSeller:
    """The one co-seller with that name or email address (case ignored).

    Where several have it, the one who logs in as ``login`` already is the one meant (a plan import keeps
    a person of the file apart from a login holder with the same e-mail address).
    """
    wanted = name_or_email.strip().casefold()
    found = session.scalars(
        select(CoSeller).where(or_(func.lower(CoSeller.name) == wanted, func.lower(CoSeller.email) == wanted))
    ).all()
    if len(found) > 1 and login and [p.login for p in found].count(login) == 1:
        return next(person for person in found if person.login == login)
    if not found:
        raise NotFound(
            f"There is no co-seller called {name_or_email!r}; add them on the Deal team page first."
        )
    if len(found) > 1:
        emails = ", ".join(person.email or "no email" for person in found)
        raise NotFound(
            f"Several co-sellers are called {name_or_email!r} ({emails}); name one by email address."
        )
    return found[0]


def _account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise NotFound(f"There is no account called {name!r}.")
    return account


def add_user(
    session: Session,
    login: str,
    co_seller: str,
    *,
    password: str | None = None,
    accounts: Iterable[str] = (),
) -> AddedUser:
    """Give the co-seller the server login ``login`` (created if need be) and put them on these deal teams."""
    _require_server(session)
    team_server.check_login(login)
    person = find_co_seller(session, co_seller, login=login)
    holder = session.scalar(select(CoSeller).where(CoSeller.login == login, CoSeller.id != person.id))
    if holder is not None:
        raise AlreadyExists(f"The login {login!r} belongs to {holder.name} already.")
    if person.login and person.login != login:
        raise AlreadyExists(
            f"{person.name} logs in as {person.login!r} already; remove that login first "
            f"('team remove-user {person.login}')."
        )
    created = team_server.create_login_role(session.connection(), login, password)
    person.login = login
    joined = []
    for name in accounts:
        account = _account(session, name)
        member = membership(session, account.id, person.id)
        if member is None or not member.active:
            join_team(session, account.id, person.id)
            joined.append(account.name)
    session.flush()
    return AddedUser(person.name, created, tuple(joined))


def remove_user(session: Session, login: str, *, keep_role: bool = False) -> str:
    """Unlink the login from its co-seller (who then sees no account) and drop the role; return their name.

    ``keep_role`` leaves the role on the server, for a person who still uses another plan there.
    """
    _require_server(session)
    person = session.scalar(select(CoSeller).where(CoSeller.login == login))
    if person is None:
        raise NotFound(f"No co-seller logs in as {login!r}.")
    person.login = ""
    session.flush()
    if not keep_role:
        team_server.drop_login_role(session.connection(), login)
    return person.name


def list_users(session: Session) -> list[TeamLogin]:
    """Every co-seller with a login, by name, with the accounts they can see now (for the admin only)."""
    _require_server(session)
    if team_server.is_co_seller_login(session.connection()):
        raise Refused(
            "Only the team server's admin may list who logs in as whom; ask them, or see the Deal team page "
            "of your accounts."
        )
    people = session.scalars(select(CoSeller).where(CoSeller.login != "")).all()
    teams: dict[int, list[str]] = {}
    rows = session.execute(
        select(DealTeamMember.co_seller_id, Account.name)
        .join(Account, Account.id == DealTeamMember.account_id)
        .where(DealTeamMember.active.is_(True))
        .order_by(Account.name)
    )
    for co_seller_id, account in rows:
        teams.setdefault(co_seller_id, []).append(account)
    connection = session.connection()
    result = []
    for person in sorted(people, key=lambda p: (p.name.casefold(), p.id)):
        exists, can_log_in, in_group = team_server.role_state(connection, person.login)
        result.append(
            TeamLogin(
                person.name, person.login, exists and can_log_in and in_group, tuple(teams.get(person.id, ()))
            )
        )
    return result

"""The ``team`` commands of the command line: the team server's admin links co-sellers to server logins."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accountplan.errors import AccountPlanError, DatabaseError, InvalidValue

if TYPE_CHECKING:
    from accountplan.plan.team_logins import AddedUser
    from accountplan.store.database import Database


def add_team_parser(commands: Any) -> None:
    """Add ``team add-user | remove-user | list`` to the sub-commands."""
    from accountplan.cli import ACCOUNT_HELP, add_command

    admin = "accountplan --db postgresql+psycopg://accountplan_admin@plans.example.com/accountplan"
    team = add_command(
        commands,
        "team",
        "team server users (PostgreSQL; run as the admin): who logs in as which co-seller",
        f"{admin} team list",
        "accountplan team WHAT --help              each one's options",
        after="See docs/team-mode.md for setting up a team server.",
    ).add_subparsers(dest="what", metavar="WHAT", required=True)
    add = add_command(
        team,
        "add-user",
        "create a login for a co-seller; they see the accounts whose deal team they are on",
        f'{admin} team add-user aiko --co-seller "Aiko Tanaka" --password-file aiko.txt',
        f'{admin} team add-user aiko --co-seller aiko@example.com --account "Acme Corporation"',
    )
    add.add_argument("login", metavar="LOGIN", help="the server login to create (or link, if it exists)")
    add.add_argument("--co-seller", required=True, metavar="NAME", help="their name or email address")
    add.add_argument(
        "--password-file", metavar="FILE", type=Path, help="sets the login's password (the file's first line)"
    )
    add.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="NAME",
        help=f"also put them on this account's deal team (repeatable): {ACCOUNT_HELP}",
    )
    remove = add_command(
        team,
        "remove-user",
        "take a login away: its co-seller sees nothing any more",
        f"{admin} team remove-user aiko",
        f"{admin} team remove-user aiko --keep-role",
    )
    remove.add_argument("login", metavar="LOGIN", help="the server login to take away")
    remove.add_argument(
        "--keep-role", action="store_true", help="leave the login on the server (they use another plan there)"
    )
    add_command(
        team, "list", "the co-sellers who log in, and the deal teams they are on", f"{admin} team list"
    )


def _password(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AccountPlanError(f"Cannot read the password file {path}: {exc.strerror}.") from None
    if not lines or not lines[0]:
        raise InvalidValue(f"The password file {path} is empty; its first line is the password.")
    return lines[0]


def cmd_team(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from accountplan.plan import team_logins
    from accountplan.store.database import Database

    password = _password(getattr(args, "password_file", None))
    with Database.open(args.db) as database:
        try:
            if args.what == "list":
                _print_users(database)
            elif args.what == "add-user":
                with database.transaction() as session:
                    added = team_logins.add_user(
                        session, args.login, args.co_seller, password=password, accounts=args.account
                    )
                _print_added(args.login, added)
            else:
                with database.transaction() as session:
                    name = team_logins.remove_user(session, args.login, keep_role=args.keep_role)
                kept = " (the login stays on the server)" if args.keep_role else ""
                print(f"{name} no longer logs in as {args.login!r}{kept}; they see no account now.")
        except DBAPIError as exc:
            raise DatabaseError(
                f"The team server refused: {exc.orig}. Run team commands as the admin."
            ) from None
    return 0


def _print_added(login: str, added: AddedUser) -> None:
    role = "a new login" if added.created_role else "the existing login"
    print(f"{added.co_seller} logs in as {login!r} ({role}).")
    if added.joined:
        print(f"Added to the deal team of {', '.join(added.joined)}.")


def _print_users(database: Database) -> None:
    from accountplan.plan.team_logins import list_users

    with database.session() as session:
        users = list_users(session)
    if not users:
        print(
            f"No co-seller logs in to {database.name} yet; add one with 'team add-user LOGIN --co-seller NAME'."
        )
        return
    width = max(len(u.co_seller) for u in users)
    login_width = max(len(u.login) for u in users)
    print(f"{'Co-seller':<{width}}  {'Login':<{login_width}}  {'Server':<7}  Deal teams")
    for user in users:
        state = "ok" if user.can_log_in else "MISSING"
        print(
            f"{user.co_seller:<{width}}  {user.login:<{login_width}}  {state:<7}  {', '.join(user.accounts) or '-'}"
        )

"""Team mode on PostgreSQL: each account is visible and editable only by its deal team, enforced by the server.

Every co-seller who works in team mode logs in with a PostgreSQL role of their own (``CoSeller.login``),
member of the group role :data:`USER_GROUP`, which holds the table privileges. Row-level security, forced
even on the tables' owner, lets such a role see and write a row only when its account is one whose deal
team has them as an active member; :data:`VISIBLE_ACCOUNTS` (a SECURITY DEFINER function, so that reading the
deal teams is not itself filtered) lists those accounts for the connected login. The tables' owner, the
admin who created the plan and runs its migrations, passes through a policy of its own and sees everything.

The co-seller directory is shared by every account: users read it and add people to it, but only the
admin links a person to a login (the ``login`` column), so nobody can take over someone else's teams.
The seller plans (a co-seller's quota and commission, across accounts) are read by everyone and written
only for oneself or for a person without a login; the exchange rates are everyone's to read and set.
The change log is readable for the accounts one can see, and can be added to but never rewritten; the
server writes who made each change (:data:`CHANGE_LOG_USER`): a co-seller's entries name their login,
whatever name their program sent.

:func:`apply_team_security` sets all of this up and is idempotent: migrations 0004 and 0005 run it on an existing
database, and a new database runs it after creating its tables; a later migration that adds a table must
run it again. On SQLite it does nothing (a file has no users).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from accountplan.errors import DatabaseError, InvalidValue, Refused

#: The group role of every co-seller login; it holds the privileges on the plan's tables.
USER_GROUP = "accountplan_user"
#: The set-returning function: the ids of the accounts whose deal team the connected login is on.
VISIBLE_ACCOUNTS = "accountplan_visible_accounts"
#: The trigger function that writes the connected login as the user of a co-seller's change-log entries.
CHANGE_LOG_USER = "accountplan_change_log_user"
#: The trigger function that writes the connected login as who recorded a co-seller's stage change.
STAGE_CHANGE_USER = "accountplan_stage_change_user"
#: The trigger function that writes the connected login as who recorded a co-seller's forecast change.
FORECAST_CHANGE_USER = "accountplan_forecast_change_user"
ADMIN_POLICY = "accountplan_admin"
TEAM_POLICY = "accountplan_deal_team"
_DIRECTORY_POLICIES = (
    "accountplan_directory_read",
    "accountplan_directory_add",
    "accountplan_directory_edit",
)
_CHANGE_LOG_POLICIES = ("accountplan_change_log_read", "accountplan_change_log_add")
_SELLER_PLAN_POLICIES = ("accountplan_seller_plan_read", "accountplan_seller_plan_own")
SHARED_POLICY = "accountplan_shared"
#: The tables of no account whose changes the change log keeps without an account (everyone may read them).
_DIRECTORY_TABLES = ("co_sellers", "seller_plans", "exchange_rates")
#: Role names a co-seller's login may never take: PostgreSQL's own and the words that stand for a role.
_RESERVED_ROLES = frozenset(
    {"public", "postgres", "none", "current_user", "session_user", "current_role", "user", "all"}
)
#: What a login may be called: a PostgreSQL role name that needs no explanation.
LOGIN_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}")
#: Tables every user may read but never change; no row of them belongs to an account.
_READ_ONLY = frozenset({"alembic_version"})


@dataclass(frozen=True)
class _Rule:
    """How users may reach one table: their privileges and their policies (name, command, using, check)."""

    privileges: str
    policies: tuple[tuple[str, str, str | None, str | None], ...]


def _rules(table: str, columns: list[str], visible: str, quote: Callable[[str], str]) -> _Rule | None:
    """The rule for ``table`` (None: no row-level security), or DatabaseError for a table nobody classified."""
    in_team = f"account_id IN (SELECT {visible}())"
    if table in _READ_ONLY:
        return None
    if table == "accounts":
        # Accounts are created, deleted and renamed by the admin; their deal team may read and edit the rest.
        # (A name is unique over the whole server: a co-seller's rename refused as a duplicate would tell
        # them that an account they cannot see exists.)
        editable = ", ".join(quote(c) for c in columns if c not in ("id", "name"))
        return _Rule(
            f"SELECT, UPDATE ({editable})", ((TEAM_POLICY, "ALL", f"id IN (SELECT {visible}())", None),)
        )
    if table == "co_sellers":
        editable = ", ".join(quote(c) for c in columns if c not in ("id", "login"))
        read, add, edit = _DIRECTORY_POLICIES
        # Everyone's details but one's own belong to their owner: a co-seller who could write another
        # login-holder's e-mail into her row could be matched as them (by an import, by 'team add-user').
        own_or_unclaimed = "login = '' OR login = CAST(session_user AS text)"
        return _Rule(
            f"SELECT, INSERT, UPDATE ({editable})",
            (
                (read, "SELECT", "true", None),
                (add, "INSERT", None, "login = ''"),
                (edit, "UPDATE", own_or_unclaimed, own_or_unclaimed),
            ),
        )
    if table == "seller_plans":
        # A seller's quota and pay plan span their accounts: everyone reads them (the forecast rolls up by
        # seller); a plan is written by its seller, or by anyone for a person who has no login.
        read, own = _SELLER_PLAN_POLICIES
        owned = (
            "co_seller_id IN (SELECT cs.id FROM co_sellers AS cs "
            "WHERE cs.login = '' OR cs.login = CAST(session_user AS text))"
        )
        return _Rule(
            "SELECT, INSERT, UPDATE, DELETE",
            ((read, "SELECT", "true", None), (own, "ALL", owned, owned)),
        )
    if table == "exchange_rates":
        # The rates a team converts its forecast with, per fiscal year: shared by everyone.
        return _Rule("SELECT, INSERT, UPDATE, DELETE", ((SHARED_POLICY, "ALL", "true", "true"),))
    if table == "change_log":
        # Changes to the co-seller directory, the seller plans and the exchange rates belong to no account
        # and are everybody's; nothing else may be written without an account (it would be shown to everyone).
        read, add = _CHANGE_LOG_POLICIES
        directory = ", ".join(f"'{name}'" for name in _DIRECTORY_TABLES)
        return _Rule(
            "SELECT, INSERT",
            (
                (read, "SELECT", f"account_id IS NULL OR {in_team}", None),
                (add, "INSERT", None, f"{in_team} OR (account_id IS NULL AND entity_type IN ({directory}))"),
            ),
        )
    if "account_id" in columns:
        return _Rule("SELECT, INSERT, UPDATE, DELETE", ((TEAM_POLICY, "ALL", in_team, None),))
    raise DatabaseError(
        f"Team mode does not know who may see the table {table!r}: it belongs to no account. "
        "Give it a rule in accountplan.store.team_server before using it on a team server."
    )


def _policy_sql(table: str, name: str, command: str, using: str | None, check: str | None, role: str) -> str:
    clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
    return f"CREATE POLICY {name} ON {table} AS PERMISSIVE FOR {command} TO {role}{clauses};"


def _tables(connection: Connection) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """The current schema, its tables with their owners, and their columns in order."""
    schema = str(connection.exec_driver_sql("SELECT current_schema()").scalar_one())
    owners: dict[str, str] = dict(
        connection.execute(
            text("SELECT tablename, tableowner FROM pg_catalog.pg_tables WHERE schemaname = :schema"),
            {"schema": schema},
        ).all()
    )
    columns: dict[str, list[str]] = {}
    rows = connection.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = :schema ORDER BY table_name, ordinal_position"
        ),
        {"schema": schema},
    )
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return schema, owners, columns


def _run(connection: Connection, script: list[str], what: str) -> None:
    try:
        connection.exec_driver_sql("\n".join(script))
    except DBAPIError as exc:
        raise DatabaseError(
            f"{what} failed: {exc.orig}. The plan's tables must belong to the role doing this, and that role "
            "must be allowed to create roles (CREATEROLE); see docs/team-mode.md."
        ) from exc


def apply_team_security(connection: Connection) -> None:
    """Set up (or bring up to date) the group role, privileges and row-level security of every table."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote_identifier
    schema, owners, columns = _tables(connection)
    visible, group = f"{quote(schema)}.{VISIBLE_ACCOUNTS}", USER_GROUP
    script = [
        "DO $$ BEGIN",
        f"  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{group}') THEN",
        f"    CREATE ROLE {group} NOLOGIN;",
        "  END IF;",
        "END $$;",
        f"CREATE OR REPLACE FUNCTION {visible}() RETURNS SETOF integer",
        "  LANGUAGE sql STABLE SECURITY DEFINER",
        f"  SET search_path = {quote(schema)}, pg_catalog, pg_temp",
        "  AS $fn$ SELECT dtm.account_id FROM deal_team_members AS dtm",
        "    JOIN co_sellers AS cs ON cs.id = dtm.co_seller_id",
        "    WHERE dtm.active AND cs.login <> '' AND cs.login = CAST(session_user AS text) $fn$;",
        f"REVOKE ALL ON FUNCTION {visible}() FROM PUBLIC;",
        f"GRANT EXECUTE ON FUNCTION {visible}() TO {group};",
        f"GRANT USAGE ON SCHEMA {quote(schema)} TO {group};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {group};",
    ]
    if "change_log" in owners:
        script += _change_log_user_sql(quote(schema), group)
    if "stage_changes" in owners:
        script += _stage_change_user_sql(quote(schema), group)
    if "forecast_changes" in owners:
        script += _login_trigger_sql(
            quote(schema), group, FORECAST_CHANGE_USER, "forecast_changes", "changed_by"
        )
    for table, owner in sorted(owners.items()):
        name = f"{quote(schema)}.{quote(table)}"
        rule = _rules(table, columns.get(table, []), visible, quote)
        script.append(f"REVOKE ALL ON {name} FROM {group};")
        if rule is None:
            script.append(f"GRANT SELECT ON {name} TO {group};")
            continue
        script += [
            f"GRANT {rule.privileges} ON {name} TO {group};",
            f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;",
            f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY;",
            *_drop_policies(name),
            _policy_sql(name, ADMIN_POLICY, "ALL", "true", "true", quote(owner)),
            *(_policy_sql(name, *policy, group) for policy in rule.policies),
        ]
    _run(connection, script, "Setting up the deal teams' access on the team server")


def _drop_policies(name: str) -> list[str]:
    every = (
        ADMIN_POLICY,
        TEAM_POLICY,
        SHARED_POLICY,
        *_DIRECTORY_POLICIES,
        *_CHANGE_LOG_POLICIES,
        *_SELLER_PLAN_POLICIES,
    )
    return [f"DROP POLICY IF EXISTS {p} ON {name};" for p in every]


#: A co-seller's membership of :data:`USER_GROUP` (``m`` a row of pg_auth_members). From PostgreSQL 16 on, the
#: role that creates the group (the admin) is made a member of it WITH ADMIN OPTION (and neither INHERIT nor
#: SET) so that it may grant it; that membership is the admin's, not a co-seller's. Logins are granted the
#: group without the admin option.
_CO_SELLER_MEMBERSHIP = "NOT m.admin_option"


def is_co_seller_login(connection: Connection) -> bool:
    """Whether the connected role is a co-seller's login (a member of :data:`USER_GROUP`), not the admin."""
    if connection.dialect.name != "postgresql":
        return False
    member = connection.execute(
        text(
            "SELECT EXISTS (SELECT FROM pg_catalog.pg_auth_members AS m "
            "JOIN pg_catalog.pg_roles AS g ON g.oid = m.roleid "
            "JOIN pg_catalog.pg_roles AS u ON u.oid = m.member "
            f"WHERE g.rolname = :group AND u.rolname = session_user AND {_CO_SELLER_MEMBERSHIP})"
        ),
        {"group": USER_GROUP},
    ).scalar_one()
    return bool(member)


def co_seller_login(connection: Connection) -> str | None:
    """The login of the co-seller connected (a member of :data:`USER_GROUP`), or None for the admin or a file."""
    if not is_co_seller_login(connection):
        return None
    return str(connection.exec_driver_sql("SELECT CAST(session_user AS text)").scalar_one())


def _change_log_user_sql(schema: str, group: str) -> list[str]:
    """The trigger that sets the user of a change-log entry to the login of a co-seller who adds it.

    The program sends a name of its own choosing (``ACCOUNTPLAN_USER``); for a member of the group the server
    writes the login instead, so nobody can make their change look like someone else's. The admin's entries
    keep the name sent.
    """
    return _login_trigger_sql(schema, group, CHANGE_LOG_USER, "change_log", "user")


def _stage_change_user_sql(schema: str, group: str) -> list[str]:
    """The same for who recorded a stage change (``stage_changes.changed_by``)."""
    return _login_trigger_sql(schema, group, STAGE_CHANGE_USER, "stage_changes", "changed_by")


def _login_trigger_sql(schema: str, group: str, name: str, table_name: str, column: str) -> list[str]:
    function, table = f"{schema}.{name}", f"{schema}.{table_name}"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger",
        "  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp",
        "  AS $fn$ BEGIN",
        "    IF EXISTS (SELECT FROM pg_auth_members AS m",
        "               JOIN pg_roles AS g ON g.oid = m.roleid JOIN pg_roles AS u ON u.oid = m.member",
        f"               WHERE g.rolname = '{group}' AND u.rolname = session_user",
        f"                 AND {_CO_SELLER_MEMBERSHIP}) THEN",
        f'      NEW."{column}" := CAST(session_user AS text);',
        "    END IF;",
        "    RETURN NEW;",
        "  END $fn$;",
        f"DROP TRIGGER IF EXISTS {name} ON {table};",
        f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}();",
    ]


def remove_change_log_user(connection: Connection) -> None:
    """Drop the trigger of :func:`_change_log_user_sql`: entries keep the name the program sends."""
    if connection.dialect.name != "postgresql":
        return
    schema = connection.dialect.identifier_preparer.quote_identifier(
        str(connection.exec_driver_sql("SELECT current_schema()").scalar_one())
    )
    script = [
        f"DROP TRIGGER IF EXISTS {CHANGE_LOG_USER} ON {schema}.change_log;",
        f"DROP FUNCTION IF EXISTS {schema}.{CHANGE_LOG_USER}();",
        f"DROP TRIGGER IF EXISTS {STAGE_CHANGE_USER} ON {schema}.stage_changes;",
        f"DROP FUNCTION IF EXISTS {schema}.{STAGE_CHANGE_USER}();",
    ]
    _run(connection, script, "Removing the change log's login trigger")
    remove_forecast_change_user(connection)


def remove_forecast_change_user(connection: Connection) -> None:
    """Drop the trigger that writes the login as who recorded a forecast change (migration 0008 going back)."""
    if connection.dialect.name != "postgresql":
        return
    schema = connection.dialect.identifier_preparer.quote_identifier(
        str(connection.exec_driver_sql("SELECT current_schema()").scalar_one())
    )
    # CASCADE: the function's trigger goes with it (the table may already be gone).
    script = [f"DROP FUNCTION IF EXISTS {schema}.{FORECAST_CHANGE_USER}() CASCADE;"]
    _run(connection, script, "Removing the forecast history's login trigger")


def remove_team_security(connection: Connection) -> None:
    """Undo :func:`apply_team_security` (the group role stays: other databases on the server may use it)."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote_identifier
    schema, owners, _columns = _tables(connection)
    group_exists = connection.execute(
        text("SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = :group"), {"group": USER_GROUP}
    ).scalar_one()
    script = []
    for table in sorted(owners):
        name = f"{quote(schema)}.{quote(table)}"
        script += [
            *_drop_policies(name),
            f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY;",
            f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY;",
        ]
        if group_exists:
            script.append(f"REVOKE ALL ON {name} FROM {USER_GROUP};")
    script.append(f"DROP FUNCTION IF EXISTS {quote(schema)}.{VISIBLE_ACCOUNTS}();")
    _run(connection, script, "Removing the deal teams' access rules")
    remove_change_log_user(connection)


def access_refused(error: DBAPIError) -> Refused | None:
    """The user's error when the server refused a write for want of rights (row-level security, privileges)."""
    if getattr(error.orig, "sqlstate", None) != "42501":
        return None
    reason = str(error.orig).strip().splitlines()[0]
    return Refused(
        "The team server refused the change: only an account's deal team may change it, only the admin "
        "creates, renames or deletes accounts and gives logins, and a co-seller's details are theirs to "
        f"change; nothing was saved ({reason})."
    )


def check_login(login: str) -> str:
    """``login`` if it can name a co-seller's server login, else InvalidValue saying why not."""
    if not LOGIN_PATTERN.fullmatch(login):
        raise InvalidValue(
            f"{login!r} cannot be a login: use up to 63 letters, digits and _ . @ -, "
            "starting with a letter, a digit or _."
        )
    if login.startswith("pg_") or login.lower().startswith("accountplan") or login.lower() in _RESERVED_ROLES:
        raise InvalidValue(f"{login!r} is a name PostgreSQL or Account Plan keeps for itself.")
    return login


def _ddl(connection: Connection, template: str, *values: str) -> None:
    """Run a statement built by the server's own format() (%I identifiers, %L literals): nothing to inject."""
    statement = connection.execute(
        text("SELECT format(:template, VARIADIC CAST(:values AS text[]))"),
        {"template": template, "values": list(values)},
    ).scalar_one()
    connection.exec_driver_sql(str(statement))


def role_state(connection: Connection, login: str) -> tuple[bool, bool, bool]:
    """Whether the role ``login`` exists, may log in, and is in the group of team-mode users."""
    row = connection.execute(
        text(
            "SELECT r.rolcanlogin, pg_catalog.pg_has_role(r.oid, :group, 'MEMBER') "
            "FROM pg_catalog.pg_roles AS r WHERE r.rolname = :login"
        ),
        {"login": login, "group": USER_GROUP},
    ).first()
    if row is None:
        return False, False, False
    return True, bool(row[0]), bool(row[1])


def create_login_role(connection: Connection, login: str, password: str | None) -> bool:
    """Make ``login`` a role that logs in and belongs to the users' group; return whether it was created.

    An existing login role is reused (roles belong to the whole server, so the person may use another plan
    there); a password, when given, replaces its password.
    """
    check_login(login)
    exists, can_login, _member = role_state(connection, login)
    if exists and not can_login:
        raise InvalidValue(
            f"The server has a role {login!r} that cannot log in (a group); choose another login."
        )
    if exists and (why := _privileged(connection, login)):
        raise InvalidValue(
            f"The server's role {login!r} {why}: a co-seller's login must be an ordinary role; choose another."
        )
    if not exists:
        _ddl(connection, "CREATE ROLE %I LOGIN", login)
    if password is not None:
        _ddl(connection, "ALTER ROLE %I PASSWORD %L", login, password)
    _ddl(connection, "GRANT %I TO %I", USER_GROUP, login)
    return not exists


def _privileged(connection: Connection, login: str) -> str:
    """What makes the existing role ``login`` more than a co-seller (owner, superuser...), or ""."""
    row = connection.execute(
        text(
            "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication, "
            "r.rolname = session_user OR r.rolname = current_user, "
            "EXISTS (SELECT FROM pg_catalog.pg_tables WHERE tableowner = r.rolname "
            "        AND schemaname = current_schema()), "
            "pg_catalog.pg_has_role(r.oid, (SELECT d.datdba FROM pg_catalog.pg_database AS d "
            "        WHERE d.datname = current_database()), 'MEMBER') "
            "FROM pg_catalog.pg_roles AS r WHERE r.rolname = :login"
        ),
        {"login": login},
    ).one()
    reasons = (
        "is a superuser",
        "may create roles",
        "may create databases",
        "bypasses row-level security",
        "is a replication role",
        "is the role running this command",
        "owns the plan's tables",
        "owns the database",
    )
    return next((reason for reason, flag in zip(reasons, row, strict=True) if flag), "")


def drop_login_role(connection: Connection, login: str) -> bool:
    """Remove the login role from the server; return whether there was one."""
    exists, _can_login, _member = role_state(connection, login)
    if exists:
        _ddl(connection, "DROP ROLE %I", login)
    return exists

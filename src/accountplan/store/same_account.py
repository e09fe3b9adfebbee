"""Same-account references, held by the database: a row of an account refers only to rows of that account.

A coverage row, a reporting line, an influence link... that pointed at another account's row would be written
as ``null`` in the plan file, which then no longer imports. A foreign key cannot say "of the same account"
except as a composite key (account_id, x_id), and such a key's ON DELETE SET NULL would clear ``account_id``
too (only PostgreSQL 15 can set one column of a key; SQLite cannot), so triggers hold the rule on both:

* on each referring column, inserting or updating a row whose reference names another account's row is refused;
* on each referred-to table, moving a row to another account while rows of its account refer to it is refused.

A reference to a row that does not exist is left to the foreign key; co-sellers belong to no account and may be
referred to from any. The triggers are generated from the database's own foreign keys, so
:func:`apply_same_account_rules` (idempotent) fits any revision: a new database runs it after creating its
tables, migration 0006 an existing one. On SQLite a table rebuilt by batch mode loses its triggers, and
renaming the rebuilt table fails while other tables' triggers name it: a migration that rebuilds a table calls
:func:`remove_same_account_rules` first and :func:`apply_same_account_rules` after (a test compares a migrated
database's triggers with a new one's). On PostgreSQL the trigger functions run as their owner (SECURITY
DEFINER): the rule sees the rows that the deal teams' row-level security hides from the user writing.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import NamedTuple

from sqlalchemy import Connection, column, inspect, select, table, text
from sqlalchemy.exc import IntegrityError

from accountplan.errors import Refused

#: The prefix of every rule trigger's name.
TRIGGER_PREFIX = "same_account_"
#: PostgreSQL's trigger functions: a referring column's check, and a referred-to row's move.
CHECK_FUNCTION = "accountplan_same_account"
MOVE_FUNCTION = "accountplan_same_account_moved"
QuoteFn = Callable[[str], str]


class Reference(NamedTuple):
    """A foreign key from a table of an account's rows to another such table."""

    table: str
    column: str
    target: str
    nullable: bool

    @property
    def message(self) -> str:
        return f"{self.table}.{self.column} must refer to a row of the same account in {self.target}"


class Crossing(NamedTuple):
    """A row whose reference names a row of another account."""

    reference: Reference
    row_id: int
    account_id: int
    target_id: int
    target_account_id: int

    def describe(self) -> str:
        ref = self.reference
        return (
            f"{ref.table} row {self.row_id} (account {self.account_id}): {ref.column} refers to {ref.target} "
            f"row {self.target_id} of account {self.target_account_id}"
        )


def refusal(error: BaseException) -> Refused | None:
    """The user's sentence for a write this rule refused, or None for any other error."""
    if not isinstance(error, IntegrityError):
        return None
    reason = (str(error.orig).strip().splitlines() or [""])[0]
    ours = " must refer to a row of the same account in " in reason or reason.endswith(" to another account")
    if not ours:
        return None
    return Refused(f"The database refused the change, so nothing was saved: {reason}.")


def account_references(connection: Connection) -> list[Reference]:
    """Every reference between two tables of an account's rows, read from the database's foreign keys."""
    inspector = inspect(connection)
    columns = inspector.get_multi_columns()
    scoped = {
        name for (_schema, name), cols in columns.items() if any(c["name"] == "account_id" for c in cols)
    }
    found = []
    for (schema, name), keys in inspector.get_multi_foreign_keys().items():
        if name not in scoped:
            continue
        nullable = {c["name"]: bool(c["nullable"]) for c in columns[(schema, name)]}
        for key in keys:
            referring = key["constrained_columns"]
            if key["referred_table"] in scoped and len(referring) == 1 and referring != ["account_id"]:
                found.append(Reference(name, referring[0], key["referred_table"], nullable[referring[0]]))
    return sorted(found)


def crossings(connection: Connection, reference: Reference, limit: int | None = None) -> list[Crossing]:
    """The rows whose ``reference`` names a row of another account, by row id."""
    row = table(reference.table, column("id"), column("account_id"), column(reference.column)).alias("r")
    target = table(reference.target, column("id"), column("account_id")).alias("t")
    query = (
        select(row.c.id, row.c.account_id, target.c.id, target.c.account_id)
        .join_from(row, target, target.c.id == row.c[reference.column])
        .where(target.c.account_id != row.c.account_id)
        .order_by(row.c.id)
        .limit(limit)
    )
    return [Crossing(reference, *map(int, found)) for found in connection.execute(query)]


def trigger_names(dialect: str, references: list[Reference]) -> set[tuple[str, str]]:
    """The (table, trigger) pairs that hold the rule for ``references`` on ``dialect``."""
    events = ("_insert", "_update") if dialect == "sqlite" else ("",)
    names = {(r.table, f"{TRIGGER_PREFIX}{r.table}_{r.column}{e}") for r in references for e in events}
    return names | {(r.target, f"{TRIGGER_PREFIX}{r.target}_moved") for r in references}


def present_triggers(connection: Connection) -> set[tuple[str, str]]:
    """The (table, trigger) pairs of the rule triggers in the database."""
    if connection.dialect.name == "sqlite":
        query = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :prefix"
    else:
        query = (
            "SELECT c.relname, t.tgname FROM pg_catalog.pg_trigger AS t "
            "JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE :prefix AND n.nspname = current_schema()"
        )
    rows = connection.execute(text(query), {"prefix": TRIGGER_PREFIX + "%"})
    return {(str(name), str(trigger)) for name, trigger in rows}


def missing_triggers(connection: Connection) -> list[tuple[str, str]]:
    """The rule triggers the database should have and has not (someone dropped them), sorted."""
    expected = trigger_names(connection.dialect.name, account_references(connection))
    return sorted(expected - present_triggers(connection))


def apply_same_account_rules(connection: Connection) -> None:
    """Create (or re-create) the triggers that hold the rule for every reference between accounts' rows."""
    remove_same_account_rules(connection)
    references = account_references(connection)
    quote = connection.dialect.identifier_preparer.quote
    if connection.dialect.name == "sqlite":
        script = _sqlite_script(references, quote)
    else:
        schema = quote(str(connection.exec_driver_sql("SELECT current_schema()").scalar_one()))
        script = _postgresql_script(references, quote, schema)
    for statement in script:
        connection.execute(text(statement))  # text(): the driver's placeholders (psycopg's %) are escaped


def remove_same_account_rules(connection: Connection) -> None:
    """Drop the rule's triggers (and on PostgreSQL its functions)."""
    quote = connection.dialect.identifier_preparer.quote
    if connection.dialect.name == "sqlite":
        for _table, trigger in sorted(present_triggers(connection)):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {quote(trigger)}")
        return
    schema = quote(str(connection.exec_driver_sql("SELECT current_schema()").scalar_one()))
    for function in (CHECK_FUNCTION, MOVE_FUNCTION):  # CASCADE: with the triggers that call them
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {schema}.{function}() CASCADE")


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _by_target(references: list[Reference]) -> list[tuple[str, list[Reference]]]:
    ordered = sorted(references, key=lambda r: (r.target, r.table, r.column))
    return [(target, list(refs)) for target, refs in groupby(ordered, key=lambda r: r.target)]


def _moved_message(target: str) -> str:
    return f"a row of {target} that rows of its account refer to cannot move to another account"


def _sqlite_script(references: list[Reference], quote: QuoteFn) -> list[str]:
    script = []
    for ref in references:
        name, col, target = quote(ref.table), quote(ref.column), quote(ref.target)
        crossing = (
            f"NEW.{col} IS NOT NULL AND EXISTS (SELECT 1 FROM {target} AS t "
            f"WHERE t.id = NEW.{col} AND t.account_id IS NOT NEW.account_id)"
        )
        for suffix, event in (("_insert", "INSERT"), ("_update", f"UPDATE OF {col}, account_id")):
            trigger = quote(f"{TRIGGER_PREFIX}{ref.table}_{ref.column}{suffix}")
            script.append(
                f"CREATE TRIGGER {trigger} BEFORE {event} ON {name} FOR EACH ROW WHEN {crossing} "
                f"BEGIN SELECT RAISE(ABORT, {_literal(ref.message)}); END"
            )
    for target, refs in _by_target(references):
        referred = " OR ".join(
            f"EXISTS (SELECT 1 FROM {quote(r.table)} AS r WHERE r.{quote(r.column)} = NEW.id "
            "AND r.account_id IS NOT NEW.account_id)"
            for r in refs
        )
        script.append(
            f"CREATE TRIGGER {quote(TRIGGER_PREFIX + target + '_moved')} BEFORE UPDATE OF account_id "
            f"ON {quote(target)} FOR EACH ROW WHEN NEW.account_id IS NOT OLD.account_id AND ({referred}) "
            f"BEGIN SELECT RAISE(ABORT, {_literal(_moved_message(target))}); END"
        )
    return script


def _postgresql_script(references: list[Reference], quote: QuoteFn, schema: str) -> list[str]:
    check, move = f"{schema}.{CHECK_FUNCTION}", f"{schema}.{MOVE_FUNCTION}"
    header = (
        f"RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_catalog, pg_temp"
    )
    script = [
        # Arguments: the referring column, the referred-to table, the refusal.
        f"CREATE OR REPLACE FUNCTION {check}() {header} AS $fn$\n"
        "DECLARE target_id integer; target_account integer;\n"
        "BEGIN\n"
        "  EXECUTE format('SELECT t.id, t.account_id FROM %I AS t WHERE t.id = ($1).%I', TG_ARGV[1], TG_ARGV[0])\n"
        "    INTO target_id, target_account USING NEW;\n"
        "  IF target_account <> NEW.account_id THEN\n"
        "    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = TG_ARGV[2],\n"
        # The detail never names the other account: a co-seller probing with psql learns no more than
        # the foreign key tells anyway (that the row exists somewhere).
        "      DETAIL = format('%s row %s is not in the account of this %s row.',\n"
        "                      TG_ARGV[1], target_id, TG_TABLE_NAME);\n"
        "  END IF;\n"
        "  RETURN NEW;\n"
        "END $fn$",
        # Arguments: the refusal, then (referring table, referring column) pairs.
        f"CREATE OR REPLACE FUNCTION {move}() {header} AS $fn$\n"
        "DECLARE referred boolean;\n"
        "BEGIN\n"
        "  FOR i IN 1 .. TG_NARGS - 2 BY 2 LOOP\n"
        "    EXECUTE format('SELECT EXISTS (SELECT FROM %I WHERE %I = $1 AND account_id <> $2)',\n"
        "                   TG_ARGV[i], TG_ARGV[i + 1]) INTO referred USING NEW.id, NEW.account_id;\n"
        "    IF referred THEN\n"
        "      RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = TG_ARGV[0],\n"
        "        DETAIL = format('Rows of %s refer to %s row %s by %s.', TG_ARGV[i], TG_TABLE_NAME, NEW.id,\n"
        "                        TG_ARGV[i + 1]);\n"
        "    END IF;\n"
        "  END LOOP;\n"
        "  RETURN NEW;\n"
        "END $fn$",
    ]
    for ref in references:
        col = quote(ref.column)
        arguments = ", ".join(_literal(a) for a in (ref.column, ref.target, ref.message))
        script.append(
            f"CREATE TRIGGER {quote(TRIGGER_PREFIX + ref.table + '_' + ref.column)} "
            f"BEFORE INSERT OR UPDATE OF {col}, account_id ON {schema}.{quote(ref.table)} "
            f"FOR EACH ROW WHEN (NEW.{col} IS NOT NULL) EXECUTE FUNCTION {check}({arguments})"
        )
    for target, refs in _by_target(references):
        pairs = [_literal(_moved_message(target))] + [_literal(p) for r in refs for p in (r.table, r.column)]
        script.append(
            f"CREATE TRIGGER {quote(TRIGGER_PREFIX + target + '_moved')} BEFORE UPDATE OF account_id "
            f"ON {schema}.{quote(target)} FOR EACH ROW WHEN (NEW.account_id IS DISTINCT FROM OLD.account_id) "
            f"EXECUTE FUNCTION {move}({', '.join(pairs)})"
        )
    return script

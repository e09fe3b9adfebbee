"""The plan's rules checked row by row (``accountplan check``): enumerations, ranges, same-account references.

The database holds these rules itself (CHECK constraints and the triggers of :mod:`same_account`), so a sound
database breaks none; this finds the rows that got in anyway (a constraint dropped, SQLite told to ignore its
checks) and the rules that are missing, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Connection, Enum, Table, column, inspect, select, table, text

from accountplan.model import Base
from accountplan.store.same_account import account_references, crossings, missing_triggers

if TYPE_CHECKING:
    from accountplan.store.database import Database

#: At most this many rows are listed for one rule.
ROWS_PER_RULE = 20
#: A rule longer than this is named rather than quoted.
_QUOTED_RULE_LENGTH = 60


def rule_problems(database: Database) -> list[str]:
    """What in the database breaks the plan's rules, one phrase each; an empty list means nothing does."""
    with database.session() as session:
        connection = session.connection()
        problems: list[str] = []
        for table_ in Base.metadata.sorted_tables:
            problems += _unknown_values(connection, table_)
            problems += _broken_checks(connection, table_)
        for reference in account_references(connection):
            problems += [crossing.describe() for crossing in crossings(connection, reference, ROWS_PER_RULE)]
        problems += _missing_rules(connection)
        return problems


def _unknown_values(connection: Connection, model_table: Table) -> list[str]:
    problems = []
    for model_column in model_table.columns:
        kind = model_column.type
        if not isinstance(kind, Enum):
            continue
        rows = table(model_table.name, column("id"), column(model_column.name))
        value = rows.c[model_column.name]
        query = select(rows.c.id, value).where(value.is_not(None), value.not_in(kind.enums))
        for row_id, found in connection.execute(query.order_by(rows.c.id).limit(ROWS_PER_RULE)):
            problems.append(
                f"{model_table.name} row {row_id}: {model_column.name} {found!r} is not one of its values"
            )
    return problems


def _broken_checks(connection: Connection, model_table: Table) -> list[str]:
    """Rows that break the table's other CHECK constraints (ranges, a stage of the right process...)."""
    problems = []
    for constraint in model_table.constraints:
        if not isinstance(constraint, CheckConstraint) or _type_bound(constraint):
            continue
        rule = str(constraint.sqltext)
        quoted = connection.dialect.identifier_preparer.quote(model_table.name)
        query = text(f"SELECT id FROM {quoted} WHERE NOT ({rule}) ORDER BY id LIMIT {ROWS_PER_RULE}")
        shown = rule if len(rule) <= _QUOTED_RULE_LENGTH else str(constraint.name)
        problems += [
            f"{model_table.name} row {row_id} breaks the rule {shown}"
            for (row_id,) in connection.execute(query)
        ]
    return problems


def _missing_rules(connection: Connection) -> list[str]:
    """The CHECK constraints and rule triggers the model asks for and the database lacks."""
    present = {
        name: {str(check["name"]) for check in checks}
        for (_schema, name), checks in inspect(connection).get_multi_check_constraints().items()
    }
    problems = [
        f"{model_table.name} lacks its rule {constraint.name}"
        for model_table in Base.metadata.sorted_tables
        for constraint in model_table.constraints
        if isinstance(constraint, CheckConstraint)
        and str(constraint.name) not in present.get(model_table.name, set())
    ]
    problems += [f"{name} lacks its rule {trigger}" for name, trigger in missing_triggers(connection)]
    return problems


def _type_bound(constraint: CheckConstraint) -> bool:
    """Whether the constraint is an enumeration's (checked value by value instead)."""
    bound: Any = getattr(constraint, "_type_bound", False)
    return bool(bound)

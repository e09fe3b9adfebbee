"""Value ranges, declared once on the model: influence 1–5, a link's strength, a probability, a score...

An entity declares a range among its table's constraints with :func:`in_range`: that is the database's
CHECK constraint, and :func:`value_range` reads it back for the plan file's JSON Schema and for every edit
(``plan.fields.coerce``), so the three can never disagree. A whole-number column without a declared range
holds what an INTEGER holds on every database (:data:`INTEGER_RANGE`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import CheckConstraint, Column, Table

#: What an integer column holds on every database (PostgreSQL's INTEGER; SQLite's would overflow later).
INTEGER_RANGE = (-(2**31), 2**31 - 1)
_KEY = "range"


def in_range(column: str, low: int, high: int) -> CheckConstraint:
    """The rule that ``column`` holds a whole number from ``low`` to ``high``, for an entity's table args."""
    return CheckConstraint(
        f"{column} BETWEEN {low} AND {high}", name=f"{column}_range", info={_KEY: (column, low, high)}
    )


@cache
def declared_ranges(table: Table) -> dict[str, tuple[int, int]]:
    """The ranges the table declares, by column name."""
    ranges: dict[str, tuple[int, int]] = {}
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint) and _KEY in constraint.info:
            column, low, high = constraint.info[_KEY]
            ranges[column] = (low, high)
    return ranges


def value_range(column: Column[Any]) -> tuple[int, int]:
    """The lowest and highest whole number ``column`` may hold: its declared range, or an INTEGER's."""
    table = column.table
    assert isinstance(table, Table), f"{column.name} belongs to no table"
    return declared_ranges(table).get(column.name, INTEGER_RANGE)

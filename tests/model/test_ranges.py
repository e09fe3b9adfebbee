"""Value ranges are declared once on the model; the database, the plan file's schema and every edit hold the same.

Influence is 1 to 5 wherever it is written: a CHECK constraint in a new database and in one upgraded from the
first schema, ``minimum`` / ``maximum`` in the shipped JSON Schema, and the refusal of an edit in the window or
the command line.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Integer, Table, create_engine

from accountplan.errors import InvalidValue
from accountplan.interchange.plancodec import SECTIONS, reference_target, section_name
from accountplan.interchange.planfile import shipped_schema
from accountplan.model import Account, Base
from accountplan.model.enums import MEDDPICC_MAX_SCORE
from accountplan.model.ranges import INTEGER_RANGE, declared_ranges, value_range
from accountplan.plan.fields import coerce
from accountplan.store.database import Database
from accountplan.store.migrations import alembic_config

#: The ranges of the domain (DOMAIN.md): what the one declaration must hold.
DOMAIN = {
    ("accounts", "fiscal_year_start_month"): (1, 12),
    ("stakeholders", "influence"): (1, 5),
    ("influence_links", "strength"): (1, 5),
    ("opportunities", "probability"): (0, 100),
    ("meddpicc_items", "score"): (0, MEDDPICC_MAX_SCORE),
    ("numbers_plans", "win_rate_percent"): (0, 100),
    ("numbers_plans", "stage1_to_qualified_percent"): (1, 100),
    ("numbers_plans", "meeting_to_stage1_percent"): (1, 100),
    ("numbers_plans", "outreach_to_meeting_percent"): (1, 100),
    ("numbers_plans", "cycle_months"): (0, 120),
    ("seller_plans", "big_deal_percent"): (0, 1000),
    ("seller_plans", "year_starts_month"): (1, 12),
    ("seller_plans", "fiscal_year"): (1900, 2999),
    ("exchange_rates", "fiscal_year"): (1900, 2999),
}
_CHECK = re.compile(r"CONSTRAINT \"?(ck_\w+)\"? CHECK \((\w+) BETWEEN (-?\d+) AND (-?\d+)\)")


def _declared() -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (table.name, column): limits
        for table in Base.metadata.tables.values()
        for column, limits in declared_ranges(table).items()
    }


def _entities() -> dict[str, type[Any]]:
    return {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}


def _database_ranges(path: Path) -> dict[tuple[str, str], tuple[int, int]]:
    found: dict[tuple[str, str], tuple[int, int]] = {}
    with sqlite3.connect(path) as connection:
        for table, sql in connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
            for name, column, low, high in _CHECK.findall(sql or ""):
                assert name == f"ck_{table}_{column}_range", sql
                found[(table, column)] = (int(low), int(high))
    connection.close()
    return found


def test_the_model_declares_the_ranges_of_the_domain() -> None:
    assert _declared() == DOMAIN


def test_a_new_database_and_one_upgraded_from_the_first_schema_check_the_declared_ranges(
    tmp_path: Path,
) -> None:
    with Database.open(tmp_path / "new.db", user="tester"):
        pass
    engine = create_engine(f"sqlite:///{tmp_path / 'upgraded.db'}")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    finally:
        engine.dispose()
    assert _database_ranges(tmp_path / "new.db") == _declared()
    # A range changed in the model without a migration would leave upgraded databases on the old one.
    assert _database_ranges(tmp_path / "upgraded.db") == _declared()


def test_the_plan_files_schema_allows_each_whole_number_exactly_its_declared_range() -> None:
    schema = shipped_schema()["properties"]
    tables: list[tuple[Table, dict[str, Any]]] = [(Account.__table__, schema["account"]["properties"])]
    tables += [(entity.__table__, schema[section_name(entity)]["items"]["properties"]) for entity in SECTIONS]
    seen: dict[tuple[str, str], tuple[int, int]] = {}
    for table, properties in tables:
        for column in table.columns:
            if not isinstance(column.type, Integer) or column.name not in properties:
                continue
            if column.primary_key or reference_target(column) or column.name == "entity_id":
                continue
            allowed = (properties[column.name]["minimum"], properties[column.name]["maximum"])
            assert allowed == value_range(column), (table.name, column.name)
            if allowed != INTEGER_RANGE:
                seen[(table.name, column.name)] = allowed
    assert seen == _declared()


@pytest.mark.parametrize(("table", "column"), sorted(DOMAIN))
def test_an_edit_takes_the_ends_of_the_declared_range_and_refuses_a_number_outside_it(
    table: str, column: str
) -> None:
    entity = _entities()[table]
    low, high = declared_ranges(entity.__table__)[column]
    assert coerce(entity, column, low) == low
    assert coerce(entity, column, str(high)) == high
    label = column.replace("_", " ")
    for wrong in (low - 1, high + 1):
        with pytest.raises(InvalidValue) as refused:
            coerce(entity, column, wrong)
        assert str(refused.value) == f"The {label} must be between {low} and {high}, not {wrong}."


def test_a_whole_number_without_a_declared_range_holds_what_an_integer_holds() -> None:
    entity = _entities()["org_units"]
    assert value_range(entity.__table__.columns["position"]) == INTEGER_RANGE
    assert coerce(entity, "position", 2**31 - 1) == 2**31 - 1
    with pytest.raises(InvalidValue, match="must be between"):
        coerce(entity, "position", 2**31)

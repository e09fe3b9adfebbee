"""The funnel's conversion rates (migration 0003): older databases and older plan files keep working."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from accountplan.errors import InvalidPlanFile
from accountplan.interchange.planfile import import_plan, validate
from accountplan.plan.numbers import numbers_plan, update_numbers
from accountplan.store.database import Database
from accountplan.store.migrations import alembic_config, head_revision

from .conftest import as_format_3

RATES = ("stage1_to_qualified_percent", "meeting_to_stage1_percent", "outreach_to_meeting_percent")


def _database_at_0002(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0002")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO accounts (id, name, industry, region, currency, fiscal_year_start_month,"
                    " status, description, vision, internal_notes, created_at, version)"
                    " VALUES (1, 'Kaiyō Heavy Industries', '', '', 'JPY', 4, 'working', '', '', '',"
                    " '2024-01-02 03:04:05', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO numbers_plans (id, account_id, target_amount, average_deal_size,"
                    " win_rate_percent, cycle_months, quota, commission_tiers, big_deal_percent, version)"
                    " VALUES (1, 1, '900000000.00', '150000000.00', 35, 12, NULL, '0:7', 40, 3)"
                )
            )
    finally:
        engine.dispose()


def test_a_database_at_0002_is_upgraded_with_its_numbers_kept_and_the_rates_defaulted(db_path: Path) -> None:
    _database_at_0002(db_path)
    with Database.open(db_path) as database:
        with database.session() as session:
            inputs = numbers_plan(session, 1)
        assert (inputs.target, inputs.average_deal, inputs.win_rate, inputs.cycle_months) == (
            900_000_000,
            150_000_000,
            35,
            12,
        )
        assert (inputs.big_deal_percent, len(inputs.tiers), inputs.currency) == (40, 1, "JPY")
        assert (inputs.stage1_to_qualified, inputs.meeting_to_stage1, inputs.outreach_to_meeting) == (
            50,
            25,
            10,
        )
        with database.transaction() as session:
            update_numbers(session, 1, meeting_to_stage1_percent=20)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        row = conn.execute(f"SELECT {', '.join(RATES)}, version FROM numbers_plans").fetchone()
    assert row == (50, 20, 10, 4)


def test_downgrading_to_0002_drops_the_rates_and_keeps_the_plan(db_path: Path) -> None:
    _database_at_0002(db_path)
    Database.open(db_path).close()
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0002")
        with engine.connect() as connection:
            columns = {row[1] for row in connection.execute(text("PRAGMA table_info(numbers_plans)"))}
            kept = connection.execute(
                text("SELECT win_rate_percent, commission_tiers FROM numbers_plans")
            ).one()
    finally:
        engine.dispose()
    assert not columns & set(RATES)
    assert tuple(kept) == (35, "0:7")


def test_a_version_1_plan_file_without_the_rates_imports_with_their_defaults(
    db: Database, rich_document: dict[str, Any]
) -> None:
    document = as_format_3(rich_document)
    document["format_version"] = 1
    for row in document["numbers_plans"]:
        for name in RATES:
            del row[name]
    for person in document["co_sellers"]:
        del person["other_roles"]  # added in version 3
    with db.transaction() as session:
        account_id = import_plan(session, document)
    with db.session() as session:
        inputs = numbers_plan(session, account_id)
    assert (inputs.stage1_to_qualified, inputs.meeting_to_stage1, inputs.outreach_to_meeting) == (50, 25, 10)
    assert inputs.win_rate == 30  # what the file said


def test_a_plan_file_with_a_rate_out_of_range_is_refused_with_its_path(rich_document: dict[str, Any]) -> None:
    document = copy.deepcopy(rich_document)
    document["numbers_plans"][0]["outreach_to_meeting_percent"] = 0
    with pytest.raises(InvalidPlanFile) as refused:
        validate(document)
    assert refused.value.path == "$.numbers_plans[0].outreach_to_meeting_percent"


def test_the_rates_go_into_the_plan_file(rich_document: dict[str, Any]) -> None:
    (row,) = rich_document["numbers_plans"]
    assert [row[name] for name in RATES] == [50, 25, 10]

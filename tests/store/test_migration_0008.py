"""Schema 0008 (issue #17): an account's quota, tiers and big-deal threshold move to its seller's plan."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, select

from accountplan.model import ForecastChange, Opportunity, SellerPlan
from accountplan.model.enums import ForecastCategory
from accountplan.store.database import Database
from accountplan.store.migrations import alembic_config

THIS_YEAR = dt.date.today().year


def _migrate(path: Path, revision: str, *, down: bool = False) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            (command.downgrade if down else command.upgrade)(alembic_config(connection), revision)
    finally:
        engine.dispose()


def _seller(raw: sqlite3.Connection, name: str, role: str, other_roles: str = "") -> int:
    cursor = raw.execute(
        "INSERT INTO co_sellers (name, email, role, other_roles, firm_kind, organisation, title, login, version) "
        "VALUES (?, '', ?, ?, 'ours', 'Northwind', '', '', 1)",
        (name, role, other_roles),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _account(
    raw: sqlite3.Connection, name: str, currency: str, team: list[int], numbers: tuple[Any, ...]
) -> int:
    cursor = raw.execute(
        "INSERT INTO accounts (name, industry, region, currency, fiscal_year_start_month, status, description, "
        "vision, internal_notes, created_at, version) VALUES (?, '', '', ?, 4, 'working', '', '', '', "
        "'2026-01-05 09:00:00', 1)",
        (name, currency),
    )
    account = cursor.lastrowid
    for seller in team:
        raw.execute(
            "INSERT INTO deal_team_members (account_id, co_seller_id, responsibility, active, version) "
            "VALUES (?, ?, '', 1, 1)",
            (account, seller),
        )
    quota, tiers, big_deal = numbers
    raw.execute(
        "INSERT INTO numbers_plans (account_id, target_amount, average_deal_size, win_rate_percent, "
        "stage1_to_qualified_percent, meeting_to_stage1_percent, outreach_to_meeting_percent, cycle_months, "
        "quota, commission_tiers, big_deal_percent, version) VALUES (?, '900000.00', NULL, 25, 50, 25, 10, 9, "
        "?, ?, ?, 1)",
        (account, quota, tiers, big_deal),
    )
    raw.execute(
        "INSERT INTO opportunities (account_id, name, type, amount, currency, probability, sales_stage, "
        "buying_stage, compelling_event, differentiators, outcome_reason, internal_notes, created_at, version) "
        "VALUES (?, 'Pilot', 'new', '120000.00', ?, 20, 'discovery', 'needs', '', '', '', '', "
        "'2026-02-01 10:00:00', 1)",
        (account, currency),
    )
    assert account is not None
    return account


def test_a_0007_quota_becomes_the_account_executives_and_the_columns_are_gone(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    _migrate(path, "0007")
    with sqlite3.connect(path) as raw:
        consultant = _seller(raw, "Sam Consultant", "solution_consultant")
        marcus = _seller(raw, "Marcus Weber", "account_executive")
        ines = _seller(raw, "Inès Roux", "account_manager", other_roles="account_executive")
        _account(raw, "Kaiyō", "JPY", [consultant, marcus], ("1600000000.00", "0:8\n50:10\n100:14", 60))
        _account(raw, "Hanse", "EUR", [ines], (None, "0:6\n100:9", 50))
        _account(raw, "Quiet", "USD", [consultant], (None, "0:8\n100:12", 50))  # defaults: nothing to move
        _account(raw, "Alone", "GBP", [], ("250000.00", "0:8\n100:12", 50))  # no account executive
    with Database.open(path) as database, database.session() as session:  # opening upgrades
        plans = {
            (plan.co_seller_id, plan.fiscal_year): (
                plan.currency,
                plan.quota,
                plan.commission_tiers,
                plan.big_deal_percent,
                plan.year_starts_month,
                plan.cap,
            )
            for plan in session.scalars(select(SellerPlan))
        }
        deals = session.scalars(select(Opportunity)).all()
        assert {deal.forecast_category for deal in deals} == {ForecastCategory.PIPELINE}
        assert {deal.owner_id for deal in deals} == {None}
        assert session.scalars(select(ForecastChange)).all() == []
    with sqlite3.connect(path) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(numbers_plans)")}
        stand_in = raw.execute(
            "SELECT cs.id, cs.role FROM co_sellers AS cs JOIN deal_team_members AS d ON d.co_seller_id = cs.id "
            "JOIN accounts AS a ON a.id = d.account_id WHERE a.name = 'Alone'"
        ).fetchall()
        stand_in_name = raw.execute("SELECT name FROM co_sellers WHERE id = ?", (stand_in[0][0],)).fetchone()
    assert not {"quota", "commission_tiers", "big_deal_percent"} & columns
    assert {"target_amount", "cycle_months"} <= columns
    assert len(stand_in) == 1 and stand_in[0][1] == "account_executive"
    assert stand_in_name == ("Account executive of Alone",)
    assert plans == {
        (marcus, THIS_YEAR): ("JPY", Decimal("1600000000.00"), "0:8\n50:10\n100:14", 60, 1, None),
        (ines, THIS_YEAR): ("EUR", None, "0:6\n100:9", 50, 1, None),
        (stand_in[0][0], THIS_YEAR): ("GBP", Decimal("250000.00"), "0:8\n100:12", 50, 1, None),
    }


def test_a_seller_with_two_accounts_keeps_the_first_accounts_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    _migrate(path, "0007")
    with sqlite3.connect(path) as raw:
        marcus = _seller(raw, "Marcus Weber", "account_executive")
        _account(raw, "First", "EUR", [marcus], ("500000.00", "0:8\n100:12", 50))
        _account(raw, "Second", "EUR", [marcus], ("700000.00", "0:8\n100:12", 50))
    with Database.open(path) as database, database.session() as session:
        plans = session.scalars(select(SellerPlan)).all()
    assert [(plan.co_seller_id, plan.quota) for plan in plans] == [(marcus, Decimal("500000.00"))]


def test_going_back_to_0007_gives_each_account_its_sellers_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    _migrate(path, "0007")
    with sqlite3.connect(path) as raw:
        marcus = _seller(raw, "Marcus Weber", "account_executive")
        _account(raw, "Kaiyō", "JPY", [marcus], ("1600000000.00", "0:8\n50:10\n100:14", 60))
        _account(raw, "Quiet", "USD", [], (None, "0:8\n100:12", 50))
    _migrate(path, "0008")
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE seller_plans SET quota = '1700000000.00'")
    _migrate(path, "0007", down=True)
    with sqlite3.connect(path) as raw:
        numbers = raw.execute(
            "SELECT a.name, n.quota, n.commission_tiers, n.big_deal_percent FROM numbers_plans AS n "
            "JOIN accounts AS a ON a.id = n.account_id ORDER BY a.name"
        ).fetchall()
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            raw.execute("UPDATE numbers_plans SET big_deal_percent = 5000")
    assert numbers == [
        ("Kaiyō", "1700000000.00", "0:8\n50:10\n100:14", 60),
        ("Quiet", None, "0:8\n100:12", 50),
    ]
    assert not {"seller_plans", "exchange_rates", "forecast_changes", "negotiation_plans"} & tables

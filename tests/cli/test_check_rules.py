"""``accountplan check`` verifies the plan's rules on SQLite and on PostgreSQL, and says what breaks them."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accountplan.store.database import Database

from .conftest import CliRunner


def _one(connection: Any, sql: str) -> Any:
    row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def test_a_sound_plan_passes_the_check(
    cli: CliRunner, plan_url: str, two_accounts: Callable[[Database], tuple[int, int]]
) -> None:
    with Database.open(plan_url) as database:
        two_accounts(database)
    code, out, err = cli("--db", plan_url, "check")
    assert (code, err) == (0, "")
    assert "no problems found" in out


def test_a_reference_across_accounts_that_got_in_fails_the_check_in_one_sentence(
    cli: CliRunner,
    plan_url: str,
    raw: Callable[..., Any],
    two_accounts: Callable[[Database], tuple[int, int]],
) -> None:
    with Database.open(plan_url) as database:
        ours, theirs = two_accounts(database)
    with raw(plan_url) as sql:  # someone drops the rule, then writes what it refused
        if plan_url.startswith("postgresql"):
            sql.execute("DROP TRIGGER same_account_stakeholders_reports_to_id ON stakeholders")
        else:
            sql.execute("DROP TRIGGER same_account_stakeholders_reports_to_id_update")
        report = _one(sql, f"SELECT min(id) FROM stakeholders WHERE account_id = {ours}")
        stranger = _one(sql, f"SELECT min(id) FROM stakeholders WHERE account_id = {theirs}")
        sql.execute(f"UPDATE stakeholders SET reports_to_id = {stranger} WHERE id = {report}")

    code, out, err = cli("--db", plan_url, "check")

    assert (code, out) == (1, "")
    sentence = cli.one_clear_sentence(err)
    assert "breaks the plan's rules" in sentence
    assert (
        f"stakeholders row {report} (account {ours}): reports_to_id refers to stakeholders row {stranger}"
        in sentence
    )
    assert "stakeholders lacks its rule same_account_stakeholders_reports_to_id" in sentence


def test_an_unknown_value_that_got_past_sqlite_fails_the_check_in_one_sentence(
    cli: CliRunner, db_path: Path, two_accounts: Callable[[Database], tuple[int, int]]
) -> None:
    with Database.open(db_path) as database:
        two_accounts(database)
    with contextlib.closing(sqlite3.connect(db_path)) as sql:
        sql.execute("PRAGMA ignore_check_constraints = ON")
        sql.execute("UPDATE stakeholders SET stance = 'hero' WHERE id = (SELECT min(id) FROM stakeholders)")
        sql.commit()

    code, out, err = cli("--db", str(db_path), "check")

    assert (code, out) == (1, "")
    sentence = cli.one_clear_sentence(err)
    assert "breaks the plan's rules (stakeholders row 1: stance 'hero' is not one of its values)" in sentence

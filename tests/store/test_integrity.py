"""The plan's rules checked row by row: what got past a rule someone removed is found, and so is the missing rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accountplan.store.database import Database
from accountplan.store.integrity import rule_problems

TwoAccounts = tuple[str, int, int]


@pytest.fixture
def plan(plan_url: str, two_accounts: Callable[[Database], tuple[int, int]]) -> TwoAccounts:
    """A plan database (SQLite, then PostgreSQL) with two accounts that fill every table: (url, ours, theirs)."""
    with Database.open(plan_url, user="tester") as database:
        ours, theirs = two_accounts(database)
    return plan_url, ours, theirs


def _one(connection: Any, sql: str) -> Any:
    row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def cross_accounts_with_the_rule_dropped(
    url: str, ours: int, theirs: int, raw: Callable[..., Any]
) -> list[int]:
    """Drop the rule on coverage.stakeholder_id, then make one of our coverage rows cover their person.

    Returns the coverage row and the person (``[row, person]``).
    """
    with raw(url) as sql:
        if url.startswith("postgresql"):
            sql.execute("DROP TRIGGER same_account_coverage_stakeholder_id ON coverage")
        else:
            sql.execute("DROP TRIGGER same_account_coverage_stakeholder_id_update")
        covered = _one(sql, f"SELECT min(id) FROM coverage WHERE account_id = {ours}")
        person = (
            _one(  # co-sellers are shared: someone the same co-seller does not cover in the other account
                sql,
                f"SELECT min(s.id) FROM stakeholders AS s WHERE s.account_id = {theirs} AND NOT EXISTS "
                "(SELECT 1 FROM coverage AS c WHERE c.stakeholder_id = s.id AND c.co_seller_id = "
                f"(SELECT co_seller_id FROM coverage WHERE id = {covered}))",
            )
        )
        sql.execute(f"UPDATE coverage SET stakeholder_id = {person} WHERE id = {covered}")
    return [covered, person]


def test_a_sound_plan_breaks_no_rule(plan: TwoAccounts) -> None:
    with Database.open(plan[0]) as database:
        assert rule_problems(database) == []


def test_a_reference_across_accounts_is_found_with_the_rule_that_should_have_refused_it(
    plan: TwoAccounts, raw: Callable[..., Any]
) -> None:
    url, ours, theirs = plan
    covered, person = cross_accounts_with_the_rule_dropped(url, ours, theirs, raw)
    with Database.open(url) as database:
        problems = rule_problems(database)
    trigger = "same_account_coverage_stakeholder_id" + ("" if url.startswith("postgresql") else "_update")
    assert problems == [
        f"coverage row {covered} (account {ours}): stakeholder_id refers to stakeholders row {person} "
        f"of account {theirs}",
        f"coverage lacks its rule {trigger}",
    ]


def test_values_that_got_past_the_checks_are_found(plan: TwoAccounts, raw: Callable[..., Any]) -> None:
    url, _ours, _theirs = plan
    on_server = url.startswith("postgresql")
    with raw(url) as sql:
        if on_server:  # someone drops the checks
            sql.execute("ALTER TABLE stakeholders DROP CONSTRAINT ck_stakeholders_stance")
            sql.execute("ALTER TABLE accounts DROP CONSTRAINT ck_accounts_fiscal_year_start_month_range")
        else:  # someone tells SQLite to ignore them
            sql.execute("PRAGMA ignore_check_constraints = ON")
        hero = _one(sql, "SELECT min(id) FROM stakeholders")
        sql.execute(f"UPDATE stakeholders SET stance = 'hero' WHERE id = {hero}")
        sql.execute("UPDATE accounts SET fiscal_year_start_month = 13")
        accounts = [row[0] for row in sql.execute("SELECT id FROM accounts ORDER BY id")]
    with Database.open(url) as database:
        problems = rule_problems(database)
    missing = [
        "accounts lacks its rule ck_accounts_fiscal_year_start_month_range",
        "stakeholders lacks its rule ck_stakeholders_stance",
    ]
    assert problems == [
        *(f"accounts row {a} breaks the rule fiscal_year_start_month BETWEEN 1 AND 12" for a in accounts),
        f"stakeholders row {hero}: stance 'hero' is not one of its values",
        *(missing if on_server else []),
    ]

"""Migration 0006 repairs what breaks the rules it adds, logs every repair, and the plan then exports and imports.

Before 0006 the sqlite3 shell or psql could write an unknown enumeration value (every export of the account then
crashed) or a reference to another account's row (the plan file then held ``null`` and no longer imported).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import create_engine, func, select

from accountplan.interchange.plancodec import SECTIONS_ADDED_LATER
from accountplan.interchange.planfile import export_account, import_plan, read_plan, write_plan
from accountplan.model import (
    Account,
    Base,
    ChangeLogEntry,
    Coverage,
    Initiative,
    MeetingDecision,
    Stakeholder,
)
from accountplan.model.enums import Stance
from accountplan.store.database import Database
from accountplan.store.integrity import rule_problems
from accountplan.store.migrations import alembic_config

REPAIRER = "upgrade to schema 0006"


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        with engine.begin() as connection:
            (command.downgrade if down else command.upgrade)(alembic_config(connection), revision)
    finally:
        engine.dispose()


def _one(connection: Any, sql: str) -> Any:
    row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def _counts(database: Database, account_id: int) -> dict[str, int]:
    with database.session() as session:
        return {
            name: int(
                session.scalar(select(func.count()).select_from(t).where(t.c.account_id == account_id)) or 0
            )
            for name, t in Base.metadata.tables.items()
            # The tables of schema 0008 are dropped by going back to 0005: the rows of 0006's time are compared.
            if "account_id" in t.columns and name != "change_log" and name not in SECTIONS_ADDED_LATER
        }


def test_upgrading_repairs_the_rows_that_break_the_new_rules_and_logs_each_repair(
    plan_url: str,
    raw: Callable[..., Any],
    two_accounts: Callable[[Database], tuple[int, int]],
    tmp_path: Path,
) -> None:
    with Database.open(plan_url, user="tester") as database:
        ours, theirs = two_accounts(database)
        theirs_before = _counts(database, theirs)
    _migrate(plan_url, "0005", down=True)

    with raw(plan_url) as sql:  # what the sqlite3 shell or psql could write at 0005
        hero = _one(sql, f"SELECT min(id) FROM stakeholders WHERE account_id = {ours}")
        sql.execute(f"UPDATE stakeholders SET stance = 'hero' WHERE id = {hero}")
        role = _one(sql, f"SELECT min(id) FROM stakeholder_roles WHERE account_id = {ours}")
        sql.execute(f"UPDATE stakeholder_roles SET role = 'guru' WHERE id = {role}")
        stage = _one(
            sql, f"SELECT min(id) FROM stage_changes WHERE account_id = {ours} AND process = 'sales'"
        )
        sql.execute(f"UPDATE stage_changes SET stage = 'pain' WHERE id = {stage}")
        sql.execute(f"UPDATE accounts SET fiscal_year_start_month = 13 WHERE id = {ours}")
        stranger = _one(sql, f"SELECT min(id) FROM stakeholders WHERE account_id = {theirs}")
        report = _one(
            sql, f"SELECT min(id) FROM stakeholders WHERE account_id = {ours} AND reports_to_id IS NOT NULL"
        )
        sql.execute(f"UPDATE stakeholders SET reports_to_id = {stranger} WHERE id = {report}")
        covered = _one(sql, f"SELECT min(id) FROM coverage WHERE account_id = {ours}")
        uncovered = (
            _one(  # co-sellers are shared: someone the same co-seller does not cover in the other account
                sql,
                f"SELECT min(s.id) FROM stakeholders AS s WHERE s.account_id = {theirs} AND NOT EXISTS "
                "(SELECT 1 FROM coverage AS c WHERE c.stakeholder_id = s.id AND c.co_seller_id = "
                f"(SELECT co_seller_id FROM coverage WHERE id = {covered}))",
            )
        )
        sql.execute(f"UPDATE coverage SET stakeholder_id = {uncovered} WHERE id = {covered}")
        decision = _one(sql, f"SELECT min(decision_id) FROM actions WHERE account_id = {ours}")
        acting = [row[0] for row in sql.execute(f"SELECT id FROM actions WHERE decision_id = {decision}")]
        their_meeting = _one(sql, f"SELECT min(id) FROM meetings WHERE account_id = {theirs}")
        sql.execute(f"UPDATE meeting_decisions SET meeting_id = {their_meeting} WHERE id = {decision}")

    with Database.open(plan_url, user="tester") as database:  # opening upgrades
        with database.session() as session:
            logged = session.execute(
                select(
                    ChangeLogEntry.account_id,
                    ChangeLogEntry.kind,
                    ChangeLogEntry.entity_type,
                    ChangeLogEntry.entity_id,
                    ChangeLogEntry.field,
                    ChangeLogEntry.old_value,
                    ChangeLogEntry.new_value,
                ).where(ChangeLogEntry.user == REPAIRER)
            ).all()
            updates = {(t, i, f, old, new) for _a, k, t, i, f, old, new in logged if k.value == "updated"}
            deleted = {(t, i): json.loads(old) for _a, k, t, i, _f, old, _n in logged if k.value == "deleted"}
            assert {account for account, *_ in logged} == {ours}
            assert updates == {
                ("stakeholders", hero, "stance", "hero", "neutral"),
                ("accounts", ours, "fiscal_year_start_month", "13", "12"),
                (
                    "stakeholders",
                    report,
                    "reports_to_id",
                    f"stakeholders {stranger} of account {theirs}",
                    None,
                ),
                *(("actions", action, "decision_id", str(decision), None) for action in acting),
            }
            assert set(deleted) == {
                ("stakeholder_roles", role),
                ("stage_changes", stage),
                ("coverage", covered),
                ("meeting_decisions", decision),
            }
            # A deleted row's values are kept in the log, to be entered again by hand.
            assert deleted[("stakeholder_roles", role)]["role"] == "guru"
            assert deleted[("coverage", covered)]["stakeholder_id"] == uncovered
            assert len(logged) == len(updates) + len(deleted)

            assert session.get(Stakeholder, hero).stance is Stance.NEUTRAL  # type: ignore[union-attr]
            assert session.get(Stakeholder, report).reports_to_id is None  # type: ignore[union-attr]
            assert session.get(Coverage, covered) is None
            assert session.get(MeetingDecision, decision) is None
            assert session.get(Account, ours).fiscal_year_start_month == 12  # type: ignore[union-attr]
        assert _counts(database, theirs) == theirs_before  # the other account is left as it was
        assert rule_problems(database) == []

        # Every export works again, and the plan file imports.
        files = []
        for account_id in (ours, theirs):
            with database.session() as session:
                document = export_account(session, account_id)
            files.append(tmp_path / f"plan-{account_id}.json")
            write_plan(document, files[-1])
    with Database.open(tmp_path / "again.sqlite", user="tester") as again:
        for index, path in enumerate(files):
            with again.transaction() as session:
                import_plan(session, read_plan(path), rename=f"Imported {index}")


def test_downgrading_0006_lifts_the_rules_and_keeps_the_plan(
    plan_url: str, raw: Callable[..., Any], two_accounts: Callable[[Database], tuple[int, int]]
) -> None:
    with Database.open(plan_url, user="tester") as database:
        ours, theirs = two_accounts(database)
        before = _counts(database, ours)
    _migrate(plan_url, "0005", down=True)
    with raw(plan_url) as sql:
        assert _one(sql, "SELECT version_num FROM alembic_version") == "0005"
        stranger = _one(sql, f"SELECT min(id) FROM stakeholders WHERE account_id = {theirs}")
        sql.execute(f"UPDATE stakeholders SET stance = 'hero' WHERE account_id = {ours}")  # no check any more
        sql.execute(f"UPDATE initiatives SET sponsor_id = {stranger} WHERE account_id = {ours}")  # no trigger
    with Database.open(plan_url, user="tester") as database:  # upgrading again repairs and re-adds the rules
        assert rule_problems(database) == []
        assert _counts(database, ours) == before
        with database.session() as session:
            people = session.scalars(select(Stakeholder).where(Stakeholder.account_id == ours)).all()
            assert {p.stance for p in people} == {Stance.NEUTRAL}
            sponsors = session.scalars(
                select(Initiative.sponsor_id).where(Initiative.account_id == ours)
            ).all()
            assert sponsors and set(sponsors) == {None}

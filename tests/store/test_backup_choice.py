"""Which backup to offer: only the database's own, newest first, and never a damaged one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from accountplan.model import Stakeholder
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.backup import backups_of, daily_backup, last_good_backup, restore_database
from accountplan.store.database import Database


def _filled(path: Path, people: int) -> None:
    with Database.open(path, user="tester") as database:
        with database.transaction() as session:
            account = create_account(session, "Acme Corporation")
            for index in range(people):
                add_stakeholder(session, account, f"Person {index}", title="Director of things " * 10)
        daily_backup(database)


def _people(path: Path) -> int:
    with Database.open(path) as database, database.session() as session:
        return len(session.scalars(select(Stakeholder.id)).all())


def _aged(path: Path, days_ago: int) -> Path:
    stamp = path.stat().st_mtime - days_ago * 86_400
    os.utime(path, (stamp, stamp))
    return path


def test_restore_over_a_database_damaged_in_the_middle_keeps_it_aside_but_not_as_a_backup(
    db_path: Path, damage_the_middle: Callable[[Path], bytes]
) -> None:
    _filled(db_path, people=200)
    (daily,) = backups_of(db_path)
    damaged = damage_the_middle(db_path)

    kept = restore_database(db_path, daily)

    assert _people(db_path) == 200
    assert kept is not None and kept.suffix == ".damaged"
    assert kept.read_bytes() == damaged  # nothing thrown away
    assert backups_of(db_path) == [daily]  # the damaged copy is not offered as the newest backup
    assert last_good_backup(db_path) == daily


def test_the_backups_of_a_database_are_its_own_newest_first(db_path: Path) -> None:
    _filled(db_path, people=1)
    folder = db_path.parent / "backups"
    daily = _aged(backups_of(db_path)[0], days_ago=1)
    older = _aged(shutil.copy(daily, folder / "daily-plan-2020-01-01.sqlite"), days_ago=30)
    before_restore = shutil.copy(daily, folder / "plan-before-restore-20990101-000000-000000.sqlite")
    before_upgrade = _aged(shutil.copy(daily, folder / "plan-before-upgrade-0003-20240101.sqlite"), 400)
    for others in ("daily-plan-2024-2025-01-01.sqlite", "daily-other-2025-01-01.sqlite", "notes.sqlite"):
        shutil.copy(daily, folder / others)

    assert backups_of(db_path) == [before_restore, daily, older, before_upgrade]


def test_the_last_good_backup_skips_a_newer_damaged_one(
    db_path: Path, damage_the_middle: Callable[[Path], bytes]
) -> None:
    _filled(db_path, people=200)
    (daily,) = backups_of(db_path)
    _aged(daily, days_ago=1)
    newer = shutil.copy(
        daily, db_path.parent / "backups" / "plan-before-restore-20990101-000000-000000.sqlite"
    )
    damage_the_middle(newer)
    assert backups_of(db_path) == [newer, daily]
    assert last_good_backup(db_path) == daily
    assert last_good_backup(db_path.with_name("elsewhere.sqlite")) is None

"""The window's exports and backup never write over the open database or something that is not a file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window's warning boxes said (instead of showing them)."""
    said: list[str] = []
    monkeypatch.setattr(
        "accountplan.ui.frame.database_actions.QMessageBox.warning", lambda _p, _t, text: said.append(text)
    )
    return said


@pytest.fixture
def account(window: MainWindow, db: Database) -> int:
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
        stakeholders.add_stakeholder(session, account_id, "田中 愛子", title="CEO")
    window.events.accounts_changed.emit()
    return account_id


def _same_database_file(db_path: Path, inode: int, db: Database) -> None:
    assert db_path.stat().st_ino == inode  # not replaced by another file
    with Database.open(db_path) as again, again.session() as session:
        assert accounts.list_accounts(session)[0].name == "Hoshino Logistics"
    with db.session() as session:
        assert accounts.list_accounts(session)[0].name == "Hoshino Logistics"


def test_export_plan_file_and_backup_over_the_open_database_are_refused(
    window: MainWindow, db: Database, db_path: Path, account: int, warnings: list[str]
) -> None:
    inode = db_path.stat().st_ino
    assert not window.export_plan_file(db_path)
    assert not window.backup_database(db_path)
    assert len(warnings) == 2 and all("is the open database" in text for text in warnings)
    _same_database_file(db_path, inode, db)
    assert window.new_account("Still working")  # the window goes on with the same database


def test_a_document_export_over_the_open_database_fails_with_the_reason(
    qtbot, window: MainWindow, db: Database, db_path: Path, account: int
) -> None:
    inode = db_path.stat().st_ino
    task = window.export_document("account-plan", db_path)
    assert task is not None
    with qtbot.waitSignal(task.failed, timeout=30_000) as blocker:
        pass
    assert "is the open database" in blocker.args[0]
    _same_database_file(db_path, inode, db)


def test_an_org_chart_export_over_a_pipe_is_refused_and_leaves_the_pipe(
    qtbot, window: MainWindow, db: Database, account: int, tmp_path: Path
) -> None:
    target = tmp_path / "chart.svg"
    os.mkfifo(target)
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    task = page.export_chart(target)
    assert task is not None
    with qtbot.waitSignal(task.failed, timeout=30_000) as blocker:
        pass
    assert "is a pipe, not a file" in blocker.args[0]
    assert stat.S_ISFIFO(target.lstat().st_mode)

"""File → Import the Customer's Updates…: each proposed change listed and ticked; only the ticked ones applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from accountplan.interchange.demo import load_demo
from accountplan.model.enums import MilestoneStatus
from accountplan.plan import success
from accountplan.reports.exports import export_success_plan
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow


def _milestones(db: Database, account_id: int) -> dict[str, dict[str, object]]:
    with db.session() as session:
        view = success.success_plan_view(session, account_id)
    return {item.values["title"]: item.values for item in view.items["milestone"]}


def test_the_dialog_lists_the_changes_and_applies_only_the_ticked_ones_as_one_step(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)  # type: ignore[union-attr]
    account_id = window.current_account_id()
    assert account_id is not None
    path = tmp_path / "plan.xlsx"
    with db.session() as session:
        export_success_plan(session, account_id, path, dt.date.today())
    book = openpyxl.load_workbook(path)
    sheet = book["Milestones"]
    status_title, date_title = str(sheet["C4"].value), str(sheet["C5"].value)
    sheet["G4"].value = "Reached"
    sheet["D5"].value = dt.datetime(2030, 1, 15)
    book.save(path)
    before = _milestones(db, account_id)

    dialog = window.import_customer_updates(path)
    assert dialog is not None
    qtbot.addWidget(dialog)
    rows = [dialog.changes.item(i) for i in range(dialog.changes.count())]
    assert [r.text() for r in rows] == [
        f'Milestones, "{status_title}": Status Planned → Reached',
        f'Milestones, "{date_title}": Date {before[date_title]["due"]:%d %b %Y} → 15 Jan 2030',  # type: ignore[str-format]
    ]
    assert all(r.checkState() == Qt.CheckState.Checked for r in rows)
    rows[0].setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    after = _milestones(db, account_id)
    assert after[status_title]["status"] == before[status_title]["status"]
    assert after[date_title]["due"] == dt.date(2030, 1, 15)
    assert window.undo_stack.undoText().startswith("import the customer's updates")
    window.undo_stack.undo()
    assert _milestones(db, account_id) == before
    assert before[status_title]["status"] is MilestoneStatus.PLANNED


def test_a_refused_workbook_shows_the_reason(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path, monkeypatch
) -> None:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)  # type: ignore[union-attr]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"not a workbook")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    assert window.import_customer_updates(path) is None
    assert shown and "not an Excel workbook" in shown[0]

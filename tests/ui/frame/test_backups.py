"""Restoring in the window: the Backups dialog, File → Restore from Backup, and a damaged database at start-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from accountplan.model import Account
from accountplan.plan import accounts, stakeholders
from accountplan.store import backup as backups
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.frame.app import open_with_recovery
from accountplan.ui.frame.backups_dialog import BackupsDialog
from accountplan.ui.frame.main_window import MainWindow


def _account(db: Database, name: str, people: int = 1) -> None:
    with db.transaction() as session:
        account_id = accounts.create_account(session, name)
        for n in range(people):
            stakeholders.add_stakeholder(session, account_id, f"Person {n}", title="Director of things " * 10)


def _account_names(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Account.name).order_by(Account.name)))


def _when_asked(answer: Callable[[QMessageBox], None], seen: list[str]) -> None:
    """Answer the next message box once it is shown (it runs its own event loop); ``seen`` gets its text."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, look)
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        answer(box)

    QTimer.singleShot(0, look)


def _click(kind: QMessageBox.StandardButton) -> Callable[[QMessageBox], None]:
    return lambda box: box.button(kind).click()


def test_file_menu_backups_lists_the_rotation_and_restores_the_one_chosen(
    qtbot, window: MainWindow, db: Database
) -> None:
    _account(db, "Hoshino Logistics")
    backups.daily_backup(db)
    assert window.new_account("Added after the backup")
    assert window.backups_action in window.menuBar().actions()[0].menu().actions()

    window.backups_action.trigger()
    dialog = window.findChild(BackupsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 2).data().startswith("daily-plan-")
    assert dialog.model.index(0, 1).data() not in ("", "0 bytes")
    questions: list[str] = []
    _when_asked(_click(QMessageBox.StandardButton.Yes), questions)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert "Replace the open database with the backup daily-plan-" in questions[0]
    assert not dialog.isVisible()
    assert _account_names(window.database) == ["Hoshino Logistics"]
    assert window.accounts.rowCount() == 1
    assert window.undo_stack.count() == 0
    assert window.statusBar().currentMessage().startswith("Restored from daily-plan-")
    assert not window.external_changes.check()  # a restore is the window's own doing, not news

    again = window.show_backups()
    names = [again.model.index(row, 2).data() for row in range(again.model.rowCount())]
    assert names[0].startswith("plan-before-restore-")  # what was replaced can itself be restored
    again.reject()


def test_saying_no_to_the_restore_changes_nothing(qtbot, window: MainWindow, db: Database) -> None:
    _account(db, "Hoshino Logistics")
    backups.daily_backup(db)
    assert window.new_account("Added after the backup")
    dialog = window.show_backups()
    _when_asked(_click(QMessageBox.StandardButton.No), [])
    assert not dialog.restore_selected()
    assert dialog.isVisible()
    assert _account_names(window.database) == ["Added after the backup", "Hoshino Logistics"]


def test_restore_from_backup_in_the_window_brings_the_data_back(window: MainWindow, db: Database) -> None:
    _account(db, "Hoshino Logistics")
    daily = backups.daily_backup(db)
    assert daily is not None
    window.events.accounts_changed.emit()
    assert window.delete_account(confirm=False)
    assert window.restore_backup(daily, confirm=False)
    assert _account_names(window.database) == ["Hoshino Logistics"]
    assert window.windowTitle().startswith("Hoshino Logistics")
    assert window.check_integrity() == []


def test_a_damaged_database_at_start_up_offers_the_last_good_backup(
    qtbot, db_path: Path, settings: S.Settings, damage_the_middle: Callable[[Path], bytes]
) -> None:
    with Database.open(db_path, user="tester") as database:
        _account(database, "Hoshino Logistics", people=200)
        backups.daily_backup(database)
    damage_the_middle(db_path)
    boxes: list[str] = []

    def restore(box: QMessageBox) -> None:
        restore_button = next(b for b in box.buttons() if b.text().startswith("Restore daily-plan-"))
        restore_button.click()

    _when_asked(restore, boxes)
    database = open_with_recovery(str(db_path), settings)

    assert database is not None
    assert "damaged" in boxes[0] and str(db_path) in boxes[0]
    assert "The last good backup is daily-plan-" in boxes[0]
    assert list((db_path.parent / "backups").glob("plan-before-restore-*.damaged"))  # kept aside
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("Hoshino Logistics")
    assert window.check_integrity() == []
    assert _account_names(database) == ["Hoshino Logistics"]


def test_closing_the_damaged_database_message_opens_nothing(
    db_path: Path, settings: S.Settings, damage_the_middle: Callable[[Path], bytes]
) -> None:
    with Database.open(db_path, user="tester") as database:
        _account(database, "Hoshino Logistics", people=200)
    damaged = damage_the_middle(db_path)
    _when_asked(_click(QMessageBox.StandardButton.Close), [])
    assert open_with_recovery(str(db_path), settings) is None
    assert db_path.read_bytes() == damaged


def test_a_backups_folder_that_cannot_be_written_opens_the_plan_and_says_the_backup_was_not_made(
    qtbot, tmp_path: Path, settings: S.Settings
) -> None:
    db_path = tmp_path / "plan.sqlite"
    with Database.open(db_path, user="tester") as database:
        _account(database, "Hoshino Logistics")
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    seen: list[str] = []
    _when_asked(_click(QMessageBox.StandardButton.Ok), seen)
    database = open_with_recovery(str(db_path), settings)
    assert database is not None
    try:
        assert _account_names(database) == ["Hoshino Logistics"]
        assert len(seen) == 1 and "backup" in seen[0] and "still saved" in seen[0]
    finally:
        database.close()

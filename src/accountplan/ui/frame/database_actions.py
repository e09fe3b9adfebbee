"""The window's database and file commands: open, import and export a plan, back up, restore, check, demo."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from accountplan.errors import AccountPlanError
from accountplan.interchange.demo import load_demo
from accountplan.interchange.imports import import_plan_file
from accountplan.interchange.planfile import export_account, read_plan, write_plan
from accountplan.store import backup as backups
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.frame.backups_dialog import BackupsDialog

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QListView

    from accountplan.ui.common.commands import PlanContext
    from accountplan.ui.common.events import PlanEvents
    from accountplan.ui.contacts.contact_wizard import ContactImportWizard
    from accountplan.ui.people.models import AccountListModel


class DatabaseFileActions(QMainWindow):
    """The File menu's work on the open database; :class:`MainWindow` builds on it (each method is a slot)."""

    if TYPE_CHECKING:  # what the main window provides
        context: PlanContext
        settings: S.Settings
        events: PlanEvents
        undo_stack: QUndoStack
        accounts: AccountListModel
        account_list: QListView

        @property
        def database(self) -> Database: ...
        def current_account_id(self) -> int | None: ...
        def select_account(self, name: str) -> bool: ...
        def show_section(self, row: int) -> None: ...
        def show_page(self, key: str) -> object: ...
        def show_status(self, message: str) -> None: ...
        def show_failure(self, message: str) -> None: ...
        def _show_database(self) -> None: ...

    @contextlib.contextmanager
    def _busy(self, message: str) -> Iterator[None]:
        self.statusBar().showMessage(message)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            yield
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _report_error(self, title: str, error: Exception) -> None:
        self.show_failure(str(error))
        QMessageBox.warning(self, title, str(error))

    def open_database(self, target: str | None = None) -> bool:
        if target is None:
            start = str(self.database.path.parent) if self.database.path else ""
            target, _ = QFileDialog.getOpenFileName(
                self, "Open plan database", start, "Account Plan databases (*.sqlite *.db);;All files (*)"
            )
            if not target:
                return False
        try:
            database = Database.open(target, user=self.database.user)
        except AccountPlanError as error:
            self._report_error("Cannot open the database", error)
            return False
        backup_failed = None
        try:
            backups.daily_backup(database, keep=self.settings.get(S.DAILY_BACKUPS_KEPT))
        except AccountPlanError as error:
            backup_failed = error  # opening changes nothing: the plan opens, and the user is told
        self.replace_database(database)
        self.show_status(f"Opened {database.name}.")
        if backup_failed is not None:
            self._report_error("Today's backup was not made", backup_failed)
        return True

    def replace_database(self, database: Database) -> None:
        old = self.context.database
        self.context.database = database
        if old is not database:
            old.close()
        self.events.database_replaced.emit()
        self._show_database()

    def import_plan_file(
        self, path: Path | None = None, *, replace: bool = False, rename: str | None = None
    ) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Import plan file", "", "Plan files (*.json)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            document = read_plan(path)
            with self._busy(f"Importing {path.name}…"):  # today's backup was made when the database opened
                done = import_plan_file(self.database, document, replace=replace, rename=rename, backup=False)
        except AccountPlanError as error:
            self._report_error("Cannot import the plan file", error)
            return False
        self.undo_stack.clear()  # an import is not undoable: say so rather than pretend
        self.events.accounts_changed.emit()
        self.select_account(done.name)
        self.show_status(f"Imported {done.name} from {path.name}.")
        if done.notices:
            QMessageBox.information(self, f"Imported {done.name}", "\n\n".join(done.notices))
        return True

    def import_contacts(self, path: Path | None = None) -> ContactImportWizard:
        """The contact import wizard (shown, not waited for), into the current account or a new one.

        Once the import is committed, the window shows the stakeholders of the account it went into.
        """
        account_id = self.current_account_id()
        account = self.accounts.account_at(self.account_list.currentIndex().row())
        current = (account_id, account.name) if account_id is not None and account is not None else None
        from accountplan.ui.contacts.contact_wizard import ContactImportWizard

        wizard = ContactImportWizard(self.context, current, self, path=path)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(lambda _id, name: (self.select_account(name), self.show_page("stakeholders")))
        wizard.open()
        return wizard

    def export_plan_file(self, path: Path | None = None) -> bool:
        account_id = self.current_account_id()
        account = self.accounts.account_at(self.account_list.currentIndex().row())
        if account_id is None or account is None:
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export plan file", f"{account.name}.json", "Plan files (*.json)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            with self.database.session() as session:
                document = export_account(session, account_id)
            write_plan(document, path, database=self.database.path)
        except (AccountPlanError, OSError) as error:
            self._report_error("Cannot export the plan file", error)
            return False
        self.show_status(f"Exported {account.name} to {path}.")
        return True

    def backup_database(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Back up database", "accountplan-backup.sqlite")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            with self._busy("Backing up…"):
                backups.backup_database(self.database, path)
        except (AccountPlanError, OSError) as error:
            self._report_error("Cannot back up", error)
            return False
        self.show_status(f"Backed up to {path}.")
        return True

    def restore_backup(self, path: Path | None = None, *, confirm: bool = True) -> bool:
        current = self.database.path
        if current is None:
            return False
        if path is None:
            folder = backups.default_backup_dir(current)
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Restore from backup", str(folder), "Backups (*.sqlite)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        if confirm:
            answer = QMessageBox.question(
                self,
                "Restore from backup",
                f"Replace the open database with the backup {path.name}?\n\n"
                "The current database is kept aside first, so nothing is lost.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        user = self.database.user
        try:
            backups.check_backup(path)
            self.database.close()
            kept = backups.restore_database(current, path)
            database = Database.open(current, user=user)
        except AccountPlanError as error:
            self._report_error("Cannot restore", error)
            self.replace_database(Database.open(current, user=user))
            return False
        self.replace_database(database)
        self.show_status(
            f"Restored from {path.name}." + (f" The previous state was kept as {kept.name}." if kept else "")
        )
        return True

    def show_backups(self) -> BackupsDialog:
        """The Backups dialog over this database's rotation (shown, not waited for)."""
        dialog = BackupsDialog(self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def check_integrity(self) -> list[str]:
        problems = backups.integrity_problems(self.database)
        if problems:
            QMessageBox.critical(
                self,
                "Integrity check",
                "The database is damaged:\n• "
                + "\n• ".join(problems[:10])
                + "\n\nUse File → Backups… to go back to the last good copy.",
            )
        else:
            self.show_status(f"{self.database.name}: no problems found.")
        return problems

    def load_demo_account(self) -> bool:
        try:
            with self._busy("Loading the demo account…"):
                name, added = load_demo(self.database)
        except AccountPlanError as error:
            self._report_error("Cannot load the demo", error)
            return False
        self.events.accounts_changed.emit()
        self.select_account(name)
        self.show_page("overview")
        self.show_status(
            f"Loaded the demo account {name}." if added else f"The demo account {name} is already here."
        )
        return added

"""The main window: the accounts, the navigation between an account's pages, menus, undo and status."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.change_log import RecordRef
from accountplan.errors import AccountPlanError
from accountplan.plan.search import SearchHit
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.common.accessibility import describe, name_controls
from accountplan.ui.common.background import BackgroundTask, wait_for_background_tasks
from accountplan.ui.common.commands import CreateAccount, DeleteAccount, PlanContext
from accountplan.ui.common.events import PlanEvents
from accountplan.ui.common.icons import icon
from accountplan.ui.common.pages import Page
from accountplan.ui.common.record_history import HISTORY_SHORTCUT, ShowsRecords
from accountplan.ui.documents.document_export import export_document
from accountplan.ui.frame import about, error_dialog, file_opening
from accountplan.ui.frame.conflict_dialog import ConflictResolver
from accountplan.ui.frame.database_actions import DatabaseFileActions
from accountplan.ui.frame.external_changes import ExternalChanges
from accountplan.ui.frame.first_frame import navigation_panel, window_splitter
from accountplan.ui.frame.page_stack import PageStack
from accountplan.ui.frame.print_actions import PrintActions
from accountplan.ui.frame.search_box import SearchBox
from accountplan.ui.frame.sections import SECTIONS, opening_section
from accountplan.ui.frame.server_banner import ServerBanner
from accountplan.ui.people.models import ID_ROLE, AccountListModel

if TYPE_CHECKING:
    from accountplan.ui.account.catalog_dialog import CatalogDialog
    from accountplan.ui.orgchart.org_chart_page import OrgChartPage
    from accountplan.ui.pursuit.rates_dialog import RatesDialog
    from accountplan.ui.team.action_dialog import AddActionDialog

STATUS_TIMEOUT_MS = 8000


def section_shortcut(index: int) -> str:
    """Ctrl+1 … Ctrl+9 for the first nine sections, Alt+1 … Alt+9 for the next nine."""
    return f"Ctrl+{index + 1}" if index < 9 else f"Alt+{index - 8}" if index < 18 else ""


class WelcomePage(QWidget):
    """Shown when the database has no account yet: the three ways to start."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("No accounts yet")
        title.setObjectName("pageHeading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Start with the demo account to see a multi-year pursuit mapped out,\n"
            "create your own account, or import a plan file from a colleague."
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.demo_button = QPushButton("Load the &demo account")
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(window.load_demo_account)
        self.new_button = QPushButton("&New account…")
        self.new_button.clicked.connect(lambda: window.new_account())
        self.import_button = QPushButton("&Import a plan file…")
        self.import_button.clicked.connect(lambda: window.import_plan_file())
        for button in (self.demo_button, self.new_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(2)


class MainWindow(DatabaseFileActions):
    """The window over one open database.

    It gets the database and the settings from its creator; pages watch ``events`` and redraw themselves.
    """

    def __init__(self, database: Database, settings: S.Settings) -> None:
        super().__init__()
        self.settings = settings
        self.events = PlanEvents(self)
        self.undo_stack = QUndoStack(self)
        self.context = PlanContext(database, self.events, self.undo_stack, settings)
        #: While the account list is read again and the account shown stays: its pages are not redrawn.
        self._keeping_pages = False
        self.setWindowTitle("Account Plan")
        self.setWindowIcon(icon("app"))
        self.accounts = AccountListModel(self.context)
        self._build_navigation()
        self._build_actions()
        self._build_menus()
        self.search_box = SearchBox(self, self.context)
        self.search_box.chosen.connect(self.open_hit)
        self.events.accounts_changed.connect(self._reload_accounts)
        self.events.failure.connect(self.show_failure)
        self.events.status.connect(self.show_status)
        self.events.navigate.connect(self.show_page)
        self.events.open_account.connect(self.open_account)
        self.events.history.connect(self.show_history)
        self.events.show_org_chart_as_of.connect(self.show_org_chart_as_of)
        self.events.import_contacts.connect(lambda: self.import_contacts())
        self.events.edit_catalog.connect(lambda: self.edit_catalog())
        self.external_changes = ExternalChanges(self.context, self.current_account_id, self)
        self.conflicts = ConflictResolver(self.context, self)
        self.server_banner = ServerBanner(self, self.external_changes)
        self.undo_stack.indexChanged.connect(self._update_title)
        self.setAcceptDrops(True)  # a database, a plan file or contacts dropped on the window: open_file
        self._show_database()
        self._restore_layout()
        name_controls(self)  # the window's own controls; each page names its own when shown

    # --- building -----------------------------------------------------------------------------------

    def _build_navigation(self) -> None:
        self.account_list = QListView()
        self.account_list.setModel(self.accounts)
        self.account_list.selectionModel().currentChanged.connect(lambda *_: self._account_selected())
        self.section_list = QListWidget()
        describe(self.account_list, "Accounts", "The accounts of this database; choose one to plan it")
        describe(self.section_list, "Sections", "The pages of the account's plan")
        self.stack = PageStack(self.context, SECTIONS)  # each page is built when first shown
        self.welcome = WelcomePage(self)
        self.stack.addWidget(self.welcome)
        for kind in SECTIONS:
            self.section_list.addItem(kind.title)
        self.section_list.currentRowChanged.connect(self._section_selected)
        self.splitter = window_splitter(navigation_panel(self.account_list, self.section_list), self.stack)
        self.setCentralWidget(self.splitter)
        self.database_label = QLabel()
        self.statusBar().addPermanentWidget(self.database_label)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def edit_catalog(self) -> CatalogDialog | None:
        """The dialog of the current account's org units, product lines and competitors (shown, not waited for)."""
        account_id = self.current_account_id()
        if account_id is None:
            self.show_failure("Choose or create an account first: org units and product lines belong to one.")
            return None
        from accountplan.ui.account.catalog_dialog import CatalogDialog

        dialog = CatalogDialog(self.context, account_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def edit_rates(self) -> RatesDialog:
        """The dialog of the exchange rates the forecast converts with (shown, not waited for)."""
        from accountplan.ui.pursuit.rates_dialog import RatesDialog

        dialog = RatesDialog(self.context, self.current_account_id(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.open_action = self._action(
            "&Open Database…", lambda: self.open_database(), key.Open, "Open another plan database"
        )
        self.new_account_action = self._action("&New Account…", lambda: self.new_account(), key.New)
        self.delete_account_action = self._action("&Delete Account…", lambda: self.delete_account())
        self.import_action = self._action("&Import Plan File…", lambda: self.import_plan_file(), "Ctrl+I")
        self.import_contacts_action = self._action(
            "Import &Contacts…",
            lambda: self.import_contacts(),
            "Ctrl+Shift+I",
            "Salesforce, LinkedIn, vCard or CSV",
        )
        self.import_updates_action = self._action(
            "Import the Customer's &Updates…",
            lambda: self.import_customer_updates(),
            None,
            "The success-plan workbook the customer sent back",
        )
        self.export_action = self._action("&Export Plan File…", lambda: self.export_plan_file(), "Ctrl+E")
        self.export_chart_action = self._action(
            "Export Org &Chart…",
            lambda: self.org_chart().export_chart(),
            "Ctrl+Shift+E",
            "PDF (on a paper you choose), PowerPoint, SVG or PNG",
        )
        self.export_success_action = self._action(
            "&Success Plan (for the customer)…",
            lambda: self.export_document("success-plan"),
            "Ctrl+Shift+P",
            "The PDF or PowerPoint deck the customer receives: nothing internal, and it says what it left out",
        )
        self.export_account_plan_action = self._action(
            "&Account Plan (internal)…",
            lambda: self.export_document("account-plan"),
            tip="Everything, as a PDF",
        )
        self.export_pack_action = self._action(
            "&Meeting Pack (internal)…",
            lambda: self.export_document("meeting-pack"),
            tip="The next alignment meeting's pack as a PDF",
        )
        self.backup_action = self._action(
            "&Back Up Database…", lambda: self.backup_database(), "Ctrl+Shift+B"
        )
        self.restore_action = self._action("&Restore from Backup…", lambda: self.restore_backup())
        self.backups_action = self._action(
            "Bac&kups…", lambda: self.show_backups(), tip="This database's daily backups; restore one"
        )
        self.check_action = self._action("&Check Integrity", lambda: self.check_integrity())
        self.demo_action = self._action("Load &Demo Account", self.load_demo_account)
        self.quick_action = self._action(
            "Add &Action…",
            lambda: self.quick_add_action(),
            "Ctrl+Shift+A",
            "Add an action for this account (for the person selected on this page, if any)",
        )
        self.find_action = self._action(
            "&Find in Account…", lambda: self.find_in_account(), "Ctrl+K", "People, actions, deals, meetings…"
        )
        self.catalog_action = self._action(
            "Org &Units, Product Lines and Competitors…",
            lambda: self.edit_catalog(),
            "Ctrl+Shift+U",
            "Make and change the account's org units, our product lines and the competitors",
        )
        self.rates_action = self._action(
            "E&xchange Rates…",
            lambda: self.edit_rates(),
            tip="The rates per fiscal year that forecasts convert amounts with",
        )
        self.printing = PrintActions(
            self, self.context, self.settings, self.current_page, self.current_account_id
        )
        self.quit_action = self._action("&Quit", self.close, key.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(key.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(key.Redo), QKeySequence("Ctrl+Y")])
        numbered = [page for page in SECTIONS if not page.shortcut]  # Ctrl+1 is the Overview's
        self.section_actions = [
            self._action(
                page.title,
                functools.partial(self.show_section, i),
                page.shortcut or section_shortcut(numbered.index(page)),
            )
            for i, page in enumerate(SECTIONS)
        ]
        self.history_action = self._action(
            "Record &History",
            lambda: self.show_selected_history(),
            HISTORY_SHORTCUT,
            "Every change to the person, deal or action selected on this page, in the change log",
        )
        self.next_account_action = self._action("Next Account", lambda: self._step_account(1), "Ctrl+PgDown")
        self.previous_account_action = self._action(
            "Previous Account", lambda: self._step_account(-1), "Ctrl+PgUp"
        )
        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts, "F1")
        self.about_action = self._action("&About Account Plan", self.show_about)
        self.log_folder_action = self._action(
            "Open &Log Folder",
            self.open_log_folder,
            tip="The folder of the log file, which says what went wrong when something did",
        )
        for action, name in (
            (self.undo_action, "undo"),
            (self.redo_action, "redo"),
            (self.find_action, "search"),
            (self.export_action, "export"),
            (self.new_account_action, "add"),
            (self.quick_action, "add"),
            (self.delete_account_action, "delete"),
            (self.backup_action, "backup"),
            (self.restore_action, "warning"),
        ):
            action.setIcon(icon(name))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        for action in (self.new_account_action, self.delete_account_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_contacts_action)
        file_menu.addAction(self.import_updates_action)
        export_menu = file_menu.addMenu("E&xport")
        for action in (self.export_action, self.export_chart_action):
            export_menu.addAction(action)
        export_menu.addSeparator()
        for action in (self.export_success_action, self.export_account_plan_action, self.export_pack_action):
            export_menu.addAction(action)
        file_menu.addSeparator()
        self.printing.add_to(file_menu)
        file_menu.addSeparator()
        for action in (self.backup_action, self.restore_action, self.backups_action, self.check_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.quick_action)
        edit_menu.addAction(self.catalog_action)
        edit_menu.addAction(self.rates_action)
        go_menu = self.menuBar().addMenu("&Go")
        for action in self.section_actions:
            go_menu.addAction(action)
        go_menu.addSeparator()
        go_menu.addAction(self.history_action)
        go_menu.addSeparator()
        go_menu.addAction(self.next_account_action)
        go_menu.addAction(self.previous_account_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.log_folder_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for name in self.settings.get(S.RECENT_DATABASES):
            action = self.recent_menu.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.open_database(n))
        self.recent_menu.setEnabled(True)

    # --- state --------------------------------------------------------------------------------------

    @property
    def database(self) -> Database:
        return self.context.database

    def current_account_id(self) -> int | None:
        index = self.account_list.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def import_customer_updates(self, path: Path | None = None) -> QDialog | None:
        """File → Import the Customer's Updates…: the success-plan workbook the customer sent back."""
        from accountplan.ui.documents.customer_updates import import_customer_updates

        account_id = self.current_account_id()
        if account_id is None:
            self.show_status("Choose the account whose customer sent the workbook first.")
            return None
        return import_customer_updates(self, self.context, account_id, path)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _show_database(self) -> None:
        self.settings.remember_database(self.database.name)
        self.database_label.setText(self.database.name)
        self.undo_stack.clear()
        wanted = self.settings.get(S.LAST_ACCOUNT)
        self.accounts.reload()
        opening = opening_section(self.settings.get(S.LAST_SECTION), self.accounts.rowCount())
        # Selecting the account below shows this section: only its page is built, not the first one's too.
        with QSignalBlocker(self.section_list):
            self.section_list.setCurrentRow([p.key for p in SECTIONS].index(opening))
        rows = [r for r in range(self.accounts.rowCount()) if self.accounts.account_at(r).name == wanted]  # type: ignore[union-attr]
        self.select_account_row(rows[0] if rows else 0)
        self._update_title()

    def _reload_accounts(self) -> None:
        current = self.current_account_id()
        self.accounts.reload()
        row = self.accounts.row_of(current) if current is not None else -1
        # The account shown stays: what changed in it reaches its pages with the change itself (each page
        # redraws what it read of it), not by every built page reading everything again.
        self._keeping_pages = row >= 0 and current == self.stack.account_id
        try:
            self.select_account_row(row if row >= 0 else 0)
        finally:
            self._keeping_pages = False
        self._update_enabled()

    def select_account_row(self, row: int) -> None:
        if self.accounts.rowCount() == 0:
            self.stack.setCurrentWidget(self.welcome)
            self.stack.show_account(None)
            self._update_enabled()
            return
        row = max(0, min(row, self.accounts.rowCount() - 1))
        index = self.accounts.index(row)
        selection = self.account_list.selectionModel()
        moved = selection.currentIndex() != index
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if not moved:  # a new current row has shown its account already (currentChanged)
            self._account_selected()

    def select_account(self, name: str) -> bool:
        for row in range(self.accounts.rowCount()):
            account = self.accounts.account_at(row)
            if account is not None and account.name == name:
                self.select_account_row(row)
                return True
        return False

    def _step_account(self, step: int) -> None:
        if self.accounts.rowCount():
            self.select_account_row(
                (self.account_list.currentIndex().row() + step) % self.accounts.rowCount()
            )

    def _account_selected(self) -> None:
        account_id = self.current_account_id()
        if not (self._keeping_pages and account_id == self.stack.account_id):
            self.stack.show_account(account_id)
        if account_id is not None:
            account = self.accounts.account_at(self.account_list.currentIndex().row())
            if account is not None:
                self.settings.set(S.LAST_ACCOUNT, account.name)
            self._section_selected(max(self.section_list.currentRow(), 0))
        self._update_enabled()
        self._update_title()

    def org_chart(self) -> OrgChartPage:
        from accountplan.ui.orgchart.org_chart_page import OrgChartPage

        page = self.page("org-chart")
        assert isinstance(page, OrgChartPage)
        return page

    def page(self, key: str) -> Page:
        """The page whose key is ``key``, without showing it."""
        return self.stack.page(key)

    def quick_add_action(self) -> AddActionDialog | None:
        """Open the add-action dialog from any page, for the person selected there if there is one."""
        current = self.current_page()
        stakeholder_id = current.selected_stakeholder_id() if current is not None else None
        from accountplan.ui.team.actions_page import ActionsPage

        actions = self.page("actions")
        assert isinstance(actions, ActionsPage)
        return actions.add_action(stakeholder_id=stakeholder_id)

    def find_in_account(self) -> SearchBox | None:
        """Open the search box over the current account (Ctrl+K)."""
        account_id = self.current_account_id()
        if account_id is None:
            return None
        self.search_box.open_for(account_id)
        return self.search_box

    def open_hit(self, hit: SearchHit) -> None:
        """Show the page of a search hit, with the record selected where the page can."""
        page = self.show_page(hit.page)
        shown = page.select_item(hit.kind, hit.id)
        self.show_status(f"{hit.kind_label}: {hit.title}" + ("" if shown else f", on the {page.title} page"))

    def open_account(self, account_id: int) -> Page | None:
        """Show the account ``account_id`` on its overview (None if it is not among the accounts)."""
        row = self.accounts.row_of(account_id)
        if row < 0:
            return None
        self.select_account_row(row)
        return self.show_page("overview")

    def show_page(self, key: str) -> Page:
        """Show the page whose key is ``key`` ("overview", "org-chart", "stakeholders", ...)."""
        row = self.stack.row_of(key)
        self.show_section(row)
        return self.stack.page_at(row)

    def show_org_chart_as_of(self, day: object) -> None:
        """Show the org chart as it was at the end of ``day`` (a point of the Overview's progress, issue #18)."""
        self.show_page("org-chart")
        self.org_chart().show_day(day if isinstance(day, dt.date) else None)

    def show_history(self, record: RecordRef) -> Page:
        """Show the change log filtered to one record's own history."""
        from accountplan.ui.frame.change_log_page import ChangeLogPage

        page = self.show_page("changes")
        assert isinstance(page, ChangeLogPage)
        page.show_record(record)
        return page

    def show_selected_history(self) -> bool:
        """Show the history of the record selected on the current page (Go → Record History)."""
        current = self.current_page()
        record = current.selected_record() if isinstance(current, ShowsRecords) else None
        if record is None:
            self.show_status(
                "Select a person, a deal or an action first: Record History shows every change to it."
            )
            return False
        self.show_history(record)
        self.show_status(f"History of {record.words}")
        return True

    def show_section(self, row: int) -> None:
        self.section_list.setCurrentRow(row)
        self._section_selected(row)

    def _section_selected(self, row: int) -> None:
        if row < 0 or row >= len(SECTIONS):
            return
        if self.current_account_id() is None:
            self.stack.setCurrentWidget(self.welcome)
            return
        self.stack.setCurrentWidget(self.stack.page_at(row))
        self.settings.set(S.LAST_SECTION, SECTIONS[row].key)
        self.printing.update()

    def _update_enabled(self) -> None:
        has_account = self.current_account_id() is not None
        for action in (
            self.delete_account_action,
            self.export_action,
            self.export_chart_action,
            self.export_success_action,
            self.export_account_plan_action,
            self.export_pack_action,
            self.quick_action,
            self.find_action,
            self.history_action,
            *self.section_actions,
        ):
            action.setEnabled(has_account)
        for action in (self.backup_action, self.restore_action, self.backups_action, self.check_action):
            action.setEnabled(self.database.is_sqlite)
        self.printing.update()

    def export_document(self, kind: str, path: Path | None = None) -> BackgroundTask | None:
        """Export a PDF document of the current account (asking for the file unless ``path`` is given)."""
        account_id = self.current_account_id()
        if account_id is None:
            return None
        return export_document(self, self.context, kind, account_id, path)

    def _update_title(self) -> None:
        account = self.accounts.account_at(self.account_list.currentIndex().row())
        parts = [account.name] if account else []
        self.setWindowTitle(" — ".join([*parts, "Account Plan"]))

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def show_failure(self, message: str) -> None:
        self.statusBar().showMessage(f"⚠ {message}", 2 * STATUS_TIMEOUT_MS)

    def new_account(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "New account", "Name of the customer:")
            if not ok:
                return False
        if not self.context.execute(CreateAccount(self.context, name)):
            return False
        self.select_account(name.strip())
        self.show_page("account")
        self.show_status(f"Created the account {name.strip()}.")
        return True

    def delete_account(self, confirm: bool = True) -> bool:
        account = self.accounts.account_at(self.account_list.currentIndex().row())
        if account is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete account",
                f"Delete {account.name} with its {account.stakeholders} people, {account.opportunities} deals "
                f"and {account.actions} actions?\n\nYou can undo this with Edit → Undo.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if self.context.execute(DeleteAccount(self.context, account.id, account.name)):
            self.show_status(f"Deleted {account.name}. Edit → Undo brings it back.")
            return True
        return False

    # --- help ---------------------------------------------------------------------------------------

    def shortcut_list(self) -> list[tuple[str, str]]:
        actions = [
            self.open_action,
            self.new_account_action,
            self.import_action,
            self.import_contacts_action,
            self.export_action,
            self.backup_action,
            self.printing.print_action,
            self.printing.preview_action,
            self.undo_action,
            self.redo_action,
            self.quick_action,
            self.find_action,
            *self.section_actions,
            self.history_action,
            self.next_account_action,
            self.previous_account_action,
            self.shortcuts_action,
            self.quit_action,
        ]
        return [
            (a.text().replace("&", ""), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            for a in actions
            if not a.shortcut().isEmpty()
        ]

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>" for name, keys in self.shortcut_list()
        )
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellpadding=4>{rows}</table>")

    def show_about(self) -> QMessageBox:
        return about.show_about(self, self.database)

    # --- files given to the window: dropped on it, named on the command line, sent by the desktop ---------

    def open_file(self, path: Path) -> bool:
        """Open a database, offer to import a plan file, or start the contact import on a contact file."""
        kind = file_opening.file_kind(path)
        if kind is file_opening.FileKind.DATABASE:
            return self.open_database(str(path))
        if kind is file_opening.FileKind.PLAN:
            return self.offer_plan_import(path)
        if kind is file_opening.FileKind.CONTACTS:
            self.import_contacts(path)
            return True
        self.show_failure(f"{path.name} is not a file Account Plan opens: give it {file_opening.WHAT_OPENS}.")
        return False

    def offer_plan_import(self, path: Path) -> bool:
        """Say which account the plan file holds and import it if the user agrees."""
        from accountplan.interchange.planfile import read_plan

        try:
            document = read_plan(path)
        except AccountPlanError as error:
            QMessageBox.warning(self, "Cannot import the plan file", str(error))
            return False
        name, people = document["account"]["name"], len(document["stakeholders"])
        answer = QMessageBox.question(
            self,
            "Import a plan file",
            f"{path.name} holds the account {name!r} ({people} {'person' if people == 1 else 'people'}). "
            f"Import it into {self.database.name}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes and self.import_plan_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if file_opening.openable(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = file_opening.openable(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop has ended: the file manager the file came from is not held by a question asked here.
        QTimer.singleShot(0, lambda: self.open_file(path))

    def open_log_folder(self) -> None:
        if not error_dialog.open_log_folder():
            self.show_failure(f"The log folder ({error_dialog.log_folder_path()}) could not be opened.")

    # --- layout -------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.get(S.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.get(S.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Every edit is already saved; leaving the text field in focus saves the edit in flight too.
        focused = QGuiApplication.focusObject()
        if isinstance(focused, QWidget):
            focused.clearFocus()
        self.settings.set(S.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(S.WINDOW_STATE, self.saveState())
        self.settings.sync()
        wait_for_background_tasks()  # an export or a preview in flight finishes before the window goes
        super().closeEvent(event)

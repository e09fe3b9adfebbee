"""File → Import Contacts: the wizard from a contact file to the account's stakeholders.

Choose the file (its format, encoding or sheet detected) and the account, say what each column holds,
preview what the import would do, then import it in one transaction off the UI thread. A cancel or a
failure rolls the transaction back, so the account is exactly as it was; a finished import goes on the undo
stack as one command (:class:`ImportContacts`), so Edit → Undo takes all of it back in one step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from accountplan.interchange.contact_import import summary
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.contacts.contact_choices import (
    FILE_PAGE,
    IMPORT_PAGE,
    MAPPING_PAGE,
    PREVIEW_PAGE,
    ImportChoices,
)
from accountplan.ui.contacts.contact_commands import ImportContacts
from accountplan.ui.contacts.contact_file_page import FilePage
from accountplan.ui.contacts.contact_import_page import Imported, ImportPage
from accountplan.ui.contacts.contact_mapping_page import MappingPage
from accountplan.ui.contacts.contact_preview_page import PreviewPage


class ContactImportWizard(QWizard):
    """The contact import, page by page; closing it while the import runs cancels the import instead.

    Signals:
        imported(int, str): the contacts went into this account (id, name); the transaction is committed.
    """

    imported = Signal(int, str)

    def __init__(
        self,
        context: PlanContext,
        current_account: tuple[int, str] | None,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.choices = ImportChoices(current_account)
        self.setWindowTitle("Import contacts")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        database = context.database
        self.file_page = FilePage(self.choices, database)
        self.mapping_page = MappingPage(self.choices)
        self.preview_page = PreviewPage(self.choices, database)
        self.import_page = ImportPage(self.choices, database)
        for page_id, page in (
            (FILE_PAGE, self.file_page),
            (MAPPING_PAGE, self.mapping_page),
            (PREVIEW_PAGE, self.preview_page),
            (IMPORT_PAGE, self.import_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(FILE_PAGE)
        self.import_page.imported.connect(self._imported)
        self.resize(1100, 720)
        name_controls(self)
        if path is not None:
            self.file_page.set_file(path)

    def _imported(self, outcome: Imported) -> None:
        self.context.stack.push(ImportContacts(self.context, outcome.change, outcome.written))
        events = self.context.events
        events.accounts_changed.emit()
        events.announce(outcome.account_id)
        name = Path(outcome.plan.file.source).name
        events.status.emit(f"Imported {name} into {outcome.account_name}: {summary(outcome.plan)}.")
        self.imported.emit(outcome.account_id, outcome.account_name)

    def reject(self) -> None:
        if self.import_page.running:
            self.import_page.cancel()  # the page says when it has stopped; then the wizard closes normally
            return
        super().reject()

    def done(self, result: int) -> None:
        for task in self.findChildren(BackgroundTask):
            task.wait()  # a preview still being worked out (the import itself cannot be running here)
        super().done(result)

"""The wizard's last page: the import in one write transaction off the UI thread, its progress, cancel, summary."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from accountplan.interchange.contact_import import Progress, plan_lines, summary
from accountplan.interchange.imports import ContactsImported as Imported
from accountplan.interchange.imports import import_contacts
from accountplan.store.database import Database, database_errors_worded
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.contacts.contact_choices import ImportChoices

#: How the summary says the import can be taken back.
UNDOABLE = "Edit → Undo takes the whole import back in one step."


def run_import(
    database: Database, choices: ImportChoices, progress: Progress, cancelled: Callable[[], bool]
) -> Imported:
    """Import the chosen plan in one write transaction: a new account is created in it, and rolled back with it.

    ``progress(done, total)`` is called as rows are written; ``cancelled()`` True stops with nothing written.
    Today's backup was made when the window opened the database.
    """
    plan = choices.plan
    assert plan is not None
    with database_errors_worded():
        return import_contacts(
            database,
            plan.file,
            choices.account_name,
            account_id=choices.account_id,
            plan=plan,
            accept_cycles=plan.accept_cycles,
            all_companies=plan.all_companies,
            progress=progress,
            cancelled=cancelled,
            backup=False,
        )


class ImportPage(QWizardPage):
    """Runs the import with a progress bar and a Cancel button, then says what it did.

    Signals:
        progressed(int, int): rows written so far, of all to write (emitted from the worker thread).
        imported(object): the :class:`Imported` outcome, once the transaction is committed.
    """

    progressed = Signal(int, int)
    imported = Signal(object)

    def __init__(self, choices: ImportChoices, database: Database) -> None:
        super().__init__()
        self.choices, self.database = choices, database
        self.task: BackgroundTask | None = None
        self.outcome: Imported | None = None
        self.failure = ""
        self._stop = threading.Event()
        self.setTitle("Importing")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Close")
        self.bar = QProgressBar()
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.bar, 1)
        bar_row.addWidget(self.cancel_button)
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(bar_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.details, 1)
        layout.addStretch()  # keeps the sentences at the top while the details are hidden
        self.progressed.connect(self._advance)

    @property
    def running(self) -> bool:
        return self.task is not None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        plan = self.choices.plan
        assert plan is not None
        name = Path(plan.file.source).name
        self.setSubTitle(f"{name} into {self.choices.into}, in one transaction: all of it or nothing.")
        self.result_label.setText("Writing…")
        self.bar.setRange(0, 0)  # until the first rows are written
        self._stop.clear()
        choices, database, progressed, stop = self.choices, self.database, self.progressed, self._stop
        self.task = BackgroundTask(lambda: run_import(database, choices, progressed.emit, stop.is_set), self)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self.task.deleteLater)
        self.task.start()

    def cancel(self) -> None:
        """Stop the import: the transaction rolls back and the account stays exactly as it was."""
        if self.running:
            self._stop.set()
            self.cancel_button.setEnabled(False)
            self.result_label.setText("Cancelling…")

    def _advance(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.result_label.setText(f"Written {done:,} of {total:,} people…")

    def _ended(self) -> None:
        self.task = None
        self.cancel_button.hide()
        self.completeChanged.emit()

    def _succeeded(self, outcome: Imported) -> None:
        self.outcome = outcome
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.setTitle("Imported")
        plan = outcome.plan
        units = outcome.result.units_added
        more = f"; {units} new org unit{'s' if units != 1 else ''}" if units else ""
        self.result_label.setText(
            f"Imported {Path(plan.file.source).name} ({plan.file.description}) into {outcome.account_name}: "
            f"{summary(plan)}{more}.\n\n{UNDOABLE}"
        )
        self.details.setPlainText("\n".join(plan_lines(plan)))
        self.details.show()
        self._ended()
        self.imported.emit(outcome)

    def _failed(self, message: str) -> None:
        self.failure = message
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        cancelled = self._stop.is_set()
        self.setTitle("Import cancelled" if cancelled else "Import failed")
        if self.choices.account_id is None:
            kept = f"the account {self.choices.account_name} was not created"
        else:
            kept = f"{self.choices.account_name} is exactly as it was"
        unchanged = "" if cancelled else f"\n\nNothing was written: {kept}."
        self.result_label.setText(f"{message}{unchanged}")
        self._ended()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.running and (self.outcome is not None or bool(self.failure))

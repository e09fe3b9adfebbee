"""The wizard's first page: the contact file (read and checked at once), its format, and the account it goes into."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWizardPage,
)
from sqlalchemy import select

from accountplan.errors import AccountPlanError, ImportRejected
from accountplan.interchange.contact_formats import ContactFormat, ContactSource, open_contacts
from accountplan.model import Account
from accountplan.store.database import Database
from accountplan.ui.contact_choices import MAPPING_PAGE, PREVIEW_PAGE, ImportChoices

#: What the file dialog offers first.
FILE_FILTER = "Contact files (*.csv *.txt *.tsv *.vcf *.vcard);;All files (*)"


def rejection_text(error: AccountPlanError) -> str:
    """A refused file as the page shows it: "contacts.csv line 3: a quote opened on this line is never closed."."""
    if isinstance(error, ImportRejected):
        return f"{Path(error.source).name} line {error.line}: {error.reason}."
    return str(error)


def _row_count(source: ContactSource) -> int:
    return len(source.table.records) if source.table is not None else len(source.cards)


class FilePage(QWizardPage):
    """Choose the file and its format (detected, or as the user says) and the account to import into.

    The file is read and checked as soon as it is chosen: a malformed one is shown with its line and the
    reason, and Next stays disabled.
    """

    def __init__(self, choices: ImportChoices, database: Database) -> None:
        super().__init__()
        self.choices, self.database = choices, database
        self.setTitle("Import contacts")
        self.setSubTitle(
            "A Salesforce or LinkedIn export, a vCard file, or any CSV file (its columns are chosen next). "
            "People already in the account are matched and updated, never added twice."
        )
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("The contact file")
        self.path_edit.editingFinished.connect(self._path_edited)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        self.format_box = QComboBox()
        self.format_box.addItem("Detect automatically", None)
        for kind in ContactFormat:
            self.format_box.addItem(kind.label, kind.value)
        self.format_box.activated.connect(lambda _row: self._read())
        self.status_icon = QLabel()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_icon)
        status_row.addWidget(self.status, 1)
        form = QFormLayout()
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, file_row)
        form.addRow("F&ormat:", self.format_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(status_row)
        layout.addWidget(self._target_box())
        layout.addStretch(1)

    def _target_box(self) -> QGroupBox:
        box = QGroupBox("Import into")
        current = self.choices.current_account
        self.current_button = QRadioButton(
            f"The current account, {current[1]}" if current else "The current account (none is open)"
        )
        self.current_button.setEnabled(current is not None)
        self.new_button = QRadioButton("A &new account named:")
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Name of the customer")
        self.new_name.textChanged.connect(self._target_changed)
        self.target_note = QLabel("")
        self.target_note.setWordWrap(True)
        self.targets = QButtonGroup(self)
        self.targets.addButton(self.current_button)
        self.targets.addButton(self.new_button)
        (self.current_button if current else self.new_button).setChecked(True)
        self.targets.buttonToggled.connect(self._target_changed)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_button)
        new_row.addWidget(self.new_name, 1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.current_button)
        layout.addLayout(new_row)
        layout.addWidget(self.target_note)
        self._target_changed()
        return box

    # --- the file ---------------------------------------------------------------------------------------

    def browse(self) -> None:
        start = str(self.choices.path.parent) if self.choices.path else ""
        chosen, _ = QFileDialog.getOpenFileName(self, "Import contacts", start, FILE_FILTER)
        if chosen:
            self.set_file(Path(chosen))

    def set_file(self, path: Path, kind: ContactFormat | None = None) -> None:
        """Read and check ``path`` (as ``kind``, or detecting its format) and show what was found."""
        self.path_edit.setText(str(path))
        self.format_box.setCurrentIndex(max(self.format_box.findData(kind.value if kind else None), 0))
        self._read()

    def _path_edited(self) -> None:
        text = self.path_edit.text().strip()
        if text and Path(text) != self.choices.path:
            self._read()

    def _read(self) -> None:
        text = self.path_edit.text().strip()
        self.choices.path = Path(text) if text else None
        self.choices.source = None
        self.format_box.setItemText(0, "Detect automatically")
        if self.choices.path is None:
            self._show("", problem=False)
            return
        value = self.format_box.currentData()
        try:
            source = open_contacts(self.choices.path, ContactFormat(value) if value else None)
        except AccountPlanError as error:
            self._show(rejection_text(error), problem=True)
            return
        self.choices.source = source
        if value is None:
            self.format_box.setItemText(0, f"Detect automatically ({source.format.label})")
        rows = _row_count(source)
        what = f"{rows:,} {'card' if source.table is None else 'row'}{'s' if rows != 1 else ''}"
        columns = f", {len(source.header)} columns" if source.table is not None else ""
        self._show(f"Read {what}{columns}: {source.format.label}, {source.encoding}.", problem=False)

    def _show(self, text: str, *, problem: bool) -> None:
        self.status.setText(text)
        icon = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if problem
            else QStyle.StandardPixmap.SP_DialogApplyButton
        )
        size = self.fontMetrics().height()
        self.status_icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size) if text else QPixmap())
        self.completeChanged.emit()

    # --- the account ------------------------------------------------------------------------------------

    def _existing_account(self, name: str) -> int | None:
        with self.database.session() as session:
            return session.scalar(select(Account.id).where(Account.name == name))

    def _target_changed(self) -> None:
        self.new_name.setEnabled(self.new_button.isChecked())
        name = self.new_name.text().strip()
        note = ""
        if self.new_button.isChecked() and name and self._existing_account(name) is not None:
            note = f"There is an account named {name} already: its people are matched and updated."
        self.target_note.setText(note)
        self.target_note.setVisible(bool(note))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.choices.source is None:
            return False
        return self.current_button.isChecked() or bool(self.new_name.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if not self.isComplete():
            return False
        if self.current_button.isChecked() and self.choices.current_account is not None:
            self.choices.account_id, self.choices.account_name = self.choices.current_account
        else:
            name = self.new_name.text().strip()
            self.choices.account_id, self.choices.account_name = self._existing_account(name), name
        return True

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        source = self.choices.source
        return PREVIEW_PAGE if source is not None and source.table is None else MAPPING_PAGE

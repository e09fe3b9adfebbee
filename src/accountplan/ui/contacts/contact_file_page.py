"""The wizard's first page: the contact file (read and checked at once), its format, and the account it goes into."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWizardPage,
)

from accountplan.errors import AccountPlanError, EncodingUnsure, ImportRejected
from accountplan.interchange.contact_files import decode_file, read_bytes
from accountplan.interchange.contact_formats import ContactFormat, ContactSource, open_contacts
from accountplan.plan.accounts import account_named
from accountplan.store.database import Database
from accountplan.ui.contacts.contact_choices import MAPPING_PAGE, PREVIEW_PAGE, ImportChoices

#: What the file dialog offers first.
FILE_FILTER = (
    "Contact files (*.csv *.txt *.tsv *.xlsx *.xlsm *.xlsb *.xls *.ods *.vcf *.vcard);;All files (*)"
)
#: The lines of the file the encoding preview shows.
PREVIEW_LINES = 8


def rejection_text(error: AccountPlanError) -> str:
    """A refused file as the page shows it: "contacts.csv line 3: a quote opened on this line is never closed."."""
    if isinstance(error, ImportRejected):
        return f"{Path(error.source).name} line {error.line}: {error.reason}."
    return str(error)


def _row_count(source: ContactSource) -> int:
    return len(source.table.records) if source.table is not None else len(source.cards)


def _what_was_read(source: ContactSource) -> str:
    rows = _row_count(source)
    what = f"{rows:,} {'card' if source.table is None else 'row'}{'s' if rows != 1 else ''}"
    columns = f", {len(source.header)} columns" if source.table is not None else ""
    footer = (
        f"; the report's footer, from line {source.footer_line} on, is left out"
        if source.footer_line is not None
        else ""
    )
    return f"Read {what}{columns}: {source.format.label}, {source.encoding}{footer}."


class FilePage(QWizardPage):
    """Choose the file and its format (detected, or as the user says) and the account to import into.

    The file is read and checked as soon as it is chosen: a malformed one is shown with its line and the
    reason, and Next stays disabled. A text file whose encoding cannot be told for sure offers the
    encodings it could be in, each with what the file then reads; a workbook of several sheets offers them.
    """

    def __init__(self, choices: ImportChoices, database: Database) -> None:
        super().__init__()
        self.choices, self.database = choices, database
        self.setTitle("Import contacts")
        self.setSubTitle(
            "A Salesforce or LinkedIn export, a vCard file, or any CSV file or Excel workbook (its columns "
            "are chosen next). People already in the account are matched and updated, never added twice."
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
        self.sheet_box = QComboBox()
        self.sheet_box.activated.connect(lambda _row: self.choose_sheet(self.sheet_box.currentData()))
        self.encoding_box = QComboBox()
        self.encoding_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.encoding_box.setMinimumContentsLength(30)
        self.encoding_box.currentIndexChanged.connect(lambda row: self._show_reading(row))
        self.encoding_box.highlighted.connect(self._show_reading)  # browsing the list previews each
        self.encoding_box.activated.connect(
            lambda _row: self.choose_encoding(self.encoding_box.currentData())
        )
        self.reading = QPlainTextEdit()
        self.reading.setReadOnly(True)
        self.reading.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.reading.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.reading.setMaximumHeight(self.reading.fontMetrics().lineSpacing() * 2 * PREVIEW_LINES + 12)
        self._readings: dict[str, str] = {}
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
        form.addRow("S&heet:", self.sheet_box)
        form.addRow("&Encoding:", self.encoding_box)
        form.addRow("", self.reading)
        self.form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(status_row)
        layout.addWidget(self._target_box())
        layout.addStretch(1)
        self._offer_sheets(())
        self._offer_encodings(None)

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

    def choose_encoding(self, codec: str | None) -> None:
        """Read the file in ``codec`` (what picking it in the Encoding box does); None: detect it again."""
        self.choices.encoding = codec
        self._read()

    def choose_sheet(self, name: str | None) -> None:
        """Read the workbook's sheet ``name`` (what picking it in the Sheet box does)."""
        self.choices.sheet = name
        self._read()

    def _path_edited(self) -> None:
        text = self.path_edit.text().strip()
        if text and Path(text) != self.choices.path:
            self._read()

    def _read(self) -> None:
        text = self.path_edit.text().strip()
        path = Path(text) if text else None
        if path != self.choices.path:  # another file: its encoding and sheet are found anew
            self.choices.encoding = self.choices.sheet = None
            self._offer_encodings(None)
        self.choices.path = path
        self.choices.source = None
        self.format_box.setItemText(0, "Detect automatically")
        if path is None:
            self._offer_sheets(())
            self._show("", problem=False)
            return
        value = self.format_box.currentData()
        kind = ContactFormat(value) if value else None
        try:
            source = open_contacts(path, kind, encoding=self.choices.encoding, sheet=self.choices.sheet)
        except EncodingUnsure as unsure:
            self._offer_sheets(())
            self._offer_encodings(unsure)
            self._show(f"{rejection_text(unsure)} Choose the encoding it is written in.", problem=True)
            return
        except AccountPlanError as error:
            self._offer_sheets(())
            self._show(rejection_text(error), problem=True)
            return
        self.choices.source = source
        self._offer_sheets(source.sheets)
        if value is None:
            self.format_box.setItemText(0, f"Detect automatically ({source.format.label})")
        self._show(_what_was_read(source), problem=False)

    def _offer_sheets(self, sheets: tuple[str, ...]) -> None:
        """Show the Sheet box for a workbook of several sheets, on the sheet read."""
        self.sheet_box.clear()
        for name in sheets:
            self.sheet_box.addItem(name, name)
        if sheets:
            self.sheet_box.setCurrentIndex(max(self.sheet_box.findData(self.choices.sheet or sheets[0]), 0))
        self.form.setRowVisible(self.sheet_box, len(sheets) > 1)

    def _offer_encodings(self, unsure: EncodingUnsure | None) -> None:
        """Offer the encodings the file could be in, each with the line where they differ (None: hide them)."""
        if unsure is None:
            if self.choices.encoding is None:
                self.encoding_box.clear()
                self._readings = {}
                self.form.setRowVisible(self.encoding_box, False)
                self.form.setRowVisible(self.reading, False)
            return
        self.encoding_box.clear()
        self.encoding_box.addItem("Choose the encoding…", None)
        data = read_bytes(Path(unsure.source))
        self._readings = {}
        around: list[str] = []  # each reading of the unclear line and the lines about it
        first = max(unsure.line - 2, 0)
        for codec, name, sample in unsure.candidates:
            self.encoding_box.addItem(f"{name}: line {unsure.line} reads “{sample}”", codec)
            try:
                lines = decode_file(data, unsure.source, codec).text.splitlines()
            except AccountPlanError:
                continue
            self._readings[codec] = "\n".join(lines[:PREVIEW_LINES])
            around.append(f"As {name}:")
            around.extend(
                f"  {number:>4}  {text}" for number, text in enumerate(lines[first : first + 3], first + 1)
            )
        self._readings[""] = "\n".join(around)
        self.encoding_box.setCurrentIndex(0)
        self.form.setRowVisible(self.encoding_box, True)
        self.form.setRowVisible(self.reading, True)
        self._show_reading(0)

    def _show_reading(self, row: int) -> None:
        """Show the file as the encoding at ``row`` reads it (the placeholder: each reading of the unclear line)."""
        codec = self.encoding_box.itemData(row) if row >= 0 else None
        self.reading.setPlainText(self._readings.get(codec or "", ""))

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
            return account_named(session, name)

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

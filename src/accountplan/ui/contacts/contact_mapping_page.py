"""The wizard's column mapping: what each column of a CSV file holds, chosen from the contact fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWizardPage

from accountplan.interchange.contact_formats import FIELDS, ContactSource, column_mapping
from accountplan.ui.common.delegates import CHOICES_ROLE
from accountplan.ui.common.pages import fit_columns
from accountplan.ui.common.record_table import record_table
from accountplan.ui.common.table_model import Index, RowTableModel
from accountplan.ui.contacts.contact_choices import ImportChoices

#: The fields that give a person's name; a mapping needs at least one of them.
NAME_FIELDS = frozenset({"name", "first_name", "last_name"})
#: Values of a column shown as a sample.
SAMPLES = 3


def field_label(name: str) -> str:
    """A field as the mapping shows it: "Job title", "Leave the column out"."""
    text = FIELDS[name]
    return text[:1].upper() + text[1:]


@dataclass
class ColumnChoice:
    """One column of the file, the field it is read as, and a few of its values."""

    column: str
    field: str
    samples: str


def column_choices(source: ContactSource, mapping: dict[str, str] | None = None) -> list[ColumnChoice]:
    """Every column of ``source`` with its field (the format's reading, under ``mapping``) and sample values."""
    assert source.table is not None
    fields = column_mapping(source, mapping)
    rows = []
    for index, column in enumerate(source.header):
        values: list[str] = []
        for record in source.table.records:
            value = " ".join(record.cells[index].split()) if index < len(record.cells) else ""
            if value and value not in values:
                values.append(value)
                if len(values) == SAMPLES:
                    break
        rows.append(ColumnChoice(column, fields.get(column, "ignore"), " · ".join(values)))
    return rows


class ColumnMappingModel(RowTableModel[ColumnChoice]):
    """The columns of a CSV file; the field of each is edited by picking from :data:`FIELDS`."""

    COLUMNS = ("Column", "Read as", "Sample values")
    EDITABLE = {1: "field"}
    CHOICES = [(field_label(name), name) for name in FIELDS]

    def mapping(self) -> dict[str, str]:
        """Column → field for every column ("ignore" for a column left out)."""
        return {row.column: row.field for row in self._rows}

    def index_of(self, column: str) -> QModelIndex:
        """Where the field of ``column`` is shown (an invalid index for a column the file does not have)."""
        row = next((i for i, choice in enumerate(self._rows) if choice.column == column), -1)
        return self.index(row, 1) if row >= 0 else QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.column, field_label(row.field), row.samples)[column]
        if role == Qt.ItemDataRole.EditRole:
            return row.field if column == 1 else self.data(index)
        if role == CHOICES_ROLE and column == 1:
            return self.CHOICES
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.samples
        if role == Qt.ItemDataRole.ForegroundRole and row.field == "ignore" and column != 1:
            return QGuiApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        row = self.row_at(index)
        if row is None or role != Qt.ItemDataRole.EditRole or index.column() != 1 or value not in FIELDS:
            return False
        row.field = str(value)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
        return True


class MappingPage(QWizardPage):
    """What each column holds: the format's reading, which the user can change column by column."""

    def __init__(self, choices: ImportChoices) -> None:
        super().__init__()
        self.choices = choices
        self.setTitle("Choose what each column holds")
        self.model = ColumnMappingModel(self)
        self.model.dataChanged.connect(lambda *_: self._mapping_changed())
        self.table = record_table(self.model)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        self._shown_source: ContactSource | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        source = self.choices.source
        assert source is not None
        if source is self._shown_source:
            return  # coming back from the preview: keep what the user chose
        self._shown_source = source
        rows = len(source.table.records) if source.table is not None else 0
        self.setSubTitle(
            f"{source.format.label}, {source.encoding}, {rows:,} rows. Change what any column is read as; "
            f"“{field_label('ignore')}” skips the column."
        )
        self.model.replace_rows(column_choices(source))
        for row in range(self.model.rowCount()):
            self.table.openPersistentEditor(self.model.index(row, 1))
        fit_columns(self.table, widest=320)
        self.table.verticalHeader().setDefaultSectionSize(QComboBox().sizeHint().height() + 2)
        self.table.setColumnWidth(1, max(self.table.columnWidth(1), self._widest_choice()))
        self._mapping_changed()

    def _widest_choice(self) -> int:
        metrics = self.table.fontMetrics()
        return max(metrics.horizontalAdvance(label) for label, _ in ColumnMappingModel.CHOICES) + 48

    def set_field(self, column: str, field: str) -> None:
        """Read ``column`` as ``field`` (what picking it in the column's combo box does)."""
        self.model.setData(self.model.index_of(column), field)

    def _mapping_changed(self) -> None:
        self.choices.mapping = self.model.mapping()
        self.problem.setText(
            ""
            if self.isComplete()
            else "No column gives the names: read one as “Full name”, or two as “Given name” and “Family name”."
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(NAME_FIELDS & set(self.choices.mapping.values()))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        return self.isComplete()

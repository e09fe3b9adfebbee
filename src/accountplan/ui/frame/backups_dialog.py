"""File → Backups…: the open database's backups in rotation, newest first, and restoring one of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from accountplan.store import backup as backups
from accountplan.ui.common.accessibility import describe, name_controls
from accountplan.ui.common.pages import fit_columns, row_table
from accountplan.ui.common.table_model import Index, RowTableModel

if TYPE_CHECKING:
    from accountplan.ui.frame.database_actions import DatabaseFileActions


@dataclass(frozen=True)
class BackupRow:
    """One backup file: where it is, when it was saved, how big it is."""

    path: Path
    saved: dt.datetime
    size: int

    @classmethod
    def of(cls, path: Path) -> BackupRow:
        status = path.stat()
        return cls(path, dt.datetime.fromtimestamp(status.st_mtime), status.st_size)


class BackupListModel(RowTableModel[BackupRow]):
    COLUMNS = ("Saved", "Size", "File")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is not None and role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        if row is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        saved = row.saved.strftime("%Y-%m-%d %H:%M")
        return (saved, QLocale().formattedDataSize(row.size), row.path.name)[index.column()]


class BackupsDialog(QDialog):
    """Lists the backups of the window's database; Restore replaces the database with the one selected."""

    def __init__(self, window: DatabaseFileActions) -> None:
        super().__init__(window)
        self.owner = window
        self.setWindowTitle("Backups")
        self.resize(620, 360)
        assert window.database.path is not None  # the action is off for a server database
        self.database_path = window.database.path
        self.model = BackupListModel(self)
        self.table = row_table(self.model)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        note = QLabel(
            f"Backups of {self.database_path.name} in {backups.default_backup_dir(self.database_path)}: "
            "one a day, the oldest removed in rotation. Restoring keeps the current database aside first."
        )
        note.setWordWrap(True)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        describe(self.table, "Backups")
        name_controls(self)
        self.reload()

    def reload(self) -> None:
        self.model.replace_rows(BackupRow.of(path) for path in backups.backups_of(self.database_path))
        fit_columns(self.table, widest=360)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_enabled()

    def selected_backup(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0]) if rows else None
        return row.path if row is not None else None

    def _update_enabled(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def restore_selected(self, *, confirm: bool = True) -> bool:
        """Restore the selected backup (after asking, unless ``confirm`` is False); close on success."""
        path = self.selected_backup()
        if path is None:
            return False
        if not self.owner.restore_backup(path, confirm=confirm):
            self.reload()
            return False
        self.accept()
        return True

"""A refused edit shown field by field: what the user read, what someone else saved since, what the user typed."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accountplan.errors import AccountPlanError, EditConflict
from accountplan.model import Base
from accountplan.plan.conflicts import entity_of, saved_row
from accountplan.plan.fields import coerce
from accountplan.ui.common.accessibility import describe, name_controls
from accountplan.ui.common.commands import PlanCommand, PlanContext, RowEdit

COLUMNS = ("Field", "When you read it", "Saved since (theirs)", "Yours")


def shown(value: Any) -> str:
    """A value as the dialog shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    return str(value)  # numbers, amounts and dates in their plain (ISO) form


@dataclass(frozen=True)
class FieldConflict:
    field: str
    seen: Any
    theirs: Any
    mine: Any
    typed: bool


def _normal(entity: type[Base], field: str, value: Any) -> Any:
    try:
        return coerce(entity, field, value)
    except AccountPlanError:
        return value


def differences(edit: RowEdit, stored: dict[str, Any] | None) -> list[FieldConflict]:
    """The fields where what the user read, what is stored now and what they typed are not all the same."""
    entity = entity_of(edit.table)
    found = []
    for name in dict.fromkeys([*edit.typed, *edit.seen]):
        seen = _normal(entity, name, edit.seen.get(name))
        theirs = None if stored is None else stored.get(name)
        typed = name in edit.typed
        mine = _normal(entity, name, edit.typed[name]) if typed else seen
        if typed or seen != theirs:
            found.append(FieldConflict(name, seen, theirs, mine, typed))
    return found


def _sentence(text: str) -> str:
    """``text`` with its first letter capitalised and the rest (names!) left as written."""
    return text[:1].upper() + text[1:]


class ConflictDialog(QDialog):
    """Shows one refused edit against the stored row; "Keep theirs" drops it, "Keep mine" saves it on top."""

    def __init__(self, parent: QWidget, context: PlanContext, command: PlanCommand, conflict: EditConflict):
        super().__init__(parent)
        assert command.row_edit is not None
        self.context, self.command, self.edit = context, command, command.row_edit
        self.setWindowTitle("Someone else saved this first")
        self.setObjectName("conflictDialog")
        self.stored, self.version, self.who = self._read_stored()
        self.fields = differences(self.edit, self.stored)
        self.kept: str | None = None

        layout = QVBoxLayout(self)
        self.message = QLabel(self._explanation(conflict))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table = QTableWidget(len(self.fields), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, item in enumerate(self.fields):
            mine = shown(item.mine) if item.typed else f"{shown(item.mine)} (not edited)"
            values = (item.field.replace("_", " ").capitalize(), shown(item.seen), shown(item.theirs), mine)
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == 3 and item.typed or column == 2 and item.theirs != item.seen:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, column, cell)
        # The field's name as wide as it needs, the three versions sharing the rest, each wrapped whole.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.theirs_button = QPushButton("Keep &theirs")
        self.theirs_button.setToolTip("Drop your edit and show what was saved")
        self.mine_button = QPushButton("Keep &mine")
        self.mine_button.setToolTip("Save your edit on top of what was saved (the other fields stay theirs)")
        self.mine_button.setEnabled(self.stored is not None)
        buttons.addButton(self.theirs_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.theirs_button.clicked.connect(self.keep_theirs)
        self.mine_button.clicked.connect(self.keep_mine)
        layout.addWidget(buttons)
        self.resize(780, 340)
        describe(self.table, "Differing fields", "Each field as you saw it, as saved since, and your edit")
        name_controls(self)

    def _read_stored(self) -> tuple[dict[str, Any] | None, int | None, str]:
        with self.context.database.session() as session:
            saved = saved_row(session, self.edit.table, self.edit.row_id)
        return saved.values, saved.version, saved.saved_by

    def _explanation(self, conflict: EditConflict) -> str:
        by = f" by {self.who}" if self.who else ""
        if self.stored is None:
            return f"It was deleted{by} since you read it, so your edit cannot be saved.\n{conflict}"
        return (
            f"{_sentence(self.command.text())} was not saved: it was changed{by} since you read it. "
            "Keep their version, or save yours on top of it."
        )

    def keep_theirs(self) -> None:
        self.kept = "theirs"
        self.context.events.status.emit(
            f"Kept the saved version; your edit ({self.command.text()}) was dropped."
        )
        if self.command.account_id is not None:
            self.context.events.announce(self.command.account_id)
        self.reject()

    def keep_mine(self) -> bool:
        if self.version is None:
            return False
        self.kept = "mine"
        self.command.expected[(self.edit.table, self.edit.row_id)] = self.version
        self.command.row_edit = RowEdit(
            self.edit.table, self.edit.row_id, self.version, self.edit.typed, self.stored or {}
        )
        self.accept()
        return self.context.execute(self.command)


class ConflictResolver(QObject):
    """Answers every refused one-row edit of the window's commands with a :class:`ConflictDialog`."""

    def __init__(self, context: PlanContext, window: QWidget) -> None:
        super().__init__(window)
        self.owner = window
        self.dialog: ConflictDialog | None = None
        context.resolve_conflict = self.show

    def show(self, command: PlanCommand, conflict: EditConflict) -> None:
        self.dialog = ConflictDialog(self.owner, command.context, command, conflict)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.open()

"""The editable or read-only record table the pursuit pages share, built on ``pages.row_table``."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from accountplan.ui.common.delegates import ChoiceDelegate
from accountplan.ui.common.pages import row_table


def record_table(model: QAbstractItemModel, *, editable: bool = True) -> QTableView:
    """A table over ``model`` (see ``pages.row_table``): edited in place with a ChoiceDelegate, or read-only."""
    table = row_table(model)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if editable:
        table.setItemDelegate(ChoiceDelegate(table))
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
    else:
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table

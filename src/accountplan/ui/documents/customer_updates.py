"""File → Import the Customer's Updates…: the changes in the customer's success-plan workbook, each ticked.

The workbook is read and compared by ``reports.success_workbook_import`` (the command line's too); the dialog
lists each proposed change (field, old → new, or a new row) with a check box, all ticked, and Accept applies
the ticked ones as one undoable step. A refused workbook shows the reason instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from accountplan.errors import AccountPlanError
from accountplan.plan.changes.success import CustomerUpdates
from accountplan.reports.success_workbook_import import (
    CustomerUpdatesRead,
    ProposedChange,
    customer_updates,
    read_customer_updates,
)
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.commands import PlanCommand, PlanContext

__all__ = ["CustomerUpdatesDialog", "import_customer_updates"]


class CustomerUpdatesDialog(QDialog):
    """The proposed changes with a check box each; Accept applies the ticked ones as one step."""

    def __init__(self, parent: QWidget | None, context: PlanContext, read: CustomerUpdatesRead) -> None:
        super().__init__(parent)
        self.context, self.read = context, read
        of = read.day.strftime("%d %b %Y")
        self.setWindowTitle("Import the customer's updates")
        layout = QVBoxLayout(self)
        count = len(read.changes)
        self.summary = QLabel(
            f"The customer's workbook of {of} (revision {read.revision}) has {count} "
            f"change{'s' if count != 1 else ''}. Untick any you do not accept."
            if count
            else f"The customer's workbook of {of} changes nothing in the success plan."
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.changes = QListWidget()
        self.changes.setAccessibleName("Proposed changes")
        for change in read.changes:
            item = QListWidgetItem(change.describe())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.changes.addItem(item)
        layout.addWidget(self.changes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self.buttons.addButton("Accept", QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setToolTip(
            "Apply the ticked changes to the success plan as one step (undo takes it back)"
        )
        self.accept_button.setEnabled(bool(count))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        name_controls(self)

    def chosen(self) -> list[ProposedChange]:
        """The proposals still ticked."""
        return [
            change
            for row, change in enumerate(self.read.changes)
            if self.changes.item(row).checkState() == Qt.CheckState.Checked
        ]

    def change(self) -> CustomerUpdates:
        return customer_updates(self.read.account_id, self.read, self.chosen())

    def apply(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.reject()
            return
        if self.context.execute(PlanCommand(self.context, self.change())):
            self.accept()


def import_customer_updates(
    parent: QWidget, context: PlanContext, account_id: int, path: Path | None = None
) -> CustomerUpdatesDialog | None:
    """Ask for the workbook (unless ``path``), read it and open the dialog; a refused one shows why."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Import the customer's updates", "", "Excel workbooks (*.xlsx)"
        )
        if not chosen:
            return None
        path = Path(chosen)
    try:
        data = path.read_bytes()
        with context.database.session() as session:
            read = read_customer_updates(session, account_id, data)
    except (AccountPlanError, OSError) as refused:
        QMessageBox.warning(parent, "The workbook cannot be imported", str(refused))
        return None
    dialog = CustomerUpdatesDialog(parent, context, read)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

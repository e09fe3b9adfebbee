"""The success plan page: edit what the customer receives, beside a live preview of the very PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from accountplan.plan.success import ITEM_KINDS, SuccessPlanView, success_plan_view
from accountplan.reports.shareable import read_success_plan
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import ChoiceDelegate
from accountplan.ui.common.pages import Page
from accountplan.ui.documents.cover_logos import CoverLogos
from accountplan.ui.documents.customer_updates import CustomerUpdatesDialog, import_customer_updates
from accountplan.ui.documents.document_export import export_document
from accountplan.ui.documents.success_commands import (
    AddSuccessItem,
    DeleteSuccessItem,
    MoveSuccessItem,
    UpdateSuccessPlan,
)
from accountplan.ui.documents.success_model import SuccessItemsModel
from accountplan.ui.documents.success_preview import SuccessPreview

TAB_TITLES = {"objective": "Objectives", "milestone": "Milestones", "responsibility": "Who does what"}
PLACEHOLDERS = {
    "objective": "New objective: a metric, e.g. “Logistics cost per tonne”",
    "milestone": "New milestone, e.g. “All hubs live on the control tower”",
    "responsibility": "New responsibility, e.g. “Weekly adoption review”",
}


class _ItemList(QWidget):
    """One list of the plan: its table, a line to add an item, and delete / move buttons."""

    def __init__(self, page: SuccessPlanPage, kind: str) -> None:
        super().__init__()
        self.page, self.kind = page, kind
        self.model = SuccessItemsModel(page.context, kind)
        self.table = QTableView()
        describe(self.table, f"{TAB_TITLES[kind]} table")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText(PLACEHOLDERS[kind])
        self.new_text.returnPressed.connect(self.add)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        adding = QHBoxLayout()
        adding.addWidget(self.new_text, 1)
        adding.addWidget(self.add_button)
        buttons = QHBoxLayout()
        for button in (self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(adding)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        row, count = self.selected_row(), self.model.rowCount()
        self.delete_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)

    def show_view(self, account_id: int | None, view: SuccessPlanView | None) -> None:
        selected = self.model.item_at(self.selected_row())
        self.model.show(account_id, view)
        for column in range(1, self.model.columnCount()):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 180))
        self.table.resizeRowsToContents()
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def add(self) -> None:
        text = self.new_text.text().strip()
        if not text or self.page.account_id is None:
            return
        if self.page.context.execute(
            AddSuccessItem(self.page.context, self.page.account_id, self.kind, text)
        ):
            self.new_text.clear()
            self.table.selectRow(self.model.rowCount() - 1)

    def delete(self) -> None:
        item = self.model.item_at(self.selected_row())
        if item is None or self.page.account_id is None:
            return
        label = str(next(iter(item.values.values())))
        self.page.context.execute(
            DeleteSuccessItem(self.page.context, self.page.account_id, self.kind, item.id, label)
        )

    def move_item(self, step: int) -> None:
        item = self.model.item_at(self.selected_row())
        if item is None or self.page.account_id is None:
            return
        if self.page.context.execute(
            MoveSuccessItem(self.page.context, self.page.account_id, self.kind, item.id, step)
        ):
            self.table.selectRow(self.model.row_of(item.id))


class SuccessPlanPage(Page):
    """The customer's success plan: definition of success, objectives, milestones, duties, next steps."""

    key, title = "success", "Success plan"
    reads = frozenset(
        {
            "accounts",
            "co_sellers",
            "deal_team_members",
            "responsibilities",
            "stakeholder_roles",
            "stakeholders",
            "success_milestones",
            "success_objectives",
            "success_plans",
            "change_log",  # the preview's "What changed since revision N" page
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.view_state: SuccessPlanView | None = None
        top = self.title_bar("Success plan")
        self.new_version_button = QPushButton("New version")
        self.new_version_button.setToolTip("Raise the version number before sending the plan again")
        self.new_version_button.clicked.connect(self.new_version)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "The success plan for the customer: a PDF, a PowerPoint deck or an Excel workbook they update"
        )
        self.export_button.clicked.connect(lambda: self.export_plan())
        self.import_button = QPushButton("Import the Customer's Updates…")
        self.import_button.setToolTip("Read back the workbook the customer updated and sent back")
        self.import_button.clicked.connect(lambda: self.import_updates())
        top.addWidget(self.new_version_button)
        top.addWidget(self.export_button)
        top.addWidget(self.import_button)
        self.cover_logos = CoverLogos(context)
        self.cover_logos.changed.connect(self.refresh)
        self.plan_title = QLineEdit()
        self.plan_title.editingFinished.connect(lambda: self._save_text("title", self.plan_title.text()))
        self.definition = QPlainTextEdit()
        self.definition.setPlaceholderText(
            "Success in the customer's own words; saved when you leave the field"
        )
        self.definition.setMaximumHeight(120)
        self.next_steps = QPlainTextEdit()
        self.next_steps.setPlaceholderText("The next steps both sides agreed; saved when you leave the field")
        self.next_steps.setMaximumHeight(100)
        self._texts = {self.definition: "definition_of_success", self.next_steps: "next_steps"}
        for text_editor in self._texts:
            text_editor.installEventFilter(self)
        self.lists = {kind: _ItemList(self, kind) for kind in ITEM_KINDS}
        self.tabs = QTabWidget()
        for kind, item_list in self.lists.items():
            self.tabs.addTab(item_list, TAB_TITLES[kind])
        editor = QWidget()
        form = QVBoxLayout(editor)
        form.setContentsMargins(0, 0, 6, 0)
        form.addWidget(self.cover_logos)
        for label, widget in (
            ("Title", self.plan_title),
            ("What success means, in the customer's words", self.definition),
        ):
            form.addWidget(QLabel(label))
            form.addWidget(widget)
        form.addWidget(self.tabs, 1)
        form.addWidget(QLabel("Next steps"))
        form.addWidget(self.next_steps)
        self.preview = SuccessPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(editor)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut and watched in self._texts:
            editor = watched
            assert isinstance(editor, QPlainTextEdit)
            self._save_text(self._texts[editor], editor.toPlainText())
        return super().eventFilter(watched, event)

    def _save_text(self, field: str, text: str) -> None:
        if self.account_id is None or self.view_state is None:
            return
        current = getattr(self.view_state, field)
        if text.strip() == current.strip() or (field == "title" and not text.strip()):
            if field == "title" and not text.strip():
                self.plan_title.setText(current)
            return
        label = {
            "title": "title",
            "definition_of_success": "definition of success",
            "next_steps": "next steps",
        }
        command = UpdateSuccessPlan(
            self.context, self.account_id, f"edit the success plan's {label[field]}", **{field: text.strip()}
        )
        self.context.execute(command)

    def refresh(self) -> None:
        self.cover_logos.show_account(self.account_id)
        if self.account_id is None:
            self.view_state = None
            for item_list in self.lists.values():
                item_list.show_view(None, None)
            return
        with self.context.database.session() as session:
            self.view_state = view = success_plan_view(session, self.account_id)
            shared = read_success_plan(session, self.account_id)
        self._set_text(self.plan_title, view.title)
        self._set_text(self.definition, view.definition_of_success)
        self._set_text(self.next_steps, view.next_steps)
        for item_list in self.lists.values():
            item_list.show_view(self.account_id, view)
        counts = " · ".join(
            f"{len(view.items[k])} {TAB_TITLES[k].lower()}" for k in ("objective", "milestone")
        )
        self.summary.setText(f"Version {view.revision} · {counts} · for the customer: nothing internal")
        self.preview.show_plan(replace(shared, logos=self.cover_logos.logos()))

    def select_item(self, kind: str, item_id: int) -> bool:
        """Show the tab of an objective, milestone or responsibility and select it."""
        item_list = self.lists.get(kind)
        row = item_list.model.row_of(item_id) if item_list is not None else -1
        if item_list is None or row < 0:
            return False
        self.tabs.setCurrentWidget(item_list)
        item_list.table.selectRow(row)
        return True

    @staticmethod
    def _set_text(editor: QLineEdit | QPlainTextEdit, text: str) -> None:
        """Show ``text`` unless the user is typing there (their edit is saved when they leave the field)."""
        if editor.hasFocus():
            return
        if isinstance(editor, QLineEdit):
            if editor.text() != text:
                editor.setText(text)
        elif editor.toPlainText() != text:
            editor.setPlainText(text)

    def new_version(self) -> None:
        if self.account_id is None or self.view_state is None:
            return
        revision = self.view_state.revision + 1
        self.context.execute(
            UpdateSuccessPlan(self.context, self.account_id, f"start version {revision}", revision=revision)
        )

    def import_updates(self, path: Path | None = None) -> CustomerUpdatesDialog | None:
        """The customer's updates from their workbook (``path``; without it, ask), each to accept or not."""
        if self.account_id is None:
            return None
        return import_customer_updates(self, self.context, self.account_id, path)

    def export_plan(self, path: Path | None = None) -> BackgroundTask | None:
        """Export the success plan as a PDF or a PowerPoint deck (by ``path``'s suffix; without it, ask)."""
        if self.account_id is None:
            return None
        return export_document(
            self, self.context, "success-plan", self.account_id, path, logos=self.cover_logos.logos()
        )

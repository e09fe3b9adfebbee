"""The stakeholders page: the buyer's people in a sortable, filterable table, edited in place."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from accountplan.analysis.change_log import RecordRef
from accountplan.plan.stakeholders import dependents
from accountplan.store.touched import Touched
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import (
    AddStakeholder,
    DeleteStakeholder,
    MergePeople,
    PlanContext,
)
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.pages import Page, _heading, fit_columns, keeping_place, row_table
from accountplan.ui.common.record_history import add_history_action
from accountplan.ui.common.table_model import SourceSortProxy
from accountplan.ui.people.models import ID_ROLE, SEARCH_ROLE, StakeholderTableModel

#: A change that wrote more people than this is shown by reading them all again.
FEW_PEOPLE = 500


class StakeholdersPage(Page):
    """The buyer's people in a sortable, filterable table; add, edit in place and delete, all undoable."""

    key, title = "stakeholders", "Stakeholders"
    reads = frozenset({"stakeholders", "stakeholder_roles", "org_units"})

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = StakeholderTableModel(context)
        self.proxy = SourceSortProxy(self)  # the model sorts: a proxy would ask data() for every comparison
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterRole(SEARCH_ROLE)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(_heading("Stakeholders"))
        bar.addStretch(1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, title, unit, role…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(
            self.filter.fontMetrics().horizontalAdvance(self.filter.placeholderText()) + 40
        )
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        bar.addWidget(self.filter)
        self.add_button = QPushButton("&Add…")
        self.add_button.clicked.connect(self.add_person)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button = QPushButton("&Import…")
        self.import_button.setToolTip("Import contacts from a Salesforce, LinkedIn, vCard or CSV file")
        self.import_button.clicked.connect(lambda: context.events.import_contacts.emit())
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        bar.addWidget(self.import_button)
        layout.addLayout(bar)
        self.table = row_table(self.proxy)
        describe(
            self.table,
            "Stakeholders table",
            "Every person of the account: name, title, stance, influence and more; edit a cell in place",
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.table)
        self.count = QLabel("")
        layout.addWidget(self.count)
        self._fitted_for: int | None = None
        self.empty = EmptyState(
            self.table,
            "No people yet. Add the customer's people one by one, or import a contact export "
            "(Salesforce, LinkedIn, Excel, vCard): the org chart, coverage and the findings are built from them.",
            [
                ("Add the first person…", self.add_button.click),
                ("Import contacts…", self.import_button.click),
            ],
            model=self.model,
        )

    def refresh(self) -> None:
        with keeping_place(self.table, self.model.position):
            self.model.show_account(self.account_id)
        if self._fitted_for != self.account_id:  # not after every edit: it would undo the widths the user
            self._fitted_for = self.account_id  # dragged
            fit_columns(self.table)
        self._count()

    def apply_change(self, touched: Touched) -> None:
        """Redraw only the people the change wrote when it wrote nothing else this page shows."""
        people = touched.ids("stakeholders")
        if people is None or len(people) > FEW_PEOPLE or touched.touches(self.reads - {"stakeholders"}):
            self.redraw()
            return
        self.model.update_people(people)
        self._count()

    def _count(self) -> None:
        shown = self.model.rowCount()
        self.count.setText(f"{shown} people" if shown != 1 else "1 person")

    def add_person(self, name: str | None = None) -> bool:
        if self.account_id is None:
            return False
        if not name:
            name, ok = QInputDialog.getText(self, "Add stakeholder", "Name of the new stakeholder:")
            if not ok or not name.strip():
                return False
        return self.context.execute(AddStakeholder(self.context, self.account_id, name.strip()))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def selected_stakeholder_id(self) -> int | None:
        return self.selected_id()

    def selected_record(self) -> RecordRef | None:
        """The selected person, for their history."""
        rows = self.table.selectionModel().selectedRows()
        return RecordRef("stakeholders", int(rows[0].data(ID_ROLE)), str(rows[0].data())) if rows else None

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        person = index.siblingAtColumn(0)
        menu = QMenu(self)
        add_history_action(
            menu,
            self.context.events,
            RecordRef("stakeholders", int(person.data(ID_ROLE)), str(person.data())),
        )
        menu.addAction("&Merge into…", lambda: self.merge_selected())
        menu.popup(self.table.viewport().mapToGlobal(position))

    def merge_selected(self, into: str | None = None) -> bool:
        """Merge the selected person (a duplicate) into another, chosen by name and title; undoable."""
        person_id = self.selected_id()
        if person_id is None or self.account_id is None:
            return False
        name = str(self.table.selectionModel().selectedRows()[0].data())
        others = {
            f"{row.name} ({row.title})" if row.title else row.name: row.id
            for row in self.model.rows()
            if row.id != person_id
        }
        if not others:
            return False
        if into is None:
            into, ok = QInputDialog.getItem(
                self,
                f"Merge {name}",
                f"{name} is the same person as (everything about {name} moves to them):",
                sorted(others, key=str.casefold),
                0,
                False,
            )
            if not ok:
                return False
        command = MergePeople(self.context, self.account_id, person_id, others[into], name, into)
        return self.context.execute(command)

    def select_item(self, kind: str, item_id: int) -> bool:
        if kind != "person":
            return False
        position = self.model.position(item_id)
        if position < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if not index.isValid():
            self.filter.clear()  # the filter hid them
            index = self.proxy.mapFromSource(self.model.index(position, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def delete_selected(self) -> bool:
        person_id = self.selected_id()
        if person_id is None or self.account_id is None:
            return False
        name = self.table.selectionModel().selectedRows()[0].data()
        with self.context.database.session() as session:
            found = dependents(session, person_id)
        if found:
            QMessageBox.information(
                self,
                "Cannot delete",
                f"{name} cannot be deleted while these depend on them:\n• " + "\n• ".join(found),
            )
            return False
        return self.context.execute(DeleteStakeholder(self.context, self.account_id, person_id, name))

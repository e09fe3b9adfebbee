"""The pages of an account that the navigation shows: account details and stakeholders; shared parts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QPoint, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.change_log import RecordRef
from accountplan.errors import ServerUnreachable
from accountplan.model import Account
from accountplan.model.enums import AccountStatus
from accountplan.plan.initiatives import list_initiatives, list_spend_zones
from accountplan.plan.stakeholders import dependents
from accountplan.ui.commands import AddStakeholder, DeleteStakeholder, MergePeople, PlanContext, UpdateAccount
from accountplan.ui.empty_state import EmptyState
from accountplan.ui.models import ID_ROLE, SORT_ROLE, StakeholderTableModel
from accountplan.ui.record_history import add_history_action

if TYPE_CHECKING:
    from accountplan.ui.initiatives_dialog import InitiativesDialog


class Page(QWidget):
    """A page of the account area; it redraws itself when its account changes."""

    key = ""
    title = ""

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        context.events.account_changed.connect(self._on_account_changed)

    def show_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        self.redraw()

    def _on_account_changed(self, account_id: int) -> None:
        if account_id == self.account_id:
            self.redraw()

    def redraw(self) -> None:
        """:meth:`refresh`, or say why not while the team server cannot be reached (it redraws once back)."""
        try:
            self.refresh()
        except ServerUnreachable as error:
            self.context.report(
                f"{error} This page shows what it read last; it redraws when the server is back."
            )

    def refresh(self) -> None:
        """Redraw from the database (each page defines what it shows)."""

    def selected_stakeholder_id(self) -> int | None:
        """The stakeholder selected on this page, if it shows people (what quick-add prefills)."""
        return None

    def select_item(self, kind: str, item_id: int) -> bool:
        """Select the record found by a search (a kind of plan.search.KINDS); False if this page cannot."""
        return False

    def title_bar(self, text: str) -> QHBoxLayout:
        """The page's top row: its heading, then ``self.summary`` (a one-line status) taking the free width.

        The summary wraps onto a second line rather than widen the window when the page is narrow.
        """
        bar = QHBoxLayout()
        bar.addWidget(_heading(text))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        bar.addWidget(self.summary, 1)
        return bar


def fit_columns(table: QTableView, widest: int = 220) -> None:
    """Size the columns to their contents, but none wider than ``widest`` pixels."""
    table.resizeColumnsToContents()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > widest:
            header.resizeSection(column, widest)


def select_row_with_id(table: QTableView, item_id: int) -> bool:
    """Select and scroll to the row of ``table`` whose first cell answers ``item_id`` to ID_ROLE."""
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == item_id:
            table.selectRow(row)
            table.scrollTo(index)
            return True
    return False


def row_table(model: QAbstractItemModel) -> QTableView:
    """A table over ``model`` that selects one whole row at a time, striped, without row numbers."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label


class FigureCard(QFrame):
    """A key figure: a big number, what it counts, and a line of context."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        self.value.setObjectName("figureValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("figureCaption")
        self.caption.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setObjectName("figureDetail")
        self.detail.setWordWrap(True)
        for widget in (self.value, self.caption, self.detail):
            layout.addWidget(widget)

    def show_figure(self, value: str, detail: str, *, alarm: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.value.setProperty("alarm", alarm)
        self.value.style().unpolish(self.value)
        self.value.style().polish(self.value)


def money_text(amount: Any, currency: str) -> str:
    """An amount shortened for reading: "JPY 1.4bn", "USD 250.0k"."""
    value = float(amount)
    for limit, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{currency} {value / limit:,.1f}{suffix}"
    return f"{currency} {value:,.0f}"


class AccountPage(Page):
    """The account's own fields; each edit is saved when the field is left, and can be undone."""

    key, title = "account", "Account"

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Account"))
        form = QFormLayout()
        self.name = QLineEdit()
        self.industry = QLineEdit()
        self.region = QLineEdit()
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setInputMask(">AAA")
        self.fiscal_start = QComboBox()
        for month in range(1, 13):
            self.fiscal_start.addItem(dt.date(2000, month, 1).strftime("%B"), month)
        self.status = QComboBox()
        for status in AccountStatus:
            self.status.addItem(status.label, status.value)
        self.description = QPlainTextEdit()
        self.vision = QPlainTextEdit()
        self.vision.setPlaceholderText("What the customer will look like in three years with us")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Internal only: never shared with the customer")
        self.initiatives = QLabel("")
        self.initiatives.setWordWrap(True)
        self.initiatives_button = QPushButton("Edi&t…")
        self.initiatives_button.setToolTip(
            "The transformations the customer is driving, and where its money goes today"
        )
        self.initiatives_button.clicked.connect(lambda: self.edit_initiatives())
        initiatives_row = QHBoxLayout()
        initiatives_row.addWidget(self.initiatives, 1)
        initiatives_row.addWidget(self.initiatives_button)
        for label, widget in (
            ("&Name", self.name),
            ("&Industry", self.industry),
            ("&Region", self.region),
            ("&Currency", self.currency),
            ("&Fiscal year starts in", self.fiscal_start),
            ("&Status", self.status),
            ("&Description", self.description),
            ("3-year &vision", self.vision),
            ("Internal notes", self.notes),
        ):
            form.addRow(label, widget)
        form.insertRow(form.rowCount() - 1, "Initiatives and spend", initiatives_row)
        layout.addLayout(form)
        self._loading = False
        for field, line in (
            ("name", self.name),
            ("industry", self.industry),
            ("region", self.region),
            ("currency", self.currency),
        ):
            line.editingFinished.connect(lambda f=field, w=line: self._save(f, w.text()))
        self.fiscal_start.activated.connect(
            lambda: self._save("fiscal_year_start_month", self.fiscal_start.currentData())
        )
        self.status.activated.connect(lambda: self._save("status", self.status.currentData()))
        for field, text in (
            ("description", self.description),
            ("vision", self.vision),
            ("internal_notes", self.notes),
        ):
            text.installEventFilter(self)
            text.setProperty("field", field)
        self.values: dict[str, Any] = {}

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if event.type() == event.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self._save(watched.property("field"), watched.toPlainText())
        return super().eventFilter(watched, event)

    def edit_initiatives(self) -> InitiativesDialog | None:
        """The dialog of the account's strategic initiatives and spend zones (shown, not waited for)."""
        if self.account_id is None:
            return None
        from accountplan.ui.initiatives_dialog import InitiativesDialog

        dialog = InitiativesDialog(self.context, self.account_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _save(self, field: str, value: Any) -> None:
        if self._loading or self.account_id is None or str(self.values.get(field)) == str(value):
            return
        done = self.context.execute(UpdateAccount(self.context, self.account_id, **{field: value}))
        if not done and not self.context.unreachable:  # with the server away, what was typed stays
            self.refresh()  # show the stored value again

    def refresh(self) -> None:
        if self.account_id is None:
            return
        with self.context.database.session() as session:
            account = session.get(Account, self.account_id)
            if account is None:
                return
            self.values = {
                "name": account.name,
                "industry": account.industry,
                "region": account.region,
                "currency": account.currency,
                "fiscal_year_start_month": account.fiscal_year_start_month,
                "status": account.status.value,
                "description": account.description,
                "vision": account.vision,
                "internal_notes": account.internal_notes,
            }
            initiatives = len(list_initiatives(session, self.account_id))
            zones = len(list_spend_zones(session, self.account_id))
        self.initiatives.setText(
            f"{initiatives} strategic initiative{'s' if initiatives != 1 else ''} · "
            f"{zones} spend zone{'s' if zones != 1 else ''}"
            if initiatives or zones
            else "None yet: the transformations the customer is driving, where its money goes"
        )
        self._loading = True
        try:
            self.name.setText(self.values["name"])
            self.industry.setText(self.values["industry"])
            self.region.setText(self.values["region"])
            self.currency.setText(self.values["currency"])
            self.fiscal_start.setCurrentIndex(
                self.fiscal_start.findData(self.values["fiscal_year_start_month"])
            )
            self.status.setCurrentIndex(self.status.findData(self.values["status"]))
            for widget, field in (
                (self.description, "description"),
                (self.vision, "vision"),
                (self.notes, "internal_notes"),
            ):
                if widget.toPlainText() != self.values[field]:
                    widget.setPlainText(self.values[field])
        finally:
            self._loading = False


class StakeholdersPage(Page):
    """The buyer's people in a sortable, filterable table; add, edit in place and delete, all undoable."""

    key, title = "stakeholders", "Stakeholders"

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = StakeholderTableModel(context)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
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
        self.model.show_account(self.account_id)
        if self._fitted_for != self.account_id:  # not after every edit: slow at 1,000 people, and it would
            self._fitted_for = self.account_id  # undo the widths the user dragged
            fit_columns(self.table)
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
        if select_row_with_id(self.table, item_id):
            return True
        self.filter.clear()  # the filter hid them
        return select_row_with_id(self.table, item_id)

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

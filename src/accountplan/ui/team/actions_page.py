"""The actions page: a table (overdue first) or a board, filters, bulk reassign, mark done, add."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
)

from accountplan.analysis.change_log import RecordRef
from accountplan.model.enums import ActionStatus
from accountplan.store.touched import Touched
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import ChoiceDelegate
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.common.pages import Page, keeping_place, select_row_with_id
from accountplan.ui.common.record_history import add_history_action
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.team.action_board import ActionBoard
from accountplan.ui.team.action_commands import AddAction, DeleteActions, ReassignActions, UpdateActions
from accountplan.ui.team.action_dialog import AddActionDialog
from accountplan.ui.team.action_model import (
    ANY_OWNER,
    NO_OWNER,
    NOT_CLOSED,
    OWNER_ROLE,
    PURPOSE_KINDS,
    ActionFilterProxy,
    ActionTableModel,
)

COLUMN_WIDTHS = (0, 160, 170, 130, 300)
#: What an action can be for, by table, and its link to it: a change of one of them changes what the
#: actions linked to it say they are for.
_NAMED_BY = {
    "stakeholders": "stakeholder_id",
    "opportunities": "opportunity_id",
    "red_flags": "red_flag_id",
    "meeting_decisions": "decision_id",
}
#: A change that wrote more actions (or records they are for) than this is shown by reading them all again.
FEW_ACTIONS = 500


class ActionsPage(Page):
    """What the team must do: filter, edit in place, reassign in bulk, mark done; a table or a board."""

    key, title = "actions", "Actions"
    reads = frozenset({"accounts", "actions", "co_sellers", "deal_team_members", "coverage", *_NAMED_BY})

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = ActionTableModel(context)
        self.proxy = ActionFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.dialog: AddActionDialog | None = None
        layout = QVBoxLayout(self)
        top = self.title_bar("Actions")
        self.view_box = QComboBox()
        self.view_box.addItems(["Table", "Board by status", "Board by owner"])
        self.view_box.currentIndexChanged.connect(lambda: self._show_view())
        top.addWidget(QLabel("Show as"))
        top.addWidget(self.view_box)
        layout.addLayout(top)
        layout.addLayout(self._filters())
        layout.addLayout(self._buttons())
        self.stack = QStackedWidget()
        self.table = self._table()
        self.empty = EmptyState(
            self.table,
            "No actions yet. Add what the team must do, who owns it and by when: overdue actions are the "
            "first thing an alignment meeting sees.",
            [("Add the first action…", lambda: self.add_action())],
            model=self.model,
        )
        self.board = ActionBoard(self.model)
        self.board.selection_changed.connect(self._update_selection)
        self.board.status_requested.connect(lambda status: self.set_status(ActionStatus(status)))
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.board)
        layout.addWidget(self.stack, 1)

    def _filters(self) -> FlowLayout:
        bar = FlowLayout()  # on a laptop the filters wrap onto a second line
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find in title, owner, purpose…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(240)
        self.find_box.textChanged.connect(lambda text: self.set_filter(text=text.strip()))
        self.owner_box = QComboBox()
        describe(self.owner_box, "Owner filter")
        self.owner_box.setMinimumContentsLength(16)
        self.owner_box.currentIndexChanged.connect(
            lambda: self.set_filter(owner=self.owner_box.currentData())
        )
        self.status_box = QComboBox()
        describe(self.status_box, "Status filter")
        self.status_box.addItem("Open and in progress", NOT_CLOSED)
        self.status_box.addItem("Any status", None)
        for status in ActionStatus:
            self.status_box.addItem(status.label, status.value)
        self.status_box.currentIndexChanged.connect(
            lambda: self.set_filter(status=self.status_box.currentData())
        )
        self.kind_box = QComboBox()
        describe(self.kind_box, "Purpose filter")
        self.kind_box.addItem("For anything", None)
        for kind, word in PURPOSE_KINDS:
            self.kind_box.addItem(word, kind)
        self.kind_box.addItem("Nothing in particular", "")
        self.kind_box.currentIndexChanged.connect(lambda: self.set_filter(kind=self.kind_box.currentData()))
        self.overdue_box = QCheckBox("Overdue only")
        self.overdue_box.toggled.connect(lambda on: self.set_filter(overdue_only=on))
        for widget in (self.find_box, self.owner_box, self.status_box, self.kind_box, self.overdue_box):
            bar.addWidget(widget)
        return bar

    def _buttons(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.add_button = QPushButton("&Add action…")
        self.add_button.setToolTip("Ctrl+Shift+A from any page")
        self.add_button.clicked.connect(lambda: self.add_action())
        self.done_button = QPushButton("Mark &done")
        self.done_button.clicked.connect(lambda: self.mark_done())
        self.reassign_box = QComboBox()
        self.reassign_box.setMinimumContentsLength(16)
        self.reassign_button = QPushButton("&Reassign selected")
        self.reassign_button.clicked.connect(lambda: self.reassign_selected(self.reassign_box.currentData()))
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        bar.addWidget(self.add_button)
        bar.addWidget(self.done_button)
        bar.addSpacing(16)
        bar.addWidget(QLabel("To"))
        bar.addWidget(self.reassign_box)
        bar.addWidget(self.reassign_button)
        bar.addSpacing(16)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        self.selection_label = QLabel("")
        bar.addWidget(self.selection_label)
        return bar

    def _table(self) -> QTableView:
        table = QTableView()
        describe(table, "Actions table", "The account's actions: what, owner, due date, status")
        table.setModel(self.proxy)
        table.setItemDelegate(ChoiceDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(COLUMN_WIDTHS):
            if column:
                header.resizeSection(column, width)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)  # no indicator: the model's order, overdue first
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_selection())
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        return table

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        menu = QMenu(self)
        add_history_action(
            menu, self.context.events, self._record(int(index.siblingAtColumn(0).data(ID_ROLE)))
        )
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- data ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        with keeping_place(self.table, self.model.position):
            self.model.show_account(self.account_id)
        self._fill_owner_boxes()
        self._show_view()
        self._summarise()

    def apply_change(self, touched: Touched) -> None:
        """Redraw only the actions the change wrote, and those for a record whose name it may have changed.

        A change of the team (who can own an action) is shown by reading everything again.
        """
        actions = touched.ids("actions")
        named = {table: touched.ids(table) for table in _NAMED_BY}
        if (
            actions is None
            or any(ids is None for ids in named.values())
            or touched.touches(self.reads - {"actions", *_NAMED_BY})
        ):
            self.redraw()
            return
        wanted = set(actions)
        for table, ids in named.items():
            if ids:
                wanted |= self.model.linked_to(_NAMED_BY[table], ids)
        if len(wanted) > FEW_ACTIONS:
            self.redraw()
            return
        self.model.update_rows(wanted)
        self._fill_owner_boxes()
        self._summarise()

    def _summarise(self) -> None:
        rows = self.model.rows()
        open_rows = [r for r in rows if not ActionStatus(r.status).is_closed]
        overdue = sum(1 for r in rows if r.overdue)
        self.summary.setText(
            f"  <span style='color:#b3261e'><b>{overdue} overdue</b></span> · {len(open_rows)} open · "
            f"{len(rows) - len(open_rows)} done or cancelled"
        )
        self._update_selection()

    def _fill_owner_boxes(self) -> None:
        owners = dict(self.model.owners)
        for row in self.model.rows():  # former members who still own actions
            if row.owner_id is not None:
                owners.setdefault(row.owner_id, row.owner)
        ordered = sorted(owners.items(), key=lambda item: item[1].casefold())
        for box, first in ((self.owner_box, ("Any owner", ANY_OWNER)), (self.reassign_box, None)):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            if first is not None:
                box.addItem(*first)
                box.addItem("Nobody yet", NO_OWNER)
            choices = (
                ordered if box is self.owner_box else sorted(self.model.owners, key=lambda o: o[1].casefold())
            )
            for owner_id, name in choices:
                box.addItem(name, owner_id)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)
        if self.owner_box.currentData() != self.proxy.owner:
            self.set_filter(owner=self.owner_box.currentData())

    def set_filter(self, **criteria: object) -> None:
        self.proxy.set_filter(**criteria)
        self.board.set_criteria(self.proxy.criteria())
        self._update_selection()

    # --- the board ----------------------------------------------------------------------------------

    def _show_view(self) -> None:
        board = self.view_box.currentIndex()
        self.stack.setCurrentIndex(1 if board else 0)
        if board:
            owners = {self.proxy.index(r, 0).data(OWNER_ROLE) for r in range(self.proxy.rowCount())}
            self.board.show_columns(by_owner=board == 2, criteria=self.proxy.criteria(), owners=owners)
        self._update_selection()

    # --- editing ------------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The actions selected in the table, or on the board when it is showing."""
        if self.stack.currentIndex() == 0:
            return [int(index.data(ID_ROLE)) for index in self.table.selectionModel().selectedRows()]
        return self.board.selected_ids()

    def _record(self, action_id: int) -> RecordRef | None:
        action = next((row for row in self.model.rows() if row.id == action_id), None)
        return RecordRef("actions", action.id, action.title) if action is not None else None

    def selected_record(self) -> RecordRef | None:
        """The first action selected (in the table or on the board), for its history."""
        ids = self.selected_ids()
        return self._record(ids[0]) if ids else None

    def select_item(self, kind: str, item_id: int) -> bool:
        """Show the action in the table, clearing the filters if they hide it."""
        if kind != "action":
            return False
        self.view_box.setCurrentIndex(0)
        if select_row_with_id(self.table, item_id):
            return True
        self.find_box.clear()
        self.owner_box.setCurrentIndex(0)
        self.kind_box.setCurrentIndex(0)
        self.status_box.setCurrentIndex(self.status_box.findText("Any status"))
        self.overdue_box.setChecked(False)
        return select_row_with_id(self.table, item_id)

    def _update_selection(self) -> None:
        count = len(self.selected_ids())
        for widget in (self.done_button, self.reassign_button, self.delete_button):
            widget.setEnabled(count > 0)
        self.reassign_button.setEnabled(count > 0 and self.reassign_box.count() > 0)
        shown = self.proxy.rowCount()
        self.selection_label.setText(f"{count} of {shown} selected" if count else f"{shown} shown")

    def add_action(self, stakeholder_id: int | None = None) -> AddActionDialog | None:
        """Open the add-action dialog (prefilled with a stakeholder); the action is saved when accepted."""
        if self.account_id is None:
            return None
        account_id = self.account_id
        dialog = AddActionDialog(
            self.window(), self.context.database, account_id, stakeholder_id=stakeholder_id
        )
        dialog.accepted.connect(lambda: self._add_from(dialog, account_id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _add_from(self, dialog: AddActionDialog, account_id: int) -> bool:
        values = dialog.values()
        title = values.pop("title")
        return self.context.execute(AddAction(self.context, account_id, title, **values))

    def set_status(self, status: ActionStatus, action_ids: list[int] | None = None) -> bool:
        ids = action_ids if action_ids is not None else self.selected_ids()
        if not ids or self.account_id is None:
            return False
        text = f"mark {len(ids)} action(s) {status.label.lower()}"
        command = UpdateActions(self.context, self.account_id, ids, text, status=status.value)
        return self.context.execute(command.expect("actions", self.model.versions(ids)))

    def mark_done(self, action_ids: list[int] | None = None) -> bool:
        return self.set_status(ActionStatus.DONE, action_ids)

    def reassign_selected(self, owner_id: int | None, action_ids: list[int] | None = None) -> bool:
        ids = action_ids if action_ids is not None else self.selected_ids()
        if not ids or self.account_id is None:
            return False
        name = dict(self.model.owners).get(owner_id or -1, "nobody")
        command = ReassignActions(
            self.context, self.account_id, ids, owner_id, f"reassign {len(ids)} action(s) to {name}"
        )
        return self.context.execute(command.expect("actions", self.model.versions(ids)))

    def delete_selected(self, action_ids: list[int] | None = None) -> bool:
        ids = action_ids if action_ids is not None else self.selected_ids()
        if not ids or self.account_id is None:
            return False
        command = DeleteActions(self.context, self.account_id, ids, f"delete {len(ids)} action(s)")
        return self.context.execute(command.expect("actions", self.model.versions(ids)))

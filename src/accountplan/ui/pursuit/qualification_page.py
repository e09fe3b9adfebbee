"""The qualification page: a deal's MEDDPICC scorecard and weak letters, the red flags and their counters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import RedFlagStatus
from accountplan.plan.opportunities import list_opportunities
from accountplan.plan.qualification import RedFlagRow
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.internal_banner import internal_banner
from accountplan.ui.common.pages import Page, fit_columns
from accountplan.ui.common.record_table import record_table
from accountplan.ui.common.theme import severity_colour
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.pursuit.deal_selector import DealSelector
from accountplan.ui.pursuit.qualification_commands import (
    AddCounterAction,
    AddRedFlag,
    DeleteRedFlag,
    UpdateRedFlag,
)
from accountplan.ui.pursuit.qualification_model import RedFlagModel, ScorecardModel
from accountplan.ui.pursuit.red_flag_dialog import RedFlagDialog
from accountplan.ui.team.action_dialog import AddActionDialog

Index = QModelIndex | QPersistentModelIndex
DEAL_WIDTH = 180


class DealFlagsProxy(QSortFilterProxyModel):
    """The red flags of one deal (and of the whole account) when ``deal_id`` is set, else all of them."""

    def __init__(self) -> None:
        super().__init__()
        self.deal_id: int | None = None
        self.only_deal = False

    def set_deal(self, deal_id: int | None, only_deal: bool) -> None:
        self.beginFilterChange()
        self.deal_id, self.only_deal = deal_id, only_deal
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self.only_deal:
            return True
        model = self.sourceModel()
        assert isinstance(model, RedFlagModel)
        flag = model.rows()[source_row]
        return flag.opportunity_id in (None, self.deal_id)


class QualificationPage(Page):
    """MEDDPICC for the chosen deal, edited in place, and the red flags of the account (internal only)."""

    key, title = "qualification", "Qualification"
    reads = frozenset(
        {
            "actions",
            "change_log",
            "competitors",
            "meddpicc_items",
            "opportunities",
            "opportunity_competitors",
            "red_flags",
            "stage_changes",
            "stakeholders",
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.scores = ScorecardModel(context)
        self.flags = RedFlagModel(context)
        self.proxy = DealFlagsProxy()
        self.proxy.setSourceModel(self.flags)
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        top = self.title_bar("Qualification")
        self.deals = DealSelector()
        self.deals.deal_changed.connect(lambda _deal: self._show_deal())
        top.addWidget(QLabel("Deal"))
        top.addWidget(self.deals)
        layout.addLayout(top)
        layout.addWidget(
            internal_banner(
                "the scorecard, the red flags and the skeptics' stances never reach a customer document."
            )
        )
        layout.addLayout(self._scorecard_area())
        layout.addLayout(self._flag_buttons())
        self.flag_table = record_table(self.proxy)
        self.flag_table.doubleClicked.connect(self._double_clicked)
        self.flag_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.flag_table, 1)
        self.empty = EmptyState(
            self.flag_table,
            "Qualification scores a deal (MEDDPICC) and lists why the customer might not buy. "
            "Add the first deal on the Opportunities page.",
            [("Opportunities", lambda: context.events.navigate.emit("opportunities"))],
            is_empty=lambda: self.deals.current_deal() is None and self.flags.rowCount() == 0,
        )
        self.flags.modelReset.connect(self.empty.update_visibility)
        self._update_buttons()

    def _scorecard_area(self) -> QHBoxLayout:
        area = QHBoxLayout()
        self.score_table = record_table(self.scores)
        self.score_table.setToolTip("Double-click a score or the evidence to change it")
        area.addWidget(self.score_table, 3, Qt.AlignmentFlag.AlignTop)
        self.side = QWidget()
        self.side_box = side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        self.completeness = QLabel("")
        self.completeness.setObjectName("figureValue")
        self.completeness_bar = QProgressBar()
        self.completeness_bar.setObjectName("stageBar")
        self.completeness_bar.setRange(0, 100)
        self.completeness_bar.setTextVisible(False)
        weak_heading = QLabel("<b>Weak letters</b>")
        self.weak_list = QListWidget()
        self.weak_list.setWordWrap(True)
        for widget in (self.completeness, self.completeness_bar, weak_heading):
            side.addWidget(widget)
        side.addWidget(self.weak_list, 1)
        area.addWidget(self.side, 2, Qt.AlignmentFlag.AlignTop)
        return area

    def _flag_buttons(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        heading = QLabel("Red flags and objections: why they will <i>not</i> buy")
        heading.setStyleSheet("font-weight: 600; font-size: 12pt;")
        heading.setWordWrap(True)  # on a laptop it takes two lines beside the buttons
        bar.addWidget(heading, 1)
        self.only_deal = QCheckBox("This deal only")
        self.only_deal.setToolTip("Show the red flags of the chosen deal and of the whole account")
        self.only_deal.toggled.connect(lambda _on: self._filter_flags())
        bar.addWidget(self.only_deal)
        self.add_button = QPushButton("&Add red flag…")
        self.add_button.clicked.connect(lambda: self.add_flag())
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(lambda: self.edit_flag())
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.delete_flag())
        self.counter_button = QPushButton("Add &counter-action…")
        self.counter_button.setToolTip("An action, with an owner and a due date, that counters the objection")
        self.counter_button.clicked.connect(lambda: self.add_counter_action())
        for button in (self.add_button, self.edit_button, self.delete_button, self.counter_button):
            bar.addWidget(button)
        return bar

    # --- data ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        rows = []
        if self.account_id is not None:
            with self.context.database.session() as session:
                rows = list_opportunities(session, self.account_id, dt.date.today())
        self.deals.blockSignals(True)
        self.deals.set_deals(rows)
        self.deals.blockSignals(False)
        self._show_deal()
        selected = self.selected_flag()
        self.flags.show_account(self.account_id)
        fit_columns(self.flag_table, widest=260)
        header = self.flag_table.horizontalHeader()
        header.resizeSection(1, min(header.sectionSize(1), DEAL_WIDTH))
        if selected is not None:
            self.select_flag(selected.id)
        open_flags = [f for f in self.flags.rows() if f.status is RedFlagStatus.OPEN]
        uncountered = sum(1 for f in open_flags if f.open_actions == 0)
        self.summary.setText(
            f"  {len(open_flags)} open red flag{'s' if len(open_flags) != 1 else ''}"
            + (
                f" · <span style='color:#b3261e'><b>{uncountered} with no counter-action</b></span>"
                if uncountered
                else ""
            )
        )
        self._filter_flags()
        self._update_buttons()

    def _show_deal(self) -> None:
        deal_id = self.deals.current_deal()
        if hasattr(self, "empty"):  # not while the page is being built
            self.empty.update_visibility()
        self.scores.show_deal(self.account_id, deal_id)
        self.score_table.resizeColumnToContents(0)
        self.score_table.resizeColumnToContents(1)
        table = self.score_table
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        rows = max(1, self.scores.rowCount())
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
        )
        # As tall as the scorecard, and never shorter than its own contents (no deal: one empty row).
        self.side.setFixedHeight(max(table.height(), self.side_box.minimumSize().height()))
        card = self.scores.card
        self.completeness_bar.setValue(card.completeness if card else 0)
        self.completeness.setText(f"{card.completeness} % complete" if card else "No deal")
        self.weak_list.clear()
        if card is None:
            self.weak_list.addItem("Add an opportunity to qualify it.")
        elif not card.weak:
            self.weak_list.addItem("Every letter is scored 3 or more, with evidence.")
        for finding in card.weak if card else ():
            item = QListWidgetItem(f"{finding.severity.label.upper()} · {finding.text}")
            item.setForeground(severity_colour(finding.severity))
            self.weak_list.addItem(item)
        self._filter_flags()

    def _filter_flags(self) -> None:
        self.proxy.set_deal(self.deals.current_deal(), self.only_deal.isChecked())

    # --- red flags ----------------------------------------------------------------------------------

    def selected_flag(self) -> RedFlagRow | None:
        rows = self.flag_table.selectionModel().selectedRows()
        if not rows:
            return None
        flag_id = rows[0].data(ID_ROLE)
        return next((f for f in self.flags.rows() if f.id == flag_id), None)

    def select_flag(self, flag_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == flag_id:
                self.flag_table.selectRow(row)
                return True
        return False

    def select_item(self, kind: str, item_id: int) -> bool:
        if kind != "red-flag":
            return False
        if self.select_flag(item_id):
            return True
        self.only_deal.setChecked(False)  # the flag belongs to another deal
        return self.select_flag(item_id)

    def _update_buttons(self) -> None:
        chosen = self.selected_flag() is not None
        self.add_button.setEnabled(self.account_id is not None)
        for button in (self.edit_button, self.delete_button, self.counter_button):
            button.setEnabled(chosen)

    def _double_clicked(self, index: QModelIndex) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.edit_flag()

    def add_flag(self) -> RedFlagDialog | None:
        """Open the dialog of a new red flag (for the chosen deal); saved when accepted."""
        if self.account_id is None:
            return None
        account_id = self.account_id
        dialog = RedFlagDialog(
            self.window(), self.context.database, account_id, opportunity_id=self.deals.current_deal()
        )

        def save() -> None:
            values = dialog.values()
            command = AddRedFlag(self.context, account_id, values.pop("title"), **values)
            if self.context.execute(command) and command.change.row_id is not None:
                self.select_flag(command.change.row_id)

        dialog.accepted.connect(save)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_flag(self) -> RedFlagDialog | None:
        flag = self.selected_flag()
        if flag is None or self.account_id is None:
            return None
        account_id = self.account_id
        dialog = RedFlagDialog(self.window(), self.context.database, account_id, flag=flag)

        def save() -> None:
            changes = dialog.changes_from(flag)
            if changes:
                self.context.execute(UpdateRedFlag(self.context, account_id, flag.id, flag.title, **changes))

        dialog.accepted.connect(save)
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete_flag(self) -> bool:
        flag = self.selected_flag()
        if flag is None or self.account_id is None:
            return False
        return self.context.execute(DeleteRedFlag(self.context, self.account_id, flag.id, flag.title))

    def add_counter_action(self) -> AddActionDialog | None:
        """The add-action dialog, tied to the selected red flag; owner and due date are required."""
        flag = self.selected_flag()
        if flag is None or self.account_id is None:
            return None
        account_id = self.account_id
        dialog = AddActionDialog(self.window(), self.context.database, account_id)
        dialog.setWindowTitle(f"Counter: {flag.title}")
        dialog.set_purpose("red_flag_id", flag.id)
        dialog.kind.setEnabled(False)
        dialog.item.setEnabled(False)
        dialog.no_due.setChecked(False)
        dialog.no_due.hide()
        dialog.title.setPlaceholderText("What we will do to counter the objection")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

        def check() -> None:
            ok.setEnabled(bool(dialog.title.text().strip()) and dialog.owner.currentData() is not None)

        dialog.title.textChanged.connect(check)
        dialog.owner.currentIndexChanged.connect(check)
        check()

        def save() -> None:
            values = dialog.values()
            command = AddCounterAction(
                self.context,
                account_id,
                values["title"],
                red_flag_id=flag.id,
                owner_id=values["owner_id"],
                due=values["due"],
                description=values["description"],
            )
            self.context.execute(command)

        dialog.accepted.connect(save)
        self.dialog = dialog
        dialog.open()
        return dialog

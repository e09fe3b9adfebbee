"""The opportunities page: the deals, the chosen one's form and its two processes side by side, win / loss."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.change_log import RecordRef
from accountplan.analysis.stages import StageHistory, StageWarning
from accountplan.model import Account
from accountplan.model.enums import BuyingStage, ForecastCategory, SalesStage, Severity
from accountplan.plan.forecast import DealForecast, deal_forecast
from accountplan.plan.opportunities import OpportunityRow, list_competitors, stage_history
from accountplan.plan.win_loss import win_loss
from accountplan.store.touched import Touched
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.column_fit import ColumnFit
from accountplan.ui.common.commands import PlanCommand, PlanContext
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.pages import Page, fit_columns, money_text, row_table
from accountplan.ui.common.record_history import add_history_action
from accountplan.ui.common.theme import severity_colour
from accountplan.ui.people.models import ID_ROLE, SORT_ROLE
from accountplan.ui.pursuit.close_dialog import CloseDealDialog
from accountplan.ui.pursuit.forecast_box import ForecastBox
from accountplan.ui.pursuit.negotiation_view import NegotiationTab
from accountplan.ui.pursuit.opportunity_editor import OpportunityEditor
from accountplan.ui.pursuit.opportunity_model import OpportunityTableModel
from accountplan.ui.pursuit.pursuit_commands import (
    AddOpportunity,
    CloseDeal,
    DeleteOpportunity,
    ReopenDeal,
    SetCompetitors,
    SetStage,
    UpdateOpportunity,
)
from accountplan.ui.pursuit.stage_columns import StageColumns
from accountplan.ui.pursuit.win_loss_view import WinLossView

#: What only the Negotiation tab shows: a change to these alone redraws that tab, not the deals.
NEGOTIATION_READS = frozenset(
    {
        "co_sellers",
        "deal_approvals",
        "deal_team_members",
        "negotiation_plans",
        "negotiation_terms",
        "negotiators",
        "stakeholders",
    }
)
#: The tint behind a warning of each severity (its text takes the severity's colour).
WARNING_TINTS = {"critical": "#fbe3e1", "high": "#fbe3e1", "medium": "#fdf0dc", "low": "#eceef1"}


class WarningList(QWidget):
    """The warnings of one deal, one coloured line each, the most severe first."""

    def __init__(self) -> None:
        super().__init__()
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(4)
        self.labels: list[QLabel] = []

    def show_warnings(self, warnings: tuple[StageWarning, ...], closed: bool) -> None:
        for label in self.labels:
            self.box.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.labels = []
        ranked = sorted(warnings, key=lambda w: -list(Severity).index(Severity(w.severity)))
        for warning in ranked:
            severity = Severity(warning.severity)
            colour = severity_colour(severity).name()
            label = QLabel(f"<b>⚠ {severity.label.upper()}</b> &nbsp;{warning.text}")
            label.setWordWrap(True)
            label.setStyleSheet(
                f"background:{WARNING_TINTS[severity.value]}; color:{colour}; "
                f"border-left:5px solid {colour}; border-radius:3px; padding:6px 8px;"
            )
            self.labels.append(label)
        if not ranked:
            calm = QLabel("Closed: no warnings." if closed else "No warnings: the two processes are in step.")
            calm.setStyleSheet("color:#1b8a3a; padding:4px 0;")
            self.labels.append(calm)
        for label in self.labels:
            self.box.addWidget(label)

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels]


class OpportunitiesPage(Page):
    """The account's deals: a table, the chosen deal's form and its two processes, and the win / loss reading."""

    key, title = "opportunities", "Opportunities"
    deal_reads = frozenset(
        {
            "accounts",
            "change_log",
            "competitors",
            "forecast_changes",
            "opportunities",
            "opportunity_competitors",
            "stage_changes",
        }
    )
    reads = deal_reads | NEGOTIATION_READS

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = OpportunityTableModel(context)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.competitors: list[tuple[int, str, bool]] = []
        self.history: StageHistory | None = None
        self.deal_forecast: DealForecast | None = None
        self.dialog: QDialog | None = None
        self.currency = ""
        layout = QVBoxLayout(self)
        layout.addLayout(self.title_bar("Opportunities"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._deals_tab(), "Deals")
        self.negotiation = NegotiationTab(context)
        self.negotiation.deal_chosen.connect(self.select_deal)
        self.tabs.addTab(self.negotiation, "Negotiation")
        self.win_loss = WinLossView()
        self.tabs.addTab(self.win_loss, "Win / loss")
        layout.addWidget(self.tabs, 1)
        self._update_buttons()

    def _deals_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.new_button = QPushButton("&New opportunity…")
        self.new_button.clicked.connect(lambda: self.add_opportunity())
        self.close_button = QPushButton("&Close deal…")
        self.close_button.setToolTip("Won, lost or no decision, with the customer's reason")
        self.close_button.clicked.connect(lambda: self.close_selected())
        self.reopen_button = QPushButton("&Reopen")
        self.reopen_button.clicked.connect(lambda: self.reopen_selected())
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        for button in (self.new_button, self.close_button, self.reopen_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._table())
        splitter.addWidget(self._detail())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([190, 560])
        layout.addWidget(splitter, 1)
        return tab

    def _table(self) -> QTableView:
        self.table = row_table(self.proxy)
        describe(self.table, "Deals table", "The account's opportunities: stage, amount, expected close")
        self.empty = EmptyState(
            self.table,
            "No deals yet. Add the opportunities of this pursuit: amount, close date, compelling event, "
            "competitors, and where both the customer's buying process and our sales stages stand.",
            [("Add the first deal…", self.new_button.click)],
            model=self.model,
        )
        self.table.horizontalHeader().setStretchLastSection(False)  # the deal's name takes the free width
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.column_fit = ColumnFit(self.table, 0, least=260, widest=200)  # the deal's name stays readable
        return self.table

    def _detail(self) -> QWidget:
        detail = QWidget()
        row = QHBoxLayout(detail)
        row.setContentsMargins(0, 6, 0, 0)
        self.editor = OpportunityEditor()
        self.editor.edited.connect(self._save_fields)
        self.editor.competitors_edited.connect(self._save_competitors)
        scroll = QScrollArea()
        scroll.setWidget(self.editor)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumWidth(320)
        row.addWidget(scroll, 2)
        # The two processes take the wider share; on a laptop their times wrap and the side scrolls down.
        side = QScrollArea()
        side.setWidgetResizable(True)
        side.setFrameShape(QScrollArea.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        processes = QWidget()
        side.setWidget(processes)
        right = QVBoxLayout(processes)
        right.setContentsMargins(0, 0, 0, 0)
        self.deal_heading = QLabel("")
        self.deal_heading.setStyleSheet("font-size:13pt; font-weight:600;")
        self.deal_heading.setWordWrap(True)
        right.addWidget(self.deal_heading)
        self.warnings = WarningList()
        right.addWidget(self.warnings)
        self.forecast = ForecastBox()
        self.forecast.category_requested.connect(lambda category: self.set_forecast_category(category))
        right.addWidget(self.forecast)
        self.stages = StageColumns()
        self.stages.stage_requested.connect(lambda stage: self.move_stage(stage))
        right.addWidget(self.stages, 1)
        row.addWidget(side, 3)
        return detail

    # --- data ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_id()
        self.model.show_account(self.account_id)
        fit_columns(self.table, widest=320)
        self.column_fit.refit()
        if self.account_id is None:
            return
        with self.context.database.session() as session:
            self.competitors = list_competitors(session, self.account_id)
            reading = win_loss(session, self.account_id)
            account = session.get(Account, self.account_id)
            self.currency = account.currency if account is not None else ""
        rows = self.model.rows()
        open_rows = [r for r in rows if r.outcome is None]
        pipeline = sum((r.amount for r in open_rows if r.amount is not None), start=0)
        warned = sum(1 for r in open_rows if r.warnings)
        self.summary.setText(
            f"  {len(open_rows)} open · {money_text(pipeline, self.currency)} open pipeline · "
            f"{len(rows) - len(open_rows)} closed"
            + (f" · <span style='color:#b3261e'><b>{warned} with warnings</b></span>" if warned else "")
        )
        self.win_loss.show_reading(reading, self.currency)
        self.negotiation.set_deals(rows)
        if not (selected is not None and self.select_deal(selected)) and rows:
            self.select_deal(rows[0].id)
        self._show_selected()

    def apply_change(self, touched: Touched) -> None:
        """A change of the negotiation plan alone redraws the Negotiation tab; any other, the page."""
        if touched.touches(self.deal_reads):
            self.redraw()
        else:
            self.negotiation.reload()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def selected_deal(self) -> OpportunityRow | None:
        deal_id = self.selected_id()
        return next((r for r in self.model.rows() if r.id == deal_id), None)

    def selected_record(self) -> RecordRef | None:
        """The selected deal, for its history."""
        deal = self.selected_deal()
        return RecordRef("opportunities", deal.id, deal.name) if deal is not None else None

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        deal_id = index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
        deal = next((row for row in self.model.rows() if row.id == deal_id), None)
        if deal is None:
            return
        menu = QMenu(self)
        add_history_action(menu, self.context.events, RecordRef("opportunities", deal.id, deal.name))
        menu.popup(self.table.viewport().mapToGlobal(position))

    def select_deal(self, opportunity_id: int) -> bool:
        row = self.model.row_of(opportunity_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def select_item(self, kind: str, item_id: int) -> bool:
        if kind != "opportunity":
            return False
        self.tabs.setCurrentIndex(0)
        return self.select_deal(item_id)

    def _show_selected(self) -> None:
        deal = self.selected_deal()
        self.history = None
        self.deal_forecast = None
        if deal is not None:
            with self.context.database.session() as session:
                self.history = stage_history(session, deal.id, dt.date.today())
                self.deal_forecast = deal_forecast(session, deal.id)
        self.deal_heading.setText(deal.name if deal else "Choose a deal, or add one")
        self.editor.show_deal(deal, self.competitors)
        self.warnings.show_warnings(
            deal.warnings if deal else (), deal is not None and deal.outcome is not None
        )
        self.stages.show_deal(deal, self.history)
        self.forecast.show_forecast(self.deal_forecast)
        self.negotiation.show_deal(self.account_id, deal.id if deal else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        deal = self.selected_deal()
        self.new_button.setEnabled(self.account_id is not None)
        self.close_button.setEnabled(deal is not None and deal.outcome is None)
        self.reopen_button.setEnabled(deal is not None and deal.outcome is not None)
        self.delete_button.setEnabled(deal is not None)

    # --- editing ------------------------------------------------------------------------------------

    def _execute(self, command: PlanCommand) -> bool:
        done = self.context.execute(command)
        if not done and not self.context.unreachable:
            self._show_selected()  # show the stored values again (with the server away, keep what was typed)
        return done

    def _save_fields(self, changes: dict[str, Any]) -> None:
        deal = self.editor.row
        if deal is None or self.account_id is None:
            return
        command = UpdateOpportunity(self.context, self.account_id, deal.id, deal.name, **changes)
        self._execute(command.saw_row("opportunities", deal))

    def _save_competitors(self, competitor_ids: list[int]) -> None:
        deal = self.editor.row
        if deal is None or self.account_id is None:
            return
        self._execute(SetCompetitors(self.context, self.account_id, deal.id, deal.name, competitor_ids))

    def move_stage(self, stage: SalesStage | BuyingStage) -> bool:
        """Move the selected deal to a stage of our process or of the customer's."""
        deal = self.selected_deal()
        if deal is None or self.account_id is None:
            return False
        return self._execute(SetStage(self.context, self.account_id, deal.id, deal.name, stage))

    def set_forecast_category(self, category: ForecastCategory) -> bool:
        """Put the selected deal in a forecast category (undoable; its history says who and when)."""
        deal, forecast = self.selected_deal(), self.deal_forecast
        if deal is None or forecast is None or self.account_id is None:
            return False
        command = UpdateOpportunity(
            self.context, self.account_id, deal.id, deal.name, forecast_category=category
        )
        return self._execute(
            command.saw("opportunities", deal.id, forecast.version, forecast_category=forecast.category)
        )

    def add_opportunity(self, name: str | None = None) -> bool:
        """Add a deal (asking for its name when not given) in the account's currency, and select it."""
        if self.account_id is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(self, "New opportunity", "Name of the deal:")
            if not ok:
                return False
        command = AddOpportunity(self.context, self.account_id, name.strip(), currency=self.currency or "USD")
        if not self.context.execute(command):
            return False
        if command.change.row_id is not None:
            self.select_deal(command.change.row_id)
            self.editor.amount.setFocus()
        return True

    def close_selected(self) -> CloseDealDialog | None:
        """Open the dialog that closes the selected deal (saved when it is accepted)."""
        deal = self.selected_deal()
        if deal is None or deal.outcome is not None or self.account_id is None:
            return None
        dialog = CloseDealDialog(self.window(), deal.name, self.competitors, dt.date.today())
        dialog.accepted.connect(lambda: self._close_from(dialog, deal))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _close_from(self, dialog: CloseDealDialog, deal: OpportunityRow) -> bool:
        assert self.account_id is not None
        command = CloseDeal(
            self.context,
            self.account_id,
            deal.id,
            deal.name,
            dialog.outcome(),
            dialog.reason_text(),
            won_by_id=dialog.won_by_id(),
            on=dialog.closed_day(),
        )
        return self.context.execute(command)

    def reopen_selected(self) -> bool:
        deal = self.selected_deal()
        if deal is None or deal.outcome is None or self.account_id is None:
            return False
        return self.context.execute(ReopenDeal(self.context, self.account_id, deal.id, deal.name))

    def delete_selected(self, confirm: bool = True) -> bool:
        deal = self.selected_deal()
        if deal is None or self.account_id is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete opportunity",
                f"Delete {deal.name} with its stage history, decision steps and scorecard?\n\n"
                "You can undo this with Edit → Undo.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self.context.execute(DeleteOpportunity(self.context, self.account_id, deal.id, deal.name))

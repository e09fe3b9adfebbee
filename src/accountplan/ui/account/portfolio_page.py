"""The Portfolio page: every account in a sortable, filterable table or on a board by status, with its fit.

Above them, the warnings of landlocked sellers; below, the ideal-account checklist of the account chosen. A
third tab shows the forecast of all accounts or of one seller by fiscal quarter, and how it moved
(:mod:`accountplan.ui.account.portfolio_forecast`).
Dragging a card to another column of the board changes the account's status; a double click (or Enter) opens
the account. Every edit is undoable. The page reads every account, so a change of any of them concerns it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from accountplan.model.enums import AccountStatus
from accountplan.plan.portfolio import PORTFOLIO_TABLES, Portfolio, PortfolioRow, read_portfolio
from accountplan.store.touched import EVERYTHING, Touched
from accountplan.ui.account.fit_panel import FitPanel
from accountplan.ui.account.portfolio_board import PortfolioBoard
from accountplan.ui.account.portfolio_forecast import PortfolioForecastPanel
from accountplan.ui.account.portfolio_model import (
    ANY_STATUS,
    NOT_AVOIDED,
    PortfolioFilterProxy,
    PortfolioModel,
)
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.column_fit import ColumnFit
from accountplan.ui.common.commands import PlanContext, UpdateAccount
from accountplan.ui.common.internal_banner import BANNER_STYLE
from accountplan.ui.common.pages import Page, keeping_place
from accountplan.ui.people.models import ID_ROLE

#: The least width of the accounts' names: the other columns give up their headers' room before it does.
NAME_WIDTH = 210
TABLE_TAB, BOARD_TAB, FORECAST_TAB = 0, 1, 2


class PortfolioPage(Page):
    """Every account of the database at a glance; the first page when there are several."""

    key, title = "portfolio", "Portfolio"
    reads = PORTFOLIO_TABLES

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.portfolio: Portfolio | None = None
        #: The account whose checklist is shown (the one chosen here, else the window's).
        self.chosen: int | None = None
        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilterProxy()
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(self.title_bar("Portfolio"))
        self.warnings = QLabel()
        self.warnings.setObjectName("landlockedWarnings")
        self.warnings.setStyleSheet(BANNER_STYLE)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.warnings)
        layout.addLayout(self._filters())
        self.tabs = QTabWidget()
        self.table = self._table()
        self.board = PortfolioBoard(self.proxy)
        self.board.status_requested.connect(lambda account_id, status: self.set_status(account_id, status))
        self.board.open_requested.connect(self.open_account)
        self.board.current_changed.connect(self.choose)
        self.tabs.addTab(self.table, "&Table")
        self.tabs.addTab(self.board, "&Board by status")
        self.forecast = PortfolioForecastPanel(context)
        #: The forecast is read when its tab is shown (it reads every account's history).
        self.forecast_stale = True
        self.tabs.addTab(self.forecast, "&Forecast")
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)
        self.fit = FitPanel(context)
        layout.addWidget(self.fit)
        context.events.accounts_changed.connect(
            lambda: self._on_plan_changed(self.account_id or 0, EVERYTHING)
        )
        context.events.database_replaced.connect(
            lambda: self._on_plan_changed(self.account_id or 0, EVERYTHING)
        )

    def _filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find an account, a seller or a status…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(260)
        self.find_box.textChanged.connect(lambda text: self.proxy.set_filter(text=text))
        self.status_box = QComboBox()
        describe(self.status_box, "Status filter")
        self.status_box.addItem("Every status", ANY_STATUS)
        self.status_box.addItem("All but avoided", NOT_AVOIDED)
        for status in AccountStatus:
            self.status_box.addItem(status.label, status.value)
        self.status_box.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(status=str(self.status_box.currentData()))
        )
        bar.addWidget(self.find_box, 1)
        bar.addWidget(self.status_box)
        bar.addStretch(1)
        return bar

    def _table(self) -> QTableView:
        table = QTableView()
        describe(table, "Portfolio table", "Every account: status, open pipeline, next meeting, overdue, fit")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setDragEnabled(True)  # a row dragged onto a board column... or anywhere that takes an account
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.columns = ColumnFit(table, 0, least=NAME_WIDTH)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.activated.connect(lambda index: self.open_account(int(index.siblingAtColumn(0).data(ID_ROLE))))
        table.selectionModel().currentRowChanged.connect(lambda current, _: self._table_row_chosen(current))
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        return table

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        account_id = int(index.siblingAtColumn(0).data(ID_ROLE))
        row = self.row(account_id)
        menu = QMenu(self)
        menu.addAction("&Open the account", lambda: self.open_account(account_id))
        move = menu.addMenu("&Move to")
        for status in AccountStatus:
            action = move.addAction(status.label)
            action.setData(status.value)
            action.setEnabled(row is not None and row.status is not status)
        move.triggered.connect(lambda chosen: self.set_status(account_id, str(chosen.data())))
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- what it shows ------------------------------------------------------------------------------

    def _on_plan_changed(self, account_id: int, touched: Touched) -> None:
        # Every account's change concerns the portfolio: handled as a change of the account it shows.
        super()._on_plan_changed(self.account_id if self.account_id is not None else account_id, touched)

    def show_account(self, account_id: int | None) -> None:
        """The window's account changed: its line is chosen; the portfolio is read again when shown."""
        first = self.portfolio is None
        self.account_id = account_id
        if first or self.isVisible():
            self.stale = False
            self.redraw()
        else:
            self.stale = True
        if account_id is not None:
            self.choose(account_id)

    def refresh(self) -> None:
        with self.context.database.session() as session:
            self.portfolio = read_portfolio(session, dt.date.today())
        with keeping_place(self.table, self.model.row_of):
            self.model.replace_rows(self.portfolio.rows)
        self.columns.refit()
        self.warnings.setText("\n".join(f"⚠ {warning}" for warning in self.portfolio.warnings))
        self.warnings.setVisible(bool(self.portfolio.warnings))
        count = len(self.portfolio.rows)
        late = sum(row.overdue_actions for row in self.portfolio.rows)
        self.summary.setText(
            f"{_count(count, 'account')} · {_count(late, 'overdue action')}"
            + (f" · {_count(len(self.portfolio.warnings), 'warning')}" if self.portfolio.warnings else "")
        )
        chosen = self.chosen if self.chosen is not None and self.row(self.chosen) else self.account_id
        self._show_fit(chosen)
        self.forecast_stale = True
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, tab: int) -> None:
        """The filters and the checklist go with the table and the board; the forecast is read when shown."""
        for widget in (self.fit, self.find_box, self.status_box):
            widget.setVisible(tab != FORECAST_TAB)
        if tab == FORECAST_TAB and self.forecast_stale:
            self.forecast_stale = False
            self.forecast.refresh()

    def row(self, account_id: int) -> PortfolioRow | None:
        """The line of ``account_id`` as last read."""
        position = self.model.row_of(account_id)
        return self.model.rows()[position] if position >= 0 else None

    def choose(self, account_id: int) -> None:
        """Make ``account_id`` the chosen account: its line selected, its card too, its checklist shown."""
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(account_id), 0))
        if index.isValid() and self.table.currentIndex().siblingAtColumn(0) != index:
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        self._show_fit(account_id)

    def _table_row_chosen(self, current: QModelIndex) -> None:
        if current.isValid():
            account_id = int(current.siblingAtColumn(0).data(ID_ROLE))
            self._show_fit(account_id)
            if self.tabs.currentIndex() == TABLE_TAB:
                self.board.select_account(account_id)

    def _show_fit(self, account_id: int | None) -> None:
        row = self.row(account_id) if account_id is not None else None
        self.chosen = row.id if row is not None else None
        self.fit.show_account(self.chosen, row.name if row is not None else "")

    # --- what the user does -------------------------------------------------------------------------

    def set_status(self, account_id: int, status: str) -> bool:
        """Move the account to ``status`` (a value of AccountStatus), undoably; False if it is there or refused."""
        row = self.row(account_id)
        wanted = AccountStatus(status)
        if row is None or row.status is wanted:
            return False
        command = UpdateAccount(self.context, account_id, status=wanted.value)
        command.setText(f"move {row.name} to {wanted.label}")
        done = self.context.execute(command.saw("accounts", row.id, row.version, status=row.status.value))
        if done:
            self.choose(account_id)
        return done

    def open_account(self, account_id: int) -> None:
        """Ask the window to show the account (its overview)."""
        self.context.events.open_account.emit(account_id)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

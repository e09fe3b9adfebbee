"""The Portfolio page's Forecast tab: all accounts or one seller, by fiscal quarter, and how it moved.

A seller box (All accounts, or each of our sellers whose number a deal is) and a currency box choose the roll-up
(:func:`accountplan.plan.portfolio_forecast.read_portfolio_forecast`); a table shows closed, commit, best case,
pipeline and weighted for each quarter of the current fiscal year, the year and the next; under it, the basis,
the rates used and the deals not converted; then how it moved since each account's last held alignment
meeting, or since a day chosen (by default two weeks ago). Internal, like the portfolio.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.forecast import money
from accountplan.plan.portfolio_forecast import (
    ROW_NAMES,
    PortfolioForecast,
    forecast_currencies,
    forecast_scopes,
    read_portfolio_forecast,
)
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.pages import money_text

#: The day the moves are counted from by default: two weeks before today.
DEFAULT_DAYS_BACK = 14
_Index = QModelIndex | QPersistentModelIndex


class ForecastTableModel(QAbstractTableModel):
    """The roll-up: a row per category (and weighted), a column per quarter of this fiscal year and the years."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forecast: PortfolioForecast | None = None
        self._rows: list[tuple[str, tuple[Any, ...]]] = []

    def show_forecast(self, forecast: PortfolioForecast) -> None:
        self.beginResetModel()
        self.forecast = forecast
        self._rows = forecast.rows()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(ROW_NAMES)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.forecast is None:
            return 0
        return len(self.forecast.periods)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.forecast is None or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()][1][index.column()]
        currency = self.forecast.currency
        if role == Qt.ItemDataRole.DisplayRole:
            return money_text(value, currency) if value else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            period = self.forecast.periods[index.column()]
            return f"{self._rows[index.row()][0]}, {period.label}: {money(value, currency)}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.forecast.is_current(
            self.forecast.periods[index.column()]
        ):
            return _bold()
        return None

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(ROW_NAMES):
                return ROW_NAMES[section]
            if role == Qt.ItemDataRole.ToolTipRole and ROW_NAMES[section : section + 1] == ("Weighted",):
                return "Amount × probability of the open deals (commit, best case and pipeline)"
            return None
        if self.forecast is None or not 0 <= section < len(self.forecast.periods):
            return None
        period = self.forecast.periods[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self.forecast.heading(period)}\n{period.months}"
        if role == Qt.ItemDataRole.FontRole and self.forecast.is_current(period):
            return _bold()
        return None


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _label(*, muted: bool = False, heading: bool = False) -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        label.setObjectName("figureDetail")
    if heading:
        label.setStyleSheet("font-weight:600;")
    return label


class PortfolioForecastPanel(QScrollArea):
    """The forecast of all accounts or of one seller; it reads the database when :meth:`refresh` is called."""

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.forecast: PortfolioForecast | None = None
        #: The currency asked for (None: the scope's own).
        self.currency: str | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        self.setWidget(content)
        layout = QVBoxLayout(content)
        layout.addLayout(self._choices())
        self.title = _label(heading=True)
        layout.addWidget(self.title)
        self.model = ForecastTableModel(self)
        self.table = self._table()
        layout.addWidget(self.table)
        self.notes = _label(muted=True)
        layout.addWidget(self.notes)
        self.unconverted = _label()
        layout.addWidget(self.unconverted)
        layout.addSpacing(8)
        self.moved_title = _label(heading=True)
        self.moved_title.setText("How it moved")
        layout.addWidget(self.moved_title)
        layout.addLayout(self._since_choice())
        self.moves = _label()
        layout.addWidget(self.moves)
        layout.addStretch(1)

    def _choices(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.scope_box = QComboBox()
        describe(self.scope_box, "Whose forecast", "All accounts, or the deals of one of our sellers")
        self.scope_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope_box.activated.connect(lambda _: self._scope_chosen())
        self.currency_box = QComboBox()
        describe(self.currency_box, "Currency", "The currency the forecast is counted in")
        self.currency_box.activated.connect(lambda _: self._currency_chosen())
        scope_label, currency_label = QLabel("&Forecast of"), QLabel("in &currency")
        scope_label.setBuddy(self.scope_box)
        currency_label.setBuddy(self.currency_box)
        for widget in (scope_label, self.scope_box, currency_label, self.currency_box):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    def _table(self) -> QTableView:
        table = QTableView()
        describe(
            table, "Forecast by quarter", "Closed, commit, best case, pipeline and weighted by fiscal quarter"
        )
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setMinimumSectionSize(110)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        return table

    def _since_choice(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.since_meeting = QRadioButton("Since each account's last &alignment meeting")
        self.since_day = QRadioButton("Since &the day")
        self.since_meeting.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.since_meeting)
        group.addButton(self.since_day)
        self.day_box = QDateEdit(QDate.currentDate().addDays(-DEFAULT_DAYS_BACK))
        describe(self.day_box, "Since the day", "The day the moves of the forecast are counted from")
        self.day_box.setCalendarPopup(True)
        self.day_box.setDisplayFormat("d MMM yyyy")
        self.day_box.setEnabled(False)
        self.since_day.toggled.connect(self.day_box.setEnabled)
        group.buttonToggled.connect(lambda _button, checked: self._since_chosen(checked))
        self.day_box.dateChanged.connect(lambda _: self._since_chosen(self.since_day.isChecked()))
        for widget in (self.since_meeting, self.since_day, self.day_box):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    # --- what the user chooses ----------------------------------------------------------------------

    def _since_chosen(self, applies: bool) -> None:
        if applies:
            self.refresh()

    def _scope_chosen(self) -> None:
        self.currency = None  # each scope has its own currency until another is asked for
        self.refresh()

    def _currency_chosen(self) -> None:
        self.currency = self.currency_box.currentText() or None
        self.refresh()

    def choose_scope(self, name: str) -> None:
        """Show the forecast of ``name`` (All accounts, or one seller), as the seller box would."""
        index = self.scope_box.findText(name)
        if index < 0:
            raise ValueError(f"No forecast of {name!r} to choose")
        self.scope_box.setCurrentIndex(index)
        self._scope_chosen()

    def choose_currency(self, currency: str) -> None:
        """Count the forecast in ``currency``, as the currency box would."""
        index = self.currency_box.findText(currency)
        if index < 0:
            raise ValueError(f"No currency {currency!r} to choose")
        self.currency_box.setCurrentIndex(index)
        self._currency_chosen()

    @property
    def since(self) -> dt.date | None:
        """The day the moves are counted from (None: each account's last held meeting)."""
        if not self.since_day.isChecked():
            return None
        day = self.day_box.date()
        return dt.date(day.year(), day.month(), day.day())

    # --- what it shows ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the forecast of the chosen scope again, and show it."""
        wanted = self.scope_box.currentData()
        today = dt.date.today()
        with self.context.database.session() as session:
            scopes = forecast_scopes(session)
            currencies = forecast_currencies(session)
            seller_id = wanted if any(scope.seller_id == wanted for scope in scopes) else None
            if seller_id is None and wanted is not None:
                self.currency = (
                    None  # the seller chosen has no deal any more: all accounts, in their currency
                )
            forecast = read_portfolio_forecast(
                session, seller_id=seller_id, currency=self.currency, since=self.since, today=today
            )
        self.forecast = forecast
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        for scope in scopes:
            self.scope_box.addItem(scope.name, scope.seller_id)
        self.scope_box.setCurrentIndex(max(0, self.scope_box.findData(seller_id)))
        self.scope_box.blockSignals(False)
        self.currency_box.blockSignals(True)
        self.currency_box.clear()
        self.currency_box.addItems(sorted({*currencies, forecast.currency}))
        self.currency_box.setCurrentText(forecast.currency)
        self.currency_box.blockSignals(False)
        self._show(forecast)

    def _show(self, forecast: PortfolioForecast) -> None:
        self.title.setText(forecast.title)
        self.model.show_forecast(forecast)
        self._fit_table()
        self.notes.setText("\n".join(forecast.notes()))
        gaps = forecast.not_converted()
        self.unconverted.setText(
            f"Not converted ({len(gaps)}):\n" + "\n".join(f"⚠ {gap}" for gap in gaps) if gaps else ""
        )
        self.unconverted.setVisible(bool(gaps))
        self.moves.setText("\n".join(forecast.movement_lines()))
        self.setAccessibleDescription(f"{forecast.title}. {forecast.movement_title}.")
        describe(self.moves, forecast.movement_title)

    def _fit_table(self) -> None:
        """As tall as its rows; no wider than its widest heading or amount needs (the columns stretch to it)."""
        table, header = self.table, self.table.horizontalHeader()
        bold = QFontMetrics(_bold())
        widest = header.minimumSectionSize()
        for column in range(self.model.columnCount()):
            heading = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            texts = [str(self.model.index(row, column).data()) for row in range(self.model.rowCount())]
            for text in (*heading.split("\n"), *texts):
                widest = max(widest, bold.horizontalAdvance(text) + 16)
        frame = 2 * table.frameWidth()
        table.setMaximumWidth(
            table.verticalHeader().sizeHint().width() + widest * self.model.columnCount() + frame
        )
        table.setFixedHeight(header.sizeHint().height() + table.verticalHeader().length() + frame)

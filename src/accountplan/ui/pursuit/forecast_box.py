"""A deal's forecast category beside its stages: a combo to change it, and who put it where, when."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from accountplan.model.enums import ForecastCategory
from accountplan.plan.forecast import DealForecast
from accountplan.ui.common.accessibility import describe
from accountplan.ui.pursuit.stage_columns import CURRENT_STYLE, PASSED_STYLE

#: How many changes the history shows; older ones are counted.
SHOWN_CHANGES = 5
#: What each category means, for the combo's tooltips.
MEANINGS = {
    ForecastCategory.PIPELINE: "A real opportunity, not yet likely this period",
    ForecastCategory.BEST_CASE: "Could close this period if things go well",
    ForecastCategory.COMMIT: "You commit to closing it in its period",
    ForecastCategory.CLOSED: "Signed (counted as Closed once the deal is won)",
    ForecastCategory.OMITTED: "Left out of the forecast",
}


def _moment(at: dt.datetime) -> str:
    local = at.astimezone() if at.tzinfo is not None else at
    return f"{local.day} {local:%b %Y}"


class ForecastBox(QWidget):
    """The deal's forecast category with a combo to change it, and the history of its categories.

    Signals:
        category_requested(object): the user chose this ForecastCategory for the deal.
    """

    category_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        top = QHBoxLayout()
        title = QLabel("Forecast category")
        title.setStyleSheet("font-weight:600;")
        top.addWidget(title)
        self.combo = QComboBox()
        for category in ForecastCategory:
            self.combo.addItem(category.label, category.value)
            self.combo.setItemData(self.combo.count() - 1, MEANINGS[category], Qt.ItemDataRole.ToolTipRole)
        describe(self.combo, "Forecast category", "Where the deal stands in your forecast; not its stage")
        self.combo.activated.connect(lambda _index: self._requested())
        top.addWidget(self.combo)
        top.addStretch(1)
        layout.addLayout(top)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(1, 1)
        layout.addLayout(self.grid)
        self.rows: list[tuple[QLabel, QLabel]] = []
        self.more = QLabel("")
        self.more.setObjectName("muted")
        layout.addWidget(self.more)
        self.current: ForecastCategory | None = None

    def show_forecast(self, forecast: DealForecast | None) -> None:
        """Show the deal's category and its history (newest first), or nothing for no deal."""
        for name, detail in self.rows:
            for label in (name, detail):
                self.grid.removeWidget(label)
                label.deleteLater()
        self.rows = []
        self.current = forecast.category if forecast is not None else None
        self.setEnabled(forecast is not None)
        if forecast is None:
            self.more.setText("")
            return
        self.combo.setCurrentIndex(max(self.combo.findData(forecast.category.value), 0))
        shown = forecast.history[:SHOWN_CHANGES]
        for index, step in enumerate(shown):
            style = CURRENT_STYLE if index == 0 and step.category is forecast.category else PASSED_STYLE
            name = QLabel(step.category.label)
            who = f" · by {step.changed_by}" if step.changed_by else ""
            detail = QLabel(("since " if index == 0 else "") + _moment(step.changed_at) + who)
            detail.setWordWrap(True)
            for label in (name, detail):
                label.setStyleSheet(style)
            self.grid.addWidget(name, index, 0)
            self.grid.addWidget(detail, index, 1)
            self.rows.append((name, detail))
        earlier = len(forecast.history) - len(shown)
        if not forecast.history:
            self.more.setText(f"{forecast.category.label} since the deal was added (no change recorded).")
        elif earlier:
            self.more.setText(f"and {earlier} earlier change{'s' if earlier > 1 else ''}")
        else:
            self.more.setText("")

    def history_texts(self) -> list[str]:
        """The history as shown, one "Category: detail" line per change."""
        return [f"{name.text()}: {detail.text()}" for name, detail in self.rows]

    def _requested(self) -> None:
        category = ForecastCategory(self.combo.currentData())
        if category is not self.current:
            self.category_requested.emit(category)

"""The Overview's forecast: this fiscal quarter and year by category, and how it moved since the last meeting.

Internal, like the whole Overview: the forecast never reaches a customer document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from accountplan.analysis.forecast import COLUMNS, Buckets, ForecastMovement, Rollup, money
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.pages import money_text

#: How many of the deals' moves the card lists; the others are counted.
SHOWN_MOVES = 4


class ForecastCard(QFrame):
    """The account's forecast for the current fiscal quarter and year, by category, and its moves.

    Signals:
        clicked(str): the page to open (the opportunities), as the Overview's charts ask.
    """

    clicked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click to open the opportunities and change a deal's forecast category")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel("Forecast")
        self.title.setStyleSheet("font-weight:600;")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(2)
        self.headers = (QLabel(""), QLabel(""), QLabel(""))
        for column, header in enumerate(self.headers, start=1):
            header.setObjectName("figureDetail")
            header.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(header, 0, column)
        names = [category.label for category in COLUMNS] + ["Weighted"]
        self.cells: list[tuple[QLabel, ...]] = []
        for line, name in enumerate(names, start=1):
            label = QLabel(name)
            if name == "Weighted":
                label.setToolTip("Amount × probability of the open deals (commit, best case and pipeline)")
            self.grid.addWidget(label, line, 0)
            cells = (QLabel(""), QLabel(""), QLabel(""))
            for column, cell in enumerate(cells, start=1):
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.grid.addWidget(cell, line, column)
            self.cells.append(cells)
        row.addLayout(self.grid)
        side = QVBoxLayout()
        self.moved = QLabel("")
        self.moved.setWordWrap(True)
        self.moved.setTextFormat(Qt.TextFormat.PlainText)
        side.addWidget(self.moved)
        self.notes = QLabel("")
        self.notes.setObjectName("figureDetail")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        side.addWidget(self.notes)
        side.addStretch(1)
        row.addLayout(side, 1)
        outer.addLayout(row)
        describe(self, "Forecast", "The forecast of this quarter and year by category, and how it moved")

    def show_forecast(self, rollup: Rollup, movement: ForecastMovement | None) -> None:
        currency = rollup.currency
        self.title.setText(f"Forecast {rollup.basis}")
        quarter, year = rollup.this_quarter, rollup.this_year
        following = rollup.calendar.year(year.fiscal_year + 1)
        for header, period in zip(self.headers, (quarter, year, following), strict=True):
            header.setText(f"{period.label}\n{period.months}")
        shown = (rollup.current_quarter, rollup.current_year, rollup.year(following.fiscal_year))
        for column, buckets in enumerate(shown):
            self._fill(column, buckets, currency)
        self.moved.setText(self._movement_text(movement))
        notes = [rollup.rates_text] if rollup.rates_used else []
        notes += [f"⚠ {gap.text}." for gap in rollup.not_converted]
        notes += list(rollup.notes)
        self.notes.setText("\n".join(notes))
        self.setAccessibleDescription(self.summary())

    def _fill(self, column: int, buckets: Buckets, currency: str) -> None:
        values = [buckets.of(category) for category in COLUMNS] + [buckets.weighted]
        for cells, value in zip(self.cells, values, strict=True):
            cell = cells[column]
            cell.setText(money_text(value, currency) if value else "—")
            cell.setToolTip(money(value, currency))

    @staticmethod
    def _movement_text(movement: ForecastMovement | None) -> str:
        if movement is None:
            return "No alignment meeting held yet: the moves of the forecast are counted from the first one."
        head = f"Since the {movement.since_text}: this year {movement.summary()}"
        if movement.is_empty:
            return f"Since the {movement.since_text}: no deal moved."
        lines = [head + ("." if not movement.moves else ":")]
        lines += [f"• {move.text}" for move in movement.moves[:SHOWN_MOVES]]
        if len(movement.moves) > SHOWN_MOVES:
            lines.append(f"and {len(movement.moves) - SHOWN_MOVES} more")
        return "\n".join(lines)

    def summary(self) -> str:
        """What the card shows, in words (its accessible description)."""
        rows = []
        names = [c.label for c in COLUMNS] + ["Weighted"]
        for name, (quarter, year, following) in zip(names, self.cells, strict=True):
            rows.append(
                f"{name}: {quarter.text()} this quarter, {year.text()} this year, {following.text()} next"
            )
        return f"{self.title.text()}. " + "; ".join(rows) + f". {self.moved.text()}"

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit("opportunities")
        super().mousePressEvent(event)

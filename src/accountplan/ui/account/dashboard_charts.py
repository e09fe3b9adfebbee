"""The overview's charts on a value axis: stacked horizontal bars, and columns over time with a line."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen

from accountplan.ui.common.chart_widget import Chart, Region, Series


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts 0…maximum into about ``ticks`` parts."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def axis_ticks(
    highest: float, text: Callable[[float], str], *, whole: bool = False
) -> list[tuple[float, str]]:
    """The values (and their texts) of a value axis from 0 to a round number at or above ``highest``."""
    step = max(nice_step(highest), 1.0) if whole else nice_step(highest)
    steps = max(1, math.ceil(highest / step - 1e-9))
    return [(i * step, text(i * step)) for i in range(steps + 1)]


class AxisChart(Chart):
    """A chart of bars against a value axis from zero, with a label and a tooltip per bar."""

    def __init__(self, title: str, target: str, empty_text: str) -> None:
        super().__init__(title, target, empty_text)
        self.labels: list[str] = []
        self.tooltips: list[str] = []
        self._bars: list[QRectF] = []
        self._plot = QRectF()
        self._ticks: list[tuple[float, str]] = []
        self._scale = 1.0

    def bar_rect(self, index: int) -> QRect:
        """The drawn bar of ``index`` (a thin line on the axis when it is zero)."""
        self.regions()
        return self._bars[index].toAlignedRect()

    def fit_axis(
        self, highest: float, text: Callable[[float], str], length: float, *, whole: bool = False
    ) -> None:
        """Choose the axis' values for data up to ``highest`` and the pixels per unit over ``length``."""
        self._ticks = axis_ticks(highest, text, whole=whole)
        self._scale = length / self._ticks[-1][0]

    def paint_grid(self, painter: QPainter, area: QRectF, *, across: bool) -> None:
        """The grid lines with their values: under the plot when the bars run across, else left of it."""
        plot, small = self._plot, QFontMetricsF(self.small_font())
        painter.setFont(self.small_font())
        for value, text in self._ticks:
            painter.setPen(QPen(self.colour(alpha=45 if value else 120), 1))
            if across:
                x = plot.left() + value * self._scale
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                width = small.horizontalAdvance(text) + 2
                box, align = (
                    QRectF(x - width / 2, plot.bottom() + 3, width, small.height()),
                    Qt.AlignmentFlag.AlignCenter,
                )
            else:
                y = plot.bottom() - value * self._scale
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                box = QRectF(
                    area.left(), y - small.height() / 2, plot.left() - area.left() - 6, small.height()
                )
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.setPen(self.colour(alpha=150))
            painter.drawText(box, int(align), text)


class BarChart(AxisChart):
    """Horizontal bars, one per category, each stacked from its series, on a value axis along the bottom.

    ``values[category][series]``; ``labels`` on the left, ``totals`` after the bars, ``tooltips`` per bar;
    ``axis_text`` writes the axis' values.
    """

    def __init__(self, title: str, target: str, empty_text: str) -> None:
        super().__init__(title, target, empty_text)
        self.series: list[Series] = []
        self.values: list[list[float]] = []
        self.totals: list[str] = []
        self.axis_text: Callable[[float], str] = lambda value: f"{value:g}"

    def set_data(
        self,
        series: Sequence[Series],
        labels: Sequence[str],
        values: Sequence[Sequence[float]],
        *,
        totals: Sequence[str],
        tooltips: Sequence[str],
        axis_text: Callable[[float], str],
    ) -> None:
        self.series, self.labels, self.values = list(series), list(labels), [list(v) for v in values]
        self.totals, self.tooltips, self.axis_text = list(totals), list(tooltips), axis_text
        self.changed()

    def is_empty(self) -> bool:
        return not self.labels

    def legend(self) -> list[tuple[Series, bool]]:
        return [(series, False) for series in self.series]

    def arrange(self, area: QRectF) -> list[Region]:
        metrics, small = QFontMetricsF(self.font()), QFontMetricsF(self.small_font())
        label_width = min(
            max(metrics.horizontalAdvance(label) for label in self.labels) + 12, area.width() * 0.35
        )
        total_width = max(small.horizontalAdvance(text) for text in self.totals) + 10
        top = area.top() + self.legend_height()
        self._plot = QRectF(
            area.left() + label_width,
            top,
            area.width() - label_width - total_width,
            area.bottom() - top - small.height() - 4,
        )
        self.fit_axis(max(sum(stack) for stack in self.values), self.axis_text, self._plot.width())
        row = self._plot.height() / len(self.labels)
        thickness = min(row * 0.68, 24.0)
        regions, self._bars = [], []
        for i, stack in enumerate(self.values):
            middle = self._plot.top() + row * (i + 0.5)
            length = max(sum(stack) * self._scale, 2.0)
            self._bars.append(QRectF(self._plot.left(), middle - thickness / 2, length, thickness))
            regions.append(
                Region(QRectF(area.left(), middle - row / 2, area.width(), row), self.tooltips[i], i)
            )
        return regions

    def paint_marks(self, painter: QPainter, area: QRectF) -> None:
        self.paint_legend(painter, area)
        self.paint_grid(painter, area, across=True)
        for i, stack in enumerate(self.values):
            self.paint_hover(painter, i)
            bar = self._bars[i]
            x = bar.left()
            for value, series in zip(stack, self.series, strict=True):
                length = value * self._scale
                if length > 0:
                    painter.fillRect(QRectF(x, bar.top(), length, bar.height()), series.colour)
                x += length
            if self.hovered == i:
                painter.setPen(QPen(self.colour(QPalette.ColorRole.Highlight), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(bar)
            row = self.regions()[i].rect
            painter.setFont(self.font())
            painter.setPen(self.colour(alpha=255 if self.totals[i] else 130))
            label = QRectF(area.left(), row.top(), self._plot.left() - area.left() - 10, row.height())
            painter.drawText(
                label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.labels[i]
            )
            painter.setFont(self.small_font())
            painter.setPen(self.colour())
            after = QRectF(bar.right() + 6, row.top(), area.right() - bar.right() - 6, row.height())
            painter.drawText(
                after, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.totals[i]
            )


class TimeChart(AxisChart):
    """Columns over time with a line on top: a bar and a point per period, on a whole-number axis."""

    def __init__(self, title: str, target: str, empty_text: str) -> None:
        super().__init__(title, target, empty_text)
        self.captions: list[str] = []
        self.bars: list[float] = []
        self.line: list[float] = []
        self.bar_series = self.line_series = Series("", QColor())

    def set_data(
        self,
        labels: Sequence[str],
        captions: Sequence[str],
        bars: tuple[Series, Sequence[float]],
        line: tuple[Series, Sequence[float]],
        tooltips: Sequence[str],
    ) -> None:
        """``labels`` and ``captions`` (muted) under the periods; ``bars`` and ``line`` as (series, values)."""
        self.labels, self.captions, self.tooltips = list(labels), list(captions), list(tooltips)
        self.bar_series, self.bars = bars[0], list(bars[1])
        self.line_series, self.line = line[0], list(line[1])
        self.changed()

    def is_empty(self) -> bool:
        return not any(self.bars) and not any(self.line)

    def legend(self) -> list[tuple[Series, bool]]:
        return [(self.bar_series, False), (self.line_series, True)]

    def point(self, index: int) -> QPointF:
        """Where the line passes over period ``index``."""
        self.regions()
        return QPointF(self._bars[index].center().x(), self._plot.bottom() - self.line[index] * self._scale)

    def arrange(self, area: QRectF) -> list[Region]:
        small = QFontMetricsF(self.small_font())
        top = area.top() + self.legend_height() + small.height() + 2
        bottom = area.bottom() - 2 * small.height() - 6
        self.fit_axis(max(self.bars + self.line), lambda value: f"{value:g}", bottom - top, whole=True)
        axis_width = max(small.horizontalAdvance(text) for _, text in self._ticks) + 8
        self._plot = QRectF(area.left() + axis_width, top, area.width() - axis_width, bottom - top)
        slot = self._plot.width() / len(self.labels)
        width = min(slot * 0.55, 44.0)
        regions, self._bars = [], []
        for i, value in enumerate(self.bars):
            height = max(value * self._scale, 2.0)
            centre = self._plot.left() + slot * (i + 0.5)
            self._bars.append(QRectF(centre - width / 2, bottom - height, width, height))
            column = QRectF(
                self._plot.left() + slot * i, top - small.height(), slot, area.bottom() - top + small.height()
            )
            regions.append(Region(column, self.tooltips[i], i))
        return regions

    def paint_marks(self, painter: QPainter, area: QRectF) -> None:
        self.paint_legend(painter, area)
        self.paint_grid(painter, area, across=False)
        plot, small = self._plot, QFontMetricsF(self.small_font())
        slot = plot.width() / len(self.labels)
        bar_labels: list[QRectF] = []
        for i, (column, value) in enumerate(zip(self._bars, self.bars, strict=True)):
            self.paint_hover(painter, i)
            painter.fillRect(column, self.bar_series.colour if value else self.colour(alpha=60))
            painter.setPen(self.colour())
            if value:
                above = QRectF(
                    column.left() - 10, column.top() - small.height() - 2, column.width() + 20, small.height()
                )
                painter.drawText(above, int(Qt.AlignmentFlag.AlignCenter), f"{value:g}")
                bar_labels.append(above)
            under = QRectF(plot.left() + slot * i, plot.bottom() + 4, slot, small.height())
            painter.drawText(under, int(Qt.AlignmentFlag.AlignHCenter), self.labels[i])
            painter.setPen(self.colour(alpha=150))
            painter.drawText(
                under.translated(0, small.height()), int(Qt.AlignmentFlag.AlignHCenter), self.captions[i]
            )
        self._paint_line(painter, bar_labels)

    def _paint_line(self, painter: QPainter, taken: list[QRectF]) -> None:
        """The line with its values; a value that would cover a bar's label goes under its point."""
        colour = self.line_series.colour
        points = [self.point(i) for i in range(len(self.line))]
        painter.setPen(QPen(colour, 2.2))
        painter.drawPolyline(points)
        bold = self.small_font()
        bold.setBold(True)
        painter.setFont(bold)
        metrics = QFontMetricsF(bold)
        for i, (point, value) in enumerate(zip(points, self.line, strict=True)):
            radius = 5.5 if self.hovered == i else 4.0
            painter.setPen(QPen(self.colour(QPalette.ColorRole.Base), 1.5))
            painter.setBrush(colour)
            painter.drawEllipse(point, radius, radius)
            if value:
                text = f"{value:g}"
                width = metrics.horizontalAdvance(text) + 6
                box = QRectF(point.x() - width / 2, point.y() - metrics.height() - 7, width, metrics.height())
                if any(box.intersects(label) for label in taken):
                    box.moveTop(point.y() + 7)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.colour(QPalette.ColorRole.Base, 220))
                painter.drawRoundedRect(box, 3, 3)
                painter.setPen(colour)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

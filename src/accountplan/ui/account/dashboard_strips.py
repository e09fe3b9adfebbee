"""The overview's horizontal charts: a heat strip of tiles, a bar split in proportions, and a list of sentences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter, QPalette, QPen, QResizeEvent

from accountplan.model.enums import Stance
from accountplan.reports.chart_style import STANCE_COLOURS
from accountplan.ui.common.chart_widget import GAP, HOVER_ALPHA, WRAPPED, Chart, Region, text_on

#: Heat from nothing covered (red) through half (amber) to everything (green): the stance colours.
HEAT_STOPS = (
    (0.0, QColor(STANCE_COLOURS[Stance.DETRACTOR])),
    (0.4, QColor(STANCE_COLOURS[Stance.SKEPTIC])),
    (0.7, QColor(STANCE_COLOURS[Stance.SUPPORTER])),
    (1.0, QColor(STANCE_COLOURS[Stance.CHAMPION])),
)
CENTRED = int(Qt.AlignmentFlag.AlignCenter)


def heat_colour(share: float) -> QColor:
    """The colour of a share from 0 to 1 on the heat scale."""
    share = min(max(share, 0.0), 1.0)
    for (low, start), (high, end) in zip(HEAT_STOPS, HEAT_STOPS[1:], strict=False):
        if share <= high:
            t = (share - low) / (high - low)
            return QColor.fromRgbF(
                start.redF() + (end.redF() - start.redF()) * t,
                start.greenF() + (end.greenF() - start.greenF()) * t,
                start.blueF() + (end.blueF() - start.blueF()) * t,
            )
    return QColor(HEAT_STOPS[-1][1])


class Tile(NamedTuple):
    """One cell of a heat row: its name, its width's weight, its share (0 to 1) and its tooltip."""

    label: str
    weight: float
    share: float
    tooltip: str


class HeatRow(NamedTuple):
    label: str
    caption: str
    tiles: Sequence[Tile]


class HeatStrip(Chart):
    """Rows of tiles coloured by a share, each tile as wide as its weight within its row."""

    def __init__(self, title: str, target: str, empty_text: str) -> None:
        super().__init__(title, target, empty_text)
        self.rows: list[HeatRow] = []
        self._labels: list[tuple[QRectF, HeatRow]] = []
        self._tiles: list[tuple[QRectF, Tile]] = []
        self._legend = QRectF()

    def set_rows(self, rows: Sequence[HeatRow]) -> None:
        self.rows = list(rows)
        self.changed()

    def is_empty(self) -> bool:
        return not self.rows

    def tile_rect(self, index: int) -> QRectF:
        """Tile ``index``, counting row by row."""
        self.regions()
        return self._tiles[index][0]

    def arrange(self, area: QRectF) -> list[Region]:
        metrics = QFontMetricsF(self.font())
        small = QFontMetricsF(self.small_font())
        self._legend = QRectF(area.right() - 150, area.top(), 150, small.height())
        top = area.top() + small.height() + GAP
        label_width = min(
            max(metrics.horizontalAdvance(row.label) for row in self.rows) + 12, area.width() * 0.3
        )
        height = min(48.0, (area.bottom() - top) / len(self.rows))
        self._labels, self._tiles, regions = [], [], []
        for r, row in enumerate(self.rows):
            y = top + r * height
            self._labels.append((QRectF(area.left(), y, label_width, height - 3), row))
            total = sum(tile.weight for tile in row.tiles) or 1.0
            x, width = area.left() + label_width, area.width() - label_width
            for tile in row.tiles:
                rect = QRectF(x, y, width * tile.weight / total, height - 3)
                x += rect.width()
                regions.append(Region(rect, tile.tooltip, len(self._tiles)))
                self._tiles.append((rect, tile))
        return regions

    def paint_marks(self, painter: QPainter, area: QRectF) -> None:
        small = self.small_font()
        metrics = QFontMetricsF(small)
        self._paint_legend(painter, metrics)
        for rect, row in self._labels:
            painter.setFont(self.font())
            painter.setPen(self.colour())
            name = QFontMetricsF(self.font()).elidedText(
                row.label, Qt.TextElideMode.ElideRight, rect.width() - 8
            )
            painter.drawText(rect.adjusted(0, 2, -8, 0), int(Qt.AlignmentFlag.AlignLeft), name)
            painter.setFont(small)
            painter.setPen(self.colour(alpha=150))
            painter.drawText(rect.adjusted(0, 0, -8, -2), int(Qt.AlignmentFlag.AlignBottom), row.caption)
        painter.setFont(small)
        for index, (rect, tile) in enumerate(self._tiles):
            fill = heat_colour(tile.share)
            inner = rect.adjusted(1, 0, -1, 0)
            painter.fillRect(inner, fill.lighter(115) if self.hovered == index else fill)
            if self.hovered == index:
                painter.setPen(QPen(self.colour(QPalette.ColorRole.Text), 2))
                painter.drawRect(inner.adjusted(1, 1, -1, -1))
            painter.setPen(text_on(fill))
            text_box = inner.adjusted(4, 2, -4, -2)
            percent = f"{round(tile.share * 100)} %"
            if text_box.width() < metrics.horizontalAdvance(percent):
                continue
            if text_box.height() >= 2 * metrics.height() and text_box.width() >= 40:
                name = metrics.elidedText(tile.label, Qt.TextElideMode.ElideRight, text_box.width())
                painter.drawText(text_box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), name)
                painter.drawText(
                    text_box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), percent
                )
            else:
                painter.drawText(text_box, CENTRED, percent)

    def _paint_legend(self, painter: QPainter, metrics: QFontMetricsF) -> None:
        box = self._legend
        painter.setFont(self.small_font())
        painter.setPen(self.colour(alpha=150))
        low, high = "0 %", "100 %"
        bar = QRectF(
            box.left() + metrics.horizontalAdvance(low) + 6,
            box.top() + 3,
            box.width() - metrics.horizontalAdvance(low + high) - 12,
            box.height() - 6,
        )
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), low)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), high)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for stop, colour in HEAT_STOPS:
            gradient.setColorAt(stop, colour)
        painter.fillRect(bar, gradient)


class Part(NamedTuple):
    """One part of a proportion bar: its name, size, colour, the line under its name, and its tooltip."""

    label: str
    value: float
    colour: QColor
    caption: str
    tooltip: str


class ProportionBar(Chart):
    """One horizontal bar split into parts by size, with a legend that names every part (empty ones too)."""

    BAR_HEIGHT = 36.0

    def __init__(self, title: str, target: str, empty_text: str) -> None:
        super().__init__(title, target, empty_text)
        self.parts: list[Part] = []
        self._segments: list[QRectF] = []
        self._keys: list[QRectF] = []

    def set_parts(self, parts: Sequence[Part]) -> None:
        self.parts = list(parts)
        self.changed()

    def is_empty(self) -> bool:
        return not any(part.value for part in self.parts)

    def segment_rect(self, index: int) -> QRectF:
        """Part ``index`` of the bar (empty when the part is zero)."""
        self.regions()
        return self._segments[index]

    def arrange(self, area: QRectF) -> list[Region]:
        total = sum(part.value for part in self.parts)
        x, top = area.left(), area.top() + 4
        self._segments, regions = [], []
        for index, part in enumerate(self.parts):
            rect = QRectF(x, top, area.width() * part.value / total, self.BAR_HEIGHT)
            x += rect.width()
            self._segments.append(rect)
            if part.value:
                regions.append(Region(rect, part.tooltip, index))
        metrics, small = QFontMetricsF(self.font()), QFontMetricsF(self.small_font())
        columns = 3 if area.width() > 420 else 2
        width = area.width() / columns
        height = metrics.height() + small.height() + 8
        legend_top = top + self.BAR_HEIGHT + 2 * GAP
        self._keys = []
        for index, part in enumerate(self.parts):
            row, column = divmod(index, columns)
            key = QRectF(area.left() + column * width, legend_top + row * height, width - 6, height - 4)
            self._keys.append(key)
            regions.append(Region(key, part.tooltip, index))
        return regions

    def paint_marks(self, painter: QPainter, area: QRectF) -> None:
        small = self.small_font()
        bold = self.font()
        bold.setBold(True)
        for index, (rect, part) in enumerate(zip(self._segments, self.parts, strict=True)):
            if not part.value:
                continue
            inner = rect.adjusted(0.5, 0, -0.5, 0)
            painter.fillRect(inner, part.colour.lighter(115) if self.hovered == index else part.colour)
            text = f"{part.value:g}"
            if QFontMetricsF(bold).horizontalAdvance(text) + 8 < inner.width():
                painter.setFont(bold)
                painter.setPen(text_on(part.colour))
                painter.drawText(inner, CENTRED, text)
        if self.hovered is not None and self.parts[self.hovered].value:
            painter.setPen(QPen(self.colour(QPalette.ColorRole.Text), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._segments[self.hovered].adjusted(1, 1, -1, -1))
        for index, (key, part) in enumerate(zip(self._keys, self.parts, strict=True)):
            if self.hovered == index:
                painter.fillRect(key, self.colour(QPalette.ColorRole.Highlight, HOVER_ALPHA))
            line = QFontMetricsF(self.font()).height()
            painter.fillRect(QRectF(key.left() + 4, key.top() + line / 2 - 5, 10, 10), part.colour)
            painter.setFont(self.font())
            painter.setPen(self.colour())
            painter.drawText(key.adjusted(20, 0, 0, 0), int(Qt.AlignmentFlag.AlignLeft), part.label)
            painter.setFont(small)
            painter.setPen(self.colour(alpha=150))
            painter.drawText(key.adjusted(20, line, 0, 0), int(Qt.AlignmentFlag.AlignLeft), part.caption)


class Line(NamedTuple):
    """One sentence of a list, behind a coloured badge."""

    badge: str
    colour: QColor
    text: str


class SentenceList(Chart):
    """Sentences one under the other, each behind a coloured badge; the widget grows to show them whole."""

    def __init__(self, title: str, target: str, empty_text: str) -> None:
        super().__init__(title, target, empty_text)
        self.lines: list[Line] = []
        self._rows: list[tuple[QRectF, QRectF, QRectF]] = []
        self.setMinimumHeight(120)

    def set_lines(self, lines: Sequence[Line]) -> None:
        self.lines = list(lines)
        self.changed()
        self._fit_height()

    def is_empty(self) -> bool:
        return not self.lines

    def _badge_width(self) -> float:
        metrics = QFontMetricsF(self.small_font())
        return max((metrics.horizontalAdvance(line.badge) for line in self.lines), default=0.0) + 24

    def arrange(self, area: QRectF) -> list[Region]:
        metrics = QFontMetricsF(self.font())
        badge_width = self._badge_width()
        text_width = area.width() - badge_width - 10
        y, self._rows, regions = area.top(), [], []
        for index, line in enumerate(self.lines):
            bounds = metrics.boundingRect(QRectF(0, 0, text_width, 10000), WRAPPED, line.text)
            row = QRectF(area.left(), y, area.width(), bounds.height() + 8)
            badge = QRectF(row.left() + 4, row.top() + 4, badge_width - 8, metrics.height())
            text = QRectF(row.left() + badge_width + 6, row.top() + 4, text_width, bounds.height())
            self._rows.append((row, badge, text))
            regions.append(Region(row, line.text, index))
            y = row.bottom() + 2
        return regions

    def paint_marks(self, painter: QPainter, area: QRectF) -> None:
        small = self.small_font()
        small.setBold(True)
        for index, ((row, badge, text), line) in enumerate(zip(self._rows, self.lines, strict=True)):
            if self.hovered == index:
                painter.fillRect(row, self.colour(QPalette.ColorRole.Highlight, HOVER_ALPHA))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(line.colour)
            painter.drawRoundedRect(badge, 4, 4)
            painter.setFont(small)
            painter.setPen(text_on(line.colour))
            painter.drawText(badge, CENTRED, line.badge)
            painter.setFont(self.font())
            painter.setPen(self.colour())
            painter.drawText(text, WRAPPED, line.text)

    def _fit_height(self) -> None:
        """Ask for the height that shows every sentence whole at the current width."""
        regions = self.regions()
        bottom = max((region.rect.bottom() for region in regions), default=0.0)
        self.setMinimumHeight(max(120, int(bottom + GAP)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()

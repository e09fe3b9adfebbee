"""The Overview's Progress card: a small line chart over time for each measure, each point a day to go back to.

Signals of :class:`ProgressChart`: ``day_clicked(date)`` when a point (a day's column, across the small
charts) is clicked; ``clicked(str)`` only from the sentence of an empty card.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPen

from accountplan.analysis.progress import ProgressPoint
from accountplan.model.enums import Stance
from accountplan.reports.chart_style import STANCE_COLOURS
from accountplan.ui.common.chart_widget import Chart, Region

#: The measures drawn, in order: (attribute of the point, label, colour).
LINES = (
    ("influence", "Influence covered at working strength", "#1f5fbf"),
    ("decisive", "Decisive people covered", "#7a4fb5"),
    ("champions", "Champions", STANCE_COLOURS[Stance.CHAMPION]),
    ("detractors", "Detractors", STANCE_COLOURS[Stance.DETRACTOR]),
    ("people", "People known", "#4d5966"),
)
#: Space between the small charts, in pixels.
PANEL_GAP = 14.0


def value_of(point: ProgressPoint, measure: str) -> float:
    """The value drawn for ``measure``: the influence share in per cent, else a count."""
    if measure == "influence":
        return 100 * point.influence_share
    if measure == "decisive":
        return point.decisive_covered
    return float(getattr(point, measure))


def value_text(point: ProgressPoint, measure: str) -> str:
    if measure == "influence":
        return f"{round(100 * point.influence_share)} %"
    if measure == "decisive":
        return f"{point.decisive_covered} of {point.decisive}"
    return str(getattr(point, measure))


def day_label(day: dt.date, today: dt.date) -> str:
    """A day for under a line: "today", a month's end as "Mar 26", another day as "14 Mar"."""
    if day == today:
        return "today"
    if (day + dt.timedelta(days=1)).day == 1:
        return f"{calendar.month_abbr[day.month]} {day.year % 100:02d}"
    return f"{day.day} {calendar.month_abbr[day.month]}"


class ProgressChart(Chart):
    """One small line chart per measure side by side, a point per day; a point's column is a day to click.

    Signals:
        day_clicked(object): a day (``datetime.date``) was clicked: show the org chart as it was then.
    """

    day_clicked = Signal(object)

    def __init__(self) -> None:
        super().__init__(
            "Progress",
            "org-chart",
            "The account's progress shows here once its plan has a history.",
        )
        self.points: list[ProgressPoint] = []
        self.today = dt.date.today()
        #: Per small chart: its plot rectangle and the points' places.
        self._plots: list[QRectF] = []
        self._places: list[list[QPointF]] = []

    def set_points(self, points: Sequence[ProgressPoint], today: dt.date) -> None:
        self.points, self.today = list(points), today
        if self.points:
            first, last = self.points[0].day, self.points[-1].day
            self.note = (
                f"From {first.day} {calendar.month_name[first.month]} {first.year} to "
                f"{'today' if last == today else last.isoformat()}, at the end of each month. "
                "Click a point to see the org chart as it was that day."
            )
        else:
            self.note = ""
        self.changed()

    def is_empty(self) -> bool:
        return len(self.points) < 1

    def series(self, measure: str) -> list[float]:
        """The values drawn for one measure, oldest first."""
        return [value_of(point, measure) for point in self.points]

    def _totals(self, measure: str) -> list[float]:
        """The decisive people covered are drawn against how many are decisive; other counts against themselves."""
        return [float(point.decisive) for point in self.points] if measure == "decisive" else []

    def point_position(self, panel: int, index: int) -> QPointF:
        """Where point ``index`` of small chart ``panel`` is drawn, in widget coordinates."""
        self.regions()
        return self._places[panel][index]

    def arrange(self, area: QRectF) -> list[Region]:
        small = QFontMetricsF(self.small_font())
        width = (area.width() - PANEL_GAP * (len(LINES) - 1)) / len(LINES)
        self._plots, self._places = [], []
        regions: list[Region] = []
        count = len(self.points)
        for panel, (measure, label, _) in enumerate(LINES):
            left = area.left() + panel * (width + PANEL_GAP)
            top = area.top() + 3 * small.height() + 10  # the label on up to two lines, then the value
            bottom = area.bottom() - small.height() - 6
            plot = QRectF(left + 4, top + 4, width - 8, max(bottom - top - 8, 10.0))
            values = self.series(measure)
            highest = 100.0 if measure == "influence" else max(*values, *self._totals(measure), 1.0)
            step = plot.width() / max(count - 1, 1)
            places = [
                QPointF(
                    plot.left() + (step * i if count > 1 else plot.width() / 2),
                    plot.bottom() - value / highest * plot.height(),
                )
                for i, value in enumerate(values)
            ]
            self._plots.append(plot)
            self._places.append(places)
            for i, (point, place) in enumerate(zip(self.points, places, strict=True)):
                half = max(step / 2, 6.0)  # the day's column, within this small chart
                column_left, column_right = max(place.x() - half, left), min(place.x() + half, left + width)
                column = QRectF(column_left, top, column_right - column_left, bottom - top)
                regions.append(
                    Region(column, f"{label}, {point.day.isoformat()}: {value_text(point, measure)}", i)
                )
        return regions

    def paint_marks(self, painter: QPainter, area: QRectF) -> None:
        small = QFontMetricsF(self.small_font())
        last = self.points[-1]
        if self.hovered is not None:
            self.paint_hover(painter, self.hovered)  # the day's column in every small chart
        for panel, (measure, label, colour) in enumerate(LINES):
            plot, places = self._plots[panel], self._places[panel]
            header = QRectF(plot.left() - 4, area.top(), plot.width() + 8, 2 * small.height())
            painter.setFont(self.small_font())
            painter.setPen(self.colour(alpha=170))
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap)
            painter.drawText(header, flags, label)
            painter.setFont(self.title_font())
            painter.setPen(QColor(colour))
            value = QRectF(header.left(), header.bottom() + 2, header.width(), small.height() + 4)
            painter.drawText(value, int(Qt.AlignmentFlag.AlignLeft), value_text(last, measure))
            painter.setPen(QPen(self.colour(alpha=60), 1))
            painter.drawLine(plot.bottomLeft(), plot.bottomRight())
            painter.setPen(QPen(QColor(colour), 2))
            for start, end in zip(places, places[1:], strict=False):
                painter.drawLine(start, end)
            painter.setBrush(QColor(colour))
            for i, place in enumerate(places):
                radius = 4.5 if i == self.hovered else 3.0
                painter.drawEllipse(place, radius, radius)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setFont(self.small_font())
            painter.setPen(self.colour(alpha=150))
            under = QRectF(plot.left() - 4, plot.bottom() + 4, plot.width() + 8, small.height())
            painter.drawText(
                under, int(Qt.AlignmentFlag.AlignLeft), day_label(self.points[0].day, self.today)
            )
            painter.drawText(under, int(Qt.AlignmentFlag.AlignRight), day_label(last.day, self.today))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self.region_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and index is not None and not self.is_empty():
            self.day_clicked.emit(self.points[self.regions()[index].mark].day)
            event.accept()
            return
        super().mouseReleaseEvent(event)

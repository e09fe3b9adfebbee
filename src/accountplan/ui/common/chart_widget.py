"""A chart widget painted with QPainter: title and note, marks with tooltips and hover, a click to a page.

Every chart of the overview is a :class:`Chart`: a title and a muted note on top, marks that show a tooltip
and light up under the mouse, and ``clicked(key)`` when a mark (or the sentence of an empty chart) is
clicked. Text and axes take the palette's colours, so the charts read in light and dark themes alike; the
marks use the report colours of :mod:`accountplan.reports.chart_style`.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from accountplan.ui.common.accessibility import describe

#: Space around the chart and between its title and its marks, in pixels.
MARGIN, GAP = 4.0, 8.0
#: How strongly the place under the mouse is washed with the highlight colour (0 to 255).
HOVER_ALPHA = 40
WRAPPED = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


class Region(NamedTuple):
    """Where the mouse finds a mark: its rectangle, its tooltip, and the mark it lights up."""

    rect: QRectF
    tooltip: str
    mark: int


def with_alpha(colour: QColor, alpha: int) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(alpha)
    return faded


def text_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    luminance = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF()
    return QColor("#1d2127") if luminance > 0.6 else QColor("#ffffff")


class Series(NamedTuple):
    name: str
    colour: QColor


class Chart(QWidget):
    """A chart with a title, hover highlight, a tooltip per mark and a click that opens a page.

    Signals:
        clicked(str): a mark, or the sentence of an empty chart, was clicked; carries ``target``, a page key.
    """

    clicked = Signal(str)

    def __init__(self, title: str, target: str, empty_text: str) -> None:
        super().__init__()
        self.title, self.target, self.empty_text = title, target, empty_text
        self.note = ""
        self.hovered: int | None = None
        self._regions: list[Region] | None = None
        self.setMouseTracking(True)
        self.setMinimumHeight(180)
        describe(self, title, empty_text)

    # --- what subclasses define ----------------------------------------------------------------------

    def is_empty(self) -> bool:
        return True

    def arrange(self, area: QRectF) -> list[Region]:
        """Lay the marks out in ``area``; return where the mouse finds them."""
        return []

    def paint_marks(self, painter: QPainter, area: QRectF) -> None:
        """Draw the marks laid out by :meth:`arrange`."""

    # --- shared -------------------------------------------------------------------------------------

    def colour(self, role: QPalette.ColorRole = QPalette.ColorRole.Text, alpha: int = 255) -> QColor:
        return with_alpha(self.palette().color(role), alpha)

    def small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.88)
        return font

    def title_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        return font

    def changed(self) -> None:
        """The data changed: lay out again and repaint."""
        self._regions = None
        self.hovered = None
        describe(self, self.title, self.summary())
        self._regions = None  # laid out again at the size it is painted
        self.update()

    def summary(self) -> str:
        """What the chart shows, in words, for assistive technology: its note, then each mark's tooltip."""
        if self.is_empty():
            return self.empty_text
        marks = [" ".join(region.tooltip.split()) for region in self.regions() if region.tooltip]
        return ". ".join(part.rstrip(".") for part in [self.note, *marks] if part) + "."

    def regions(self) -> list[Region]:
        if self._regions is None:
            area = self.chart_area()
            self._regions = (
                [Region(self._empty_rect(area), self.empty_text, 0)]
                if self.is_empty()
                else self.arrange(area)
            )
        return self._regions

    def region_rect(self, index: int) -> QRect:
        """Where the ``index``-th place the mouse can click is, in widget coordinates."""
        return self.regions()[index].rect.toAlignedRect()

    def region_at(self, point: QPointF) -> int | None:
        return next((i for i, region in enumerate(self.regions()) if region.rect.contains(point)), None)

    def shown_note(self) -> str:
        """The note, unless the chart is empty: then its sentence says everything."""
        return "" if self.is_empty() else self.note

    def note_rect(self) -> QRectF:
        """Where the note goes: under the title, wrapped to the chart's width."""
        top = MARGIN + QFontMetricsF(self.title_font()).height() + 2
        width = self.width() - 2 * MARGIN
        if not self.shown_note():
            return QRectF(MARGIN, top, width, 0)
        bounds = QFontMetricsF(self.small_font()).boundingRect(
            QRectF(0, 0, width, 1000), WRAPPED, self.shown_note()
        )
        return QRectF(MARGIN, top, width, bounds.height())

    def chart_area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(MARGIN, self.note_rect().bottom() + GAP, -MARGIN, -MARGIN)

    def _empty_rect(self, area: QRectF) -> QRectF:
        metrics = QFontMetricsF(self.font())
        width = min(area.width(), 420.0)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
        bounds = metrics.boundingRect(QRectF(0, 0, width, 1000), flags, self.empty_text)
        return QRectF(
            area.center().x() - width / 2,
            area.center().y() - bounds.height() / 2 - 6,
            width,
            bounds.height() + 12,
        )

    def legend(self) -> list[tuple[Series, bool]]:
        """The legend's entries, right-aligned on the first line of the chart area: (series, drawn as a line)."""
        return []

    def legend_height(self) -> float:
        return QFontMetricsF(self.small_font()).height() + 6 if self.legend() else 0.0

    def paint_legend(self, painter: QPainter, area: QRectF) -> None:
        painter.setFont(self.small_font())
        metrics = QFontMetricsF(self.small_font())
        x, middle = area.right(), area.top() + metrics.height() / 2
        for series, as_line in reversed(self.legend()):
            width = metrics.horizontalAdvance(series.name)
            x -= width
            painter.setPen(self.colour(alpha=190))
            painter.drawText(QRectF(x, area.top(), width + 1, metrics.height()), series.name)
            x -= 18
            if as_line:
                painter.setPen(QPen(series.colour, 2))
                painter.drawLine(QPointF(x - 2, middle), QPointF(x + 12, middle))
                painter.setBrush(series.colour)
                painter.drawEllipse(QPointF(x + 5, middle), 3.5, 3.5)
            else:
                painter.fillRect(QRectF(x, middle - 5, 10, 10), series.colour)
            x -= 16

    def paint_hover(self, painter: QPainter, index: int) -> None:
        """Wash the place of mark ``index`` with the highlight colour when the mouse is over it."""
        if self.hovered == index:
            for region in self.regions():
                if region.mark == index:
                    painter.fillRect(region.rect, self.colour(QPalette.ColorRole.Highlight, HOVER_ALPHA))

    # --- Qt -----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.title_font())
        painter.setPen(self.colour())
        title_height = QFontMetricsF(self.title_font()).height()
        painter.drawText(QRectF(MARGIN, MARGIN, self.width(), title_height), self.title)
        painter.setFont(self.small_font())
        painter.setPen(self.colour(alpha=150))
        painter.drawText(self.note_rect(), WRAPPED, self.shown_note())
        painter.setFont(self.font())
        regions = self.regions()
        if self.is_empty():
            rect = regions[0].rect
            if self.hovered is not None:
                painter.fillRect(rect, self.colour(QPalette.ColorRole.Highlight, HOVER_ALPHA))
            painter.setPen(self.colour(alpha=160))
            flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
            painter.drawText(rect, flags, self.empty_text)
        else:
            self.paint_marks(painter, self.chart_area())
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._regions = None
        super().resizeEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self.region_at(event.position())
        mark = self.regions()[index].mark if index is not None else None
        if mark != self.hovered:
            self.hovered = mark
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if mark is not None else Qt.CursorShape.ArrowCursor
            )
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self.hovered = None
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.region_at(event.position()) is not None:
            self.clicked.emit(self.target)
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.region_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                region = self.regions()[index]
                QToolTip.showText(event.globalPos(), region.tooltip, self, region.rect.toAlignedRect())
            return True
        return super().event(event)

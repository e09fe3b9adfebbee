"""The journey timeline: twelve fiscal quarters, swimlanes of milestones and deals, dragged to reschedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from accountplan.analysis.quarters import Quarter, quarter_of
from accountplan.model.enums import JourneyPhase, MilestoneStatus, Outcome
from accountplan.plan.journey import Journey, JourneyDeal, MilestoneRow
from accountplan.ui.pursuit.whitespace_model import short_money

LABEL_WIDTH, RIGHT_MARGIN, MIN_COLUMN = 96.0, 12.0, 64.0
YEAR_HEIGHT, QUARTER_HEIGHT = 24.0, 22.0
ROW_HEIGHT, LANE_PADDING, MARKER, TODAY_LABEL = 24.0, 8.0, 12.0, 22.0
LABEL_MAX = 190.0
#: The lanes from top to bottom: the three phases, then the deals (``None``).
LANES: tuple[JourneyPhase | None, ...] = (JourneyPhase.LAND, JourneyPhase.PROVE, JourneyPhase.EXPAND, None)
LANE_FILLS = ("#f7f9fc", "#ffffff")
GRID, YEAR_LINE, TEXT, MUTED = "#dde1e6", "#aab2bd", "#1d2127", "#5f6670"
TODAY = "#d2453b"
MILESTONE_COLOURS = {
    MilestoneStatus.PLANNED: "#2f6fd6",
    MilestoneStatus.REACHED: "#1b8a3a",
    MilestoneStatus.MISSED: "#d2453b",
}
LATE_COLOUR = "#e8a33d"
DEAL_COLOURS = {
    None: "#ffffff",
    Outcome.WON: "#1b8a3a",
    Outcome.LOST: "#9aa0a6",
    Outcome.NO_DECISION: "#c4c8ce",
}
DEAL_BORDER = "#1f5fbf"


@dataclass(frozen=True)
class Timeline:
    """Where the quarters are drawn: each quarter one column of equal width, days spread inside it."""

    quarters: tuple[Quarter, ...]
    left: float
    column: float

    @property
    def right(self) -> float:
        return self.left + self.column * len(self.quarters)

    def x_of(self, day: dt.date) -> float:
        index = quarter_of(self.quarters, day)
        if index is None:
            return self.left if day < self.quarters[0].start else self.right
        quarter = self.quarters[index]
        length = (quarter.end - quarter.start).days + 1
        return self.left + self.column * (index + ((day - quarter.start).days + 0.5) / length)

    def day_at(self, x: float) -> dt.date:
        """The day drawn at ``x`` (the first or last day when ``x`` is outside the quarters)."""
        position = (x - self.left) / self.column
        index = max(0, min(len(self.quarters) - 1, int(position // 1)))
        quarter = self.quarters[index]
        length = (quarter.end - quarter.start).days + 1
        offset = int((position - index) * length)
        return quarter.start + dt.timedelta(days=max(0, min(length - 1, offset)))


class TimelineItem(QGraphicsItem):
    """A milestone (a diamond) or a deal (a circle) with its label; dragged sideways to reschedule it."""

    def __init__(self, kind: str, item_id: int, day: dt.date, text: str, tip: str) -> None:
        super().__init__()
        self.kind, self.item_id, self.day, self.text = kind, item_id, day, text
        self.fill, self.border, self.strike, self.late = QColor("#ffffff"), QColor(TEXT), False, False
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        self.label_width = min(LABEL_MAX, QFontMetricsF(self.font).horizontalAdvance(text) + 4)
        self.home = QPointF()
        #: The label is drawn left of the marker near the right edge of the timeline.
        self.label_left = False
        self.setToolTip(tip)
        self.setCursor(Qt.CursorShape.SizeHorCursor)
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setZValue(2)

    @property
    def extent(self) -> float:
        """How far right of its day the item reaches (marker and label)."""
        return MARKER + self.label_width

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        left = -MARKER / 2 - 2 - (self.label_width + 4 if self.label_left else 0)
        return QRectF(left, -ROW_HEIGHT / 2, MARKER + self.label_width + 8, ROW_HEIGHT)

    def place(self, point: QPointF) -> None:
        self.home = QPointF(point)
        self.setPos(point)

    def snap_back(self) -> None:
        self.setPos(self.home)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:  # noqa: N802
        scene = self.scene()
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(scene, JourneyScene):
            timeline = scene.timeline
            x = float(value.x())
            if timeline is not None:
                x = max(timeline.left, min(timeline.right, x))
            return QPointF(x, self.home.y())  # sideways only
        return super().itemChange(change, value)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        scene = self.scene()
        if isinstance(scene, JourneyScene) and abs(self.pos().x() - self.home.x()) >= 1:
            scene.dropped(self)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        painter.setPen(QPen(QColor(DEAL_BORDER if selected else self.border), 2.2 if selected else 1.2))
        painter.setBrush(QBrush(self.fill))
        half = MARKER / 2
        if self.kind == "milestone":
            path = QPainterPath(QPointF(0, -half))
            for point in (QPointF(half, 0), QPointF(0, half), QPointF(-half, 0), QPointF(0, -half)):
                path.lineTo(point)
            painter.drawPath(path)
        else:
            painter.drawEllipse(QPointF(0, 0), half - 1, half - 1)
        if self.late:
            painter.setPen(QPen(QColor(TODAY), 1.6))
            painter.drawText(QRectF(-half, -half - 1, MARKER, MARKER), Qt.AlignmentFlag.AlignCenter, "!")
        font = QFont(self.font)
        font.setStrikeOut(self.strike)
        painter.setFont(font)
        painter.setPen(QColor(MUTED if self.strike else TEXT))
        metrics = QFontMetricsF(font)
        text = metrics.elidedText(self.text, Qt.TextElideMode.ElideRight, self.label_width)
        x = -half - 4 - self.label_width if self.label_left else half + 4
        align = Qt.AlignmentFlag.AlignRight if self.label_left else Qt.AlignmentFlag.AlignLeft
        painter.drawText(
            QRectF(x, -ROW_HEIGHT / 2, self.label_width, ROW_HEIGHT),
            align | Qt.AlignmentFlag.AlignVCenter,
            text,
        )


def _milestone_item(row: MilestoneRow) -> TimelineItem:
    status = MilestoneStatus(row.status)
    suffix = " (late)" if row.late else " (missed)" if status is MilestoneStatus.MISSED else ""
    tip = [
        f"{row.title}{suffix}",
        f"{row.phase.label} · target {row.target_date.isoformat()} · {status.label}",
    ]
    if row.reached_on:
        tip.append(f"Reached {row.reached_on.isoformat()}")
    if row.opportunity:
        tip.append(f"Deal: {row.opportunity}")
    if row.description:
        tip.append(row.description)
    tip.append("Drag sideways to reschedule; double-click to edit")
    item = TimelineItem("milestone", row.id, row.target_date, row.title + suffix, "\n".join(tip))
    item.fill = QColor(LATE_COLOUR if row.late else MILESTONE_COLOURS[status])
    item.border = QColor(TODAY if row.late or status is MilestoneStatus.MISSED else "#3b4350")
    item.strike = status is MilestoneStatus.MISSED
    item.late = row.late
    return item


def _deal_item(deal: JourneyDeal) -> TimelineItem:
    outcome = Outcome(deal.outcome) if deal.outcome is not None else None
    amount = f" · {short_money(deal.amount)}" if deal.amount is not None else ""
    state = (
        f"{outcome.label} {deal.expected_close.isoformat()}"
        if outcome
        else f"closes {deal.expected_close.isoformat()}"
    )
    tip = f"{deal.name}\n{deal.sales_stage.label} · {state}"
    if deal.amount is not None:
        tip += f" · {deal.currency} {deal.amount:,.0f}"
    if outcome is None:
        tip += "\nDrag sideways to move the expected close"
    item = TimelineItem("deal", deal.id, deal.expected_close, deal.name + amount, tip)
    item.fill = QColor(DEAL_COLOURS.get(outcome, "#ffffff"))
    item.border = QColor(DEAL_BORDER if outcome is None else "#3b4350")
    item.strike = outcome in (Outcome.LOST, Outcome.NO_DECISION)
    if outcome is not None:  # a closed deal stays where it closed
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, False)
        item.setCursor(Qt.CursorShape.ArrowCursor)
    return item


def _stack(items: Sequence[TimelineItem], timeline: Timeline) -> list[int]:
    """The row of each item in its lane, so that no label overlaps the next item."""
    ends: list[float] = []
    rows = []
    for item in items:
        x = timeline.x_of(item.day)
        item.label_left = x + item.extent > timeline.right + RIGHT_MARGIN
        start = x - (item.extent if item.label_left else MARKER)
        row = next((r for r, end in enumerate(ends) if end < start), len(ends))
        if row == len(ends):
            ends.append(-1e9)
        ends[row] = x + (MARKER if item.label_left else item.extent)
        rows.append(row)
    return rows


class JourneyScene(QGraphicsScene):
    """Draws a ``Journey``; a dropped item asks for its new day, a double-click for an edit or a new item.

    Signals:
        reschedule_requested(str, int, object): "milestone" or "deal", its id, the new ``datetime.date``.
        edit_requested(str, int): an item was double-clicked.
        add_requested(object, object): empty space in a phase's lane was double-clicked (phase, date).
    """

    reschedule_requested = Signal(str, int, object)
    edit_requested = Signal(str, int)
    add_requested = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.timeline: Timeline | None = None
        self.items_by_key: dict[tuple[str, int], TimelineItem] = {}
        self.lanes: list[tuple[JourneyPhase | None, float, float]] = []

    def show_journey(self, journey: Journey, today: dt.date, width: float) -> None:
        self.clear()
        self.items_by_key, self.lanes = {}, []
        column = max(MIN_COLUMN, (width - LABEL_WIDTH - RIGHT_MARGIN) / max(1, len(journey.quarters)))
        self.timeline = timeline = Timeline(journey.quarters, LABEL_WIDTH, column)
        by_lane: dict[JourneyPhase | None, list[TimelineItem]] = {lane: [] for lane in LANES}
        for milestone in journey.milestones:
            by_lane[milestone.phase].append(_milestone_item(milestone))
        for deal in journey.deals:
            by_lane[None].append(_deal_item(deal))
        top = YEAR_HEIGHT + QUARTER_HEIGHT
        for number, lane in enumerate(LANES):
            items = sorted(by_lane[lane], key=lambda i: (i.day, i.text))
            rows = _stack(items, timeline)
            height = max(1, max(rows, default=0) + 1) * ROW_HEIGHT + 2 * LANE_PADDING
            self._lane(lane, top, height, LANE_FILLS[number % 2])
            for item, row in zip(items, rows, strict=True):
                self.addItem(item)
                item.place(QPointF(timeline.x_of(item.day), top + LANE_PADDING + (row + 0.5) * ROW_HEIGHT))
                self.items_by_key[(item.kind, item.item_id)] = item
            top += height
        self._header(timeline, top)
        self._today(timeline, today, top)
        self.setSceneRect(QRectF(0, 0, timeline.right + RIGHT_MARGIN, top + TODAY_LABEL))

    def _lane(self, lane: JourneyPhase | None, top: float, height: float, fill: str) -> None:
        assert self.timeline is not None
        band = self.addRect(
            QRectF(0, top, self.timeline.right, height), QPen(QColor(GRID)), QBrush(QColor(fill))
        )
        band.setZValue(-2)
        label = self.addSimpleText(lane.label if lane else "Deals")
        font = QFont()
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QBrush(QColor(MUTED)))
        label.setPos(8, top + LANE_PADDING + 3)
        self.lanes.append((lane, top, top + height))

    def _header(self, timeline: Timeline, bottom: float) -> None:
        bold = QFont()
        bold.setBold(True)
        for quarter in timeline.quarters:
            x = timeline.left + quarter.index * timeline.column
            if quarter.index % 4 == 0:
                year = self.addRect(
                    QRectF(x, 0, timeline.column * 4, YEAR_HEIGHT),
                    QPen(QColor(YEAR_LINE)),
                    QBrush(QColor("#e9eef6" if quarter.index % 8 == 0 else "#f3f5f9")),
                )
                year.setZValue(-1)
                text = self.addSimpleText(quarter.fiscal_year)
                text.setFont(bold)
                text.setPos(x + 6, 4)
            label = self.addSimpleText(quarter.label)
            label.setBrush(QBrush(QColor(MUTED)))
            label.setToolTip(f"{quarter.title}: {quarter.start.isoformat()} to {quarter.end.isoformat()}")
            label.setPos(x + 6, YEAR_HEIGHT + 3)
            strong = quarter.index % 4 == 0
            line = self.addLine(
                x, YEAR_HEIGHT, x, bottom, QPen(QColor(YEAR_LINE if strong else GRID), 1.4 if strong else 1)
            )
            line.setZValue(-1)

    def _today(self, timeline: Timeline, today: dt.date, bottom: float) -> None:
        if quarter_of(timeline.quarters, today) is None:
            return
        x = timeline.x_of(today)
        line = self.addLine(x, YEAR_HEIGHT, x, bottom, QPen(QColor(TODAY), 1.5, Qt.PenStyle.DashLine))
        line.setZValue(1)
        label = self.addSimpleText(f"Today {today.isoformat()}")
        label.setBrush(QBrush(QColor(TODAY)))
        label.setPos(x - label.boundingRect().width() / 2, bottom + 3)
        label.setZValue(1)

    # --- editing ------------------------------------------------------------------------------------

    def dropped(self, item: TimelineItem) -> None:
        """An item was let go: ask for the day under its marker, or put it back if the day is the same."""
        if self.timeline is None:
            return
        day = self.timeline.day_at(item.pos().x())
        if day == item.day:
            item.snap_back()
            return
        self.reschedule_requested.emit(item.kind, item.item_id, day)

    def selected_item(self) -> TimelineItem | None:
        chosen = [i for i in self.selectedItems() if isinstance(i, TimelineItem)]
        return chosen[0] if chosen else None

    def lane_at(self, y: float) -> JourneyPhase | None | str:
        """The phase of the lane at ``y`` (None: the deals' lane; "" outside every lane)."""
        return next((lane for lane, top, bottom in self.lanes if top <= y < bottom), "")

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        point = event.scenePos()
        found = next((i for i in self.items(point) if isinstance(i, TimelineItem)), None)
        if found is not None:
            self.edit_requested.emit(found.kind, found.item_id)
        elif self.timeline is not None:
            lane = self.lane_at(point.y())
            if isinstance(lane, JourneyPhase):
                self.add_requested.emit(lane, self.timeline.day_at(point.x()))
        event.accept()


class JourneyView(QGraphicsView):
    """The timeline's view; it asks for the scene to be drawn again to the new width when resized.

    Signals:
        resized(): the viewport's width changed.
    """

    resized = Signal()

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QColor("#ffffff"))
        self._width = 0

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.viewport().width() != self._width:
            self._width = self.viewport().width()
            self.resized.emit()

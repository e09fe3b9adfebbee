"""The org chart's influence arrows, all drawn by one item under the cards.

Thousands of links cross a big chart from one end to the other. One item draws them all, each worked out
from where its two cards are when it is next painted after cards moved (a move of a team moves the cards of
everyone below), and draws only those on screen, a long one only along its part on screen: moving teams of
thousands of cards, or painting a corner of the chart, costs a look at each link's box, not a new curve each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QToolTip, QWidget

from accountplan.model.enums import InfluenceKind
from accountplan.reports import chart_style

if TYPE_CHECKING:
    from accountplan.ui.orgchart.org_chart_scene import ChartLink, PersonCard

ArrowKey = tuple[int, int, InfluenceKind]
INFLUENCE_COLOURS = {kind: QColor(colour) for kind, colour in chart_style.INFLUENCE_COLOURS.items()}
#: How many straight pieces an arrow's curve is drawn with.
PIECES = 24
HEAD_LENGTH, HEAD_SPREAD = 12.0, 0.45
#: How far a curve bows out of the straight line between its cards, at most.
MAX_BEND = 120.0
#: More arrows than this on screen at once are drawn a pixel wide, strength told by nothing but the tangle.
DENSE = 80


@dataclass(eq=False)
class Arrow:
    """One influence link between two cards, and its curve as last worked out."""

    link: ChartLink
    source: PersonCard
    target: PersonCard
    pen: QPen
    dashed: bool
    #: The pen when many arrows are on screen: one pixel wide whatever the zoom.
    thin: QPen = field(default_factory=QPen)
    #: Where the two cards were (top-left corners, on the chart) when the curve was worked out.
    ends: tuple[QPointF, QPointF] | None = None
    #: The curve's start, control point and tip.
    curve: tuple[float, float, float, float, float, float] = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    #: The box around the curve and its head: left, top, right, bottom.
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    #: The curve in straight pieces, as (x, y), and the head's two strokes (worked out when first needed).
    points: list[tuple[float, float]] | None = None
    head: list[QLineF] = field(default_factory=list)

    def tooltip(self) -> str:
        link = self.link
        return (
            f"{self.source.person.name} {link.kind.label.lower()} {self.target.person.name} "
            f"(strength {link.strength}/5)"
        )

    def follow(self, card_height: float) -> None:
        """Work the curve out from where the cards are now, if they moved."""
        a, b = self.source.scenePos(), self.target.scenePos()
        if self.ends is not None and a == self.ends[0] and b == self.ends[1]:
            return
        self.ends, self.points = (a, b), None
        self.curve = curve(
            (a.x(), a.y(), self.source.width, card_height), (b.x(), b.y(), self.target.width, card_height)
        )
        xs, ys = self.curve[0::2], self.curve[1::2]
        margin = self.pen.widthF() + HEAD_LENGTH
        self.box = (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)

    def shape(self) -> list[tuple[float, float]]:
        """The curve in straight pieces (and its head's strokes), worked out once per move."""
        if self.points is None:
            self.points = _flatten(self.curve)
            _sx, _sy, cx, cy, tx, ty = self.curve
            angle = math.atan2(ty - cy, tx - cx)
            self.head = [
                QLineF(
                    tx,
                    ty,
                    tx - math.cos(angle + side) * HEAD_LENGTH,
                    ty - math.sin(angle + side) * HEAD_LENGTH,
                )
                for side in (-HEAD_SPREAD, HEAD_SPREAD)
            ]
        return self.points

    def pieces(self) -> list[QLineF]:
        """The straight pieces of the curve."""
        points = self.shape()
        return [QLineF(*points[i], *points[i + 1]) for i in range(len(points) - 1)]


def curve(
    source: tuple[float, float, float, float], target: tuple[float, float, float, float]
) -> tuple[float, float, float, float, float, float]:
    """A curve from one card (x, y, width, height) to another: start, control point and tip.

    It leaves the first card's edge and ends on the second's, bowing to one side, more the longer it is, up
    to MAX_BEND.
    """
    ax, ay = source[0] + source[2] / 2, source[1] + source[3] / 2
    bx, by = target[0] + target[2] / 2, target[1] + target[3] / 2
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy) or 1.0
    bend = min(MAX_BEND, length * 0.25)
    cx, cy = (ax + bx) / 2 - dy / length * bend, (ay + by) / 2 + dx / length * bend
    sx, sy = _edge_point(ax, ay, source[2], source[3], cx, cy)
    tx, ty = _edge_point(bx, by, target[2], target[3], cx, cy)
    return sx, sy, cx, cy, tx, ty


def _edge_point(x: float, y: float, width: float, height: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the line from a card's centre (x, y) towards (tx, ty) leaves the card."""
    dx, dy = tx - x, ty - y
    if dx == 0 and dy == 0:
        return x, y
    scale = min((width / 2) / abs(dx) if dx else math.inf, (height / 2) / abs(dy) if dy else math.inf)
    return x + dx * scale, y + dy * scale


def clipped_runs(
    points: list[tuple[float, float]], left: float, top: float, right: float, bottom: float
) -> list[QPolygonF]:
    """The runs of a polyline inside a rectangle, cut to it where they cross its edge (Liang–Barsky)."""
    runs: list[QPolygonF] = []
    run: list[QPointF] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        start, end = 0.0, 1.0
        if (
            (x0 < left and x1 < left)
            or (x0 > right and x1 > right)
            or (y0 < top and y1 < top)
            or (y0 > bottom and y1 > bottom)
        ):
            start, end = 1.0, 0.0
        dx, dy = x1 - x0, y1 - y0
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
            if start > end:
                break
            if p == 0:
                if q < 0:
                    start, end = 1.0, 0.0
                continue
            r = q / p
            if p < 0:
                start = max(start, r)
            else:
                end = min(end, r)
        if start > end:  # this piece is off screen: the run so far ends
            if run:
                runs.append(QPolygonF(run))
                run = []
            continue
        if not run or start > 0:
            if run:
                runs.append(QPolygonF(run))
            run = [QPointF(x0 + start * dx, y0 + start * dy)]
        run.append(QPointF(x0 + end * dx, y0 + end * dy))
        if end < 1:
            runs.append(QPolygonF(run))
            run = []
    if run:
        runs.append(QPolygonF(run))
    return runs


class ArrowLayer(QGraphicsRectItem):
    """Every influence arrow of the chart, under the cards (the names stay readable)."""

    def __init__(self, card_height: float) -> None:
        super().__init__()
        self.card_height = card_height
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setZValue(0.5)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # the part to paint
        self.arrows: dict[ArrowKey, Arrow] = {}
        self._moved = True

    def add(self, link: ChartLink, source: PersonCard, target: PersonCard) -> None:
        pen = QPen(INFLUENCE_COLOURS[link.kind], 0.8 + link.strength * 0.5)
        dashed = link.kind in chart_style.DASHED_KINDS
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        thin = QPen(pen)
        thin.setWidthF(1.0)
        thin.setCosmetic(True)
        self.arrows[(link.source, link.target, link.kind)] = Arrow(link, source, target, pen, dashed, thin)
        self.cards_moved()

    def remove(self, key: ArrowKey) -> None:
        if self.arrows.pop(key, None) is not None:
            self.update()

    def cards_moved(self) -> None:
        """Cards moved: each arrow is worked out again, if its cards moved, when next painted."""
        self._moved = True
        self.update()

    def _follow(self) -> None:
        if self._moved:
            self._moved = False
            for arrow in self.arrows.values():
                arrow.follow(self.card_height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        self._follow()
        shown = option.exposedRect
        left, top, right, bottom = shown.left() - 4, shown.top() - 4, shown.right() + 4, shown.bottom() + 4
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        shown_arrows = [
            arrow
            for arrow in self.arrows.values()
            if not (
                arrow.box[2] < left or arrow.box[0] > right or arrow.box[3] < top or arrow.box[1] > bottom
            )
        ]
        dense = len(shown_arrows) > DENSE  # a tangle: each drawn a pixel wide (Qt strokes those far quicker)
        for arrow in shown_arrows:
            painter.setPen(arrow.thin if dense else arrow.pen)
            points = arrow.shape()
            # Only the part on screen, in straight pieces: a long curve, or a long dashed line, costs Qt
            # as much to stroke off screen as on it.
            for run in clipped_runs(points, left, top, right, bottom):
                painter.drawPolyline(run)
            tx, ty = points[-1]
            if (
                left - HEAD_LENGTH <= tx <= right + HEAD_LENGTH
                and top - HEAD_LENGTH <= ty <= bottom + HEAD_LENGTH
            ):
                if arrow.dashed:
                    solid = QPen(arrow.thin if dense else arrow.pen)
                    solid.setStyle(Qt.PenStyle.SolidLine)
                    painter.setPen(solid)
                painter.drawLines(arrow.head)

    def arrow_at(self, point: QPointF, reach: float = 4.0) -> Arrow | None:
        """The arrow passing closest to ``point``, if one passes within ``reach`` of it."""
        self._follow()
        best, nearest = None, reach
        x, y = point.x(), point.y()
        for arrow in self.arrows.values():
            x0, y0, x1, y1 = arrow.box
            if not (x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach):
                continue
            for piece in arrow.pieces():
                distance = _distance(point, piece) - arrow.pen.widthF() / 2
                if distance <= nearest:
                    best, nearest = arrow, distance
        return best

    def sceneEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.GraphicsSceneHelp:
            arrow = self.arrow_at(event.scenePos())  # type: ignore[attr-defined]
            if arrow is not None:
                QToolTip.showText(event.screenPos(), arrow.tooltip())  # type: ignore[attr-defined]
                return True
        return super().sceneEvent(event)


def _flatten(curve: tuple[float, float, float, float, float, float]) -> list[tuple[float, float]]:
    sx, sy, cx, cy, tx, ty = curve
    points = []
    for step in range(PIECES + 1):
        t = step / PIECES
        u = 1 - t
        points.append((u * u * sx + 2 * u * t * cx + t * t * tx, u * u * sy + 2 * u * t * cy + t * t * ty))
    return points


def _distance(point: QPointF, line: QLineF) -> float:
    """From a point to a segment."""
    dx, dy = line.dx(), line.dy()
    squared = dx * dx + dy * dy
    if squared == 0:
        return math.hypot(point.x() - line.x1(), point.y() - line.y1())
    t = max(0.0, min(1.0, ((point.x() - line.x1()) * dx + (point.y() - line.y1()) * dy) / squared))
    return math.hypot(point.x() - (line.x1() + t * dx), point.y() - (line.y1() + t * dy))

"""The org chart painted once for every output: what a pen must draw, and the cards, lines, arrows and header."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import Header
from accountplan.reports.fonts import text_width
from accountplan.reports.org_chart_geometry import Arrow, Bounds, Card, ChartGeometry, Point, Text

__all__ = [
    "ChartItems",
    "Pen",
    "items_within",
    "line_bounds",
    "paint_card",
    "paint_chart",
    "paint_header",
    "paint_links",
]


class Pen(Protocol):
    """Draws in chart points (top-left origin, y down); each output turns them into its own coordinates."""

    def line(self, points: Sequence[Point], colour: str, width: float, *, dashed: bool = False) -> None:
        """An open polyline with round joins."""

    def curve(
        self, start: Point, control: Point, end: Point, colour: str, width: float, *, dashed: bool
    ) -> None:
        """A quadratic Bézier curve."""

    def box(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        fill: str | None,
        border: str | None = None,
        border_width: float = 0.0,
        radius: float = 0.0,
    ) -> None:
        """A rectangle, its corners rounded by ``radius``."""

    def dots(self, dots: Sequence[tuple[float, float, str]], diameter: float) -> None:
        """Filled circles: centre x, centre y and colour of each."""

    def text(self, text: Text) -> None:
        """One line of text, each script in its shipped font (SVG: a font list naming them, for the viewer)."""


class ChartItems(NamedTuple):
    """What to paint: reporting lines, influence arrows and cards, painted in that order."""

    lines: list[tuple[Point, ...]]
    arrows: list[Arrow]
    cards: list[Card]


def line_bounds(points: Sequence[Point]) -> Bounds:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _overlaps(bounds: Bounds, viewport: Bounds) -> bool:
    return (
        bounds[0] <= viewport[2]
        and bounds[2] >= viewport[0]
        and bounds[1] <= viewport[3]
        and bounds[3] >= viewport[1]
    )


def items_within(geometry: ChartGeometry, viewport: Bounds | None = None) -> ChartItems:
    """The items of the chart that overlap ``viewport`` (all of them without one)."""
    if viewport is None:
        return ChartItems(geometry.reporting_lines, geometry.arrows, geometry.cards)
    return ChartItems(
        [points for points in geometry.reporting_lines if _overlaps(line_bounds(points), viewport)],
        [arrow for arrow in geometry.arrows if _overlaps(arrow.bounds, viewport)],
        [card for card in geometry.cards if _overlaps(card.bounds, viewport)],
    )


def paint_chart(pen: Pen, items: ChartItems) -> None:
    """Reporting lines first, then the influence arrows, then the cards over them (no link hides a name)."""
    paint_links(pen, items)
    for card in items.cards:
        paint_card(pen, card)


def paint_links(pen: Pen, items: ChartItems) -> None:
    """The reporting lines, then the influence arrows: what goes under the cards."""
    for points in items.lines:
        pen.line(points, style.REPORTING_LINE, style.REPORTING_LINE_WIDTH)
    for arrow in items.arrows:
        pen.curve(arrow.start, arrow.control, arrow.tip, arrow.colour, arrow.width, dashed=arrow.dashed)
        pen.line((arrow.head[0], arrow.tip, arrow.head[1]), arrow.colour, max(arrow.width, 1.0))


def paint_card(pen: Pen, card: Card) -> None:
    """One card: its box, stance stripe, influence dots, role badges and lines of text."""
    pen.box(
        card.x,
        card.y,
        card.width,
        card.height,
        fill=card.fill,
        border=style.CARD_BORDER,
        border_width=0.8,
        radius=style.CARD_RADIUS,
    )
    inset = style.STRIPE_INSET
    pen.box(card.x, card.y + inset, style.STRIPE_WIDTH, card.height - 2 * inset, fill=card.stripe)
    pen.dots(card.dots, style.DOT_DIAMETER)
    for badge in card.badges:
        pen.box(badge.x, badge.y, badge.width, badge.height, fill=badge.fill, radius=4.0)
        label_width = text_width(badge.label, style.BADGE_SIZE, bold=True)
        baseline = badge.y + badge.height / 2 + style.BADGE_SIZE * 0.36
        x = badge.x + (badge.width - label_width) / 2
        pen.text(Text(x, baseline, badge.label, style.BADGE_SIZE, badge.text_colour, bold=True))
    for text in card.texts:
        pen.text(text)


def paint_header(pen: Pen, header: Header) -> None:
    """The strip above the chart: legend swatches and line samples, then the texts."""
    for swatch in header.swatches:
        pen.box(swatch.x, swatch.y, swatch.size, swatch.size, fill=swatch.colour)
    for ends, colour, dashed in header.lines:
        pen.line(ends, colour, 1.6, dashed=dashed)
    for text in header.texts:
        pen.text(text)

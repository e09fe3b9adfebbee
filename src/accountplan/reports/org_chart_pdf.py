"""The org chart as PDF: one page when it fits at a readable scale, else tiles over pages, none over 14,400 pt.

The rule, with M the page margin and H the header strip (title, legend, page label):

1. At full size (1 pt of chart per pt of page) when the chart fits a page of at most MAX_PAGE_SIDE a side.
2. Otherwise scaled down to fit one such page, as long as the scale stays at or above MIN_SCALE (names stay
   5 pt or more: readable when zoomed in on screen or printed large).
3. Otherwise at MIN_SCALE, cut into a grid of equal tiles, each on its own page of at most MAX_PAGE_SIDE a
   side, labelled "row r of R, column c of C". Neighbouring tiles overlap by the widest card plus a gap
   (across) and by a card's height plus the level gap (down), so every card is whole on at least one page;
   a dashed grey line on each page marks where the next tile begins.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import chart_header, legend_width
from accountplan.reports.chart_painting import ChartItems, line_bounds, paint_chart, paint_header
from accountplan.reports.fonts import SANS, SYNTHETIC_BOLD_STROKE, register_fonts, text_runs, text_width
from accountplan.reports.org_chart_geometry import Bounds, ChartGeometry, Point, Text, chart_line

__all__ = [
    "MAX_PAGE_SIDE",
    "MIN_SCALE",
    "CanvasPen",
    "ChartPages",
    "PagePlan",
    "Tile",
    "chart_pages",
    "colour",
    "items_by_tile",
    "mark_overlaps",
    "plan_pages",
    "tile_grid",
    "write_pdf",
]

#: No page side may be longer: common PDF viewers (Acrobat among them) refuse larger pages.
MAX_PAGE_SIDE = 14_400.0
#: The smallest scale a chart is shrunk to before it is tiled instead.
MIN_SCALE = 0.5


@functools.cache
def colour(hex_code: str) -> Color:
    """The reportlab colour of a "#rrggbb" code."""
    return HexColor(hex_code)


@dataclass(frozen=True, slots=True)
class Tile:
    """One page's part of the chart: its place in the grid (from 1) and the chart area it shows."""

    row: int
    column: int
    viewport: Bounds


@dataclass(frozen=True, slots=True)
class PagePlan:
    """How the chart goes onto pages: the scale, the grid of tiles, the size of every page, the overlap.

    ``overlap`` is how far neighbouring tiles overlap, across and down, in chart points.
    """

    scale: float
    rows: int
    columns: int
    tiles: list[Tile]
    page_width: float
    page_height: float
    overlap: tuple[float, float] = (0.0, 0.0)

    @property
    def pages(self) -> int:
        return len(self.tiles)


def plan_pages(
    chart_width: float,
    chart_height: float,
    *,
    overlap: tuple[float, float],
    header_width: float = 0.0,
    max_side: float = MAX_PAGE_SIDE,
    min_scale: float = MIN_SCALE,
) -> PagePlan:
    """Choose the scale and the tiles for a chart of this size (see the module's docstring for the rule).

    ``overlap`` is the overlap of neighbouring tiles across and down, in chart points; ``header_width`` the
    width the header needs on every page, which may widen a page (up to ``max_side``) but never the tile.
    """
    room_width = max_side - 2 * style.PAGE_MARGIN
    room_height = max_side - 2 * style.PAGE_MARGIN - style.HEADER_HEIGHT
    width, height = max(chart_width, 1.0), max(chart_height, 1.0)
    scale = min(1.0, room_width / width, room_height / height)
    if scale >= min_scale:
        tile_width, tile_height = width, height
        rows, columns, tiles = 1, 1, [Tile(1, 1, (0.0, 0.0, width, height))]
    else:
        scale = min_scale
        rows, columns, tiles, overlap = tile_grid(
            width, height, room_width / scale, room_height / scale, overlap
        )
        tile_width, tile_height = tiles[0].viewport[2], tiles[0].viewport[3]
    page_width = min(max_side, max(tile_width * scale, header_width) + 2 * style.PAGE_MARGIN)
    page_height = tile_height * scale + 2 * style.PAGE_MARGIN + style.HEADER_HEIGHT
    return PagePlan(scale, rows, columns, tiles, page_width, page_height, overlap)


def tile_grid(
    width: float, height: float, across: float, down: float, overlap: tuple[float, float]
) -> tuple[int, int, list[Tile], tuple[float, float]]:
    """Equal tiles of at most ``across`` × ``down`` chart points covering a chart of ``width`` × ``height``.

    Neighbours overlap by ``overlap`` (across, down), cut to half a tile so that each tile moves on by at
    least half its length. Returns the rows, the columns, the tiles (row by row) and the overlap used.
    """
    overlap = (min(overlap[0], across / 2), min(overlap[1], down / 2))
    columns, tile_width = _split(max(width, 1.0), across, overlap[0])
    rows, tile_height = _split(max(height, 1.0), down, overlap[1])
    step_x, step_y = tile_width - overlap[0], tile_height - overlap[1]
    tiles = [
        Tile(
            row + 1,
            column + 1,
            (column * step_x, row * step_y, column * step_x + tile_width, row * step_y + tile_height),
        )
        for row in range(rows)
        for column in range(columns)
    ]
    return rows, columns, tiles, overlap


def _split(length: float, room: float, overlap: float) -> tuple[int, float]:
    """How many equal tiles, overlapping by ``overlap``, cover ``length`` with none longer than ``room``."""
    if length <= room:
        return 1, length
    count = math.ceil((length - overlap) / (room - overlap))
    return count, (length + (count - 1) * overlap) / count


class CanvasPen:
    """A Pen that draws straight onto a PDF canvas: much faster than shapes for charts of thousands of cards.

    Chart points (y down) within ``viewport`` become canvas points (y up) with the viewport's top-left
    corner at (0, its height); the caller translates, scales and clips the canvas.
    """

    def __init__(self, canvas: Canvas, viewport: Bounds) -> None:
        self.canvas = canvas
        self.left, self.bottom = viewport[0], viewport[3]
        self._fill: str | None = None
        self._stroke: tuple[str, float, bool] | None = None
        self._font: tuple[str, float] | None = None
        canvas.setLineCap(1)
        canvas.setLineJoin(1)

    def _point(self, point: Point) -> tuple[float, float]:
        return point[0] - self.left, self.bottom - point[1]

    def _set_fill(self, code: str) -> None:
        if self._fill != code:
            self.canvas.setFillColor(colour(code))
            self._fill = code

    def _set_stroke(self, code: str, width: float, dashed: bool = False) -> None:
        if self._stroke != (code, width, dashed):
            self.canvas.setStrokeColor(colour(code))
            self.canvas.setLineWidth(width)
            if dashed:
                self.canvas.setDash(list(style.DASH), 0)
            else:
                self.canvas.setDash([], 0)
            self._stroke = (code, width, dashed)

    def line(self, points: Sequence[Point], colour_code: str, width: float, *, dashed: bool = False) -> None:
        self._set_stroke(colour_code, width, dashed)
        path = self.canvas.beginPath()
        path.moveTo(*self._point(points[0]))
        for point in points[1:]:
            path.lineTo(*self._point(point))
        self.canvas.drawPath(path, stroke=1, fill=0)

    def curve(
        self, start: Point, control: Point, end: Point, colour_code: str, width: float, *, dashed: bool
    ) -> None:
        (x0, y0), (cx, cy), (x1, y1) = self._point(start), self._point(control), self._point(end)
        self._set_stroke(colour_code, width, dashed)
        path = self.canvas.beginPath()
        path.moveTo(x0, y0)
        path.curveTo(
            x0 + 2 / 3 * (cx - x0),
            y0 + 2 / 3 * (cy - y0),
            x1 + 2 / 3 * (cx - x1),
            y1 + 2 / 3 * (cy - y1),
            x1,
            y1,
        )
        self.canvas.drawPath(path, stroke=1, fill=0)

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
        left, top = self._point((x, y))
        if fill:
            self._set_fill(fill)
        if border:
            self._set_stroke(border, border_width)
        stroke, filled = int(border is not None), int(fill is not None)
        if radius:
            self.canvas.roundRect(left, top - height, width, height, radius, stroke=stroke, fill=filled)
        else:
            self.canvas.rect(left, top - height, width, height, stroke=stroke, fill=filled)

    def dots(self, dots: Sequence[tuple[float, float, str]], diameter: float) -> None:
        # A zero-length line with round caps is a filled circle (PDF 1.7, 8.5.3.2), at a fifth of the cost.
        for x, y, colour_code in dots:
            self._set_stroke(colour_code, diameter)
            cx, cy = self._point((x, y))
            self.canvas.line(cx, cy, cx, cy)

    def text(self, text: Text) -> None:
        x, y = self._point((text.x, text.baseline))
        self._set_fill(text.colour)
        for run in text_runs(text.text, bold=text.bold):
            if self._font != (run.font, text.size):
                self.canvas.setFont(run.font, text.size)
                self._font = (run.font, text.size)
            if run.synthetic_bold:  # fill and stroke the outline
                self._set_stroke(text.colour, text.size * SYNTHETIC_BOLD_STROKE)
                self.canvas.drawString(x, y, run.text, mode=2)
            else:
                self.canvas.drawString(x, y, run.text)
            x += text_width(run.text, text.size, bold=text.bold)


def items_by_tile(geometry: ChartGeometry, plan: PagePlan) -> list[ChartItems]:
    """Each tile's items, found in one pass over the chart (not one pass a tile)."""
    first = plan.tiles[0].viewport
    tile_width, tile_height = first[2] - first[0], first[3] - first[1]
    step_x = plan.tiles[1].viewport[0] if plan.columns > 1 else 1.0
    step_y = plan.tiles[plan.columns].viewport[1] if plan.rows > 1 else 1.0
    buckets = [ChartItems([], [], []) for _ in plan.tiles]

    def tiles_of(bounds: Bounds) -> list[int]:
        columns = range(
            max(0, math.ceil((bounds[0] - tile_width) / step_x)),
            min(plan.columns - 1, math.floor(bounds[2] / step_x)) + 1,
        )
        rows = range(
            max(0, math.ceil((bounds[1] - tile_height) / step_y)),
            min(plan.rows - 1, math.floor(bounds[3] / step_y)) + 1,
        )
        return [row * plan.columns + column for row in rows for column in columns]

    for points in geometry.reporting_lines:
        for index in tiles_of(line_bounds(points)):
            buckets[index].lines.append(points)
    for arrow in geometry.arrows:
        for index in tiles_of(arrow.bounds):
            buckets[index].arrows.append(arrow)
    for card in geometry.cards:
        for index in tiles_of(card.bounds):
            buckets[index].cards.append(card)
    return buckets


@dataclass(frozen=True)
class ChartPages:
    """The chart cut into pages as planned by ``plan_pages``, each page drawable on any canvas by its number."""

    plan: PagePlan
    items: list[ChartItems]
    title: str
    subtitle: str
    include_influence: bool

    def draw(self, canvas: Canvas, number: int) -> None:
        """Draw page ``number`` (from 1) with its bottom-left corner at the canvas origin."""
        plan, margin, scale = self.plan, style.PAGE_MARGIN, self.plan.scale
        tile, items = plan.tiles[number - 1], self.items[number - 1]
        label = f"Scale {plan.scale:.0%}" if plan.scale < 1 else ""
        if plan.pages > 1:
            label = (
                f"Page {number} of {plan.pages}: row {tile.row} of {plan.rows}, "
                f"column {tile.column} of {plan.columns} · {label}"
            )
        header_width = plan.page_width - 2 * margin
        canvas.saveState()
        canvas.translate(margin, plan.page_height - margin - style.HEADER_HEIGHT)
        strip = chart_header(
            self.title, self.subtitle, label, header_width, include_influence=self.include_influence
        )
        paint_header(CanvasPen(canvas, (0.0, 0.0, header_width, style.HEADER_HEIGHT)), strip)
        canvas.restoreState()
        left, top, right, bottom = tile.viewport
        canvas.saveState()
        canvas.translate(margin, margin)
        clip = canvas.beginPath()
        clip.rect(0, 0, (right - left) * scale, (bottom - top) * scale)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.scale(scale, scale)
        pen = CanvasPen(canvas, tile.viewport)
        paint_chart(pen, items)
        mark_overlaps(pen, plan, tile)
        canvas.restoreState()


def chart_pages(
    geometry: ChartGeometry,
    *,
    title: str,
    subtitle: str,
    include_influence: bool,
    max_side: float = MAX_PAGE_SIDE,
) -> ChartPages:
    """The chart planned onto pages of at most ``max_side`` a side, each page's items found."""
    register_fonts()
    overlap = (geometry.widest_card + style.SIBLING_GAP, style.CARD_HEIGHT + style.LEVEL_GAP)
    plan = plan_pages(
        geometry.width,
        geometry.height,
        overlap=overlap,
        header_width=legend_width(include_influence),
        max_side=max_side,
    )
    return ChartPages(plan, items_by_tile(geometry, plan), title, subtitle, include_influence)


def write_pdf(
    geometry: ChartGeometry, path: Path, *, title: str, subtitle: str, include_influence: bool
) -> PagePlan:
    """Write the chart to ``path`` as planned by ``plan_pages``, the fonts embedded as subsets."""
    pages = chart_pages(geometry, title=title, subtitle=subtitle, include_influence=include_influence)
    plan = pages.plan
    canvas = Canvas(
        str(path),
        pagesize=(plan.page_width, plan.page_height),
        pageCompression=1,
        initialFontName=SANS.name,  # not Helvetica, which would be named in the PDF and never embedded
    )
    canvas.setTitle(chart_line(title))
    canvas.setSubject("Internal org chart: stances and influence are the deal team's own view")
    canvas.setCreator("Account Plan")
    for number in range(1, plan.pages + 1):
        pages.draw(canvas, number)
        canvas.showPage()
    canvas.save()
    return plan


def mark_overlaps(pen: CanvasPen, plan: PagePlan, tile: Tile) -> None:
    """Dashed lines where the next tile to the right and the next one down begin."""
    left, top, right, bottom = tile.viewport
    overlap, width = plan.overlap, 1.0 / plan.scale
    if tile.column < plan.columns:
        pen.line(((right - overlap[0], top), (right - overlap[0], bottom)), "#b0b6bf", width, dashed=True)
    if tile.row < plan.rows:
        pen.line(((left, bottom - overlap[1]), (right, bottom - overlap[1])), "#b0b6bf", width, dashed=True)

"""The org chart's PDF pages on a named paper: one fitted page, or a map of the tiles and then the tiles.

As ``org_chart_paper`` plans them. A fitted page has the header (title, subtitle, legend) above the chart. A
tiled chart starts with a map page: the header, how the tiles go together, a small picture of the whole chart
with the grid of tiles, each numbered by its page, and who is on which page. Each tile page names its row,
column and page in its top margin, and where a reporting line leaves the tile, a label in the margin says on
which page it continues ("→ p. 8"). Everything is drawn in page points from the top-left corner (y down)
through a CanvasPen, so every text stays text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reportlab.pdfgen.canvas import Canvas

from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import chart_header
from accountplan.reports.chart_painting import ChartItems, items_within, paint_chart, paint_header
from accountplan.reports.fonts import SANS, register_fonts, text_width
from accountplan.reports.org_chart_geometry import Bounds, ChartGeometry, Point, Text, chart_line, elide
from accountplan.reports.org_chart_map import draw_tile_map
from accountplan.reports.org_chart_paper import (
    EDGE,
    PaperPlan,
    chart_overlap,
    plan_paper,
    smallest_name,
)
from accountplan.reports.org_chart_pdf import CanvasPen, PagePlan, Tile, items_by_tile, mark_overlaps
from accountplan.reports.paper import PaperChoice

__all__ = ["Continuation", "PaperChartPages", "continuations", "paper_chart_pages", "write_paper_pdf"]

_LABEL_SIZE, _LINE_SIZE, _NOTE_SIZE = 6.5, 8.0, 7.5
_ARROWS = {"left": "←", "right": "→", "top": "↑", "bottom": "↓"}


@dataclass(frozen=True, slots=True)
class Continuation:
    """Where a reporting line leaves a tile: the edge, the place along it (chart points), the tile it enters."""

    edge: str  # "left", "right", "top" or "bottom"
    at: float  # y on a left or right edge, x on a top or bottom edge
    tile: int  # index in the grid


def continuations(grid: PagePlan, index: int, lines: Sequence[Sequence[Point]]) -> list[Continuation]:
    """Every place a reporting line crosses the edge of tile ``index`` towards a neighbouring tile, once each."""
    tile = grid.tiles[index]
    found: dict[tuple[str, int, int], Continuation] = {}
    for points in lines:
        for start, end in zip(points, points[1:], strict=False):
            for edge, at in _crossings(start, end, tile.viewport):
                neighbour = _neighbour(grid, tile, edge)
                if neighbour is not None:
                    found.setdefault((edge, round(at * 2), neighbour), Continuation(edge, at, neighbour))
    return sorted(found.values(), key=lambda c: (c.edge, c.at))


def _crossings(start: Point, end: Point, viewport: Bounds) -> list[tuple[str, float]]:
    """Where the segment passes the viewport's edge with a part of it outside (Liang–Barsky clipping)."""
    left, top, right, bottom = viewport
    dx, dy = end[0] - start[0], end[1] - start[1]
    if dx == 0 and dy == 0:
        return []
    enter, leave, enter_edge, leave_edge = 0.0, 1.0, "", ""
    for p, q, edge in (
        (-dx, start[0] - left, "left"),
        (dx, right - start[0], "right"),
        (-dy, start[1] - top, "top"),
        (dy, bottom - start[1], "bottom"),
    ):
        if p == 0:
            if q < 0:
                return []
            continue
        u = q / p
        if p < 0 and u > enter:
            enter, enter_edge = u, edge
        elif p > 0 and u < leave:
            leave, leave_edge = u, edge
    if enter > leave:
        return []
    found = []
    for u, edge in ((enter, enter_edge), (leave, leave_edge)):
        if edge:
            x, y = start[0] + dx * u, start[1] + dy * u
            found.append((edge, y if edge in ("left", "right") else x))
    return found


def _neighbour(grid: PagePlan, tile: Tile, edge: str) -> int | None:
    row, column = tile.row - 1, tile.column - 1
    row += {"top": -1, "bottom": 1}.get(edge, 0)
    column += {"left": -1, "right": 1}.get(edge, 0)
    if 0 <= row < grid.rows and 0 <= column < grid.columns:
        return row * grid.columns + column
    return None


@dataclass(frozen=True)
class PaperChartPages:
    """The chart on its paper, each page drawable on any canvas by its number (from 1).

    In a document the pages are numbered as the document numbers them: ``first_page`` is the number of the
    map (or only) page there, and the labels say "page 27" instead of "page 2 of 16".
    """

    plan: PaperPlan
    geometry: ChartGeometry
    items: list[ChartItems]
    title: str
    subtitle: str
    include_influence: bool
    #: The legend's entries for the tags drawn on the cards (label, colour), after the stances.
    marks: tuple[tuple[str, str], ...] = ()

    @property
    def pages(self) -> int:
        return self.plan.pages

    def draw(self, canvas: Canvas, number: int, *, first_page: int = 1, standalone: bool = True) -> None:
        """Draw page ``number`` (from 1) with its bottom-left corner at the canvas origin."""
        numbering = _Numbering(first_page, self.plan.pages if standalone else None)
        pen = CanvasPen(canvas, (0.0, 0.0, *self.plan.page_size))
        if not self.plan.tiled:
            self._draw_fitted(canvas, pen, numbering)
        elif self.plan.has_map and number == 1:
            self._draw_map(canvas, pen, numbering)
        else:
            self._draw_tile(canvas, pen, number - 1 - self.plan.has_map, numbering)

    def _header(self, canvas: Canvas, label: str) -> None:
        width = self.plan.page_size[0] - 2 * EDGE
        strip = chart_header(
            self.title,
            self.subtitle,
            label,
            width,
            include_influence=self.include_influence,
            marks=self.marks,
        )
        canvas.saveState()
        canvas.translate(EDGE, self.plan.page_size[1] - EDGE - style.HEADER_HEIGHT)
        paint_header(CanvasPen(canvas, (0.0, 0.0, width, style.HEADER_HEIGHT)), strip)
        canvas.restoreState()

    def _chart(self, canvas: Canvas, viewport: Bounds, items: ChartItems, grid_tile: Tile | None) -> None:
        """The chart within ``viewport`` at the plan's scale, its top-left corner where the plan puts it."""
        plan, scale = self.plan, self.plan.scale
        left, top, right, bottom = viewport
        height = (bottom - top) * scale
        canvas.saveState()
        canvas.translate(plan.chart_left, plan.page_size[1] - plan.chart_top - height)
        clip = canvas.beginPath()
        clip.rect(0, 0, (right - left) * scale, height)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.scale(scale, scale)
        pen = CanvasPen(canvas, viewport)
        paint_chart(pen, items)
        if grid_tile is not None and plan.grid is not None:
            mark_overlaps(pen, plan.grid, grid_tile)
        canvas.restoreState()

    def _draw_fitted(self, canvas: Canvas, pen: CanvasPen, numbering: _Numbering) -> None:
        plan = self.plan
        scale = f" at {plan.scale:.0%}" if plan.scale < 1 else ""
        label = f"{plan.paper.describe()}{scale}"
        if not numbering.standalone:
            label += f" — page {numbering.page(1)}"
        self._header(canvas, label)
        geometry = self.geometry
        self._chart(
            canvas, (0.0, 0.0, max(geometry.width, 1.0), max(geometry.height, 1.0)), self.items[0], None
        )

    def _draw_tile(self, canvas: Canvas, pen: CanvasPen, index: int, numbering: _Numbering) -> None:
        plan, grid = self.plan, self.plan.grid
        assert grid is not None
        tile = grid.tiles[index]
        label = (
            f"Row {tile.row} · Column {tile.column} — page {numbering.page(plan.tile_page(index))}"
            + numbering.of
        )
        label_width = text_width(label, _LINE_SIZE, bold=True)
        page_width = plan.page_size[0]
        baseline = EDGE + 8
        pen.text(Text(page_width - EDGE - label_width, baseline, label, _LINE_SIZE, style.TEXT, bold=True))
        room = page_width - 2 * EDGE - label_width - 16
        title = elide(chart_line(self.title), _LINE_SIZE, room, bold=True)
        pen.text(Text(EDGE, baseline, title, _LINE_SIZE, style.MUTED_TEXT, bold=True))
        self._chart(canvas, tile.viewport, self.items[index], tile)
        self._continuation_labels(pen, index, numbering)

    def _continuation_labels(self, pen: CanvasPen, index: int, numbering: _Numbering) -> None:
        """In the margin, where each reporting line leaves the tile: an arrow and the page it goes on to."""
        plan, grid = self.plan, self.plan.grid
        assert grid is not None
        left, top, right, bottom = grid.tiles[index].viewport
        scale, x0, y0 = plan.scale, plan.chart_left, plan.chart_top
        x1, y1 = x0 + (right - left) * scale, y0 + (bottom - top) * scale
        last: dict[str, float] = {}
        for found in continuations(grid, index, self.items[index].lines):
            label = f"{_ARROWS[found.edge]} p. {numbering.page(plan.tile_page(found.tile))}"
            width = text_width(label, _LABEL_SIZE)
            if found.edge in ("left", "right"):
                y = y0 + (found.at - top) * scale
                if y - last.get(found.edge, -math.inf) < _LABEL_SIZE + 2:
                    continue  # too close to the label before it
                last[found.edge] = y
                x = x1 + 3 if found.edge == "right" else x0 - 3 - width
                pen.text(Text(x, y + _LABEL_SIZE * 0.35, label, _LABEL_SIZE, style.ACCENT))
            else:
                x = x0 + (found.at - left) * scale
                if x - last.get(found.edge, -math.inf) < width + 4:
                    continue
                last[found.edge] = x
                baseline = y1 + 3 + _LABEL_SIZE * 0.8 if found.edge == "bottom" else y0 - 3
                pen.text(Text(x - width / 2, baseline, label, _LABEL_SIZE, style.ACCENT))

    def _draw_map(self, canvas: Canvas, pen: CanvasPen, numbering: _Numbering) -> None:
        plan, grid = self.plan, self.plan.grid
        assert grid is not None
        self._header(canvas, f"Map of the tiles — page {numbering.page(1)}{numbering.of}")
        page_width, page_height = plan.page_size
        width = page_width - 2 * EDGE
        y = EDGE + style.HEADER_HEIGHT + 4
        for line in _wrap(_map_note(plan, numbering), _NOTE_SIZE, width):
            y += _NOTE_SIZE * 1.35
            pen.text(Text(EDGE, y, line, _NOTE_SIZE, style.MUTED_TEXT))
        draw_tile_map(
            canvas,
            grid,
            self.geometry,
            lambda index: numbering.page(plan.tile_page(index)),
            page_size=plan.page_size,
            top=y + 4,
            bottom=page_height - plan.bottom,
        )


@dataclass(frozen=True)
class _Numbering:
    """How pages are numbered: from ``first`` (the map's page in a document), "of N" when standing alone."""

    first: int
    total: int | None

    @property
    def standalone(self) -> bool:
        return self.total is not None

    @property
    def of(self) -> str:
        return f" of {self.total}" if self.total is not None else ""

    def page(self, number: int) -> int:
        return self.first + number - 1


def _map_note(plan: PaperPlan, numbering: _Numbering) -> str:
    grid = plan.grid
    assert grid is not None
    tiles = len(grid.tiles)
    first, last = numbering.page(plan.tile_page(0)), numbering.page(plan.tile_page(tiles - 1))
    overlap = min(grid.overlap) * plan.scale / 72 * 2.54
    return (
        f"The chart at {plan.scale:.0%} on {tiles} pages of {plan.paper.describe()}, pages {first} to {last}: "
        f"{grid.rows} {'row' if grid.rows == 1 else 'rows'} of {grid.columns} "
        f"{'column' if grid.columns == 1 else 'columns'}, numbered row by row (row r, column c is page "
        f"{first - 1} + {grid.columns} × (r − 1) + c). Neighbouring pages overlap by {overlap:.1f} cm or more, "
        "a dashed line marking where the next one begins; a reporting line that leaves a page says in the "
        "margin on which page it goes on."
    )


def _wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` at ``size`` (a long word stands alone)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        attempt = f"{current} {word}" if current else word
        if current and text_width(attempt, size) > width:
            lines.append(current)
            current = word
        else:
            current = attempt
    return [*lines, current] if current else lines


def paper_chart_pages(
    geometry: ChartGeometry,
    paper: PaperChoice,
    *,
    title: str,
    subtitle: str,
    include_influence: bool,
    bottom: float = EDGE,
    marks: tuple[tuple[str, str], ...] = (),
) -> PaperChartPages:
    """The chart planned onto ``paper`` (see ``plan_paper``), each page's items found.

    ``bottom`` is the height kept free at the foot of every page: a document's footer goes there. ``marks``
    are legend entries (label, colour) for tags drawn on the cards.
    """
    register_fonts()
    plan = plan_paper(
        geometry.width,
        geometry.height,
        smallest=smallest_name(geometry),
        paper=paper,
        overlap=chart_overlap(geometry),
        bottom=bottom,
    )
    items = items_by_tile(geometry, plan.grid) if plan.grid is not None else [items_within(geometry)]
    return PaperChartPages(plan, geometry, items, title, subtitle, include_influence, marks)


def write_paper_pdf(
    geometry: ChartGeometry,
    target: Path | IO[bytes],
    paper: PaperChoice,
    *,
    title: str,
    subtitle: str,
    include_influence: bool,
) -> PaperPlan:
    """Write the chart on ``paper`` as a PDF to ``target`` (a path or a binary stream), every page that size."""
    pages = paper_chart_pages(
        geometry, paper, title=title, subtitle=subtitle, include_influence=include_influence
    )
    canvas = Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=pages.plan.page_size,
        pageCompression=1,
        initialFontName=SANS.name,  # not Helvetica, which would be named in the PDF and never embedded
    )
    canvas.setTitle(chart_line(title))
    canvas.setSubject("Internal org chart: stances and influence are the deal team's own view")
    canvas.setCreator("Account Plan")
    for number in range(1, pages.pages + 1):
        pages.draw(canvas, number)
        canvas.showPage()
    canvas.save()
    return pages.plan

"""The map of the tiles on the first page of a tiled org chart, and the index of who is on which page.

The map is a small picture of the whole chart (its cards as grey boxes, its reporting lines) with the grid of
tiles drawn over it, each cell numbered by its page, the columns labelled above and the rows on the left. A
chart far wider than the page is folded: its columns are shown in bands, one under the other, so that each
cell stays wide enough to carry its page number. Under the map, as room allows, everyone's name and the page
their card is whole on (or only those who lead a team).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from accountplan.reports import chart_style as style
from accountplan.reports.fonts import text_width
from accountplan.reports.org_chart_geometry import Card, ChartGeometry, Point, Text, elide
from accountplan.reports.org_chart_paper import EDGE
from accountplan.reports.org_chart_pdf import CanvasPen, PagePlan

__all__ = ["draw_tile_map", "tile_of"]

_MAP_BACKGROUND, _MAP_CARD, _MAP_LINE, _GRID = "#f6f7f9", "#d9dee5", "#aeb5bf", style.ACCENT
_AXIS_SIZE = 6.5
_ROW_LABELS = 34.0  # room left of the map for "Row 12"
_BAND_GAP = 14.0  # above each band: the columns' labels
#: A cell at least this wide (page points) carries its page number at a readable size.
_CELL_WIDTH = 34.0
_INDEX_SIZE, _INDEX_COLUMN, _INDEX_GAP, _INDEX_LEADING = 7.0, 140.0, 12.0, 8.8

#: A person on the index: name, page, whether they lead a team.
Entry = tuple[str, int, bool]


def steps(grid: PagePlan) -> tuple[float, float]:
    """How far one tile is from the next, across and down, in chart points."""
    first = grid.tiles[0].viewport
    return (first[2] - first[0] - grid.overlap[0], first[3] - first[1] - grid.overlap[1])


def tile_of(grid: PagePlan, card: Card) -> int:
    """The first tile, row by row, that shows the card whole (else the one holding its centre)."""
    left, top, right, bottom = card.bounds
    for index, tile in enumerate(grid.tiles):
        x0, y0, x1, y1 = tile.viewport
        if x0 <= left and right <= x1 and y0 <= top and bottom <= y1:
            return index
    step_x, step_y = steps(grid)
    column = min(grid.columns - 1, max(0, int((left + right) / 2 / step_x)))
    row = min(grid.rows - 1, max(0, int((top + bottom) / 2 / step_y)))
    return row * grid.columns + column


@dataclass(frozen=True, slots=True)
class _Fold:
    """The map folded into bands of ``per_band`` columns, drawn at ``scale`` (page points a chart point)."""

    per_band: int
    bands: int
    scale: float
    band_height: float

    @property
    def height(self) -> float:
        return self.bands * (self.band_height + _BAND_GAP)


def _fold(grid: PagePlan, chart: tuple[float, float], width: float, height: float) -> _Fold:
    """One band when its cells are _CELL_WIDTH wide and it fits, else the bands that make the cells largest."""
    step_x = steps(grid)[0]

    def fold(per_band: int) -> _Fold:
        bands = math.ceil(grid.columns / per_band)
        band_width = chart[0] if bands == 1 else per_band * step_x
        scale = min(width / band_width, max((height / bands - _BAND_GAP) / chart[1], 1e-6))
        return _Fold(per_band, bands, scale, chart[1] * scale)

    whole = fold(grid.columns)
    if whole.scale * step_x >= _CELL_WIDTH or grid.columns == 1:
        return whole
    return max((fold(per_band) for per_band in range(grid.columns, 0, -1)), key=lambda f: f.scale)


def draw_tile_map(
    canvas: Canvas,
    grid: PagePlan,
    geometry: ChartGeometry,
    page_of: Callable[[int], int],
    *,
    page_size: tuple[float, float],
    top: float,
    bottom: float,
) -> None:
    """The map and the index between ``top`` and ``bottom`` (page points from the top, y down).

    ``page_of`` gives the page number shown for the tile at an index of ``grid``.
    """
    pen = CanvasPen(canvas, (0.0, 0.0, *page_size))
    chart = (max(geometry.width, 1.0), max(geometry.height, 1.0))
    left = EDGE + _ROW_LABELS
    width = page_size[0] - EDGE - left
    entries = _entries(grid, geometry, page_of)
    managers = [entry for entry in entries if entry[2]]
    room = bottom - top
    columns = max(1, int((page_size[0] - 2 * EDGE + _INDEX_GAP) / (_INDEX_COLUMN + _INDEX_GAP)))

    fold = whole = _fold(grid, chart, width, room)
    shown: list[Entry] = []
    for candidates in (entries, managers):
        left_over = room - 26 - math.ceil(len(candidates) / columns) * _INDEX_LEADING
        smaller = _fold(grid, chart, width, left_over) if left_over > 40 else None
        if (
            candidates and smaller is not None and smaller.scale >= whole.scale / 2
        ):  # a map at least half as large
            fold, shown = smaller, candidates
            break
    _Map(canvas, pen, grid, geometry, page_of, fold, (left, top, width, page_size[1])).draw()
    if shown:
        heading = "Who is on which page" if shown is entries else "Who leads a team, and on which page"
        _index(pen, shown, top + fold.height + 10, heading, columns)


def _entries(grid: PagePlan, geometry: ChartGeometry, page_of: Callable[[int], int]) -> list[Entry]:
    """Each person's name, the page their card is whole on, whether they lead a team; by name."""
    leads = _leads(geometry)
    entries = []
    for card in geometry.cards:
        name = card.texts[0].text if card.texts else "?"
        entries.append((name, page_of(tile_of(grid, card)), card.person_id in leads))
    entries.sort(key=lambda entry: (entry[0].casefold(), entry[1]))
    return entries


def _leads(geometry: ChartGeometry) -> set[int]:
    """The people a reporting line starts from: it leaves their card (within a point of its edge)."""
    bucket = 400.0
    cards: dict[int, list[Card]] = {}
    for card in geometry.cards:
        for key in range(int(card.x // bucket), int((card.x + card.width) // bucket) + 1):
            cards.setdefault(key, []).append(card)
    found: set[int] = set()
    for points in geometry.reporting_lines:
        x, y = points[0]
        for card in cards.get(int(x // bucket), []):
            if card.x - 1 <= x <= card.x + card.width + 1 and card.y - 1 <= y <= card.y + card.height + 1:
                found.add(card.person_id)
                break
    return found


class _Map:
    """The folded map: for each band, the chart's columns in it, the grid, the labels."""

    def __init__(
        self,
        canvas: Canvas,
        pen: CanvasPen,
        grid: PagePlan,
        geometry: ChartGeometry,
        page_of: Callable[[int], int],
        fold: _Fold,
        place: tuple[float, float, float, float],
    ) -> None:
        """``place`` is the map's left and top, its width and the page's height."""
        self.canvas, self.pen, self.grid, self.geometry, self.page_of = canvas, pen, grid, geometry, page_of
        self.fold = fold
        self.left, self.top, self.width, self.page_height = place
        self.step_x, self.step_y = steps(grid)

    def draw(self) -> None:
        for band in range(self.fold.bands):
            first = band * self.fold.per_band
            last = min(self.grid.columns, first + self.fold.per_band)  # columns first..last-1
            band_top = self.top + _BAND_GAP + band * (self.fold.band_height + _BAND_GAP)
            self._band(first, last, band_top)

    def _band(self, first: int, last: int, band_top: float) -> None:
        pen, geometry, scale = self.pen, self.geometry, self.fold.scale
        x_start = first * self.step_x
        x_end = geometry.width if last == self.grid.columns else last * self.step_x
        x_end = max(x_end, x_start + 1.0)
        left = self.left

        def place(point: Point) -> Point:
            return (left + (point[0] - x_start) * scale, band_top + point[1] * scale)

        band_width, band_height = (x_end - x_start) * scale, self.fold.band_height
        self.canvas.saveState()
        clip = self.canvas.beginPath()
        clip.rect(left, self.page_height - band_top - band_height, band_width, band_height)
        self.canvas.clipPath(clip, stroke=0, fill=0)
        pen.box(left, band_top, band_width, band_height, fill=_MAP_BACKGROUND)
        for points in geometry.reporting_lines:
            if max(p[0] for p in points) >= x_start and min(p[0] for p in points) <= x_end:
                pen.line([place(point) for point in points], _MAP_LINE, 0.4)
        for card in geometry.cards:
            if card.x + card.width >= x_start and card.x <= x_end:
                x, y = place((card.x, card.y))
                pen.box(x, y, card.width * scale, card.height * scale, fill=_MAP_CARD)
        self.canvas.restoreState()
        cells = []
        for index, tile in enumerate(self.grid.tiles):
            if not first <= tile.column - 1 < last:
                continue
            x0, y0 = (tile.column - 1) * self.step_x, (tile.row - 1) * self.step_y
            x1 = geometry.width if tile.column == self.grid.columns else x0 + self.step_x
            y1 = geometry.height if tile.row == self.grid.rows else y0 + self.step_y
            (a, b), (c, d) = place((x0, y0)), place((max(x1, x0 + 1), max(y1, y0 + 1)))
            pen.box(a, b, c - a, d - b, fill=None, border=_GRID, border_width=0.7)
            cells.append((index, tile.row, tile.column, a, b, c - a, d - b))
        for index, _, _, x, y, width, height in cells:
            self._cell_label(index, x, y, width, height)
        self._axis_labels(cells, band_top)

    def _cell_label(self, index: int, x: float, y: float, width: float, height: float) -> None:
        label = f"p. {self.page_of(index)}"
        size = min(10.0, height * 0.55, (width - 6) / text_width(label, 1.0, bold=True))
        if size < 4:
            return
        label_width = text_width(label, size, bold=True)
        middle_x, middle_y = x + width / 2, y + height / 2
        self.pen.box(
            middle_x - label_width / 2 - 2,
            middle_y - size * 0.6,
            label_width + 4,
            size * 1.2,
            fill="#ffffff",
            radius=2.0,
        )
        self.pen.text(Text(middle_x - label_width / 2, middle_y + size * 0.36, label, size, _GRID, bold=True))

    def _axis_labels(
        self, cells: list[tuple[int, int, int, float, float, float, float]], band_top: float
    ) -> None:
        """The columns labelled above the band's first row of cells, the rows left of its first column."""
        size, pen = _AXIS_SIZE, self.pen
        last_right = -math.inf
        first_column = min((cell[2] for cell in cells), default=1)
        for _, row, column, x, _, width, _ in cells:
            if row != 1:
                continue
            label = f"Column {column}" if width >= text_width("Column 000", size) + 4 else str(column)
            label_width = text_width(label, size)
            start = x + (width - label_width) / 2
            if start >= last_right + 3:
                pen.text(Text(start, band_top - 4, label, size, style.MUTED_TEXT))
                last_right = start + label_width
        last_bottom = -math.inf
        for _, row, column, _, y, _, height in cells:
            if column != first_column:
                continue
            label = f"Row {row}"
            baseline = y + height / 2 + size * 0.36
            if baseline - size >= last_bottom + 1:
                pen.text(
                    Text(self.left - 4 - text_width(label, size), baseline, label, size, style.MUTED_TEXT)
                )
                last_bottom = baseline


def _index(pen: CanvasPen, entries: list[Entry], top: float, heading: str, columns: int) -> None:
    """The names in columns, each with its page at the column's right."""
    pen.text(Text(EDGE, top + 8, heading, 8.5, style.TEXT, bold=True))
    rows = math.ceil(len(entries) / columns)
    for number, (name, page, _) in enumerate(entries):
        column, row = divmod(number, rows)
        x = EDGE + column * (_INDEX_COLUMN + _INDEX_GAP)
        baseline = top + 14 + (row + 1) * _INDEX_LEADING
        label = f"p. {page}"
        label_width = text_width(label, _INDEX_SIZE)
        shown = elide(name, _INDEX_SIZE, _INDEX_COLUMN - label_width - 8)
        pen.text(Text(x, baseline, shown, _INDEX_SIZE, style.TEXT))
        pen.text(Text(x + _INDEX_COLUMN - label_width, baseline, label, _INDEX_SIZE, style.MUTED_TEXT))

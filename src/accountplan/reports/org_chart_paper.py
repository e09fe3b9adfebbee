"""How the org chart goes onto a named paper: fitted to one page, or cut into tiles at a legible scale.

Every page is exactly the paper's size, in the orientation chosen. The chart's names must stay LEGIBLE_NAME
points or more on paper to be read:

- FIT: the chart scaled (never enlarged) to one page under its header; the plan says the scale and the size
  of the smallest name on paper, and ``warning`` says when that is too small to read.
- TILES: the largest scale up to 1 that fits one page, or the scale that keeps the smallest name at
  LEGIBLE_NAME points if that one is too small; then, if the chart is still larger than a page, cut into
  overlapping tiles, one a page, after a first page with a map of the tiles. A chart that fits one page
  legibly is one page, as with FIT.

Positions on a page are in page points from its top-left corner, y growing downwards (as in the chart).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from accountplan.reports import chart_style as style
from accountplan.reports.org_chart_geometry import ChartGeometry
from accountplan.reports.org_chart_pdf import PagePlan, Tile, tile_grid
from accountplan.reports.paper import Fitting, PaperChoice

__all__ = [
    "EDGE",
    "GUTTER_X",
    "GUTTER_Y",
    "LEGIBLE_NAME",
    "TOP_LINE",
    "PaperPlan",
    "chart_overlap",
    "fitted_room",
    "plan_paper",
    "smallest_name",
]

#: The smallest type a card's name may be printed in and still be read, in points on paper.
LEGIBLE_NAME = 6.0
#: The blank edge of every page: within what office printers print.
EDGE = 20.0
#: Between the header and the chart on a page that has the header.
HEADER_GAP = 8.0
#: On a tile: the line at the top naming the chart and the tile's row, column and page.
TOP_LINE = 12.0
#: On a tile: room beside and above/below the chart for the labels of the lines that leave it ("→ p. 8").
GUTTER_X, GUTTER_Y = 32.0, 12.0


def smallest_name(geometry: ChartGeometry) -> float:
    """The type size of the smallest name on the chart, in chart points (a long name is shrunk to fit its card).

    A card's first text is its name (``org_chart_geometry``); a chart with nobody has the usual name size.
    """
    return min((card.texts[0].size for card in geometry.cards if card.texts), default=style.NAME_SIZE)


def chart_overlap(geometry: ChartGeometry) -> tuple[float, float]:
    """How far neighbouring tiles overlap, across and down, in chart points: a whole card and its gap."""
    tallest = max((card.height for card in geometry.cards), default=style.CARD_HEIGHT)
    return (geometry.widest_card + style.SIBLING_GAP, tallest + style.LEVEL_GAP)


@dataclass(frozen=True, slots=True)
class PaperPlan:
    """How the chart goes onto the paper: the scale, where the chart sits on a page, the tiles if any.

    ``chart_left`` and ``chart_top`` place the chart's (or a tile's) top-left corner on its page, in page
    points (y down); ``room`` is the width and height it may take there. ``grid`` holds the tiles (chart
    points) when the chart is cut over several pages, after the page with the map; ``None`` for one page.
    ``smallest_name_pt`` is the smallest name's size on paper; ``bottom`` the height kept free at the
    foot of every page (the page's edge, or a document's footer).
    """

    paper: PaperChoice
    scale: float
    smallest_name_pt: float
    chart_left: float
    chart_top: float
    room: tuple[float, float]
    bottom: float
    grid: PagePlan | None = None

    @property
    def page_size(self) -> tuple[float, float]:
        return self.paper.size

    @property
    def tiled(self) -> bool:
        return self.grid is not None

    @property
    def tiles(self) -> list[Tile]:
        return self.grid.tiles if self.grid is not None else []

    @property
    def has_map(self) -> bool:
        """Whether a map of the tiles comes first: when there are several tiles."""
        return len(self.tiles) > 1

    @property
    def pages(self) -> int:
        """The map and the tiles, or the one page."""
        return max(1, len(self.tiles)) + self.has_map

    @property
    def rows(self) -> int:
        return self.grid.rows if self.grid is not None else 1

    @property
    def columns(self) -> int:
        return self.grid.columns if self.grid is not None else 1

    @property
    def legible(self) -> bool:
        return self.smallest_name_pt >= LEGIBLE_NAME - 1e-6

    def tile_page(self, index: int) -> int:
        """The page (from 1, the map being page 1) of the tile at ``index`` (from 0) in the grid."""
        return index + 1 + self.has_map

    def warning(self) -> str:
        """One sentence when the names are too small to read on paper, else an empty string."""
        if self.legible:
            return ""
        shown = math.floor(self.smallest_name_pt * 10) / 10  # never rounded up to the need
        size = f"{shown:.1f}" if shown >= 1 else f"{self.smallest_name_pt:.2g}"
        return (
            f"Fitted to one {self.paper.describe()} page at {self.scale:.0%}, the smallest names are "
            f"{size} pt, too small to read (it takes {LEGIBLE_NAME:g} pt): print it as tiles (--tiles) "
            "or on a larger paper."
        )


def fitted_room(paper: PaperChoice, *, bottom: float = EDGE) -> tuple[float, float]:
    """The width and height a chart fitted to one page of ``paper`` may take: its shape for a packed layout."""
    page_width, page_height = paper.size
    top = EDGE + style.HEADER_HEIGHT + HEADER_GAP
    return (page_width - 2 * EDGE, max(page_height - top - max(bottom, EDGE), 1.0))


def _fit_plan(width: float, height: float, smallest: float, paper: PaperChoice, bottom: float) -> PaperPlan:
    """The chart scaled (never enlarged) to the page under the full header, centred across."""
    top = EDGE + style.HEADER_HEIGHT + HEADER_GAP
    room = fitted_room(paper, bottom=bottom)
    scale = min(1.0, room[0] / max(width, 1.0), room[1] / max(height, 1.0))
    left = EDGE + (room[0] - width * scale) / 2
    return PaperPlan(paper, scale, smallest * scale, left, top, room, bottom)


def plan_paper(
    width: float,
    height: float,
    *,
    smallest: float,
    paper: PaperChoice,
    overlap: tuple[float, float],
    bottom: float = EDGE,
) -> PaperPlan:
    """Plan a chart ``width`` by ``height`` (chart points), its smallest name ``smallest`` points, on ``paper``.

    ``overlap`` is how far neighbouring tiles overlap (chart points), ``bottom`` the height kept free at
    the foot of every page (at least EDGE). See the module's docstring for the rule.
    """
    bottom = max(bottom, EDGE)
    fitted = _fit_plan(width, height, smallest, paper, bottom)
    if paper.fitting is Fitting.FIT or fitted.legible:
        return fitted
    page_width, page_height = paper.size
    top = EDGE + TOP_LINE + GUTTER_Y
    room = (page_width - 2 * (EDGE + GUTTER_X), max(page_height - top - GUTTER_Y - bottom, 1.0))
    fits = min(room[0] / max(width, 1.0), room[1] / max(height, 1.0))
    scale = min(1.0, max(fits, LEGIBLE_NAME / smallest))
    grid = _grid(width, height, room, scale, overlap, paper.size)
    return PaperPlan(paper, scale, smallest * scale, EDGE + GUTTER_X, top, room, bottom, grid)


def _grid(
    width: float,
    height: float,
    room: tuple[float, float],
    scale: float,
    overlap: tuple[float, float],
    page_size: tuple[float, float],
) -> PagePlan:
    """Equal tiles of at most ``room`` on paper at ``scale``, overlapping by ``overlap`` (at most half a tile)."""
    rows, columns, tiles, overlap = tile_grid(width, height, room[0] / scale, room[1] / scale, overlap)
    return PagePlan(scale, rows, columns, tiles, page_size[0], page_size[1], overlap)

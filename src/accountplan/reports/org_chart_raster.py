"""The org chart as a PNG, painted with Pillow from the same geometry as the vector exports, in the shipped fonts.

A chart that one image cannot hold at a legible scale (its names in type of LEGIBLE_NAME_PIXELS or more, within
MAX_SIDE and MAX_PIXELS) is refused with the reason and what to export instead: a 5,000-person chart would
otherwise come out 16,000 × 22 px, every name a fifth of a pixel.

reportlab's own rasteriser (renderPM) needs a Cairo backend (rlPyCairo and pycairo), which has no wheels for
Linux and would need a compiler and Cairo's headers; Pillow comes with reportlab and has FreeType.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from accountplan.errors import ImageTooLarge
from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import chart_header, legend_width
from accountplan.reports.chart_painting import items_within, paint_chart, paint_header
from accountplan.reports.fonts import SYNTHETIC_BOLD_STROKE, face_named, font_data, text_runs, text_width
from accountplan.reports.org_chart_geometry import ChartGeometry, Point, Text
from accountplan.reports.org_chart_paper import EDGE, PaperPlan

__all__ = [
    "LEGIBLE_NAME_PIXELS",
    "LEGIBLE_SCALE",
    "MAX_PIXELS",
    "MAX_SIDE",
    "PIXELS_PER_POINT",
    "PillowPen",
    "RasterSize",
    "png_size",
    "raster_size",
    "unreadable_png",
    "write_png",
]

#: Two pixels per point (144 dpi) unless the chart is too big for that.
PIXELS_PER_POINT = 2.0
#: No side of the PNG is longer, and it has no more pixels than this: the chart is scaled down to fit. Both
#: stay under what image libraries take for a decompression bomb (Pillow warns above 89 million pixels).
MAX_SIDE, MAX_PIXELS = 16_000, 64_000_000
#: The type size a card's name must keep, in pixels: 6 pt at one pixel a point (72 pixels an inch).
LEGIBLE_NAME_PIXELS = 6.0
#: The fewest pixels a chart point may take: a chart that would need fewer is refused, not blurred.
LEGIBLE_SCALE = LEGIBLE_NAME_PIXELS / style.NAME_SIZE
#: Segments a curve is drawn with.
_CURVE_STEPS = 24


@dataclass(frozen=True, slots=True)
class RasterSize:
    """The pixels of the image and how many of them one chart point takes."""

    width: int
    height: int
    scale: float


def raster_size(width: float, height: float) -> RasterSize:
    """The image size for a picture of ``width`` by ``height`` points: 2 px a point, scaled down to the caps."""
    area = max(width * height, 1.0)
    scale = min(PIXELS_PER_POINT, MAX_SIDE / max(width, height, 1.0), math.sqrt(MAX_PIXELS / area))
    return RasterSize(max(1, math.floor(width * scale)), max(1, math.floor(height * scale)), scale)


@functools.lru_cache(maxsize=256)
def _font(name: str, pixels: float) -> ImageFont.FreeTypeFont:
    face = face_named(name)
    return ImageFont.truetype(io.BytesIO(font_data(face)), size=pixels, index=face.subfont_index)


class PillowPen:
    """A Pen that paints on an image: chart points are scaled, after shifting by (``left``, ``top``)."""

    def __init__(self, image: Image.Image, scale: float, left: float, top: float) -> None:
        self.draw = ImageDraw.Draw(image)
        self.scale, self.left, self.top = scale, left, top

    def _point(self, point: Point) -> tuple[float, float]:
        return ((point[0] + self.left) * self.scale, (point[1] + self.top) * self.scale)

    def _pixels(self, points: float) -> int:
        return max(1, round(points * self.scale))

    def line(self, points: Sequence[Point], colour: str, width: float, *, dashed: bool = False) -> None:
        pixels = [self._point(point) for point in points]
        if dashed:
            for piece in _dashes(pixels, style.DASH[0] * self.scale, style.DASH[1] * self.scale):
                self.draw.line(piece, fill=colour, width=self._pixels(width))
        else:
            self.draw.line(pixels, fill=colour, width=self._pixels(width), joint="curve")

    def curve(
        self, start: Point, control: Point, end: Point, colour: str, width: float, *, dashed: bool
    ) -> None:
        (x0, y0), (cx, cy), (x1, y1) = start, control, end
        points = [
            (
                (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x1,
                (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y1,
            )
            for t in (i / _CURVE_STEPS for i in range(_CURVE_STEPS + 1))
        ]
        self.line(points, colour, width, dashed=dashed)

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
        (x0, y0), (x1, y1) = self._point((x, y)), self._point((x + width, y + height))
        corners = (x0, y0, max(x1, x0 + 1), max(y1, y0 + 1))
        outline = border if border else None
        line_width = self._pixels(border_width) if border else 0
        rounding = radius * self.scale
        if rounding >= 1 and min(x1 - x0, y1 - y0) > 2 * rounding:
            self.draw.rounded_rectangle(
                corners, radius=rounding, fill=fill, outline=outline, width=line_width
            )
        else:
            self.draw.rectangle(corners, fill=fill, outline=outline, width=line_width)

    def dots(self, dots: Sequence[tuple[float, float, str]], diameter: float) -> None:
        radius = diameter / 2 * self.scale
        if radius < 0.75:
            return
        for x, y, colour in dots:
            cx, cy = self._point((x, y))
            self.draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)

    def text(self, text: Text) -> None:
        size = text.size * self.scale
        if size < 1:  # FreeType refuses type under a pixel (a chart fitted to a small paper); nobody reads it
            return
        x, y = self._point((text.x, text.baseline))
        for run in text_runs(text.text, bold=text.bold):
            stroke = size * SYNTHETIC_BOLD_STROKE if run.synthetic_bold else 0
            font = _font(run.font, size)
            self.draw.text((x, y), run.text, font=font, fill=text.colour, anchor="ls", stroke_width=stroke)
            x += text_width(run.text, text.size, bold=text.bold) * self.scale


def _dashes(points: list[tuple[float, float]], dash: float, gap: float) -> list[list[tuple[float, float]]]:
    """Cut a polyline (in pixels) into dashes ``dash`` long with ``gap`` between them."""
    pieces: list[list[tuple[float, float]]] = []
    current = [points[0]]
    drawing, left = True, dash
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        length = math.hypot(bx - ax, by - ay)
        done = 0.0
        while length - done > left:
            done += left
            point = (ax + (bx - ax) * done / length, ay + (by - ay) * done / length)
            if drawing:
                current.append(point)
                pieces.append(current)
            current = [point]
            drawing, left = not drawing, gap if drawing else dash
        left -= length - done
        if drawing:
            current.append((bx, by))
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces


def png_size(geometry: ChartGeometry, *, include_influence: bool) -> RasterSize:
    """The size of the image of ``geometry`` under its header, legible or not (see ``raster_size``)."""
    inner_width = max(geometry.width, legend_width(include_influence))
    margin = style.PAGE_MARGIN
    return raster_size(inner_width + 2 * margin, geometry.height + style.HEADER_HEIGHT + 2 * margin)


def unreadable_png(geometry: ChartGeometry, size: RasterSize, *, compact_fits: bool = False) -> str:
    """Why a PNG of ``geometry`` at ``size`` is refused, and what to export instead, in one sentence."""
    people = f"{geometry.people:,} {'person' if geometry.people == 1 else 'people'}"
    name = style.NAME_SIZE * size.scale
    shown = (
        f"{math.floor(name * 10) / 10:.1f}" if name >= 1 else f"{name:.2g}"
    )  # never rounded up to the need
    instead = "export it as PDF (tiled pages) or SVG instead"
    if compact_fits:
        instead += ", or in the compact layout (--compact), which fits"
    return (
        f"The org chart ({people}) is too big for one readable PNG: within {MAX_SIDE:,} pixels a side and "
        f"{MAX_PIXELS // 1_000_000} million pixels its names would be "
        f"{shown}-pixel type, and reading them takes {LEGIBLE_NAME_PIXELS:g}; "
        f"nothing was written: {instead}."
    )


def write_png(
    geometry: ChartGeometry,
    path: Path,
    *,
    title: str,
    subtitle: str,
    include_influence: bool,
    paper: PaperPlan | None = None,
) -> RasterSize:
    """Paint the chart under its header on a white image and save it as PNG at ``path``.

    Raises ImageTooLarge, before painting anything, for a chart that one image cannot show legibly. With a
    ``paper`` plan (fitted, see ``org_chart_paper``) the image is that paper at PIXELS_PER_POINT, the header
    at full size and the chart scaled under it, however small (the plan says when names become illegible).
    """
    if paper is not None:
        return _write_paper_png(geometry, path, title, subtitle, include_influence, paper)
    size = png_size(geometry, include_influence=include_influence)
    if size.scale < LEGIBLE_SCALE:
        raise ImageTooLarge(unreadable_png(geometry, size))
    margin = style.PAGE_MARGIN
    inner_width = max(geometry.width, legend_width(include_influence))
    image = Image.new("RGB", (size.width, size.height), style.PAGE_BACKGROUND)
    header = chart_header(title, subtitle, "", inner_width, include_influence=include_influence)
    paint_header(PillowPen(image, size.scale, margin, margin), header)
    pen = PillowPen(image, size.scale, margin, margin + style.HEADER_HEIGHT)
    paint_chart(pen, items_within(geometry))
    image.save(path, format="PNG")
    return size


def _write_paper_png(
    geometry: ChartGeometry, path: Path, title: str, subtitle: str, include_influence: bool, paper: PaperPlan
) -> RasterSize:
    width, height = paper.page_size
    size = RasterSize(round(width * PIXELS_PER_POINT), round(height * PIXELS_PER_POINT), PIXELS_PER_POINT)
    image = Image.new("RGB", (size.width, size.height), style.PAGE_BACKGROUND)
    label = paper.paper.describe() + (f" at {paper.scale:.0%}" if paper.scale < 1 else "")
    header = chart_header(title, subtitle, label, width - 2 * EDGE, include_influence=include_influence)
    paint_header(PillowPen(image, PIXELS_PER_POINT, EDGE, EDGE), header)
    scale = paper.scale
    pen = PillowPen(image, PIXELS_PER_POINT * scale, paper.chart_left / scale, paper.chart_top / scale)
    paint_chart(pen, items_within(geometry))
    image.save(path, format="PNG")
    return RasterSize(size.width, size.height, PIXELS_PER_POINT * scale)

"""The org chart as reportlab shapes: a Drawing, for callers that compose it into documents (SVG is org_chart_svg)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Path, PolyLine, Rect, String

from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import Header
from accountplan.reports.chart_painting import items_within, paint_chart, paint_header
from accountplan.reports.fonts import SANS, register_fonts, text_runs, text_width
from accountplan.reports.org_chart_geometry import Bounds, ChartGeometry, Point, Text
from accountplan.reports.org_chart_pdf import colour

__all__ = ["ShapesPen", "blank_drawing", "chart_group", "header_group"]


def blank_drawing(width: float, height: float) -> Drawing:
    """An empty drawing whose default font is a shipped one: reportlab's default, Helvetica, is never embedded."""
    return Drawing(width, height, initialFontName=SANS.name)


class ShapesPen:
    """A Pen that adds reportlab shapes to a group, turning chart points (y down) into its points (y up).

    ``viewport`` is the chart area drawn, its top-left corner at (0, height). Each text is drawn as runs,
    each in the shipped font of its script (exact, as in the PDF).
    """

    def __init__(self, group: Group, viewport: Bounds) -> None:
        self.group = group
        self.left, self.bottom = viewport[0], viewport[3]

    def _point(self, point: Point) -> tuple[float, float]:
        return point[0] - self.left, self.bottom - point[1]

    def line(self, points: Sequence[Point], colour_code: str, width: float, *, dashed: bool = False) -> None:
        flat = [value for point in points for value in self._point(point)]
        self.group.add(
            PolyLine(
                flat,
                strokeColor=colour(colour_code),
                strokeWidth=width,
                strokeLineJoin=1,
                strokeLineCap=1,
                strokeDashArray=list(style.DASH) if dashed else None,
            )
        )

    def curve(
        self, start: Point, control: Point, end: Point, colour_code: str, width: float, *, dashed: bool
    ) -> None:
        (x0, y0), (cx, cy), (x1, y1) = self._point(start), self._point(control), self._point(end)
        # The quadratic curve as the cubic one PDF and SVG draw: controls 2/3 of the way to the middle one.
        path = Path(
            strokeColor=colour(colour_code),
            strokeWidth=width,
            fillColor=None,
            strokeLineCap=1,
            strokeDashArray=list(style.DASH) if dashed else None,
        )
        path.moveTo(x0, y0)
        path.curveTo(
            x0 + 2 / 3 * (cx - x0),
            y0 + 2 / 3 * (cy - y0),
            x1 + 2 / 3 * (cx - x1),
            y1 + 2 / 3 * (cy - y1),
            x1,
            y1,
        )
        self.group.add(path)

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
        self.group.add(
            Rect(
                left,
                top - height,
                width,
                height,
                rx=radius,
                ry=radius,
                fillColor=colour(fill) if fill else None,
                strokeColor=colour(border) if border else None,
                strokeWidth=border_width,
            )
        )

    def dots(self, dots: Sequence[tuple[float, float, str]], diameter: float) -> None:
        for x, y, colour_code in dots:
            cx, cy = self._point((x, y))
            self.group.add(Circle(cx, cy, diameter / 2, fillColor=colour(colour_code), strokeColor=None))

    def text(self, text: Text) -> None:
        runs = text_runs(text.text, bold=text.bold)
        if not runs:
            return
        fill = colour(text.colour)
        x, y = self._point((text.x, text.baseline))
        for run in runs:
            self.group.add(String(x, y, run.text, fontName=run.font, fontSize=text.size, fillColor=fill))
            x += text_width(run.text, text.size, bold=text.bold)


def chart_group(geometry: ChartGeometry, viewport: Bounds | None = None) -> Group:
    """The chart's shapes within ``viewport`` (default: all of it), its top-left corner at (0, its height)."""
    register_fonts()
    view = viewport or (0.0, 0.0, geometry.width, geometry.height)
    group = Group()
    paint_chart(ShapesPen(group, view), items_within(geometry, viewport))
    return group


def header_group(header: Header, width: float) -> Group:
    """The strip above the chart as shapes, ``width`` wide and HEADER_HEIGHT high from (0, 0)."""
    register_fonts()
    group = Group()
    paint_header(ShapesPen(group, (0.0, 0.0, width, style.HEADER_HEIGHT)), header)
    return group

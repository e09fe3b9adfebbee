"""The org chart as SVG, written element by element straight from its geometry (no drawing tree in memory).

The same painter as the PDF and the PNG drives an :class:`SvgPen`. Each distinct look (a fill, a stroke, a
text's face, size and colour) is one class of a ``<style>`` block at the top, so an element carries its
coordinates and a short class name, nothing else; each card is one ``<g id="person-N">``, and every line of
text is a ``<text>`` element (searchable, selectable, never outlines). Text is made printable (nothing XML
1.0 forbids) and escaped. Viewers pick each script's font from a family list: the shipped faces, the one for
the line's script first, then the viewer's own sans-serif.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from accountplan.model.text_rules import printable
from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import Header, chart_header, legend_width
from accountplan.reports.chart_painting import ChartItems, paint_card, paint_header, paint_links
from accountplan.reports.fonts import CHINESE, JAPANESE, KOREAN, SANS, SANS_BOLD, face_named, text_runs
from accountplan.reports.org_chart_geometry import ChartGeometry, Point, Text, chart_line
from accountplan.reports.org_chart_paper import EDGE, PaperPlan

__all__ = ["SvgPen", "StyleSheet", "svg_text", "write_svg"]

DESCRIPTION = "Internal org chart exported by Account Plan"
_SHIPPED_CJK = (JAPANESE.family, KOREAN.family, CHINESE.family)
#: For each shipped CJK face, the faces macOS, Windows and Linux have for the same script, tried after it.
_SYSTEM_FACES = {
    JAPANESE.family: ("Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP"),
    KOREAN.family: ("Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR"),
    CHINESE.family: ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"),
}
_LATIN = frozenset({SANS.name, SANS_BOLD.name})
_ENTITIES = {'"': "&quot;", "'": "&apos;"}
_BUFFER = 1 << 20


def svg_text(text: str) -> str:
    """``text`` as XML character data: printable (see ``printable``), with & < > and quotes escaped."""
    return escape(printable(text), _ENTITIES)


@functools.lru_cache(maxsize=1 << 16)
def _number(value: float) -> str:
    """A coordinate to a hundredth of a point, without trailing zeros ("12", "12.5", "-3.25")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _families(cjk: str | None = None) -> str:
    """A CSS font-family list: DejaVu Sans, ``cjk`` and the systems' faces for its script, then the rest.

    The rest: the other shipped CJK faces, then the viewer's sans-serif. DejaVu Sans comes first whatever the script: it has no Chinese, Japanese or Korean characters, so these
    fall through to the face named next, while Latin in the same line keeps the font it was measured in
    (the CJK faces' Latin letters are monospaced and wide).
    """
    ordered = [SANS.family]
    if cjk is not None:
        ordered += [cjk, *_SYSTEM_FACES[cjk]]
    ordered += [family for family in _SHIPPED_CJK if family not in ordered]
    return ",".join(f"'{family}'" for family in ordered) + ",sans-serif"


#: Every text's font-family unless its class says otherwise.
_TEXT_RULE = f"text{{font-family:{_families()}}}\n"


def _font_family(text: str, bold: bool) -> str:
    """The declaration naming the face of the line's first CJK script before the others ("" for none).

    Chinese characters are drawn differently in a Japanese, Korean or Chinese face: the first face in the
    list that has a character is the one a viewer draws it in.
    """
    if text.isascii():
        return ""
    first = next((run.font for run in text_runs(text, bold=bold) if run.font not in _LATIN), None)
    return "" if first is None else f"font-family:{_families(face_named(first).family)};"


class StyleSheet:
    """The CSS classes of one SVG: a short class name for each distinct declaration block, in order of use.

    A look is asked for by a key of the values it is made of; its declarations are only written out the
    first time that key is met.
    """

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self._keys: dict[tuple[object, ...], str] = {}

    def name(self, key: tuple[object, ...], declarations: Callable[[], str]) -> str:
        found = self._keys.get(key)
        if found is None:
            block = declarations()
            found = self.names.get(block)
            if found is None:
                found = self.names[block] = f"c{len(self.names)}"
            self._keys[key] = found
        return found

    def css(self) -> str:
        return "".join(f".{name}{{{block}}}\n" for block, name in self.names.items())


def _stroke(colour: str, width: float, dashed: bool) -> str:
    dash = f";stroke-dasharray:{_number(style.DASH[0])} {_number(style.DASH[1])}" if dashed else ""
    return (
        f"fill:none;stroke:{colour};stroke-width:{_number(width)};"
        f"stroke-linecap:round;stroke-linejoin:round{dash}"
    )


def _fill(fill: str | None, border: str | None, border_width: float) -> str:
    outline = f";stroke:{border};stroke-width:{_number(border_width)}" if border else ""
    return f"fill:{fill or 'none'}{outline}"


def _type(family: str, text: Text) -> str:
    weight = ";font-weight:bold" if text.bold else ""
    return f"{family}font-size:{_number(text.size)}px;fill:{text.colour}{weight}"


class SvgPen:
    """A Pen that writes SVG elements with ``write``, in chart points (SVG's y grows downwards too).

    Coordinates are written relative to ``origin`` (the top-left corner of the card being drawn, inside
    its group's translation), so that a card's elements read the same whatever its place. Without
    ``write`` the pen only names the classes the elements need in ``sheet``: a first pass over the chart
    that lets the ``<style>`` block come before the elements that use it.
    """

    def __init__(self, sheet: StyleSheet, write: Callable[[str], object] | None) -> None:
        self.sheet = sheet
        self.write = write
        self.origin: Point = (0.0, 0.0)

    def _points(self, points: Sequence[Point]) -> str:
        left, top = self.origin
        return " ".join(f"{_number(x - left)},{_number(y - top)}" for x, y in points)

    def line(self, points: Sequence[Point], colour: str, width: float, *, dashed: bool = False) -> None:
        name = self.sheet.name(("line", colour, width, dashed), lambda: _stroke(colour, width, dashed))
        if self.write is not None:
            self.write(f'<polyline class="{name}" points="{self._points(points)}"/>\n')

    def curve(
        self, start: Point, control: Point, end: Point, colour: str, width: float, *, dashed: bool
    ) -> None:
        name = self.sheet.name(("line", colour, width, dashed), lambda: _stroke(colour, width, dashed))
        if self.write is not None:
            start_at, through = self._points((start,)), self._points((control, end))
            self.write(f'<path class="{name}" d="M{start_at}Q{through}"/>\n')

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
        name = self.sheet.name(("box", fill, border, border_width), lambda: _fill(fill, border, border_width))
        if self.write is not None:
            left, top = self.origin
            rounded = f' rx="{_number(radius)}"' if radius > 0 else ""
            self.write(
                f'<rect class="{name}" x="{_number(x - left)}" y="{_number(y - top)}" '
                f'width="{_number(width)}" height="{_number(height)}"{rounded}/>\n'
            )

    def dots(self, dots: Sequence[tuple[float, float, str]], diameter: float) -> None:
        radius = _number(diameter / 2)
        left, top = self.origin
        for x, y, colour in dots:
            name = self.sheet.name(("dot", colour), functools.partial(_fill, colour, None, 0.0))
            if self.write is not None:
                self.write(
                    f'<circle class="{name}" cx="{_number(x - left)}" cy="{_number(y - top)}" r="{radius}"/>\n'
                )

    def text(self, text: Text) -> None:
        if not text.text:
            return
        family = _font_family(text.text, text.bold)
        key = ("text", family, text.size, text.colour, text.bold)
        name = self.sheet.name(key, lambda: _type(family, text))
        if self.write is not None:
            left, top = self.origin
            self.write(
                f'<text class="{name}" x="{_number(text.x - left)}" y="{_number(text.baseline - top)}">'
                f"{svg_text(text.text)}</text>\n"
            )


def _paint(
    pen: SvgPen, geometry: ChartGeometry, header: Header, *, margin: float, chart_at: Point, scale: float
) -> None:
    """The header, then the links under the cards, then each card in a group of its own.

    The header's top-left corner is at (``margin``, ``margin``), the chart's at ``chart_at``, drawn at ``scale``.
    """
    write = pen.write or (lambda _: None)
    write(f'<g id="header" transform="translate({_number(margin)},{_number(margin)})">\n')
    paint_header(pen, header)
    write("</g>\n")
    scaled = f" scale({scale:.6g})" if scale != 1 else ""
    write(
        f'<g id="chart" transform="translate({_number(chart_at[0])},{_number(chart_at[1])}){scaled}">\n'
        '<g id="links">\n'
    )
    paint_links(pen, ChartItems(geometry.reporting_lines, geometry.arrows, geometry.cards))
    write("</g>\n")
    for card in geometry.cards:
        write(
            f'<g id="person-{card.person_id}" transform="translate({_number(card.x)},{_number(card.y)})">\n'
        )
        pen.origin = (card.x, card.y)
        paint_card(pen, card)
        write("</g>\n")
    pen.origin = (0.0, 0.0)
    write("</g>\n")


def write_svg(
    geometry: ChartGeometry,
    path: Path,
    *,
    title: str,
    subtitle: str,
    include_influence: bool,
    paper: PaperPlan | None = None,
) -> None:
    """Write the chart under its header (title, subtitle, legend) as an SVG file at ``path``, as it goes.

    With a ``paper`` plan (fitted, see ``org_chart_paper``) the image is that paper, its width and height
    in points: the header at full size, the chart scaled under it.
    """
    if paper is None:
        margin, scale, unit = style.PAGE_MARGIN, 1.0, ""
        inner_width = max(geometry.width, legend_width(include_influence))
        width, height = inner_width + 2 * margin, geometry.height + style.HEADER_HEIGHT + 2 * margin
        chart_at, label = (margin, margin + style.HEADER_HEIGHT), ""
    else:
        margin, scale, unit = EDGE, paper.scale, "pt"
        (width, height), inner_width = paper.page_size, paper.page_size[0] - 2 * EDGE
        chart_at = (paper.chart_left, paper.chart_top)
        label = paper.paper.describe() + (f" at {scale:.0%}" if scale < 1 else "")
    header = chart_header(title, subtitle, label, inner_width, include_influence=include_influence)
    sheet = StyleSheet()
    _paint(SvgPen(sheet, None), geometry, header, margin=margin, chart_at=chart_at, scale=scale)
    with path.open("w", encoding="utf-8", newline="\n", buffering=_BUFFER) as stream:
        stream.write(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_number(width)}{unit}" '
            f'height="{_number(height)}{unit}" viewBox="0 0 {_number(width)} {_number(height)}">\n'
            f"<title>{svg_text(chart_line(title))}</title>\n<desc>{DESCRIPTION}</desc>\n"
            f"<style>\n{_TEXT_RULE}{sheet.css()}</style>\n"
            f'<rect width="100%" height="100%" fill="{style.PAGE_BACKGROUND}"/>\n'
        )
        _paint(SvgPen(sheet, stream.write), geometry, header, margin=margin, chart_at=chart_at, scale=scale)
        stream.write("</svg>\n")

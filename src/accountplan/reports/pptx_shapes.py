"""Native PowerPoint shapes written as DrawingML: boxes, text in a font for each script, connectors, curves.

python-pptx adds one shape at a time, parsing a template and searching the slide for a free id each time
(quadratic in the shapes of a slide); a chart slide has hundreds. :class:`SlideShapes` writes a slide's
shapes as XML text with ids of its own, parses them once and appends them to the slide's shape tree.

Every text stays text (a run per script, searchable and editable), in the fonts ``slide_text`` chooses for
every deck: Latin, Greek and Cyrillic in Arial, which every PowerPoint has (LibreOffice draws it in the
metric-compatible Liberation Sans); Chinese, Japanese and Korean in the Office font for their script (Yu
Gothic, Microsoft YaHei, Malgun Gothic) named as both the run's Latin and East Asian typeface, with the run's
language and the font's character set so that a viewer without it substitutes one for the same script. Runs
are split as ``fonts.text_runs`` splits them for the PDF. Text is made printable (nothing XML 1.0 forbids)
and escaped, and never spell-checked (names are not words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from accountplan.model.text_rules import printable
from accountplan.reports.fonts import JAPANESE, text_runs
from accountplan.reports.slide_text import EAST_ASIAN, LATIN_FONT

__all__ = [
    "EMU_PER_POINT",
    "Paragraph",
    "PathStep",
    "SlideShapes",
    "emu",
    "set_text",
]

EMU_PER_POINT = 12700
_JAPANESE_FONT = EAST_ASIAN[JAPANESE.name][0]
_NAMESPACES = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
Point = tuple[float, float]
#: One step of a freeform path: ("M", point), ("L", point), ("Q", control, point) or ("Z",) to close.
PathStep = tuple[str, *tuple[Point, ...]]
Align = Literal["l", "ctr", "r"]
Anchor = Literal["t", "ctr", "b"]


def emu(points: float) -> int:
    """Points as English Metric Units, the unit of every DrawingML length."""
    return round(points * EMU_PER_POINT)


def _attr(text: str) -> str:
    """An XML attribute value, quoted: printable and escaped."""
    return quoteattr(printable(text).replace("\n", " "))


def _colour(hex_code: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_code.lstrip("#").upper()}"/></a:solidFill>'


def _line(
    colour: str | None,
    width: float,
    *,
    dashed: bool = False,
    arrow_head: bool = False,
) -> str:
    """An ``a:ln``: the stroke, dashed or not, with an open arrowhead at the path's end (its tail) if asked."""
    if colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    dash = '<a:prstDash val="dash"/>' if dashed else ""
    head = '<a:tailEnd type="arrow" w="lg" len="lg"/>' if arrow_head else ""
    return f'<a:ln w="{max(emu(width), 1)}" cap="rnd">{_colour(colour)}{dash}<a:round/>{head}</a:ln>'


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of text: what it says, its size in points, colour, weight and alignment."""

    text: str
    size: float
    colour: str
    bold: bool = False
    align: Align = "l"


def _runs(paragraph: Paragraph) -> str:
    """The ``a:r`` runs of a line, one per script, each naming the typeface for its script."""
    size = max(100, round(paragraph.size * 100))
    bold = ' b="1"' if paragraph.bold else ""
    fill = _colour(paragraph.colour)
    out = []
    for run in text_runs(printable(paragraph.text).replace("\n", " "), bold=paragraph.bold):
        east_asian = EAST_ASIAN.get(run.font)
        if east_asian is None:  # the viewer's language; Japanese typed into the run gets a Japanese face
            language, fonts = "", f'<a:latin typeface="{LATIN_FONT}"/><a:ea typeface="{_JAPANESE_FONT}"/>'
        else:
            typeface, tag, charset = east_asian
            face = f'typeface="{typeface}" charset="{charset}"'
            language, fonts = f' lang="{tag}"', f"<a:latin {face}/><a:ea {face}/>"
        out.append(
            f'<a:r><a:rPr{language} sz="{size}"{bold} noProof="1" dirty="0">{fill}{fonts}</a:rPr>'
            f"<a:t>{escape(run.text)}</a:t></a:r>"
        )
    return "".join(out)


def _text_body(paragraphs: Sequence[Paragraph], anchor: Anchor, *, wrap: bool) -> str:
    body = (
        f'<a:bodyPr wrap="{"square" if wrap else "none"}" lIns="0" tIns="0" rIns="0" bIns="0" '
        f'anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
    )
    lines = "".join(
        f'<a:p><a:pPr algn="{p.align}"/>{_runs(p)}'
        f'<a:endParaRPr sz="{max(100, round(p.size * 100))}" dirty="0"/></a:p>'
        for p in paragraphs
    )
    return f"<p:txBody>{body}{lines}</p:txBody>"


def _leg(start: Point, end: Point) -> Literal["down", "across"] | None:
    """Whether a leg goes straight down (or up), straight across, or neither (slanted, or no length)."""
    if abs(start[0] - end[0]) < 1e-6 and abs(start[1] - end[1]) >= 1e-6:
        return "down"
    if abs(start[1] - end[1]) < 1e-6 and abs(start[0] - end[0]) >= 1e-6:
        return "across"
    return None


def _xfrm(x: float, y: float, width: float, height: float, extra: str = "") -> str:
    return (
        f'<a:xfrm{extra}><a:off x="{emu(x)}" y="{emu(y)}"/>'
        f'<a:ext cx="{max(emu(width), 0)}" cy="{max(emu(height), 0)}"/></a:xfrm>'
    )


class SlideShapes:
    """The shapes of one slide, written as XML with their own ids and added to the slide at once by ``add_to``.

    Shapes written between ``begin_group`` and ``end_group`` form one group shape, sized to hold them all.
    Coordinates are slide points (origin top-left, y down).
    """

    def __init__(self, first_id: int = 100) -> None:
        self._next_id = first_id
        self._parts: list[list[str]] = [[]]
        self._bounds: list[list[float] | None] = [None]

    def reserve_id(self) -> int:
        """A shape id no other shape of this writer has (for a shape a connector names before it is written)."""
        found = self._next_id
        self._next_id += 1
        return found

    def _write(self, xml: str, x: float, y: float, width: float, height: float) -> None:
        self._parts[-1].append(xml)
        bounds = self._bounds[-1]
        if bounds is None:
            self._bounds[-1] = [x, y, x + width, y + height]
        else:
            bounds[0], bounds[1] = min(bounds[0], x), min(bounds[1], y)
            bounds[2], bounds[3] = max(bounds[2], x + width), max(bounds[3], y + height)

    def begin_group(self) -> None:
        self._parts.append([])
        self._bounds.append(None)

    def end_group(self, name: str, description: str = "") -> int:
        """Close the group begun last: one ``p:grpSp`` whose children keep their slide coordinates."""
        children, bounds = self._parts.pop(), self._bounds.pop()
        shape_id = self.reserve_id()
        if bounds is None:
            return shape_id
        x, y, right, bottom = bounds
        width, height = right - x, bottom - y
        off, ext = f'x="{emu(x)}" y="{emu(y)}"', f'cx="{emu(width)}" cy="{emu(height)}"'
        descr = f" descr={_attr(description)}" if description else ""
        self._write(
            f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}{descr}/>'
            "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>"
            f"<p:grpSpPr><a:xfrm><a:off {off}/><a:ext {ext}/><a:chOff {off}/><a:chExt {ext}/></a:xfrm>"
            f"</p:grpSpPr>{''.join(children)}</p:grpSp>",
            x,
            y,
            width,
            height,
        )
        return shape_id

    def box(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        name: str,
        fill: str | None,
        border: str | None = None,
        border_width: float = 0.0,
        radius: float = 0.0,
        ellipse: bool = False,
        text: Paragraph | None = None,
        shape_id: int | None = None,
    ) -> int:
        """A rectangle (corners rounded by ``radius`` points) or an ellipse, holding ``text`` centred if given."""
        shape_id = self.reserve_id() if shape_id is None else shape_id
        if ellipse:
            geometry = '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>'
        elif radius > 0:
            adjust = round(min(50000, radius / max(min(width, height), 0.01) * 100000))
            geometry = (
                f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {adjust}"/></a:avLst>'
                "</a:prstGeom>"
            )
        else:
            geometry = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        paint = _colour(fill) if fill else "<a:noFill/>"
        body = _text_body([text], "ctr", wrap=False) if text is not None else ""
        self._write(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f"<p:spPr>{_xfrm(x, y, width, height)}{geometry}{paint}"
            f"{_line(border, border_width)}</p:spPr>{body}</p:sp>",
            x,
            y,
            width,
            height,
        )
        return shape_id

    def text(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        paragraphs: Sequence[Paragraph],
        *,
        name: str,
        anchor: Anchor = "ctr",
        wrap: bool = False,
    ) -> int:
        """A text box without fill or border, no insets, its lines anchored at its top, middle or bottom."""
        shape_id = self.reserve_id()
        self._write(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}/><p:cNvSpPr txBox="1"/><p:nvPr/>'
            f"</p:nvSpPr><p:spPr>{_xfrm(x, y, width, height)}"
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f"{_text_body(paragraphs, anchor, wrap=wrap)}</p:sp>",
            x,
            y,
            width,
            height,
        )
        return shape_id

    def _connector(
        self,
        name: str,
        xfrm: str,
        geometry: str,
        line: str,
        ends: tuple[tuple[int, int] | None, tuple[int, int] | None],
        bounds: tuple[float, float, float, float],
    ) -> int:
        shape_id = self.reserve_id()
        start, end = ends
        glue = (f'<a:stCxn id="{start[0]}" idx="{start[1]}"/>' if start else "") + (
            f'<a:endCxn id="{end[0]}" idx="{end[1]}"/>' if end else ""
        )
        self._write(
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}/>'
            f"<p:cNvCxnSpPr>{glue}</p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr>"
            f"<p:spPr>{xfrm}{geometry}<a:noFill/>{line}</p:spPr></p:cxnSp>",
            *bounds,
        )
        return shape_id

    def straight(
        self,
        start: Point,
        end: Point,
        *,
        name: str,
        colour: str,
        width: float,
        dashed: bool = False,
        ends: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None),
    ) -> int:
        """A straight connector from ``start`` to ``end``; ``ends`` glue it to (shape id, connection site)."""
        (x0, y0), (x1, y1) = start, end
        flips = (' flipH="1"' if x1 < x0 else "") + (' flipV="1"' if y1 < y0 else "")
        x, y, w, h = min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)
        return self._connector(
            name,
            _xfrm(x, y, w, h, flips),
            '<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>',
            _line(colour, width, dashed=dashed),
            ends,
            (x, y, w, h),
        )

    def elbow(
        self,
        points: Sequence[Point],
        *,
        name: str,
        colour: str,
        width: float,
        ends: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None),
    ) -> int | None:
        """One connector along a polyline of two to four legs, each across or down, turning at each point.

        PowerPoint's bent connectors (``bentConnector2`` to ``4``) go across first, then alternate; a line
        going down first is the same shape turned a quarter clockwise. Flips make it go left or up. Returns
        None, drawing nothing, for a polyline no bent connector follows (a slanted leg, a leg going up first,
        two legs the same way).
        """
        legs = len(points) - 1
        if not 2 <= legs <= 4:
            return None
        down_first = _leg(points[0], points[1]) == "down"
        for index in range(legs):
            along = _leg(points[index], points[index + 1])
            if along is None or (along == "down") != (down_first == (index % 2 == 0)):
                return None
        (x0, y0), (x1, y1) = points[0], points[-1]
        if abs(x1 - x0) < 1e-6 or abs(y1 - y0) < 1e-6 or (down_first and y1 < y0):
            return None
        # the turns, as fractions of the way from start to end: along the first leg, then across it
        if down_first:
            main, cross = (y0, y1, 1), (x0, x1, 0)
        else:
            main, cross = (x0, x1, 0), (y0, y1, 1)
        adjusts = []
        for number, (start, end, axis) in enumerate((main, cross)[: legs - 2], start=1):
            turn = points[number][axis]
            adjusts.append(
                f'<a:gd name="adj{number}" fmla="val {round((turn - start) / (end - start) * 100000)}"/>'
            )
        geometry = (
            f'<a:prstGeom prst="bentConnector{legs}"><a:avLst>{"".join(adjusts)}</a:avLst></a:prstGeom>'
        )
        left, top = min(p[0] for p in points), min(p[1] for p in points)
        right, bottom = max(p[0] for p in points), max(p[1] for p in points)
        across, down = abs(x1 - x0), abs(y1 - y0)
        if down_first:
            # the shape's own box before it is turned: its width runs down the slide, its height across
            centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
            flip = ' flipV="1"' if x1 > x0 else ""
            xfrm = _xfrm(centre_x - down / 2, centre_y - across / 2, down, across, f' rot="5400000"{flip}')
        else:
            flips = (' flipH="1"' if x1 < x0 else "") + (' flipV="1"' if y1 < y0 else "")
            xfrm = _xfrm(min(x0, x1), min(y0, y1), across, down, flips)
        return self._connector(
            name, xfrm, geometry, _line(colour, width), ends, (left, top, right - left, bottom - top)
        )

    def path(
        self,
        commands: Sequence[PathStep],
        *,
        name: str,
        stroke: str | None,
        width: float = 0.0,
        fill: str | None = None,
        dashed: bool = False,
        arrow_head: bool = False,
    ) -> int:
        """A freeform shape drawn by ``commands``: ("M", point), ("L", point), ("Q", control, point), ("Z",)."""
        points = [point for command in commands for point in command[1:]]
        left, top = min(p[0] for p in points), min(p[1] for p in points)
        right, bottom = max(p[0] for p in points), max(p[1] for p in points)
        width_emu, height_emu = max(emu(right - left), 1), max(emu(bottom - top), 1)

        def at(point: Point) -> str:
            return f'<a:pt x="{emu(point[0] - left)}" y="{emu(point[1] - top)}"/>'

        tags = {"M": "moveTo", "L": "lnTo", "Q": "quadBezTo"}
        steps = "".join(
            "<a:close/>"
            if command[0] == "Z"
            else f"<a:{tags[command[0]]}>{''.join(at(point) for point in command[1:])}</a:{tags[command[0]]}>"
            for command in commands
        )
        shape_id = self.reserve_id()
        paint = _colour(fill) if fill else "<a:noFill/>"
        unfilled = "" if fill else ' fill="none"'
        self._write(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{emu(left)}" y="{emu(top)}"/>'
            f'<a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
            '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{width_emu}" h="{height_emu}"{unfilled}>{steps}</a:path></a:pathLst>'
            f"</a:custGeom>{paint}{_line(stroke, width, dashed=dashed, arrow_head=arrow_head)}</p:spPr></p:sp>",
            left,
            top,
            right - left,
            bottom - top,
        )
        return shape_id

    def add_to(self, slide: Slide) -> None:
        """Parse the shapes written (groups closed) and append them to ``slide``'s shape tree, in order."""
        if len(self._parts) != 1:
            raise RuntimeError("a group was begun and not ended")
        tree = parse_xml(f"<p:spTree {_NAMESPACES}>{''.join(self._parts[0])}</p:spTree>")
        slide.shapes._spTree.extend(list(tree))
        self._parts = [[]]
        self._bounds = [None]


def set_text(shape: BaseShape, paragraphs: Sequence[Paragraph], *, anchor: Anchor = "ctr") -> None:
    """Replace the text of ``shape`` (a placeholder, say) by ``paragraphs``, set as ``SlideShapes`` sets text."""
    element = shape._element
    body = parse_xml(f"<p:sp {_NAMESPACES}>{_text_body(paragraphs, anchor, wrap=False)}</p:sp>")[0]
    old = element.find(qn("p:txBody"))
    if old is None:
        element.append(body)
    else:
        old.addprevious(body)
        element.remove(old)

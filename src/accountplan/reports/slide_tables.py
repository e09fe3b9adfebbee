"""Tables on slides: real, editable PowerPoint tables, split over as many slides as their rows need.

:func:`paginate` measures every cell (``slide_text.wrap``) and deals the rows out to slides of a given
height: a table never runs off its slide. A row taller than a whole slide is cut between two lines and goes
on, under the header again, on the next slide; a group's label (a phase of the milestones) is never left
alone at the foot of a slide, and is repeated, "(continued)", over the rest of its group on the next one.
:func:`draw_table` puts one slide's rows on it: a header row, the group rows merged across the table, bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Pt

from accountplan.reports.slide_text import Line, TextStyle, add_text, join_lines, slide_text, wrap

__all__ = ["Cell", "Column", "PlacedRow", "Section", "TableLook", "draw_table", "paginate"]

#: The style that draws nothing of its own ("No Style, No Grid"): the table's look is set cell by cell.
_NO_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
_MARGIN_X = 6.0
_MARGIN_Y = 4.0
#: Added to each row's height: a renderer's first line may sit a little lower than the line spacing says.
_ROW_SLACK = 2.0


@dataclass(frozen=True)
class Column:
    heading: str
    #: The column's share of the table's width.
    share: float


@dataclass(frozen=True)
class Cell:
    text: str
    #: The text's colour (RRGGBB), if not the table's.
    color: str | None = None


@dataclass(frozen=True)
class Section:
    """Rows under one label (a group row across the table), or under none."""

    rows: Sequence[Sequence[Cell]]
    label: str | None = None


@dataclass(frozen=True)
class TableLook:
    """A table's columns, its width in points, and the styles of its header, group rows and cells."""

    columns: tuple[Column, ...]
    width: float
    body: TextStyle
    head: TextStyle
    group: TextStyle
    head_fill: str = "1F4E79"
    band_fill: str = "EEF3F8"
    rule: str = "C9D3DC"
    widths: tuple[float, ...] = field(init=False)

    def __post_init__(self) -> None:
        total = sum(column.share for column in self.columns)
        object.__setattr__(self, "widths", tuple(self.width * c.share / total for c in self.columns))


@dataclass(frozen=True)
class PlacedRow:
    """One row as it goes on a slide: its kind, its cells' texts, and its height in points."""

    kind: Literal["head", "group", "body"]
    cells: tuple[Cell, ...]
    height: float


def _height(lines: int, style: TextStyle) -> float:
    return max(lines, 1) * style.line_height + 2 * _MARGIN_Y + _ROW_SLACK


def _head(look: TableLook) -> PlacedRow:
    cells = tuple(Cell(column.heading) for column in look.columns)
    return _measured("head", cells, look, look.head)[0]


def _measured(
    kind: Literal["head", "group", "body"], cells: tuple[Cell, ...], look: TableLook, style: TextStyle
) -> tuple[PlacedRow, list[list[Line]]]:
    widths = (look.width,) if kind == "group" else look.widths
    lines = [
        wrap(slide_text(cell.text), width - 2 * _MARGIN_X, style)
        for cell, width in zip(cells, widths, strict=True)
    ]
    return PlacedRow(kind, cells, _height(max(len(ls) for ls in lines), style)), lines


def paginate(look: TableLook, sections: Sequence[Section], height: float) -> list[list[PlacedRow]]:
    """The rows of each slide (each list starts with the header) so that no table is taller than ``height``."""
    head = _head(look)
    slides: list[list[PlacedRow]] = []
    page: list[PlacedRow] = [head]
    used = head.height

    def next_slide() -> None:
        nonlocal page, used
        slides.append(page)
        page, used = [head], head.height

    line = look.body.line_height
    for section in sections:
        label = _measured("group", (Cell(section.label),), look, look.group)[0] if section.label else None
        pending = label  # the label goes above the section's first row
        for cells in section.rows:
            row, lines = _measured("body", tuple(cells), look, look.body)
            while True:
                prefix: list[PlacedRow] = []
                if pending is not None:
                    prefix = [pending]
                elif label is not None and len(page) == 1:
                    prefix = [
                        _measured("group", (Cell(f"{section.label} (continued)"),), look, look.group)[0]
                    ]
                room = height - used - sum(r.height for r in prefix)
                if row.height <= room:
                    page += [*prefix, row]
                    used += sum(r.height for r in prefix) + row.height
                    pending = None
                    break
                fitting = int((room - 2 * _MARGIN_Y - _ROW_SLACK) // line)
                fresh = len(page) == 1
                fresh_room = height - head.height - (label.height if label else 0)
                if not fresh and (row.height <= fresh_room or fitting < 2):
                    next_slide()  # the row starts the next slide (the pending label with it)
                    continue
                fitting = max(fitting, 1)
                first = tuple(
                    Cell(join_lines(ls[:fitting]), c.color) for c, ls in zip(row.cells, lines, strict=True)
                )
                page += [*prefix, PlacedRow("body", first, _height(fitting, look.body))]
                pending = None
                next_slide()
                lines = [ls[fitting:] for ls in lines]
                rest = tuple(Cell(join_lines(ls), c.color) for c, ls in zip(row.cells, lines, strict=True))
                row = PlacedRow("body", rest, _height(max(len(ls) for ls in lines), look.body))
    slides.append(page)
    return slides


def draw_table(
    slide: Slide, look: TableLook, rows: list[PlacedRow], left: float, top: float, name: str
) -> GraphicFrame:
    """Put ``rows`` (one slide's, from :func:`paginate`) on ``slide`` as one table at ``left``, ``top``."""
    frame = slide.shapes.add_table(
        len(rows), len(look.columns), Pt(left), Pt(top), Pt(look.width), Pt(sum(r.height for r in rows))
    )
    frame.name = name
    table = frame.table
    properties = table._tbl.get_or_add_tblPr()
    style_id = properties.find(qn("a:tableStyleId"))
    if style_id is None:
        style_id = etree.SubElement(properties, qn("a:tableStyleId"))
    style_id.text = _NO_STYLE
    table.first_row = True
    table.horz_banding = False
    for index, width in enumerate(look.widths):
        table.columns[index].width = Pt(width)
    band = False
    for index, row in enumerate(rows):
        table.rows[index].height = Pt(row.height)
        cells = [table.cell(index, c) for c in range(len(look.columns))]
        if row.kind == "group":
            cells[0].merge(cells[-1])
            band = False
        fill = {"head": look.head_fill, "group": "FFFFFF"}.get(row.kind, look.band_fill if band else "FFFFFF")
        band = not band if row.kind == "body" else band
        style = {"head": look.head, "group": look.group}.get(row.kind, look.body)
        for cell, content in zip(cells, row.cells, strict=False):  # a group row: one text, merged
            cell.margin_left = cell.margin_right = Pt(_MARGIN_X)
            cell.margin_top = cell.margin_bottom = Pt(_MARGIN_Y)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE if row.kind == "head" else MSO_ANCHOR.TOP
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(fill)
            _rule_below(cell._tc, look.head_fill if row.kind == "group" else look.rule)
            text_style = style if content.color is None else TextStyle(style.size, style.bold, content.color)
            add_text(cell.text_frame, content.text, text_style)
        if row.kind == "group":
            for spanned in cells[1:]:
                _rule_below(spanned._tc, look.head_fill)
    return frame


def _rule_below(tc: etree._Element, color: str) -> None:
    """A thin line under the cell (a:lnB, which comes before the cell's fill in a:tcPr)."""
    properties = tc.get_or_add_tcPr()
    for old in properties.findall(qn("a:lnB")):
        properties.remove(old)
    line = etree.Element(qn("a:lnB"), w=str(Pt(0.75)), cap="flat", cmpd="sng")
    fill = etree.SubElement(line, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    properties.insert(0, line)

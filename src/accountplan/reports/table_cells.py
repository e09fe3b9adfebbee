"""Table cells as cheap as what they show: a plain string, or lines of script runs broken by our own rules.

Most cells of a long table are a name, a date or a score that fits the cell: reportlab draws a plain string
without parsing markup or breaking lines. Everything else is a :class:`ScriptLines`, each run in its font,
broken by :mod:`accountplan.reports.line_breaking` (never inside a word narrower than the cell: reportlab's
Paragraph would cut "Ha" / "mburg-Waltershof"), and drawn exactly where a Paragraph would draw the same lines.
User text is never parsed as markup in a cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from accountplan.model.text_rules import printable
from accountplan.reports.fonts import TextRun, text_runs, text_width
from accountplan.reports.line_breaking import break_lines, normalise_spaces

__all__ = ["CELL_LIMIT", "CELL_PADDING", "ScriptLines", "breaking_anywhere", "cell_content"]

#: The longest text a table cell shows: a cell may not exceed a page.
CELL_LIMIT = 1500
#: A table cell's padding left and right (reportlab's default, set explicitly: cells are fitted to it).
CELL_PADDING = 6.0
#: Points a line must be narrower than its cell's room to be sure to stay on one line.
_FIT_SLACK = 0.01
_ANYWHERE: dict[str, ParagraphStyle] = {}


def breaking_anywhere(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` with CJK line breaking: a line may break between any two Chinese, Japanese or Korean characters."""
    if style.name not in _ANYWHERE:
        _ANYWHERE[style.name] = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    return _ANYWHERE[style.name]


class ScriptLines(Flowable):
    """Lines that need no breaking, each a sequence of runs drawn in their fonts: what a Paragraph draws for them.

    Split over two pages as a Paragraph is (reportlab splits a table row by splitting its cells): by whole
    lines, never leaving one line alone at the foot of a page.
    """

    def __init__(self, lines: Sequence[Sequence[TextRun]], style: ParagraphStyle) -> None:
        super().__init__()
        self.lines, self.style = lines, style
        self.height = style.leading * len(lines)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        fitting = int(available_height / self.style.leading)
        if fitting <= 1:  # as a Paragraph: no orphan line
            return []
        if len(self.lines) <= fitting:
            return [self]
        return [ScriptLines(self.lines[:fitting], self.style), ScriptLines(self.lines[fitting:], self.style)]

    def draw(self) -> None:
        size, leading = self.style.fontSize, self.style.leading
        text = self.canv.beginText(0, self.height - size)  # a Paragraph's first baseline
        text.setFillColor(self.style.textColor)
        for number, runs in enumerate(self.lines):
            text.setTextOrigin(0, self.height - size - leading * number)
            for run in runs:
                text.setFont(run.font, size, leading)
                text.textOut(run.text)
        self.canv.drawText(text)


def cell_content(text: str, width: float, style: ParagraphStyle, *, bold: bool) -> str | Flowable:
    """What a table cell ``width`` points wide holds for ``text`` in ``style`` (the table's font for the cell).

    One line that fits, in ``style``'s font, is a plain string. Other text is :class:`ScriptLines`, broken
    by :func:`~accountplan.reports.line_breaking.break_lines`: between words, after a hyphen, between CJK
    characters (not before 、。」), and inside a word only when it is wider than the cell. Runs of spaces
    show as one, soft hyphens not at all. Control characters are dropped first (see ``printable``).
    """
    text = printable(text)
    shown = text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT] + " …"
    if shown == "":
        return ""
    size, room = style.fontSize, width - 2 * CELL_PADDING
    lines = [normalise_spaces(line) for line in shown.split("\n")]
    if len(lines) == 1 and lines[0] == shown and text_width(shown, size, bold=bold) <= room - _FIT_SLACK:
        runs = text_runs(shown, bold=bold)
        if len(runs) == 1 and runs[0].font == style.fontName:
            return shown
    broken = [
        line
        for paragraph in lines
        for line in break_lines(paragraph, room, size, bold=bold, space_shrinkage=style.spaceShrinkage)
    ]
    return ScriptLines(broken, style)

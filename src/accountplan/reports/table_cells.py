"""Table cells as cheap as what they show: a plain string, lines of script runs, or a Paragraph breaking lines once.

Most cells of a long table are a name, a date or a score on a line or two that fit the cell. reportlab draws a
plain string without parsing markup or breaking lines, so such a cell in the cell's font is one; a cell whose
lines fit but mix scripts (a Japanese name, then a title) is a :class:`ScriptLines`, each run in its font. Both
are drawn exactly where a Paragraph would draw the same lines. Only text that must be broken into lines is a
Paragraph (escaped), and it breaks them once: reportlab measures a table cell again at every wrap and split.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from accountplan.reports.fonts import TextRun, text_runs, text_width
from accountplan.reports.markup import has_cjk, markup

__all__ = ["CELL_LIMIT", "CELL_PADDING", "ScriptLines", "breaking_anywhere", "cell_content"]

#: The longest text a table cell shows: a cell may not exceed a page.
CELL_LIMIT = 1500
#: A table cell's padding left and right (reportlab's default, set explicitly: cells are fitted to it).
CELL_PADDING = 6.0
#: Points a line must be narrower than its cell's room to be sure to stay on one line.
_FIT_SLACK = 0.01
#: What a Paragraph draws otherwise than as it stands: a space it breaks at or squeezes (other than one space
#: between words), a soft hyphen, a space at either end.
_NOT_AS_IT_STANDS = re.compile(
    "[\t\x0b-\r\x1c-\x1f\x85\xad\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]|  |^ | $"
)
_ANYWHERE: dict[str, ParagraphStyle] = {}


def breaking_anywhere(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` with CJK line breaking: a line may break between any two Chinese, Japanese or Korean characters."""
    if style.name not in _ANYWHERE:
        _ANYWHERE[style.name] = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    return _ANYWHERE[style.name]


class ScriptLines(Flowable):
    """Lines that need no breaking, each a sequence of runs drawn in their fonts: what a Paragraph draws for them."""

    def __init__(self, lines: Sequence[Sequence[TextRun]], style: ParagraphStyle) -> None:
        super().__init__()
        self.lines, self.style = lines, style
        self.height = style.leading * len(lines)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

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


class _CellParagraph(Paragraph):
    """A Paragraph that breaks its lines once for a width, however often the table around it measures it."""

    _wrapped: tuple[float, float, float] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        known = self._wrapped
        if known is not None and known[0] == available_width and "blPara" in self.__dict__:
            self.width, self.height = known[1], known[2]
            return known[1], known[2]
        width, height = super().wrap(available_width, available_height)
        self._wrapped = (available_width, width, height)
        return width, height


def cell_content(text: str, width: float, style: ParagraphStyle, *, bold: bool) -> str | Flowable:
    """What a table cell ``width`` points wide holds for ``text`` in ``style`` (the table's font for the cell).

    Text whose lines all fit is drawn as it stands: a plain string when it is all in ``style``'s font, else
    :class:`ScriptLines`. Other text is a Paragraph, with CJK line breaking only when it holds CJK.
    """
    shown = text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT] + " …"
    lines = shown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    size, room = style.fontSize, width - 2 * CELL_PADDING - _FIT_SLACK
    if shown == "":
        return ""
    if not any(not line or _NOT_AS_IT_STANDS.search(line) for line in lines):
        runs = [text_runs(line, bold=bold) for line in lines]
        if all(len(line) == 1 and line[0].font == style.fontName for line in runs):
            if all(stringWidth(line, style.fontName, size) <= room for line in lines):
                return "\n".join(lines)
        elif all(text_width(line, size, bold=bold) <= room for line in lines):
            return ScriptLines(runs, style)
    return _CellParagraph(markup(shown, bold=bold), breaking_anywhere(style) if has_cjk(shown) else style)

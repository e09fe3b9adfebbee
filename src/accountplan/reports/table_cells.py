"""Table cells as cheap as what they show: a plain string, lines of script runs, or a Paragraph breaking lines once.

Most cells of a long table are a name, a date or a score that fits the cell, or a sentence in one font.
reportlab draws a plain string without parsing markup or breaking lines, so one line in the cell's font is
one; lines that fit but mix scripts (a Japanese name, then a title), and a sentence broken at spaces as a
Paragraph would break it, are a :class:`ScriptLines`, each run in its font. Both are drawn exactly where a
Paragraph would draw the same lines. Other text is a Paragraph (escaped), and it breaks its lines once:
reportlab measures a table cell again at every wrap and split.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from accountplan.model.text_rules import printable
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

    One line that fits, in ``style``'s font, is a plain string. Lines that fit in several fonts, or one line in
    ``style``'s font broken as a Paragraph would break it, are :class:`ScriptLines` (not a plain string of
    several lines: reportlab splits those over pages otherwise than a Paragraph). Other text is a Paragraph,
    with CJK line breaking only when it holds CJK. Control characters are dropped first (see ``printable``).
    """
    text = printable(text)
    shown = text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT] + " …"
    lines = shown.split("\n")
    size, room = style.fontSize, width - 2 * CELL_PADDING
    if shown == "":
        return ""
    if not any(not line or _NOT_AS_IT_STANDS.search(line) for line in lines):
        runs = [text_runs(line, bold=bold) for line in lines]
        in_style_font = all(len(line) == 1 and line[0].font == style.fontName for line in runs)
        if in_style_font and len(lines) == 1:
            broken = _broken_as_a_paragraph_would(shown, style, room)
            if broken is not None and len(broken) == 1:
                return shown
            if broken is not None:
                return ScriptLines([(TextRun(line, style.fontName),) for line in broken], style)
        elif all(text_width(line, size, bold=bold) <= room - _FIT_SLACK for line in lines):
            return ScriptLines(runs, style)
    return _CellParagraph(markup(shown, bold=bold), breaking_anywhere(style) if has_cjk(shown) else style)


def _broken_as_a_paragraph_would(text: str, style: ParagraphStyle, room: float) -> list[str] | None:
    """The lines a Paragraph in ``style`` breaks ``text`` into, ``room`` points wide; None where it does more.

    ``text`` is in the style's font alone with single spaces between words. This is reportlab's breaking of
    such a paragraph (greedy, a line may run over by a little of each space): where reportlab would do more
    than break at spaces (split a word longer than the line, squeeze a line's spaces, hyphenate), the answer
    is None and the cell stays a Paragraph.
    """
    if style.hyphenationLang or style.embeddedHyphenation or style.uriWasteReduce:
        return None
    font, size = style.fontName, style.fontSize
    space = stringWidth(" ", font, size)
    shrinkable = style.spaceShrinkage * space
    lines: list[tuple[float, list[str]]] = []
    words: list[str] = []
    used = -space
    for word in text.split(" "):
        width = stringWidth(word, font, size)
        if width > room:
            return None
        wider = used + space + width
        if wider <= room + shrinkable * len(words) or not words:
            words.append(word)
            used = wider
        else:
            lines.append((used, words))
            words, used = [word], width
    lines.append((used, words))
    if any(room - used <= -1e-8 for used, _ in lines):
        return None
    return [" ".join(words) for _, words in lines]

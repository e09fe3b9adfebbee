"""Text on PowerPoint slides: cleaned at the boundary, set in runs whose fonts have the glyphs, measured to fit.

Every string a deck shows goes through :func:`add_text` (or :func:`slide_text`): the text is made printable
(no control character XML 1.0 forbids, see ``model.text_rules.printable``; tabs become spaces), then split
into runs by script (``reports.fonts.text_runs``). A run names Arial as its Latin font and Yu Gothic as its
East Asian one (``a:ea``); a CJK run names the Office font of its script (Yu Gothic for Japanese, Malgun
Gothic for Korean, Microsoft YaHei for Chinese) as both, with the run's language and the font's character
set, so that PowerPoint draws a Japanese name in a Japanese face, or one a viewer has for the same script.

A deck carries no fonts: Latin text is measured with Helvetica's metrics (Arial's and Liberation Sans's are the
same), other text with the shipped faces' (DejaVu Sans is wider than Arial, the CJK faces are full-width like
the ones named); lines are wrapped a little short, so that a renderer takes at most as many, and paragraphs
get an exact line spacing: a text box or table row sized from :func:`wrap` holds its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Pt
from reportlab.pdfbase.pdfmetrics import stringWidth

from accountplan.model.text_rules import printable
from accountplan.reports.fonts import CHINESE, JAPANESE, KOREAN, SANS, SANS_BOLD, text_runs, text_width

__all__ = [
    "EAST_ASIAN",
    "LATIN_FONT",
    "LEADING",
    "Line",
    "TextStyle",
    "add_text",
    "fit",
    "join_lines",
    "one_line",
    "slide_text",
    "wrap",
]

#: The font of Latin, Greek and Cyrillic text: Arial, or its metric twin Liberation Sans, is everywhere.
LATIN_FONT = "Arial"
#: The Office font, language and Windows character set of each shipped CJK face's runs (other runs name
#: the Japanese font as their East Asian one, for what an editor types into them).
EAST_ASIAN = {
    JAPANESE.name: ("Yu Gothic", "ja-JP", "-128"),
    KOREAN.name: ("Malgun Gothic", "ko-KR", "-127"),
    CHINESE.name: ("Microsoft YaHei", "zh-CN", "-122"),
}
#: Line spacing as a multiple of the font size (set exactly, so that heights are known before rendering).
LEADING = 1.25
#: Lines are wrapped a little short of the box: the renderer's fonts may differ from the measuring ones.
_WIDTH_SLACK = 0.99
_LATIN_FACES = frozenset({SANS.name, SANS_BOLD.name})
_CJK = "\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef"
#: What may not start a line (closing brackets, stops, the long vowel mark): kept with what comes before.
_CLOSING = r"、。，．：；！？）」』】〕〉》］｝ー…)\]}.,;:!?%"
#: What may not end a line (opening brackets): kept with what comes after.
_OPENING = "（「『【〔〈《［｛"
#: Where a line may break: at spaces, between two CJK characters, after a hyphen between two letters; only
#: where renderers break too (never before a closing or after an opening bracket), so that a renderer never
#: needs more lines than :func:`wrap` counts.
_TOKEN = re.compile(
    rf"\s+|[{_OPENING}]*(?:[{_CJK}]|[^\s{_CJK}]+?(?:(?<=[^\W\d_]-)(?=[^\W\d_])|(?=[\s{_CJK}])|$))[{_CLOSING}]*"
)


def slide_text(value: str) -> str:
    """``value`` as a slide may hold it: printable (nothing XML forbids), tabs as spaces."""
    return printable(value).replace("\t", " ")


def one_line(value: str) -> str:
    """``value`` as :func:`slide_text` makes it, on one line (a title, a name in a footer)."""
    return slide_text(value).replace("\n", " ")


@dataclass(frozen=True)
class TextStyle:
    """How a text is set: size in points, weight, colour (RRGGBB), alignment."""

    size: float
    bold: bool = False
    color: str = "1F2933"
    align: PP_ALIGN = PP_ALIGN.LEFT

    @property
    def line_height(self) -> float:
        return self.size * LEADING


@dataclass(frozen=True)
class Line:
    """One wrapped line: its text exactly as in the paragraph (trailing spaces kept), and whether it ends it."""

    text: str
    ends_paragraph: bool


def wrap(text: str, width: float, style: TextStyle) -> list[Line]:
    """``text`` (already cleaned) broken into the lines it takes at most in a box ``width`` points wide."""
    limit = width * _WIDTH_SLACK
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        pieces = _wrap_paragraph(paragraph, limit, style)
        lines += [Line(piece, False) for piece in pieces[:-1]]
        lines.append(Line(pieces[-1], True))
    return lines


def _wrap_paragraph(text: str, limit: float, style: TextStyle) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    width = 0.0  # of the current line without its trailing spaces
    trailing = 0.0  # the width of the spaces after its last word

    def measure(piece: str) -> float:
        return _width(piece, style.size, style.bold)

    for token in _TOKEN.findall(text):
        token_width = measure(token)
        if token.isspace():
            current.append(token)
            trailing += token_width
            continue
        if current and width + trailing + token_width > limit:
            lines.append("".join(current))
            current, width, trailing = [], 0.0, 0.0
        if token_width <= limit:
            current.append(token)
            width, trailing = width + trailing + token_width, 0.0
            continue
        for char in token:  # a word longer than the line: cut anywhere
            char_width = measure(char)
            if current and width + trailing + char_width > limit:
                lines.append("".join(current))
                current, width, trailing = [], 0.0, 0.0
            current.append(char)
            width, trailing = width + trailing + char_width, 0.0
    lines.append("".join(current))
    return lines


def _width(text: str, size: float, bold: bool) -> float:
    """The width of ``text`` in points as a renderer sets it: Helvetica's metrics where Arial draws it."""
    total = 0.0
    for run in text_runs(text, bold=bold):
        if run.font in _LATIN_FACES and _is_cp1252(run.text):
            total += stringWidth(run.text, "Helvetica-Bold" if bold else "Helvetica", size)
        else:
            total += text_width(run.text, size, bold=bold)
    return total


def _is_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def join_lines(lines: list[Line]) -> str:
    """The text that ``lines`` (a run of wrapped lines) came from."""
    parts = []
    for index, line in enumerate(lines):
        parts.append(line.text)
        if line.ends_paragraph and index < len(lines) - 1:
            parts.append("\n")
    return "".join(parts)


def fit(
    text: str, width: float, height: float, style: TextStyle, sizes: tuple[float, ...]
) -> tuple[str, TextStyle]:
    """``style`` at the largest of ``sizes`` at which ``text`` fits the box, and the text (cleaned).

    At the smallest size the text is cut to fit, ending in "…".
    """
    clean = slide_text(text)
    for size in sizes:
        candidate = replace(style, size=size)
        if len(wrap(clean, width, candidate)) * candidate.line_height <= height:
            return clean, candidate
    chosen = replace(style, size=sizes[-1])
    most = max(1, int(height // chosen.line_height))
    kept = join_lines(wrap(clean, width, chosen)[:most]).rstrip()
    while kept and len(wrap(kept + "…", width, chosen)) > most:
        kept = kept[:-1].rstrip()
    return kept + "…", chosen


def add_text(frame: TextFrame, text: str, style: TextStyle, *, append: bool = False) -> None:
    """Fill ``frame`` with ``text`` (cleaned here): one paragraph per line break, runs by script.

    ``append``: after the paragraphs already there (in another style), instead of in the frame's first one.
    """
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, paragraph_text in enumerate(slide_text(text).split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 and not append else frame.add_paragraph()
        _fill_paragraph(paragraph, paragraph_text, style)


def _fill_paragraph(paragraph: _Paragraph, text: str, style: TextStyle) -> None:
    paragraph.alignment = style.align
    paragraph.line_spacing = Pt(style.line_height)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    paragraph.font.size = Pt(style.size)  # the end-of-paragraph mark: an empty line keeps its height
    for piece in text_runs(text, bold=style.bold):
        run = paragraph.add_run()
        run.text = piece.text
        font = run.font
        font.size = Pt(style.size)
        font.bold = style.bold
        font.color.rgb = RGBColor.from_string(style.color)
        cjk = EAST_ASIAN.get(piece.font)
        # A CJK run names its font as Latin too (a viewer lacking it substitutes one for the same script).
        font.name = cjk[0] if cjk else LATIN_FONT
        properties = run._r.get_or_add_rPr()
        latin = properties.find(qn("a:latin"))
        ea = etree.Element(qn("a:ea"), typeface=cjk[0] if cjk else EAST_ASIAN[JAPANESE.name][0])
        latin.addnext(ea)  # a:ea comes right after a:latin
        if cjk:
            latin.set("charset", cjk[2])
            ea.set("charset", cjk[2])
            properties.set("lang", cjk[1])

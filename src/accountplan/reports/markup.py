"""User text made safe for reportlab's Paragraph: printable, escaped, set in the shipped font for each script, split.

reportlab's Paragraph parses a small markup language: a stakeholder named ``<a href="…">`` would add a live
link to the PDF, ``<img src="/etc/…"/>`` would embed a local file. Every user string goes through
:func:`markup` (or :func:`paragraphs`) before it reaches a Paragraph; nothing else in ``reports/`` builds
Paragraph markup from user text. Text drawn on one line without a Paragraph (an org chart's cards, a PDF's
bookmarks and metadata) goes through :func:`one_line`. Both first make the text printable
(:func:`accountplan.model.text_rules.printable`): a database written to by an older version or by hand may
hold control characters or NUL, which reportlab draws as boxes, Pillow cannot lay out and XML cannot carry.

Long text is cut at paragraph breaks, then line breaks, then sentence ends or spaces, into pieces of at most
``MAX_PIECE`` characters: reportlab's line breaking grows much faster than linearly with the length of one
paragraph (a 200,000-character paragraph takes ~10 s, 1 MB ten minutes), and a table cell taller than a page
raises LayoutError, so tables hold short text and long text flows as separate paragraphs.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from accountplan.model.text_rules import printable
from accountplan.reports.fonts import SANS, SANS_BOLD, text_runs

__all__ = ["MAX_PIECE", "has_cjk", "markup", "one_line", "paragraphs", "pieces"]

#: The longest piece of text given to one Paragraph.
MAX_PIECE = 3000
_LINE_BREAK = re.compile(r"\n")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_LINE_SPACE = re.compile("[\t\n\u2028\u2029]")
_CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese, Japanese or Korean characters (their lines may break between any two)."""
    return _CJK.search(text) is not None


def one_line(text: str) -> str:
    """``text`` printable on one line: control characters dropped, line breaks and tabs made spaces."""
    return _LINE_SPACE.sub(" ", printable(text))


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup that shows ``text`` literally, each script in its shipped font; line breaks become breaks.

    Control characters are dropped and lone surrogates shown as U+FFFD (see ``printable``).
    """
    lines = printable(text).split("\n")
    return "<br/>".join(_line_markup(line, bold) for line in lines)


def _line_markup(line: str, bold: bool) -> str:
    body = SANS_BOLD.name if bold else SANS.name
    parts = []
    for run in text_runs(line, bold=bold):
        piece = escape(run.text, {'"': "&quot;"})
        parts.append(piece if run.font == body else f'<font face="{run.font}">{piece}</font>')
    return "".join(parts)


def pieces(text: str, limit: int = MAX_PIECE) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at the most natural breaks available."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        if block.strip():
            _cut(block.strip(), limit, out)
    return out


def _cut(block: str, limit: int, out: list[str]) -> None:
    if len(block) <= limit:
        out.append(block)
        return
    for splitter, joiner in ((_LINE_BREAK, "\n"), (_SENTENCE_END, " "), (_SPACE, " ")):
        parts = [p for p in splitter.split(block) if p]
        if len(parts) > 1:
            _pack(parts, limit, out, joiner)
            return
    out.extend(block[i : i + limit] for i in range(0, len(block), limit))


def _pack(parts: list[str], limit: int, out: list[str], joiner: str) -> None:
    """Join consecutive parts while they fit; a part longer than ``limit`` is cut further."""
    current = ""
    for part in parts:
        if len(part) > limit:
            if current:
                out.append(current)
                current = ""
            _cut(part, limit, out)
        elif not current:
            current = part
        elif len(current) + len(joiner) + len(part) <= limit:
            current = f"{current}{joiner}{part}"
        else:
            out.append(current)
            current = part
    if current:
        out.append(current)


def paragraphs(text: str, *, bold: bool = False, limit: int = MAX_PIECE) -> list[str]:
    """The markup of each piece of ``text`` (see :func:`pieces`), ready for one Paragraph each."""
    return [markup(piece, bold=bold) for piece in pieces(text, limit)]

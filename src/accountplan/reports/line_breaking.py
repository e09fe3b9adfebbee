"""Where a table cell's text may break its lines: between words, after a hyphen, between CJK characters.

reportlab's Paragraph breaks a word that does not fit in what is left of the current line wherever the line
is full ("Port Ha" / "mburg-Waltershof") and, with CJK line breaking on, any Latin word too. Cells are broken
here instead, by these rules:

- a line breaks at a space, or after a hyphen inside a word ("Hamburg-" / "Waltershof");
- between two Chinese, Japanese or Korean characters (or one and a Latin letter), but never before closing
  punctuation or a small kana (、。」…) nor after opening punctuation (「（…);
- a word is split between letters only when it is wider than the whole line, and then it starts a line.

Lines are filled greedily, as reportlab fills them (a line may run over by a little of each of its spaces,
as a Paragraph squeezes them): text broken only at spaces breaks where a Paragraph would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

from reportlab.pdfbase.pdfmetrics import stringWidth

from accountplan.reports.fonts import TextRun, register_fonts, text_runs
from accountplan.reports.markup import has_cjk

__all__ = ["break_lines", "normalise_spaces"]

#: Characters a line may not start with (Japanese kinsoku: closing brackets, stops, small kana, marks).
NO_LINE_START = frozenset(
    "、。，．・：；？！ー〜…‥」』）］｝〕〉》】〙〗〟’”,.:;?!)]}%"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ"
)
#: Characters a line may not end with (opening brackets and quotes).
NO_LINE_END = frozenset("「『（［｛〔〈《【〘〖〝‘“([{")
_HYPHENS = frozenset("-\u2010")
#: Spaces a cell shows as one space between words (and none at either end of a line); soft hyphens vanish.
_SPACES = re.compile("[ \t\x0b-\r\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\xad\u200b]")


def normalise_spaces(line: str) -> str:
    """``line`` as a cell shows it: one space between words, none at the ends, no soft hyphen."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip(" ")


def _may_break_before(text: str, index: int) -> bool:
    """Whether a line may break between ``text[index - 1]`` and ``text[index]`` (neither a space)."""
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before in _HYPHENS:
        # after a hyphen inside a word: a letter or digit on both sides ("Hamburg-Waltershof", not "-5")
        return index >= 2 and text[index - 2].isalnum() and after.isalnum()
    return has_cjk(before) or has_cjk(after)


def _pieces(line: str) -> list[tuple[int, int, bool]]:
    """The unbreakable pieces of ``line``: (start, end, followed by a space)."""
    pieces: list[tuple[int, int, bool]] = []
    for word in re.finditer(r"[^ ]+", line):
        start = word.start()
        for index in range(word.start() + 1, word.end()):
            if _may_break_before(line, index):
                pieces.append((start, index, False))
                start = index
        pieces.append((start, word.end(), word.end() < len(line)))
    return pieces


def break_lines(
    text: str, room: float, size: float, *, bold: bool, space_shrinkage: float = 0.05
) -> list[tuple[TextRun, ...]]:
    """``text`` (one paragraph, spaces normalised) broken into lines ``room`` points wide, each as font runs."""
    if not text:
        return [()]
    register_fonts()
    runs = text_runs(text, bold=bold)
    marks = [(run.font, run.synthetic_bold) for run in runs for _ in run.text]
    widths = [stringWidth(char, font, size) for char, (font, _) in zip(text, marks, strict=True)]
    ends = [0.0, *accumulate(widths)]
    first_space = text.find(" ")
    shrink = space_shrinkage * (widths[first_space] if first_space >= 0 else 0.0)

    def width(start: int, end: int) -> float:
        return ends[end] - ends[start]

    lines: list[tuple[int, int]] = []
    line_start: int | None = None
    line_end = 0
    used = 0.0
    spaces = 0  # spaces on the current line, each of which may shrink a little
    gap = False  # whether a space separates the current line's end from the next piece
    for start, end, spaced in _pieces(text):
        piece = width(start, end)
        if line_start is not None:
            wider = used + width(line_end, start) + piece
            if wider <= room + shrink * (spaces + gap) + 1e-9:
                used, spaces, line_end, gap = wider, spaces + gap, end, spaced
                continue
            lines.append((line_start, line_end))
        cut = start
        while width(cut, end) > room:  # wider than a whole line: split between characters
            stop = cut + 1
            while width(cut, stop + 1) <= room:
                stop += 1
            lines.append((cut, stop))
            cut = stop
        line_start, line_end, used, spaces, gap = cut, end, width(cut, end), 0, spaced
    if line_start is not None:
        lines.append((line_start, line_end))
    return [_runs_of(text, marks, start, end) for start, end in lines]


def _runs_of(text: str, marks: Sequence[tuple[str, bool]], start: int, end: int) -> tuple[TextRun, ...]:
    """``text[start:end]`` as runs of the fonts its characters were given."""
    runs: list[TextRun] = []
    for index in range(start, end):
        font, synthetic = marks[index]
        if runs and (runs[-1].font, runs[-1].synthetic_bold) == marks[index]:
            runs[-1] = TextRun(runs[-1].text + text[index], font, synthetic)
        else:
            runs.append(TextRun(text[index], font, synthetic))
    return tuple(runs)

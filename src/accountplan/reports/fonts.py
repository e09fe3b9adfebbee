"""The fonts shipped for reports: registered with reportlab once, and the right font for each script of a text."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "CHINESE",
    "FACES",
    "JAPANESE",
    "KOREAN",
    "SANS",
    "SANS_BOLD",
    "SYNTHETIC_BOLD_STROKE",
    "Face",
    "TextRun",
    "face_named",
    "font_data",
    "register_fonts",
    "text_runs",
    "text_width",
]


@dataclass(frozen=True, slots=True)
class Face:
    """One shipped font: the name reportlab knows it by, its file in resources/fonts, its index in a .ttc."""

    name: str
    file: str
    family: str
    subfont_index: int = 0


SANS = Face("DejaVuSans", "DejaVuSans.ttf", "DejaVu Sans")
SANS_BOLD = Face("DejaVuSans-Bold", "DejaVuSans-Bold.ttf", "DejaVu Sans")
JAPANESE = Face("IPAGothic", "ipag.ttf", "IPAGothic")
KOREAN = Face("NanumGothic", "NanumGothic.ttf", "NanumGothic")
CHINESE = Face("WenQuanYiMicroHei", "wqy-microhei.ttc", "WenQuanYi Micro Hei")
#: Every shipped face; for a character no chosen face has, the first face here that has it is used.
FACES = (SANS, SANS_BOLD, JAPANESE, CHINESE, KOREAN)
_BY_NAME = {face.name: face for face in FACES}
#: Punctuation that opens what follows, so it joins the run after it, not the one before.
_OPENING = frozenset("([{\"'")
_CJK_SCRIPTS = ("kana", "korean", "han")
#: Text whose characters all come before this one (Hangul Jamo) holds no script but DejaVu Sans's.
_FIRST_SPLIT = "\u1100"


#: Outline stroke, as a fraction of the font size, that thickens a regular face drawn where bold was asked.
SYNTHETIC_BOLD_STROKE = 0.035


class TextRun(NamedTuple):
    """A stretch of text drawn in one font.

    ``synthetic_bold``: bold was asked but the font has no bold face; outputs that can thicken it by
    stroking its outline SYNTHETIC_BOLD_STROKE wide.
    """

    text: str
    font: str
    synthetic_bold: bool = False


def face_named(name: str) -> Face:
    """The shipped face registered under ``name``; KeyError for any other."""
    return _BY_NAME[name]


@functools.cache
def font_data(face: Face) -> bytes:
    """The bytes of a shipped font file, read through importlib.resources (works from a wheel or a zip)."""
    return (resources.files("accountplan.resources") / "fonts" / face.file).read_bytes()


@functools.cache
def _font(face: Face) -> TTFont:
    """A shipped face, read and registered with reportlab the first time anything measures text in it.

    Parsing a CJK face takes tens of milliseconds: a chart of Latin names never pays for it.
    """
    font = TTFont(face.name, io.BytesIO(font_data(face)), subfontIndex=face.subfont_index)
    pdfmetrics.registerFont(font)
    return font


@functools.cache
def register_fonts() -> None:
    """Register every shipped face with reportlab (once per process); PDFs then embed subsets of them."""
    for face in FACES:
        _font(face)
    pdfmetrics.registerFontFamily(SANS.name, normal=SANS.name, bold=SANS_BOLD.name)


@functools.cache
def _glyphs(face: Face) -> frozenset[int]:
    return frozenset(_font(face).face.charToGlyph)


def _script(code: int) -> str:
    """The script class of one character: korean, kana, han, cjk (punctuation and full-width), common or other."""
    if code < 0x2E80:
        if 0x1100 <= code <= 0x11FF:
            return "korean"
        char = chr(code)
        if char.isspace() or (code < 0x80 and not char.isalpha()) or 0x2000 <= code <= 0x206F:
            return "common"
        return "other"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "kana"
    if 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F or 0xAC00 <= code <= 0xD7FF:
        return "korean"
    if (
        0x2E80 <= code <= 0x2FDF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or code in (0x3005, 0x3006, 0x3007)
    ):
        return "han"
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return "cjk"
    return "other"


def _han_face(text: str, has_kana: bool, has_hangul: bool) -> Face:
    """The face for a run of Chinese characters, from the rest of the text.

    With kana anywhere in the text it is Japanese, with Hangul Korean (if NanumGothic has every character);
    otherwise IPAGothic if it has every character (JIS kanji: Japanese names, and the hanzi common to both),
    else WenQuanYi Micro Hei (simplified Chinese and the rarer characters).
    """
    codes = {ord(char) for char in text if _script(ord(char)) != "common"}
    if has_kana:
        return JAPANESE
    if has_hangul and codes <= _glyphs(KOREAN):
        return KOREAN
    return JAPANESE if codes <= _glyphs(JAPANESE) else CHINESE


@functools.lru_cache(maxsize=65536)
def text_runs(text: str, *, bold: bool = False) -> tuple[TextRun, ...]:
    """Split ``text`` into runs by script, each with the shipped font to draw it in.

    Latin, Greek and Cyrillic are DejaVu Sans (bold if asked), kana is IPAGothic, Hangul NanumGothic, and
    Chinese characters follow ``_han_face``. Spaces, digits and ASCII punctuation join the run before them
    (an opening bracket or quote the run after it), except between CJK and Latin text, where they are drawn
    in the Latin font: the CJK fonts' ASCII is monospaced and wide.
    A character the chosen font lacks is drawn in the first shipped face that has it. The CJK fonts have
    no bold face: their runs in bold text are marked ``synthetic_bold``.
    """
    sans = SANS_BOLD if bold else SANS
    if text.isascii():
        return (TextRun(text, sans.name),) if text else ()
    if max(text) < _FIRST_SPLIT and _glyphs(sans).issuperset(map(ord, text)):
        return (TextRun(text, sans.name),)  # Latin, Greek, Cyrillic…: what the rest would find, sooner
    classes = [_script(ord(char)) for char in text]
    has_kana, has_hangul = "kana" in classes, "korean" in classes
    segments: list[tuple[str, list[str]]] = []  # (script, characters)
    for char, script in zip(text, classes, strict=True):
        previous = segments[-1][0] if segments else None
        joins_previous = previous is not None and (
            (script == "common" and char not in _OPENING) or (script == "cjk" and previous in _CJK_SCRIPTS)
        )
        if joins_previous:
            segments[-1][1].append(char)
        else:
            script = "han" if script == "cjk" else script
            if segments and segments[-1][0] in (script, "common"):
                segments[-1][1].append(char)  # in place: copying the run made long texts quadratic
                segments[-1] = (script, segments[-1][1])
            else:
                segments.append((script, [char]))
    for this, following in zip(segments, segments[1:], strict=False):
        if this[0] in _CJK_SCRIPTS and following[0] == "other":  # CJK fonts have monospaced ASCII
            chars = this[1]
            while len(chars) > 1 and _script(ord(chars[-1])) == "common":
                following[1].insert(0, chars.pop())
    runs: list[TextRun] = []
    for script, chars in segments:
        piece = "".join(chars)
        face = {"kana": JAPANESE, "korean": KOREAN, "other": sans, "common": sans}.get(script)
        if face is None:
            face = _han_face(piece, has_kana, has_hangul)
        _append_with_fallback(runs, piece, face)
    if bold:
        return tuple(TextRun(run.text, run.font, run.font != SANS_BOLD.name) for run in runs)
    return tuple(runs)


def _append_with_fallback(runs: list[TextRun], piece: str, face: Face) -> None:
    glyphs = _glyphs(face)
    if glyphs.issuperset(map(ord, piece)):
        if runs and runs[-1].font == face.name:
            runs[-1] = TextRun(runs[-1].text + piece, face.name)
        else:
            runs.append(TextRun(piece, face.name))
        return
    for char in piece:
        chosen = face
        if ord(char) not in glyphs:
            chosen = next((other for other in FACES if ord(char) in _glyphs(other)), face)
        if runs and runs[-1].font == chosen.name:
            runs[-1] = TextRun(runs[-1].text + char, chosen.name)
        else:
            runs.append(TextRun(char, chosen.name))


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` in points when drawn in its runs' fonts at ``size``."""
    return sum(_font(_BY_NAME[run.font]).stringWidth(run.text, size) for run in text_runs(text, bold=bold))

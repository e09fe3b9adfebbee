"""Which encoding a contact file is in: never a silent guess between readings that differ.

A file in UTF-8 or UTF-16 is read as such. Other bytes are tried as Shift-JIS (CP932, what Japanese Excel
writes) and EUC-JP first: Japanese text in the one almost never reads as clean text in the other. What is
left goes to charset-normalizer, and only a reading that looks like text (no word mixing scripts, no stray
symbol inside a word: what mojibake looks like) is taken. When several such readings remain and none is
clearly ahead, :class:`~accountplan.errors.EncodingUnsure` names them with the line where they differ,
for the user to choose (the window) or to name (``--encoding`` on the command line).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from accountplan.errors import EncodingUnsure, ImportRejected, InvalidValue

#: Control characters that never occur in text (tab, line feed and carriage return do).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
#: C1 control characters: what a byte decodes to in an encoding that does not use it.
_C1 = re.compile(r"[\x80-\x9f]")
#: How a user calls an encoding, by Python's codec name.
LABELS = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp932": "Shift-JIS (CP932)",
    "shift_jis": "Shift-JIS",
    "shift_jis_2004": "Shift-JIS 2004",
    "euc_jp": "EUC-JP",
    "euc_jis_2004": "EUC-JIS-2004",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "cp1252": "Windows-1252",
    "cp1253": "Windows-1253",
    "cp1254": "Windows-1254",
    "cp1257": "Windows-1257",
    "gb18030": "GB18030",
    "gb2312": "GB2312",
    "gbk": "GBK",
    "big5": "Big5",
    "cp949": "Korean (CP949)",
    "euc_kr": "EUC-KR",
    "latin-1": "ISO-8859-1",
    "mac-roman": "Mac Roman",
}
#: The encodings files are written in today (Windows code pages, the East Asian standards); a reading in
#: one of them goes before a tie with a rarer one (Korean CP949 before JOHAB, Windows-1252 before ISO8859-10).
COMMON = frozenset(
    {
        "cp932",
        "euc_jp",
        "cp1250",
        "cp1251",
        "cp1252",
        "cp1253",
        "cp1254",
        "cp1257",
        "gb18030",
        "big5",
        "cp949",
    }
)
#: How much worse (charset-normalizer's "chaos", 0 to 1) a reading may be and still compete with the best.
_CLOSE = 0.05
#: Characters of Japanese text beyond ASCII: kana, kanji, their punctuation and the symbols of JIS X 0208.
_JAPANESE = re.compile(
    "[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u3200-\u33ff"
    "\u2010-\u2312\u2460-\u24ff\u2500-\u27bf\u0391-\u03c9\u0401-\u0451\u00a7\u00a8\u00b0\u00b1\u00b4"
    "\u00b6\u00d7\u00f7]"
)
_KANA_OR_KANJI = re.compile("[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
#: Punctuation that may touch a letter in any script (apostrophes, hyphens, quotes, the middle dot).
_TOUCHING = frozenset("’‘‛“”„‚«»‹›‐‑–—·•…¿¡°ºª™®©")
_TOKEN = re.compile(r"[^\s!-/:-@\[-`{-~]+")  # runs between blanks and ASCII punctuation


@dataclass(frozen=True)
class Decoded:
    """A file's text and the encoding it was read in, named for a user ("UTF-8 with BOM")."""

    text: str
    encoding: str


@dataclass(frozen=True)
class Reading:
    """The file read in one encoding: Python's codec name, how a user calls it, and the text."""

    codec: str
    label: str
    text: str


def label(codec: str) -> str:
    """An encoding as a user calls it: "cp932" → "Shift-JIS (CP932)", "iso8859-2" → "ISO8859-2"."""
    name = codecs.lookup(codec).name
    return LABELS.get(name, LABELS.get(codec, name.upper()))


def line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def decode(data: bytes, source: str, encoding: str | None = None) -> Decoded:
    """The text of a contact file, in ``encoding`` when named, else in the encoding its bytes show.

    Refused with the line and the reason when it is binary (NUL bytes outside UTF-16, control characters
    no text holds, bytes no encoding reads as text) and, with :class:`EncodingUnsure`, when several
    encodings read it as text differently and none is clearly meant.
    """
    if encoding:
        return _named(data, source, encoding)
    if data.startswith(codecs.BOM_UTF8):
        decoded = _strict(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8 with BOM", source)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = _strict(data, "utf-16", "UTF-16", source)
    elif (utf16 := _utf16_without_bom(data)) is not None:
        decoded = _strict(data, utf16, "UTF-16", source)
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ImportRejected(source, line_of(data, nul), "binary data (a NUL byte) in a text file")
        try:
            decoded = Decoded(data.decode("utf-8"), "UTF-8")
        except UnicodeDecodeError as exc:
            _refuse_control(data, source)
            decoded = _detect(data, source, exc.start)
    _refuse_control_text(decoded.text, source)
    return decoded


def _named(data: bytes, source: str, encoding: str) -> Decoded:
    codec = codec_name(encoding)
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    decoded = _strict(data, codec, label(codec), source)
    _refuse_control_text(decoded.text, source)
    return decoded


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 little or big endian ("utf-16-le", "utf-16-be") when every other byte is NUL; else None."""
    sample = data[:4000]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    if odd_nuls >= pairs * 0.4 and even_nuls <= pairs * 0.05:
        return "utf-16-le"
    if even_nuls >= pairs * 0.4 and odd_nuls <= pairs * 0.05:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str, name: str, source: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError as exc:
        line = line_of(data, exc.start)
        byte = data[exc.start]
        raise ImportRejected(source, line, f"byte 0x{byte:02x} is not {name} text (binary data?)") from None


def _refuse_control(data: bytes, source: str) -> None:
    """Control bytes are the same in every encoding tried here: binary data, whichever is meant."""
    control = _CONTROL_BYTES.search(data)
    if control is not None:
        code = data[control.start()]
        raise ImportRejected(
            source, line_of(data, control.start()), f"binary data (control character 0x{code:02x})"
        )


def _refuse_control_text(text: str, source: str) -> None:
    control = CONTROL.search(text)
    if control is not None:
        code = ord(control.group())
        line = text.count("\n", 0, control.start()) + 1
        raise ImportRejected(source, line, f"binary data (control character 0x{code:02x})")


def _read(data: bytes, codec: str) -> Reading | None:
    """``data`` read strictly in ``codec``, or None when it cannot be (or reads as control characters)."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if CONTROL.search(text) or _C1.search(text):
        return None
    name = codecs.lookup(codec).name
    return Reading(name, label(name), text)


def _detect(data: bytes, source: str, first_bad: int) -> Decoded:
    japanese = _japanese(data)
    if japanese is not None:
        return Decoded(japanese.text, japanese.label)
    readings = _candidates(data)
    if not readings:
        byte = data[first_bad]
        raise ImportRejected(
            source,
            line_of(data, first_bad),
            f"byte 0x{byte:02x} is neither UTF-8 nor text in any encoding recognised (binary data?)",
        )
    clean = [reading for reading in readings if looks_like_text(reading.text)] or readings
    western = [reading for reading in clean if reading.codec == "cp1252"]  # the default of Western Windows
    common = [reading for reading in clean if reading.codec in COMMON]
    chosen = clean if len(clean) == 1 else western or common
    if len(chosen) == 1:
        return Decoded(chosen[0].text, chosen[0].label)
    raise _unsure(source, (common or clean)[:4])


def _japanese(data: bytes) -> Reading | None:
    """The reading in Shift-JIS (CP932) or EUC-JP when the bytes are clearly Japanese in one of them."""
    sjis, euc = _read(data, "cp932"), _read(data, "euc_jp")
    sjis_ok = sjis is not None and _looks_japanese(sjis.text)
    euc_ok = euc is not None and _looks_japanese(euc.text)
    if sjis is not None and sjis_ok and euc is None:
        return sjis
    if euc is not None and euc_ok and not sjis_ok and _KANA.search(euc.text):
        return euc
    return None


def _looks_japanese(text: str) -> bool:
    beyond = [char for char in text if char > "\x7f"]
    return (
        bool(beyond)
        and all(_JAPANESE.match(char) for char in beyond)
        and bool(_KANA_OR_KANJI.search(text))
        and looks_like_text(text)
    )


def _candidates(data: bytes) -> list[Reading]:
    """The readings charset-normalizer finds close to its best, best first, one per distinct text.

    A reading that Shift-JIS, EUC-JP or Windows-1252 gives too is named as that encoding.
    """
    from charset_normalizer import from_bytes

    readings: list[Reading] = []
    seen: set[str] = set()
    matches = list(from_bytes(data))
    best = min((match.chaos for match in matches), default=0.0)
    preferred = {
        reading.text: reading
        for codec in ("cp932", "euc_jp", "cp1252")
        if (reading := _read(data, codec)) is not None
    }
    for match in matches:
        if match.chaos > best + _CLOSE:
            continue
        reading = _read(data, match.encoding)
        if reading is None or reading.text in seen:
            continue
        seen.add(reading.text)
        readings.append(preferred.get(reading.text, reading))
    return readings


def _family(char: str) -> str:
    """The script a letter belongs to ("latin", "cyrillic", "cjk", "halfwidth"...); "" for ASCII and marks."""
    if char < "\x80" or unicodedata.category(char).startswith("M"):
        return ""
    name = unicodedata.name(char, "")
    if name.startswith("HALFWIDTH KATAKANA"):
        return "halfwidth"
    first = name.split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "IDEOGRAPHIC", "FULLWIDTH"):
        return "cjk"
    return first.lower()


def looks_like_text(text: str) -> bool:
    """Whether ``text`` reads as words rather than mojibake.

    No word mixes scripts (ASCII goes with any), no symbol outside a word's usual punctuation touches a
    letter ("£ukasz" and "ÉôÄ¹" do not pass), and no Greek final sigma stands inside a word (Russian in
    Windows-1251 read as Greek: "Οεςπξβΰ").
    """
    for token in _TOKEN.findall(text):
        if token.isascii():
            continue
        if "ς" in token[:-1] and any(char.isalpha() for char in token[token.index("ς") + 1 :]):
            return False
        families = {_family(char) for char in token if char.isalpha()} - {""}
        if len(families) > 1:
            return False
        cjk = families == {"cjk"}
        for index, char in enumerate(token):
            if char.isalnum() or char.isascii() or char in _TOUCHING or unicodedata.category(char)[0] == "M":
                continue
            if cjk and _JAPANESE.match(char):
                continue  # CJK punctuation and symbols (、・①※) sit right against the words
            neighbours = token[max(index - 1, 0) : index] + token[index + 1 : index + 2]
            if any(other.isalpha() for other in neighbours):
                return False
    return True


def _difference(readings: list[Reading]) -> tuple[int, list[str]]:
    """The first line where the readings differ, and each reading's text around the first difference."""
    split = [reading.text.splitlines() for reading in readings]
    for number, lines in enumerate(zip(*split, strict=False), start=1):
        if len(set(lines)) > 1:
            start = next(i for i, chars in enumerate(zip(*lines, strict=False)) if len(set(chars)) > 1)
            start = max(start - 8, 0)
            return number, [" ".join(line[start : start + 24].split()) for line in lines]
    return 1, [reading.text[:24] for reading in readings]


def _unsure(source: str, readings: list[Reading]) -> EncodingUnsure:
    line, samples = _difference(readings)
    return EncodingUnsure(
        source,
        line,
        [(reading.codec, reading.label, sample) for reading, sample in zip(readings, samples, strict=True)],
    )


def codec_name(encoding: str) -> str:
    """Python's name of an encoding a user named ("Shift-JIS" → "shift_jis"); InvalidValue when unknown."""
    try:
        return codecs.lookup(encoding.strip()).name
    except LookupError:
        raise InvalidValue(
            f"{encoding.strip()!r} is not an encoding known here; name one such as utf-8, cp932, euc-jp, "
            "windows-1252 or gb18030."
        ) from None

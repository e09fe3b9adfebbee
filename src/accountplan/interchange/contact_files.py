"""Reading a contact file safely: its encoding detected, its CSV parsed, and a malformed file refused by line."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from accountplan.errors import AccountPlanError, ImportRejected

#: The longest field a contact file may hold (a long note fits; a swallowed file does not).
MAX_FIELD = 10_000
#: Delimiters tried on the header: Excel writes ";" where the decimal separator is a comma, tabs as "Unicode text".
DELIMITERS = (",", "\t", ";")
#: Control characters that never occur in text (tab, line feed and carriage return do).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
#: Files that are not text at all, by their first bytes, with what they are.
_MAGIC = {
    b"PK\x03\x04": "a zip archive (an Excel workbook?)",
    b"\xd0\xcf\x11\xe0": "an old Excel or Office document",
    b"%PDF": "a PDF document",
}
_SAVE_AS = "save it as CSV (UTF-8) or vCard first"


@dataclass(frozen=True)
class Decoded:
    """A file's text and the encoding it was read in, named for a user ("UTF-8 with BOM")."""

    text: str
    encoding: str


@dataclass(frozen=True)
class Record:
    """One CSV record and the line it starts on (a quoted field may span lines)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A CSV file parsed: its header (the first record with two named columns) and the records below it."""

    source: str
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    records: tuple[Record, ...]


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AccountPlanError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


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


def decode(data: bytes, source: str) -> Decoded:
    """The text of a contact file: UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or Windows-1252.

    Refused with the line and the reason when it is binary: a known non-text format, NUL bytes outside
    UTF-16, a byte that is neither UTF-8 nor Windows-1252, or control characters no text holds.
    """
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ImportRejected(source, 1, f"this is {what}, not a contact file; {_SAVE_AS}")
    if data.startswith(codecs.BOM_UTF8):
        decoded = _strict(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8 with BOM", source)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = _strict(data, "utf-16", "UTF-16", source)
    elif (utf16 := _utf16_without_bom(data)) is not None:
        decoded = _strict(data, utf16, "UTF-16", source)
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ImportRejected(source, _line_of(data, nul), "binary data (a NUL byte) in a text file")
        try:
            decoded = Decoded(data.decode("utf-8"), "UTF-8")
        except UnicodeDecodeError:
            decoded = _strict(data, "cp1252", "Windows-1252", source)
    control = _CONTROL.search(decoded.text)
    if control is not None:
        code = ord(control.group())
        line = decoded.text.count("\n", 0, control.start()) + 1
        raise ImportRejected(source, line, f"binary data (control character 0x{code:02x})")
    return decoded


def _strict(data: bytes, codec: str, label: str, source: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), label)
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        byte = data[exc.start]
        raise ImportRejected(source, line, f"byte 0x{byte:02x} is not {label} text (binary data?)") from None


def _records(text: str, delimiter: str, source: str) -> Iterator[Record]:
    """Every non-blank record with the line it starts on; a quote left open is refused where it opens."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportRejected(source, start, _csv_problem(str(exc), reader.line_num - start)) from None
        if any(cell.strip() for cell in cells):
            yield Record(start, tuple(cells))
        start = reader.line_num + 1


def _csv_problem(message: str, lines_after: int) -> str:
    if "field larger than field limit" in message:
        return f"a field is longer than {MAX_FIELD:,} characters (at most {MAX_FIELD:,})"
    never = "unexpected end of data" in message
    if not never and lines_after == 0:
        return f"the line is not valid CSV ({message})"
    problem = "a quote opened on this line " + (
        "is never closed" if never else "is closed inside a later field"
    )
    if lines_after == 0:
        return problem
    return f"{problem}, so it would swallow the {'line' if lines_after == 1 else f'{lines_after} lines'} after it"


def _header_width(text: str, delimiter: str) -> int:
    reader = csv.reader(io.StringIO(text[:20_000], newline=""), delimiter=delimiter)
    try:
        for index, cells in enumerate(reader):
            if sum(1 for cell in cells if cell.strip()) >= 2:
                return len(cells)
            if index >= 10:
                break
    except csv.Error:
        pass
    return 0


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns (a comma when none splits it)."""
    widths = {delimiter: _header_width(text, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: widths[delimiter])
    return best if widths[best] > 1 else ","


def parse_table(decoded: Decoded, source: str) -> Table:
    """The CSV records of ``decoded``, each field checked; refused with the line and reason when malformed.

    Quoted fields keep their line breaks (as line feeds) and doubled quotes. Refused: a quote that is never
    closed where its field ends (it would swallow the rows after it), a record with more fields than
    the header, and a field longer than :data:`MAX_FIELD`.
    """
    delimiter = sniff_delimiter(decoded.text)
    header: tuple[str, ...] = ()
    records: list[Record] = []
    for record in _records(decoded.text, delimiter, source):
        if not header:
            if sum(1 for cell in record.cells if cell.strip()) >= 2:  # lines above it are a preamble
                header = tuple(cell.strip() for cell in record.cells)
            continue
        cells = tuple(cell.replace("\r\n", "\n").replace("\r", "\n").strip() for cell in record.cells)
        _check_record(source, record.line, cells, header, delimiter)
        records.append(Record(record.line, cells + ("",) * (len(header) - len(cells))))
    if not header:
        raise ImportRejected(source, 1, "there is no header row naming the columns")
    return Table(source, decoded.encoding, delimiter, header, tuple(records))


def _check_record(
    source: str, line: int, cells: tuple[str, ...], header: tuple[str, ...], delimiter: str
) -> None:
    for index, cell in enumerate(cells):
        if len(cell) > MAX_FIELD:
            column = header[index] if index < len(header) else f"column {index + 1}"
            raise ImportRejected(
                source,
                line,
                f"the {column} field is {len(cell):,} characters long (at most {MAX_FIELD:,})",
            )
    swallowed = any("\n" in cell for cell in cells)
    extra = [cell for cell in cells[len(header) :] if cell]
    if extra:
        reason = (
            "a quote opened on this line swallows the rows after it"
            if swallowed
            else f"it has {len(cells)} fields where the header has {len(header)}"
        )
        raise ImportRejected(source, line, reason)
    if swallowed and len(header) >= 5:
        for cell in cells:
            if "\n" in cell and _holds_rows(cell, len(header), delimiter):
                raise ImportRejected(source, line, "a quote opened on this line swallows the rows after it")


def _holds_rows(cell: str, width: int, delimiter: str) -> bool:
    """Whether a field's later lines read as whole rows of the file (a quote left open swallowed them)."""
    lines = cell.split("\n")[1:]
    rows = 0
    for line in lines:
        try:
            fields = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        rows += len(fields) == width
    return rows > 0 and rows * 2 >= len(lines)

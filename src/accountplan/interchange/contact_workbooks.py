"""Contact lists in spreadsheets (Excel .xlsx, .xlsm, .xlsb and .xls, OpenDocument .ods), read with calamine.

The first sheet is read unless another is named. Each row keeps its spreadsheet row number as its line, so
a rejection names the row the user sees; cells become text as a user reads them (an id typed as a number
is "1042", not "1042.0"; a date is 2026-03-31).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from accountplan.errors import ImportRejected, InvalidValue
from accountplan.interchange.contact_files import Record, Table, table_from_rows

#: The file names of the spreadsheets read here.
SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_OLE = b"\xd0\xcf\x11\xe0"  # an old Office document: .xls (or .doc, which calamine refuses)
_ZIP = b"PK\x03\x04"
#: Parts of a zip that make it a workbook (Office Open XML, OpenDocument).
_WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin", "content.xml")


def is_workbook(path: Path, data: bytes) -> bool:
    """Whether the file is a spreadsheet: by its name, or by being a zip holding a workbook or an old .xls."""
    if path.suffix.lower() in SUFFIXES or data.startswith(_OLE):
        return True
    if not data.startswith(_ZIP):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return any(part in names for part in _WORKBOOK_PARTS)


def _open(path: Path, source: str) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own errors and plain ones for damaged files
        if type(exc).__name__ == "PasswordError":
            reason = "the workbook is protected by a password; save a copy without one first"
        else:
            detail = " ".join(str(exc).split())[:120]
            reason = f"the workbook cannot be read ({detail or type(exc).__name__}); save it again from Excel"
        raise ImportRejected(source, 1, reason) from None


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, in order."""
    return list(_open(path, str(path)).sheet_names)


def read_workbook(path: Path, sheet: str | None = None) -> Table:
    """The rows of one sheet (the first unless ``sheet`` names another) as a checked table.

    Refused with the row and the reason as a CSV file is; InvalidValue when no sheet has that name.
    """
    source = str(path)
    workbook = _open(path, source)
    names = list(workbook.sheet_names)
    if not names:
        raise ImportRejected(source, 1, "the workbook has no sheet")
    if sheet is None:
        chosen = names[0]
    else:
        matches = [name for name in names if name == sheet] or [
            name for name in names if name.casefold() == sheet.strip().casefold()
        ]
        if not matches:
            raise InvalidValue(f"{source} has no sheet {sheet!r}; its sheets are: {', '.join(names)}.")
        chosen = matches[0]
    try:
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except Exception as exc:
        detail = " ".join(str(exc).split())[:120]
        raise ImportRejected(source, 1, f"the sheet {chosen!r} cannot be read ({detail})") from None
    how = f"Excel workbook, sheet {chosen}" if len(names) > 1 else "Excel workbook"
    return table_from_rows(_records(rows), source, how)


def _records(rows: list[list[Any]]) -> Iterator[Record]:
    for number, row in enumerate(rows, start=1):
        cells = tuple(cell_text(value) for value in row)
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        if any(cell.strip() for cell in cells):
            yield Record(number, cells, number)


def cell_text(value: Any) -> str:
    """A cell's value as a user reads it: whole numbers without ".0", dates in ISO form, TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)

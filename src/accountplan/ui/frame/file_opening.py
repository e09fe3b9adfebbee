"""Which files the window opens, and how: a file given on the command line, dropped on it, or sent by the desktop.

- a plan database (a SQLite file, or a name ending .sqlite, .sqlite3 or .db): opened in the window;
- a plan file (.json): the window offers to import the account it holds;
- a contact file (.csv, .tsv, .txt, a workbook, .vcf): the contact import wizard starts on it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QFileOpenEvent

from accountplan.store import location

PLAN_SUFFIXES = frozenset({".json"})
CONTACT_SUFFIXES = frozenset(
    {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".vcf", ".vcard"}
)
WHAT_OPENS = "a plan database (.sqlite), a plan file (.json) or contacts (.csv, .xlsx, .vcf)"


class FileKind(Enum):
    DATABASE = "database"
    PLAN = "plan"
    CONTACTS = "contacts"


def file_kind(path: Path) -> FileKind | None:
    """What ``path`` is to the window: a SQLite file by its first bytes, anything else by its name."""
    if location.looks_like_database(path):
        return FileKind.DATABASE
    suffix = path.suffix.lower()
    if suffix in PLAN_SUFFIXES:
        return FileKind.PLAN
    if suffix in CONTACT_SUFFIXES:
        return FileKind.CONTACTS
    return None


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files being dragged or dropped (links to web pages are not files)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def openable(mime: QMimeData) -> Path | None:
    """The first dragged file the window opens, or None: what a drag over the window is accepted for."""
    for path in dropped_files(mime):
        if path.is_file() and file_kind(path) is not None:
            return path
    return None


class FileOpenEvents(QObject):
    """Hands the files macOS asks the application to open ("Open With", a double-click) to ``open_file``."""

    def __init__(self, open_file: Callable[[Path], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_file = open_file

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            self.open_file(Path(event.file()))
            return True
        return super().eventFilter(watched, event)

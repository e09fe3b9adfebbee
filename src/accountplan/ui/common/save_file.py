"""Asking where to save an export that comes in several formats: the file's suffix decides which it is."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(parent: QWidget, title: str, name: str, formats: Sequence[tuple[str, str]]) -> Path | None:
    """Ask for a file to write; None if the user cancelled.

    ``formats`` are (what the user reads, suffix) pairs, the first offered first: ``("PDF", ".pdf")``. The
    suffix the user types decides the format; a name without one of them (``name`` is offered without any)
    gets the suffix of the format chosen in the dialog.
    """
    filters = [f"{label} (*{suffix})" for label, suffix in formats]
    chosen, selected = QFileDialog.getSaveFileName(parent, title, name, ";;".join(filters))
    if not chosen:
        return None
    path = Path(chosen)
    suffixes = [suffix for _, suffix in formats]
    if path.suffix.lower() not in suffixes:
        picked = filters.index(selected) if selected in filters else 0
        path = path.with_name(path.name + suffixes[picked])
    return path

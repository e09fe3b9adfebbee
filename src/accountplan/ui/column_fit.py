"""Column widths that leave one column (a name) room to be read, however narrow the window.

A table of many columns sized to their headers leaves its name column a few letters wide on a laptop
("Project …"). Here the other columns take their headers' width while the name keeps ``least`` pixels,
else the width of what they hold (their headers elided), and the name column takes what is left.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class ColumnFit(QObject):
    """Keeps ``column`` of ``table`` at least ``least`` pixels wide, refitting whenever the table is resized.

    Call :meth:`refit` when the table's rows change.
    """

    def __init__(self, table: QTableView, column: int, least: int = 240, widest: int = 220) -> None:
        super().__init__(table)
        self.table, self.column, self.least, self.widest = table, column, least, widest
        table.horizontalHeader().setTextElideMode(table.textElideMode())
        table.horizontalHeader().setStretchLastSection(False)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.refit()
        return False

    def refit(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        others = [c for c in range(header.count()) if c != self.column and not header.isSectionHidden(c)]
        least = header.minimumSectionSize()
        content = {c: max(least, min(self.widest, table.sizeHintForColumn(c))) for c in others}
        labelled = {c: max(content[c], min(self.widest, header.sectionSizeHint(c))) for c in others}
        free = table.viewport().width()
        widths = labelled if free - sum(labelled.values()) >= self.least else content
        for c in others:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(c, widths[c])
        header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Stretch)

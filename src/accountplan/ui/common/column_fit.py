"""Column widths that leave one column (a name) room to be read, however narrow the window.

A table of many columns sized to their headers leaves its name column a few letters wide on a laptop
("Project …"). Here the other columns take their headers' width while the name keeps ``least`` pixels;
where that is too wide they give up part of it (their headers elided), down to the width of what they
hold, and the name column takes what is left.
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
        # What the name lacks is taken from the other columns, each giving up part of its header's width
        # in proportion to what it can spare, down to the width of what it holds.
        lacking = sum(labelled.values()) + self.least - table.viewport().width()
        spare = {c: labelled[c] - content[c] for c in others}
        share = min(1.0, max(0, lacking) / sum(spare.values())) if sum(spare.values()) else 0.0
        widths = {c: labelled[c] - round(spare[c] * share) for c in others}
        for c in others:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(c, widths[c])
        header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Stretch)

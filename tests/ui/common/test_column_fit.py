"""A table of many columns on a narrow window: its name column keeps room to be read."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from accountplan.ui.common.column_fit import ColumnFit

HEADERS = ["Opportunity", "Expected close", "Probability", "Customer's stage", "In our stage", "Warnings"]
ROW = ["Project Tsubasa – group supply chain control tower", "2027-04-14", "50 %", "Decide", "20 days", "1"]


def _table(qtbot: QtBot, width: int) -> tuple[QTableView, ColumnFit]:
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(HEADERS)
    model.appendRow([QStandardItem(text) for text in ROW])
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    fit = ColumnFit(table, 0, least=260)
    table.resize(width, 200)
    table.show()
    qtbot.waitExposed(table)
    fit.refit()
    return table, fit


def test_on_a_narrow_table_the_name_keeps_its_room_and_the_rest_fits_what_they_hold(qtbot: QtBot) -> None:
    table, _fit = _table(qtbot, 620)
    header = table.horizontalHeader()
    assert header.sectionSize(0) >= 260
    assert not table.horizontalScrollBar().isVisible()
    for column in range(1, len(HEADERS)):  # each value whole; a long header may be elided
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)


def test_on_a_wide_table_every_header_is_whole(qtbot: QtBot) -> None:
    table, _fit = _table(qtbot, 1400)
    header = table.horizontalHeader()
    for column in range(1, len(HEADERS)):
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
    assert header.sectionSize(0) > 260  # the name takes what is left


def test_an_empty_table_elides_its_headers_evenly_rather_than_hide_them(qtbot: QtBot) -> None:
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(HEADERS)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    fit = ColumnFit(table, 0, least=260)
    table.resize(620, 200)
    table.show()
    qtbot.waitExposed(table)
    fit.refit()
    header = table.horizontalHeader()
    for column in range(1, len(HEADERS)):  # a few letters of each header at least, not "…"
        assert header.sectionSize(column) >= header.sectionSizeHint(column) // 3

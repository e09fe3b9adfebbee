"""The change log page: who changed what and when, in words, filtered by who, what, record and days."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from accountplan.analysis.change_log import (
    ChangeFilter,
    RecordRef,
    change_authors,
    changed_kinds,
    days_between,
)
from accountplan.analysis.change_words import entity_word
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.pages import Page
from accountplan.ui.common.record_history import add_history_action
from accountplan.ui.frame.change_log_model import ChangeLogModel

#: The periods of the date filter: their words and how many days back they reach (None: any time).
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Any time", None),
    ("Today", 0),
    ("Last 7 days", 6),
    ("Last 30 days", 29),
    ("Last 90 days", 89),
    ("Between…", -1),
)
BETWEEN = len(PERIODS) - 1
ANYONE = "\x00anyone"  # the "who" box's data for no filter ("" is a change nobody signed)
COLUMN_WIDTHS = (130, 150, 130, 220)


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


class ChangeLogPage(Page):
    """Who changed what, and when, in this account: newest first, in words, with filters.

    One record's own history (``show_record``) is the log filtered to it; a banner says so and clears it.
    """

    key, title = "changes", "Change log"
    reads = frozenset({"change_log"})

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = ChangeLogModel(context)
        self.model.counted.connect(self._show_count)
        self.record: RecordRef | None = None
        self._filling = False
        layout = QVBoxLayout(self)
        layout.addLayout(self.title_bar("Change log"))
        layout.addLayout(self._filters())
        layout.addLayout(self._record_bar())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self._fitted_for: int | None = None

    def _filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.who_box = QComboBox()
        self.who_box.setMinimumContentsLength(12)
        self.who_box.setToolTip("Who made the change")
        self.what_box = QComboBox()
        self.what_box.setMinimumContentsLength(12)
        self.what_box.setToolTip("What kind of record changed")
        self.record_box = QLineEdit()
        self.record_box.setPlaceholderText("Record name…")
        self.record_box.setClearButtonEnabled(True)
        self.record_box.setToolTip("Only the records whose name holds this text")
        self.period_box = QComboBox()
        describe(self.period_box, "Period")
        for words, _ in PERIODS:
            self.period_box.addItem(words)
        today = QDate.currentDate()
        self.from_box = QDateEdit(today.addDays(-30))
        self.to_box = QDateEdit(today)
        for box in (self.from_box, self.to_box):
            box.setCalendarPopup(True)
            box.setDisplayFormat("d MMM yyyy")
            box.dateChanged.connect(lambda *_: self.apply_filters())
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(lambda: self.clear_filters())
        self.who_box.currentIndexChanged.connect(lambda *_: self.apply_filters())
        self.what_box.currentIndexChanged.connect(lambda *_: self._kind_chosen())
        self.record_box.textChanged.connect(lambda *_: self.apply_filters())
        self.period_box.currentIndexChanged.connect(lambda *_: self._period_chosen())
        self.to_label = QLabel("to")
        for widget in (self.who_box, self.what_box, self.record_box, self.period_box):
            bar.addWidget(widget)
        for dates in (self.from_box, self.to_label, self.to_box):
            bar.addWidget(dates)
            dates.setVisible(False)
        bar.addWidget(self.clear_button)
        bar.addStretch(1)
        return bar

    def _record_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.record_label = QLabel("")
        self.record_label.setObjectName("recordHistory")
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)  # a name is text, never markup
        font = self.record_label.font()
        font.setBold(True)
        self.record_label.setFont(font)
        self.all_button = QPushButton("Show every record")
        self.all_button.clicked.connect(lambda: self.show_record(None))
        bar.addWidget(self.record_label)
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        self.record_label.setVisible(False)
        self.all_button.setVisible(False)
        return bar

    def _table(self) -> QTableView:
        table = QTableView()
        describe(table, "Change log table", "Who changed what, when, with the value before and after")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        return table

    # --- data ---------------------------------------------------------------------------------------

    def show_account(self, account_id: int | None) -> None:
        if account_id != self.account_id:
            self._set_record(None)  # a record of the account shown before
        super().show_account(account_id)

    def refresh(self) -> None:
        self._fill_boxes()
        self.model.wanted = self.current_filter()
        self.model.show_account(self.account_id)

    def _fill_boxes(self) -> None:
        """The people and the kinds of record of this account's log, keeping what was chosen."""
        authors: list[str] = []
        kinds: list[tuple[str, str]] = []
        if self.account_id is not None:
            with self.context.database.session() as session:
                authors = change_authors(session, self.account_id)
                kinds = changed_kinds(session, self.account_id)
        if self.record is not None and self.record.entity_type not in dict(kinds):
            kinds.append((self.record.entity_type, entity_word(self.record.entity_type)))
        self._filling = True
        try:
            for box, first, items in (
                (
                    self.who_box,
                    ("Anyone", ANYONE),
                    [(name or "Nobody (not signed)", name) for name in authors],
                ),
                (self.what_box, ("Any record", None), [(words, table) for table, words in kinds]),
            ):
                chosen = box.currentData()
                box.clear()
                box.addItem(*first)
                for words, data in items:
                    box.addItem(words, data)
                box.setCurrentIndex(max(box.findData(chosen), 0))
        finally:
            self._filling = False

    def current_filter(self) -> ChangeFilter:
        """What the filter boxes (and the record whose history is shown) let through."""
        who = self.who_box.currentData()
        since = until = None
        period = self.period_box.currentIndex()
        if period == BETWEEN:
            first, last = sorted((_day(self.from_box.date()), _day(self.to_box.date())))
            since, until = days_between(first, last)
        elif PERIODS[period][1] is not None:
            today = dt.date.today()
            since, until = days_between(today - dt.timedelta(days=PERIODS[period][1] or 0), None)
        return ChangeFilter(
            user=None if who in (None, ANYONE) else str(who),
            entity_type=self.what_box.currentData(),
            record_text=self.record_box.text(),
            entity_id=self.record.entity_id if self.record is not None else None,
            since=since,
            until=until,
        )

    def apply_filters(self) -> None:
        if not self._filling:
            self.model.set_filter(self.current_filter())

    def _kind_chosen(self) -> None:
        if self._filling:
            return
        if self.record is not None and self.what_box.currentData() != self.record.entity_type:
            self._set_record(None)  # another kind of record: no longer this one's history
        self.apply_filters()

    def _period_chosen(self) -> None:
        between = self.period_box.currentIndex() == BETWEEN
        for widget in (self.from_box, self.to_label, self.to_box):
            widget.setVisible(between)
        self.apply_filters()

    def clear_filters(self) -> None:
        """Every change of the account again: no person, kind, record, text or period chosen."""
        self._filling = True
        try:
            self._set_record(None)
            self.who_box.setCurrentIndex(0)
            self.what_box.setCurrentIndex(0)
            self.record_box.clear()
            self.period_box.setCurrentIndex(0)
        finally:
            self._filling = False
        self.apply_filters()

    def show_record(self, record: RecordRef | None) -> None:
        """Show one record's own history (None: every record again), whatever the other filters said."""
        self._filling = True
        try:
            self.who_box.setCurrentIndex(0)
            self.record_box.clear()
            self.period_box.setCurrentIndex(0)
            self._set_record(record)
            self._fill_boxes()
            self.what_box.setCurrentIndex(
                max(self.what_box.findData(record.entity_type if record else None), 0)
            )
        finally:
            self._filling = False
        self.apply_filters()
        self.table.scrollToTop()

    def _set_record(self, record: RecordRef | None) -> None:
        self.record = record
        self.record_label.setText(f"History of {record.words}" if record is not None else "")
        self.record_label.setVisible(record is not None)
        self.all_button.setVisible(record is not None)

    def _show_count(self, total: int) -> None:
        noun = "change" if total == 1 else "changes"
        wanted = self.model.wanted
        if wanted == ChangeFilter() or wanted == ChangeFilter.of_record(self.record or RecordRef("", 0, "")):
            text = f"  {total:,} {noun}"
        else:
            text = f"  {total:,} {noun} {'matches' if total == 1 else 'match'} the filters"
        self.summary.setText(text)

    # --- the selected change ------------------------------------------------------------------------

    def selected_record(self) -> RecordRef | None:
        rows = self.table.selectionModel().selectedRows()
        line = self.model.line_at(rows[0].row()) if rows else None
        return line.record if line is not None else None

    def _context_menu(self, position: QPoint) -> None:
        line = self.model.line_at(self.table.indexAt(position).row())
        if line is None:
            return
        menu = QMenu(self)
        if line.record is not None and (self.record is None or line.record[:2] != self.record[:2]):
            add_history_action(menu, self.context.events, line.record)
        if self.record is not None:
            menu.addAction("Show every record", lambda: self.show_record(None))
        if not menu.isEmpty():
            menu.popup(self.table.viewport().mapToGlobal(position))

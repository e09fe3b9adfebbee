"""The day a page shows its account as of (issue #18): a date control, and the banner of a past day.

:class:`DayBar` offers Today, a day from the account's start to today, and the last alignment meeting;
:class:`PastBanner` says which past day is shown, that it is read-only, what could not be rebuilt, and
brings the page back to today. :func:`refusal` is the one sentence an edit of a past day is refused with.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.change_window import medium_day
from accountplan.ui.common.accessibility import describe


def refusal(day: dt.date) -> str:
    """Why an edit is refused while ``day`` is shown."""
    return f"This is the account as of {medium_day(day)}: go back to today to edit."


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DayBar(QWidget):
    """The "As of" bar: Today, or a past day (a date edit from the account's start to today, or the last meeting).

    Signals: ``day_chosen(object)``: the day chosen, None for today.
    """

    day_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("As of:"))
        self.today_button = QPushButton("Today")
        self.today_button.setCheckable(True)
        self.today_button.setChecked(True)
        self.today_button.setToolTip("Show the account as it is now (and edit it)")
        self.today_button.clicked.connect(lambda: self.choose(None))
        self.date_edit = QDateEdit()
        describe(self.date_edit, "As of day", "Show the account as it was at the end of this day (read-only)")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setKeyboardTracking(False)  # a day typed is shown once it is whole
        self.date_edit.dateChanged.connect(self._date_changed)
        self.meeting_button = QPushButton("Last alignment meeting")
        self.meeting_button.clicked.connect(self._meeting)
        for widget in (self.today_button, self.date_edit, self.meeting_button):
            row.addWidget(widget)
        self.today = dt.date.today()
        self.meeting: dt.date | None = None
        self.day: dt.date | None = None
        self.set_range(self.today, self.today, None)

    def set_range(self, first: dt.date, today: dt.date, meeting: dt.date | None) -> None:
        """The days offered (``first`` … ``today``) and the last alignment meeting's (None: none held)."""
        self.today, self.meeting = today, meeting
        self.date_edit.blockSignals(True)
        self.date_edit.setDateRange(to_qdate(min(first, today)), to_qdate(today))
        self.date_edit.setDate(to_qdate(self.day or today))
        self.date_edit.blockSignals(False)
        usable = meeting is not None and first <= meeting <= today
        self.meeting_button.setEnabled(usable)
        self.meeting_button.setToolTip(
            f"Show the account as it was at the end of {medium_day(meeting)}, the last alignment meeting"
            if usable and meeting is not None
            else "No alignment meeting has been held yet"
        )

    def choose(self, day: dt.date | None) -> None:
        """Show ``day`` (None or today: today) and say so."""
        if day is not None and day >= self.today:
            day = None
        self.day = day
        self.today_button.setChecked(day is None)
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(to_qdate(day or self.today))
        self.date_edit.blockSignals(False)
        self.day_chosen.emit(day)

    def _date_changed(self, date: QDate) -> None:
        self.choose(from_qdate(date))

    def _meeting(self) -> None:
        if self.meeting is not None:
            self.choose(self.meeting)


class PastBanner(QFrame):
    """The strip over a page showing a past day: "As of 12 Mar 2026 — read-only.", Back to today, the notes.

    Signals: ``back()``: the user asked to go back to today.
    """

    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastBanner")
        self.setStyleSheet(
            "#pastBanner { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 4px; }"
            " #pastBanner QLabel { color: #4a3800; }"
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        row = QHBoxLayout()
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.back_button = QPushButton("Back to today")
        self.back_button.clicked.connect(self.back)
        row.addWidget(self.text, 1)
        row.addWidget(self.back_button)
        column.addLayout(row)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        column.addWidget(self.notes)
        self.hide()

    def show_day(self, day: dt.date | None, notes: list[str] | None = None) -> None:
        """Show the banner of ``day`` with what could not be rebuilt; None hides it."""
        if day is None:
            self.hide()
            return
        self.text.setText(f"<b>As of {medium_day(day)}</b> — read-only.")
        self.notes.setText("\n".join(notes or []))
        self.notes.setVisible(bool(notes))
        self.show()

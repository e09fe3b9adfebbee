"""The org chart's day: today (editable) or a past day (read-only), and the changes marked since a day.

:class:`ChartAsOf` is owned by the :class:`~accountplan.ui.orgchart.org_chart_page.OrgChartPage`: it holds
the As of control, the read-only banner, the "Changes since" control with its legend and Changes tab, reads
the rows of the day shown and the changes marked on the cards, and refuses the edits of a past day.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from accountplan.analysis.as_of import past_account
from accountplan.analysis.chart_rows import ChartRows, read_chart_rows
from accountplan.analysis.org_changes import OrgChanges, changes_between, default_since
from accountplan.analysis.past_views import first_day, last_meeting_day, past_chart_rows
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.common.past_day import DayBar, PastBanner, from_qdate, refusal, to_qdate
from accountplan.ui.orgchart.change_marks import MARKS, ChangesPanel, card_marks

if TYPE_CHECKING:
    from accountplan.ui.orgchart.org_chart_page import OrgChartPage


class ChartAsOf:
    """The day a chart page shows, what could not be rebuilt of it, and the changes marked on its cards."""

    def __init__(self, page: OrgChartPage) -> None:
        self.page = page
        #: The past day shown (None: today, editable), what could not be rebuilt of it.
        self.day: dt.date | None = None
        self.past_notes: list[str] = []
        #: The changes marked on the cards (changes mode), each changed person's marks.
        self.changes: OrgChanges | None = None
        self.marks: dict[int, tuple[str, ...]] = {}
        self.since: dt.date | None = None  # the start of the changes the user chose (None: the default)
        self.banner = PastBanner()
        self.changes_panel = ChangesPanel()
        self.changes_panel.person_chosen.connect(self.change_chosen)

    # --- building -----------------------------------------------------------------------------------

    def day_row(self) -> FlowLayout:
        """As of which day, and the changes since which day."""
        row = FlowLayout()
        self.day_bar = DayBar()
        self.day_bar.day_chosen.connect(self.page.show_day)
        self.banner.back.connect(lambda: self.day_bar.choose(None))
        row.addWidget(self.day_bar)
        changes = QWidget()
        changes_row = QHBoxLayout(changes)
        changes_row.setContentsMargins(12, 0, 0, 0)
        self.changes_box = QCheckBox("Changes since")
        self.changes_box.setToolTip(
            "Mark on the cards who joined, moved, left or changed stance or title since a day, and list it"
        )
        self.changes_box.toggled.connect(self.page.show_changes)
        self.since_edit = QDateEdit()
        describe(self.since_edit, "Changes since", "The day the changes are counted from (its end)")
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("d MMM yyyy")
        self.since_edit.setKeyboardTracking(False)
        self.since_edit.setEnabled(False)
        self.since_edit.dateChanged.connect(self.since_changed)
        changes_row.addWidget(self.changes_box)
        changes_row.addWidget(self.since_edit)
        row.addWidget(changes)
        return row

    def mark_legend(self) -> QWidget:
        """What the marks on the cards mean (shown with the changes)."""
        self.legend = QWidget()
        legend = FlowLayout(self.legend)
        legend.setContentsMargins(0, 0, 0, 0)
        for text, colour, meaning in MARKS.values():
            legend.addWidget(
                QLabel(
                    f"<span style='background:{colour.name()}; color:#ffffff'>&nbsp;{text}&nbsp;</span> {meaning}"
                )
            )
        self.legend.hide()
        return self.legend

    # --- reading ------------------------------------------------------------------------------------

    def read(self, session: Any, account_id: int) -> ChartRows:
        """The rows of the day shown (today's, or rebuilt); sets the days offered and the changes marked."""
        page = self.page
        today = dt.date.today()
        self.day_bar.set_range(
            first_day(session, account_id), today, last_meeting_day(session, account_id, today)
        )
        if self.day is None:
            rows, self.past_notes = read_chart_rows(session, account_id), []
        else:
            past = past_account(session, account_id, self.day, today)
            rows, self.past_notes = past_chart_rows(session, account_id, past), past.notes
        self.banner.show_day(self.day, self.past_notes)
        page.panel.setEnabled(self.day is None)
        if self.day is not None and page.side.currentWidget() is page.panel:
            page.side.setCurrentWidget(page.findings_list)  # today's details are not that day's
        page.panel.setToolTip("" if self.day is None else refusal(self.day))
        until = self.day or today
        self.changes = None
        if self.changes_box.isChecked():
            since = self.since if self.since is not None and self.since <= until else None
            if since is None:
                since = default_since(session, account_id, until)
            self.since_edit.blockSignals(True)
            self.since_edit.setDateRange(
                to_qdate(first_day(session, account_id) - dt.timedelta(days=1)), to_qdate(until)
            )
            self.since_edit.setDate(to_qdate(since))
            self.since_edit.blockSignals(False)
            self.changes = changes_between(session, account_id, since, until, today)
        self.marks = card_marks(self.changes.changes) if self.changes is not None else {}
        if self.changes is not None:
            self.changes_panel.show_changes(self.changes, until_today=self.day is None)
        return rows

    # --- the day shown ------------------------------------------------------------------------------

    def back_to_today(self) -> None:
        """Another account opens as it is today, its changes counted from the default day."""
        self.day, self.since = None, None
        self.day_bar.day = None
        self.day_bar.today_button.setChecked(True)

    def show_day(self, day: dt.date | None) -> None:
        """Show the account as it was at the end of ``day`` (read-only), or today (None)."""
        if day == self.day:
            return
        self.day = day
        self.page.redraw()

    def show_changes(self, on: bool) -> None:
        """Mark on the cards (and list) what changed since a day (the last alignment meeting to start with)."""
        page = self.page
        self.since_edit.setEnabled(on)
        page.side.setTabVisible(2, on)
        self.legend.setVisible(on)
        if on:
            page.side.setCurrentWidget(self.changes_panel)
        page.redraw()

    def since_changed(self, date: Any) -> None:
        self.since = from_qdate(date)
        if self.changes_box.isChecked():
            self.page.redraw()

    def change_chosen(self, person_id: int) -> None:
        page = self.page
        card = page.scene.cards.get(person_id)
        if card is None:
            name = (
                next((c.person for c in self.changes.changes if c.person_id == person_id), "")
                if self.changes
                else ""
            )
            page.context.events.status.emit(f"{name} is not on the chart of this day.")
            return
        page.scene.clearSelection()
        card.setSelected(True)
        page.view.centerOn(card)

    def edit_refusal(self, account_id: int | None) -> str | None:
        """Why an edit is refused: this page shows this account as of a past day."""
        page = self.page
        if self.day is not None and account_id == page.account_id and page.isVisible():
            return refusal(self.day)
        return None

    def refused(self) -> bool:
        """Say why an edit is refused, if the page shows a past day."""
        if self.day is None:
            return False
        self.page.context.report(refusal(self.day))
        return True

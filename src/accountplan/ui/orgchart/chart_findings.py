"""The org chart's findings, worked out in the background.

:class:`ChartFindings` is owned by the :class:`~accountplan.ui.orgchart.org_chart_page.OrgChartPage`. Each
change asks anew; the findings are worked out a moment later (edits often come in runs), at most one at a
time, only while the chart is shown, and the latest change's result replaces the list (older ones are dropped).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from accountplan.analysis.findings import Finding, find_all
from accountplan.analysis.leadership import LeadershipChange, recent_leadership_changes
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.orgchart.findings_list import WORKING

if TYPE_CHECKING:
    from accountplan.ui.orgchart.org_chart_page import OrgChartPage

#: How long the findings wait for more changes before they are worked out again (edits often come in runs).
FINDINGS_DELAY_MS = 250


class ChartFindings(QObject):
    """Works a chart page's findings out again, in the background, and shows them in its list."""

    def __init__(self, page: OrgChartPage) -> None:
        super().__init__(page)
        self.page = page
        self.leadership: list[LeadershipChange] = []
        self.leadership_stale = True
        self.asked = 0  # each change asks anew…
        self.running: BackgroundTask | None = None  # …while at most one works at a time
        self.hidden = False  # asked while the chart was hidden
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FINDINGS_DELAY_MS)
        self.timer.timeout.connect(self.work_out)

    def ask(self) -> None:
        """Work the findings out again, in the background, once the changes of the moment are shown."""
        self.asked += 1
        self.timer.start()

    def shown(self) -> None:
        """The chart is shown: the findings asked for while it was hidden are worked out."""
        if self.hidden:
            self.hidden = False
            self.timer.start()

    def work_out(self) -> None:
        page = self.page
        if page.rows is None:
            return
        if not page.isVisible():  # nobody sees them: worked out when the chart is shown again
            self.hidden = True
            return
        if self.running is not None:  # its result will be dropped; then this one runs
            return
        asked, snapshot = self.asked, page.rows.snapshot()
        database, account_id, today = page.context.database, page.rows.account_id, page.day or dt.date.today()
        leadership = None if self.leadership_stale else self.leadership
        shown = None if page.findings_model.note == WORKING else page.findings

        def work() -> tuple[int, list[LeadershipChange], list[Finding] | None]:
            changes = leadership
            if changes is None:
                with database.session() as session:
                    changes = recent_leadership_changes(session, account_id, today)
            findings = find_all(snapshot.graphs(), today, changes)
            return asked, changes, None if findings == shown else findings  # None: the list stays

        self.leadership_stale = False
        task = self.running = BackgroundTask(work, page)
        task.asked = asked  # type: ignore[attr-defined]
        task.succeeded.connect(self.ready)
        task.failed.connect(self.failed)
        task.finished.connect(self.done)
        task.start()

    def ready(self, result: tuple[int, list[LeadershipChange], list[Finding] | None]) -> None:
        asked, leadership, findings = result
        self.leadership = leadership
        if asked != self.asked or findings is None:
            return  # a newer change asked again (its findings come next), or the findings are the same
        self.page.findings = findings
        self.show()

    def failed(self, message: str) -> None:
        self.leadership_stale = True
        self.page.context.report(f"Could not work out the chart's findings: {message}")

    def done(self) -> None:
        task, self.running = self.running, None
        if task is None:
            return
        task.deleteLater()
        if self.page.rows is not None and task.asked != self.asked:  # type: ignore[attr-defined]
            self.timer.start(0)  # asked again meanwhile

    def show(self) -> None:
        page = self.page
        view, findings = page.findings_list, page.findings
        current = view.currentIndex().data() if view.currentIndex().isValid() else None
        view.selectionModel().blockSignals(True)  # the chart keeps its emphasis while the list is replaced
        try:
            page.findings_model.show_findings(findings)
            if current is not None:
                for row, finding in enumerate(findings):
                    if current.endswith(finding.text):
                        view.setCurrentIndex(page.findings_model.index(row))
                        break
        finally:
            view.selectionModel().blockSignals(False)

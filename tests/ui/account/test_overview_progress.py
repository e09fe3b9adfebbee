"""The Overview's Progress card: lines over time from the change log, each point a day to see the chart (#18)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt
from tests.org_history import build_history

from accountplan.analysis.progress import progress_series
from accountplan.store.database import Database
from accountplan.ui.account.overview_page import OverviewPage
from accountplan.ui.account.progress_chart import LINES
from accountplan.ui.frame.main_window import MainWindow

TODAY = dt.date.today()


def test_the_progress_card_draws_the_series_and_a_point_asks_for_that_day(
    qtbot, window: MainWindow, db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    history = build_history(db, tmp_path, TODAY - dt.timedelta(days=10))
    window.events.accounts_changed.emit()  # the account was made behind the window's back
    window.resize(1280, 800)
    assert window.open_account(history.account_id) is not None
    page = window.show_page("overview")
    assert isinstance(page, OverviewPage)
    chart = page.progress_chart
    with db.session() as session:
        expected = progress_series(session, history.account_id, today=TODAY)
    assert chart.points == expected
    assert chart.points[0].day == history.days[0] and chart.points[-1].day == TODAY
    # The history's first day knew fewer people than today.
    assert chart.series("people")[0] < chart.series("people")[-1]
    assert chart.note.endswith("Click a point to see the org chart as it was that day.")
    assert [label for _, label, _ in LINES] == [
        "Influence covered at working strength",
        "Decisive people covered",
        "Champions",
        "Detractors",
        "People known",
    ]
    # Clicking the first point of the champions' line asks the window for the chart as of that day.
    page.scroll_area.ensureWidgetVisible(chart)
    place = chart.point_position(2, 0).toPoint()
    with qtbot.waitSignal(window.events.show_org_chart_as_of) as asked:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=place)
    assert asked.args == [history.days[0]]
    with qtbot.waitSignal(window.events.show_org_chart_as_of) as asked:
        qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, pos=chart.point_position(4, len(chart.points) - 1).toPoint()
        )
    assert asked.args == [TODAY]
    # The window shows the org chart as of the first point's day.
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.point_position(0, 0).toPoint())
    assert window.stack.currentWidget() is window.org_chart() or window.org_chart().isVisible()
    assert window.org_chart().day == history.days[0]
    window.show_page("overview")
    shot = window.grab()
    assert not shot.isNull()
    folder = os.environ.get("ACCOUNTPLAN_SCREENSHOTS")
    if folder:
        shot.save(str(Path(folder) / "overview-progress-1280x800.png"))
        chart.grab().save(str(Path(folder) / "overview-progress-card.png"))

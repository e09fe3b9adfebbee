"""The overview page: the account's key figures, then charts that each open the page behind them."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from accountplan.analysis.dashboard import NO_CLOSE_DATE, ActionMonth, Dashboard
from accountplan.analysis.overview import AccountOverview
from accountplan.analysis.progress import ProgressPoint, progress_series
from accountplan.analysis.wording import day, plural
from accountplan.model.enums import Stance
from accountplan.plan.forecast import account_forecast, movement_since_last_meeting
from accountplan.plan.overview_board import TopFindings, overview_board, top_findings, with_findings
from accountplan.reports.chart_style import STANCE_COLOURS
from accountplan.ui.account.dashboard_charts import BarChart, TimeChart
from accountplan.ui.account.dashboard_strips import (
    HeatRow,
    HeatStrip,
    Line,
    Part,
    ProportionBar,
    SentenceList,
    Tile,
)
from accountplan.ui.account.forecast_card import ForecastCard
from accountplan.ui.account.progress_chart import ProgressChart
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.common.chart_widget import Chart, Series
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.pages import FigureCard, Page, money_text
from accountplan.ui.common.theme import severity_colour

#: From this width (in pixels) on, the cards stand in one row and the charts three, then two, abreast.
WIDE = 1150
#: Where the charts go in a grid of six columns, wide and narrow: (row, column, columns spanned), in the
#: order pipeline, actions, coverage, stances, findings.
WIDE_PLACES = ((0, 0, 2), (0, 2, 2), (1, 0, 3), (0, 4, 2), (1, 3, 3), (2, 0, 6))
NARROW_PLACES = ((0, 0, 3), (0, 3, 3), (1, 0, 6), (2, 0, 3), (2, 3, 3), (3, 0, 6))
#: The fiscal years of the pipeline, the nearest darkest (the coverage matrix' blues); beyond, the last again.
YEAR_COLOURS = ("#1f5fbf", "#5a94d6", "#a7c8ec", "#d5e4f5")
UNDATED_COLOUR = "#9aa3ad"
DONE_COLOUR, OVERDUE_COLOUR = STANCE_COLOURS[Stance.CHAMPION], STANCE_COLOURS[Stance.DETRACTOR]
#: Up to this many people, the findings are found as the page draws (a few milliseconds); beyond, they are
#: found off the UI thread (a second at 20,000 people) and shown when ready, the figures shown at once.
FINDINGS_AT_ONCE = 1_000
#: How long after a redraw the search for findings starts (the page paints first).
FINDINGS_AFTER_MS = 50


def percent(part: float, whole: float) -> str:
    return f"{round(100 * part / whole) if whole else 0} %"


def people_text(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def short_day(value: dt.date, today: dt.date) -> str:
    """A day as "11 Dec", with the year when it is not this year's: "11 Dec 2027"."""
    text = f"{value.day} {calendar.month_abbr[value.month]}"
    return text if value.year == today.year else f"{text} {value.year}"


def axis_money(value: float) -> str:
    """An axis value without currency or needless decimals: "500m", "1.5bn"."""
    return money_text(value, "").strip().replace(".0", "")


def _card(widget: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("figureCard")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(8, 6, 8, 6)
    layout.addWidget(widget)
    return frame


class OverviewPage(Page):
    """The account at a glance: key figures, then pipeline, actions, coverage, stances and the top findings.

    Clicking a chart asks the window (through ``events.navigate``) for the page behind it.
    """

    key, title = "overview", "Overview"
    reads = frozenset(
        {
            "accounts",
            "actions",
            "change_log",
            "co_sellers",
            "coverage",
            "deal_team_members",
            "decision_steps",
            "exchange_rates",
            "forecast_changes",
            "influence_links",
            "meetings",
            "milestones",
            "opportunities",
            "org_units",
            "red_flags",
            "seller_plans",
            "stakeholder_roles",
            "stakeholders",
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.content_box = layout = QVBoxLayout(content)
        bar = QHBoxLayout()
        self.heading = QLabel("")
        self.heading.setObjectName("pageHeading")
        self.summary = QLabel("")
        self.summary.setObjectName("figureDetail")
        self.summary.setWordWrap(True)
        bar.addWidget(self.heading)
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)
        self.card_grid = QGridLayout()
        self.people = FigureCard("stakeholders")
        self.coverage = FigureCard("covered at working strength or better")
        self.decisive = FigureCard("decisive people covered")
        self.pipeline = FigureCard("open pipeline")
        self.overdue = FigureCard("overdue actions")
        self.meetings = FigureCard("next alignment meeting")
        layout.addLayout(self.card_grid)
        self.forecast = ForecastCard()
        self.forecast.clicked.connect(context.events.navigate)
        layout.addWidget(self.forecast)
        self.pipeline_chart = BarChart(
            "Open pipeline by stage and fiscal year",
            "opportunities",
            "No open deals yet. Click to add the first one on the Opportunities page.",
        )
        self.actions_chart = TimeChart(
            "Actions done and overdue",
            "actions",
            "No action was done or overdue in the last six months. Click to plan the next steps.",
        )
        self.coverage_chart = HeatStrip(
            "Coverage by org unit",
            "coverage",
            "Nobody is mapped yet. Click to see who the team knows on the Coverage page.",
        )
        self.stance_chart = ProportionBar(
            "Stances, weighted by influence",
            "stakeholders",
            "No active stakeholders yet. Click to add the people who decide.",
        )
        self.findings_list = SentenceList("Top findings", "org-chart", "")
        self.progress_chart = ProgressChart()
        self.progress_chart.day_clicked.connect(context.events.show_org_chart_as_of)
        self.chart_grid = QGridLayout()
        layout.addLayout(self.chart_grid, 1)
        self.chart_cards = [_card(chart) for chart in self.charts]
        for chart in self.charts:
            chart.clicked.connect(context.events.navigate)
            chart.setMinimumHeight(250)
        self.wide: bool | None = None
        self._lay_out(wide=True)
        self.board: Dashboard | None = None
        self.figures: AccountOverview | None = None
        self._board_account: int | None = None
        #: Searches for findings asked so far: a search's result shows only if none was asked after it.
        self._findings_asked = 0
        self._findings_wanted: tuple[int, int, dt.date] | None = None
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(FINDINGS_AFTER_MS)
        self._findings_timer.timeout.connect(self._start_finding)
        #: Progress series asked so far: like the findings, a larger account's is rebuilt off the UI thread.
        self._progress_asked = 0

    def _lay_out(self, *, wide: bool) -> None:
        """Cards in one row and charts three then two abreast; or, when narrow, cards in two rows, charts in pairs."""
        if wide == self.wide:
            return
        self.wide = wide
        cards = (self.people, self.coverage, self.decisive, self.pipeline, self.overdue, self.meetings)
        columns = len(cards) if wide else len(cards) // 2
        for index, card in enumerate(cards):
            self.card_grid.removeWidget(card)
            self.card_grid.addWidget(card, index // columns, index % columns)
        for column in range(len(cards)):
            self.card_grid.setColumnStretch(column, 1 if column < columns else 0)
        for frame, (row, column, span) in zip(
            self.chart_cards, WIDE_PLACES if wide else NARROW_PLACES, strict=True
        ):
            self.chart_grid.removeWidget(frame)
            self.chart_grid.addWidget(frame, row, column, 1, span)
        for column in range(6):
            self.chart_grid.setColumnStretch(column, 1)
        self.chart_grid.setRowStretch(1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._lay_out(wide=self._fits_wide(event.size().width()))
        super().resizeEvent(event)

    def _fits_wide(self, width: int) -> bool:
        """Whether the wide layout fits ``width`` without a horizontal scrollbar (longer texts need more)."""
        if width < WIDE:
            return False
        was_wide = self.wide
        self._lay_out(wide=True)
        self.content_box.activate()
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        fits = self.content_box.totalMinimumSize().width() <= width - bar
        if not fits and was_wide is not None:
            self._lay_out(wide=was_wide)
        return fits

    @property
    def charts(self) -> tuple[Chart, ...]:
        return (
            self.pipeline_chart,
            self.actions_chart,
            self.coverage_chart,
            self.stance_chart,
            self.findings_list,
            self.progress_chart,
        )

    def refresh(self) -> None:
        if self.account_id is None:
            return
        account_id, today = self.account_id, dt.date.today()
        with self.context.database.session() as session:
            board = overview_board(session, account_id, today)
            forecast = account_forecast(session, account_id, today)
            moved = movement_since_last_meeting(session, account_id, today)
            people = board.figures.active_stakeholders + board.figures.departed_stakeholders
            found = top_findings(session, account_id, today) if people <= FINDINGS_AT_ONCE else None
            progress = (
                progress_series(session, account_id, today=today) if people <= FINDINGS_AT_ONCE else None
            )
        self._progress_asked += 1
        if progress is None:
            self._progress_in_background(self._progress_asked, account_id, today)
        else:
            self.progress_chart.set_points(progress, today)
        if found is None:
            self._find_in_background(account_id, today)
            if self.board is not None and self._board_account == account_id:
                board = with_findings(board, self._found_of(self.board))  # the last ones, until replaced
        else:
            self._findings_asked += 1  # what a search still running finds is older: dropped
            self._findings_wanted = None
            board = with_findings(board, found)
        self._board_account = account_id
        self.board, self.figures = board, board.figures
        self.heading.setText(board.figures.name)
        self.summary.setText(
            f"  Amounts in {board.figures.currency} · the fiscal year starts in "
            f"{calendar.month_name[board.fiscal_year_start_month]} · as of {day(board.today)}"
        )
        self._show_figures(board.figures, board.today)
        self.forecast.show_forecast(forecast, moved)
        self._show_pipeline(board)
        self._show_actions(board)
        self._show_coverage(board)
        self._show_stances(board)
        self._show_findings(board)

    def _show_figures(self, view: AccountOverview, today: dt.date) -> None:
        self.people.show_figure(
            str(view.active_stakeholders), f"active; {view.departed_stakeholders} departed"
        )
        self.coverage.show_figure(
            f"{view.coverage_percent} %",
            f"{view.covered_stakeholders} of {view.active_stakeholders} active people",
        )
        gaps = view.decisive_people - view.decisive_covered
        self.decisive.show_figure(
            f"{view.decisive_covered} / {view.decisive_people}",
            f"{gaps} without working coverage"
            if gaps
            else "every decisive person is covered"
            if view.decisive_people
            else "nobody is marked decisive yet",
            alarm=gaps > 0,
        )
        self.pipeline.show_figure(
            money_text(view.open_pipeline, view.currency), plural(view.open_opportunities, "open deal")
        )
        self.overdue.show_figure(
            str(view.overdue_actions), f"of {view.open_actions} open actions", alarm=view.overdue_actions > 0
        )
        last = f"last held {short_day(view.last_meeting, today)}" if view.last_meeting else "none held yet"
        if view.next_meeting is None:
            self.meetings.show_figure("none", f"planned; {last}")
        else:
            when = view.next_meeting
            self.meetings.show_figure(
                f"{when.day} {calendar.month_abbr[when.month]}",
                f"in {plural((when - today).days, 'day')}; {last}",
            )

    def _show_pipeline(self, board: Dashboard) -> None:
        pipeline, currency = board.pipeline, board.figures.currency
        chart = self.pipeline_chart
        chart.note = (
            f"{money_text(pipeline.total, currency)} in {plural(pipeline.deals, 'open deal')}, "
            "by the fiscal year they are expected to close"
        )
        if not pipeline.deals:
            chart.set_data([], [], [], totals=[], tooltips=[], axis_text=axis_money)
            return
        series = [
            Series(year, QColor(UNDATED_COLOUR if year == NO_CLOSE_DATE else YEAR_COLOURS[min(i, 3)]))
            for i, year in enumerate(pipeline.fiscal_years)
        ]
        tooltips = []
        for bar in pipeline.bars:
            lines = [
                f"{bar.stage.label}: {plural(bar.deals, 'open deal')}, {money_text(bar.total, currency)}"
            ]
            lines += [
                f"   {year}: {money_text(amount, currency)}"
                for year, amount in zip(pipeline.fiscal_years, bar.amounts, strict=True)
                if amount
            ]
            tooltips.append("\n".join([*lines, "Click to open the opportunities."]))
        chart.set_data(
            series,
            [bar.stage.label for bar in pipeline.bars],
            [[float(amount) for amount in bar.amounts] for bar in pipeline.bars],
            totals=[
                f"{axis_money(float(bar.total))} · {plural(bar.deals, 'deal')}" if bar.deals else ""
                for bar in pipeline.bars
            ],
            tooltips=tooltips,
            axis_text=axis_money,
        )

    def _show_actions(self, board: Dashboard) -> None:
        chart, months = self.actions_chart, board.actions
        figures = board.figures
        chart.note = (
            f"{sum(m.done for m in months)} done in six months; "
            f"{figures.overdue_actions} of {figures.open_actions} open actions overdue today"
        )
        chart.set_data(
            [calendar.month_abbr[m.start.month] for m in months],
            [str(m.start.year) if i == 0 or m.start.month == 1 else "" for i, m in enumerate(months)],
            (Series("done in the month", QColor(DONE_COLOUR)), [m.done for m in months]),
            (Series("overdue at the month's end", QColor(OVERDUE_COLOUR)), [m.overdue for m in months]),
            [self._month_tooltip(m, board.today) for m in months],
        )

    @staticmethod
    def _month_tooltip(month: ActionMonth, today: dt.date) -> str:
        end = "today" if month.end == today else f"on {day(month.end)}"
        return (
            f"{calendar.month_name[month.start.month]} {month.start.year}: {plural(month.done, 'action')} done; "
            f"{month.overdue} overdue {end}.\nClick to open the actions."
        )

    def _show_coverage(self, board: Dashboard) -> None:
        chart = self.coverage_chart
        chart.note = (
            "The share of each unit's influence that someone on the team knows at working strength or better"
        )
        rows = []
        for group in board.coverage:
            people = sum(unit.people for unit in group.units)
            tiles = [
                Tile(
                    unit.name,
                    unit.influence,
                    unit.share,
                    f"{unit.name}: {unit.covered_people} of {people_text(unit.people)} covered at working strength "
                    f"or better,\n{unit.covered_influence} of {unit.influence} influence "
                    f"({percent(unit.share, 1)}). Click to open the coverage matrix.",
                )
                for unit in group.units
            ]
            rows.append(HeatRow(group.name, f"{percent(group.share, 1)} · {people_text(people)}", tiles))
        chart.setMinimumHeight(max(180, 70 + 42 * len(rows)))
        chart.set_rows(rows)

    def _show_stances(self, board: Dashboard) -> None:
        chart = self.stance_chart
        total = sum(s.influence for s in board.stances)
        people = sum(s.people for s in board.stances)
        weights = {s.stance: s.influence for s in board.stances}
        for_us = weights[Stance.CHAMPION] + weights[Stance.SUPPORTER]
        against = weights[Stance.SKEPTIC] + weights[Stance.DETRACTOR]
        chart.note = (
            f"{people_text(people)} active: {percent(for_us, total)} of their influence is for us, "
            f"{percent(against, total)} against"
        )
        chart.set_parts(
            [
                Part(
                    s.stance.label,
                    s.influence,
                    QColor(STANCE_COLOURS[s.stance]),
                    f"{s.influence} influence · {people_text(s.people)}",
                    f"{s.stance.label}: {people_text(s.people)}, {s.influence} influence "
                    f"({percent(s.influence, total)} of all; each person weighs 1 low … 5 decisive)."
                    "\nClick to open the stakeholders.",
                )
                for s in board.stances
            ]
        )

    @staticmethod
    def _found_of(board: Dashboard) -> TopFindings:
        return TopFindings(board.findings, board.findings_summary, board.findings_total)

    def _find_in_background(self, account_id: int, today: dt.date) -> None:
        """Find the account's findings off the UI thread; they replace the list when found (if still wanted).

        The search starts a moment later: the page paints first rather than share the interpreter with it,
        and the changes of that moment are looked at once.
        """
        self._findings_asked += 1
        self._findings_wanted = (self._findings_asked, account_id, today)
        self._findings_timer.start()

    def _start_finding(self) -> None:
        if self._findings_wanted is None:
            return
        (asked, account_id, today), self._findings_wanted = self._findings_wanted, None
        database = self.context.database

        def work() -> tuple[int, int, TopFindings]:
            with database.session() as session:
                return asked, account_id, top_findings(session, account_id, today)

        task = BackgroundTask(work, self)
        task.succeeded.connect(self._findings_found)
        task.failed.connect(lambda message: self.context.report(f"Could not look for risks: {message}"))
        task.finished.connect(task.deleteLater)
        task.start()

    def _progress_in_background(self, asked: int, account_id: int, today: dt.date) -> None:
        """Rebuild the progress series off the UI thread (seconds at 20,000 people); shown if still wanted."""
        database = self.context.database

        def work() -> tuple[int, int, list[ProgressPoint]]:
            with database.session() as session:
                return asked, account_id, progress_series(session, account_id, today=today)

        task = BackgroundTask(work, self)
        task.succeeded.connect(self._progress_found)
        task.failed.connect(lambda message: self.context.report(f"Could not draw the progress: {message}"))
        task.finished.connect(task.deleteLater)
        task.start()

    def _progress_found(self, result: tuple[int, int, list[ProgressPoint]]) -> None:
        asked, account_id, points = result
        if asked == self._progress_asked and account_id == self.account_id:
            self.progress_chart.set_points(points, dt.date.today())

    def _findings_found(self, result: tuple[int, int, TopFindings]) -> None:
        asked, account_id, found = result
        if asked != self._findings_asked or account_id != self.account_id or self.board is None:
            return  # asked again since (another change, another account): the newer search shows
        self.board = with_findings(self.board, found)
        self._show_findings(self.board)

    def _show_findings(self, board: Dashboard) -> None:
        chart = self.findings_list
        shown = len(board.findings)
        more = (
            f" The {shown} most severe; click one to see them all on the org chart."
            if board.findings_total > shown
            else ""
        )
        chart.note = board.findings_summary + more if shown else ""
        chart.empty_text = board.findings_summary or "Looking for risks…"  # none yet: still being found
        chart.set_lines(
            [Line(f.severity.label.upper(), severity_colour(f.severity), f.text) for f in board.findings]
        )

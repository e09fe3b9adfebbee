"""The overview dashboard on the demo: the charts show the account's numbers and each opens its page."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from accountplan.analysis.dashboard import Dashboard, dashboard
from accountplan.model.enums import SalesStage, Stance
from accountplan.plan.opportunities import add_opportunity
from accountplan.store.database import Database
from accountplan.ui.account import overview_page
from accountplan.ui.account.overview_page import OverviewPage
from accountplan.ui.common.chart_widget import Chart
from accountplan.ui.frame.main_window import MainWindow

NEGOTIATION = [s for s in SalesStage if s is not SalesStage.CLOSED].index(SalesStage.NEGOTIATION)


@pytest.fixture
def demo(window: MainWindow, db: Database) -> tuple[OverviewPage, Dashboard]:
    """The window on the demo account, its overview shown, and the dashboard's numbers read apart."""
    assert window.load_demo_account()
    page = window.page("overview")
    assert isinstance(page, OverviewPage) and window.current_page() is page
    account_id = window.current_account_id()
    assert account_id is not None
    with db.session() as session:
        board = dashboard(session, account_id, dt.date.today())
    return page, board


def _click(qtbot, chart: Chart, point: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=point)


def _move(chart: Chart, point: QPoint) -> None:
    """The mouse moving over the chart, delivered to it whatever the cursor and the other windows do."""
    local = QPointF(point)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        local,
        QPointF(chart.mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(chart, event)


def test_the_charts_show_the_demos_numbers(demo: tuple[OverviewPage, Dashboard]) -> None:
    page, board = demo
    pipeline = page.pipeline_chart
    assert pipeline.labels == [bar.stage.label for bar in board.pipeline.bars]
    assert [s.name for s in pipeline.series] == list(board.pipeline.fiscal_years)
    assert [sum(stack) for stack in pipeline.values] == [float(bar.total) for bar in board.pipeline.bars]
    assert pipeline.totals[NEGOTIATION] == "1.4bn · 1 deal"  # Project Tsubasa, JPY 1,380m
    negotiation, qualification = pipeline.bar_rect(NEGOTIATION), pipeline.bar_rect(NEGOTIATION - 4)
    assert negotiation.width() / qualification.width() == pytest.approx(1380 / 640, rel=0.03)
    assert page.pipeline.value.text() == "JPY 2.1bn"

    actions = page.actions_chart
    assert actions.bars == [m.done for m in board.actions]
    assert actions.line == [m.overdue for m in board.actions]
    assert (
        actions.line[-1] == board.figures.overdue_actions
        and str(actions.line[-1]) == page.overdue.value.text()
    )
    tallest = max(range(len(actions.bars)), key=lambda i: actions.bar_rect(i).height())
    assert actions.bars[tallest] == max(m.done for m in board.actions)

    heat = page.coverage_chart
    assert [row.label for row in heat.rows] == [group.name for group in board.coverage]
    assert [tile.share for row in heat.rows for tile in row.tiles] == [
        unit.share for group in board.coverage for unit in group.units
    ]
    assert "Corporate Office" in [row.label for row in heat.rows]

    stances = page.stance_chart
    assert [part.label for part in stances.parts] == [s.label for s in Stance]
    assert [part.value for part in stances.parts] == [s.influence for s in board.stances]
    widest = max(range(5), key=lambda i: stances.segment_rect(i).width())
    assert board.stances[widest].influence == max(s.influence for s in board.stances)

    findings = page.findings_list
    assert [line.text for line in findings.lines] == [f.text for f in board.findings]
    assert len(findings.lines) == 5 and findings.lines[0].badge == "CRITICAL"
    assert findings.note.startswith(board.findings_summary)


@pytest.mark.parametrize(
    ("chart_name", "mark", "page_key"),
    [
        ("pipeline_chart", NEGOTIATION, "opportunities"),
        ("actions_chart", 5, "actions"),
        ("coverage_chart", 2, "coverage"),
        ("stance_chart", 2, "stakeholders"),
        ("findings_list", 0, "org-chart"),
    ],
)
def test_clicking_a_chart_opens_its_page(
    qtbot, window: MainWindow, demo: tuple[OverviewPage, Dashboard], chart_name: str, mark: int, page_key: str
) -> None:
    page, _ = demo
    chart: Chart = getattr(page, chart_name)
    with qtbot.waitSignal(chart.clicked) as clicked:
        _click(qtbot, chart, chart.region_rect(mark).center())
    assert clicked.args == [page_key]
    assert window.current_page() is window.page(page_key)
    assert window.section_list.currentItem().text() == window.page(page_key).title


def test_clicking_the_bar_itself_and_missing_it(
    qtbot, window: MainWindow, demo: tuple[OverviewPage, Dashboard]
) -> None:
    page, _ = demo
    chart = page.pipeline_chart
    _click(qtbot, chart, QPoint(chart.width() - 2, 2))  # the title is not a bar
    assert window.current_page() is page
    _click(qtbot, chart, chart.bar_rect(NEGOTIATION).center())
    assert window.current_page() is window.page("opportunities")


def test_hovering_a_bar_lights_it_up_and_explains_it(qtbot, demo: tuple[OverviewPage, Dashboard]) -> None:
    page, board = demo
    chart = page.pipeline_chart
    centre = chart.bar_rect(NEGOTIATION).center()
    _move(chart, centre)
    assert chart.hovered == NEGOTIATION
    event = QHelpEvent(QEvent.Type.ToolTip, centre, chart.mapToGlobal(centre))
    QApplication.sendEvent(chart, event)
    assert "Negotiation: 1 open deal, JPY 1.4bn" in QToolTip.text()
    assert board.pipeline.fiscal_years[0] in QToolTip.text()
    _move(chart, QPoint(2, 2))
    assert chart.hovered is None
    heat = page.coverage_chart
    _move(heat, heat.tile_rect(1).center().toPoint())
    assert heat.hovered == 1
    assert "covered at working strength" in heat.regions()[1].tooltip


def test_an_account_with_nothing_says_so_in_sentences(qtbot, window: MainWindow) -> None:
    assert window.new_account("Nothing Yet")
    page = window.show_page("overview")
    assert isinstance(page, OverviewPage)
    for chart in (page.pipeline_chart, page.actions_chart, page.coverage_chart, page.stance_chart):
        assert chart.is_empty()
        assert chart.empty_text.endswith(".") and len(chart.empty_text.split()) > 5
        assert not chart.grab().isNull()  # painting an empty chart draws its sentence
    assert page.pipeline_chart.shown_note() == ""  # no "USD 0 in 0 open deals" above the sentence
    assert page.people.value.text() == "0"
    assert page.findings_list.lines and "no active champion" in page.findings_list.lines[0].text
    with qtbot.waitSignal(page.pipeline_chart.clicked):
        _click(qtbot, page.pipeline_chart, page.pipeline_chart.region_rect(0).center())  # the sentence
    assert window.current_page() is window.page("opportunities")


def test_the_overview_follows_an_edit(qtbot, window: MainWindow, db: Database) -> None:
    assert window.new_account("Growing")
    page = window.show_page("overview")
    assert isinstance(page, OverviewPage) and page.pipeline_chart.is_empty()
    account_id = window.current_account_id()
    assert account_id is not None
    with db.transaction() as session:
        add_opportunity(session, account_id, "First deal", amount="250000", sales_stage=SalesStage.DISCOVERY)
    window.events.announce(account_id)  # written elsewhere: anything may have changed
    assert not page.pipeline_chart.is_empty()
    discovery = [s for s in SalesStage if s is not SalesStage.CLOSED].index(SalesStage.DISCOVERY)
    assert page.pipeline_chart.totals[discovery] == "250k · 1 deal"
    assert page.pipeline_chart.labels[discovery] == "Discovery"


def test_a_narrow_window_puts_the_cards_in_two_rows(
    qtbot, window: MainWindow, demo: tuple[OverviewPage, Dashboard]
) -> None:
    page, _ = demo
    cards = [page.people, page.coverage, page.decisive, page.pipeline, page.overdue, page.meetings]
    window.resize(1500, 900)
    qtbot.waitUntil(lambda: page.wide is True)
    qtbot.waitUntil(lambda: len({card.geometry().top() for card in cards}) == 1)
    assert page.pipeline_chart.geometry().width() < page.coverage_chart.geometry().width()
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: page.wide is False)
    qtbot.waitUntil(lambda: page.meetings.geometry().top() > page.people.geometry().bottom())
    assert (
        page.pipeline.geometry().left() == page.people.geometry().left()
    )  # the second row starts under the first


def test_a_large_accounts_findings_are_found_off_the_ui_thread_and_shown_when_found(
    qtbot, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overview_page, "FINDINGS_AT_ONCE", 0)  # the demo counts as large
    go = threading.Event()
    find = overview_page.top_findings

    def slow_find(*args: object) -> object:
        go.wait(10)  # the search takes its time
        return find(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(overview_page, "top_findings", slow_find)
    assert window.load_demo_account()
    page = window.page("overview")
    assert isinstance(page, OverviewPage)
    assert page.people.value.text() != "–" and not page.pipeline_chart.is_empty()  # drawn, not waiting
    assert page.findings_list.lines == [] and page.findings_list.empty_text == "Looking for risks…"
    go.set()
    account_id = window.current_account_id()
    assert account_id is not None
    with db.session() as session:
        board = dashboard(session, account_id, dt.date.today())
    qtbot.waitUntil(
        lambda: [line.text for line in page.findings_list.lines] == [f.text for f in board.findings]
    )
    assert page.findings_list.note.startswith(board.findings_summary)
    assert page.board == board

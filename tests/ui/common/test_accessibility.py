"""A screen reader can name every control: on every page of the demo account and in the window around them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView, QGraphicsView, QWidget

from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database
from accountplan.ui.common.accessibility import CONTROLS, is_internal, spoken_name
from accountplan.ui.common.chart_widget import Chart
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.frame.sections import SECTIONS


def unnamed(root: QWidget) -> list[str]:
    """The controls shown under ``root`` that a screen reader could only call by their kind."""
    found = []
    for widget in root.findChildren(QWidget):
        shown = isinstance(widget, CONTROLS) and widget.isVisible() and not is_internal(widget)
        if shown and not spoken_name(widget):
            found.append(
                f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.window()).__name__}"
            )
    return found


@pytest.fixture
def demo_window(window: MainWindow, db: Database) -> MainWindow:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)  # type: ignore[union-attr]
    return window


@pytest.mark.parametrize("key", [section.key for section in SECTIONS])
def test_every_control_of_each_page_has_a_name(qtbot, demo_window: MainWindow, key: str) -> None:
    page = demo_window.show_page(key)
    qtbot.waitUntil(page.isVisible)
    assert unnamed(page) == []
    assert unnamed(demo_window) == []  # the navigation, the lists of accounts and sections, the tool bars


def test_the_important_views_say_what_they_are(qtbot, demo_window: MainWindow) -> None:
    named = {
        "stakeholders": "Stakeholders table",
        "coverage": "Coverage matrix",
        "actions": "Actions table",
        "opportunities": "Deals table",
        "decisions": "Decision process chart",
        "journey": "Customer journey",
        "changes": "Change log table",
    }
    for key, name in named.items():
        page = demo_window.show_page(key)
        views = [w for w in page.findChildren(QWidget) if w.accessibleName() == name]
        assert len(views) == 1, (key, name)
        assert isinstance(views[0], QAbstractItemView | QGraphicsView)
    chart = demo_window.show_page("org-chart")
    assert chart.view.accessibleName() == "Org chart"  # type: ignore[attr-defined]


def test_the_overview_charts_say_what_they_show(qtbot, demo_window: MainWindow) -> None:
    page = demo_window.show_page("overview")
    charts = page.findChildren(Chart)
    assert len(charts) >= 3
    for chart in charts:
        assert chart.accessibleName() == chart.title
        summary = chart.accessibleDescription()
        assert summary and summary != chart.empty_text  # the demo fills every chart
        tips = [region.tooltip for region in chart.regions() if region.tooltip]
        assert " ".join(tips[0].split()).rstrip(".") in summary  # each mark is said, as its tooltip says it

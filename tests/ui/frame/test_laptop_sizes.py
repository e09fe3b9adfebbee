"""Every page at a laptop's size: none widens the window or squeezes the navigation; wide content stays inside."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database
from accountplan.ui.account.overview_page import OverviewPage
from accountplan.ui.common import settings as S
from accountplan.ui.common.theme import is_dark, stylesheet
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.frame.sections import SECTIONS

#: The laptop screens the window must fit: (width, height).
LAPTOPS = {"1280x800": (1280, 800), "1366x768": (1366, 768)}


@pytest.fixture(params=["demo", "new account"])
def plan(request: pytest.FixtureRequest, db: Database) -> str:
    """The demo account (157 people, long names and titles), or a new account with nothing in it yet."""
    if request.param == "demo":
        load_demo(db)
    return str(request.param)


@pytest.fixture(params=list(LAPTOPS), ids=list(LAPTOPS))
def laptop(
    request: pytest.FixtureRequest, plan: str, qtbot: QtBot, db: Database, settings: S.Settings
) -> Iterator[MainWindow]:
    """The window at a laptop's size over the plan, styled as the application styles it."""
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.setStyleSheet(stylesheet(is_dark()))
    window.resize(*LAPTOPS[str(request.param)])
    window.show()
    qtbot.waitExposed(window)
    if plan == "new account":
        assert window.new_account("Acme Rail")
    yield window


def _settle(window: MainWindow) -> None:
    """Let the window take the size its layouts ask for (each layout request may post the next one)."""
    for _ in range(5):
        QApplication.processEvents()


def test_no_page_widens_the_window_or_squeezes_the_navigation(laptop: MainWindow, qtbot: QtBot) -> None:
    window = laptop
    _settle(window)
    width, navigation = window.width(), window.splitter.widget(0)
    navigation_width = navigation.width()
    longest_title = max(
        window.section_list.fontMetrics().horizontalAdvance(section.title) for section in SECTIONS
    )
    assert navigation.minimumWidth() > 0
    for row, section in enumerate(SECTIONS):
        window.show_section(row)
        page = window.page(section.key)
        qtbot.waitUntil(page.isVisible)
        _settle(window)
        assert window.width() == width, f"the {section.title} page widened the window to {window.width()} px"
        assert navigation.width() >= navigation.minimumWidth(), (
            f"the {section.title} page squeezed the navigation"
        )
        assert navigation.width() == navigation_width, f"the {section.title} page moved the navigation's edge"
        assert window.section_list.viewport().width() >= longest_title, "a section's title is cut"
        assert page.width() >= page.minimumSizeHint().width(), f"the {section.title} page is squeezed"
    # back on the first page after the widest ones: nothing stayed wide
    window.show_section(0)
    _settle(window)
    assert (window.width(), navigation.width()) == (width, navigation_width)


def test_the_overview_fits_a_laptop_without_a_horizontal_scrollbar(laptop: MainWindow, qtbot: QtBot) -> None:
    page = laptop.show_page("overview")
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(page.isVisible)
    _settle(laptop)
    content = page.scroll_area.widget()
    assert not page.scroll_area.horizontalScrollBar().isVisible()
    assert content.width() <= page.scroll_area.viewport().width()
    assert content.width() >= content.minimumSizeHint().width()  # nothing inside is squeezed either

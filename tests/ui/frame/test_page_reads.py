"""Every page declares the tables it shows: a page that read a table it did not declare would show stale data.

The demo account is shown page by page in a real window; while a page redraws and the user picks what it
offers (each deal of a deal selector, the first rows of each table), every SQL statement the window runs is
watched, and the tables it reads must be among the page's ``reads``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QTabWidget
from sqlalchemy import event
from sqlalchemy.engine import Engine

from accountplan.model import Base
from accountplan.ui.common.background import wait_for_background_tasks
from accountplan.ui.common.pages import Page
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.frame.sections import SECTIONS
from accountplan.ui.pursuit.deal_selector import DealSelector

TABLES = frozenset(Base.metadata.tables)
_NAMED = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.IGNORECASE)


@pytest.fixture
def tables_read() -> Iterator[set[str]]:
    """The tables named after FROM or JOIN in every statement any engine runs while the test runs."""
    seen: set[str] = set()

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.update(name for name in _NAMED.findall(statement) if name in TABLES)

    event.listen(Engine, "before_cursor_execute", note)
    yield seen
    event.remove(Engine, "before_cursor_execute", note)


def settle() -> None:
    """Let the page finish: posted events, background work, the timers it started (a debounced preview)."""
    for _ in range(3):
        QApplication.processEvents()
        wait_for_background_tasks()
    QApplication.processEvents()


def use(page: Page) -> None:
    """Do what a user does to see all a page offers: pick each deal, each tab, the first rows of tables."""
    for selector in page.findChildren(DealSelector):
        for index in range(selector.count()):
            selector.setCurrentIndex(index)
            settle()
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle()
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or isinstance(view.parent(), QComboBox):
            continue
        for row in range(min(model.rowCount(), 5)):
            view.setCurrentIndex(model.index(row, 0))
            settle()


def test_every_page_declares_every_table_it_reads(window: MainWindow, tables_read: set[str]) -> None:
    assert window.load_demo_account()
    missing: dict[str, set[str]] = {}
    for section in SECTIONS:
        page = window.show_page(section.key)
        settle()
        if page.reads is None:
            continue  # it redraws on any change
        tables_read.clear()
        page.redraw()
        settle()
        use(page)
        page.redraw()
        settle()
        if tables_read - page.reads:
            missing[section.key] = tables_read - page.reads
        assert tables_read, f"{section.key} read nothing: the watch is broken"
    assert not missing, f"pages reading tables they do not declare: {missing}"

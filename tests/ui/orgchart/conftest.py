"""What the org chart's findings list shows, once the findings worked out in the background are in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accountplan.ui.orgchart.findings_list import PEOPLE_ROLE, WORKING
from accountplan.ui.orgchart.org_chart_page import OrgChartPage

Shown = list[tuple[str, list[int]]]


@pytest.fixture
def findings_shown(qtbot: QtBot) -> Callable[[OrgChartPage], Shown]:
    """Each line of a chart's findings list (its text, the people it highlights) when worked out."""

    def shown(page: OrgChartPage) -> Shown:
        model = page.findings_list.model()
        qtbot.waitUntil(lambda: model.index(0, 0).data() != WORKING, timeout=20_000)
        qtbot.waitUntil(
            lambda: page.findings_work.running is None and not page.findings_work.timer.isActive()
        )
        rows = []
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            rows.append((index.data(Qt.ItemDataRole.DisplayRole), index.data(PEOPLE_ROLE) or []))
        return rows

    return shown

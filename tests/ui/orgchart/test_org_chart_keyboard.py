"""The org chart walked by keyboard only: arrow keys move between people, Enter opens the person."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage


@pytest.fixture
def chart(window: MainWindow, db: Database) -> OrgChartPage:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)  # type: ignore[union-attr]
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    page.view.setFocus()
    return page


def press(qtbot, page: OrgChartPage, key: Qt.Key) -> str:  # type: ignore[no-untyped-def]
    """Press ``key`` on the chart; the name of the person now current, as the view says it."""
    qtbot.keyClick(page.view, key)
    current = page.view.current_id()
    assert current is not None
    person = page.people[current]
    assert page.view.accessibleName() == f"Org chart: {person.name}"
    spoken = page.view.accessibleDescription()  # what a screen reader announces about the card
    assert spoken.startswith(
        f"{person.name}, {person.title}. {person.stance.label}, influence {person.influence} of 5."
    )
    return person.name


def x_of(page: OrgChartPage, name: str) -> float:
    return next(c.scenePos().x() for c in page.scene.cards.values() if c.person.name == name)


def test_arrow_keys_walk_the_demo_chart_and_the_view_says_who_is_current(qtbot, chart: OrgChartPage) -> None:
    people = {p.name: p for p in chart.people.values()}
    assert chart.view.accessibleName() == "Org chart"
    assert "press an arrow key" in chart.view.accessibleDescription()

    top = press(qtbot, chart, Qt.Key.Key_Down)  # nobody current yet: the top of the organisation
    assert top == "白川 正嗣"
    assert "At the top. 8 direct reports." in chart.view.accessibleDescription()

    first = press(qtbot, chart, Qt.Key.Key_Down)  # the first of the CEO's reports, from the left
    assert people[first].manager_id == people[top].id
    reports = [p.name for p in chart.people.values() if p.manager_id == people[top].id]
    assert x_of(chart, first) == min(x_of(chart, name) for name in reports)
    assert f"Reports to {top}." in chart.view.accessibleDescription()

    second = press(qtbot, chart, Qt.Key.Key_Right)  # the next colleague under the same manager
    assert people[second].manager_id == people[top].id and x_of(chart, second) > x_of(chart, first)
    assert press(qtbot, chart, Qt.Key.Key_Left) == first
    assert press(qtbot, chart, Qt.Key.Key_Left) == first  # nobody further left: stays

    assert press(qtbot, chart, Qt.Key.Key_Right) == second
    below = press(qtbot, chart, Qt.Key.Key_Down)
    assert people[below].manager_id == people[second].id
    assert press(qtbot, chart, Qt.Key.Key_Up) == second
    assert press(qtbot, chart, Qt.Key.Key_Up) == top
    assert press(qtbot, chart, Qt.Key.Key_Up) == top  # the top has no manager: stays

    # The current card is on the screen, and selected (the Person panel follows it).
    card = chart.scene.cards[people[top].id]
    assert card.isSelected()
    assert (
        chart.view.mapFromScene(card.sceneBoundingRect())
        .boundingRect()
        .intersects(chart.view.viewport().rect())
    )
    assert chart.panel.stakeholder_id == people[top].id


def test_enter_opens_the_current_person_to_edit_by_keyboard(
    qtbot, chart: OrgChartPage, window: MainWindow
) -> None:
    press(qtbot, chart, Qt.Key.Key_Down)
    name = press(qtbot, chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart.view, Qt.Key.Key_Return)
    assert chart.side.currentWidget() is chart.panel
    assert chart.panel.lines["name"].text() == name
    assert window.focusWidget() is chart.panel.lines["name"]  # typing edits them now

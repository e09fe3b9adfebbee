"""The change log page: changes in words, filters, pages read as the table scrolls, each record's own history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMenu
from sqlalchemy.orm import Session

from accountplan.analysis.change_log import RecordRef
from accountplan.model.enums import ActionStatus
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action, update_action
from accountplan.plan.opportunities import add_opportunity, update_opportunity
from accountplan.plan.stakeholders import add_stakeholder, set_manager, update_stakeholder
from accountplan.store.database import Database
from accountplan.ui.common.pages import select_row_with_id
from accountplan.ui.frame.change_log_model import ChangeLogModel
from accountplan.ui.frame.change_log_page import BETWEEN, ChangeLogPage
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage
from accountplan.ui.people.stakeholders_page import StakeholdersPage
from accountplan.ui.pursuit.opportunities_page import OpportunitiesPage
from accountplan.ui.team.actions_page import ActionsPage


@contextmanager
def at(db: Database, when: str, user: str = "Marcus Lindqvist") -> Iterator[Session]:
    """A transaction whose changes the log dates ``when`` (UTC) and credits to ``user``."""
    with db.transaction() as session:
        session.info["now"] = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        session.info["user"] = user
        yield session


@pytest.fixture
def plan(db: Database) -> dict[str, int]:
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Hoshino Logistics")
        ids = {"account": account}
        ids["aiko"] = add_stakeholder(session, account, "Aiko Tanaka", title="CIO")
        ids["hiroshi"] = add_stakeholder(session, account, "Hiroshi Kaiyō", title="CEO", influence=5)
        ids["deal"] = add_opportunity(session, account, "Project Tsubasa")
        ids["pilot"] = add_action(session, account, "Send the pilot results", due=dt.date(2026, 11, 10))
    with at(db, "2026-10-02T09:00", user="Chloé Martin") as session:
        set_manager(session, ids["aiko"], ids["hiroshi"])
        update_action(session, ids["pilot"], status=ActionStatus.IN_PROGRESS)
    with at(db, "2026-10-05T09:00") as session:
        update_action(session, ids["pilot"], status=ActionStatus.DONE)
        update_opportunity(session, ids["deal"], expected_close=dt.date(2027, 3, 31))
        update_stakeholder(session, ids["aiko"], title="Chief Digital Officer")
    return ids


def _open(window: MainWindow) -> ChangeLogPage:
    window.events.accounts_changed.emit()
    page = window.show_page("changes")
    assert isinstance(page, ChangeLogPage)
    return page


def _shown(page: ChangeLogPage) -> list[str]:
    model = page.model
    return [
        " · ".join(str(model.index(row, column).data()) for column in (1, 2, 3, 4))
        for row in range(model.rowCount())
    ]


def test_the_log_reads_in_words_newest_first(qtmodeltester, window: MainWindow, plan: dict[str, int]) -> None:
    page = _open(window)
    qtmodeltester.check(page.model)
    shown = _shown(page)
    assert shown[:4] == [
        "Marcus Lindqvist · Stakeholder · Aiko Tanaka · Title: CIO → Chief Digital Officer",
        "Marcus Lindqvist · Opportunity · Project Tsubasa · Expected close: — → 31 Mar 2027",
        "Marcus Lindqvist · Action · Send the pilot results · Done on: — → 5 Oct 2026",
        "Marcus Lindqvist · Action · Send the pilot results · Status: In progress → Done",
    ]
    assert "Chloé Martin · Stakeholder · Aiko Tanaka · Reports to: — → Hiroshi Kaiyō" in shown
    assert "Marcus Lindqvist · Opportunity · Project Tsubasa · Added" in shown
    assert page.model.index(0, 0).data() == _local("2026-10-05T09:00")
    assert page.summary.text().strip() == f"{len(shown)} changes"
    tip = page.model.index(0, 4).data(0x03)  # the tooltip: the whole values
    assert tip == "Title\nBefore: CIO\nAfter: Chief Digital Officer"


def _local(when: str) -> str:
    moment = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC).astimezone()
    return f"{moment.day} {moment:%b %Y %H:%M}"


def test_filters_by_who_what_record_and_days(window: MainWindow, plan: dict[str, int]) -> None:
    page = _open(window)
    everything = page.model.rowCount()
    page.who_box.setCurrentIndex(page.who_box.findText("Chloé Martin"))
    assert _shown(page) == [
        "Chloé Martin · Action · Send the pilot results · Status: Open → In progress",
        "Chloé Martin · Stakeholder · Aiko Tanaka · Reports to: — → Hiroshi Kaiyō",
    ]
    assert page.summary.text().strip() == "2 changes match the filters"
    page.what_box.setCurrentIndex(page.what_box.findText("Stakeholder"))
    assert _shown(page) == ["Chloé Martin · Stakeholder · Aiko Tanaka · Reports to: — → Hiroshi Kaiyō"]
    page.clear_filters()
    assert page.model.rowCount() == everything
    page.record_box.setText("tsubasa")
    assert {row.split(" · ")[2] for row in _shown(page)} == {"Project Tsubasa"}
    page.record_box.clear()
    page.period_box.setCurrentIndex(BETWEEN)
    assert page.from_box.isVisible() and page.to_box.isVisible()
    page.from_box.setDate(QDate(2026, 10, 2))
    page.to_box.setDate(QDate(2026, 10, 4))
    assert [row.split(" · ")[0] for row in _shown(page)] == ["Chloé Martin", "Chloé Martin"]
    page.period_box.setCurrentIndex(0)
    assert not page.from_box.isVisible()
    assert page.model.rowCount() == everything


def test_a_long_log_is_read_page_by_page_without_a_cap(
    qtmodeltester, window: MainWindow, db: Database
) -> None:
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Hoshino Logistics")
        person = add_stakeholder(session, account, "Aiko Tanaka")
        for step in range(2100):
            update_stakeholder(session, person, title=f"Title {step}")
            session.flush()  # one change each
    page = _open(window)
    assert page.summary.text().strip() == "2,102 changes"
    assert page.model.rowCount() == 200 and page.model.canFetchMore()
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == 2102
    assert page.model.index(2101, 4).data() == "Added"  # the account, the oldest
    qtmodeltester.check(page.model)
    page.table.scrollToBottom()
    small = ChangeLogModel(window.context, page_size=7)
    small.show_account(account)
    assert small.rowCount() == 7
    small.fetchMore()
    assert [small.index(row, 4).data() for row in (6, 7)] == [
        "Title: Title 2092 → Title 2093",
        "Title: Title 2091 → Title 2092",
    ]


def _history_from_menu(page: object, open_menu: object) -> None:
    """Open a context menu with ``open_menu`` and choose its "History of …" entry."""
    before = set(page.findChildren(QMenu))  # type: ignore[attr-defined]
    open_menu()  # type: ignore[operator]
    menu = next(m for m in page.findChildren(QMenu) if m not in before)  # type: ignore[attr-defined]
    entry = next(a for a in menu.actions() if a.text().startswith("History of "))
    entry.trigger()
    menu.close()


def test_an_action_opens_its_own_history_from_its_menu(window: MainWindow, plan: dict[str, int]) -> None:
    window.events.accounts_changed.emit()
    actions = window.show_page("actions")
    assert isinstance(actions, ActionsPage)
    actions.status_box.setCurrentIndex(actions.status_box.findText("Any status"))
    assert select_row_with_id(actions.table, plan["pilot"])
    rect = actions.table.visualRect(actions.proxy.index(0, 0))
    _history_from_menu(actions, lambda: actions._context_menu(rect.center()))
    changes = window.current_page()
    assert isinstance(changes, ChangeLogPage)
    assert changes.record == RecordRef("actions", plan["pilot"], "Send the pilot results")
    assert changes.record_label.text() == "History of Send the pilot results (Action)"
    assert [row.split(" · ")[3] for row in _shown(changes)] == [
        "Done on: — → 5 Oct 2026",
        "Status: In progress → Done",
        "Status: Open → In progress",
        "Added",
    ]
    assert changes.summary.text().strip() == "4 changes"
    changes.all_button.click()  # "Show every record"
    assert changes.record is None and not changes.record_label.isVisible()
    assert changes.what_box.currentIndex() == 0
    assert changes.model.rowCount() > 4
    window.show_page("actions")
    window.history_action.trigger()  # Go → Record History, the action still selected
    assert window.current_page() is changes
    assert changes.record == RecordRef("actions", plan["pilot"], "Send the pilot results")


def test_history_with_nothing_selected_says_what_to_do(window: MainWindow, plan: dict[str, int]) -> None:
    window.events.accounts_changed.emit()
    window.show_page("overview")
    assert not window.show_selected_history()
    assert "Select a person, a deal or an action first" in window.statusBar().currentMessage()
    assert ("Record History", "Ctrl+Shift+H") in window.shortcut_list()


def test_another_account_drops_the_record_shown(
    window: MainWindow, plan: dict[str, int], db: Database
) -> None:
    with db.transaction() as session:
        create_account(session, "Another Account")
    changes = _open(window)
    assert window.select_account("Hoshino Logistics")
    window.show_history(RecordRef("stakeholders", plan["aiko"], "Aiko Tanaka"))
    assert changes.record is not None
    window.select_account("Another Account")
    assert changes.record is None
    assert _shown(changes) == ["tester · Account · Another Account · Added"]


def test_people_and_deals_open_their_own_history(window: MainWindow, plan: dict[str, int]) -> None:
    window.events.accounts_changed.emit()
    people = window.show_page("stakeholders")
    assert isinstance(people, StakeholdersPage)
    assert select_row_with_id(people.table, plan["aiko"])
    window.history_action.trigger()  # Go → Record History
    changes = window.current_page()
    assert isinstance(changes, ChangeLogPage)
    assert changes.record == RecordRef("stakeholders", plan["aiko"], "Aiko Tanaka")
    assert _shown(changes) == [
        "Marcus Lindqvist · Stakeholder · Aiko Tanaka · Title: CIO → Chief Digital Officer",
        "Chloé Martin · Stakeholder · Aiko Tanaka · Reports to: — → Hiroshi Kaiyō",
        "Marcus Lindqvist · Stakeholder · Aiko Tanaka · Added",
    ]
    window.show_page("stakeholders")
    rect = people.table.visualRect(people.table.model().index(0, 0))
    _history_from_menu(people, lambda: people._context_menu(rect.center()))
    assert changes.record is not None and changes.record.entity_type == "stakeholders"

    deals = window.show_page("opportunities")
    assert isinstance(deals, OpportunitiesPage)
    assert deals.select_deal(plan["deal"])
    rect = deals.table.visualRect(deals.proxy.index(0, 0))
    _history_from_menu(deals, lambda: deals._context_menu(rect.center()))
    assert changes.record == RecordRef("opportunities", plan["deal"], "Project Tsubasa")
    assert [row.split(" · ")[3] for row in _shown(changes)] == ["Expected close: — → 31 Mar 2027", "Added"]
    window.show_page("opportunities")
    window.history_action.trigger()
    assert window.current_page() is changes and changes.record[:2] == ("opportunities", plan["deal"])


def test_a_card_of_the_org_chart_opens_its_person_history(window: MainWindow, plan: dict[str, int]) -> None:
    window.events.accounts_changed.emit()
    chart = window.show_page("org-chart")
    assert isinstance(chart, OrgChartPage)
    _history_from_menu(
        chart, lambda: chart._context_menu(plan["hiroshi"], chart.mapToGlobal(chart.rect().center()))
    )
    changes = window.current_page()
    assert isinstance(changes, ChangeLogPage)
    assert changes.record == RecordRef("stakeholders", plan["hiroshi"], "Hiroshi Kaiyō")
    assert _shown(changes) == ["Marcus Lindqvist · Stakeholder · Hiroshi Kaiyō · Added"]
    chart = window.show_page("org-chart")
    chart.scene.cards[plan["aiko"]].setSelected(True)
    window.history_action.trigger()
    assert changes.record == RecordRef("stakeholders", plan["aiko"], "Aiko Tanaka")

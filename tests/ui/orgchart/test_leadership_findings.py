"""A leadership change made today is a finding on the Overview and on the org chart, with its people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from accountplan.model.enums import BuyingRole
from accountplan.model.types import utcnow
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder, set_manager, update_stakeholder
from accountplan.store.database import Database
from accountplan.ui.account.overview_page import OverviewPage
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage

NEW_TITLE = "Hiroshi Kaiyō is now Chief Executive Officer, no longer Chief Operating Officer (since "
MOVE = (
    "Aiko Tanaka (CIO) now reports to Hiroshi Kaiyō (Chief Executive Officer), no longer to Ken Sato (since "
)


def test_a_title_change_and_a_move_are_findings_on_the_overview_and_the_org_chart(
    window: MainWindow, db: Database, findings_shown: Callable[[OrgChartPage], list[tuple[str, list[int]]]]
) -> None:
    with db.transaction() as session:
        session.info["now"] = utcnow() - dt.timedelta(days=120)  # the people were added months ago
        account = create_account(session, "Hoshino Logistics")
        ken = add_stakeholder(session, account, "Ken Sato", title="President")
        hiroshi = add_stakeholder(
            session, account, "Hiroshi Kaiyō", title="Chief Operating Officer", influence=5, reports_to_id=ken
        )
        aiko = add_stakeholder(
            session, account, "Aiko Tanaka", title="CIO", reports_to_id=ken, roles={BuyingRole.DECISION_MAKER}
        )
    with db.transaction() as session:  # today
        update_stakeholder(session, hiroshi, title="Chief Executive Officer")
        set_manager(session, aiko, hiroshi)
    window.events.accounts_changed.emit()

    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    texts = [line.text for line in overview.findings_list.lines]
    assert any(text.startswith(NEW_TITLE) for text in texts), texts
    assert any(text.startswith(MOVE) for text in texts), texts

    chart = window.show_page("org-chart")
    assert isinstance(chart, OrgChartPage)
    shown = findings_shown(chart)
    text, people = next((text, people) for text, people in shown if MOVE in text)
    assert text.startswith("HIGH · ")
    assert people == [aiko, hiroshi, ken]  # the people it highlights

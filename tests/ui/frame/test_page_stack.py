"""The window builds a page the first time it is shown, and a page built late still shows the right account."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.stakeholders_page import StakeholdersPage


def _account(db: Database, name: str, people: list[str]) -> int:
    with db.transaction() as session:
        account_id = accounts.create_account(session, name)
        for person in people:
            stakeholders.add_stakeholder(session, account_id, person)
    return account_id


def _names(page: StakeholdersPage) -> list[str]:
    return sorted(page.model.index(row, 0).data() for row in range(page.model.rowCount()))


def _window(qtbot: QtBot, db: Database, settings: S.Settings) -> MainWindow:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    return window


def test_opening_the_window_builds_only_the_page_it_shows(
    qtbot: QtBot, db: Database, settings: S.Settings
) -> None:
    _account(db, "Hoshino Logistics", ["田中 愛子"])
    window = _window(qtbot, db, settings)
    assert [page.key for page in window.stack.built()] == ["overview"]
    assert window.current_page() is window.page("overview")


def test_the_section_last_shown_opens_without_the_overview_being_built(
    qtbot: QtBot, db: Database, settings: S.Settings
) -> None:
    _account(db, "Hoshino Logistics", ["田中 愛子"])
    settings.set(S.LAST_SECTION, "stakeholders")
    window = _window(qtbot, db, settings)
    assert [page.key for page in window.stack.built()] == ["stakeholders"]
    assert window.section_list.currentRow() == window.stack.row_of("stakeholders")


def test_a_page_first_shown_after_switching_accounts_shows_the_account_now_selected(
    qtbot: QtBot, db: Database, settings: S.Settings
) -> None:
    _account(db, "Acme Rail", ["Zoë Lefèvre", "Дмитрий Соколов"])
    _account(db, "Hoshino Logistics", ["田中 愛子"])
    window = _window(qtbot, db, settings)
    assert window.select_account("Hoshino Logistics")
    people = window.show_page("stakeholders")
    assert isinstance(people, StakeholdersPage)
    assert _names(people) == ["田中 愛子"]
    assert window.select_account("Acme Rail")  # reaches the page now that it is built
    assert _names(people) == ["Zoë Lefèvre", "Дмитрий Соколов"]
    assert window.show_page("stakeholders") is people  # built once, then kept

"""Faults: the team server going away is shown, no edit is lost silently, and the window reconnects by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt

from accountplan.model import Account, Stakeholder
from accountplan.ui.account.account_page import AccountPage

NOTICE_MS = 5000


def test_a_server_restart_under_a_running_window(qtbot, pg_server_factory, team_window) -> None:  # type: ignore[no-untyped-def]
    server = pg_server_factory()
    alice = team_window(server.create_database())
    database, window, model, row = alice.database, alice.window, alice.model, alice.zoe_row
    qtbot.waitUntil(lambda: window.external_changes.watch.listener.connection is not None, timeout=NOTICE_MS)
    assert window.server_banner.isHidden()

    server.stop("fast")
    qtbot.waitUntil(lambda: window.server_banner.isVisible(), timeout=NOTICE_MS)
    assert "not reachable" in window.server_banner.text()

    # A table edit is refused visibly, kept, and stays off the undo stack for now.
    assert not model.setData(model.index(row, 1), "Finance Director")
    assert "not reachable" in window.context.failures[-1]
    assert "kept and saved when the server is back" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0
    # A field edit is kept too, and what was typed stays in the field.
    window.show_page(AccountPage.key)
    page = window.page(AccountPage.key)
    assert "shows what it read last" in window.context.failures[-1]  # the page could not read the server
    page.industry.setFocus()
    qtbot.keyClicks(page.industry, "Logistics")
    qtbot.keyClick(page.industry, Qt.Key.Key_Return)
    assert page.industry.text() == "Logistics"
    assert len(window.context.held) == 2 and window.undo_stack.count() == 0

    server.start()
    qtbot.waitUntil(lambda: window.server_banner.isHidden(), timeout=NOTICE_MS)

    # Both kept edits are saved, undoably, and the page shows what was saved.
    assert window.undo_stack.count() == 2 and not window.context.held
    with database.session() as session:
        assert session.get(Account, alice.account_id).industry == "Logistics"
        assert session.get(Stakeholder, alice.zoe).title == "Finance Director"
    qtbot.waitUntil(lambda: page.industry.text() == "Logistics" and page.name.text() == "Hoshino Logistics")
    # And a new edit works at once.
    window.show_page("stakeholders")
    assert model.setData(model.index(row, 6), 5)
    with database.session() as session:
        assert session.get(Stakeholder, alice.zoe).influence == 5

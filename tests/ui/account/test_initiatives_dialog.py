"""The account's strategic initiatives and spend zones, made in the window (nothing could make them before)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from accountplan.model import ChangeLogEntry, Initiative, SpendZone
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database
from accountplan.ui.account.account_page import AccountPage
from accountplan.ui.account.initiatives_dialog import InitiativeForm, InitiativesDialog, SpendZoneForm
from accountplan.ui.frame.main_window import MainWindow

SAVE = QDialogButtonBox.StandardButton.Save


def _account_page(window: MainWindow, db: Database) -> AccountPage:
    with db.transaction() as session:
        account = create_account(session, "Hoshino Logistics", currency="JPY")
        add_stakeholder(session, account, "Kenji Mori", title="CFO")
    window.events.accounts_changed.emit()
    page = window.show_page("account")
    assert isinstance(page, AccountPage)
    return page


def _rows(db: Database) -> tuple[list[tuple[str, str]], list[tuple[str, Decimal | None, str]]]:
    with db.session() as session:
        found = [(i.title, i.description) for i in session.scalars(select(Initiative))]
        zones = [(z.name, z.annual_spend, z.incumbent_solution) for z in session.scalars(select(SpendZone))]
    return found, zones


def test_initiatives_and_spend_zones_are_made_from_the_account_page_and_undone(
    qtbot, window: MainWindow, db: Database
) -> None:
    page = _account_page(window, db)
    assert page.initiatives.text().startswith("None yet")
    qtbot.mouseClick(page.initiatives_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(InitiativesDialog)
    assert isinstance(dialog, InitiativesDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert not dialog.initiatives_empty.isHidden()  # says what belongs there

    form = dialog.add_initiative()
    assert isinstance(form, InitiativeForm) and not form.buttons.button(SAVE).isEnabled()
    qtbot.keyClicks(form.title, "Control tower 2027")
    form.sponsor.setCurrentIndex(form.sponsor.findText("Kenji Mori (CFO)"))
    form.description.setPlainText("One view of every hub's freight")
    qtbot.mouseClick(form.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    assert dialog.initiative_list.item(0).text() == "Control tower 2027 — sponsor: Kenji Mori"
    assert dialog.initiatives_empty.isHidden()

    dialog.tabs.setCurrentIndex(1)
    zone = dialog.add_zone()
    assert isinstance(zone, SpendZoneForm)
    qtbot.keyClicks(zone.name, "Transport management")
    qtbot.keyClicks(zone.spend, "1,200,000")
    qtbot.keyClicks(zone.incumbent, "KaiunTMS 7")
    qtbot.mouseClick(zone.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    assert dialog.zone_list.item(0).text() == (
        "Transport management · JPY 1,200,000 a year · incumbent: KaiunTMS 7"
    )
    assert page.initiatives.text() == "1 strategic initiative · 1 spend zone"

    # A spend that is not an amount is refused, said, and changes nothing.
    dialog.zone_list.setCurrentRow(0)
    edit = dialog.edit_zone()
    assert edit is not None and edit.spend.text() == "1,200,000"
    edit.spend.setText("a lot")
    qtbot.mouseClick(edit.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    assert "is not a valid annual spend" in window.context.failures[-1]
    assert _rows(db) == (
        [("Control tower 2027", "One view of every hub's freight")],
        [("Transport management", Decimal("1200000.00"), "KaiunTMS 7")],
    )
    with db.session() as session:
        logged = {e.entity_type for e in session.scalars(select(ChangeLogEntry))}
    assert {"initiatives", "spend_zones"} <= logged  # both reach the change log

    dialog.initiative_list.setCurrentRow(0)
    assert dialog.delete_initiative()
    assert _rows(db)[0] == [] and not dialog.initiatives_empty.isHidden()
    window.undo_action.trigger()
    assert _rows(db)[0] == [("Control tower 2027", "One view of every hub's freight")]
    window.undo_action.trigger()  # the spend zone
    window.undo_action.trigger()  # the initiative
    assert _rows(db) == ([], [])
    assert page.initiatives.text().startswith("None yet")
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert dialog.initiative_list.item(0).text() == "Control tower 2027 — sponsor: Kenji Mori"
    dialog.close()
    assert QApplication.activeModalWidget() is None

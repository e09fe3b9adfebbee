"""Edit → Exchange Rates…: rates added, changed, refused and deleted in the dialog, each undoable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from accountplan.plan.accounts import create_account
from accountplan.plan.exchange_rates import list_rates
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.rates_dialog import RatesDialog


def _rates(db: Database) -> list[str]:
    with db.session() as session:
        return [row.text for row in list_rates(session)]


def _fill(qtbot, dialog: RatesDialog, year: int, currency: str, rate: str, to: str) -> None:  # type: ignore[no-untyped-def]
    dialog.year.setValue(year)
    for field, text in ((dialog.currency, currency), (dialog.rate, rate), (dialog.to_currency, to)):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)


def test_rates_are_set_changed_refused_deleted_and_undone(
    qtbot, window: MainWindow, db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        create_account(session, "Kansai Logistics", currency="JPY")
    window.events.accounts_changed.emit()
    window.rates_action.trigger()
    dialog = window.findChild(RatesDialog)
    assert isinstance(dialog, RatesDialog)
    assert dialog.model.rowCount() == 0

    _fill(qtbot, dialog, 2026, "eur", "162.4", "jpy")
    _fill(qtbot, dialog, 2027, "USD", "151.25", "JPY")
    assert _rates(db) == ["1 EUR = 162.4 JPY (FY2026)", "1 USD = 151.25 JPY (FY2027)"]
    assert dialog.model.rowCount() == 2
    assert dialog.selected() is not None and dialog.selected().currency == "USD"  # type: ignore[union-attr]

    dialog.table.selectRow(0)  # the form takes the chosen rate, to change it
    assert (dialog.year.value(), dialog.currency.text(), dialog.rate.text()) == (2026, "EUR", "162.4")
    dialog.rate.setText("158")
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    assert _rates(db)[0] == "1 EUR = 158 JPY (FY2026)"
    assert window.undo_stack.undoText() == "set the EUR → JPY rate of FY2026"

    _fill(qtbot, dialog, 2026, "JPY", "0.0062", "EUR")
    assert "FY2026 already has 1 EUR = 158 JPY" in dialog.message.text()
    assert len(_rates(db)) == 2

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert _rates(db) == ["1 USD = 151.25 JPY (FY2027)"]
    assert dialog.message.text() == ""
    dialog.grab().save(str(tmp_path / "rates.png"))

    window.undo_stack.undo()  # the deleted rate comes back
    assert _rates(db) == ["1 EUR = 158 JPY (FY2026)", "1 USD = 151.25 JPY (FY2027)"]
    assert dialog.model.rowCount() == 2
    window.undo_stack.undo()  # the change of it is taken back
    assert _rates(db)[0] == "1 EUR = 162.4 JPY (FY2026)"
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert _rates(db) == []
    assert dialog.model.rowCount() == 0
    window.resize(1280, 800)
    dialog.grab().save(str(tmp_path / "rates-empty.png"))

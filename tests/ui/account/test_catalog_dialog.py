"""Making a new account's org units, product lines and competitors in the window, each step undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from accountplan.model import Competitor, DecisionStep, OrgUnit, ProductLine
from accountplan.plan import decisions
from accountplan.plan.whitespace import whitespace_map
from accountplan.store.database import Database
from accountplan.ui.account.catalog_dialog import CatalogDialog, CompetitorDialog
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.pursuit_commands import UpdateStep


def _units(db: Database) -> dict[str, str | None]:
    with db.session() as session:
        units = {u.id: u for u in session.scalars(select(OrgUnit))}
        return {u.name: (units[u.parent_id].name if u.parent_id else None) for u in units.values()}


def _select(view, text: str) -> None:  # type: ignore[no-untyped-def]
    model = view.model()
    flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
    found = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, text, 1, flags)
    assert found, text
    view.setCurrentIndex(found[0])


def test_a_new_accounts_catalog_is_made_in_the_window_and_every_step_undoes(
    qtbot, window: MainWindow, db: Database
) -> None:
    assert window.new_account("Hoshino Logistics")
    dialog = window.edit_catalog()
    assert isinstance(dialog, CatalogDialog)
    qtbot.addWidget(dialog)
    assert not dialog.units_empty.isHidden() and not dialog.lines_empty.isHidden()  # says what belongs there

    assert dialog.add_unit(None, "Group")
    _select(dialog.unit_view, "Group")
    assert dialog.add_unit(dialog.selected_unit(), "Finance")
    assert dialog.add_unit(dialog.selected_unit(), "IT")
    _select(dialog.unit_view, "Finance")
    assert dialog.rename_unit("Finance & Treasury")
    _select(dialog.unit_view, "IT")
    assert dialog.move_unit("(the top: no unit above it)")
    assert _units(db) == {"Group": None, "Finance & Treasury": "Group", "IT": None}
    assert dialog.units_empty.isHidden()

    assert dialog.add_line("Payments") and dialog.add_line("Analytics")
    _select(dialog.line_view, "Analytics")
    assert dialog.move_line(-1)
    with db.session() as session:
        account_id = window.current_account_id()
        assert account_id is not None
        found = whitespace_map(session, account_id)
    assert [name for _, name in found.lines] == ["Analytics", "Payments"]
    assert [name for _, name, _ in found.units] == ["Group", "Finance & Treasury", "IT"]

    competitor = dialog.add_competitor()
    assert isinstance(competitor, CompetitorDialog)
    competitor.name.setText("Acme Ledger")
    competitor.incumbent.setChecked(True)
    competitor.strategy.setPlainText("Prove the close time in the pilot")
    competitor._save()
    with db.session() as session:
        rival = session.scalars(select(Competitor)).one()
        assert (rival.name, rival.is_incumbent, rival.strategy) == (
            "Acme Ledger",
            True,
            "Prove the close time in the pilot",
        )
    assert dialog.competitors.item(0).text() == "Acme Ledger (incumbent)"

    # Merge IT into Group, then undo everything, step by step, back to an empty account.
    _select(dialog.unit_view, "IT")
    assert dialog.merge_unit("Group")
    assert _units(db) == {"Group": None, "Finance & Treasury": "Group"}
    steps = window.undo_stack.count()
    assert steps == 11  # the account, then ten changes
    for _ in range(steps - 1):  # all but creating the account
        window.undo_stack.undo()
    assert _units(db) == {}
    with db.session() as session:
        assert session.scalars(select(ProductLine)).all() == []
        assert session.scalars(select(Competitor)).all() == []
    assert not dialog.units_empty.isHidden()
    for _ in range(steps - 1):
        window.undo_stack.redo()
    assert _units(db) == {"Group": None, "Finance & Treasury": "Group"}


def test_a_refused_name_says_why_and_changes_nothing(qtbot, window: MainWindow, db: Database) -> None:
    assert window.new_account("Hoshino Logistics")
    dialog = window.edit_catalog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.add_unit(None, "Group")
    steps = window.undo_stack.count()
    assert not dialog.add_unit(None, "group")
    assert window.undo_stack.count() == steps
    assert "already" in window.statusBar().currentMessage() or "already" in str(window.context.last_error)


def test_without_an_account_the_window_says_what_to_do_first(window: MainWindow) -> None:
    assert window.current_account_id() is None
    assert window.edit_catalog() is None
    assert QApplication.activeModalWidget() is None


def test_renaming_a_decision_step_passes_its_new_name_among_the_changes(
    window: MainWindow, db: Database
) -> None:
    # The row commands took the row's name as a keyword too, so a rename was a TypeError (decision steps).
    assert window.new_account("Hoshino Logistics")
    account_id = window.current_account_id()
    assert account_id is not None
    with db.transaction() as session:
        step = decisions.add_step(session, account_id, "Security review")
    command = UpdateStep(
        window.context, account_id, step, "Security review", name="Security & privacy review"
    )
    assert window.context.execute(command)
    with db.session() as session:
        assert session.get(DecisionStep, step).name == "Security & privacy review"  # type: ignore[union-attr]
    window.undo_stack.undo()
    with db.session() as session:
        assert session.get(DecisionStep, step).name == "Security review"  # type: ignore[union-attr]

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QPlainTextEdit
from sqlalchemy import select

from accountplan.model import DecisionDependency, DecisionStep
from accountplan.model.enums import StepStatus
from accountplan.plan import accounts, decisions, opportunities, stakeholders
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.decision_scene import CRITICAL_COLOUR
from accountplan.ui.pursuit.decisions_page import DecisionsPage

TODAY = dt.date.today()


def _in(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


@pytest.fixture
def process(db: Database) -> dict[str, int]:
    """A deal closing in 60 days whose decision runs: evaluation → (security, business case) → signature.

    The business case is due later than the security review, so the critical path goes through it;
    the signature is due 57 days out: 3 days to spare. A step tied to no deal stands apart.
    """
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
        owner = stakeholders.add_stakeholder(session, account_id, "Aiko Tanaka")
        deal = opportunities.add_opportunity(session, account_id, "Control tower", expected_close=_in(60))
        ids = {
            name: decisions.add_step(
                session, account_id, name, opportunity_id=deal, due=_in(days), owner_id=who
            )
            for name, days, who in (
                ("Technical evaluation", 10, owner),
                ("Security review", 20, owner),
                ("Business case", 40, None),
                ("Signature", 57, owner),
            )
        }
        for step, prerequisite in (
            ("Security review", "Technical evaluation"),
            ("Business case", "Technical evaluation"),
            ("Signature", "Security review"),
            ("Signature", "Business case"),
        ):
            decisions.add_dependency(session, ids[step], ids[prerequisite])
        loose = decisions.add_step(session, account_id, "Annual vendor review")
    return {"account": account_id, "deal": deal, "loose": loose, **ids}


def _page(window: MainWindow) -> DecisionsPage:
    window.events.accounts_changed.emit()
    page = window.show_page("decisions")
    assert isinstance(page, DecisionsPage)
    return page


def _dependencies(db: Database) -> set[tuple[int, int]]:
    with db.session() as session:
        return {
            (a, b)
            for a, b in session.execute(select(DecisionDependency.depends_on_id, DecisionDependency.step_id))
        }


def test_the_drawing_shows_every_step_and_highlights_the_critical_path(
    qtmodeltester, window: MainWindow, process: dict[str, int]
) -> None:
    page = _page(window)
    assert page.deals.current_deal() == process["deal"]
    qtmodeltester.check(page.model)
    scene = page.scene
    names = ("Technical evaluation", "Security review", "Business case", "Signature")
    assert set(scene.boxes) == {process[n] for n in names}
    assert {scene.boxes[process[n]].pos().x() for n in ("Security review", "Business case")} == {
        scene.boxes[process["Technical evaluation"]].pos().x() + 212.0
    }  # the second column
    assert scene.critical_boxes() == [
        process[n] for n in ("Technical evaluation", "Business case", "Signature")
    ]
    on_path = scene.arrows[(process["Business case"], process["Signature"])].pen()
    off_path = scene.arrows[(process["Security review"], process["Signature"])].pen()
    assert on_path.color().name() == CRITICAL_COLOUR and on_path.widthF() > off_path.widthF()
    assert scene.boxes[process["Business case"]].badges == ["ownerless"]
    assert "3 days to spare" in page.slack.text()
    assert page.model.index(page.model.row_of(process["Business case"]), 2).data() == "No owner"
    assert page.deals.select_deal(None)
    assert set(scene.boxes) == {process["loose"]}
    assert page.slack.text() == "Steps tied to no deal have no decision date."


def test_a_late_final_step_says_how_late(window: MainWindow, db: Database, process: dict[str, int]) -> None:
    page = _page(window)
    row = page.model.row_of(process["Signature"])
    assert page.model.setData(page.model.index(row, 3), QDate(_in(70).year, _in(70).month, _in(70).day))
    assert "10 days late" in page.slack.text()
    with db.session() as session:
        assert session.get(DecisionStep, process["Signature"]).due == _in(70)
    window.undo_action.trigger()
    assert "3 days to spare" in page.slack.text()


def test_a_loop_is_refused_with_the_database_unchanged_and_the_message_shown(
    window: MainWindow, db: Database, process: dict[str, int]
) -> None:
    page = _page(window)
    before = _dependencies(db)
    assert page.select_step(process["Technical evaluation"])
    page.prerequisite_box.setCurrentIndex(page.prerequisite_box.findData(process["Signature"]))
    page.depend_button.click()
    assert _dependencies(db) == before
    assert "would make a loop" in page.message.text()
    assert "Technical evaluation" in page.message.text() and "Signature" in page.message.text()
    assert "would make a loop" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_dependencies_are_added_and_removed_with_undo(
    window: MainWindow, db: Database, process: dict[str, int]
) -> None:
    page = _page(window)
    assert page.select_step(process["Business case"])
    assert page.dependency_box.findData(process["Technical evaluation"]) >= 0
    assert page.add_dependency(process["Security review"])
    assert (process["Security review"], process["Business case"]) in _dependencies(db)
    assert (process["Security review"], process["Business case"]) in page.scene.arrows
    assert page.message.text() == ""
    assert page.remove_dependency(process["Technical evaluation"])
    assert (process["Technical evaluation"], process["Business case"]) not in _dependencies(db)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert (process["Technical evaluation"], process["Business case"]) in _dependencies(db)
    assert (process["Security review"], process["Business case"]) not in _dependencies(db)


def test_selecting_a_box_selects_its_row_and_back(window: MainWindow, process: dict[str, int]) -> None:
    page = _page(window)
    page.scene.boxes[process["Security review"]].setSelected(True)
    assert page.selected_id() == process["Security review"]
    assert page.select_step(process["Signature"])
    assert page.scene.selected_step() == process["Signature"]
    assert not page.scene.boxes[process["Security review"]].isSelected()


def test_steps_are_edited_added_and_deleted_in_the_table_with_undo(
    window: MainWindow, db: Database, process: dict[str, int]
) -> None:
    page = _page(window)
    model = page.model
    row = model.row_of(process["Security review"])
    assert model.setData(model.index(row, 4), StepStatus.BLOCKED.value)
    assert page.scene.boxes[process["Signature"]].badges == ["blocked"]  # held up behind it
    assert model.index(model.row_of(process["Security review"]), 4).data() == "Blocked"
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(DecisionStep, process["Security review"]).status is StepStatus.NOT_STARTED
    assert page.add_step("Board approval")
    added = page.selected_id()
    assert added is not None and added in page.scene.boxes
    with db.session() as session:
        assert session.get(DecisionStep, added).opportunity_id == process["deal"]
    assert page.select_step(process["Security review"])
    assert page.delete_selected()
    assert process["Security review"] not in page.scene.boxes
    assert (process["Security review"], process["Signature"]) not in _dependencies(db)
    window.undo_action.trigger()
    assert (process["Security review"], process["Signature"]) in _dependencies(db)
    assert process["Security review"] in page.scene.boxes


def test_a_steps_notes_are_written_from_the_page_and_shown_on_its_box(
    qtbot, window: MainWindow, db: Database, process: dict[str, int]
) -> None:
    # A step's notes could only be read (pointing at its box): nothing in the window wrote them.
    page = _page(window)
    assert page.select_step(process["Security review"]) and page.notes_button.isEnabled()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.findChild(QPlainTextEdit).setPlainText("Their CISO wants\nthe pen-test report first ")
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(page.notes_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        step = session.get(DecisionStep, process["Security review"])
        assert step is not None and step.notes == "Their CISO wants\nthe pen-test report first"
    box = page.scene.boxes[process["Security review"]]
    assert box.toolTip().endswith("Their CISO wants\nthe pen-test report first")
    assert not page.edit_notes("Their CISO wants\nthe pen-test report first")  # the same: nothing to undo
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(DecisionStep, process["Security review"]).notes == ""  # type: ignore[union-attr]
    page.table.clearSelection()
    assert not page.notes_button.isEnabled()

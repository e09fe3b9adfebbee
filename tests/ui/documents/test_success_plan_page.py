"""The success plan page: edit what the customer receives, undo it, see it in the live preview, export it."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accountplan.model.enums import CoSellerRole
from accountplan.plan import accounts, stakeholders, success, team
from accountplan.plan.success import success_plan_view
from accountplan.store.database import Database
from accountplan.ui.documents.success_plan_page import SuccessPlanPage
from accountplan.ui.frame.main_window import MainWindow


def _plan(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        account = accounts.create_account(session, "Kunde AG")
        cio = stakeholders.add_stakeholder(session, account, "山田 太郎", title="CIO")
        ae = team.add_co_seller(session, "Ana Vendedora", CoSellerRole.ACCOUNT_EXECUTIVE)
        team.join_team(session, account, ae)
        success.update_success_plan(session, account, definition_of_success="Fewer late trucks.")
        first = success.add_item(session, account, "objective", "Late trucks per week", target="5")
        second = success.add_item(session, account, "objective", "Dwell time", target="2 h")
    return {"account": account, "cio": cio, "ae": ae, "first": first, "second": second}


def _page(window: MainWindow) -> SuccessPlanPage:
    window.events.accounts_changed.emit()
    page = window.show_page("success")
    assert isinstance(page, SuccessPlanPage)
    return page


def _view(db: Database, account: int) -> success.SuccessPlanView:
    with db.session() as session:
        return success_plan_view(session, account)


def test_the_definition_is_saved_on_leaving_the_field_and_undone(
    window: MainWindow, db: Database, qtbot
) -> None:  # type: ignore[no-untyped-def]
    ids = _plan(db)
    page = _page(window)
    assert page.definition.toPlainText() == "Fewer late trucks."
    page.definition.setFocus()
    page.definition.setPlainText("No truck waits more than an hour.")
    page.plan_title.setFocus()  # leaving the field saves it
    qtbot.waitUntil(
        lambda: _view(db, ids["account"]).definition_of_success == "No truck waits more than an hour."
    )
    window.undo_stack.undo()
    assert _view(db, ids["account"]).definition_of_success == "Fewer late trucks."
    assert page.definition.toPlainText() == "Fewer late trucks."


def test_items_are_added_edited_moved_and_deleted_with_undo(
    window: MainWindow, db: Database, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    ids = _plan(db)
    page = _page(window)
    objectives = page.lists["objective"]
    qtmodeltester.check(objectives.model)
    objectives.new_text.setText("Trucks unloaded within the slot")
    objectives.add_button.click()
    assert [i.values["metric"] for i in _view(db, ids["account"]).items["objective"]][
        -1
    ] == "Trucks unloaded within the slot"
    model = objectives.model
    assert model.setData(model.index(0, 2), "3")  # target
    assert _view(db, ids["account"]).items["objective"][0].values["target"] == "3"
    objectives.table.selectRow(1)
    assert objectives.up_button.isEnabled() and objectives.down_button.isEnabled()
    objectives.up_button.click()
    assert [i.values["metric"] for i in _view(db, ids["account"]).items["objective"]][:2] == [
        "Dwell time",
        "Late trucks per week",
    ]
    objectives.table.selectRow(0)
    objectives.delete_button.click()
    assert len(_view(db, ids["account"]).items["objective"]) == 2
    window.undo_stack.undo()  # the delete
    window.undo_stack.undo()  # the move
    window.undo_stack.undo()  # the edit
    window.undo_stack.undo()  # the add
    metrics = [(i.values["metric"], i.values["target"]) for i in _view(db, ids["account"]).items["objective"]]
    assert metrics == [("Late trucks per week", "5"), ("Dwell time", "2 h")]


def test_owners_are_picked_from_the_account_and_the_team(window: MainWindow, db: Database) -> None:
    ids = _plan(db)
    with db.transaction() as session:
        success.add_item(session, ids["account"], "milestone", "Go live")
    page = _page(window)
    model = page.lists["milestone"].model
    column = model.fields.index("customer_owner_id")
    choices = model.index(0, column).data(Qt.ItemDataRole.UserRole + 3)
    assert ("山田 太郎 (CIO)", ids["cio"]) in choices
    assert model.setData(model.index(0, column), ids["cio"])
    assert model.index(0, column).data() == "山田 太郎 (CIO)"


def test_the_preview_shows_the_pdf_and_follows_edits(window: MainWindow, db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    _plan(db)
    page = _page(window)
    with qtbot.waitSignal(page.preview.rendered, timeout=10000):
        page.new_version()
    assert page.preview.document.pageCount() >= 1
    assert "What the customer receives" in page.preview.status.text()
    assert page.summary.text().startswith("Version 2")


def test_export_writes_the_customer_pdf(window: MainWindow, db: Database, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _plan(db)
    page = _page(window)
    target = tmp_path / "plan.pdf"
    task = page.export_plan(target)
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=20000) as done:
        pass
    assert "Exported the success plan of Kunde AG" in done.args[0]
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Late trucks per week" in text and "Kunde AG" in text
    QApplication.processEvents()


def test_closing_the_window_while_the_preview_renders_waits_for_it(
    window: MainWindow, db: Database, qtbot
) -> None:  # type: ignore[no-untyped-def]
    ids = _plan(db)
    with db.transaction() as session:  # a long plan: the preview takes a while to build
        success.update_success_plan(session, ids["account"], next_steps="Agree the rollout plan. " * 4000)
    page = _page(window)
    page.preview._timer.stop()
    page.preview._start()  # the build is running now
    assert page.preview._task is not None and page.preview._task.isRunning()
    window.close()  # must not destroy the running thread (that aborts the whole process)
    assert not page.preview._task.isRunning()

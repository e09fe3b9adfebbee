"""The success plan exported from the window as a PowerPoint deck: the format the user picks, what it holds, what
it says it left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pytestqt.qtbot import QtBot

from accountplan.interchange.demo import load_demo
from accountplan.plan.success import success_plan_view
from accountplan.reports.shareable import withheld
from accountplan.store.database import Database
from accountplan.ui.documents.success_plan_page import SuccessPlanPage
from accountplan.ui.frame.main_window import MainWindow


@pytest.fixture
def demo_plan(window: MainWindow, db: Database) -> SuccessPlanPage:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)
    page = window.show_page("success")
    assert isinstance(page, SuccessPlanPage)
    return page


def _texts(deck: Presentation) -> str:  # type: ignore[valid-type]
    """Every text of the deck, table cells too."""
    found = []
    for slide in deck.slides:  # type: ignore[attr-defined]
        for shape in slide.shapes:
            if shape.has_text_frame:
                found.append(shape.text_frame.text)
            if shape.has_table:
                found += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(found)


def test_the_success_plan_as_a_deck_from_the_window(
    qtbot: QtBot,
    window: MainWindow,
    demo_plan: SuccessPlanPage,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    told: list[list[str]] = []

    def confirm(_parent: object, lines: list[str]) -> bool:
        told.append(lines)
        return True

    monkeypatch.setattr("accountplan.ui.documents.document_export.confirm_withheld", confirm)
    offered: list[tuple[str, str]] = []

    def save_as(_parent, _title, name, filters):  # type: ignore[no-untyped-def]
        offered.append((name, filters))
        return str(tmp_path / "for the customer"), "PowerPoint (*.pptx)"

    monkeypatch.setattr("accountplan.ui.common.save_file.QFileDialog.getSaveFileName", save_as)
    assert demo_plan.export_button.text() == "Export…"
    task = demo_plan.export_plan()
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=60_000) as done:
        pass
    name, filters = offered[0]
    assert filters == "PDF (*.pdf);;PowerPoint (*.pptx);;Excel (*.xlsx)"
    assert not name.endswith(".pdf")  # the format picks
    target = tmp_path / "for the customer.pptx"
    deck = Presentation(str(target))
    assert f"({len(deck.slides)} slides)" in done.args[0]
    assert done.args[0] in window.statusBar().currentMessage()
    account = demo_plan.account_id
    with db.session() as session:
        objectives = [
            item.values["metric"] for item in success_plan_view(session, account).items["objective"]
        ]
        left_out = withheld(session, account)
    text = _texts(deck)
    assert objectives and all(metric in text for metric in objectives)
    assert told == [left_out] and any("stakeholders" in line for line in left_out)  # said before the file


def test_the_suffix_typed_decides_over_the_format_listed(
    qtbot: QtBot, demo_plan: SuccessPlanPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("accountplan.ui.documents.document_export.confirm_withheld", lambda *_: True)
    monkeypatch.setattr(
        "accountplan.ui.common.save_file.QFileDialog.getSaveFileName",
        lambda *_: (str(tmp_path / "typed.pptx"), "PDF (*.pdf)"),
    )
    task = demo_plan.export_plan()
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=60_000) as done:
        pass
    assert "slides)" in done.args[0]
    assert len(Presentation(str(tmp_path / "typed.pptx")).slides) > 3
    assert not list(tmp_path.glob("typed*.pdf"))  # no PDF beside it

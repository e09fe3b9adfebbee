"""Exporting the org chart from the window: a deck with a slide per unit, a PDF on the paper chosen, a person's
organisation from their card, the dialog that asks, and the paper it remembers."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMenu
from pytestqt.qtbot import QtBot

from accountplan.analysis.graphs import AccountGraphs, load_graphs
from accountplan.interchange.demo import load_demo
from accountplan.plan.chart_scope import deck_parts
from accountplan.reports.paper import PAPERS, Fitting, PaperChoice
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart import chart_actions
from accountplan.ui.orgchart.chart_export import AS_LARGE, ChartExportDialog
from accountplan.ui.orgchart.org_chart_page import OrgChartPage

Exec = Callable[[ChartExportDialog], None]
#: Answers the file dialog (the name, the format chosen) and the export dialog (what is set in it).
Answer = Callable[[str, str, Exec], list[ChartExportDialog]]


@pytest.fixture
def demo_chart(window: MainWindow, db: Database) -> OrgChartPage:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage) and len(page.people) > 100
    return page


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Answer]:
    """Answer the file dialog with a name and a format, and the export dialog with what ``choose`` sets."""

    def answer(name: str, chosen_filter: str, choose: Exec) -> list[ChartExportDialog]:
        shown: list[ChartExportDialog] = []
        monkeypatch.setattr(
            "accountplan.ui.common.save_file.QFileDialog.getSaveFileName",
            lambda _parent, _title, _name, filters: (name, chosen_filter if chosen_filter in filters else ""),
        )

        def run(dialog: ChartExportDialog) -> int:
            shown.append(dialog)
            dialog.show()
            choose(dialog)
            if dialog.isVisible():  # not cancelled: the user presses Export
                dialog.accept()
            return int(dialog.result())

        monkeypatch.setattr(ChartExportDialog, "exec", run)
        return shown

    yield answer


def _graphs(page: OrgChartPage) -> AccountGraphs:
    with page.context.database.session() as session:
        return load_graphs(session, page.account_id)


def _finished(qtbot: QtBot, task) -> str:  # type: ignore[no-untyped-def]
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=120_000) as done:
        pass
    return done.args[0].sentence


def _texts(shapes) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text on a slide, each card's name, title and initials apart (cards are groups)."""
    found = []
    for shape in shapes:
        if shape.shape_type == 6:
            found += _texts(shape.shapes)
        elif shape.has_text_frame:
            found.append(shape.text_frame.text)
    return found


def test_the_whole_account_as_a_deck_has_a_slide_per_org_unit(
    qtbot: QtBot, window: MainWindow, demo_chart: OrgChartPage, answers: Answer, tmp_path: Path
) -> None:
    def choose(dialog: ChartExportDialog) -> None:
        assert dialog.part() is None  # the whole account
        assert not dialog.paper_box.isVisible()  # slides have their own shape
        assert "a slide per org unit" in dialog.note.text()

    shown = answers(str(tmp_path / "Shirokane - org chart"), "PowerPoint (*.pptx)", choose)
    sentence = _finished(qtbot, demo_chart.export_chart())
    assert len(shown) == 1
    target = tmp_path / "Shirokane - org chart.pptx"  # the format chosen gave the name its suffix
    deck = Presentation(str(target))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    with demo_chart.context.database.session() as session:
        parts = deck_parts(session, demo_chart.account_id, _graphs(demo_chart))
    assert len(parts) > 1
    for heading, _ in parts:
        assert any(title.startswith(heading) for title in titles), heading
    assert f"on {len(deck.slides)} slides" in sentence
    assert sentence in window.statusBar().currentMessage()
    everyone = {name for slide in deck.slides for name in _texts(slide.shapes)}
    assert {person.name for person in _graphs(demo_chart).people.values()} <= everyone


def test_a_pdf_on_a4_landscape_tiles_has_a4_landscape_pages_and_the_paper_is_remembered(
    qtbot: QtBot, window: MainWindow, demo_chart: OrgChartPage, answers: Answer, tmp_path: Path
) -> None:
    window.settings.set(S.PRINT_CHART_PAPER, "A2 portrait fit")  # printed last on A2

    def choose(dialog: ChartExportDialog) -> None:
        assert dialog.paper() == PaperChoice("A2", False, Fitting.FIT)  # the print paper, to start with
        dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("A4"))
        dialog.orientation_box.setCurrentIndex(dialog.orientation_box.findData(True))
        dialog.fitting_box.setCurrentIndex(dialog.fitting_box.findData(Fitting.TILES))
        assert "A4 landscape pages" in dialog.note.text()

    answers(str(tmp_path / "wall.pdf"), "PDF (*.pdf)", choose)
    sentence = _finished(qtbot, demo_chart.export_chart())
    width, height = PAPERS["A4"]
    pages = PdfReader(tmp_path / "wall.pdf").pages
    assert len(pages) > 2  # the map, then the tiles
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {
        (round(height), round(width))
    }
    assert f"on {len(pages)} pages (A4 landscape, tiles, at " in sentence
    assert "too small" not in sentence
    assert window.settings.get(S.EXPORT_CHART_PAPER) == "A4 landscape tiles"

    def again(dialog: ChartExportDialog) -> None:  # the next export starts from it
        assert dialog.paper() == PaperChoice("A4", True, Fitting.TILES)
        dialog.reject()

    answers(str(tmp_path / "again.pdf"), "PDF (*.pdf)", again)
    assert demo_chart.export_chart() is None  # cancelled: nothing written
    assert not (tmp_path / "again.pdf").exists()


def test_a_fitted_wide_chart_says_its_names_are_too_small(
    qtbot: QtBot, window: MainWindow, demo_chart: OrgChartPage, tmp_path: Path
) -> None:
    task = demo_chart.export_chart(tmp_path / "small.pdf", paper=PaperChoice("A4", True, Fitting.FIT))
    sentence = _finished(qtbot, task)
    assert "(A4 landscape, fitted, at " in sentence and "too small to read" in sentence
    assert "--tiles" not in sentence  # the command line's word is not the window's
    assert len(PdfReader(tmp_path / "small.pdf").pages) == 1


def test_a_persons_organisation_from_their_card_holds_them_and_their_reports_only(
    qtbot: QtBot,
    window: MainWindow,
    demo_chart: OrgChartPage,
    answers: Answer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graphs = _graphs(demo_chart)
    boss = max(  # someone with reports who have reports of their own
        (p for p in graphs.people if any(graphs.reports.get(r) for r in graphs.reports.get(p, []))),
        key=lambda p: len(graphs.reports[p]),
    )
    direct = set(graphs.reports[boss])
    menus: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, _position: menus.append(menu))
    demo_chart._context_menu(boss, QPoint(10, 10))
    action = next(a for a in menus[0].actions() if a.text() == "Export this person's organisation…")

    def choose(dialog: ChartExportDialog) -> None:
        assert dialog.part() == ("person", boss)
        assert dialog.levels_box.isVisible() and dialog.levels_box.isEnabled()
        dialog.levels_box.setCurrentIndex(dialog.levels_box.findData(1))  # and one level below them

    answers(str(tmp_path / "team.pptx"), "PowerPoint (*.pptx)", choose)
    tasks: list[BackgroundTask] = []
    started = chart_actions.export_in_background

    def export(*args: Any) -> BackgroundTask:
        tasks.append(started(*args))
        return tasks[-1]

    monkeypatch.setattr(chart_actions, "export_in_background", export)
    action.trigger()
    sentence = _finished(qtbot, tasks[0])
    names = {graphs.people[p].name for p in {boss} | direct}
    assert f"({graphs.people[boss].name} and 1 level below)" in sentence
    assert f"{len(names)} people" in sentence or len(names) == 1
    deck = Presentation(str(tmp_path / "team.pptx"))
    on_slides = {text for slide in deck.slides for text in _texts(slide.shapes)}
    everyone = {person.name for person in graphs.people.values()}
    assert on_slides & everyone == names


def test_the_dialog_offers_the_paper_for_a_pdf_fit_only_for_an_image_and_the_unit_highlighted(
    qtbot: QtBot, window: MainWindow, demo_chart: OrgChartPage, answers: Answer, tmp_path: Path
) -> None:
    page = demo_chart
    page.highlight_kind.setCurrentIndex(page.highlight_kind.findText("Org unit"))
    unit_name, unit_id = page.highlight_value.currentText(), page.highlight_value.currentData()

    def choose(dialog: ChartExportDialog) -> None:
        assert dialog.part() == ("unit", unit_id)  # the unit the page highlights
        assert unit_name in dialog.part_box.currentText()
        texts = [dialog.fitting_box.itemText(i) for i in range(dialog.fitting_box.count())]
        assert len(texts) == 1 and texts[0].startswith("Fit")  # one image cannot be cut into tiles
        dialog.paper_box.setCurrentIndex(dialog.paper_box.findText(AS_LARGE))
        assert not dialog.orientation_box.isEnabled() and not dialog.fitting_box.isEnabled()
        assert dialog.paper() is None

    answers(str(tmp_path / "unit"), "SVG (*.svg)", choose)
    sentence = _finished(qtbot, page.export_chart())
    svg = (tmp_path / "unit.svg").read_text(encoding="utf-8")
    assert html.escape(unit_name, quote=False) in svg and f"({unit_name})" in sentence
    assert window.settings.get(S.EXPORT_CHART_PAPER) == "none"


def test_the_dialog_is_used_from_the_keyboard(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = ChartExportDialog(
        window, tmp_path / "x.pdf", people=3, paper=PaperChoice("A3", True, Fitting.TILES)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # its mnemonics work in it
    assert dialog.focusWidget() is dialog.part_box
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # &Paper
    assert dialog.focusWidget() is dialog.paper_box
    qtbot.keyClick(dialog.paper_box, Qt.Key.Key_Up)  # A3 → A4
    assert dialog.paper() == PaperChoice("A4", True, Fitting.TILES)
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # O&rientation
    qtbot.keyClick(dialog.orientation_box, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.request().paper == PaperChoice("A4", False, Fitting.TILES)
    assert dialog.result() == QDialog.DialogCode.Accepted

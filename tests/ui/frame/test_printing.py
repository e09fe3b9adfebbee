"""File → Print… and Print Preview…: the org chart and the documents on the paper chosen, remembered per user."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from accountplan.analysis.graphs import load_graphs
from accountplan.interchange.demo import load_demo
from accountplan.plan import accounts
from accountplan.reports.exports import document_pdf
from accountplan.reports.org_chart import org_chart_pdf_bytes
from accountplan.reports.paper import Fitting, PaperChoice
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.common.pdf_printing import apply_paper, paper_choice
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.frame.print_actions import PREVIEW_SHORTCUT
from accountplan.ui.frame.print_preview import PrintPreview, choice_text
from accountplan.ui.orgchart.org_chart_page import OrgChartPage

A4_LANDSCAPE = (841.89, 595.28)
A4_PORTRAIT = A4_LANDSCAPE[::-1]


@pytest.fixture
def demo_window(window: MainWindow, db: Database) -> MainWindow:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)  # type: ignore[union-attr]
    return window


def pdf_printer(path: Path, choice: PaperChoice) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    apply_paper(printer, choice)
    return printer


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in PdfReader(path).pages
    ]


def same_size(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    return abs(size[0] - paper[0]) < 1.5 and abs(size[1] - paper[1]) < 1.5


def print_and_wait(qtbot: QtBot, window: MainWindow, printer: QPrinter) -> str:
    """Print what the page shows on ``printer`` (no dialog); the status sentence said once it is printed."""
    job = window.printing.page_job()
    assert job is not None
    failures: list[str] = []
    window.events.failure.connect(failures.append)
    with qtbot.waitSignal(
        window.events.status, timeout=60_000, check_params_cb=lambda text: text.startswith("Printed")
    ) as said:
        window.printing.printing().print(job, printer)
    assert failures == []
    return str(said.args[0])


def core_chart_pages(window: MainWindow, choice: PaperChoice, collapsed: set[int]) -> int:
    account_id = window.current_account_id()
    with window.context.database.session() as session:
        graphs = load_graphs(session, account_id)  # type: ignore[arg-type]
    return len(PdfReader(io.BytesIO(org_chart_pdf_bytes(graphs, choice, collapsed=collapsed))).pages)


def test_print_and_preview_have_their_shortcuts_and_work_where_the_page_has_something_to_print(
    demo_window: MainWindow,
) -> None:
    printing = demo_window.printing
    assert printing.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert printing.preview_action.shortcut() == QKeySequence(PREVIEW_SHORTCUT)
    shortcuts = [
        keys
        for action in demo_window.findChildren(QAction)
        for keys in {sequence.toString() for sequence in action.shortcuts() if not sequence.isEmpty()}
    ]
    assert len(shortcuts) == len(set(shortcuts))  # Print Preview takes no other action's keys
    enabled_on: set[str] = set()
    for key in ("overview", "org-chart", "stakeholders", "success", "meetings", "changes"):
        demo_window.show_page(key)
        if printing.print_action.isEnabled():
            enabled_on.add(key)
        assert printing.preview_action.isEnabled() == printing.print_action.isEnabled()
        if not printing.print_action.isEnabled():
            assert "Org chart page" in printing.print_action.toolTip()  # it says where printing works
            assert "Success plan page" in printing.preview_action.toolTip()
        assert all(action.isEnabled() for action in printing.document_actions.values())
    assert enabled_on == {"org-chart", "success"}
    demo_window.show_page("org-chart")
    assert printing.print_action.toolTip() == "Print the org chart as shown on the paper you choose"


def test_with_no_account_nothing_prints(window: MainWindow) -> None:
    printing = window.printing
    assert not printing.print_action.isEnabled() and not printing.preview_action.isEnabled()
    assert not any(action.isEnabled() for action in printing.document_actions.values())
    assert printing.print_page() is None and printing.preview_document("account-plan") is None


def test_the_org_chart_prints_on_a4_landscape_tiles_as_the_core_cuts_them(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    demo_window.show_page("org-chart")
    choice = PaperChoice("A4", landscape=True, fitting=Fitting.TILES)
    target = tmp_path / "chart.pdf"
    said = print_and_wait(qtbot, demo_window, pdf_printer(target, choice))
    sizes = page_sizes(target)
    expected = core_chart_pages(demo_window, choice, set())
    assert expected > 1  # 162 people do not fit one A4 page legibly: tiles
    assert len(sizes) == expected
    assert all(same_size(size, A4_LANDSCAPE) for size in sizes)
    assert said.startswith(f"Printed the org chart of Shirokane Nordhaven Holdings on {expected} pages of A4")


def test_the_org_chart_prints_as_shown_with_its_collapsed_teams(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    page = demo_window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    reports: dict[int | None, list[int]] = {}
    for person in page.people.values():
        reports.setdefault(person.manager_id, []).append(person.id)

    def team(person_id: int) -> int:
        return 1 + sum(team(report) for report in reports.get(person_id, []))

    top = max(reports[None], key=team)  # the largest organisation in the chart, folded away
    page.toggle_collapsed(top)
    choice = PaperChoice("A4", landscape=True, fitting=Fitting.TILES)
    target = tmp_path / "collapsed.pdf"
    print_and_wait(qtbot, demo_window, pdf_printer(target, choice))
    everyone = core_chart_pages(demo_window, choice, set())
    assert len(page_sizes(target)) == core_chart_pages(demo_window, choice, {top}) < everyone


def test_a_document_prints_all_its_pages_or_the_range_asked(
    qtbot: QtBot, demo_window: MainWindow, db: Database, tmp_path: Path
) -> None:
    demo_window.show_page("success")
    with db.session() as session:
        expected = len(
            PdfReader(
                io.BytesIO(
                    document_pdf(session, "success-plan", demo_window.current_account_id(), dt.date.today())  # type: ignore[arg-type]
                )
            ).pages
        )
    assert expected >= 2
    whole = tmp_path / "plan.pdf"
    print_and_wait(qtbot, demo_window, pdf_printer(whole, PaperChoice("A4", landscape=False)))
    assert len(page_sizes(whole)) == expected
    assert all(same_size(size, A4_PORTRAIT) for size in page_sizes(whole))
    second = tmp_path / "second.pdf"
    printer = pdf_printer(second, PaperChoice("letter", landscape=False))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    said = print_and_wait(qtbot, demo_window, printer)
    assert page_sizes(second) == [(612.0, 792.0)]  # one page, on letter
    assert "on 1 page of letter portrait" in said


def test_the_paper_chosen_is_remembered_and_used_next_time(
    qtbot: QtBot, demo_window: MainWindow, db: Database, settings: S.Settings, tmp_path: Path
) -> None:
    demo_window.show_page("org-chart")
    print_and_wait(qtbot, demo_window, pdf_printer(tmp_path / "a.pdf", PaperChoice("A3", landscape=False)))
    assert settings.get(S.PRINT_CHART_PAPER) == "A3 portrait tiles"
    assert settings.get(S.PRINT_DOCUMENT_PAPER) == "A4 portrait fit"  # the documents keep their own
    settings.sync()
    # The next window (the user's next session) reads the same settings file.
    again = S.Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    other = MainWindow(db, again)
    qtbot.addWidget(other)
    other.show_page("org-chart")
    job = other.printing.page_job()
    assert job is not None and job.remembered(again) == PaperChoice("A3", landscape=False)
    other.printing.preview_page()
    qtbot.waitUntil(lambda: other.printing.printing().last_preview is not None, timeout=60_000)
    preview = other.printing.printing().last_preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pages > 0, timeout=30_000)
    assert paper_choice(preview.printer(), Fitting.TILES) == PaperChoice("A3", landscape=False)
    assert preview.fitting_box is not None
    preview.fitting_box.setCurrentIndex(1)  # Fit: made in the background, then shown
    qtbot.waitUntil(lambda: preview.pages == 1, timeout=60_000)
    assert again.get(S.PRINT_CHART_PAPER) == "A3 portrait fit"
    assert "too small to read" in preview.note.text()  # 162 people on one A3 page
    preview.close()


def test_the_preview_renders_each_page_and_prints_from_there(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    demo_window.show_page("org-chart")
    demo_window.printing.preview_page()
    qtbot.waitUntil(lambda: demo_window.printing.printing().last_preview is not None, timeout=60_000)
    preview = demo_window.printing.printing().last_preview
    assert isinstance(preview, PrintPreview)
    qtbot.waitUntil(lambda: preview.pages > 0, timeout=30_000)
    choice = PaperChoice()  # A3 landscape tiles: nothing remembered yet
    assert preview.preview.pageCount() == preview.pages == core_chart_pages(demo_window, choice, set())
    assert "pages of A3 landscape, tiled" in preview.note.text()
    preview.resize(1280, 800)
    qtbot.wait(50)
    preview.grab().save(str(tmp_path / "preview.png"))
    # What the preview's Print does once the printer is chosen: paintRequested on the real printer.
    target = tmp_path / "from-preview.pdf"
    preview.paintRequested.emit(pdf_printer(target, PaperChoice("A4", landscape=True)))
    assert len(page_sizes(target)) == core_chart_pages(demo_window, PaperChoice("A4"), set())
    assert all(same_size(size, A4_LANDSCAPE) for size in page_sizes(target))
    preview.close()


def test_the_internal_documents_preview_from_any_page(qtbot: QtBot, demo_window: MainWindow) -> None:
    demo_window.show_page("stakeholders")
    demo_window.printing.preview_document("account-plan")
    qtbot.waitUntil(lambda: demo_window.printing.printing().last_preview is not None, timeout=60_000)
    preview = demo_window.printing.printing().last_preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pages > 0, timeout=30_000)
    assert (
        preview.windowTitle() == "Print preview: the account plan (internal) of Shirokane Nordhaven Holdings"
    )
    assert preview.fitting_box is None  # Fit or Tiles is the chart's choice only
    assert "each A4 page scaled to the paper" in preview.note.text()
    preview.close()


def test_a_document_that_cannot_be_made_says_why(
    qtbot: QtBot, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        accounts.create_account(session, "No Meetings Yet")
    window.events.accounts_changed.emit()
    warned: list[str] = []
    monkeypatch.setattr(
        "accountplan.ui.frame.print_preview.QMessageBox.warning", lambda _p, _t, text: warned.append(text)
    )
    with qtbot.waitSignal(window.events.failure, timeout=30_000) as said:
        window.printing.preview_document("meeting-pack")
    assert said.args[0].startswith("Could not print the meeting pack (internal) of No Meetings Yet:")
    assert "no meeting yet" in said.args[0]
    qtbot.waitUntil(lambda: bool(warned))
    assert "Traceback" not in warned[0] and "no meeting yet" in warned[0]
    assert window.printing.printing().last_preview is None


def test_a_remembered_choice_reads_back_and_a_damaged_one_is_ignored(settings: S.Settings) -> None:
    from accountplan.ui.frame.print_preview import choice_from_text

    for choice in (PaperChoice(), PaperChoice("letter", False, Fitting.FIT), PaperChoice("tabloid")):
        assert choice_from_text(choice_text(choice), PaperChoice("A2")) == choice
    for damaged in ("", "B5 landscape tiles", "A4 sideways fit", "A4 landscape squeeze", "A4"):
        assert choice_from_text(damaged, PaperChoice("A2")) == PaperChoice("A2")

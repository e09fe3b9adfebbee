"""Printing the org chart or a document from the window: on the paper chosen last time, previewed, then sent.

The core makes the pages (:mod:`accountplan.reports`): the org chart is laid out again for the paper, its
orientation and Fit or Tiles; a document is its A4 PDF, scaled to the paper. The window only renders those
pages onto the printer (:mod:`accountplan.ui.common.pdf_printing`) and remembers the paper for next time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from accountplan.errors import AccountPlanError
from accountplan.model import Account
from accountplan.reports.logos import Logos
from accountplan.reports.paper import Fitting, PaperChoice
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.common.accessibility import describe, name_controls
from accountplan.ui.common.background import BackgroundTask, run_with_progress
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.pdf_printing import apply_paper, is_preview, paper_choice, print_message, print_pdf

#: What the Fit / Tiles choice says, in the preview's tool bar.
FITTINGS = {
    Fitting.TILES: "Tiles: legible, over several pages",
    Fitting.FIT: "Fit: the whole chart on one page",
}
#: What each document is called in titles and messages.
DOCUMENT_NAMES = {
    "success-plan": "the success plan",
    "account-plan": "the account plan (internal)",
    "meeting-pack": "the meeting pack (internal)",
}


def choice_text(choice: PaperChoice) -> str:
    """How a paper choice is remembered: "A3 landscape tiles"."""
    return f"{choice.describe()} {choice.fitting.value}"


def choice_from_text(text: str, default: PaperChoice) -> PaperChoice:
    """The paper choice remembered as ``text``; ``default`` for anything else."""
    words = text.split()
    if len(words) != 3 or words[1] not in ("landscape", "portrait"):
        return default
    try:
        return PaperChoice(words[0], words[1] == "landscape", Fitting(words[2]))
    except (AccountPlanError, ValueError):
        return default


@dataclass(frozen=True)
class Built:
    """A job's PDF for one paper, and what the user should know of it (names too small to read), if anything."""

    data: bytes
    note: str = ""


@dataclass(frozen=True)
class PrintJob:
    """Something to print: what it is called, how the core builds its PDF for a paper, which paper it remembers.

    ``build`` runs off the UI thread and touches no widget. A ``chart`` is laid out for the paper chosen
    (its orientation, Fit or Tiles); a document is the same A4 PDF whatever the paper, scaled to it.
    """

    what: str
    build: Callable[[PaperChoice], Built]
    chart: bool

    @property
    def setting(self) -> S.Setting[str]:
        return S.PRINT_CHART_PAPER if self.chart else S.PRINT_DOCUMENT_PAPER

    def key(self, choice: PaperChoice) -> PaperChoice | None:
        """What the built PDF depends on: the paper choice for a chart, nothing for a document."""
        return choice if self.chart else None

    def remembered(self, settings: S.Settings) -> PaperChoice:
        """The paper the user printed this kind of thing on last, else its default."""
        default = choice_from_text(self.setting.default, PaperChoice())
        return choice_from_text(settings.get(self.setting), default)


def _account_name(database: Database, account_id: int) -> str:
    with database.session() as session:
        account = session.get(Account, account_id)
        return account.name if account is not None else "the account"


def org_chart_job(
    database: Database,
    account_id: int,
    *,
    collapsed: Collection[int] = (),
    include_influence: bool = True,
    compact: bool = False,
) -> PrintJob:
    """The account's org chart as the page shows it (collapsed teams, influence links, compact layout)."""
    name = _account_name(database, account_id)
    hidden = frozenset(collapsed)

    def build(choice: PaperChoice) -> Built:
        from accountplan.analysis.graphs import load_graphs  # networkx and reportlab: with the first print
        from accountplan.reports.fonts import register_fonts
        from accountplan.reports.org_chart import chart_aspect, org_chart_paper_warning, org_chart_pdf_bytes
        from accountplan.reports.org_chart_geometry import chart_geometry

        with database.session() as session:
            graphs = load_graphs(session, account_id)
        register_fonts()
        geometry = chart_geometry(  # a compact chart packed into the paper's shape
            graphs,
            include_influence=include_influence,
            collapsed=hidden,
            compact=compact,
            aspect=chart_aspect(choice),
        )
        data = org_chart_pdf_bytes(
            geometry, choice, title=f"{name}: org chart", include_influence=include_influence
        )
        warning = org_chart_paper_warning(geometry, choice).replace(
            " (--tiles)", ""
        )  # the window's word: Tiles
        return Built(data, warning)

    return PrintJob(f"the org chart of {name}", build, chart=True)


def document_job(database: Database, kind: str, account_id: int, logos: Logos | None = None) -> PrintJob:
    """One document of the account ("success-plan", "account-plan", "meeting-pack"), as its export makes it.

    ``logos`` go on the success plan's cover.
    """
    name = _account_name(database, account_id)

    def build(_choice: PaperChoice) -> Built:
        from accountplan.reports.exports import document_pdf  # reportlab: with the first print

        with database.session() as session:
            return Built(document_pdf(session, kind, account_id, dt.date.today(), logos=logos))

    return PrintJob(f"{DOCUMENT_NAMES[kind]} of {name}", build, chart=False)


def new_printer(choice: PaperChoice) -> QPrinter:
    """The default printer at its full resolution, set to the chosen paper."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    apply_paper(printer, choice)
    printer.setFullPage(True)
    return printer


@contextmanager
def busy_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class PrintPreview(QPrintPreviewDialog):
    """The pages of a job as they will print, on the paper shown, which is remembered for next time.

    Qt's tool bar sets the paper and its orientation (and prints); for the org chart a choice of Fit or
    Tiles is added to it. A paper not built yet is made in the background, the preview saying so meanwhile; printing from the
    preview builds it at once if need be. Signals: those of QPrintPreviewDialog (``paintRequested``).
    """

    def __init__(
        self,
        printer: QPrinter,
        job: PrintJob,
        settings: S.Settings,
        built: dict[PaperChoice | None, Built] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(printer, parent)
        self.setWindowTitle(f"Print preview: {job.what}")
        self.job, self.settings = job, settings
        self._printer = printer  # Qt does not own it: it lives as long as the dialog
        self.built: dict[PaperChoice | None, Built] = dict(built or {})
        self.failures: dict[PaperChoice | None, str] = {}
        self._building: dict[PaperChoice | None, BackgroundTask] = {}
        #: Pages painted the last time (0 while the pages are made or when they could not be).
        self.pages = 0
        preview = self.findChild(QPrintPreviewWidget)
        assert preview is not None  # Qt's dialog is built around one
        self.preview = preview
        self.fitting_box: QComboBox | None = None
        #: The pages shown, and what the user should know of them (names too small to read), under them.
        self.note = QLabel("")
        self.note.setContentsMargins(6, 2, 6, 2)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens it
        inner = self.findChild(QMainWindow)  # Qt's dialog holds its tool bar and pages in one
        assert inner is not None
        inner.statusBar().addWidget(self.note, 1)
        inner.statusBar().setSizeGripEnabled(False)
        if job.chart:
            self._add_fitting_box(job.remembered(settings).fitting)
        self.paintRequested.connect(self.paint)
        self._name_qt_controls()
        name_controls(self)
        if parent is not None:  # most of the window: the pages at a size that can be read
            self.resize(parent.width() * 9 // 10, parent.height() * 9 // 10)

    def _add_fitting_box(self, fitting: Fitting) -> None:
        toolbar = self.findChild(QToolBar)
        assert toolbar is not None  # Qt's dialog has its tool bar
        box = QComboBox()
        for choice, text in FITTINGS.items():
            box.addItem(text, choice)
        box.setCurrentIndex(list(FITTINGS).index(fitting))
        box.setToolTip(
            "Tiles keep every name legible and cut the chart over pages, with a map of them on the first; "
            "Fit puts the whole chart on one page"
        )
        describe(box, "How the chart goes onto the paper")
        box.currentIndexChanged.connect(lambda _index: self.preview.updatePreview())
        label = QLabel("  Chart: ")
        label.setBuddy(box)
        toolbar.addSeparator()
        toolbar.addWidget(label)
        toolbar.addWidget(box)
        self.fitting_box = box

    def _name_qt_controls(self) -> None:
        """Name the controls of Qt's own tool bar and page view that only say what they are."""
        for box in self.findChildren(QComboBox):
            if box is not self.fitting_box:
                describe(box, "Zoom")
        for field in self.findChildren(QLineEdit):
            if not isinstance(field.parentWidget(), QComboBox):
                describe(field, "Page number")
        for view in self.findChildren(QGraphicsView):
            describe(view, "Pages as they will print")
        for button in self.findChildren(QToolButton, "qt_toolbar_ext_button"):
            describe(button, "More tools")  # shown when the tool bar is wider than the dialog

    def fitting(self) -> Fitting:
        if self.fitting_box is None:
            return Fitting.FIT
        chosen = self.fitting_box.currentData()
        return chosen if isinstance(chosen, Fitting) else Fitting.TILES

    def choice(self, printer: QPrinter) -> PaperChoice:
        return paper_choice(printer, self.fitting())

    def paint(self, printer: QPrinter) -> None:
        """Paint the job's pages on ``printer`` (the preview's pages, or the printer's when it prints)."""
        choice = self.choice(printer)
        self.settings.set(self.job.setting, choice_text(choice))
        key = self.job.key(choice)
        self.pages = 0
        self.note.setText(f"Preparing {choice.describe()}…")
        if key in self.failures:
            print_message(printer, f"{self.job.what.capitalize()} could not be made:\n{self.failures[key]}")
            return
        built = self.built.get(key)
        if built is None and is_preview(printer):
            self._build_later(choice)
            print_message(printer, f"Preparing {self.job.what} for {choice.describe()}…")
            return
        try:
            with busy_cursor():
                if built is None:
                    built = self.built[key] = self.job.build(choice)
                self.pages = print_pdf(built.data, printer)
        except AccountPlanError as error:
            self.failures[key] = str(error)
            print_message(printer, f"{self.job.what.capitalize()} could not be printed:\n{error}")
            return
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''} of {choice.describe()}"
        if self.job.chart:
            pages += f", {'fitted to one page' if choice.fitting is Fitting.FIT else 'tiled'}"
        else:
            pages += ", each A4 page scaled to the paper"
        self.note.setText(f"{pages}.  ⚠ {built.note}" if built.note else f"{pages}.")
        self.note.setToolTip(built.note)

    def _build_later(self, choice: PaperChoice) -> None:
        key = self.job.key(choice)
        if key in self._building:
            return
        task = BackgroundTask(lambda: self.job.build(choice), self)
        # Bound methods, not lambdas: a dialog closed meanwhile is no longer called.
        task.succeeded.connect(self._built)
        task.failed.connect(self._failed)
        task.finished.connect(task.deleteLater)
        self._building[key] = task
        task.start()

    def _key_of_sender(self) -> PaperChoice | None:
        task = self.sender()
        key = next(key for key, running in self._building.items() if running is task)
        del self._building[key]
        return key

    def _built(self, built: Built) -> None:
        self.built[self._key_of_sender()] = built
        self.preview.updatePreview()

    def _failed(self, message: str) -> None:
        self.failures[self._key_of_sender()] = message
        self.preview.updatePreview()

    def wait_idle(self) -> None:
        """Let the pages being made in the background arrive (tests, closing)."""
        for task in list(self._building.values()):
            task.wait()


class Printing:
    """Runs File → Print… and Print Preview… for the window: the PDF built off the UI thread, then shown or sent.

    ``last_preview`` is the preview dialog opened last (tests drive it).
    """

    def __init__(self, parent: QWidget, context: PlanContext, settings: S.Settings) -> None:
        self.parent, self.context, self.settings = parent, context, settings
        self.last_preview: PrintPreview | None = None

    def _build(self, job: PrintJob, choice: PaperChoice) -> BackgroundTask:
        where = f" for {choice.describe()}" if job.chart else ""
        return run_with_progress(self.parent, f"Preparing {job.what}{where}…", lambda: job.build(choice))

    def preview(self, job: PrintJob) -> BackgroundTask:
        """Make the job's pages on the paper chosen last, then open the preview over the window."""
        choice = job.remembered(self.settings)
        printer = new_printer(choice)
        task = self._build(job, choice)

        def show(built: Built) -> None:
            dialog = PrintPreview(printer, job, self.settings, {job.key(choice): built}, self.parent)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.destroyed.connect(lambda: setattr(self, "last_preview", None))
            self.last_preview = dialog
            dialog.show()

        task.succeeded.connect(show)
        task.failed.connect(lambda message: self._cannot_print(job, message))
        return task

    def print(self, job: PrintJob, printer: QPrinter | None = None) -> BackgroundTask | None:
        """Ask for the printer, its paper and the pages (unless ``printer`` is given), then print the job.

        Returns the task making and sending the pages (its ``succeeded`` comes once they are sent), None if
        cancelled.
        """
        remembered = job.remembered(self.settings)
        if printer is None:
            printer = new_printer(remembered)
            dialog = QPrintDialog(printer, self.parent)
            dialog.setWindowTitle(f"Print {job.what}")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
        choice = paper_choice(printer, remembered.fitting)
        self.settings.set(job.setting, choice_text(choice))
        chosen = printer

        def work() -> tuple[int, Built]:
            # Qt paints on a QPrinter from any thread: the pages are made and rendered off the UI thread.
            built = job.build(choice)
            return print_pdf(built.data, chosen), built

        where = f" on {choice.describe()}" if job.chart else ""
        task = run_with_progress(self.parent, f"Printing {job.what}{where}…", work)

        def printed(result: tuple[int, Built]) -> None:
            pages, built = result
            device = chosen.outputFileName() or chosen.printerName() or "the printer"
            count = f"{pages} page{'s' if pages != 1 else ''}"
            note = f" {built.note}" if built.note else ""
            self.context.events.status.emit(
                f"Printed {job.what} on {count} of {choice.describe()} ({device}).{note}"
            )

        task.succeeded.connect(printed)
        task.failed.connect(lambda message: self._cannot_print(job, message))
        return task

    def _cannot_print(self, job: PrintJob, message: str) -> None:
        self.context.events.failure.emit(f"Could not print {job.what}: {message}")
        QTimer.singleShot(0, lambda: QMessageBox.warning(self.parent, "Cannot print", message))

"""Exporting the org chart from the window: the file, then what the chart shows and on what paper.

The file's suffix decides the format (PDF, PowerPoint, SVG or PNG). A short dialog then asks what the chart
shows (the whole account as the page shows it, one org unit with the units inside it, or a person and the
levels below them) and, for a PDF, SVG or PNG, the paper: as large as the chart needs, or A4 … tabloid in
either orientation, fitted to one page or (PDF) as tiles after a map. It starts from the paper the chart was
exported on last, else the one it was printed on. The core lays the chart out and writes it off the UI
thread; the status bar says the pages or slides, the scale, and when names would be too small to read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from accountplan.model import Account
from accountplan.reports.paper import PAPERS, Fitting, PaperChoice
from accountplan.ui.common import settings as S
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.background import BackgroundTask, run_with_progress
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.dialog_parts import ok_cancel
from accountplan.ui.common.save_file import ask_save_path
from accountplan.ui.frame.print_preview import FITTINGS, choice_from_text, choice_text
from accountplan.ui.orgchart.org_chart_scene import ChartPerson

#: The formats offered, the first first; the suffix of the file decides.
FORMATS = (("PDF", ".pdf"), ("PowerPoint", ".pptx"), ("SVG", ".svg"), ("PNG image", ".png"))
#: The first choice of paper: a chart as large as it needs (PDF pages of up to 14,400 pt, one image).
AS_LARGE = "As large as needed"
#: How the papers are written in the dialog, by their name in :data:`PAPERS`.
PAPER_LABELS = {name: name[0].upper() + name[1:] for name in PAPERS}
#: The export's remembered paper when it is "as large as needed".
NO_PAPER = "none"


@dataclass(frozen=True)
class ChartRequest:
    """What to export: the file, the paper (None: as large as the chart), and which part of the account.

    With neither ``unit_id`` nor ``person_id`` the whole account is charted as the page shows it;
    ``levels`` counts the levels below the person (None: all of them).
    """

    path: Path
    paper: PaperChoice | None = None
    unit_id: int | None = None
    person_id: int | None = None
    levels: int | None = None

    @property
    def whole(self) -> bool:
        return self.unit_id is None and self.person_id is None


@dataclass(frozen=True)
class ChartLook:
    """How the page shows the chart: what an export of the whole account keeps."""

    include_influence: bool = True
    collapsed: frozenset[int] = frozenset()
    compact: bool = False


@dataclass(frozen=True)
class ChartExported:
    """What an export says: one sentence for the status bar, and the core's warning when names are too small."""

    sentence: str
    warning: str = ""


@dataclass(frozen=True)
class UnitChoice:
    """An org unit the dialog offers: its depth in the unit tree, and the people in it and the units inside."""

    id: int
    name: str
    depth: int
    people: int


@dataclass(frozen=True)
class PersonChoice:
    """The person whose organisation the dialog offers, and how many levels there are below them."""

    id: int
    name: str
    depth: int


# --- what the dialog offers ---------------------------------------------------------------------------------


def remembered_paper(settings: S.Settings | None) -> PaperChoice | None:
    """The paper the chart was exported on last; before any, the one it was printed on (None: as large)."""
    printed = choice_from_text(S.PRINT_CHART_PAPER.default, PaperChoice())
    if settings is None:
        return printed
    exported = settings.get(S.EXPORT_CHART_PAPER)
    if exported == NO_PAPER:
        return None
    if exported:
        return choice_from_text(exported, printed)
    return choice_from_text(settings.get(S.PRINT_CHART_PAPER), printed)


def remember_paper(settings: S.Settings | None, paper: PaperChoice | None) -> None:
    if settings is not None:
        settings.set(S.EXPORT_CHART_PAPER, NO_PAPER if paper is None else choice_text(paper))


def levels_below(people: Mapping[int, ChartPerson], person_id: int) -> int:
    """How many levels of reports there are below the person (0: nobody reports to them)."""
    reports: dict[int, list[int]] = {}
    for person in people.values():
        if person.manager_id is not None:
            reports.setdefault(person.manager_id, []).append(person.id)
    seen, frontier, depth = {person_id}, [person_id], 0
    while True:
        frontier = [r for manager in frontier for r in reports.get(manager, []) if r not in seen]
        if not frontier:
            return depth
        seen.update(frontier)
        depth += 1


def unit_choices(
    units: Sequence[tuple[int, str, int | None]], people: Mapping[int, ChartPerson]
) -> list[UnitChoice]:
    """The units (id, name, parent id; parents first) that hold somebody, in tree order, each with its count."""
    parent = {uid: parent_id for uid, _, parent_id in units}
    counts: dict[int, int] = {}
    for person in people.values():
        current, seen = person.org_unit_id, set()
        while current is not None and current in parent and current not in seen:
            seen.add(current)
            counts[current] = counts.get(current, 0) + 1
            current = parent[current]
    choices = []
    for uid, name, _ in units:
        depth, current, seen = 0, parent.get(uid), {uid}
        while current is not None and current in parent and current not in seen:
            seen.add(current)
            depth, current = depth + 1, parent[current]
        if counts.get(uid):
            choices.append(UnitChoice(uid, name, depth, counts[uid]))
    return choices


def _count(number: int, word: str, words: str = "") -> str:
    return f"{number} {word if number == 1 else words or word + 's'}"


class ChartExportDialog(QDialog):
    """What the exported chart shows and on what paper, for the file already chosen (no signals of its own)."""

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        *,
        people: int,
        units: Sequence[UnitChoice] = (),
        person: PersonChoice | None = None,
        unit_id: int | None = None,
        paper: PaperChoice | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.suffix = path.suffix.lower()
        self.units = list(units)
        self.setWindowTitle("Export org chart")
        layout = QVBoxLayout(self)
        heading = QLabel(f"The org chart to <b>{_escaped(path.name)}</b>")
        layout.addWidget(heading)
        form = QFormLayout()
        self.form = form
        self.part_box = QComboBox()
        self.part_box.addItem(
            f"The whole account, as the page shows it ({_count(people, 'person', 'people')})", None
        )
        if person is not None:
            self.part_box.addItem(f"{person.name} and their organisation", f"person:{person.id}")
        for unit in self.units:
            indent = "    " * unit.depth
            label = f"{indent}{unit.name} ({_count(unit.people, 'person', 'people')})"
            self.part_box.addItem(label, f"unit:{unit.id}")
        if person is not None:
            self.part_box.setCurrentIndex(1)
        elif unit_id is not None:
            found = self.part_box.findData(f"unit:{unit_id}")
            self.part_box.setCurrentIndex(max(found, 0))
        self.part_box.setToolTip("An org unit's chart holds the units inside it")
        form.addRow("&Chart of:", self.part_box)
        self.levels_box = QComboBox()
        self.levels_box.addItem("All levels", None)
        for level in range(1, (person.depth if person is not None else 0) + 1):
            self.levels_box.addItem(f"{_count(level, 'level')} below", level)
        self.levels_box.addItem("Only them", 0)
        form.addRow("&Levels below:", self.levels_box)
        form.setRowVisible(self.levels_box, person is not None)
        self.paper_box = QComboBox()
        self.orientation_box = QComboBox()
        self.fitting_box = QComboBox()
        if self.suffix != ".pptx":
            self.paper_box.addItem(AS_LARGE, None)
            for name, label in PAPER_LABELS.items():
                self.paper_box.addItem(label, name)
            self.orientation_box.addItem("Landscape", True)
            self.orientation_box.addItem("Portrait", False)
            for fitting, text in FITTINGS.items():
                if fitting is Fitting.FIT or self.suffix == ".pdf":  # one image cannot be cut into tiles
                    self.fitting_box.addItem(text, fitting)
            self._show_paper(paper)
            form.addRow("&Paper:", self.paper_box)
            form.addRow("O&rientation:", self.orientation_box)
            form.addRow("&On the paper:", self.fitting_box)
        layout.addLayout(form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setMinimumWidth(420)
        layout.addWidget(self.note)
        buttons = ok_cancel(self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Export")
        layout.addWidget(buttons)
        for box in (self.part_box, self.levels_box, self.paper_box, self.orientation_box, self.fitting_box):
            box.currentIndexChanged.connect(self._update)
        self._update()
        name_controls(self)
        self.part_box.setFocus()

    def _show_paper(self, paper: PaperChoice | None) -> None:
        if paper is None:
            self.paper_box.setCurrentIndex(0)
            return
        self.paper_box.setCurrentIndex(max(self.paper_box.findData(paper.name), 0))
        self.orientation_box.setCurrentIndex(0 if paper.landscape else 1)
        self.fitting_box.setCurrentIndex(max(self.fitting_box.findData(paper.fitting), 0))

    def part(self) -> tuple[str, int] | None:
        """("person", id), ("unit", id), or None for the whole account."""
        data = self.part_box.currentData()
        if not data:
            return None
        kind, number = str(data).split(":")
        return kind, int(number)

    def paper(self) -> PaperChoice | None:
        """The paper chosen; None for as large as the chart needs, and for a deck."""
        name = self.paper_box.currentData() if self.suffix != ".pptx" else None
        if name is None:
            return None
        fitting = self.fitting_box.currentData() or Fitting.FIT
        return PaperChoice(name, bool(self.orientation_box.currentData()), fitting)

    def request(self) -> ChartRequest:
        part = self.part()
        person = part[1] if part is not None and part[0] == "person" else None
        unit = part[1] if part is not None and part[0] == "unit" else None
        levels = self.levels_box.currentData() if person is not None else None
        return ChartRequest(self.path, self.paper(), unit, person, levels)

    def _update(self) -> None:
        part = self.part()
        self.levels_box.setEnabled(part is not None and part[0] == "person")
        on_paper = self.paper() is not None
        self.orientation_box.setEnabled(on_paper)
        self.fitting_box.setEnabled(on_paper)
        self.note.setText(self._what_you_get())

    def _what_you_get(self) -> str:
        paper = self.paper()
        if self.suffix == ".pptx":
            units = sum(1 for unit in self.units if unit.depth == 0)
            after = (
                " then a slide per org unit,"
                if self.part() is None and (units > 1 or len(self.units) > 1)
                else ""
            )
            return (
                "16:9 slides of editable shapes: the chart (on tiles after a map when names would be too small),"
                f"{after} then how to read a card."
            )
        if self.suffix != ".pdf":
            kind = "An SVG drawing" if self.suffix == ".svg" else "A PNG image"
            if paper is None:
                return f"{kind} as large as the chart."
            return f"{kind} the shape of {paper.describe()}, the chart fitted to it."
        if paper is None:
            return "Pages as large as the chart (a very wide chart is cut over pages of at most 5 m)."
        if paper.fitting is Fitting.FIT:
            return (
                f"The chart scaled to one {paper.describe()} page; the export says when names are too small "
                "to read."
            )
        return (
            f"{paper.describe()} pages: the chart at a legible scale, cut into tiles that overlap, after a map "
            "of them."
        )


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- asking and exporting -------------------------------------------------------------------------------------


def ask_chart_export(
    parent: QWidget,
    context: PlanContext,
    account_id: int,
    people: Mapping[int, ChartPerson],
    *,
    person_id: int | None = None,
    unit_id: int | None = None,
) -> ChartRequest | None:
    """Ask for the file, then what the chart shows and its paper; None if the user cancelled either."""
    from accountplan.plan.org_units import list_org_units  # the unit tree: read when the user exports

    with context.database.session() as session:
        account = session.get(Account, account_id)
        name = account.name if account is not None else "account"
        units = [(unit.id, unit.name, unit.parent_id) for unit in list_org_units(session, account_id)]
    person = None
    if person_id is not None and person_id in people:
        person = PersonChoice(person_id, people[person_id].name, levels_below(people, person_id))
    stem = f"{name} - {person.name if person else 'org chart'}"
    path = ask_save_path(parent, "Export org chart", stem, FORMATS)
    if path is None:
        return None
    dialog = ChartExportDialog(
        parent,
        path,
        people=len(people),
        units=unit_choices(units, people),
        person=person,
        unit_id=unit_id,
        paper=remembered_paper(context.settings),
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    request = dialog.request()
    if path.suffix.lower() != ".pptx":
        remember_paper(context.settings, request.paper)
    return request


def export_in_background(
    parent: QWidget, context: PlanContext, account_id: int, request: ChartRequest, look: ChartLook
) -> BackgroundTask:
    """Export the chart off the UI thread; the task's ``succeeded`` carries a :class:`ChartExported`.

    When the names would be too small to read (a big chart fitted to a small paper) a message says so too.
    """
    database = context.database

    def work() -> ChartExported:
        from accountplan.analysis.graphs import load_graphs  # networkx and reportlab: with the first export
        from accountplan.plan.chart_scope import deck_parts, person_scope, unit_scope_of
        from accountplan.reports.org_chart import check_chart_suffix, export_org_chart

        suffix = check_chart_suffix(request.path)
        with database.session() as session:
            graphs = load_graphs(session, account_id)
            account = session.get(Account, account_id)
            name = account.name if account is not None else "the account"
            scope = None
            if request.unit_id is not None:
                scope = unit_scope_of(session, account_id, graphs, request.unit_id)
            elif request.person_id is not None:
                scope = person_scope(graphs, f"#{request.person_id}", request.levels)
            # A deck of the whole account has a slide (or tiles) per org unit after the whole chart.
            parts = deck_parts(session, account_id, graphs) if suffix == ".pptx" and scope is None else []
        result = export_org_chart(
            graphs,
            request.path,
            include_influence=look.include_influence,
            collapsed=look.collapsed if scope is None else (),  # a part is charted whole
            compact=look.compact,
            title=f"Org chart: {name}" + (f" · {scope.heading}" if scope is not None else ""),
            database=database.path,
            paper=request.paper,
            shown=scope.people if scope is not None else None,
            parts=parts,
        )
        unit = "slide" if suffix == ".pptx" else "page"
        pages = f" on {_count(result.pages, unit)}" if result.pages > 1 or suffix == ".pptx" else ""
        paper = request.paper
        on_paper = ""
        if paper is not None:
            how = "fitted" if paper.fitting is Fitting.FIT else "tiles"
            on_paper = f" ({paper.describe()}, {how}, at {result.scale:.0%})"
        what = f"the org chart of {name}" + (f" ({scope.heading})" if scope is not None else "")
        sentence = f"Exported {what}, {_count(result.people, 'person', 'people')}, to {request.path}{pages}{on_paper}."
        warning = result.warning.replace(" (--tiles)", "")  # the window's word: Tiles
        return ChartExported(f"{sentence} {warning}" if warning else sentence, warning)

    task = run_with_progress(parent, f"Exporting the org chart to {request.path.name}…", work)
    task.succeeded.connect(lambda said: _tell(parent, context, said))
    task.failed.connect(context.report)
    return task


def _tell(parent: QWidget, context: PlanContext, said: ChartExported) -> None:
    context.events.status.emit(said.sentence)
    if said.warning:  # the status bar's sentence goes by: names nobody can read deserve a box
        box = QMessageBox(QMessageBox.Icon.Information, "Export org chart", said.warning, parent=parent)
        box.setInformativeText("The file is written. To read every name, export it again as Tiles.")
        box.open()

"""The org chart page: the chart, what it means (findings), and the person being edited.

A change the chart is told about (:meth:`OrgChartPage.apply_change`) is followed row by row: the rows it
wrote are read again (:class:`~accountplan.analysis.chart_rows.ChartRows`), the cards whose look changed are
drawn again, the layout follows a new shape of the tree (:class:`~accountplan.analysis.layout_updates.
LiveTreeLayout`) and only the cards and teams that moved move; the findings are worked out again in the
background and replace the list when ready. A change not known row by row draws the chart anew.

The page owns small helpers, one idea each: :class:`~accountplan.ui.orgchart.chart_as_of.ChartAsOf` (the day
shown, past or today, and the changes marked since a day), :class:`~accountplan.ui.orgchart.chart_drawing.
ChartDrawing` (laying out and drawing the cards, following a change), :class:`~accountplan.ui.orgchart.
chart_findings.ChartFindings` (the findings, in the background), :class:`~accountplan.ui.orgchart.
chart_highlight.ChartHighlight` (what the cards emphasise) and :class:`~accountplan.ui.orgchart.chart_actions.
ChartActions` (the edits, a card's context menu, the export).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.change_log import RecordRef
from accountplan.analysis.chart_rows import FOLLOWED, ChartRows, RowsChange
from accountplan.analysis.findings import Finding
from accountplan.analysis.layout import TreeLayout
from accountplan.analysis.layout_updates import LiveTreeLayout
from accountplan.analysis.org_changes import OrgChanges
from accountplan.errors import Refused, ServerUnreachable
from accountplan.model.enums import InfluenceKind
from accountplan.reports.paper import PaperChoice
from accountplan.store.touched import NOTHING, Touched
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.common.pages import Page
from accountplan.ui.orgchart.chart_actions import ChartActions
from accountplan.ui.orgchart.chart_as_of import ChartAsOf
from accountplan.ui.orgchart.chart_drawing import ChartDrawing, chart_links, chart_people, chart_person
from accountplan.ui.orgchart.chart_findings import ChartFindings
from accountplan.ui.orgchart.chart_highlight import HIGHLIGHTS, ChartHighlight, colour_legend
from accountplan.ui.orgchart.findings_list import FindingsModel, findings_view
from accountplan.ui.orgchart.org_chart_scene import ChartPerson, OrgChartScene, PersonCard
from accountplan.ui.orgchart.org_chart_view import OrgChartView, readable_scale
from accountplan.ui.orgchart.stakeholder_panel import StakeholderPanel

__all__ = ["HIGHLIGHTS", "OrgChartPage", "chart_links", "chart_people", "chart_person"]


class OrgChartPage(Page):
    """The buyer's organisation and real influence, with the findings beside it."""

    key, title = "org-chart", "Org chart"
    #: The leadership findings read the change log (about people: written with the people's rows).
    # The As of bar: the account's first day and the last alignment meeting; a past day from the change log.
    reads = FOLLOWED | {"change_log", "accounts", "meetings"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.scene = OrgChartScene(self)
        self.view = OrgChartView(self.scene)
        self.empty = EmptyState(
            self.view,
            "No people yet. Add the first person, or import a contact export: the chart draws who reports "
            "to whom, their stance and influence, and who covers them.",
            [
                ("Add the first person…", lambda: self.add_person(None)),
                ("Import contacts…", lambda: self.context.events.import_contacts.emit()),
            ],
            is_empty=lambda: not getattr(self, "people", None),
        )
        self.panel = StakeholderPanel(context)
        #: The rows shown, kept up to date change by change.
        self.rows: ChartRows | None = None
        self.people: dict[int, ChartPerson] = {}
        self.live: LiveTreeLayout | None = None
        self.findings: list[Finding] = []
        self.findings_model = FindingsModel()
        self.collapsed: set[int] = set()
        self.as_of = ChartAsOf(self)
        self.drawing = ChartDrawing(self)
        self.findings_work = ChartFindings(self)
        self.highlight = ChartHighlight(self)
        self.highlight_kind, self.highlight_value = self.highlight.kind, self.highlight.value
        self.edits = ChartActions(self)
        #: Changes that concerned the chart while it was hidden (followed when it is shown).
        self._unseen: Touched = NOTHING
        self._fitted_for: int | None = None
        self._top_pending = False
        self._build()
        self.view.reparent_requested.connect(self.move_under)
        self.view.link_requested.connect(self.add_link)
        self.view.context_requested.connect(self._context_menu)
        self.view.open_requested.connect(self.open_person)
        self.scene.selectionChanged.connect(self._selection_changed)
        context.edit_guards.append(self.as_of.edit_refusal)

    # --- the day shown (see ChartAsOf) ----------------------------------------------------------------

    @property
    def day(self) -> dt.date | None:
        """The past day shown (None: today, editable)."""
        return self.as_of.day

    @property
    def past_notes(self) -> list[str]:
        """What could not be rebuilt of the past day shown."""
        return self.as_of.past_notes

    @property
    def changes(self) -> OrgChanges | None:
        """The changes marked on the cards (None: not in changes mode)."""
        return self.as_of.changes

    @property
    def marks(self) -> dict[int, tuple[str, ...]]:
        """Each changed person's marks (changes mode)."""
        return self.as_of.marks

    def show_account(self, account_id: int | None) -> None:
        if account_id != self.account_id:  # another account opens as it is today
            self.as_of.back_to_today()
        super().show_account(account_id)

    def show_day(self, day: dt.date | None) -> None:
        """Show the account as it was at the end of ``day`` (read-only), or today (None)."""
        self.as_of.show_day(day)

    def show_changes(self, on: bool) -> None:
        """Mark on the cards (and list) what changed since a day (the last alignment meeting to start with)."""
        self.as_of.show_changes(on)

    # --- building -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.banner = self.as_of.banner
        layout.addWidget(self.banner)
        layout.addLayout(self.as_of.day_row())
        self.day_bar, self.changes_box, self.since_edit = (
            self.as_of.day_bar,
            self.as_of.changes_box,
            self.as_of.since_edit,
        )
        bar = FlowLayout()  # one row on a wide window, two on a laptop's
        self.find_box = QLineEdit()
        self.find_box.setMinimumWidth(220)
        self.find_box.setPlaceholderText("Find a person (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(lambda: self.find_person(self.find_box.text()))
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated.connect(self.find_person)
        self.find_box.setCompleter(self.completer)
        bar.addWidget(self.find_box)
        zoom = QWidget()
        zoom_row = QHBoxLayout(zoom)
        zoom_row.setContentsMargins(0, 0, 0, 0)
        zoom_row.setSpacing(2)
        for text, slot, tip in (
            ("Fit", self.view.fit, "Show the whole chart (Ctrl+0)"),
            ("+", self.view.zoom_in, "Zoom in (Ctrl++)"),
            ("−", self.view.zoom_out, "Zoom out (Ctrl+-)"),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setMinimumWidth(32)
            button.clicked.connect(slot)
            zoom_row.addWidget(button)
        bar.addWidget(zoom)
        self.influence_box = QCheckBox("Influence links")
        self.influence_box.setChecked(True)
        self.influence_box.toggled.connect(self.scene.set_influence_visible)
        self.compact_box = QCheckBox("Compact")
        self.compact_box.setToolTip("Stack individual contributors in a column under their manager")
        self.compact_box.toggled.connect(lambda: self.drawing.lay_out() if self.rows is not None else None)
        bar.addWidget(self.influence_box)
        bar.addWidget(self.compact_box)
        bar.addWidget(self.highlight.row())
        layout.addLayout(bar)
        self.mark_legend = self.as_of.mark_legend()
        layout.addWidget(self.mark_legend)
        layout.addLayout(colour_legend())
        splitter = QSplitter()
        splitter.addWidget(self.view)
        side = QTabWidget()
        self.findings_list = findings_view(self.findings_model)
        self.findings_list.selectionModel().currentChanged.connect(self.highlight.finding_selected)
        side.addTab(self.findings_list, "Findings")
        side.addTab(self.panel, "Person")
        self.changes_panel = self.as_of.changes_panel
        side.addTab(self.changes_panel, "Changes")
        side.setTabVisible(2, False)
        self.side = side
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 340])
        layout.addWidget(splitter, 1)
        for keys, slot in (
            ("Ctrl+F", self._focus_find),
            ("Ctrl+0", self.view.fit),
            ("Ctrl+=", self.view.zoom_in),
            ("Ctrl++", self.view.zoom_in),
            ("Ctrl+-", self.view.zoom_out),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            # Whenever the chart is on the screen, wherever the focus is (the navigation, after a click there).
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    # --- data ---------------------------------------------------------------------------------------

    @property
    def layout_result(self) -> TreeLayout | None:
        """The chart's layout as it is now (worked out when asked for)."""
        return self.live.layout() if self.live is not None else None

    def refresh(self) -> None:
        """Read the account's rows and draw the whole chart anew; the findings follow in the background."""
        self._unseen = NOTHING
        if self.account_id is None:
            self.scene.clear_chart()
            self.rows, self.live, self.people = None, None, {}
            self.empty.update_visibility()
            return
        selected = self.selected_id()
        try:
            with self.context.database.session() as session:
                self.rows = self.as_of.read(session, self.account_id)
        except Refused as error:  # a day the account cannot be shown as of
            self.context.report(str(error))
            self.as_of.day = None
            self.day_bar.choose(None)
            return
        self.people = chart_people(self.rows)
        self.collapsed &= self.people.keys()
        self.drawing.lay_out()
        self.empty.update_visibility()
        self.findings_work.leadership_stale = True
        self.findings_model.show_working()
        self.findings_work.ask()
        self._names_changed()
        self.highlight.fill_values()
        if self._fitted_for != self.account_id:
            self._fitted_for = self.account_id
            if self.view.isVisible():
                self.show_top()
            else:  # the page is built before it is shown: place the chart once the view has its real size
                self._top_pending = True
        if selected is not None and selected in self.scene.cards:
            self.scene.cards[selected].setSelected(True)

    def _lay_out(self) -> None:
        """Lay the people out afresh and draw every card (no reading)."""
        self.drawing.lay_out()

    def _names_changed(self) -> None:
        """The names to find people by (the find box's completions)."""
        self.completer.model().setStringList(sorted(p.name for p in self.people.values()))  # type: ignore[attr-defined]

    # --- following a change ---------------------------------------------------------------------------

    def concerns(self, touched: Touched) -> bool:
        concerned = super().concerns(touched)
        if concerned:
            self._unseen = self._unseen | touched  # kept for when the hidden chart is shown again
        return concerned

    def apply_change(self, touched: Touched) -> None:
        """Show a change: the rows it wrote read again, the cards it concerns drawn again or moved."""
        touched, self._unseen = self._unseen | touched, NOTHING
        if self.day is not None:
            return  # a past day does not change (today is read again when it is shown)
        if self.changes is not None:
            self.redraw()  # the changes up to today are compared again
            return
        if self.rows is None or self.live is None or self.rows.account_id != self.account_id:
            self.redraw()
            return
        try:
            with self.context.database.session() as session:
                change = self.rows.update(session, touched)
        except ServerUnreachable as error:
            self.context.report(
                f"{error} The chart shows what it read last; it redraws when the server is back."
            )
            return
        if change is None:
            self.redraw()
            return
        self.drawing.follow(change)

    def after_change(self, change: RowsChange, names: bool, drawn: set[int]) -> None:
        """What follows any change: the emphasis of the cards drawn, the choices that list people, findings."""
        self.empty.update_visibility()
        kind = self.highlight_kind.currentText()
        if kind != "Nothing":
            self.highlight.emphasis = self.highlighted_ids()
        if self.highlight.emphasis is not None:
            self.scene.emphasise(self.highlight.emphasis, only=drawn)
        if names:
            self._names_changed()
        if change.org_units or (change.covered and kind == "Covered by"):
            self.highlight.fill_values()
        findings = self.findings_work
        findings.leadership_stale = findings.leadership_stale or change.touches_people
        if change.people or change.deleted or change.covered or change.linked or change.deal:
            findings.ask()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.stale:  # changes came while hidden: follow them rather than draw everything again
            self.stale = False
            self.apply_change(NOTHING)
        super().showEvent(event)
        self.findings_work.shown()
        if self._top_pending:
            self._top_pending = False
            QTimer.singleShot(0, self.show_top)  # after the layout has sized the view

    # --- highlight (see ChartHighlight) -------------------------------------------------------------

    def highlighted_ids(self) -> set[int] | None:
        return self.highlight.highlighted_ids()

    def apply_highlight(self) -> None:
        self.highlight.apply()

    def _finding_selected(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        self.highlight.finding_selected(index, _previous)

    # --- navigation ---------------------------------------------------------------------------------

    def find_person(self, text: str) -> bool:
        wanted = text.strip().casefold()
        if not wanted:
            return False
        matches = [p for p in self.people.values() if wanted in p.name.casefold()]
        exact = [p for p in matches if p.name.casefold() == wanted]
        if not matches:
            self.context.report(f"Nobody called {text.strip()!r} in this account.")
            return False
        person = (exact or matches)[0]
        self._reveal(person.id)
        return self.view.centre_on(person.id)

    def _reveal(self, person_id: int) -> None:
        """Expand every collapsed manager above a person so their card is shown."""
        current = self.people.get(person_id)
        folded = []
        while current is not None and current.manager_id is not None:
            if current.manager_id in self.collapsed:
                folded.append(current.manager_id)
            current = self.people.get(current.manager_id)
        for manager_id in reversed(folded):  # from the top down
            self.toggle_collapsed(manager_id)

    def selected_record(self) -> RecordRef | None:
        """The selected person, for their history."""
        person_id = self.selected_id()
        person = self.people.get(person_id) if person_id is not None else None
        return RecordRef("stakeholders", person.id, person.name) if person is not None else None

    def selected_id(self) -> int | None:
        items = [i for i in self.scene.selectedItems() if isinstance(i, PersonCard)]
        return items[0].person.id if items else None

    def selected_stakeholder_id(self) -> int | None:
        return self.selected_id()

    def _selection_changed(self) -> None:
        person_id = self.selected_id()
        if person_id is not None and self.day is None:  # a past day's person is not today's to edit
            self.panel.show_stakeholder(self.account_id, person_id)

    def open_person(self, person_id: int) -> None:
        """Open a person beside the chart (Enter on their card): the Person tab, its first field focused."""
        self.view.make_current(person_id)
        if self.as_of.refused():
            return
        self.panel.show_stakeholder(self.account_id, person_id)
        self.side.setCurrentWidget(self.panel)
        self.panel.lines["name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_top(self) -> None:
        """Fit the chart if its cards can be read that way, else open it at a readable zoom.

        Readable, it opens on the selected person, or on the top of the organisation, and says that Fit
        shows the whole chart.
        """
        live, viewport = self.live, self.view.viewport().size()
        width, height = (live.width, live.height) if live else (1.0, 1.0)
        fitted = min(viewport.width() / max(width, 1.0), viewport.height() / max(height, 1.0))
        readable = readable_scale()
        if fitted >= readable or live is None or not self.scene.cards:
            self.view.fit()
            return
        self.view.zoom(readable / self.view.scale_factor())
        selected = self.selected_id()
        if selected is not None and selected in self.scene.cards:
            self.view.centerOn(self.scene.cards[selected])
        else:
            top = max(
                live.roots, key=lambda pid: len(live.reports(pid))
            )  # the head of the largest organisation
            card = self.scene.cards[top]
            below = self.view.viewport().height() / 2 / readable - 40
            self.view.centerOn(card.sceneBoundingRect().center().x(), card.scenePos().y() + below)
        self.context.events.status.emit(
            f"The chart is shown at a readable size; Fit (Ctrl+0) shows all {len(self.people)} people."
        )

    def toggle_collapsed(self, person_id: int) -> None:
        """Collapse a team under its manager's card, or expand it."""
        collapse = person_id not in self.collapsed
        if collapse:
            self.collapsed.add(person_id)
        else:
            self.collapsed.discard(person_id)
        if self.live is None:
            return
        change = self.live.set_collapsed(person_id, collapse)
        if change is None:
            self.drawing.lay_out()
            return
        self.scene.follow_layout(self.live, change, self.people)
        if self.marks:
            self.scene.set_marks(self.marks)
        if change.shown and self.rows is not None:
            self.scene.set_links(chart_links(self.rows.links_of(change.shown)), people=change.shown)
            if self.highlight.emphasis is not None:
                self.scene.emphasise(self.highlight.emphasis, only=change.shown)

    # --- edits and export (see ChartActions) --------------------------------------------------------

    def move_under(self, person_id: int, manager_id: int) -> bool:
        return self.edits.move_under(person_id, manager_id)

    def add_link(
        self, source_id: int, target_id: int, kind: InfluenceKind = InfluenceKind.INFLUENCES
    ) -> bool:
        return self.edits.add_link(source_id, target_id, kind)

    def add_person(self, manager_id: int | None, name: str | None = None) -> bool:
        return self.edits.add_person(manager_id, name)

    def set_departed(self, person_id: int, departed: bool) -> bool:
        return self.edits.set_departed(person_id, departed)

    def delete_person(self, person_id: int, *, confirm: bool = True) -> bool:
        return self.edits.delete_person(person_id, confirm=confirm)

    def export_chart(
        self,
        path: Path | None = None,
        *,
        paper: PaperChoice | None = None,
        person_id: int | None = None,
        unit_id: int | None = None,
        levels: int | None = None,
    ) -> BackgroundTask | None:
        """Export the chart to PDF, PowerPoint, SVG or PNG, in the background; None if the user cancelled.

        Without ``path`` the user chooses the file, then what the chart shows (offered: the whole account, the
        person ``person_id``'s organisation, the org unit highlighted or ``unit_id``) and its paper (see
        :mod:`~accountplan.ui.orgchart.chart_export`). The whole account is exported as it is shown
        (collapsed teams, compact, links); a deck of it adds a slide per org unit.
        """
        return self.edits.export_chart(path, paper=paper, person_id=person_id, unit_id=unit_id, levels=levels)

    def _context_menu(self, person_id: int, position: QPoint) -> None:
        self.edits.context_menu(person_id, position)

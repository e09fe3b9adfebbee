"""The org chart page: the chart, what it means (findings), and the person being edited.

A change the chart is told about (:meth:`OrgChartPage.apply_change`) is followed row by row: the rows it
wrote are read again (:class:`~accountplan.analysis.chart_rows.ChartRows`), the cards whose look changed are
drawn again, the layout follows a new shape of the tree (:class:`~accountplan.analysis.layout_updates.
LiveTreeLayout`) and only the cards and teams that moved move; the findings are worked out again in the
background and replace the list when ready. A change not known row by row draws the chart anew.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.as_of import past_account
from accountplan.analysis.change_log import RecordRef
from accountplan.analysis.chart_rows import FOLLOWED, ChartRows, RowsChange, read_chart_rows
from accountplan.analysis.findings import Finding, find_all
from accountplan.analysis.graphs import Person
from accountplan.analysis.layout import LayoutNode, TreeLayout
from accountplan.analysis.layout_updates import LayoutChange, LiveTreeLayout
from accountplan.analysis.leadership import LeadershipChange, recent_leadership_changes
from accountplan.analysis.org_changes import OrgChanges, changes_between, default_since
from accountplan.analysis.past_views import first_day, last_meeting_day, past_chart_rows
from accountplan.errors import Refused, ServerUnreachable
from accountplan.model.enums import BuyingRole, InfluenceKind, Stance
from accountplan.plan.stakeholders import dependents
from accountplan.reports.paper import PaperChoice
from accountplan.store.touched import NOTHING, Touched
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.common.commands import (
    AddInfluenceLink,
    AddStakeholder,
    DeleteStakeholder,
    PlanContext,
    SetDeparted,
    SetManager,
)
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.common.pages import Page
from accountplan.ui.common.past_day import DayBar, PastBanner, from_qdate, refusal, to_qdate
from accountplan.ui.common.record_history import add_history_action
from accountplan.ui.orgchart.change_marks import MARKS, ChangesPanel, card_marks
from accountplan.ui.orgchart.chart_export import (
    ChartLook,
    ChartRequest,
    ask_chart_export,
    export_in_background,
)
from accountplan.ui.orgchart.findings_list import PEOPLE_ROLE, WORKING, FindingsModel, findings_view
from accountplan.ui.orgchart.influence_arrows import INFLUENCE_COLOURS
from accountplan.ui.orgchart.org_chart_scene import (
    CARD_HEIGHT,
    ChartLink,
    ChartPerson,
    OrgChartScene,
    PersonCard,
    card_width,
)
from accountplan.ui.orgchart.org_chart_view import OrgChartView, readable_scale
from accountplan.ui.orgchart.stakeholder_panel import StakeholderPanel
from accountplan.ui.people.models import STANCE_COLOURS

HIGHLIGHTS = ("Nothing", "Stance", "Buying role", "Org unit", "Covered by")
#: How long the findings wait for more changes before they are worked out again (edits often come in runs).
FINDINGS_DELAY_MS = 250
#: How long after a chart is drawn anew the layout gets ready to follow changes (once the chart is painted).
PREPARE_DELAY_MS = 200


_NOBODY: frozenset[int] = frozenset()


def chart_person(person: Person, coverers: Sequence[tuple[int, str]] = ()) -> ChartPerson:
    """What a card shows of a person, covered by ``coverers`` (co-seller id, name; by name)."""
    return ChartPerson(
        person.id,
        person.name,
        person.title,
        person.reports_to_id,
        person.org_unit_id,
        person.roles,
        person.stance,
        person.influence,
        person.departed,
        tuple(name for _, name in coverers) if coverers else (),
        frozenset(cid for cid, _ in coverers) if coverers else _NOBODY,
    )


def chart_people(rows: ChartRows) -> dict[int, ChartPerson]:
    """What each card shows, in sibling order (by name, then id)."""
    coverers = rows.coverers()
    ordered = sorted(rows.people.values(), key=lambda p: (p.name, p.id))
    return {p.id: chart_person(p, coverers.get(p.id, ())) for p in ordered}


def chart_links(links: Iterable[tuple[int, int, InfluenceKind, int]]) -> list[ChartLink]:
    """Every kind of link between two people, not only the strongest."""
    return [ChartLink(source, target, kind, strength) for source, target, kind, strength in links]


class OrgChartPage(Page):
    """The buyer's organisation and real influence, with the findings beside it."""

    key, title = "org-chart", "Org chart"
    #: The leadership findings read the change log (about people: written with the people's rows).
    reads = FOLLOWED | {"change_log"}

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
        #: The past day shown (None: today, editable), what could not be rebuilt of it.
        self.day: dt.date | None = None
        self.past_notes: list[str] = []
        #: The changes marked on the cards (changes mode), each changed person's marks.
        self.changes: OrgChanges | None = None
        self.marks: dict[int, tuple[str, ...]] = {}
        self._since: dt.date | None = None  # the start of the changes the user chose (None: the default)
        self._widths: dict[
            tuple[str, str], float
        ] = {}  # card widths by (name, title): measuring text is slow
        #: What the chart emphasises now (a highlight, a finding's people; None: nothing).
        self._emphasis: set[int] | None = None
        #: Changes that concerned the chart while it was hidden (followed when it is shown).
        self._unseen: Touched = NOTHING
        self._fitted_for: int | None = None
        self._top_pending = False
        # The findings: worked out in the background, the latest change's result shown, older ones dropped.
        self._leadership: list[LeadershipChange] = []
        self._leadership_stale = True
        self._findings_asked = 0  # each change asks anew…
        self._findings_running: BackgroundTask | None = None  # …while at most one works at a time
        self._findings_hidden = False  # asked while the chart was hidden
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(FINDINGS_DELAY_MS)
        self._findings_timer.timeout.connect(self._work_out_findings)
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_DELAY_MS)
        self._prepare_timer.timeout.connect(self._prepare_layout)
        self._build()
        self.view.reparent_requested.connect(self.move_under)
        self.view.link_requested.connect(self.add_link)
        self.view.context_requested.connect(self._context_menu)
        self.view.open_requested.connect(self.open_person)
        self.scene.selectionChanged.connect(self._selection_changed)
        context.edit_guards.append(self._edit_refusal)

    # --- building -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.banner = PastBanner()
        layout.addWidget(self.banner)
        layout.addLayout(self._day_row())
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
        self.compact_box.toggled.connect(lambda: self._lay_out() if self.rows is not None else None)
        bar.addWidget(self.influence_box)
        bar.addWidget(self.compact_box)
        self.highlight_kind = QComboBox()
        self.highlight_kind.addItems(HIGHLIGHTS)
        self.highlight_value = QComboBox()
        describe(self.highlight_value, "Highlighted value")
        self.highlight_value.setMinimumContentsLength(14)
        self.highlight_value.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.highlight_kind.currentIndexChanged.connect(self._fill_highlight_values)
        self.highlight_value.currentIndexChanged.connect(lambda: self.apply_highlight())
        highlight = QWidget()  # the label and its two choices stay on one line together
        highlight_row = QHBoxLayout(highlight)
        highlight_row.setContentsMargins(0, 0, 0, 0)
        highlight_row.addWidget(QLabel("Highlight:"))
        highlight_row.addWidget(self.highlight_kind)
        highlight_row.addWidget(self.highlight_value)
        bar.addWidget(highlight)
        layout.addLayout(bar)
        layout.addWidget(self._mark_legend())
        layout.addLayout(self._legend())
        splitter = QSplitter()
        splitter.addWidget(self.view)
        side = QTabWidget()
        self.findings_list = findings_view(self.findings_model)
        self.findings_list.selectionModel().currentChanged.connect(self._finding_selected)
        side.addTab(self.findings_list, "Findings")
        side.addTab(self.panel, "Person")
        self.changes_panel = ChangesPanel()
        self.changes_panel.person_chosen.connect(self._change_chosen)
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

    def _day_row(self) -> FlowLayout:
        """As of which day, and the changes since which day."""
        row = FlowLayout()
        self.day_bar = DayBar()
        self.day_bar.day_chosen.connect(self.show_day)
        self.banner.back.connect(lambda: self.day_bar.choose(None))
        row.addWidget(self.day_bar)
        changes = QWidget()
        changes_row = QHBoxLayout(changes)
        changes_row.setContentsMargins(12, 0, 0, 0)
        self.changes_box = QCheckBox("Changes since")
        self.changes_box.setToolTip(
            "Mark on the cards who joined, moved, left or changed stance or title since a day, and list it"
        )
        self.changes_box.toggled.connect(self.show_changes)
        self.since_edit = QDateEdit()
        describe(self.since_edit, "Changes since", "The day the changes are counted from (its end)")
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("d MMM yyyy")
        self.since_edit.setKeyboardTracking(False)
        self.since_edit.setEnabled(False)
        self.since_edit.dateChanged.connect(self._since_changed)
        changes_row.addWidget(self.changes_box)
        changes_row.addWidget(self.since_edit)
        row.addWidget(changes)
        return row

    def _mark_legend(self) -> QWidget:
        """What the marks on the cards mean (shown with the changes)."""
        self.mark_legend = QWidget()
        legend = FlowLayout(self.mark_legend)
        legend.setContentsMargins(0, 0, 0, 0)
        for text, colour, meaning in MARKS.values():
            legend.addWidget(
                QLabel(
                    f"<span style='background:{colour.name()}; color:#ffffff'>&nbsp;{text}&nbsp;</span> {meaning}"
                )
            )
        self.mark_legend.hide()
        return self.mark_legend

    def _legend(self) -> FlowLayout:
        legend = FlowLayout()  # wraps on a narrow window
        for stance in Stance:
            swatch = QLabel(f"■ {stance.label}")
            swatch.setStyleSheet(f"color: {STANCE_COLOURS[stance].name()};")
            legend.addWidget(swatch)
        for index, kind in enumerate(InfluenceKind):
            swatch = QLabel(f"→ {kind.label.lower()}")
            swatch.setStyleSheet(f"color: {INFLUENCE_COLOURS[kind].name()};")
            swatch.setContentsMargins(18 if index == 0 else 0, 0, 0, 0)
            legend.addWidget(swatch)
        return legend

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
                self._read(session)
            assert self.rows is not None
        except Refused as error:  # a day the account cannot be shown as of
            self.context.report(str(error))
            self.day = None
            self.day_bar.choose(None)
            return
        self.people = chart_people(self.rows)
        self.collapsed &= self.people.keys()
        self._lay_out()
        self.empty.update_visibility()
        self._leadership_stale = True
        self.findings_model.show_working()
        self._ask_for_findings()
        self._names_changed()
        self._fill_highlight_values()
        if self._fitted_for != self.account_id:
            self._fitted_for = self.account_id
            if self.view.isVisible():
                self.show_top()
            else:  # the page is built before it is shown: place the chart once the view has its real size
                self._top_pending = True
        if selected is not None and selected in self.scene.cards:
            self.scene.cards[selected].setSelected(True)

    def _read(self, session: Any) -> None:
        """Read the rows of the day shown (today's, or rebuilt), the days offered, and the changes marked."""
        assert self.account_id is not None
        today = dt.date.today()
        self.day_bar.set_range(
            first_day(session, self.account_id), today, last_meeting_day(session, self.account_id, today)
        )
        if self.day is None:
            self.rows, self.past_notes = read_chart_rows(session, self.account_id), []
        else:
            past = past_account(session, self.account_id, self.day, today)
            self.rows, self.past_notes = past_chart_rows(session, self.account_id, past), past.notes
        self.banner.show_day(self.day, self.past_notes)
        self.panel.setEnabled(self.day is None)
        if self.day is not None and self.side.currentWidget() is self.panel:
            self.side.setCurrentWidget(self.findings_list)  # today's details are not that day's
        self.panel.setToolTip("" if self.day is None else refusal(self.day))
        until = self.day or today
        self.changes = None
        if self.changes_box.isChecked():
            since = self._since if self._since is not None and self._since <= until else None
            if since is None:
                since = default_since(session, self.account_id, until)
            self.since_edit.blockSignals(True)
            self.since_edit.setDateRange(
                to_qdate(first_day(session, self.account_id) - dt.timedelta(days=1)), to_qdate(until)
            )
            self.since_edit.setDate(to_qdate(since))
            self.since_edit.blockSignals(False)
            self.changes = changes_between(session, self.account_id, since, until, today)
        self.marks = card_marks(self.changes.changes) if self.changes is not None else {}
        if self.changes is not None:
            self.changes_panel.show_changes(self.changes, until_today=self.day is None)

    # --- the day shown ------------------------------------------------------------------------------

    def show_account(self, account_id: int | None) -> None:
        if account_id != self.account_id:  # another account opens as it is today
            self.day, self._since = None, None
            self.day_bar.day = None
            self.day_bar.today_button.setChecked(True)
        super().show_account(account_id)

    def show_day(self, day: dt.date | None) -> None:
        """Show the account as it was at the end of ``day`` (read-only), or today (None)."""
        if day == self.day:
            return
        self.day = day
        self.redraw()

    def show_changes(self, on: bool) -> None:
        """Mark on the cards (and list) what changed since a day (the last alignment meeting to start with)."""
        self.since_edit.setEnabled(on)
        self.side.setTabVisible(2, on)
        self.mark_legend.setVisible(on)
        if on:
            self.side.setCurrentWidget(self.changes_panel)
        self.redraw()

    def _since_changed(self, date: Any) -> None:
        self._since = from_qdate(date)
        if self.changes_box.isChecked():
            self.redraw()

    def _change_chosen(self, person_id: int) -> None:
        card = self.scene.cards.get(person_id)
        if card is None:
            name = (
                next((c.person for c in self.changes.changes if c.person_id == person_id), "")
                if self.changes
                else ""
            )
            self.context.events.status.emit(f"{name} is not on the chart of this day.")
            return
        self.scene.clearSelection()
        card.setSelected(True)
        self.view.centerOn(card)

    def _edit_refusal(self, account_id: int | None) -> str | None:
        """Why an edit is refused: this page shows this account as of a past day."""
        if self.day is not None and account_id == self.account_id and self.isVisible():
            return refusal(self.day)
        return None

    def _refused(self) -> bool:
        """Say why an edit is refused, if the page shows a past day."""
        if self.day is None:
            return False
        self.context.report(refusal(self.day))
        return True

    def _lay_out(self) -> None:
        """Lay the people out afresh and draw every card (no reading)."""
        people = self.people
        nodes = [self._layout_node(person) for person in people.values()]
        self.live = LiveTreeLayout(
            nodes,
            self._order,
            collapsed=self.collapsed,
            compact=self.compact_box.isChecked(),
        )
        links = chart_links(self.rows.influence()) if self.rows is not None else []
        self.scene.show_chart(people, self.live.layout(), links)
        if self.marks:
            self.scene.set_marks(self.marks)
        self._emphasis = None  # new cards, none emphasised
        self.apply_highlight()
        self._prepare_timer.start()  # what following a change needs, once the chart is on screen

    def _prepare_layout(self) -> None:
        if self.live is not None:
            self.live.prepare()

    def _order(self, person_id: int) -> tuple[str, int]:
        """A card's place among its siblings: by name, then id (as :func:`chart_people` orders them)."""
        return self.people[person_id].name, person_id

    def _layout_node(self, person: ChartPerson) -> LayoutNode:
        key = (person.name, person.title)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = card_width(person.name, person.title)
        return LayoutNode(person.id, person.manager_id, width, CARD_HEIGHT)

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
        self._follow(change)

    def _follow(self, change: RowsChange) -> None:
        assert self.rows is not None and self.live is not None
        people, rows = self.people, self.rows
        looks = set(change.people)  # cards drawn again (where the layout puts them)
        nodes: list[LayoutNode] = []  # people whose place in the tree may have changed
        names = bool(change.deleted)
        coverers = rows.coverers_for(change.covered | change.people.keys())
        for pid in change.deleted:
            people.pop(pid, None)
        for pid, person in change.people.items():
            old = people.get(pid)
            new = people[pid] = chart_person(person, coverers.get(pid, ()))
            if old is None or (old.name, old.title, old.manager_id) != (new.name, new.title, new.manager_id):
                nodes.append(self._layout_node(new))  # a new width, place among colleagues or manager
                names = names or old is None or old.name != new.name
        for pid in change.covered - change.people.keys():
            if pid in people:
                covered = coverers.get(pid, ())
                people[pid] = people[pid]._replace(
                    coverers=tuple(name for _, name in covered),
                    coverer_ids=frozenset(cid for cid, _ in covered),
                )
                looks.add(pid)
        moved: LayoutChange | None = None
        if nodes or change.deleted:
            moved = self.live.update(nodes, change.deleted)
            if moved is None:  # the reporting lines loop (bad data): laid out afresh
                self._lay_out()
                self._after_change(change, names, set(people))
                return
            self.scene.follow_layout(self.live, moved, people)
        for pid in looks:
            card = self.scene.cards.get(pid)
            if card is not None and card.person is not people[pid]:
                card.show_person(people[pid], card.width, card.hidden)
        if looks and moved is None:
            self.scene.refresh_overview()  # a card's colour, far out
        if change.linked:
            self.scene.set_links(chart_links(rows.links_of(change.linked)), people=change.linked)
        if moved is not None:
            if moved.shown:
                self.scene.set_links(chart_links(rows.links_of(moved.shown)), people=moved.shown)
            looks |= moved.shown | moved.moved
        self._after_change(change, names, looks | change.people.keys())

    def _after_change(self, change: RowsChange, names: bool, drawn: set[int]) -> None:
        """What follows any change: the emphasis of the cards drawn, the choices that list people, findings."""
        self.empty.update_visibility()
        kind = self.highlight_kind.currentText()
        if kind != "Nothing":
            self._emphasis = self.highlighted_ids()
        if self._emphasis is not None:
            self.scene.emphasise(self._emphasis, only=drawn)
        if names:
            self._names_changed()
        if change.org_units or (change.covered and kind == "Covered by"):
            self._fill_highlight_values()
        self._leadership_stale = self._leadership_stale or change.touches_people
        if change.people or change.deleted or change.covered or change.linked or change.deal:
            self._ask_for_findings()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.stale:  # changes came while hidden: follow them rather than draw everything again
            self.stale = False
            self.apply_change(NOTHING)
        super().showEvent(event)
        if self._findings_hidden:
            self._findings_hidden = False
            self._findings_timer.start()
        if self._top_pending:
            self._top_pending = False
            QTimer.singleShot(0, self.show_top)  # after the layout has sized the view

    # --- findings -------------------------------------------------------------------------------------

    def _ask_for_findings(self) -> None:
        """Work the findings out again, in the background, once the changes of the moment are shown."""
        self._findings_asked += 1
        self._findings_timer.start()

    def _work_out_findings(self) -> None:
        if self.rows is None:
            return
        if not self.isVisible():  # nobody sees them: worked out when the chart is shown again
            self._findings_hidden = True
            return
        if self._findings_running is not None:  # its result will be dropped; then this one runs
            return
        asked, snapshot = self._findings_asked, self.rows.snapshot()
        database, account_id, today = self.context.database, self.rows.account_id, self.day or dt.date.today()
        leadership = None if self._leadership_stale else self._leadership
        shown = None if self.findings_model.note == WORKING else self.findings

        def work() -> tuple[int, list[LeadershipChange], list[Finding] | None]:
            changes = leadership
            if changes is None:
                with database.session() as session:
                    changes = recent_leadership_changes(session, account_id, today)
            findings = find_all(snapshot.graphs(), today, changes)
            return asked, changes, None if findings == shown else findings  # None: the list stays

        self._leadership_stale = False
        task = self._findings_running = BackgroundTask(work, self)
        task.asked = asked  # type: ignore[attr-defined]
        task.succeeded.connect(self._findings_ready)
        task.failed.connect(self._findings_failed)
        task.finished.connect(self._findings_done)
        task.start()

    def _findings_ready(self, result: tuple[int, list[LeadershipChange], list[Finding] | None]) -> None:
        asked, leadership, findings = result
        self._leadership = leadership
        if asked != self._findings_asked or findings is None:
            return  # a newer change asked again (its findings come next), or the findings are the same
        self.findings = findings
        self._show_findings()

    def _findings_failed(self, message: str) -> None:
        self._leadership_stale = True
        self.context.report(f"Could not work out the chart's findings: {message}")

    def _findings_done(self) -> None:
        task, self._findings_running = self._findings_running, None
        if task is None:
            return
        task.deleteLater()
        if self.rows is not None and task.asked != self._findings_asked:  # type: ignore[attr-defined]
            self._findings_timer.start(0)  # asked again meanwhile

    def _show_findings(self) -> None:
        view = self.findings_list
        current = view.currentIndex().data() if view.currentIndex().isValid() else None
        view.selectionModel().blockSignals(True)  # the chart keeps its emphasis while the list is replaced
        try:
            self.findings_model.show_findings(self.findings)
            if current is not None:
                for row, finding in enumerate(self.findings):
                    if current.endswith(finding.text):
                        view.setCurrentIndex(self.findings_model.index(row))
                        break
        finally:
            view.selectionModel().blockSignals(False)

    def _finding_selected(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        people = index.data(PEOPLE_ROLE) if index.isValid() else None
        if not people:
            self.apply_highlight()
            return
        self.highlight_kind.setCurrentIndex(0)
        self._emphasise(set(people))
        visible = [p for p in people if p in self.scene.cards]
        if visible:
            self.view.centerOn(self.scene.cards[visible[0]])

    # --- highlight ----------------------------------------------------------------------------------

    def _fill_highlight_values(self) -> None:
        kind = self.highlight_kind.currentText()
        choices: list[tuple[str, Any]] = []
        if kind == "Stance":
            choices = [(s.label, s) for s in Stance]
        elif kind == "Buying role":
            choices = [(r.label, r) for r in BuyingRole]
        elif kind == "Org unit":
            units = self.rows.org_units if self.rows is not None else {}
            choices = sorted((name, uid) for uid, name in units.items())
        elif kind == "Covered by":
            names = {name for person in self.people.values() for name in person.coverers}
            choices = [(name, name) for name in sorted(names)]
        current = self.highlight_value.currentText()
        self.highlight_value.blockSignals(True)
        self.highlight_value.clear()
        for label, value in choices:
            self.highlight_value.addItem(label, value)
        self.highlight_value.setEnabled(bool(choices))
        index = self.highlight_value.findText(current)
        self.highlight_value.setCurrentIndex(max(index, 0))
        self.highlight_value.blockSignals(False)
        self.apply_highlight()

    def highlighted_ids(self) -> set[int] | None:
        kind = self.highlight_kind.currentText()
        value = self.highlight_value.currentData()
        if kind == "Nothing" or value is None:
            return None
        checks = {
            "Stance": lambda p: p.stance == value,
            "Buying role": lambda p: value in p.roles,
            "Org unit": lambda p: p.org_unit_id == value,
            "Covered by": lambda p: value in p.coverers,
        }
        return {p.id for p in self.people.values() if checks[kind](p)}

    def apply_highlight(self) -> None:
        self._emphasise(self.highlighted_ids())

    def _emphasise(self, people: set[int] | None) -> None:
        """Highlight these people's cards and dim the others (None: none)."""
        if people is None and self._emphasis is None:
            return  # nothing is emphasised: nothing to undo on thousands of cards
        self._emphasis = people
        self.scene.emphasise(people)

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
        if self._refused():
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
            self._lay_out()
            return
        self.scene.follow_layout(self.live, change, self.people)
        if self.marks:
            self.scene.set_marks(self.marks)
        if change.shown and self.rows is not None:
            self.scene.set_links(chart_links(self.rows.links_of(change.shown)), people=change.shown)
            if self._emphasis is not None:
                self.scene.emphasise(self._emphasis, only=change.shown)

    # --- edits --------------------------------------------------------------------------------------

    def move_under(self, person_id: int, manager_id: int) -> bool:
        if self.account_id is None:
            return False
        if self._refused():
            card = self.scene.cards.get(person_id)
            if card is not None:
                self.scene.snap_back(card)
            return False
        person, manager = self.people[person_id], self.people[manager_id]
        text = f"move {person.name} under {manager.name}"
        done = self.context.execute(SetManager(self.context, self.account_id, person_id, manager_id, text))
        card = self.scene.cards.get(person_id)
        if card is not None:
            self.scene.snap_back(card)  # the refused move: the card goes back where it was
        return done

    def add_link(
        self, source_id: int, target_id: int, kind: InfluenceKind = InfluenceKind.INFLUENCES
    ) -> bool:
        if self.account_id is None:
            return False
        if self._refused():
            return False
        source, target = self.people[source_id], self.people[target_id]
        text = f"add influence link {source.name} → {target.name}"
        return self.context.execute(
            AddInfluenceLink(self.context, self.account_id, source_id, target_id, text, kind=kind)
        )

    def add_person(self, manager_id: int | None, name: str | None = None) -> bool:
        if self.account_id is None:
            return False
        if self._refused():
            return False
        if name is None:
            name, ok = QInputDialog.getText(self, "Add stakeholder", "Name:")
            if not ok or not name.strip():
                return False
        return self.context.execute(
            AddStakeholder(self.context, self.account_id, name.strip(), reports_to_id=manager_id)
        )

    def set_departed(self, person_id: int, departed: bool) -> bool:
        if self.account_id is None:
            return False
        if self._refused():
            return False
        on = dt.date.today() if departed else None
        return self.context.execute(
            SetDeparted(self.context, self.account_id, person_id, self.people[person_id].name, on)
        )

    def delete_person(self, person_id: int, *, confirm: bool = True) -> bool:
        if self.account_id is None:
            return False
        if self._refused():
            return False
        name = self.people[person_id].name
        with self.context.database.session() as session:
            found = dependents(session, person_id)
        if found and confirm:
            answer = QMessageBox.question(
                self,
                "Delete stakeholder",
                f"{name} is referred to by:\n• "
                + "\n• ".join(found)
                + "\n\nDelete anyway? Their direct reports move "
                "up to their manager and the rest loses its owner. Edit → Undo puts everything back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self.context.execute(
            DeleteStakeholder(self.context, self.account_id, person_id, name, force=True)
        )

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
        if self.account_id is None:
            return None
        if path is None:
            if unit_id is None and self.highlight_kind.currentText() == "Org unit":
                unit_id = self.highlight_value.currentData()
            request = ask_chart_export(
                self, self.context, self.account_id, self.people, person_id=person_id, unit_id=unit_id
            )
            if request is None:
                return None
        else:
            request = ChartRequest(Path(path), paper, unit_id, person_id, levels)
        look = ChartLook(
            self.influence_box.isChecked(), frozenset(self.collapsed), self.compact_box.isChecked()
        )
        return export_in_background(self, self.context, self.account_id, request, look)

    def _context_menu(self, person_id: int, position: QPoint) -> None:
        person = self.people[person_id]
        menu = QMenu(self)
        menu.addAction("Add direct report…", lambda: self.add_person(person_id))
        menu.addAction("Add peer…", lambda: self.add_person(person.manager_id))
        menu.addAction("Draw influence link from here…", lambda: self.view.start_link(person_id))
        menu.addSeparator()
        expand = person_id in self.collapsed
        menu.addAction("Expand team" if expand else "Collapse team", lambda: self.toggle_collapsed(person_id))
        menu.addAction(
            "Mark active again" if person.departed else "Mark departed today",
            lambda: self.set_departed(person_id, not person.departed),
        )
        menu.addAction("Export this person's organisation…", lambda: self.export_chart(person_id=person_id))
        menu.addSeparator()
        add_history_action(menu, self.context.events, RecordRef("stakeholders", person_id, person.name))
        menu.addSeparator()
        menu.addAction("Delete…", lambda: self.delete_person(person_id))
        menu.popup(position)

"""The org chart page: the chart, what it means (findings), and the person being edited."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from accountplan.analysis.change_log import RecordRef
from accountplan.analysis.findings import Finding, find_all, summary
from accountplan.analysis.graphs import AccountGraphs, load_graphs
from accountplan.analysis.layout import TreeLayout, tidy_tree
from accountplan.analysis.leadership import recent_leadership_changes
from accountplan.model import Account, OrgUnit
from accountplan.model.enums import BuyingRole, InfluenceKind, RelationshipStrength, Stance
from accountplan.plan.stakeholders import dependents
from accountplan.ui.common.background import BackgroundTask, run_with_progress
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
from accountplan.ui.common.record_history import add_history_action
from accountplan.ui.common.theme import severity_colour
from accountplan.ui.orgchart.org_chart_scene import (
    INFLUENCE_COLOURS,
    ChartLink,
    ChartPerson,
    OrgChartScene,
    PersonCard,
    layout_nodes,
)
from accountplan.ui.orgchart.org_chart_view import OrgChartView, readable_scale
from accountplan.ui.orgchart.stakeholder_panel import StakeholderPanel
from accountplan.ui.people.models import STANCE_COLOURS

HIGHLIGHTS = ("Nothing", "Stance", "Buying role", "Org unit", "Covered by")


def chart_people(graphs: AccountGraphs) -> dict[int, ChartPerson]:
    """What each card shows, from the account's graphs (sibling order: by name)."""
    coverers: dict[int, list[tuple[int, str]]] = {}
    for a, b, data in graphs.coverage.edges(data=True):
        seller, person = (a, b) if a[0] == "c" else (b, a)
        if data["strength"] is not RelationshipStrength.NONE:
            coverers.setdefault(person[1], []).append((seller[1], graphs.co_sellers.get(seller[1], "?")))
    people = {}
    for p in sorted(graphs.people.values(), key=lambda p: p.name):
        covered = sorted(coverers.get(p.id, []), key=lambda c: c[1])
        people[p.id] = ChartPerson(
            p.id,
            p.name,
            p.title,
            p.reports_to_id,
            p.org_unit_id,
            frozenset(p.roles),
            p.stance,
            p.influence,
            p.departed,
            tuple(name for _, name in covered),
            frozenset(cid for cid, _ in covered),
        )
    return people


class OrgChartPage(Page):
    """The buyer's organisation and real influence, with the findings beside it."""

    key, title = "org-chart", "Org chart"

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
        self.people: dict[int, ChartPerson] = {}
        self.layout_result: TreeLayout | None = None
        self.findings: list[Finding] = []
        self.collapsed: set[int] = set()
        self.org_units: dict[int, str] = {}
        self._fitted_for: int | None = None
        self._top_pending = False
        self._build()
        self.view.reparent_requested.connect(self.move_under)
        self.view.link_requested.connect(self.add_link)
        self.view.context_requested.connect(self._context_menu)
        self.scene.selectionChanged.connect(self._selection_changed)

    # --- building -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
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
        self.compact_box.toggled.connect(lambda: self.refresh())
        bar.addWidget(self.influence_box)
        bar.addWidget(self.compact_box)
        self.highlight_kind = QComboBox()
        self.highlight_kind.addItems(HIGHLIGHTS)
        self.highlight_value = QComboBox()
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
        layout.addLayout(self._legend())
        splitter = QSplitter()
        splitter.addWidget(self.view)
        side = QTabWidget()
        self.findings_list = QListWidget()
        self.findings_list.setWordWrap(True)
        self.findings_list.setSpacing(4)
        self.findings_list.currentItemChanged.connect(self._finding_selected)
        side.addTab(self.findings_list, "Findings")
        side.addTab(self.panel, "Person")
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

    def refresh(self) -> None:
        if self.account_id is None:
            self.scene.clear()
            self.people = {}
            self.empty.update_visibility()
            return
        selected = self.selected_id()
        today = dt.date.today()
        with self.context.database.session() as session:
            graphs = load_graphs(session, self.account_id)
            leadership = recent_leadership_changes(session, self.account_id, today)
            self.org_units = dict(
                session.execute(
                    select(OrgUnit.id, OrgUnit.name).where(OrgUnit.account_id == self.account_id)
                ).all()
            )
        self.people = chart_people(graphs)
        self.collapsed &= self.people.keys()
        self.layout_result = tidy_tree(
            layout_nodes(list(self.people.values())),
            collapsed=self.collapsed,
            compact=self.compact_box.isChecked(),
        )
        links = [  # every kind of link between two people, not only the strongest
            ChartLink(source, target, kind, strength)
            for (source, target), kinds in graphs.influence_links.items()
            for kind, strength in kinds.items()
        ]
        self.scene.show_chart(self.people, self.layout_result, links)
        self.empty.update_visibility()
        self.findings = find_all(graphs, today, leadership)
        self._show_findings()
        self.completer.model().setStringList(sorted(p.name for p in self.people.values()))  # type: ignore[attr-defined]
        self._fill_highlight_values()
        if self._fitted_for != self.account_id:
            self._fitted_for = self.account_id
            if self.view.isVisible():
                self.show_top()
            else:  # the page is built before it is shown: place the chart once the view has its real size
                self._top_pending = True
        if selected is not None and selected in self.scene.cards:
            self.scene.cards[selected].setSelected(True)

    def _show_findings(self) -> None:
        self.findings_list.clear()
        if not self.findings:
            self.findings_list.addItem(summary(self.findings))
            return
        for finding in self.findings:
            item = QListWidgetItem(f"{finding.severity.label.upper()} · {finding.text}")
            item.setForeground(severity_colour(finding.severity))
            item.setData(Qt.ItemDataRole.UserRole, list(finding.people))
            self.findings_list.addItem(item)

    def _finding_selected(self, item: QListWidgetItem | None) -> None:
        people = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not people:
            self.apply_highlight()
            return
        self.highlight_kind.setCurrentIndex(0)
        self.scene.emphasise(set(people))
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
            choices = sorted((name, uid) for uid, name in self.org_units.items())
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
        self.scene.emphasise(self.highlighted_ids())

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
        hidden = False
        current = self.people.get(person_id)
        while current is not None and current.manager_id is not None:
            if current.manager_id in self.collapsed:
                self.collapsed.discard(current.manager_id)
                hidden = True
            current = self.people.get(current.manager_id)
        if hidden:
            self.refresh()

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
        if person_id is not None:
            self.panel.show_stakeholder(self.account_id, person_id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._top_pending:
            self._top_pending = False
            QTimer.singleShot(0, self.show_top)  # after the layout has sized the view

    def show_top(self) -> None:
        """Fit the chart if its cards can be read that way, else open it at a readable zoom.

        Readable, it opens on the selected person, or on the top of the organisation, and says that Fit
        shows the whole chart.
        """
        layout, viewport = self.layout_result, self.view.viewport().size()
        width, height = (layout.width, layout.height) if layout else (1.0, 1.0)
        fitted = min(viewport.width() / max(width, 1.0), viewport.height() / max(height, 1.0))
        readable = readable_scale()
        if fitted >= readable or not layout or not layout.placements:
            self.view.fit()
            return
        self.view.zoom(readable / self.view.scale_factor())
        selected = self.selected_id()
        if selected is not None and selected in self.scene.cards:
            self.view.centerOn(self.scene.cards[selected])
        else:
            reports = Counter(parent for parent, _ in layout.edges)
            roots = [pid for pid, place in layout.placements.items() if place.depth == 0]
            top = max(roots, key=lambda pid: reports[pid])  # the head of the largest organisation
            card = self.scene.cards[top]
            below = self.view.viewport().height() / 2 / readable - 40
            self.view.centerOn(card.sceneBoundingRect().center().x(), card.y() + below)
        self.context.events.status.emit(
            f"The chart is shown at a readable size; Fit (Ctrl+0) shows all {len(self.people)} people."
        )

    def toggle_collapsed(self, person_id: int) -> None:
        if person_id in self.collapsed:
            self.collapsed.discard(person_id)
        else:
            self.collapsed.add(person_id)
        self.refresh()

    # --- edits --------------------------------------------------------------------------------------

    def move_under(self, person_id: int, manager_id: int) -> bool:
        if self.account_id is None:
            return False
        person, manager = self.people[person_id], self.people[manager_id]
        text = f"move {person.name} under {manager.name}"
        done = self.context.execute(SetManager(self.context, self.account_id, person_id, manager_id, text))
        if not done and not self.context.unreachable:
            self.refresh()  # the refused move: every card goes back where it was
        return done

    def add_link(
        self, source_id: int, target_id: int, kind: InfluenceKind = InfluenceKind.INFLUENCES
    ) -> bool:
        if self.account_id is None:
            return False
        source, target = self.people[source_id], self.people[target_id]
        text = f"add influence link {source.name} → {target.name}"
        return self.context.execute(
            AddInfluenceLink(self.context, self.account_id, source_id, target_id, text, kind=kind)
        )

    def add_person(self, manager_id: int | None, name: str | None = None) -> bool:
        if self.account_id is None:
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
        on = dt.date.today() if departed else None
        return self.context.execute(
            SetDeparted(self.context, self.account_id, person_id, self.people[person_id].name, on)
        )

    def delete_person(self, person_id: int, *, confirm: bool = True) -> bool:
        if self.account_id is None:
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

    def export_chart(self, path: Path | None = None) -> BackgroundTask | None:
        """Export the chart as it is shown (collapsed teams, compact, links) to SVG, PNG or PDF."""
        if self.account_id is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export org chart", "org-chart.pdf", "PDF (*.pdf);;SVG (*.svg);;PNG image (*.png)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        account_id, database = self.account_id, self.context.database
        options = {
            "include_influence": self.influence_box.isChecked(),
            "collapsed": set(self.collapsed),
            "compact": self.compact_box.isChecked(),
        }

        def work() -> str:
            from accountplan.reports.org_chart import export_org_chart

            with database.session() as session:
                graphs = load_graphs(session, account_id)
                name = session.get(Account, account_id).name  # type: ignore[union-attr]
            export_org_chart(
                graphs,
                path,
                title=f"{name}: org chart",
                database=database.path,
                **options,  # type: ignore[arg-type]
            )
            return f"Exported the org chart to {path}."

        task = run_with_progress(self, f"Exporting the org chart to {path.name}…", work)
        task.succeeded.connect(self.context.events.status.emit)
        task.failed.connect(self.context.report)
        return task

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
        menu.addSeparator()
        add_history_action(menu, self.context.events, RecordRef("stakeholders", person_id, person.name))
        menu.addSeparator()
        menu.addAction("Delete…", lambda: self.delete_person(person_id))
        menu.popup(position)

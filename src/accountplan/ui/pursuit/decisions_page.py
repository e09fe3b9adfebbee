"""The decision process page: how the customer decides, drawn as a graph, with its steps edited in a table."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.decision_path import DecisionGraph, PathAnalysis, analyse, layers
from accountplan.plan.decisions import decision_graph, owner_choices
from accountplan.plan.opportunities import list_opportunities
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.column_fit import ColumnFit
from accountplan.ui.common.commands import PlanCommand, PlanContext
from accountplan.ui.common.delegates import ChoiceDelegate
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.common.pages import Page, fit_columns, row_table
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.pursuit.deal_selector import DealSelector
from accountplan.ui.pursuit.decision_model import StepTableModel
from accountplan.ui.pursuit.decision_scene import BADGES, CRITICAL_COLOUR, STATUS_COLOURS, DecisionScene
from accountplan.ui.pursuit.opportunity_model import days_text
from accountplan.ui.pursuit.pursuit_commands import (
    AddDependency,
    AddStep,
    DeleteStep,
    RemoveDependency,
    UpdateStep,
)

#: The drawing is never shrunk below this to fit: past it, the view scrolls.
MIN_FIT_SCALE = 0.6
LATE_COLOUR, SPARE_COLOUR = "#b3261e", "#1b8a3a"


def slack_text(graph: DecisionGraph, analysis: PathAnalysis, on_deal: bool) -> str:
    """The line above the drawing: how the projected end of the process compares with the decision date."""
    if not graph.steps:
        return "No step yet: add the steps the customer must go through to decide."
    if not on_deal:
        return "Steps tied to no deal have no decision date."
    if graph.decision_date is None:
        return "The deal has no expected close: set one to see whether the process ends in time."
    decided = f"Decision date {graph.decision_date.isoformat()}"
    slack = analysis.slack_days
    if slack is None:
        return f"{decided}; the final step has no due date, so its finish cannot be projected."
    finish = analysis.projected_finish.get(analysis.critical[-1]) if analysis.critical else None
    projected = f" · the last step is projected for {finish.isoformat()}" if finish else ""
    if slack < 0:
        return f"{decided}{projected} · <b style='color:{LATE_COLOUR}'>{days_text(-slack)} late</b>"
    return f"{decided}{projected} · <b style='color:{SPARE_COLOUR}'>{days_text(slack)} to spare</b>"


def legend_html() -> str:
    chips = [
        f"<span style='color:{colour}'>■</span> {status.label}" for status, colour in STATUS_COLOURS.items()
    ]
    chips.append(f"<span style='color:{CRITICAL_COLOUR}'><b>━</b></span> critical path")
    badges = [f"<span style='color:{colour}'><b>{text}</b></span>" for text, colour in BADGES.values()]
    return (
        " &nbsp; ".join(chips)
        + " &nbsp;&nbsp;|&nbsp;&nbsp; "
        + " &nbsp; ".join(badges)
        + " : past due, held up by a blocked step, nobody (still there) owns it"
    )


class DecisionView(QGraphicsView):
    """The drawing of the decision process; it fits itself to the width it is given, down to a limit."""

    def __init__(self, scene: DecisionScene) -> None:
        super().__init__(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def fit(self) -> None:
        rect: QRectF = self.sceneRect()
        if rect.isEmpty():
            return
        # The room without scroll bars: a scale fitted to the viewport would make them come and go, each
        # time resizing the viewport and fitting again, for ever.
        room = self.maximumViewportSize()
        scale = min(1.0, room.width() / rect.width(), room.height() / rect.height())
        scale = max(scale, MIN_FIT_SCALE)
        if abs(self.transform().m11() - scale) < 1e-9:
            return
        self.resetTransform()
        self.scale(scale, scale)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.fit()


class DecisionsPage(Page):
    """How the customer decides on a deal: the steps as a graph (critical path, risks) and as a table."""

    key, title = "decisions", "Decision process"
    reads = frozenset(
        {
            "change_log",
            "competitors",
            "decision_dependencies",
            "decision_steps",
            "opportunities",
            "opportunity_competitors",
            "stage_changes",
            "stakeholder_roles",
            "stakeholders",
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.graph: DecisionGraph | None = None
        self.analysis: PathAnalysis | None = None
        self._syncing = False
        layout = QVBoxLayout(self)
        layout.addLayout(self.title_bar("Decision process"))
        top = QHBoxLayout()
        top.addWidget(QLabel("Deal"))
        self.deals = DealSelector(none_label="Steps not tied to a deal")
        self.deals.setMinimumContentsLength(44)
        self.deals.deal_changed.connect(lambda _id: self.show_deal())
        top.addWidget(self.deals)
        self.slack = QLabel("")
        self.slack.setStyleSheet("font-size:11pt; padding-left:12px;")
        self.slack.setWordWrap(True)
        top.addWidget(self.slack, 1)
        layout.addLayout(top)
        self.scene = DecisionScene(self)
        self.scene.selectionChanged.connect(self._box_selected)
        self.view = DecisionView(self.scene)
        describe(
            self.view,
            "Decision process chart",
            "The deal's decision steps as boxes, each after the steps it depends on",
        )
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)
        drawing = QWidget()
        drawing_box = QVBoxLayout(drawing)
        drawing_box.setContentsMargins(0, 0, 0, 0)
        drawing_box.addWidget(self.view, 1)
        drawing_box.addWidget(self.legend)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(drawing)
        splitter.addWidget(self._editor())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([430, 340])
        layout.addWidget(splitter, 1)

    def _editor(self) -> QWidget:
        editor = QWidget()
        box = QVBoxLayout(editor)
        box.setContentsMargins(0, 0, 0, 0)
        bar = FlowLayout()  # on a laptop the dependency choices wrap onto a second line
        self.add_button = QPushButton("&Add step…")
        self.add_button.clicked.connect(lambda: self.add_step())
        self.delete_button = QPushButton("Delete step")
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.notes_button = QPushButton("&Notes…")
        self.notes_button.setToolTip(
            "What the step needs, who else is in it: shown when pointing at its box or its name"
        )
        self.notes_button.clicked.connect(lambda: self.edit_notes())
        self.prerequisite_box = QComboBox()
        describe(self.prerequisite_box, "Step it depends on")
        self.prerequisite_box.setMinimumContentsLength(24)
        self.depend_button = QPushButton("&Depends on")
        self.depend_button.setToolTip("The selected step cannot finish before the step chosen beside")
        self.depend_button.clicked.connect(lambda: self.add_dependency(self.prerequisite_box.currentData()))
        self.dependency_box = QComboBox()
        describe(self.dependency_box, "Step it no longer depends on")
        self.dependency_box.setMinimumContentsLength(24)
        self.undepend_button = QPushButton("No longer depends on")
        self.undepend_button.clicked.connect(
            lambda: self.remove_dependency(self.dependency_box.currentData())
        )
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        bar.addWidget(self.notes_button)
        for button, choices in (
            (self.depend_button, self.prerequisite_box),
            (self.undepend_button, self.dependency_box),
        ):
            pair = QWidget()  # a button and its choices stay on one line together
            pair_box = QHBoxLayout(pair)
            pair_box.setContentsMargins(16, 0, 0, 0)
            pair_box.addWidget(button)
            pair_box.addWidget(choices)
            bar.addWidget(pair)
        box.addLayout(bar)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color:{LATE_COLOUR};")
        box.addWidget(self.message)
        self.model = StepTableModel(self.context)
        self.table = row_table(self.model)
        describe(self.table, "Decision steps table")
        self.empty = EmptyState(
            self.table,
            "No decision steps yet. Add how this customer decides: business case, technical evaluation, "
            "security review, procurement, legal, board approval, and what each depends on.",
            [("Add the first step…", self.add_button.click)],
            model=self.model,
        )
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._row_selected())
        self.column_fit = ColumnFit(self.table, 0, least=240)  # the step's name stays readable
        box.addWidget(self.table, 1)
        return editor

    # --- data ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.account_id is None:
            return
        with self.context.database.session() as session:
            deals = list_opportunities(session, self.account_id, dt.date.today())
        self.deals.blockSignals(True)
        self.deals.set_deals(deals)
        self.deals.blockSignals(False)
        self.show_deal()

    def _owners(self) -> list[tuple[int, str]]:
        assert self.account_id is not None
        with self.context.database.session() as session:
            return owner_choices(session, self.account_id)

    def show_deal(self) -> None:
        """Draw the chosen deal's decision process and fill the table, keeping the selected step."""
        if self.account_id is None:
            return
        selected = self.selected_id()
        deal_id = self.deals.current_deal()
        with self.context.database.session() as session:
            self.graph = decision_graph(session, self.account_id, deal_id)
        columns = layers(self.graph)
        self.analysis = analyse(self.graph, dt.date.today())
        self.scene.show_graph(self.graph, columns, self.analysis)
        self.view.fit()
        self.model.show_steps(self.account_id, self.graph, columns, self.analysis, self._owners())
        fit_columns(self.table, widest=300)
        self.column_fit.refit()
        self.slack.setText(slack_text(self.graph, self.analysis, deal_id is not None))
        steps = len(self.graph.steps)
        risky = self.analysis.overdue | self.analysis.blocked | self.analysis.ownerless
        self.summary.setText(
            f"  {steps} step(s) · {len(self.analysis.critical)} on the critical path"
            + (f" · <span style='color:{LATE_COLOUR}'><b>{len(risky)} at risk</b></span>" if risky else "")
        )
        if selected is None or not self.select_step(selected):
            self._row_selected()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def select_step(self, step_id: int) -> bool:
        row = self.model.row_of(step_id)
        if row < 0:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _box_selected(self) -> None:
        if self._syncing:
            return
        step_id = self.scene.selected_step()
        if step_id is not None and step_id != self.selected_id():
            self.select_step(step_id)

    def _row_selected(self) -> None:
        step_id = self.selected_id()
        self._syncing = True
        try:
            self.scene.select_steps([step_id] if step_id is not None else [])
        finally:
            self._syncing = False
        self._fill_dependency_boxes(step_id)
        self.delete_button.setEnabled(step_id is not None)
        self.notes_button.setEnabled(step_id is not None)
        self.add_button.setEnabled(self.account_id is not None)

    def _fill_dependency_boxes(self, step_id: int | None) -> None:
        graph = self.graph
        prerequisites = {b for b, a in graph.edges if a == step_id} if graph else set()
        others = sorted(
            (s for s in (graph.steps.values() if graph else ()) if s.id != step_id),
            key=lambda s: s.name.casefold(),
        )
        self.prerequisite_box.clear()
        self.dependency_box.clear()
        for step in others:
            box = self.dependency_box if step.id in prerequisites else self.prerequisite_box
            box.addItem(step.name, step.id)
        self.depend_button.setEnabled(step_id is not None and self.prerequisite_box.count() > 0)
        self.undepend_button.setEnabled(step_id is not None and self.dependency_box.count() > 0)

    # --- editing ------------------------------------------------------------------------------------

    def _execute(self, command: PlanCommand) -> bool:
        done = self.context.execute(command)
        self.message.setText("" if done else self.context.failures[-1])
        return done

    def _name(self, step_id: int) -> str:
        return self.graph.steps[step_id].name if self.graph and step_id in self.graph.steps else "the step"

    def add_step(self, name: str | None = None) -> bool:
        """Add a step to the deal shown (asking for its name when not given), and select it."""
        if self.account_id is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(self, "New decision step", "What must the customer do?")
            if not ok:
                return False
        command = AddStep(
            self.context, self.account_id, name.strip(), opportunity_id=self.deals.current_deal()
        )
        if not self._execute(command):
            return False
        if command.change.row_id is not None:
            self.select_step(command.change.row_id)
        return True

    def delete_selected(self) -> bool:
        step_id = self.selected_id()
        if step_id is None or self.account_id is None:
            return False
        return self._execute(DeleteStep(self.context, self.account_id, step_id, self._name(step_id)))

    def edit_notes(self, text: str | None = None) -> bool:
        """Write the selected step's notes (asking for them, the current ones to edit, when not given)."""
        step_id = self.selected_id()
        if step_id is None or self.account_id is None or self.graph is None:
            return False
        current = self.graph.steps[step_id].notes
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self, "Notes on the step", f"{self._name(step_id)}: what it needs, who else is in it", current
            )
            if not ok:
                return False
        if text.strip() == current.strip():
            return False
        name = self._name(step_id)
        return self._execute(UpdateStep(self.context, self.account_id, step_id, name, notes=text.strip()))

    def add_dependency(self, depends_on_id: int | None, step_id: int | None = None) -> bool:
        """Make the selected step (or ``step_id``) wait for ``depends_on_id``; a loop is refused and shown."""
        step_id = step_id if step_id is not None else self.selected_id()
        if step_id is None or depends_on_id is None or self.account_id is None:
            return False
        text = f"make {self._name(step_id)} depend on {self._name(depends_on_id)}"
        return self._execute(AddDependency(self.context, self.account_id, step_id, depends_on_id, text))

    def remove_dependency(self, depends_on_id: int | None, step_id: int | None = None) -> bool:
        step_id = step_id if step_id is not None else self.selected_id()
        if step_id is None or depends_on_id is None or self.account_id is None:
            return False
        text = f"make {self._name(step_id)} no longer depend on {self._name(depends_on_id)}"
        return self._execute(RemoveDependency(self.context, self.account_id, step_id, depends_on_id, text))

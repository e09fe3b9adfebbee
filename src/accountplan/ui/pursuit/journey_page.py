"""The journey page: the three-year timeline of milestones and deals, and the whitespace map."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import JourneyPhase, MilestoneStatus, Outcome, WhitespaceStatus
from accountplan.plan.actions import purpose_names
from accountplan.plan.journey import Journey, MilestoneRow, journey
from accountplan.plan.opportunities import list_competitors
from accountplan.plan.whitespace import whitespace_map
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanCommand, PlanContext
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.common.pages import Page, money_text
from accountplan.ui.common.theme import ON_TINT
from accountplan.ui.pursuit.journey_commands import (
    AddMilestone,
    DeleteMilestone,
    SetWhitespaceCell,
    UpdateMilestone,
)
from accountplan.ui.pursuit.journey_scene import (
    DEAL_BORDER,
    DEAL_COLOURS,
    LATE_COLOUR,
    MILESTONE_COLOURS,
    JourneyScene,
    JourneyView,
)
from accountplan.ui.pursuit.milestone_dialog import MilestoneDialog
from accountplan.ui.pursuit.pursuit_commands import UpdateOpportunity
from accountplan.ui.pursuit.red_flag_dialog import named_choices
from accountplan.ui.pursuit.whitespace_dialog import WhitespaceCellDialog
from accountplan.ui.pursuit.whitespace_model import STATUS_COLOURS, WhitespaceModel

WHITESPACE_COLUMN, WHITESPACE_HEADER = 84, 320


def _swatch(text: str, fill: str, *, border: str = "#c4c9d0") -> QLabel:
    label = QLabel(text)
    text_colour = ON_TINT.color().name()
    label.setStyleSheet(
        f"background: {fill}; color: {text_colour}; border: 1px solid {border}; padding: 2px 6px;"
    )
    return label


def _marker(symbol: str, text: str, colour: str) -> QLabel:
    return QLabel(f"<span style='color:{colour}; font-size: 13pt'>{symbol}</span> {text}")


def _legend(items: list[QWidget]) -> FlowLayout:
    """The legend's entries on one line, or on as many as a narrow window needs."""
    row = FlowLayout()
    for item in items:
        row.addWidget(item)
    return row


class JourneyPage(Page):
    """Milestones by quarter over three fiscal years, deals by expected close, and the whitespace map."""

    key, title = "journey", "Journey"
    reads = frozenset(
        {
            "accounts",
            "competitors",
            "meeting_decisions",
            "milestones",
            "opportunities",
            "org_units",
            "product_lines",
            "red_flags",
            "stakeholders",
            "whitespace_cells",
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.journey: Journey | None = None
        self.deals: list[tuple[int, str]] = []
        self.competitors: list[tuple[int, str]] = []
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self.title_bar("Journey"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._timeline_tab(), "Timeline")
        self.tabs.addTab(self._whitespace_tab(), "Whitespace")
        layout.addWidget(self.tabs, 1)

    def _timeline_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.add_button = QPushButton("&Add milestone…")
        self.add_button.clicked.connect(lambda: self.add_milestone())
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addSpacing(16)
        bar.addLayout(
            _legend(
                [
                    *(
                        _marker("◆", status.label, MILESTONE_COLOURS[status])
                        for status in (
                            MilestoneStatus.PLANNED,
                            MilestoneStatus.REACHED,
                            MilestoneStatus.MISSED,
                        )
                    ),
                    _marker("◆", "Late", LATE_COLOUR),
                    _marker("○", "Open deal", DEAL_BORDER),
                    _marker("●", "Won", DEAL_COLOURS[Outcome.WON]),
                    _marker("●", "Lost / no decision", DEAL_COLOURS[Outcome.LOST]),
                    QLabel("<span style='color:#d2453b'>┆ today</span>"),
                ]
            ),
            1,
        )
        layout.addLayout(bar)
        self.scene = JourneyScene()
        self.view = JourneyView(self.scene)
        describe(self.view, "Customer journey", "The deals' milestones on a time line, today marked")
        self.view.resized.connect(self._draw)
        # Queued: the item being dropped must finish its mouse event before the scene is drawn again.
        self.scene.reschedule_requested.connect(self.reschedule, Qt.ConnectionType.QueuedConnection)
        self.scene.edit_requested.connect(lambda kind, item_id: self.edit_item(kind, item_id))
        self.scene.add_requested.connect(lambda phase, day: self.add_milestone(phase, day))
        self.scene.selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.view, 1)
        self.note = QLabel("")
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        return tab

    def _whitespace_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(
            _legend(
                [
                    *(
                        _swatch(status.label, STATUS_COLOURS[status].name())
                        for status in WhitespaceStatus
                        if status in STATUS_COLOURS
                    ),
                    _swatch(WhitespaceStatus.UNKNOWN.label, "#ffffff"),
                    QLabel("  Values are the potential of each cell; double-click a cell to edit it."),
                ]
            )
        )
        self.whitespace = WhitespaceModel()
        self.table = QTableView()
        describe(self.table, "Whitespace map", "Org units by product lines: the potential of each cell")
        self.table.setModel(self.whitespace)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda index: self.edit_cell(index))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(WHITESPACE_COLUMN)
        self.empty = EmptyState(
            self.table,
            "No whitespace map yet: it is the customer's org units against our product lines. "
            "Add them, then fill each cell: ours, a competitor's, an open opportunity, or not a fit.",
            [("Add org units and product lines…", lambda: self.context.events.edit_catalog.emit())],
            is_empty=lambda: self.whitespace.rowCount() == 0 or self.whitespace.columnCount() == 0,
        )
        for signal in (self.whitespace.modelReset, self.whitespace.layoutChanged):
            signal.connect(self.empty.update_visibility)
        vertical = self.table.verticalHeader()
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setFixedWidth(WHITESPACE_HEADER)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        layout.addWidget(self.table, 1)
        self.whitespace_summary = QLabel("")
        self.whitespace_summary.setWordWrap(True)
        layout.addWidget(self.whitespace_summary)
        return tab

    # --- data ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.account_id is None:
            self.journey = None
            self.scene.clear()
            self.whitespace.set_map(None)
            return
        today = dt.date.today()
        with self.context.database.session() as session:
            self.journey = journey(session, self.account_id, today)
            found = whitespace_map(session, self.account_id)
            self.deals = [
                (i, name)
                for name, i in named_choices(purpose_names(session, self.account_id), "opportunity_id")
            ]
            self.competitors = [
                (i, name) for i, name, _incumbent in list_competitors(session, self.account_id)
            ]
        self._draw()
        self.whitespace.set_map(found)
        metrics = self.table.verticalHeader().fontMetrics()
        widest = max(
            (
                metrics.horizontalAdvance(str(self.whitespace.headerData(row, Qt.Orientation.Vertical)))
                for row in range(self.whitespace.rowCount())
            ),
            default=0,
        )
        self.table.verticalHeader().setFixedWidth(min(WHITESPACE_HEADER, widest + 24))
        ours = sum(1 for cell in found.cells.values() if cell.status is WhitespaceStatus.OURS)
        self.whitespace_summary.setText(
            f"{len(found.units)} org units × {len(found.lines)} product lines · "
            f"{ours} cell{'s' if ours != 1 else ''} ours · "
            f"whitespace still to win: <b>{money_text(found.total, found.currency)}</b>"
        )
        late = sum(1 for m in self.journey.milestones if m.late)
        first, last = self.journey.quarters[0], self.journey.quarters[-1]
        self.summary.setText(
            f"  {first.title} – {last.title} · {len(self.journey.milestones)} milestones"
            + (f" · <span style='color:#b3261e'><b>{late} late</b></span>" if late else "")
            + f" · {len(self.journey.deals)} deals"
        )

    def _draw(self) -> None:
        if self.journey is None:
            return
        selected = self.scene.selected_item()
        key = (selected.kind, selected.item_id) if selected else None
        self.scene.show_journey(self.journey, dt.date.today(), self.view.viewport().width())
        if key is not None and key in self.scene.items_by_key:
            self.scene.items_by_key[key].setSelected(True)
        outside = self.journey.outside
        self.note.setText(
            (
                "1 milestone or deal falls outside these twelve quarters and is not drawn."
                if outside == 1
                else f"{outside} milestones or deals fall outside these twelve quarters and are not drawn."
            )
            if outside
            else "Drag a milestone or an open deal sideways to reschedule it; double-click a lane to add."
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.scene.selected_item()
        is_milestone = item is not None and item.kind == "milestone"
        self.edit_button.setEnabled(is_milestone)
        self.delete_button.setEnabled(is_milestone)
        self.add_button.setEnabled(self.account_id is not None)

    def milestone(self, milestone_id: int) -> MilestoneRow | None:
        rows = self.journey.milestones if self.journey else ()
        return next((m for m in rows if m.id == milestone_id), None)

    # --- the timeline -------------------------------------------------------------------------------

    def reschedule(self, kind: str, item_id: int, day: dt.date) -> bool:
        """Move a milestone's target date or a deal's expected close; the item goes back if refused."""
        if self.account_id is None or self.journey is None:
            return False
        if kind == "milestone":
            found = self.milestone(item_id)
            title = found.title if found else str(item_id)
            command: PlanCommand = UpdateMilestone(
                self.context, self.account_id, item_id, title, target_date=day
            )
        else:
            deal = next((d for d in self.journey.deals if d.id == item_id), None)
            name = deal.name if deal else str(item_id)
            command = UpdateOpportunity(self.context, self.account_id, item_id, name, expected_close=day)
        if self.context.execute(command):
            return True
        item = self.scene.items_by_key.get((kind, item_id))
        if item is not None:
            item.snap_back()
        return False

    def add_milestone(
        self, phase: JourneyPhase = JourneyPhase.LAND, day: dt.date | None = None
    ) -> MilestoneDialog | None:
        if self.account_id is None:
            return None
        account_id = self.account_id
        dialog = MilestoneDialog(self.window(), self.deals, phase=phase, day=day)

        def save() -> None:
            values = dialog.values()
            self.context.execute(AddMilestone(self.context, account_id, values.pop("title"), **values))

        dialog.accepted.connect(save)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_item(self, kind: str, item_id: int) -> MilestoneDialog | None:
        found = self.milestone(item_id) if kind == "milestone" else None
        if found is None or self.account_id is None:
            return None
        account_id = self.account_id
        dialog = MilestoneDialog(self.window(), self.deals, milestone=found)

        def save() -> None:
            changes = dialog.changes_from(found)
            if changes:
                self.context.execute(
                    UpdateMilestone(self.context, account_id, found.id, found.title, **changes)
                )

        dialog.accepted.connect(save)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_selected(self) -> MilestoneDialog | None:
        item = self.scene.selected_item()
        return self.edit_item(item.kind, item.item_id) if item is not None else None

    def delete_selected(self) -> bool:
        item = self.scene.selected_item()
        found = self.milestone(item.item_id) if item is not None and item.kind == "milestone" else None
        if found is None or self.account_id is None:
            return False
        return self.context.execute(DeleteMilestone(self.context, self.account_id, found.id, found.title))

    # --- the whitespace map -------------------------------------------------------------------------

    def edit_cell(self, index: QModelIndex) -> WhitespaceCellDialog | None:
        """Open the dialog of the cell at ``index`` (not a total); saved, undoably, when accepted."""
        unit, line = self.whitespace.unit(index.row()), self.whitespace.line(index.column())
        found = self.whitespace.map
        if unit is None or line is None or found is None or self.account_id is None:
            return None
        account_id = self.account_id
        place = f"{unit[1]} × {line[1]}"
        dialog = WhitespaceCellDialog(
            self.window(),
            place,
            self.whitespace.cell(index.row(), index.column()),
            self.competitors,
            self.deals,
            found.currency,
        )

        def save() -> None:
            changes = dialog.changes()
            if changes:
                command = SetWhitespaceCell(self.context, account_id, unit[0], line[0], place, **changes)
                self.context.execute(command)

        dialog.accepted.connect(save)
        self.dialog = dialog
        dialog.open()
        return dialog

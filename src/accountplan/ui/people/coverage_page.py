"""The coverage page: who on our side knows whom on theirs, heat-coloured, gaps on top, edited in place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.as_of import past_account
from accountplan.analysis.coverage import STALE_DAYS, coverage_matrix
from accountplan.analysis.past_views import first_day, last_meeting_day, past_coverage_matrix
from accountplan.errors import Refused
from accountplan.model.enums import BuyingRole, RelationshipStrength
from accountplan.plan.coverage_table import coverage_people, coverage_rows
from accountplan.store.touched import Touched
from accountplan.ui.common.accessibility import describe, name_controls
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.dialog_parts import date_edit, ok_cancel
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.common.pages import Page, keeping_place
from accountplan.ui.common.past_day import DayBar, PastBanner, refusal
from accountplan.ui.people.coverage_model import (
    HEAT,
    LEAD,
    STALE_MARK,
    CoverageDelegate,
    CoverageFilterProxy,
    CoverageMatrixModel,
    RotatedHeader,
)
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.team.team_dialogs import to_date

#: Fixed sizes: the view never measures 60,000 cells to size its columns.
CELL_WIDTH, ROW_HEIGHT, NAME_WIDTH = 30, 24, 230
LEADING_WIDTHS = (86, 40, 76)
#: A change that wrote more people and relationships than this is shown by reading the matrix again.
FEW_ROWS = 500


class CoveragePage(Page):
    """The coverage matrix of the account: stakeholders × co-sellers, with filters and a legend."""

    key, title = "coverage", "Coverage"
    reads = frozenset(
        {
            "accounts",
            "co_sellers",
            "deal_team_members",
            "coverage",
            "stakeholders",
            "stakeholder_roles",
            "org_units",
            # The As of bar: the last alignment meeting, and the change log a past day is rebuilt from.
            "meetings",
            "change_log",
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = CoverageMatrixModel(context)
        self.proxy = CoverageFilterProxy()
        self.proxy.setSourceModel(self.model)
        #: The past day shown (None: today, editable).
        self.day: dt.date | None = None
        layout = QVBoxLayout(self)
        self.banner = PastBanner()
        layout.addWidget(self.banner)
        top = self.title_bar("Coverage")
        self.day_bar = DayBar()
        self.day_bar.day_chosen.connect(self.show_day)
        self.banner.back.connect(lambda: self.day_bar.choose(None))
        top.addWidget(self.day_bar)
        layout.addLayout(top)
        layout.addLayout(self._filters())
        layout.addLayout(self._legend())
        self.table = self._matrix_view()
        layout.addWidget(self.table, 1)
        navigate = context.events.navigate
        self.empty = EmptyState(
            self.table,
            "Coverage shows which of our people knows which of theirs, and how well. It needs the "
            "customer's people and our deal team: add them first, then double-click a cell to say how well "
            "each co-seller knows each person.",
            [
                ("Stakeholders", lambda: navigate.emit("stakeholders")),
                ("Deal team", lambda: navigate.emit("team")),
            ],
            is_empty=lambda: self.model.rowCount() == 0 or self.model.columnCount() <= LEAD,
        )
        for signal in (self.model.modelReset, self.model.layoutChanged, self.model.columnsInserted):
            signal.connect(self.empty.update_visibility)
        context.edit_guards.append(self._edit_refusal)

    def show_account(self, account_id: int | None) -> None:
        if account_id != self.account_id:  # another account opens as it is today
            self.day = self.day_bar.day = None
            self.day_bar.today_button.setChecked(True)
        super().show_account(account_id)

    def show_day(self, day: dt.date | None) -> None:
        """Show the coverage as it was at the end of ``day`` (read-only), or today (None)."""
        if day != self.day:
            self.day = day
            self.redraw()

    def _edit_refusal(self, account_id: int | None) -> str | None:
        if self.day is not None and account_id == self.account_id and self.isVisible():
            return refusal(self.day)
        return None

    def _filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find a person")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(lambda text: self.proxy.set_filter(text=text.strip()))
        self.unit_box = QComboBox()
        describe(self.unit_box, "Org unit filter")
        self.unit_box.setMinimumContentsLength(18)
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(org_unit=self.unit_box.currentData())
        )
        self.role_box = QComboBox()
        describe(self.role_box, "Buying role filter")
        self.role_box.addItem("Any buying role", None)
        for role in BuyingRole:
            self.role_box.addItem(role.label, role)
        self.role_box.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(role=self.role_box.currentData())
        )
        self.influence_box = QSpinBox()
        describe(self.influence_box, "Least influence shown")
        self.influence_box.setRange(1, 5)
        self.influence_box.setPrefix("Influence ≥ ")
        self.influence_box.valueChanged.connect(lambda value: self.proxy.set_filter(min_influence=value))
        self.problems_box = QCheckBox("Gaps and stale only")
        self.problems_box.toggled.connect(lambda on: self.proxy.set_filter(problems_only=on))
        for widget in (self.find_box, self.unit_box, self.role_box, self.influence_box, self.problems_box):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    def _legend(self) -> FlowLayout:
        legend = FlowLayout(spacing=4)  # wraps on a narrow window
        for strength in RelationshipStrength:
            swatch = QLabel(strength.label)
            colour = HEAT.get(strength)
            if colour is None:
                swatch.setStyleSheet("border: 1px solid #c4c9d0; padding: 1px 6px;")
            else:
                text = "#ffffff" if strength.rank >= RelationshipStrength.STRONG.rank else "#1d2127"
                swatch.setStyleSheet(f"background: {colour.name()}; color: {text}; padding: 2px 6px;")
            legend.addWidget(swatch)
        for text in (
            "<b>★</b> owner",
            f"<span style='color:{STALE_MARK.name()}'>◥</span> not touched for {STALE_DAYS}+ days",
            "<span style='color:#b3261e'><b>Gap</b></span>: decisive, no working coverage",
        ):
            label = QLabel(text)
            label.setContentsMargins(12, 0, 0, 0)
            legend.addWidget(label)
        return legend

    def _matrix_view(self) -> QTableView:
        table = QTableView()
        describe(
            table,
            "Coverage matrix",
            "A row per stakeholder, a column per person of our team: who covers whom, and when they last spoke",
        )
        header = RotatedHeader(LEAD)
        table.setHorizontalHeader(header)
        table.setModel(self.proxy)
        table.setItemDelegate(CoverageDelegate(table))
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the flags column sorts in the model's order
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.setWordWrap(False)
        table.setShowGrid(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(CELL_WIDTH)
        header.setMinimumSectionSize(12)
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setFixedWidth(NAME_WIDTH)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setToolTip("")
        table.setStatusTip("Double-click a cell to set the strength; right-click for owner and last touched")
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        return table

    # --- data ---------------------------------------------------------------------------------------

    def _set_day_range(self, session: Any = None) -> None:
        """The As of bar's days: from the account's first to today, and the last alignment meeting."""
        if self.account_id is None:
            return
        if session is None:
            with self.context.database.session() as own:
                self._set_day_range(own)
            return
        today = dt.date.today()
        self.day_bar.set_range(
            first_day(session, self.account_id), today, last_meeting_day(session, self.account_id, today)
        )

    def refresh(self) -> None:
        if self.account_id is None:
            return
        today = dt.date.today()
        notes: list[str] = []
        try:
            with self.context.database.session() as session:
                self._set_day_range(session)
                if self.day is None:
                    matrix = coverage_matrix(session, self.account_id, today)
                else:
                    past = past_account(session, self.account_id, self.day, today)
                    matrix, notes = past_coverage_matrix(session, self.account_id, past), past.notes
        except Refused as error:
            self.context.report(str(error))
            self.day_bar.choose(None)
            return
        self.banner.show_day(self.day, notes)
        with keeping_place(self.table, self.model.row_of):
            self.model.set_matrix(matrix, today, self.account_id)
        self._size_columns()
        self._fill_units()
        self._summarise()

    def apply_change(self, touched: Touched) -> None:
        """Redraw only the rows of the people and relationships the change wrote.

        Unless it wrote something else this page shows (the co-sellers, the team, buying roles, org units):
        then the whole matrix is read again.
        """
        if self.day is not None:
            return  # a past day does not change (today is read again when it is shown)
        if self.account_id is not None and touched.touches({"meetings"}):
            self._set_day_range()  # the As of bar's "Last alignment meeting"
        people, links = touched.ids("stakeholders"), touched.ids("coverage")
        if (
            self.account_id is None
            or people is None
            or links is None
            or len(people) + len(links) > FEW_ROWS
            # Every edit writes the change log and only the As of bar reads it (and the meetings): no redraw.
            or touched.touches(self.reads - {"stakeholders", "coverage", "change_log", "meetings"})
        ):
            self.redraw()
            return
        shown, unknown = self.model.people_of(links)
        sellers = [seller for seller, _name in self.model.co_sellers()]
        with self.context.database.session() as session:
            wanted = set(people) | shown | set(coverage_people(session, unknown).values())
            part = coverage_rows(session, self.account_id, wanted, sellers, self.model.today)
        self.model.put_rows(part, wanted - {info.id for info in part.stakeholders})
        self._fill_units()
        self._summarise()

    def _summarise(self) -> None:
        rows = self.model.row_infos()
        gaps = sum(1 for row in rows if row.gap)
        stale = self.model.stale_relationships()
        gap_text = f"{gaps} gap{'s' if gaps != 1 else ''}"
        self.summary.setText(
            f"  {len(rows)} people × {len(self.model.co_sellers())} co-sellers · "
            + (f"<span style='color:#b3261e'><b>{gap_text}</b></span>" if gaps else "no gaps")
            + f" · {stale} stale relationship{'s' if stale != 1 else ''}"
        )

    def selected_stakeholder_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column, width in enumerate(LEADING_WIDTHS):
            header.resizeSection(column, width)
        metrics = header.fontMetrics()
        longest = max((metrics.horizontalAdvance(name) for _, name in self.model.co_sellers()), default=0)
        header.setFixedHeight(max(metrics.height() + 10, min(longest, 160) + 16))

    def _fill_units(self) -> None:
        units = sorted({row.org_unit for row in self.model.row_infos() if row.org_unit})
        current = self.unit_box.currentData()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItem("Every org unit", None)
        for unit in units:
            self.unit_box.addItem(unit, unit)
        self.unit_box.setCurrentIndex(max(self.unit_box.findData(current), 0))
        self.unit_box.blockSignals(False)
        if self.unit_box.currentData() != self.proxy.org_unit:
            self.proxy.set_filter(org_unit=self.unit_box.currentData())

    # --- editing ------------------------------------------------------------------------------------

    def _source(self, index: QModelIndex) -> tuple[int, int] | None:
        """The source row and column of a view index that is a co-seller's cell."""
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        return (source.row(), source.column()) if source.column() >= LEAD else None

    def _context_menu(self, position: QPoint) -> None:
        found = self._source(self.table.indexAt(position))
        if found is None:
            return
        row, column = found
        cell = self.model.cell(row, column)
        current = RelationshipStrength(cell.strength) if cell is not None else RelationshipStrength.NONE
        menu = QMenu(self)
        group = QActionGroup(menu)
        for strength in RelationshipStrength:
            action = QAction(strength.label, menu)
            action.setCheckable(True)
            action.setChecked(strength is current)
            action.triggered.connect(lambda _=False, s=strength: self.model.set_cell(row, column, s))
            group.addAction(action)
            menu.addAction(action)
        menu.addSeparator()
        owner = menu.addAction(
            "Make owner of the relationship", lambda: self.model.set_cell(row, column, owner=True)
        )
        owner.setEnabled(cell is None or not cell.is_owner)
        menu.addAction("Touched today", lambda: self.model.set_cell(row, column, touched=dt.date.today()))
        menu.addAction("Last touched on…", lambda: self.ask_touched(row, column))
        menu.popup(self.table.viewport().mapToGlobal(position))

    def ask_touched(self, row: int, column: int) -> TouchedDialog | None:
        """Ask the day the relationship of a cell (source row, column) was last touched; saved when accepted."""
        seller = self.model.co_seller(column)
        if seller is None or not 0 <= row < self.model.rowCount():
            return None
        person = self.model.row_info(row)
        cell = self.model.cell(row, column)
        dialog = TouchedDialog(self.window(), seller[1], person.name, cell.last_touched if cell else None)
        dialog.accepted.connect(
            lambda: self.model.set_cell(
                self.model.row_of(person.id), self.model.column_of(seller[0]), touched=dialog.day()
            )
        )
        dialog.open()
        return dialog


class TouchedDialog(QDialog):
    """The day a co-seller last met or spoke with a stakeholder: any day up to today."""

    def __init__(self, parent: QWidget | None, seller: str, person: str, last: dt.date | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Last touched")
        self.date = date_edit(last or dt.date.today())
        self.date.setMaximumDate(QDate.currentDate())
        form = QFormLayout(self)
        intro = QLabel(f"When did {seller} last meet or speak with {person}?")
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow("&Last touched on", self.date)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        name_controls(self)

    def day(self) -> dt.date:
        return to_date(self.date.date())

"""What every page of an account shares: the page base class, tables, headings and key-figure cards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QItemSelection, QItemSelectionModel, QSortFilterProxyModel
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accountplan.errors import ServerUnreachable
from accountplan.store.touched import Touched
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.commands import (
    PlanContext,
)
from accountplan.ui.people.models import ID_ROLE

if TYPE_CHECKING:
    pass


class Page(QWidget):
    """A page of the account area; it redraws what concerns it when its account changes.

    ``reads`` names the tables the page shows (None: it may show anything). A change that touched none of
    them leaves the page alone; a change that did, while the page is hidden in a window on screen, marks it
    stale and it redraws when next shown; the page on screen is handed the change (:meth:`apply_change`,
    which redraws it all unless the page knows better).
    """

    key = ""
    title = ""
    #: The tables this page reads (None: any change of its account concerns it).
    reads: frozenset[str] | None = None

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        #: A change concerned this page while it was hidden: it redraws when shown.
        self.stale = False
        context.events.plan_changed.connect(self._on_plan_changed)

    def show_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        self.stale = False
        self.redraw()

    def concerns(self, touched: Touched) -> bool:
        """Whether a change that touched ``touched`` may change what this page shows."""
        return self.reads is None or touched.touches(self.reads)

    def _on_plan_changed(self, account_id: int, touched: Touched) -> None:
        if account_id != self.account_id or not self.concerns(touched):
            return
        if self.stale:
            return  # redraws in full when shown
        window = self.window()
        if not self.isVisible() and window is not self and window.isVisible():
            self.stale = True  # hidden behind another page: nothing to paint until it is shown again
            return
        self.apply_change(touched)

    def apply_change(self, touched: Touched) -> None:
        """Show a change that touched ``touched`` (by default: redraw everything)."""
        self.redraw()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.stale:
            self.stale = False
            self.redraw()
        name_controls(self)  # what was built since it was last shown, named for assistive technology
        super().showEvent(event)

    def redraw(self) -> None:
        """:meth:`refresh`, or say why not while the team server cannot be reached (it redraws once back)."""
        try:
            self.refresh()
        except ServerUnreachable as error:
            self.context.report(
                f"{error} This page shows what it read last; it redraws when the server is back."
            )

    def refresh(self) -> None:
        """Redraw from the database (each page defines what it shows)."""

    def selected_stakeholder_id(self) -> int | None:
        """The stakeholder selected on this page, if it shows people (what quick-add prefills)."""
        return None

    def select_item(self, kind: str, item_id: int) -> bool:
        """Select the record found by a search (a kind of plan.search.KINDS); False if this page cannot."""
        return False

    def title_bar(self, text: str) -> QHBoxLayout:
        """The page's top row: its heading, then ``self.summary`` (a one-line status) taking the free width.

        The summary wraps onto a second line rather than widen the window when the page is narrow.
        """
        bar = QHBoxLayout()
        bar.addWidget(_heading(text))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        bar.addWidget(self.summary, 1)
        return bar


#: The rows measured to size a table's columns to their contents (beyond those on screen): measuring every
#: row of 20,000 people takes seconds, each cell asking the model a dozen questions.
MEASURED_ROWS = 60


def fit_columns(table: QTableView, widest: int = 220) -> None:
    """Size the columns to their contents, none wider than ``widest`` pixels.

    The contents are those of the rows on screen and :data:`MEASURED_ROWS` more.
    """
    table.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
    table.resizeColumnsToContents()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > widest:
            header.resizeSection(column, widest)


@contextmanager
def keeping_place(table: QTableView, position: Callable[[int], int]) -> Iterator[None]:
    """Keep what is selected in ``table`` and where it is scrolled to across a full redraw of its model.

    Rows are known again by their ID_ROLE; ``position(id)`` is a record's row in the source model after the
    redraw (-1: gone), where the table shows a proxy (or the source itself).
    """
    view_model = table.model()
    selection = table.selectionModel()
    chosen = [int(index.data(ID_ROLE)) for index in selection.selectedRows()]
    current = table.currentIndex()
    current_id = current.data(ID_ROLE) if current.isValid() else None
    column = current.column()
    scrolled = table.verticalScrollBar().value(), table.horizontalScrollBar().value()
    yield
    proxy = view_model if isinstance(view_model, QSortFilterProxyModel) else None
    source = proxy.sourceModel() if proxy is not None else view_model

    def shown(record: int, at: int = 0) -> Any:
        row = position(record)
        if row < 0:
            return None
        index = source.index(row, at)
        index = proxy.mapFromSource(index) if proxy is not None else index
        return index if index.isValid() else None

    again = QItemSelection()
    for record in chosen:
        index = shown(record)
        if index is not None:
            again.select(index, index.siblingAtColumn(view_model.columnCount() - 1))
    if not again.isEmpty():
        selection.select(again, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    if current_id is not None and (index := shown(int(current_id), max(column, 0))) is not None:
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
    table.updateGeometries()  # the scroll bars' ranges for the new rows, before scrolling back
    table.verticalScrollBar().setValue(scrolled[0])
    table.horizontalScrollBar().setValue(scrolled[1])


def select_row_with_id(table: QTableView, item_id: int) -> bool:
    """Select and scroll to the row of ``table`` whose first cell answers ``item_id`` to ID_ROLE."""
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == item_id:
            table.selectRow(row)
            table.scrollTo(index)
            return True
    return False


def row_table(model: QAbstractItemModel) -> QTableView:
    """A table over ``model`` that selects one whole row at a time, striped, without row numbers."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label


class FigureCard(QFrame):
    """A key figure: a big number, what it counts, and a line of context."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        self.value.setObjectName("figureValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("figureCaption")
        self.caption.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setObjectName("figureDetail")
        self.detail.setWordWrap(True)
        for widget in (self.value, self.caption, self.detail):
            layout.addWidget(widget)

    def show_figure(self, value: str, detail: str, *, alarm: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.value.setProperty("alarm", alarm)
        self.value.style().unpolish(self.value)
        self.value.style().polish(self.value)


def money_text(amount: Any, currency: str) -> str:
    """An amount shortened for reading: "JPY 1.4bn", "USD 250.0k"."""
    value = float(amount)
    for limit, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{currency} {value / limit:,.1f}{suffix}"
    return f"{currency} {value:,.0f}"

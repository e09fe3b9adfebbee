"""Find in account (Ctrl+K): a box over the window that lists matches as you type; Enter opens the one chosen.

Signals: ``chosen(SearchHit)`` when a match is picked (Enter, a click); the box has closed by then.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from accountplan.plan.search import SearchHit, search
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.icons import icon
from accountplan.ui.common.table_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex
#: The hit itself, for the delegate and the box.
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Typing pauses this long before the account is searched again.
TYPING_PAUSE_MS = 150
BOX_WIDTH, BOX_HEIGHT = 560, 420
#: The keys the line edit passes on to the list of results.
LIST_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


class SearchResultsModel(RowTableModel[SearchHit]):
    """The hits of the last search, best first (one column, for a list view)."""

    COLUMNS = ("Match",)

    @property
    def hits(self) -> list[SearchHit]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.row_at(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.kind_label}: {hit.title}\n{hit.snippet}".strip()
        if role == HIT_ROLE:
            return hit
        return None


class HitDelegate(QStyledItemDelegate):
    """Two lines a hit: its name in bold, then what it is and where it matched, muted."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 - Qt's name
        return QSize(option.rect.width(), 2 * option.fontMetrics.height() + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        main = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        line = option.fontMetrics.height()
        area = option.rect.adjusted(8, 5, -8, -5)
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(main)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        top = QRect(area.left(), area.top(), area.width(), line)
        painter.drawText(
            top, flags, painter.fontMetrics().elidedText(hit.title, Qt.TextElideMode.ElideRight, area.width())
        )
        painter.setFont(option.font)
        painter.setPen(muted)
        detail = " · ".join(part for part in (hit.kind_label, hit.snippet) if part)
        bottom = QRect(area.left(), area.top() + line + 2, area.width(), line)
        painter.drawText(
            bottom, flags, option.fontMetrics.elidedText(detail, Qt.TextElideMode.ElideRight, area.width())
        )
        painter.restore()


class SearchBox(QFrame):
    """A popup with a line to type in and the matches below it; arrow keys move, Enter opens, Escape closes."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget, context: PlanContext) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.context = context
        self.owner = parent
        self.account_id: int | None = None
        self.setObjectName("searchBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.line = QLineEdit()
        self.line.setObjectName("searchLine")
        self.line.setPlaceholderText("Find people, actions, opportunities, meetings…")
        self.line.setClearButtonEnabled(True)
        self.line.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.line.installEventFilter(self)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.clicked.connect(lambda index: self.choose(index.row()))
        self.count = QLabel("")
        self.count.setObjectName("searchCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        for widget in (self.line, self.results, self.count):
            layout.addWidget(widget)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.search_now)
        self.line.textChanged.connect(lambda _text: self.timer.start())
        self.resize(BOX_WIDTH, BOX_HEIGHT)

    def open_for(self, account_id: int) -> None:
        """Show the box near the top of the window, searching ``account_id``, with the last text selected."""
        self.account_id = account_id
        window = self.owner.window()
        width = min(BOX_WIDTH, max(320, window.width() - 40))
        self.resize(width, min(BOX_HEIGHT, max(200, window.height() - 80)))
        self.move(window.mapToGlobal(QPoint((window.width() - width) // 2, 48)))
        self.show()
        self.line.setFocus()
        self.line.selectAll()
        self.search_now()

    def search_now(self) -> None:
        """Search the account for the text typed so far and list the matches, the best one current."""
        self.timer.stop()
        hits: list[SearchHit] = []
        text = self.line.text()
        if self.account_id is not None and text.strip():
            with self.context.database.session() as session:
                hits = search(session, self.account_id, text)
        self.model.replace_rows(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        shown = len(hits)
        self.count.setText(
            ""
            if not text.strip()
            else "No match"
            if not shown
            else "1 match"
            if shown == 1
            else f"{shown} matches"
        )

    def choose(self, row: int | None = None) -> SearchHit | None:
        """Open the hit in ``row`` (by default the current one): close the box and say which was chosen."""
        if self.timer.isActive():
            self.search_now()
        index = self.results.currentIndex() if row is None else self.model.index(row, 0)
        hit = self.model.row_at(index)
        if hit is None:
            return None
        self.hide()
        self.chosen.emit(hit)
        return hit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.line and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in LIST_KEYS:
                QApplication.sendEvent(self.results, event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)

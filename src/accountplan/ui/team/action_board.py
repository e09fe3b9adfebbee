"""The actions as a board: a column of cards per status or per owner, over the same filtered model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import ActionStatus
from accountplan.ui.people.models import ID_ROLE
from accountplan.ui.team.action_model import (
    CARD_ROLE,
    NO_OWNER,
    OVERDUE_COLOUR,
    OVERDUE_ROLE,
    OWNER_ROLE,
    STATUS_ROLE,
    ActionFilterProxy,
    ActionTableModel,
)

Index = QModelIndex | QPersistentModelIndex
BOARD_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)
COLUMN_WIDTH, CARD_MARGIN, CARD_PADDING = 270, 3, 7
#: The width of a card's text: the column less its frame, the scroll bar, the card's margin and padding.
TEXT_WIDTH = COLUMN_WIDTH - 24 - 16 - 2 * (CARD_MARGIN + CARD_PADDING)
SECONDARY = QColor("#5f6670")


class BoardColumnProxy(ActionFilterProxy):
    """One column of the board: the filtered actions whose ``role`` has ``value``."""

    def __init__(self, role: int, value: Any, title: str) -> None:
        super().__init__()
        self.role, self.value, self.title = role, value, title

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(self.role) != self.value:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class CardDelegate(QStyledItemDelegate):
    """Paints an action as a card: the title in bold, then owner and due date, then what it is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bold = QFont()
        self.bold.setBold(True)

    def _parts(self, index: Index) -> list[tuple[str, QFont, QColor | None]]:
        lines = str(index.data(CARD_ROLE) or "").split("\n")
        overdue = bool(index.data(OVERDUE_ROLE))
        parts: list[tuple[str, QFont, QColor | None]] = [(lines[0], self.bold, None)]
        if len(lines) > 1:
            parts.append((lines[1], QFont(), OVERDUE_COLOUR if overdue else SECONDARY))
        if len(lines) > 2:
            parts.append((lines[2], QFont(), SECONDARY))
        return parts

    @staticmethod
    def _height(text: str, font: QFont) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        return QFontMetrics(font).boundingRect(QRect(0, 0, TEXT_WIDTH, 10_000), flags, text).height()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        text_height = sum(self._height(text, font) + 2 for text, font, _ in self._parts(index))
        return QSize(COLUMN_WIDTH - 40, text_height + 2 * (CARD_MARGIN + CARD_PADDING))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect.adjusted(CARD_MARGIN, CARD_MARGIN, -CARD_MARGIN, -CARD_MARGIN)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(palette.base())
        painter.setPen(QPen(palette.highlight().color(), 2) if selected else QPen(QColor("#cfd4db"), 1))
        painter.drawRoundedRect(rect, 5, 5)
        if index.data(OVERDUE_ROLE):
            painter.fillRect(QRect(rect.left() + 1, rect.top() + 4, 3, rect.height() - 8), OVERDUE_COLOUR)
        top = rect.top() + CARD_PADDING
        for text, font, colour in self._parts(index):
            painter.setFont(font)
            painter.setPen(colour or palette.text().color())
            height = self._height(text, font)
            box = QRect(rect.left() + CARD_PADDING, top, TEXT_WIDTH, height)
            painter.drawText(box, int(Qt.TextFlag.TextWordWrap), text)
            top += height + 2
        painter.restore()


class ActionBoard(QScrollArea):
    """The filtered actions as cards in columns, by status (Open, In progress, Done) or by owner.

    Signals:
        selection_changed(): the selected cards changed.
        status_requested(str): the user asked to move the selected cards to this status (its value).
    """

    selection_changed = Signal()
    status_requested = Signal(str)

    def __init__(self, model: ActionTableModel) -> None:
        super().__init__()
        self.model = model
        self.columns: list[tuple[BoardColumnProxy, QListView]] = []
        self.body = QWidget()
        self.row = QHBoxLayout(self.body)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self.body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.delegate = CardDelegate(self)

    def show_columns(self, *, by_owner: bool, criteria: dict[str, Any], owners: set[int]) -> None:
        """Rebuild the columns: one per status, or one per owner in ``owners``."""
        while self.row.count():
            item = self.row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.columns = []
        if by_owner:
            names = {r.owner_id: r.owner for r in self.model.rows() if r.owner_id is not None}
            specs: list[tuple[int, Any, str]] = [
                (OWNER_ROLE, owner, names.get(owner, "Nobody yet")) for owner in owners
            ]
            specs.sort(key=lambda c: (c[1] == NO_OWNER, str(c[2]).casefold()))
        else:
            specs = [(STATUS_ROLE, status.value, status.label) for status in BOARD_STATUSES]
        for role, value, title in specs:
            proxy = BoardColumnProxy(role, value, str(title))
            proxy.setSourceModel(self.model)
            self.columns.append((proxy, self._column(proxy)))
        self.row.addStretch(1)
        self.set_criteria(criteria)

    def set_criteria(self, criteria: dict[str, Any]) -> None:
        for proxy, _ in self.columns:
            wanted = dict(criteria)
            if proxy.role == STATUS_ROLE:
                wanted["status"] = None  # the columns are the statuses
            proxy.set_filter(**wanted)

    def _column(self, proxy: BoardColumnProxy) -> QListView:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setFixedWidth(COLUMN_WIDTH)
        proxy.setParent(frame)  # the column's proxy lives and dies with it
        box = QVBoxLayout(frame)
        title = QLabel()
        box.addWidget(title)
        cards = QListView()
        cards.setModel(proxy)
        cards.setItemDelegate(self.delegate)
        cards.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cards.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        cards.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        cards.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        cards.setStyleSheet("QListView { background: palette(window); border: none; }")
        cards.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        cards.customContextMenuRequested.connect(lambda position: self._card_menu(cards, position))
        cards.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

        def count() -> None:
            title.setText(f"<b>{proxy.title}</b> ({proxy.rowCount()})")

        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged):
            signal.connect(lambda *_: count())
        count()
        box.addWidget(cards, 1)
        self.row.addWidget(frame)
        return cards

    def _card_menu(self, cards: QListView, position: QPoint) -> None:
        if not cards.indexAt(position).isValid():
            return
        menu = QMenu(self)
        for status in ActionStatus:
            action = menu.addAction(f"Mark {status.label.lower()}")
            action.setData(status.value)
        menu.triggered.connect(lambda chosen: self.status_requested.emit(str(chosen.data())))
        menu.popup(cards.viewport().mapToGlobal(position))

    def selected_ids(self) -> list[int]:
        return [
            int(index.data(ID_ROLE))
            for _, cards in self.columns
            for index in cards.selectionModel().selectedIndexes()
        ]

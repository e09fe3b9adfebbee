"""The portfolio as a board: a column of account cards per status bin; dragging a card to a column moves it there."""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
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

from accountplan.model.enums import AccountStatus
from accountplan.ui.account.portfolio_model import ALARM, ALARM_ROLE, CARD_ROLE, STATUS_ROLE, account_ids
from accountplan.ui.common.accessibility import describe
from accountplan.ui.people.models import ID_ROLE

Index = QModelIndex | QPersistentModelIndex
#: A column is never narrower than this; the board puts as many side by side as fit, in equal rows.
COLUMN_MIN_WIDTH, COLUMN_MIN_HEIGHT = 210, 170
CARD_MARGIN, CARD_PADDING = 3, 7


def columns_per_row(width: int, count: int = len(AccountStatus)) -> int:
    """How many columns go side by side in ``width`` pixels: as many as fit, the rows kept even (4 + 4)."""
    fit = max(1, width // COLUMN_MIN_WIDTH)
    rows = math.ceil(count / min(fit, count))
    return math.ceil(count / rows)


class _StatusProxy(QSortFilterProxyModel):
    """One column of the board: the accounts (as the page filters and sorts them) of one status."""

    def __init__(self, status: AccountStatus, parent: QWidget) -> None:
        super().__init__(parent)
        self.status = status

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt's name
        return self.sourceModel().index(source_row, 0, source_parent).data(STATUS_ROLE) == self.status.value


class CardDelegate(QStyledItemDelegate):
    """Paints an account as a card: its name in bold, then its money and fit, its next meeting, what is late."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self.bold = QFont(view.font())
        self.bold.setBold(True)

    def _width(self) -> int:
        return max(60, self.view.viewport().width() - 2 * (CARD_MARGIN + CARD_PADDING))

    def _parts(self, index: Index) -> list[tuple[str, QFont, str]]:
        lines = str(index.data(CARD_ROLE) or "").split("\n")
        parts = [(lines[0], self.bold, "text")]
        parts += [(line, self.view.font(), "muted") for line in lines[1:]]
        if alarm := str(index.data(ALARM_ROLE) or ""):
            parts.append((alarm, self.view.font(), "alarm"))
        return parts

    def _height(self, text: str, font: QFont) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        return QFontMetrics(font).boundingRect(QRect(0, 0, self._width(), 10_000), flags, text).height()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 - Qt's name
        height = sum(self._height(text, font) + 2 for text, font, _ in self._parts(index))
        return QSize(self._width(), height + 2 * (CARD_MARGIN + CARD_PADDING))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect.adjusted(CARD_MARGIN, CARD_MARGIN, -CARD_MARGIN, -CARD_MARGIN)
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(palette.base())
        border = palette.highlight().color() if selected else palette.mid().color()
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.drawRoundedRect(rect, 5, 5)
        colours = {
            "text": palette.text().color(),
            "muted": palette.placeholderText().color(),
            "alarm": ALARM.color(),
        }
        top = rect.top() + CARD_PADDING
        for text, font, colour in self._parts(index):
            painter.setFont(font)
            painter.setPen(colours[colour])
            height = self._height(text, font)
            painter.drawText(
                QRect(rect.left() + CARD_PADDING, top, self._width(), height),
                int(Qt.TextFlag.TextWordWrap),
                text,
            )
            top += height + 2
        painter.restore()


class CardList(QListView):
    """The cards of one status; accounts dragged from another column are dropped here.

    Signals:
        dropped(list): these accounts (ids) were dropped on the column.
    """

    dropped = Signal(list)

    def __init__(self, status: AccountStatus) -> None:
        super().__init__()
        self.status = status
        self.setItemDelegate(CardDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)  # a move would ask the model to remove the row
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setStyleSheet("QListView { background: palette(window); border: none; }")

    def _takes(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        ids = account_ids(event.mimeData())
        if not ids:
            event.ignore()
            return False
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._takes(event):
            self._show_target(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        self._takes(event)

    def dragLeaveEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self._show_target(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        self._show_target(False)
        if self._takes(event):
            self.dropped.emit(account_ids(event.mimeData()))

    def _show_target(self, on: bool) -> None:
        frame = self.parentWidget()
        if frame is not None:
            frame.setProperty("dropTarget", on)
            frame.style().unpolish(frame)
            frame.style().polish(frame)


class PortfolioBoard(QScrollArea):
    """A column per status bin, side by side as many as fit (in even rows), each with its accounts as cards.

    Signals:
        status_requested(int, str): the user moved this account (id) to this status (its value).
        open_requested(int): the user opened this account (a double click, Enter, or its menu).
        current_changed(int): the user chose this account's card.
    """

    status_requested = Signal(int, str)
    open_requested = Signal(int)
    current_changed = Signal(int)

    def __init__(self, model: QAbstractItemModel) -> None:
        super().__init__()
        self.model = model
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self.body)
        self.columns: dict[AccountStatus, CardList] = {}
        self.frames: list[QFrame] = []
        for status in AccountStatus:
            self.frames.append(self._column(status))
        self._per_row = 0
        self._arrange(len(self.frames))

    def _column(self, status: AccountStatus) -> QFrame:
        frame = QFrame()
        frame.setObjectName("boardColumn")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet('QFrame#boardColumn[dropTarget="true"] { border: 2px solid palette(highlight); }')
        frame.setMinimumSize(COLUMN_MIN_WIDTH - 10, COLUMN_MIN_HEIGHT)
        box = QVBoxLayout(frame)
        box.setContentsMargins(6, 6, 6, 6)
        title = QLabel()
        title.setWordWrap(True)
        box.addWidget(title)
        cards = CardList(status)
        proxy = _StatusProxy(status, cards)
        proxy.setSourceModel(self.model)
        cards.setModel(proxy)
        describe(
            cards, f"{status.label} accounts", f"The accounts whose status is {status.label}; drop one here"
        )
        cards.dropped.connect(lambda ids, s=status: self._dropped(ids, s))
        cards.activated.connect(lambda index: self.open_requested.emit(int(index.data(ID_ROLE))))
        cards.customContextMenuRequested.connect(lambda position, c=cards: self._card_menu(c, position))
        cards.selectionModel().currentChanged.connect(
            lambda current, _previous, c=cards: self._chosen(c, current)
        )

        def count() -> None:
            title.setText(f"<b>{status.label}</b> ({proxy.rowCount()})")

        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged):
            signal.connect(lambda *_: count())
        count()
        box.addWidget(cards, 1)
        self.columns[status] = cards
        return frame

    def _dropped(self, ids: list[int], status: AccountStatus) -> None:
        for account_id in ids:
            self.status_requested.emit(account_id, status.value)

    def _chosen(self, cards: CardList, current: QModelIndex) -> None:
        if not current.isValid():
            return
        for other in self.columns.values():
            if other is not cards:
                other.clearSelection()
        self.current_changed.emit(int(current.data(ID_ROLE)))

    def _card_menu(self, cards: CardList, position: QPoint) -> None:
        index = cards.indexAt(position)
        if not index.isValid():
            return
        account_id, now = int(index.data(ID_ROLE)), str(index.data(STATUS_ROLE))
        menu = QMenu(self)
        menu.addAction("&Open the account", lambda: self.open_requested.emit(account_id))
        move = menu.addMenu("&Move to")
        for status in AccountStatus:
            action = move.addAction(status.label)
            action.setData(status.value)
            action.setEnabled(status.value != now)
        move.triggered.connect(lambda chosen: self.status_requested.emit(account_id, str(chosen.data())))
        menu.popup(cards.viewport().mapToGlobal(position))

    def select_account(self, account_id: int) -> bool:
        """Select the card of ``account_id`` (in whichever column it is); False if it is not shown."""
        for cards in self.columns.values():
            model = cards.model()
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                if index.data(ID_ROLE) == account_id:
                    cards.setCurrentIndex(index)
                    cards.scrollTo(index)
                    return True
        return False

    def _arrange(self, per_row: int) -> None:
        if per_row == self._per_row:
            return
        self._per_row = per_row
        for frame in self.frames:
            self.grid.removeWidget(frame)
        for place, frame in enumerate(self.frames):
            self.grid.addWidget(frame, place // per_row, place % per_row)
        for column in range(len(self.frames)):
            self.grid.setColumnStretch(column, 1 if column < per_row else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._arrange(columns_per_row(self.viewport().width()))
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Narrow windows get fewer columns a row (and scroll down), never a board wider than the page.
        return QSize(COLUMN_MIN_WIDTH, COLUMN_MIN_HEIGHT)

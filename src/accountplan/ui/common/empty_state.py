"""What an empty page says: what belongs there, and the buttons that fill it, over the empty view."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

EmptyAction = tuple[str, Callable[[], object]]


class EmptyState(QFrame):
    """A message and buttons centred over a view while it has nothing to show; no signals.

    It watches ``model`` (the unfiltered one: a filter that hides every row is not an empty account), or
    asks ``is_empty`` when :meth:`update_visibility` is called (a graphics view after drawing).
    """

    def __init__(
        self,
        view: QAbstractScrollArea,
        message: str,
        actions: Sequence[EmptyAction] = (),
        *,
        model: QAbstractItemModel | None = None,
        is_empty: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        self.view = view
        self._is_empty = is_empty or (lambda: model is not None and model.rowCount() == 0)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.addStretch(1)
        for text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        self.column = QVBoxLayout(self)
        self.column.addWidget(self.message)
        self.column.addLayout(row)
        self.setAccessibleName("Empty")
        self.setAccessibleDescription(message)
        view.viewport().installEventFilter(self)
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self.update_visibility)
        self.update_visibility()

    def update_visibility(self, *_args: object) -> None:
        empty = self._is_empty()
        self.setVisible(empty)
        if empty:
            self._place()

    def _place(self) -> None:
        area = self.view.viewport().rect()
        layout = self.column
        width = max(min(560, area.width() - 40), layout.minimumSize().width())
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
        self.setGeometry(
            max(0, area.center().x() - width // 2), max(16, area.height() // 3 - height // 2), width, height
        )
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Placed again whenever the view changes size, shown or not (a page is laid out before it is shown).
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and not self.isHidden():
            self._place()
        return False

"""The bar under the menu that says the team server cannot be reached, shown only while it cannot."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from accountplan.ui.frame.external_changes import ExternalChanges

MESSAGE = (
    "The team server is not reachable; your edits are kept and will be saved when it is back. "
    "Reconnecting by itself…"
)


class ServerBanner(QLabel):
    """Above the window's content while :class:`ExternalChanges` reports the server away."""

    def __init__(self, window: QMainWindow, changes: ExternalChanges) -> None:
        super().__init__(MESSAGE)
        self.setObjectName("serverBanner")
        self.setWordWrap(True)
        content = window.takeCentralWidget()
        assert content is not None, "the window builds its content first"
        frame = QWidget()
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self)
        layout.addWidget(content, 1)
        window.setCentralWidget(frame)
        self.setVisible(False)
        changes.reachable.connect(self.show_reachable)

    def show_reachable(self, up: bool) -> None:
        self.setVisible(not up)

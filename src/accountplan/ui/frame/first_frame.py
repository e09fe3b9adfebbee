"""The window's first frame, painted before SQLAlchemy, the model and the pages are loaded, and its skeleton.

Opening the window takes about half a second of imports before the first page can be drawn. The first frame
is painted before any of it, with Qt and sqlite3 alone: the window at its remembered size with its menus,
the account names (``store.first_look``), the sections with the one that will open selected, and the
account's name where its page will be. The main window then takes its place at the same geometry.

The navigation panel and the splitter are built here for both windows, so that the two look the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from accountplan.store.first_look import FirstLook, first_look
from accountplan.ui.common import settings as S
from accountplan.ui.frame.sections import SECTIONS, opening_section

#: How long the first frame waits to be painted (a window that is never exposed is never painted).
PAINT_WAIT_MS = 2000
#: The navigation's width when the window opens, and the least it may be dragged to whatever the font.
NAVIGATION_WIDTH, NAVIGATION_MIN_WIDTH = 240, 160
MENUS = ("&File", "&Edit", "&Go", "&Help")


def navigation_panel(account_list: QListView, section_list: QListWidget) -> QWidget:
    """The left panel: the accounts (taking the spare height, scrolling) above every section of one."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(6, 6, 6, 6)
    for heading, view, stretch in (("Accounts", account_list, 1), ("Account", section_list, 0)):
        label = QLabel(heading)
        label.setObjectName("navHeading")
        layout.addWidget(label)
        layout.addWidget(view, stretch)
    account_list.setObjectName("accountList")
    section_list.setObjectName("sectionList")
    rows = section_list.count() * section_list.sizeHintForRow(0)
    section_list.setFixedHeight(rows + 2 * section_list.frameWidth() + 4)
    # Wide enough for the longest section's title in full; a page never squeezes it below that.
    margins = layout.contentsMargins()
    titles = section_list.sizeHintForColumn(0) + 2 * section_list.frameWidth() + 8
    panel.setMinimumWidth(max(NAVIGATION_MIN_WIDTH, titles + margins.left() + margins.right()))
    return panel


def window_splitter(navigation: QWidget, pages: QWidget) -> QSplitter:
    """The navigation beside the pages, the pages taking the width the window gains; neither can collapse."""
    splitter = QSplitter()
    splitter.addWidget(navigation)
    splitter.addWidget(pages)
    splitter.setStretchFactor(1, 1)
    for index in range(2):
        splitter.setCollapsible(index, False)
    splitter.setSizes([max(NAVIGATION_WIDTH, navigation.minimumWidth()), 960])
    return splitter


class FirstFrame(QMainWindow):
    """What the window will look like, painted from a first look at the database; nothing in it works yet."""

    def __init__(self, look: FirstLook, settings: S.Settings) -> None:
        super().__init__()
        self.look = look
        self.account = look.account_to_show(settings.get(S.LAST_ACCOUNT))
        self.setWindowTitle(" — ".join([*([self.account] if self.account else []), "Account Plan"]))
        for title in MENUS:
            self.menuBar().addMenu(title)
        self.account_list = QListWidget()
        self.account_list.addItems(list(look.accounts))
        if self.account is not None:
            self.account_list.setCurrentRow(look.accounts.index(self.account))
        self.section_list = QListWidget()
        self.section_list.addItems([section.title for section in SECTIONS])
        keys = [section.key for section in SECTIONS]
        opening = opening_section(settings.get(S.LAST_SECTION), len(look.accounts))
        self.section_list.setCurrentRow(keys.index(opening) if self.account else -1)
        self.heading = QLabel("Portfolio" if opening == "portfolio" else self.account or "")
        self.heading.setObjectName("pageHeading")
        self.message = QLabel(
            "Connecting to the team server…" if look.on_server else f"Opening {self.account or 'the plan'}…"
        )
        self.message.setObjectName("muted")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setCentralWidget(window_splitter(navigation_panel(self.account_list, self.section_list), page))
        self.statusBar().addPermanentWidget(QLabel(look.place))
        geometry = settings.get(S.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        self.painted = False

    def hand_over(self, window: QMainWindow) -> None:
        """Show ``window`` where this frame is (or was, if the user closed it meanwhile), then drop the frame."""
        if not (self.isMaximized() or self.isFullScreen()):
            window.setGeometry(self.geometry())
        window.show()
        self.close()
        self.deleteLater()


class _FirstPaint(QObject):
    """Ends ``loop`` once ``widget`` has painted (on the next turn of the loop, when the frame is out)."""

    def __init__(self, widget: QWidget, loop: QEventLoop) -> None:
        super().__init__(widget)
        self.loop = loop
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.loop.quit)
        return False


def show_until_painted(show: Callable[[], object], watched: QWidget, timeout_ms: int) -> bool:
    """Call ``show`` and run the event loop until ``watched`` has painted (True) or the time is up."""
    loop = QEventLoop()
    watcher = _FirstPaint(watched, loop)
    timeout = QTimer(singleShot=True, interval=timeout_ms)
    timeout.timeout.connect(loop.quit)
    show()
    timeout.start()
    if not watcher.painted:
        loop.exec()
    timeout.stop()
    watched.removeEventFilter(watcher)
    watcher.deleteLater()
    return watcher.painted


def show_first_frame(target: str | os.PathLike[str] | None, settings: S.Settings) -> FirstFrame:
    """Paint the first frame of the window on ``target`` and return it (``painted`` says whether it was)."""
    frame = FirstFrame(first_look(target), settings)
    frame.painted = show_until_painted(frame.show, frame.heading, PAINT_WAIT_MS)
    return frame

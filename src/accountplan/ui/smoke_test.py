"""``accountplan --smoke-test``: open the window on the first account, wait for its first paint, say when.

It is what the start-up benchmark times and what the packaged application is checked with, so it runs the
real start-up path: the database opened (and upgraded if need be), the window built and shown on the first
account's first page (or the welcome page when there is no account). It reads and writes no preference of
the user's (its settings live in a temporary file) and never waits for a person: a failure is a message and
a non-zero exit status, not a dialog.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from accountplan.errors import AccountPlanError
from accountplan.process_clock import seconds_since_start
from accountplan.store.database import Database
from accountplan.ui import settings as S
from accountplan.ui.app import application
from accountplan.ui.main_window import MainWindow
from accountplan.ui.pages import Page

#: How long the first paint may take before the smoke test gives up.
PAINT_TIMEOUT_MS = 60_000


class SmokeTestFailed(AccountPlanError):
    """The window could not be opened or painted; the message says why."""


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


def smoke_test(target: str | None) -> str:
    """Open the window on ``target``, wait until it has painted, close it; the sentence to print.

    Raises SmokeTestFailed (or the AccountPlanError of opening the database) when anything went wrong,
    including an exception raised inside a Qt slot, which Qt would otherwise only print.
    """
    failures: list[str] = []
    previous_hook = sys.excepthook

    def record(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        failures.append("".join(traceback.format_exception(kind, error, trace)).rstrip())

    sys.excepthook = record
    try:
        app = application()
        database = Database.open(target)
        try:
            with tempfile.TemporaryDirectory(prefix="accountplan-smoke-") as folder:
                settings = S.Settings(
                    QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
                )
                window = MainWindow(database, settings)
                shown = window.stack.currentWidget()
                if shown is None:
                    raise SmokeTestFailed("The window shows no page at all.")
                loop = QEventLoop()
                watcher = _FirstPaint(shown, loop)
                timeout = QTimer(singleShot=True, interval=PAINT_TIMEOUT_MS)
                timeout.timeout.connect(loop.quit)
                window.show()
                timeout.start()
                loop.exec()
                seconds = seconds_since_start()
                painted = watcher.painted
                page = shown.title if isinstance(shown, Page) else "welcome page"
                title = window.windowTitle()
                window.close()
                del window
                app.processEvents()
        finally:
            database.close()
    finally:
        sys.excepthook = previous_hook
    if failures:
        raise SmokeTestFailed("The window raised an error while opening:\n" + "\n".join(failures))
    if not painted:
        raise SmokeTestFailed(f"The window did not paint within {PAINT_TIMEOUT_MS // 1000} s.")
    return f"Painted {title!r} ({page}) {seconds:.3f} s after the process started."

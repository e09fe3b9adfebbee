"""``accountplan --smoke-test``: open the window on the first account, wait for its first paint, say when.

It is what the start-up benchmark times and what the packaged application is checked with, so it runs the
real start-up path: the first frame painted (``ui.first_frame``), then the database opened (and upgraded if
need be) and the window built and shown in its place on the first account's first page (or the welcome page
when there is no account). It reads and writes no preference of the user's (its settings live in a
temporary file) and never waits for a person: a failure is a message and a non-zero exit status, not a
dialog.
"""

from __future__ import annotations

import functools
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings

from accountplan.errors import AccountPlanError
from accountplan.process_clock import seconds_since_start
from accountplan.ui.common import settings as S
from accountplan.ui.frame.app import application
from accountplan.ui.frame.first_frame import show_first_frame, show_until_painted

#: How long the first paint of the window may take before the smoke test gives up.
PAINT_TIMEOUT_MS = 60_000


class SmokeTestFailed(AccountPlanError):
    """The window could not be opened or painted; the message says why."""


def smoke_test(target: str | None) -> str:
    """Open the window on ``target`` as a user does, wait until its page has painted, close it; say when.

    The sentence gives the seconds from the process's start to the painted window and to its first frame.
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
        with tempfile.TemporaryDirectory(prefix="accountplan-smoke-") as folder:
            settings = S.Settings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
            frame = show_first_frame(target, settings)
            first_frame = seconds_since_start()
            if not frame.painted:
                frame.close()
                raise SmokeTestFailed("The window's first frame was not painted.")
            from accountplan.store.database import Database
            from accountplan.ui.common.pages import Page
            from accountplan.ui.frame.main_window import MainWindow

            try:
                database = Database.open(target)
            except BaseException:
                frame.close()
                raise
            try:
                window = MainWindow(database, settings)
                shown = window.stack.currentWidget()
                if shown is None:
                    raise SmokeTestFailed("The window shows no page at all.")
                painted = show_until_painted(
                    functools.partial(frame.hand_over, window), shown, PAINT_TIMEOUT_MS
                )
                seconds = seconds_since_start()
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
    return (
        f"Painted {title!r} ({page}) {seconds:.3f} s after the process started; "
        f"its first frame {first_frame:.3f} s."
    )

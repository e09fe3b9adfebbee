"""Running slow work (exports) off the UI thread, with a busy indicator and a result signal."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from accountplan.errors import AccountPlanError

#: Tasks still running. A task belongs to no widget: closing the page (or the window) that started it must
#: not destroy a running thread, which aborts the process. The window waits for them when it closes.
_RUNNING: set[BackgroundTask] = set()


class BackgroundTask(QThread):
    """Runs one function in a worker thread.

    Signals:
        succeeded(object): the function's result.
        failed(str): the sentence to show the user when it raised (an unexpected error is also logged).
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__()  # deliberately no Qt parent (see _RUNNING); ``parent`` is who asked, for callers
        self.work = work
        self.asker = parent
        self.finished.connect(self._forget)  # queued to the UI thread, where this object lives

    def start(self, *args: Any) -> None:
        _RUNNING.add(self)
        super().start(*args)

    def _forget(self) -> None:
        self.wait()  # ``finished`` comes just before the thread really ends
        _RUNNING.discard(self)

    def run(self) -> None:
        try:
            result = self.work()
        except (AccountPlanError, OSError) as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # noqa: BLE001 - the UI must hear of it, not wait for ever
            traceback.print_exc()
            self.failed.emit(f"Something went wrong: {type(error).__name__}: {error}")
            return
        self.succeeded.emit(result)


def wait_for_background_tasks(timeout_ms: int = 30_000) -> bool:
    """Let running tasks finish (the window calls it when it closes); False if one is still running."""
    return all(task.wait(timeout_ms) for task in list(_RUNNING))


def run_with_progress(parent: QWidget, label: str, work: Callable[[], Any]) -> BackgroundTask:
    """Start ``work`` in the background with a busy dialog that closes when it ends."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(400)  # a quick export shows nothing at all
    dialog.setWindowTitle("Please wait")
    task = BackgroundTask(work, parent)
    task.finished.connect(dialog.reset)
    task.finished.connect(dialog.deleteLater)
    task.finished.connect(task.deleteLater)
    # Start on the next turn of the event loop, once the caller has connected to the task's signals.
    QTimer.singleShot(0, task.start)
    return task

"""Running slow work (exports) off the UI thread, with a busy indicator and a result signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from accountplan.errors import AccountPlanError


class BackgroundTask(QThread):
    """Runs one function in a worker thread.

    Signals:
        succeeded(object): the function's result.
        failed(str): the sentence to show the user when it raised an AccountPlanError or an OSError.
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work

    def run(self) -> None:
        try:
            result = self.work()
        except (AccountPlanError, OSError) as error:
            self.failed.emit(str(error))
            return
        self.succeeded.emit(result)


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

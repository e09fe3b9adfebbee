"""The live preview of the success plan: the very PDF the customer would get, rebuilt after each edit."""

from __future__ import annotations

import datetime as dt
import io

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from accountplan.reports.shareable import SharedSuccessPlan
from accountplan.ui.common.background import BackgroundTask

#: How long the preview waits after the last edit before it rebuilds the document.
DEBOUNCE_MS = 350


def _render(plan: SharedSuccessPlan, today: dt.date) -> tuple[bytes, int]:
    from accountplan.reports.success_plan import write_success_plan  # reportlab: with the first preview

    buffer = io.BytesIO()
    pages = write_success_plan(plan, buffer, today)
    return buffer.getvalue(), pages


class SuccessPreview(QWidget):
    """Shows the success plan PDF; ``show_plan`` asks for a rebuild, done off the UI thread.

    Signals:
        rendered(int): a new preview is shown, with this many pages.
    """

    rendered = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self._buffer: QBuffer | None = None
        self._task: BackgroundTask | None = None
        self._pending: SharedSuccessPlan | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self.pages = 0

    def show_plan(self, plan: SharedSuccessPlan) -> None:
        self._pending = plan
        self.status.setText("Updating the preview…")
        self._timer.start()

    def _start(self) -> None:
        if self._task is not None or self._pending is None:
            return  # the running build picks up the pending plan when it ends
        plan, self._pending = self._pending, None
        task = BackgroundTask(lambda: _render(plan, dt.date.today()), self)
        task.succeeded.connect(self._show)
        task.failed.connect(lambda message: self.status.setText(f"The preview failed: {message}"))
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _finished(self) -> None:
        if self._task is not None:
            self._task.deleteLater()
        self._task = None
        if self._pending is not None:
            self._start()

    def _show(self, result: tuple[bytes, int]) -> None:
        data, pages = result
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.pages = pages
        self.status.setText(f"What the customer receives: {pages} page{'s' if pages != 1 else ''}")
        self.rendered.emit(pages)

    def wait_idle(self) -> None:
        """Finish any pending build now (closing the page, tests)."""
        if self._task is not None:
            self._task.wait()

"""An unexpected error in the window: written to the log file and shown in a dialog, never lost on stderr.

:func:`install` sets ``sys.excepthook`` (which PySide6 calls for an exception raised in a slot or an event
handler) and ``threading.excepthook``. The error is logged with its traceback, then :class:`ErrorDialog`
says in a sentence what happened, that the plan is safe, where the log file is, and offers Copy Details
and Open Log Folder. The window stays open.

The plan is safe because every change is one database transaction (``Database.transaction``), committed
whole when it ends or rolled back on any exception: an error half-way through an edit leaves no half of it.
"""

from __future__ import annotations

import html
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from accountplan import log_file
from accountplan.ui.common.accessibility import name_controls

ExceptionInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_folder_path() -> Path:
    """The folder Help → Open Log Folder shows: the log file's, else where it would be."""
    path = log_file.log_path()
    return path.parent if path is not None else log_file.log_folder()


def open_log_folder() -> bool:
    """Show the log folder in the file manager (created if it is not there yet); False if it cannot be."""
    folder = log_folder_path()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def describe(error: BaseException) -> str:
    """The error in words: its kind and its message."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def details(info: ExceptionInfo) -> str:
    """What a report needs: the environment, the log file and the traceback."""
    path = log_file.log_path()
    return (
        f"{log_file.environment_summary()}\n"
        f"Log file: {path if path is not None else 'none (it could not be written)'}\n\n"
        + "".join(traceback.format_exception(*info))
    )


class ErrorDialog(QDialog):
    """What happened, that the plan is safe, where the log is; Copy Details and Open Log Folder."""

    def __init__(self, info: ExceptionInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        self.details = details(info)
        path = log_file.log_path()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        self.message = QLabel(
            f"<b>Account Plan met an unexpected error and did not finish what it was doing</b> "
            f"({html.escape(describe(info[1]))}).<br><br>"
            "Your plan is safe: every change is saved whole or not at all, so no edit was half-saved. "
            "You can go on working; if what you did fails again, send the details below and the log file "
            "to whoever supports Account Plan."
        )
        self.message.setWordWrap(True)
        self.log_label = QLabel(
            f"Log file: {html.escape(str(path))}"
            if path is not None
            else "The log file could not be written."
        )
        self.log_label.setTextInteractionFlags(
            self.log_label.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.log_label.setWordWrap(True)
        self.text = QPlainTextEdit(self.details)
        self.text.setReadOnly(True)
        self.text.setMinimumSize(560, 180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy Details")
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton("Open &Log Folder")
        self.folder_button.clicked.connect(open_log_folder)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        layout.addLayout(top)
        layout.addWidget(self.log_label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.text.setAccessibleName("Error details")  # not the log file's label just above it
        name_controls(self)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied")


class ExceptionHook:
    """``sys.excepthook`` for the window: log the error, then show it in an :class:`ErrorDialog`.

    One dialog at a time: an error raised again while one is open (a paint event failing on every frame) is
    only logged.
    """

    def __init__(self, parent: Callable[[], QWidget | None] = QApplication.activeWindow) -> None:
        self.parent = parent
        self.showing = False
        self.shown = 0

    def __call__(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log_file.logger.error("unexpected error in the window", exc_info=(kind, error, trace))
        if sys.stderr is not None:  # a terminal, when there is one, sees it too
            traceback.print_exception(kind, error, trace, file=sys.stderr)
        if self.showing or QApplication.instance() is None:
            return
        self.showing = True
        try:
            self.shown += 1
            ErrorDialog((kind, error, trace), self.parent()).exec()
        finally:
            self.showing = False


def _log_thread_error(arguments: threading.ExceptHookArgs) -> None:
    """An error in a background thread: logged (the task that ran it says it failed in the window)."""
    error = arguments.exc_value or arguments.exc_type()
    thread = arguments.thread.name if arguments.thread is not None else "a thread"
    log_file.logger.error(
        "unexpected error in %s", thread, exc_info=(arguments.exc_type, error, arguments.exc_traceback)
    )


def install(parent: Callable[[], QWidget | None] = QApplication.activeWindow) -> ExceptionHook:
    """Route unexpected errors to the log file and the dialog; returns the hook (``sys.excepthook``)."""
    hook = ExceptionHook(parent)
    sys.excepthook = hook
    threading.excepthook = _log_thread_error
    return hook

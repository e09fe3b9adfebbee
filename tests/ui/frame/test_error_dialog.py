"""An unexpected error in the window is logged and shown in a dialog; Help → Open Log Folder shows the log."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QPushButton

from accountplan import log_file
from accountplan.ui.frame import error_dialog
from accountplan.ui.frame.error_dialog import ErrorDialog
from accountplan.ui.frame.main_window import MainWindow


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The log file of a window started now, in the test's folder; sys.excepthook put back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = log_file.start("accountplan (the window)", folder=tmp_path / "log")
    assert path is not None
    yield path
    log_file.stop()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[ErrorDialog]:
    """The error dialogs the window opens (captured instead of waiting for a click)."""
    dialogs: list[ErrorDialog] = []

    def capture(dialog: ErrorDialog) -> int:
        dialogs.append(dialog)
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", capture)
    return dialogs


def break_it() -> None:
    raise ValueError("the stance 'lukewarm' is not one of ours")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_the_dialog_and_is_in_the_log(
    qtbot, log: Path, shown: list[ErrorDialog]
) -> None:  # type: ignore[no-untyped-def]
    error_dialog.install()
    button = QPushButton("Break")
    qtbot.addWidget(button)
    button.clicked.connect(break_it)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.windowTitle() == "Something went wrong"
    message = dialog.message.text()
    assert "did not finish what it was doing" in message
    assert "ValueError: the stance &#x27;lukewarm&#x27; is not one of ours" in message
    assert "Your plan is safe" in message
    assert str(log) in dialog.log_label.text()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied and "in break_it" in copied and "Account Plan " in copied
    assert f"Log file: {log}" in copied

    written = log.read_text(encoding="utf-8")
    assert "accountplan (the window)" in written
    assert "ERROR accountplan: unexpected error in the window" in written
    assert "in break_it" in written and "ValueError: the stance 'lukewarm' is not one of ours" in written


@pytest.mark.qt_no_exception_capture
def test_an_error_while_the_dialog_is_open_is_logged_not_shown_again(
    qtbot, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    hook = error_dialog.install()
    button = QPushButton("Break")
    qtbot.addWidget(button)
    button.clicked.connect(break_it)
    opened: list[ErrorDialog] = []

    def exec_breaking_again(dialog: ErrorDialog) -> int:  # a paint event that fails on every frame
        opened.append(dialog)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", exec_breaking_again)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and hook.shown == 1
    assert log.read_text(encoding="utf-8").count("unexpected error in the window") == 2


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.urls.append(url)


def test_help_open_log_folder_shows_the_folder_of_the_log(window: MainWindow, log: Path) -> None:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "show")
    try:
        help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
        assert window.log_folder_action in help_menu.actions()
        window.log_folder_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.urls] == [str(log.parent)]

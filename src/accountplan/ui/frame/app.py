"""Starting the window: the application object, the stylesheet, the first frame and opening the database safely.

Only what the first frame needs is imported with this module; SQLAlchemy, the model and the pages are
imported once the first frame is on the screen.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from accountplan import APP_ID, __version__
from accountplan.errors import AccountPlanError, DatabaseDamaged
from accountplan.store import backup as backups
from accountplan.store import location
from accountplan.ui.common import settings as S
from accountplan.ui.common.garbage import GarbageCollector
from accountplan.ui.common.icons import icon
from accountplan.ui.common.theme import apply_theme
from accountplan.ui.frame.first_frame import show_first_frame

if TYPE_CHECKING:
    from accountplan.store.database import Database


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named and styled."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("Account Plan")
    app.setOrganizationName("AccountPlan")
    app.setApplicationVersion(__version__)
    # The desktop matches the window to its menu entry and icon (resources/linux/APP_ID.desktop) by this.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(icon("app"))
    apply_theme(app)
    GarbageCollector(app)  # cycles collected between events, on this thread (see ui/common/garbage.py)
    return app


def open_with_recovery(target: str | None, settings: S.Settings) -> Database | None:
    """Open the database; if it is damaged, offer its latest backup or another file. None: the user gave up."""
    from accountplan.store.database import Database

    while True:
        try:
            database = Database.open(target)
        except DatabaseDamaged as error:
            path = location.sqlite_path(location.resolve_url(target))
            latest = backups.last_good_backup(path) if path else None
            box = QMessageBox(QMessageBox.Icon.Critical, "The database is damaged", str(error))
            if latest is not None:
                saved = dt.datetime.fromtimestamp(latest.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
                box.setInformativeText(f"The last good backup is {latest.name}, saved {saved}.")
            restore = box.addButton(
                f"Restore {latest.name}" if latest else "Restore a backup…",
                QMessageBox.ButtonRole.AcceptRole,
            )
            other = box.addButton("Open another database…", QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
            if box.clickedButton() is restore and path is not None:
                chosen = latest or Path(QFileDialog.getOpenFileName(None, "Restore from backup")[0] or "")
                if chosen.name:
                    try:
                        backups.restore_database(path, chosen)
                    except AccountPlanError as restore_error:
                        QMessageBox.critical(None, "Cannot restore", str(restore_error))
                continue
            if box.clickedButton() is other:
                target = QFileDialog.getOpenFileName(None, "Open plan database")[0] or None
                if target:
                    continue
            return None
        except AccountPlanError as error:
            QMessageBox.critical(None, "Cannot open the database", str(error))
            return None
        try:
            backups.daily_backup(database, keep=settings.get(S.DAILY_BACKUPS_KEPT))
        except AccountPlanError as error:
            # Opening changes nothing, so the plan opens: but the user must know the backups have stopped.
            QMessageBox.warning(
                None,
                "Today's backup was not made",
                f"{error}\n\nThe plan opens and every change is still saved as it is made; until the backups "
                "folder can be written, there is no daily backup to go back to.",
            )
        return database


def run_window(target: str | None, open_file: Path | None = None) -> int:
    """Open the window on ``target`` (or the last database used, or the default) until it is closed.

    ``open_file``, a plan file or a contact file named on the command line, is offered for import once the
    window is up (``MainWindow.open_file``); so are the files macOS sends ("Open With").
    """
    app = application()
    settings = S.Settings()
    if target is None and location.ENV_DB not in os.environ:
        last = settings.get(S.LAST_DATABASE)
        if last and ("://" in last or Path(last).exists()):
            target = last
    frame = show_first_frame(target, settings)
    from accountplan.ui.frame import error_dialog
    from accountplan.ui.frame.file_opening import FileOpenEvents
    from accountplan.ui.frame.main_window import MainWindow

    # From now on an unexpected error in a slot or an event is logged and shown in a dialog over the
    # window, which stays open.
    error_dialog.install()

    database = open_with_recovery(target, settings)
    if database is None:
        frame.close()
        return 1
    window = MainWindow(database, settings)
    frame.hand_over(window)
    app.installEventFilter(FileOpenEvents(window.open_file, window))
    if open_file is not None:
        QTimer.singleShot(0, lambda: window.open_file(open_file))
    status = app.exec()
    window.database.close()
    return int(status)

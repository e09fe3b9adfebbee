from __future__ import annotations

import platform

import networkx
import PySide6
import reportlab
import sqlalchemy
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox

from accountplan import __version__
from accountplan.store import migrations
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow


def test_about_names_every_version_the_database_and_its_schema(window: MainWindow, db: Database) -> None:
    window.about_action.trigger()  # Help → About
    box = next(box for box in window.findChildren(QMessageBox) if box.isVisible())
    assert box.windowTitle() == "About Account Plan"
    text = box.text()
    names = "Account Plan", "Python", "Qt", "PySide6", "SQLAlchemy", "reportlab", "networkx"
    assert all(f"<td>{name}</td>" in text for name in names)
    expected = (__version__, platform.python_version(), qVersion(), PySide6.__version__)
    for version in (*expected, sqlalchemy.__version__, reportlab.Version, networkx.__version__):
        assert f"<td>{version}</td>" in text, version
    assert str(db.path) in text
    assert f"Schema revision: {migrations.head_revision()} (latest)" in text
    box.close()

"""Help → About: Account Plan's version, the versions it runs on, and the database it has open."""

from __future__ import annotations

import html
import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from accountplan import __version__
from accountplan.store import migrations
from accountplan.store.database import Database, sqlalchemy_version


def versions() -> list[tuple[str, str]]:
    """(component, version) of Account Plan and of what it runs on."""
    import networkx  # here: the window loads these two only when it first needs them
    import reportlab

    return [
        ("Account Plan", __version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLAlchemy", sqlalchemy_version()),
        ("reportlab", reportlab.Version),
        ("networkx", networkx.__version__),
    ]


def schema_revision(database: Database) -> str:
    """The database's schema revision, with "(latest)" when it is the one this version writes."""
    with database.engine.connect() as connection:
        current = migrations.current_revision(connection) or "none"
    return f"{current} (latest)" if current == migrations.head_revision() else current


def about_text(database: Database) -> str:
    """The About box's text (rich text)."""
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(version)}</td></tr>"
        for name, version in versions()
    )
    where = database.path if database.path is not None else database.name
    return (
        f"<h3>Account Plan {html.escape(__version__)}</h3>"
        "<p>Account planning for enterprise deal teams.</p>"
        f"<table cellpadding=2>{rows}</table>"
        f"<p>Database: {html.escape(str(where))}<br>"
        f"Schema revision: {html.escape(schema_revision(database))}</p>"
    )


def show_about(parent: QWidget, database: Database) -> QMessageBox:
    """Open the About box over ``parent`` (not blocking; returned so that a caller can read or close it)."""
    box = QMessageBox(
        QMessageBox.Icon.NoIcon,
        "About Account Plan",
        about_text(database),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.open()
    return box

"""The window starts without the libraries it needs only later: reportlab, networkx, Alembic, jsonschema, psycopg.

Its first frame is painted before SQLAlchemy and the model are loaded at all (``ui.first_frame``).

Each costs about as much to import as Qt itself, and PySide6's import hook makes every import after Qt
slower still; the documents, the org chart, a migration and a plan file load them when first used.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database

LATER = ("reportlab", "networkx", "alembic", "jsonschema", "psycopg")  # psycopg: team servers only

SCRIPT = """
import sys
from accountplan.ui.frame.main_window import MainWindow
later = sys.argv[3].split(",")
print("import", *[m for m in later if m in sys.modules])

from PySide6.QtCore import QSettings
from accountplan.store.database import Database
from accountplan.interchange.demo import load_demo
from accountplan.ui.common import settings as S
from accountplan.ui.frame.app import application

app = application()
database = Database.open(sys.argv[1])
window = MainWindow(database, S.Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
window.show()
app.processEvents()
window.grab()
page = window.current_page()
print("window", window.windowTitle(), page.key if page else "welcome", *[m for m in later if m in sys.modules])
"""


def _run(database: Path, settings: Path, script: str = SCRIPT) -> list[str]:
    """The lines ``script`` prints, run in a Python of its own on ``database`` with its own settings file."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(database), str(settings), ",".join(LATER)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_importing_the_window_loads_none_of_them(db: Database, tmp_path: Path) -> None:
    db.close()
    imported, _ = _run(db.path, tmp_path / "settings.ini")  # type: ignore[arg-type]
    assert imported == "import"


def test_the_first_window_on_the_demo_account_loads_none_of_them(db: Database, tmp_path: Path) -> None:
    demo_name, _ = load_demo(db)
    db.close()
    _, window = _run(db.path, tmp_path / "settings.ini")  # type: ignore[arg-type]
    assert window == f"window {demo_name} — Account Plan overview"


FIRST_FRAME = """
import sys
from PySide6.QtCore import QSettings
from accountplan.ui.common import settings as S
from accountplan.ui.frame.app import application
from accountplan.ui.frame.first_frame import show_first_frame

app = application()
frame = show_first_frame(sys.argv[1], S.Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
core = ("sqlalchemy", "accountplan.model", "accountplan.store.database", "accountplan.ui.frame.main_window")
print("painted" if frame.painted else "not painted", frame.windowTitle())
print("loaded", *[m for m in core if m in sys.modules])
"""


def test_the_first_frame_names_the_account_before_sqlalchemy_and_the_model_are_loaded(
    db: Database, tmp_path: Path
) -> None:
    demo_name, _ = load_demo(db)
    db.close()
    printed = _run(db.path, tmp_path / "settings.ini", FIRST_FRAME)  # type: ignore[arg-type]
    assert printed == [f"painted {demo_name} — Account Plan", "loaded"]

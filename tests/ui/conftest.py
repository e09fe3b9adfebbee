"""Fixtures for the window: a MainWindow on a fresh database with its own settings file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.frame.main_window import MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> S.Settings:
    return S.Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, db: Database, settings: S.Settings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.resize(1200, 760)
    main.show()
    qtbot.waitExposed(main)
    yield main

"""Fixtures for the window: a MainWindow on a fresh database with its own settings file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings

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


@dataclass
class Signals:
    """What a model said while a test watched it."""

    resets: int = 0
    changed_rows: set[int] = field(default_factory=set)
    inserted: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, model: QAbstractItemModel) -> Signals:
        heard = cls()
        model.modelReset.connect(lambda: setattr(heard, "resets", heard.resets + 1))
        model.dataChanged.connect(
            lambda first, last, *_: heard.changed_rows.update(range(first.row(), last.row() + 1))
        )
        model.rowsInserted.connect(lambda _parent, first, _last: heard.inserted.append(first))
        model.rowsRemoved.connect(lambda _parent, first, _last: heard.removed.append(first))
        return heard


@pytest.fixture
def watch_model() -> Callable[[QAbstractItemModel], Signals]:
    """Watch what an item model says from now on: resets, rows redrawn, inserted, removed."""
    return Signals.of

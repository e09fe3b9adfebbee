"""Opening the org chart (load, layout, scene, first paint) and repainting it fitted to the window."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks.accounts import synthetic_account
from benchmarks.report import Row

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = (200, 2_000, 20_000)
QUICK_SIZES = (200, 1_000)
OPEN_GOAL_S, REPAINT_GOAL_S = 2.5, 0.100


def _open_and_fit(page: object, view: object, account_id: int) -> tuple[float, float]:
    from PySide6.QtWidgets import QApplication

    start = time.perf_counter()
    page.show_account(account_id)  # type: ignore[attr-defined]
    QApplication.processEvents()
    view.viewport().grab()  # type: ignore[attr-defined]  # the first paint
    opened = time.perf_counter() - start
    view.fit()  # type: ignore[attr-defined]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        view.viewport().grab()  # type: ignore[attr-defined]
        best = min(best, time.perf_counter() - start)
    return opened, best


def run(quick: bool = False) -> list[Row]:
    from PySide6.QtCore import QSettings

    from accountplan.interchange.demo import load_demo
    from accountplan.store.database import Database
    from accountplan.ui.common import settings as S
    from accountplan.ui.frame.app import application
    from accountplan.ui.frame.main_window import MainWindow

    application()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(Path(folder) / "bench.sqlite", user="bench")
        load_demo(database)
        window = MainWindow(
            database, S.Settings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        )
        window.resize(1400, 900)
        window.show()
        page = window.org_chart()
        window.show_page("org-chart")
        from sqlalchemy import select

        from accountplan.model import Account

        with database.session() as session:
            demo_id = session.scalar(select(Account.id))
        opened, _ = _open_and_fit(page, page.view, demo_id)
        rows.append(
            Row("org chart open, demo account (162 people)", opened, note="load + findings + layout + paint")
        )
        sizes = QUICK_SIZES if quick else SIZES
        for people in sizes:
            doubled_id = synthetic_account(database, 2 * people)
            page.show_account(None)
            doubled, _ = _open_and_fit(page, page.view, doubled_id)
            account_id = synthetic_account(database, people)
            page.show_account(None)
            opened, repaint = _open_and_fit(page, page.view, account_id)
            last = people == SIZES[-1]
            rows.append(
                Row(
                    f"org chart open, {people:,} people",
                    opened,
                    goal=f"≤ {OPEN_GOAL_S} s" if last else "",
                    met=opened <= OPEN_GOAL_S if last else None,
                    note=f"{opened / people * 1e6:.0f} µs/person",
                    growth=doubled / opened,
                )
            )
            rows.append(
                Row(
                    f"fit-to-window repaint, {people:,} people",
                    repaint,
                    goal=f"≤ {REPAINT_GOAL_S * 1000:.0f} ms" if last else "",
                    met=repaint <= REPAINT_GOAL_S if last else None,
                )
            )
        window.close()
        database.close()
    return rows

"""Opening the org chart (load, layout, scene, first paint) and repainting it fitted to the window."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks.layout import org_forest
from benchmarks.report import Row

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = (200, 2_000, 20_000)
OPEN_GOAL_S, REPAINT_GOAL_S = 2.5, 0.100
NAMES = ("Aiko Tanaka", "Zoë Lefèvre", "Дмитрий Соколов", "Søren Ødegård", "田中 愛子", "José Núñez")


def _account(database: object, people: int) -> int:
    """An account of ``people`` stakeholders in a realistic reporting forest, written with executemany."""
    from sqlalchemy import bindparam, func, insert, select, update

    from accountplan.model import Stakeholder
    from accountplan.plan.accounts import create_account

    nodes = org_forest(people, seed=people)
    with database.transaction(audit=False) as session:  # type: ignore[attr-defined]
        account_id = create_account(session, f"Synthetic {people}")
        base = (session.scalar(select(func.max(Stakeholder.id))) or 0) + 1
        session.execute(
            insert(Stakeholder),
            [
                {
                    "id": base + n.id,
                    "account_id": account_id,
                    "name": f"{NAMES[n.id % len(NAMES)]} {n.id}",
                    "title": "Director" if n.id % 5 == 0 else "Manager",
                    "influence": 1 + n.id % 5,
                }
                for n in nodes
            ],
        )
        table = Stakeholder.__table__
        session.connection().execute(
            update(table).where(table.c.id == bindparam("pid")).values(reports_to_id=bindparam("boss")),
            [{"pid": base + n.id, "boss": base + n.parent} for n in nodes if n.parent is not None],
        )
    return int(account_id)


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


def run() -> list[Row]:
    from PySide6.QtCore import QSettings

    from accountplan.store.database import Database
    from accountplan.store.demo import load_demo
    from accountplan.ui import settings as S
    from accountplan.ui.app import application
    from accountplan.ui.main_window import MainWindow

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
        opened, _ = _open_and_fit(page, page.view, demo_id)  # type: ignore[arg-type]
        rows.append(
            Row("org chart open, demo account (162 people)", opened, note="load + findings + layout + paint")
        )
        for people in SIZES:
            account_id = _account(database, people)
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

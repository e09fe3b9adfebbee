"""Loading a large account's graphs (``analysis.graphs.load_graphs``) against raw sqlite3 reading the same rows.

The anchor replays the very statements ``load_graphs`` sends (caught on the engine) through a bare sqlite3
connection and fetches every row as tuples: the floor for reading those rows in Python. The ratio is what
turning them into the analysis's people, links and reporting forest costs on top.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.accounts import synthetic_account
from benchmarks.report import Row, best_times, within

SIZE, QUICK_SIZE = 20_000, 2_000
GOAL = 2.0  # × raw sqlite3


def _statements(database: Any, account_id: int) -> list[tuple[str, Any]]:
    """The SQL and parameters that loading the account's graphs executes, in order."""
    from sqlalchemy import event

    from accountplan.analysis.graphs import load_graphs

    sent: list[tuple[str, Any]] = []

    def catch(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", catch)
    try:
        with database.session() as session:
            load_graphs(session, account_id)
    finally:
        event.remove(database.engine, "before_cursor_execute", catch)
    return [(sql, parameters) for sql, parameters in sent if sql.lstrip().upper().startswith("SELECT")]


def run(quick: bool = False) -> list[Row]:
    from accountplan.analysis.graphs import load_graphs
    from accountplan.store.database import Database

    size = QUICK_SIZE if quick else SIZE
    repeats = 3 if quick else 15
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graphs.sqlite"
        with Database.open(path, user="bench") as database:
            half_id = synthetic_account(database, size // 2)
            account_id = synthetic_account(database, size)

            def load(subject: int) -> Callable[[], object]:
                def work() -> None:
                    with database.session() as session:
                        load_graphs(session, subject)

                return work

            statements = _statements(database, account_id)
            raw = sqlite3.connect(path)
            try:

                def read() -> int:
                    return sum(len(raw.execute(sql, parameters).fetchall()) for sql, parameters in statements)

                rows_read = read()
                ours, anchor, half = best_times(load(account_id), read, load(half_id), repeats=repeats)
            finally:
                raw.close()
    return [
        within(
            f"load the graphs, {size:,} people",
            ours,
            anchor,
            GOAL,
            "raw sqlite3",
            judged=not quick,
            note=f"{len(statements)} queries, {rows_read:,} rows; {ours / size * 1e6:.1f} µs/person",
            growth=ours / half,
        )
    ]

"""Rebuilding an account as it was on a past day (``analysis.as_of.past_account``, issue #18).

Goals: ≤ 1 s for the demo account and ≤ 5 s for a 20,000-person account with a year of change log
(:func:`benchmarks.accounts.large_account`), for the day the most history has to be undone (the account's
first day) and a day half-way; and the Overview's progress series (the ends of the last 12 months and today, in
one walk back), against the same goals. The best of a few runs.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from benchmarks.accounts import large_account
from benchmarks.report import Row

SIZE, QUICK_SIZE = 20_000, 2_000
DEMO_GOAL, LARGE_GOAL = 1.0, 5.0


def _best(work: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def run(quick: bool = False) -> list[Row]:
    from accountplan.analysis.as_of import account_start, past_account
    from accountplan.analysis.progress import default_days, progress_series
    from accountplan.interchange.demo import load_demo
    from accountplan.interchange.planfile import find_account
    from accountplan.store.database import Database

    size = QUICK_SIZE if quick else SIZE
    repeats = 2 if quick else 3
    rows: list[Row] = []
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as folder, Database.open(Path(folder) / "as_of.sqlite") as database:
        name, _ = load_demo(database)
        account_id = large_account(database, size, name="Large")
        with database.session() as session:
            demo_id = find_account(session, name).id
            for label, subject, goal in (
                ("demo", demo_id, DEMO_GOAL),
                (f"{size:,} people", account_id, LARGE_GOAL),
            ):
                first = account_start(session, subject).astimezone().date()
                for when, day in (("first day", first), ("half-way", first + (today - first) / 2)):
                    undone = past_account(session, subject, day).undone
                    measured = _best(lambda s=subject, d=day: past_account(session, s, d), repeats)
                    rows.append(
                        Row(
                            f"as of a past day: {label}, {when}",
                            measured,
                            goal=f"≤ {goal:g} s",
                            met=None if quick else measured <= goal,
                            note=f"{undone:,} change-log entries undone",
                        )
                    )
                days = default_days(session, subject, today)
                measured = _best(lambda s=subject, d=days: progress_series(session, s, d), repeats)
                rows.append(
                    Row(
                        f"progress series, {len(days)} points: {label}",
                        measured,
                        goal=f"≤ {goal:g} s",
                        met=None if quick else measured <= goal,
                        note="one walk back through the change log for every day",
                    )
                )
    return rows

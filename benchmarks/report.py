"""One row per measurement, the single table that `python -m benchmarks` prints, and how rows are timed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """A measurement against an optional anchor (the same work done another way, e.g. by Graphviz dot).

    ``ratio`` is measured ÷ anchor: how many times the anchor's time it takes (below 1: faster). ``growth``
    is how the cost grows when the work doubles: the time for twice the work ÷ the time for this work
    (2 is linear; 4 is quadratic).
    """

    name: str
    measured: float  # seconds, or megabytes when ``unit`` is "MB"
    anchor: float | None = None  # in the same unit as ``measured``
    goal: str = ""
    met: bool | None = None  # None: no goal, or it could not be judged
    note: str = ""
    growth: float | None = None
    unit: str = "s"  # "s", or "MB" for a memory figure

    @property
    def ratio(self) -> float | None:
        return self.measured / self.anchor if self.anchor else None


def within(
    name: str,
    measured: float,
    anchor: float,
    limit: float,
    anchor_name: str,
    *,
    judged: bool = True,
    note: str = "",
    growth: float | None = None,
) -> Row:
    """A row whose goal is at most ``limit`` times the anchor's time (not judged at a quick run's sizes)."""
    return Row(
        name,
        measured,
        anchor,
        goal=f"≤ {limit:g}× {anchor_name}" if judged else "",
        met=measured / anchor <= limit if judged else None,
        note=note,
        growth=growth,
    )


def best_times(*works: Callable[[], object], repeats: int) -> list[float]:
    """The best wall time of each of ``works`` over ``repeats`` rounds, after one warm-up run of each.

    The works take turns within each round, so that a machine busy with something else slows them alike.
    """
    for work in works:
        work()
    best = [float("inf")] * len(works)
    for _ in range(repeats):
        for index, work in enumerate(works):
            start = time.perf_counter()
            work()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def seconds(value: float | None) -> str:
    """A duration with a unit that keeps three significant figures."""
    if value is None:
        return "-"
    if value >= 1:
        return f"{value:.3g} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} µs"


def amount(value: float | None, unit: str) -> str:
    """A duration (see :func:`seconds`), or megabytes as a whole number when ``unit`` is "MB"."""
    if unit == "MB" and value is not None:
        return f"{value:,.0f} MB"
    return seconds(value)


def times(value: float | None) -> str:
    """How many times: three significant figures, whole numbers from 100 up, "1/N" below one hundredth."""
    if value is None:
        return "-"
    if value < 0.01:
        return f"1/{1 / value:,.0f}"
    return f"{value:,.0f}×" if value >= 100 else f"{value:.3g}×"


def print_table(rows: Sequence[Row]) -> None:
    """Print the rows as one aligned table, then how many goals were met."""
    header = ("benchmark", "measured", "anchor", "÷ anchor", "×2 work", "goal", "result", "note")
    cells = [
        (
            row.name,
            amount(row.measured, row.unit),
            amount(row.anchor, row.unit),
            times(row.ratio),
            times(row.growth),
            row.goal or "-",
            {True: "met", False: "MISSED", None: "-"}[row.met],
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    right = {1, 2, 3, 4}

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if i in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for values in cells:
        print(line(values))
    judged = [row.met for row in rows if row.met is not None]
    missed = [row.name for row in rows if row.met is False]
    print(
        f"\ngoals met: {sum(judged)} of {len(judged)}" + (f"; missed: {'; '.join(missed)}" if missed else "")
    )
    print(
        "÷ anchor: measured ÷ anchor (below 1: faster than the anchor); ×2 work: time for twice the work ÷ time"
    )

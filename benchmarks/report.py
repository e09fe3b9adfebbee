"""One row per measurement, and the single table that `python -m benchmarks` prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """A measurement against an optional anchor; `ratio` is anchor ÷ measured (how many times faster)."""

    name: str
    measured: float  # seconds
    anchor: float | None = None  # seconds, for the same work done another way (e.g. Graphviz dot)
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None  # None: no goal, or it could not be judged
    note: str = ""


def seconds(value: float | None) -> str:
    """A duration with a unit that keeps three significant figures."""
    if value is None:
        return "-"
    if value >= 1:
        return f"{value:.3g} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} µs"


def ratio(value: float | None) -> str:
    """How many times: three significant figures, whole numbers from 100 up."""
    if value is None:
        return "-"
    return f"{value:,.0f}×" if value >= 100 else f"{value:.3g}×"


def print_table(rows: Sequence[Row]) -> None:
    """Print the rows as one aligned table, then how many goals were met."""
    header = ("benchmark", "measured", "anchor", "ratio", "goal", "met", "note")
    cells = [
        (
            row.name,
            seconds(row.measured),
            seconds(row.anchor),
            ratio(row.ratio),
            row.goal or "-",
            {True: "yes", False: "NO", None: "-"}[row.met],
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    right = {1, 2, 3}

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
    print(f"\ngoals met: {sum(judged)} of {len(judged)}")

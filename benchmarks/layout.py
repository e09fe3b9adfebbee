"""The tidy-tree layout against Graphviz dot on the same random org forests of 200 to 20,000 people."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accountplan.analysis.layout import LayoutNode, tidy_tree
from benchmarks.report import Row

SIZES = (200, 2_000, 5_000, 20_000)
QUICK_SIZES = (200, 1_000)
GOAL_SIZE = 5_000
GOAL_RATIO = 100.0
DOT_CAP = 120.0  # seconds; dot is stopped beyond this
POINTS_PER_INCH = 72.0
SIBLING_GAP, LEVEL_GAP = 16.0, 56.0  # tidy_tree's defaults, given to dot as nodesep and ranksep


def org_forest(people: int, seed: int) -> list[LayoutNode]:
    """A buyer's organisation: trees of fan-out 3 to 9, at most 7 levels below the top, and a few loose people.

    Managers are filled breadth first; about a third of the people above the lowest level are individual
    contributors with no reports. When a tree is full, the next one starts. The loose people (a board member,
    an adviser) are roots of their own, one per thousand people and at least one.
    """
    rng = random.Random(seed)
    loose = min(people - 1, 1 + people // 1_000)
    nodes: list[LayoutNode] = []

    def person(parent: int | None) -> int:
        nodes.append(LayoutNode(len(nodes), parent, rng.uniform(80, 220), rng.uniform(40, 90)))
        return len(nodes) - 1

    while len(nodes) < people - loose:
        level = [person(None)]
        for _depth in range(7):
            below: list[int] = []
            for manager in level:
                if below and rng.random() < 0.35:
                    continue
                for _ in range(min(rng.randint(3, 9), people - loose - len(nodes))):
                    below.append(person(manager))
            level = below
    while len(nodes) < people:
        person(None)
    return nodes


def time_ours(nodes: list[LayoutNode], repeats: int = 7) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        tidy_tree(nodes)
        best = min(best, time.perf_counter() - start)
    return best


def dot_source(nodes: list[LayoutNode]) -> str:
    """The same forest for dot: boxes of the same size in inches, top to bottom, no labels to measure."""
    lines = [
        "digraph org {",
        f"  graph [rankdir=TB, nodesep={SIBLING_GAP / POINTS_PER_INCH:.4f}, ranksep={LEVEL_GAP / POINTS_PER_INCH:.4f}];",
        '  node [shape=box, fixedsize=true, label=""];',
    ]
    lines += [
        f"  n{n.id} [width={n.width / POINTS_PER_INCH:.4f}, height={n.height / POINTS_PER_INCH:.4f}];"
        for n in nodes
    ]
    lines += [f"  n{n.parent} -> n{n.id};" for n in nodes if n.parent is not None]
    lines.append("}")
    return "\n".join(lines) + "\n"


def time_dot(dot: str, source: Path, repeats: int) -> float | None:
    """Best wall time of `dot -Tplain` over the file, or None when it runs past the cap."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            subprocess.run(
                [dot, "-Tplain", "-o", os.devnull, str(source)],
                check=True,
                capture_output=True,
                timeout=DOT_CAP,
            )
        except subprocess.TimeoutExpired:
            return None
        best = min(best, time.perf_counter() - start)
    return best


def run(quick: bool = False) -> list[Row]:
    dot = shutil.which("dot")
    sizes = QUICK_SIZES if quick else SIZES
    rows: list[Row] = []
    per_person: dict[int, float] = {}
    dot_per_person: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            nodes = org_forest(size, seed=size)
            ours = time_ours(nodes)
            doubled = time_ours(org_forest(2 * size, seed=size), repeats=3)
            per_person[size] = ours / size
            note = f"{ours / size * 1e6:.2f} µs/person"
            anchor: float | None = None
            faster: float | None = None  # how many times faster than dot
            bound: float | None = None  # how many times faster at least, when dot was stopped
            if dot is None:
                note += "; dot not installed (apt-get install graphviz)"
            else:
                print(f"  dot on {size:,} people...", file=sys.stderr, flush=True)
                source = Path(folder) / f"org-{size}.gv"
                source.write_text(dot_source(nodes), encoding="utf-8")
                anchor = time_dot(dot, source, repeats=3 if size <= 2_000 else 2 if size <= GOAL_SIZE else 1)
                if anchor is None:
                    bound = DOT_CAP / ours
                    note += f"; dot > {DOT_CAP:.0f} s (so > {bound:,.0f}× faster)"
                else:
                    faster = anchor / ours
                    dot_per_person[size] = anchor / size
                    note += f"; dot {anchor / size * 1e6:,.0f} µs/person"
            goal, met = "", None
            if size == GOAL_SIZE:
                goal = f"≥ {GOAL_RATIO:.0f}× faster than dot"
                best_known = faster if faster is not None else bound
                met = None if best_known is None else best_known >= GOAL_RATIO
            rows.append(Row(f"layout, {size:,} people", ours, anchor, goal, met, note, doubled / ours))

    small, large = sizes[0] if quick else sizes[1], sizes[-1]  # at full size, 200 people is all noise
    growth = per_person[large] / per_person[small]
    note = f"per person ×{growth:.2f} for {large // small}× the people (quadratic: ×{large // small})"
    if small in dot_per_person and large in dot_per_person:
        note += f"; dot ×{dot_per_person[large] / dot_per_person[small]:.1f}"
    rows.append(
        Row(
            f"layout per person, {large:,} vs {small:,}",
            per_person[large],
            goal="" if quick else "linear: per person ≤ 2× at 10× the people",
            met=None if quick else growth <= 2.0,
            note=note,
        )
    )
    return rows

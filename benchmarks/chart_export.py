"""Exporting the org chart of a 5,000-person account to SVG, whole process, against Graphviz `dot -Tsvg`.

Ours is `python -m accountplan --db … export org-chart --account … -o chart.svg` in a process of its own,
timed from its start until it has exited, the file written (it is renamed into place at the very end), its
bytecode compiled beforehand as an installed package has it; the
anchor is `dot -Tsvg` on a .dot file of the same people (each a box labelled with their name and title) and
the same reporting lines, also timed as a whole process. Ours draws more (stance stripes, badges, influence
dots and the influence arrows, a header with a legend); dot lays the tree out and writes its SVG. The peak
memory (maximum resident set) of each process is read from the kernel's accounting of that one child
(``os.wait4``). Without `dot` the row is printed without the anchor (apt-get install graphviz).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.accounts import synthetic_account
from benchmarks.report import Row, within

PEOPLE, QUICK_PEOPLE = 5_000, 500
GOAL = 0.5  # × dot -Tsvg
ROUNDS, QUICK_ROUNDS = 3, 1
POINTS_PER_INCH = 72.0
SIBLING_GAP, LEVEL_GAP = 16.0, 56.0  # the chart's gaps, given to dot as nodesep and ranksep
TIME_CAP = 600.0  # seconds a process may take


@dataclass(frozen=True)
class Run:
    """One process: its wall time from start to exit and its peak resident memory."""

    seconds: float
    peak_bytes: int


def _run(argv: Sequence[str], log: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` to its end; its wall time and the peak memory of that one process."""
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-500:]
        raise RuntimeError(f"{' '.join(argv[:4])}… failed ({process.returncode}): {tail}")
    kilobytes = usage.ru_maxrss  # Linux reports kilobytes (macOS bytes)
    return Run(seconds, kilobytes if sys.platform == "darwin" else kilobytes * 1024)


def _escaped(text: str) -> str:
    """``text`` inside a dot string: backslashes and quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _label(name: str, title: str) -> str:
    """A dot label of two lines (dot's \\n escape breaks the line)."""
    return f'"{_escaped(name)}\\n{_escaped(title)}"'


def dot_source(people: Sequence[tuple[int, str, str, int | None]]) -> str:
    """The people (id, name, title, manager's id) as a top-down tree of labelled boxes for dot."""
    lines = [
        "digraph org {",
        f"  graph [rankdir=TB, nodesep={SIBLING_GAP / POINTS_PER_INCH:.4f}, "
        f"ranksep={LEVEL_GAP / POINTS_PER_INCH:.4f}];",
        '  node [shape=box, style="rounded", fontname="DejaVu Sans", fontsize=10];',
    ]
    lines += [f"  n{pid} [label={_label(name, title)}];" for pid, name, title, _ in people]
    lines += [f"  n{manager} -> n{pid};" for pid, _, _, manager in people if manager is not None]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _megabytes(run: Run) -> str:
    return f"{run.peak_bytes / 1e6:.0f} MB"


def run(quick: bool = False) -> list[Row]:
    from accountplan.analysis.graphs import load_graphs
    from accountplan.model import Account
    from accountplan.store.database import Database

    people = QUICK_PEOPLE if quick else PEOPLE
    rounds = QUICK_ROUNDS if quick else ROUNDS
    dot = shutil.which("dot")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        database = base / "chart.sqlite"
        with Database.open(database, user="bench") as opened:
            account_id = synthetic_account(opened, people, "Chart export")
            with opened.session() as session:
                name = session.get_one(Account, account_id).name
                graphs = load_graphs(session, account_id)
        tree = [(p.id, p.name, p.title, p.reports_to_id) for p in graphs.people.values()]
        source = base / "chart.gv"
        source.write_text(dot_source(tree), encoding="utf-8")
        svg = base / "chart.svg"
        ours_argv = [
            sys.executable,
            "-m",
            "accountplan",
            "--db",
            str(database),
            "export",
            "org-chart",
            "--account",
            name,
            "-o",
            str(svg),
        ]
        dot_argv = [dot, "-Tsvg", "-o", str(base / "dot.svg"), str(source)] if dot else None
        log = base / "log.txt"
        # Bytecode written once into a private cache, as an installed package has it, whatever
        # PYTHONDONTWRITEBYTECODE says.
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(base / "bytecode")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        _run(ours_argv, log, env)  # warm-up: bytecode written and files in the page cache
        ours: list[Run] = []
        theirs: list[Run] = []
        for _ in range(rounds):  # taking turns, so that a busy machine slows both alike
            print(f"  SVG export of {people:,} people...", file=sys.stderr, flush=True)
            ours.append(_run(ours_argv, log, env))
            if dot_argv is not None:
                print(f"  dot -Tsvg on {people:,} people...", file=sys.stderr, flush=True)
                theirs.append(_run(dot_argv, log))
        best = min(ours, key=lambda r: r.seconds)
        peak = max(ours, key=lambda r: r.peak_bytes)
        note = f"peak memory {_megabytes(peak)}; file {svg.stat().st_size / 1e6:.1f} MB"
        label = f"org chart to SVG, {people:,} people, whole process"
        if not theirs:
            return [
                Row(
                    label,
                    best.seconds,
                    goal=f"≤ {GOAL:g}× dot -Tsvg",
                    note=note + "; dot not installed (apt-get install graphviz)",
                )
            ]
        anchor = min(r.seconds for r in theirs)
        note += f"; dot peak {_megabytes(max(theirs, key=lambda r: r.peak_bytes))}"
        return [within(label, best.seconds, anchor, GOAL, "dot -Tsvg", judged=not quick, note=note)]

"""`python -m benchmarks --quick` runs every benchmark at small sizes and prints the one table (no timing judged)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _benchmarks(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8", "HOME": str(home)},
        check=False,
    )


@pytest.mark.slow
def test_the_quick_benchmark_run_prints_one_table_with_every_figure(tmp_path: Path) -> None:
    done = _benchmarks("--quick", home=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    header, _rule, *rows = done.stdout.splitlines()
    assert header.split() == [
        "benchmark",
        "measured",
        "anchor",
        "÷",
        "anchor",
        "×2",
        "work",
        "goal",
        "result",
        "note",
    ]
    names = [row.split("  ")[0] for row in rows if row.strip()]
    for figure in (
        "first painted window, demo account",
        "window ready on the Overview, demo account",
        "load the graphs, 2,000 people",
        "success plan PDF, demo account",
        "meeting pack PDF, demo account",
        "account plan PDF, 130 people",
        "import contacts, 1,000 rows",
        "layout, 1,000 people",
        "org chart open, 1,000 people",
    ):
        assert any(name.startswith(figure) for name in names), (figure, names)
    assert any(row.startswith("goals met: ") for row in rows)


@pytest.mark.slow
def test_the_fluid_benchmark_measures_the_window_at_two_sizes_in_quick_mode(tmp_path: Path) -> None:
    done = _benchmarks("fluid", "--quick", home=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    cells = {line.split("  ")[0]: line for line in lines[2:] if line.strip()}
    for people in ("500", "1,000"):
        for figure in (
            "open Overview",
            "open Org chart",
            "open Stakeholders",
            "open Coverage",
            "open Change log",
            "drag a card onto a new manager, drop → repainted",
            "undo that drag → repainted",
            "stance edit in Stakeholders → painted",
            "drag with the org chart alone",
        ):
            assert f"{figure}, {people} people" in cells, (figure, people, list(cells))
        memory = cells[f"window memory after every page, {people} people"]
        resident = re.search(r"([\d,]+) MB", memory)  # the window's resident memory, in megabytes
        assert resident is not None and int(resident[1].replace(",", "")) > 50, memory
    assert "drag at 1,000 ÷ drag at 500 people" in cells
    assert "goals met: 0 of 0" in done.stdout  # quick sizes judge nothing


def test_an_unknown_benchmark_is_refused_with_the_list(tmp_path: Path) -> None:
    done = _benchmarks("nonsense", home=tmp_path)
    assert done.returncode == 2
    assert "unknown benchmark(s): nonsense" in done.stderr and "startup" in done.stderr

"""Run every benchmark module (each has `run() -> list[Row]`), or only those named, and print one table."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks
from benchmarks.report import Row, print_table

_NOT_BENCHMARKS = {"__main__", "report"}


def main(argv: list[str]) -> int:
    available = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name not in _NOT_BENCHMARKS
    )
    unknown = set(argv) - set(available)
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(available)}",
            file=sys.stderr,
        )
        return 2
    rows: list[Row] = []
    for name in argv or available:
        print(f"running {name}...", file=sys.stderr, flush=True)
        rows.extend(importlib.import_module(f"benchmarks.{name}").run())
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run every benchmark module (each has `run(quick) -> list[Row]`), or only those named, and print one table.

``--quick`` runs each at small sizes, in well under a minute: to check that the benchmarks work, not to
judge the goals that are set at full size.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import benchmarks
from benchmarks.report import Row, print_table

_NOT_BENCHMARKS = {"__main__", "report", "accounts", "team_load"}


def main(argv: list[str]) -> int:
    available = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name not in _NOT_BENCHMARKS
    )
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"only these: {', '.join(available)}")
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the benchmarks run")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(available)
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(available)}",
            file=sys.stderr,
        )
        return 2
    rows: list[Row] = []
    for name in args.names or available:
        print(f"running {name}...", file=sys.stderr, flush=True)
        rows.extend(importlib.import_module(f"benchmarks.{name}").run(quick=args.quick))
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

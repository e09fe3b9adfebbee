"""The kill test: a process killed in the middle of a stream of edits loses at most the edit in flight."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.model import Stakeholder
from accountplan.plan import accounts
from accountplan.store.backup import integrity_problems
from accountplan.store.database import Database

CHILD = Path(__file__).with_name("edit_stream.py")
#: Name → title of every person of the account.
People = dict[str, str | None]


def _people(path: Path, account_id: int) -> People:
    """Reopen the database as a new program would, check it, and read what it holds."""
    with Database.open(path, user="checker") as database:
        assert integrity_problems(database) == []
        with database.session() as session:
            rows = session.execute(
                select(Stakeholder.name, Stakeholder.title).where(Stakeholder.account_id == account_id)
            )
            return {name: title or None for name, title in rows}  # a new person's title is empty


def _after(people: People, first: int, edits: int) -> People:
    """``people`` after the first ``edits`` edits of a stream starting at ``first`` (add, title, add, ...)."""
    result = dict(people)
    for step in range(edits):
        n = first + step // 2
        result[f"Person {n}"] = None if step % 2 == 0 else f"Title {n}"
    return result


def _edit_and_kill(mode: str, path: Path, account_id: int, first: int, acks: int, rng: random.Random) -> int:
    """Start the child, let it acknowledge ``acks`` edits, kill it a random moment later; return all acks."""
    errors = path.with_name("child-errors.txt")
    with errors.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), mode, str(path), str(account_id), str(first)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    watchdog = threading.Timer(60, child.kill)
    watchdog.start()
    assert child.stdout is not None
    lines: list[str] = []
    while len(lines) < acks and (line := child.stdout.readline()):
        lines.append(line)
    time.sleep(rng.uniform(0, 0.006))  # an edit takes a few milliseconds: land anywhere in the next one
    child.send_signal(signal.SIGKILL)
    child.wait()
    watchdog.cancel()
    lines += child.stdout.read().splitlines(keepends=True)  # acks printed just before the kill count too
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL, f"the child ended by itself: {errors.read_text()}"
    expected = [f"ack {'add' if i % 2 == 0 else 'title'} {first + i // 2}\n" for i in range(len(lines))]
    complete = [line for line in lines if line.endswith("\n")]  # a line cut by the kill was not acknowledged
    assert complete == expected[: len(complete)]
    return len(complete)


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "rounds"), [("plan", 8), ("window", 3)])
def test_killing_the_process_repeatedly_loses_at_most_the_edit_in_flight(
    mode: str, rounds: int, db_path: Path
) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    with Database.open(db_path, user="tester") as database, database.transaction() as session:
        account_id = accounts.create_account(session, "Kill test")
    people: People = {}
    acknowledged_in_all = 0
    for round_ in range(rounds):
        first = max((int(name.split()[1]) for name in people), default=0) + 1
        acks = _edit_and_kill(mode, db_path, account_id, first, rng.randint(1, 30), rng)
        acknowledged_in_all += acks
        now = _people(db_path, account_id)
        context = f"seed {seed}, round {round_}: {acks} edits acknowledged"
        assert now in (_after(people, first, acks), _after(people, first, acks + 1)), context
        check = subprocess.run(
            [sys.executable, "-m", "accountplan", "--db", str(db_path), "check"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert check.returncode == 0, f"{context}: {check.stdout}{check.stderr}"
        assert "no problems found" in check.stdout
        people = now
    assert acknowledged_in_all >= rounds

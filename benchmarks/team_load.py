"""The team-server load: co-sellers as separate processes, each with its own login, editing one account at once.

    python benchmarks/team_load.py ADMIN_URL [--workers 65] [--operations 20] [--timeout 120]

ADMIN_URL names an empty plan database (``postgresql+psycopg://``) and a role that may create roles: the
admin of docs/team-mode.md. The admin creates the account, its stakeholders and one co-seller per worker,
each with a login of its own on the account's deal team. Then the workers (forked from this process once
the app is imported, so each starts in milliseconds) edit the account together, through ``accountplan.plan``
in ``Database.transaction``, with no retry: a title or a stance of one of a few contested stakeholders (so
saves collide) or of their own, an action, their coverage of a contested stakeholder. Each write pauses a
few milliseconds between reading and saving, as a person does. Every worker records what was acknowledged
(with the row's version after the commit), what was refused as a conflict (with its message), and how long
each save took; any other error ends the worker as a failure.

The result is one JSON document on stdout; the caller checks it against the database (the tests) or turns
it into figures (``benchmarks/team.py``). It runs as a script of its own, never inside a process that has
Qt loaded, because forking one is unsafe.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import queue
import random
import secrets
import sys
import time
import traceback
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from accountplan.errors import EditConflict
from accountplan.model import Stakeholder
from accountplan.model.enums import CoSellerRole, RelationshipStrength, Stance
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action
from accountplan.plan.coverage import set_coverage
from accountplan.plan.stakeholders import add_stakeholder, update_stakeholder
from accountplan.plan.team import add_co_seller, join_team
from accountplan.plan.team_logins import add_user
from accountplan.store.database import Database

ACCOUNT = "Load Test Holdings"
CONTESTED = 3
#: The longest pause between reading a row and saving it, in seconds.
THINK = 0.008
KINDS = ("title", "stance", "action", "coverage")
STANCES = list(Stance)
STRENGTHS = [s for s in RelationshipStrength if s is not RelationshipStrength.NONE]


def set_up(admin_url: str, workers: int) -> dict[str, Any]:
    """As the admin: the account, contested and own stakeholders, and one co-seller with a login per worker."""
    tag = secrets.token_hex(3)
    users = []
    with Database.open(admin_url, user="admin") as database, database.transaction() as session:
        account = create_account(session, f"{ACCOUNT} {tag}")
        contested = [add_stakeholder(session, account, f"Contested {n}") for n in range(CONTESTED)]
        for n in range(workers):
            login, password = f"load_{tag}_{n}", secrets.token_hex(8)
            own = add_stakeholder(session, account, f"Own {n}")
            co_seller = add_co_seller(session, f"Load co-seller {n}", CoSellerRole.SPECIALIST)
            join_team(session, account, co_seller)
            add_user(session, login, f"Load co-seller {n}", password=password)
            users.append({"login": login, "password": password, "co_seller": co_seller, "own": own})
        rows = session.execute(
            select(Stakeholder.id, Stakeholder.version).where(Stakeholder.account_id == account)
        )
        versions = {person: version for person, version in rows}
    return {"account": account, "contested": contested, "users": users, "versions": versions}


def _edit(
    database: Database,
    setup: dict[str, Any],
    user: dict[str, Any],
    record: dict[str, Any],
    rng: random.Random,
) -> None:
    """One edit in a transaction of its own, noted in ``record`` (with the row's version once committed)."""
    contested, kind, n = setup["contested"], record["kind"], record["op"]
    target = rng.choice(contested) if rng.random() < 0.75 else user["own"]
    person = None
    with database.transaction() as session:
        if kind in ("title", "stance"):
            person = session.get(Stakeholder, target)
            assert person is not None
            if kind == "title":
                value = f"Title {user['login']}.{n}"
            else:  # always a change, so that every acknowledged save makes a new version
                step = rng.randrange(1, len(STANCES))
                value = STANCES[(STANCES.index(person.stance) + step) % len(STANCES)].value
            update_stakeholder(session, target, **{kind: value})
            record.update(row=target, value=value)
        elif kind == "action":
            title = f"Action {user['login']}.{n}"
            record.update(
                value=title, row=add_action(session, setup["account"], title, owner_id=user["co_seller"])
            )
        else:
            target = rng.choice(contested)
            strength = rng.choice(STRENGTHS)
            set_coverage(session, user["co_seller"], target, strength, is_owner=rng.random() < 0.3)
            record.update(row=target, value=strength.value)
        time.sleep(rng.uniform(0, THINK))  # a person between reading and saving: others may save meanwhile
    if person is not None:
        record["version"] = person.version


def work(index: int, url: str, setup: dict[str, Any], operations: int, barrier: Any, results: Any) -> None:
    """One co-seller's process: wait for the others, then edit; put what happened on ``results``."""
    user = setup["users"][index]
    outcome: dict[str, Any] = {"worker": index, "acks": [], "refusals": [], "failures": []}
    try:
        database = Database.open(url, user=user["login"])
        barrier.wait(timeout=60)
        outcome["started"] = time.time()
        rng = random.Random(index)
        for n in range(operations):
            record = {"kind": KINDS[(index + n) % len(KINDS)], "op": n}
            start = time.perf_counter()
            try:
                _edit(database, setup, user, record, rng)
            except EditConflict as refused:  # no retry: the user is told, as the window tells them
                record["refused"] = str(refused)
            record["seconds"] = time.perf_counter() - start
            outcome["refusals" if "refused" in record else "acks"].append(record)
        outcome["ended"] = time.time()
        database.close()
    except Exception:  # anything but a conflict is a failure the caller reports
        outcome["failures"].append(traceback.format_exc())
    results.put(outcome)


def run_load(admin_url: str, workers: int, operations: int, timeout: float) -> dict[str, Any]:
    """Set up, fork the workers, gather their outcomes; workers still running after ``timeout`` count as hung."""
    setup = set_up(admin_url, workers)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(workers), context.Queue()
    url = make_url(admin_url)
    processes = [
        context.Process(
            target=work,
            args=(
                i,
                url.set(username=u["login"], password=u["password"]).render_as_string(False),
                setup,
                operations,
                barrier,
                results,
            ),
        )
        for i, u in enumerate(setup["users"])
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    outcomes: list[dict[str, Any]] = []
    deadline = started + timeout
    while len(outcomes) < workers:
        try:
            outcomes.append(results.get(timeout=max(0.1, deadline - time.perf_counter())))
        except queue.Empty:
            break
    seconds = time.perf_counter() - started
    reported = {outcome["worker"] for outcome in outcomes}
    hung = [i for i in range(workers) if i not in reported]
    for process in processes:
        process.join(timeout=max(0.1, deadline - time.perf_counter()))
        if process.is_alive():
            process.kill()
            process.join()
    return {"setup": setup, "outcomes": outcomes, "hung": hung, "seconds": seconds}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("admin_url")
    parser.add_argument("--workers", type=int, default=65)
    parser.add_argument("--operations", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv)
    print(json.dumps(run_load(args.admin_url, args.workers, args.operations, args.timeout)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""65 co-sellers, each a process with a login of their own, edit one account at once: nothing is lost or hangs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from accountplan.store.database import Database

from .conftest import TeamServer

LOAD = Path(__file__).resolve().parents[2] / "benchmarks" / "team_load.py"
WORKERS, OPERATIONS = 65, 20


@pytest.fixture
def load(team: TeamServer) -> dict[str, Any]:
    with Database.open(team.admin_url):  # the admin creates the empty plan
        pass
    done = subprocess.run(
        [
            sys.executable,
            str(LOAD),
            team.admin_url,
            "--workers",
            str(WORKERS),
            "--operations",
            str(OPERATIONS),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _all(result: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [dict(record, worker=o["worker"]) for o in result["outcomes"] for record in o[key]]


@pytest.mark.slow
def test_every_acknowledged_write_is_kept_every_refusal_is_a_conflict_and_nobody_hangs(
    team: TeamServer, load: dict[str, Any]
) -> None:
    assert load["hung"] == []
    assert sorted(o["worker"] for o in load["outcomes"]) == list(range(WORKERS))
    assert [f for o in load["outcomes"] for f in o["failures"]] == []  # a refusal other than a conflict fails
    for outcome in load["outcomes"]:
        assert len(outcome["acks"]) + len(outcome["refusals"]) == OPERATIONS
    acks, refusals = _all(load, "acks"), _all(load, "refusals")
    assert refusals, "the contested rows never collided: the test proves nothing"
    assert all("changed by someone else" in r["refused"] or "same moment" in r["refused"] for r in refusals)

    with team.connect() as admin:
        people = {
            row[0]: row[1:] for row in admin.execute("SELECT id, title, stance, version FROM stakeholders")
        }
        logged = set(
            admin.execute(
                "SELECT entity_id, field, new_value, \"user\" FROM change_log WHERE entity_type = 'stakeholders'"
            ).fetchall()
        )
        actions = dict(admin.execute("SELECT id, title FROM actions").fetchall())
        coverage = {
            (seller, person): strength
            for seller, person, strength in admin.execute(
                "SELECT co_seller_id, stakeholder_id, strength FROM coverage"
            )
        }

    # Stakeholders: each acknowledged save made a version of its own, the newest of each field is what is there,
    # and the row's version counts exactly the acknowledged saves (a refused one wrote nothing).
    saves: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ack in acks:
        if ack["kind"] in ("title", "stance"):
            saves[ack["row"]].append(ack)
    base = {int(row): version for row, version in load["setup"]["versions"].items()}
    users = load["setup"]["users"]
    for row, row_saves in saves.items():
        title, stance, version = people[row]
        versions = [ack["version"] for ack in row_saves]
        assert len(set(versions)) == len(versions), f"two saves of stakeholder {row} made the same version"
        assert version == base[row] + len(row_saves) == max(versions)
        for field, now in (("title", title), ("stance", stance)):
            mine = [ack for ack in row_saves if ack["kind"] == field]
            if mine:
                assert max(mine, key=lambda ack: ack["version"])["value"] == now
        for ack in row_saves:
            assert (row, ack["kind"], ack["value"], users[ack["worker"]]["login"]) in logged
    for refusal in refusals:
        if refusal["kind"] == "title":
            assert refusal["value"] not in {title for title, _, _ in people.values()}
            assert not any(entry[2] == refusal["value"] for entry in logged), refusal

    # Actions: every acknowledged one is there, and nothing else was added.
    added = {ack["row"]: ack["value"] for ack in acks if ack["kind"] == "action"}
    assert actions == added

    # Coverage: each co-seller's last acknowledged strength for each contested stakeholder is the one kept.
    last: dict[tuple[int, int], str] = {}
    for ack in sorted((a for a in acks if a["kind"] == "coverage"), key=lambda a: a["op"]):
        last[(users[ack["worker"]]["co_seller"], ack["row"])] = ack["value"]
    assert {key: coverage[key] for key in last} == last

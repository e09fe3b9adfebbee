"""docs/team-mode.md's backup: pg_dump as the admin, pg_restore into a new database; the guards come back too."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from accountplan.plan.accounts import list_accounts
from accountplan.store.database import Database

from .conftest import ADMIN, ADMIN_PASSWORD, OTHER_ACCOUNT, TeamPlan, TeamServer


def _run(team: TeamServer, program: str, *args: str) -> subprocess.CompletedProcess[str]:
    server = team.server
    return subprocess.run(
        [str(server.bin / program), "-h", server.host, "-p", str(server.port), "-U", ADMIN, *args],
        env={**os.environ, "PGPASSWORD": ADMIN_PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_the_admin_backs_up_with_pg_dump_and_restores_the_plan_with_its_guards(
    team_plan: TeamPlan, tmp_path: Path
) -> None:
    team = team_plan.team
    dump = tmp_path / "plan.dump"
    refused = _run(team, "pg_dump", "-Fc", "-f", str(dump), team.database)
    # Row-level security is forced on the admin too: pg_dump must be told to go through it.
    assert refused.returncode != 0 and "row-level security" in refused.stderr
    done = _run(team, "pg_dump", "--enable-row-security", "-Fc", "-f", str(dump), team.database)
    assert done.returncode == 0, done.stderr

    restored = TeamServer(team.server, team.database + "_restored")
    team.server.admin(f'CREATE DATABASE "{restored.database}" OWNER {ADMIN}')
    try:
        done = _run(team, "pg_restore", "--no-owner", "--exit-on-error", "-d", restored.database, str(dump))
        assert done.returncode == 0, done.stderr
        with Database.open(restored.admin_url) as database, database.session() as session:
            assert [row.name for row in list_accounts(session)] == [
                OTHER_ACCOUNT,
                "Shirokane Nordhaven Holdings",
            ]
        login, password = team_plan.outsider  # logins are the server's, so the restored plan knows them
        with restored.connect(login, password) as outsider:
            assert outsider.execute("SELECT name FROM accounts").fetchall() == [(OTHER_ACCOUNT,)]
            assert outsider.execute("SELECT count(*) FROM stakeholders").fetchone() == (1,)
    finally:
        team.server.drop_database(team.server.url(restored.database))

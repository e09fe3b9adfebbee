"""``accountplan --db URL team add-user | remove-user | list``: the admin links co-sellers to server logins."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from accountplan.cli import main

from .conftest import FRESH, OTHER_ACCOUNT, TeamPlan


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_user_creates_a_login_that_sees_exactly_its_deal_teams(
    team_plan: TeamPlan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = team_plan.team
    login = team.login("aiko")
    secret = tmp_path / "password"
    secret.write_text("s3cret pass phrase\n", encoding="utf-8")
    code, out, err = run(
        capsys, "--db", team.admin_url, "team", "add-user", login,
        "--co-seller", FRESH, "--password-file", str(secret), "--account", OTHER_ACCOUNT,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{FRESH} logs in as {login!r} (a new login).",
        f"Added to the deal team of {OTHER_ACCOUNT}.",
    ]
    with team.connect(login, "s3cret pass phrase") as connection:
        assert connection.execute("SELECT name FROM accounts").fetchall() == [(OTHER_ACCOUNT,)]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        team.connect(login, "wrong")

    code, out, _ = run(capsys, "--db", team.admin_url, "team", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Co-seller", "Login", "Server", "Deal", "teams"]
    fresh = next(line for line in lines if line.startswith(FRESH))
    assert fresh.split()[2:] == [login, "ok", *OTHER_ACCOUNT.split()]


def test_remove_user_drops_the_login_and_its_access(
    team_plan: TeamPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    team = team_plan.team
    login, password = team_plan.member
    code, out, err = run(capsys, "--db", team.admin_url, "team", "remove-user", login)
    assert (code, err) == (0, "")
    assert out.endswith("they see no account now.\n") and login in out
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        team.connect(login, password)
    with team.connect() as admin:
        assert admin.execute("SELECT count(*) FROM co_sellers WHERE login = %s", (login,)).fetchone() == (0,)

    kept_login, kept_password = team_plan.outsider
    code, out, _ = run(capsys, "--db", team.admin_url, "team", "remove-user", kept_login, "--keep-role")
    assert code == 0 and "the login stays on the server" in out
    with team.connect(kept_login, kept_password) as connection:  # still logs in, but sees nothing
        assert connection.execute("SELECT count(*) FROM accounts").fetchone() == (0,)


def test_only_the_admin_may_manage_users(team_plan: TeamPlan, capsys: pytest.CaptureFixture[str]) -> None:
    team = team_plan.team
    member_url = team.url(*team_plan.member)
    code, _, err = run(
        capsys, "--db", member_url, "team", "add-user", team.login("sneaky"), "--co-seller", FRESH
    )
    assert code == 1
    assert err.startswith("accountplan: The team server refused") and len(err.strip().splitlines()) == 1
    assert "only the admin" in err and "permission denied to create role" in err
    with team.connect() as admin:
        rows = admin.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname = %s", (team.login("sneaky"),)
        ).fetchone()
    assert rows == (0,)


@pytest.mark.parametrize(
    ("login", "co_seller", "message"),
    [
        ("Robert'); DROP TABLE accounts;--", FRESH, "cannot be a login"),
        ("pg_monitor", FRESH, "keeps for itself"),
        ("accountplan_admin", FRESH, "keeps for itself"),
        ("postgres", FRESH, "keeps for itself"),
        ("PUBLIC", FRESH, "keeps for itself"),
        ("plan_admin", FRESH, "may create roles"),  # the admin itself: a co-seller would own the tables
        ("newcomer", "Nobody At All", "There is no co-seller called 'Nobody At All'"),
        ("{member}", FRESH, "belongs to"),  # a login is never taken from the co-seller who has it
    ],
)
def test_add_user_refuses_what_it_cannot_do_with_one_sentence(
    team_plan: TeamPlan, capsys: pytest.CaptureFixture[str], login: str, co_seller: str, message: str
) -> None:
    team = team_plan.team
    login = login.replace("{member}", team_plan.member[0])
    code, _, err = run(capsys, "--db", team.admin_url, "team", "add-user", login, "--co-seller", co_seller)
    assert code == 1
    assert err.startswith("accountplan: ") and len(err.strip().splitlines()) == 1
    assert message in err


def test_only_the_admin_lists_who_logs_in_as_whom(
    team_plan: TeamPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", team_plan.team.url(*team_plan.member), "team", "list")
    assert code == 1 and out == ""
    assert err.startswith("accountplan: Only the team server's admin") and len(err.strip().splitlines()) == 1
    assert team_plan.outsider[0] not in err


def test_team_commands_need_a_team_server(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(db_path), "team", "list")
    assert code == 1
    assert "PostgreSQL team server" in err and "docs/team-mode.md" in err

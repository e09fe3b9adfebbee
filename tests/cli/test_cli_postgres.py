"""The command line against a PostgreSQL team server: the same commands, the same results as on a file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import make_url

Cli = Callable[..., tuple[int, str, str]]


def test_demo_accounts_and_exports_work_against_postgresql(cli: Cli, pg_url: str, tmp_path: Path) -> None:
    code, out, err = cli("--db", pg_url, "demo")
    assert code == 0, err
    assert out.startswith("Added the demo account")
    name = out.split("'")[1]
    code, out, _ = cli("--db", pg_url, "demo")
    assert "already there" in out

    code, out, err = cli("--db", pg_url, "accounts")
    assert code == 0, err
    assert name in out and "People" in out

    plan = tmp_path / "plan.json"
    code, out, err = cli("--db", pg_url, "export", "plan", "--account", name, "-o", str(plan))
    assert code == 0, err
    document = json.loads(plan.read_text(encoding="utf-8"))
    assert document["account"]["name"] == name and len(document["stakeholders"]) > 20

    pdf = tmp_path / "success.pdf"
    code, out, err = cli("--db", pg_url, "export", "success-plan", "--account", name, "-o", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_plan_moves_from_a_file_to_the_team_server_unchanged(
    cli: Cli, db_path: Path, pg_url: str, tmp_path: Path
) -> None:
    code, out, err = cli("--db", str(db_path), "demo")
    assert code == 0, err
    name = out.split("'")[1]
    from_file, from_server = tmp_path / "file.json", tmp_path / "server.json"
    assert cli("--db", str(db_path), "export", "plan", "--account", name, "-o", str(from_file))[0] == 0

    code, out, err = cli("--db", pg_url, "import", "plan", str(from_file))
    assert code == 0, err
    assert cli("--db", pg_url, "export", "plan", "--account", name, "-o", str(from_server))[0] == 0

    assert json.loads(from_server.read_text(encoding="utf-8")) == json.loads(
        from_file.read_text(encoding="utf-8")
    )


def test_an_unreachable_server_is_one_clear_sentence(cli: Cli, pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url("postgres").replace(f":{pg_server.port}/", ":1/")  # nothing listens on port 1
    code, _, err = cli("--db", url, "accounts")
    assert code == 1
    line = cli.one_clear_sentence(err)  # type: ignore[attr-defined]
    assert "team server did not answer" in line and "Connection refused" in line
    assert make_url(pg_server.admin_url).password not in line

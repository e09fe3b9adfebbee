"""Writing a plan file never fails on the text it holds: control characters and lone surrogates are escaped."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from accountplan.interchange.planfile import export_account, write_plan
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database

HOSTILE = "Qu\x01ix\x0bZor\x1bb\x00a\rVex\x7fo\x85Wy\x1cn"


def _account(db: Database) -> int:
    with db.transaction() as session:
        account_id = create_account(session, "Acme")
        add_stakeholder(session, account_id, "Boss", title="CEO")
    with db.transaction(audit=False) as session:  # past the text rules, as an old database holds them
        session.execute(text("UPDATE stakeholders SET name = :h, title = :h"), {"h": HOSTILE})
    return account_id


def test_control_characters_are_written_as_json_escapes(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        document = export_account(session, _account(db))
    path = tmp_path / "plan.json"
    write_plan(document, path)
    raw = path.read_bytes()
    assert not [byte for byte in raw if byte < 0x20 and byte != 0x0A]  # one JSON value per line, escaped
    assert "Qu\\u0001ix\\u000bZor\\u001bb\\u0000a\\rVex" in raw.decode("utf-8")
    assert json.loads(raw)["stakeholders"][0]["name"] == HOSTILE  # exactly what the database holds


def test_a_lone_surrogate_is_written_as_its_json_escape_and_reads_back(db: Database, tmp_path: Path) -> None:
    """No database returns one (SQLite and PostgreSQL hold UTF-8), but a document built in memory may."""
    with db.session() as session:
        document = export_account(session, _account(db))
    document["stakeholders"][0]["title"] = "CEO \ud800 and \udfff"
    document["account"]["name"] = "Acme \udbff"
    path = tmp_path / "plan.json"
    write_plan(document, path)
    raw = path.read_bytes()
    raw.decode("utf-8")  # strict: the file is UTF-8
    assert b'"CEO \\ud800 and \\udfff"' in raw and b'"Acme \\udbff"' in raw
    assert json.loads(raw) == document

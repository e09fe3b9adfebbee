"""The actions CSV: opens cleanly in a spreadsheet (UTF-8 with BOM), reads back, and never runs a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy import update as sa_update

from accountplan.interchange.actions_csv import HEADER, actions_csv, export_actions_csv, neutralise
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Action
from accountplan.model.enums import ActionStatus, CoSellerRole
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action, update_action
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)
HOSTILE = ['=HYPERLINK("http://evil.example","Click")', "+1", "-1", "@SUM(A1:A9)", "\tx", "\rx"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def account(db: Database) -> int:
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2026, 11, 5, 9, tzinfo=dt.UTC)
        account_id = create_account(session, "Acme")
        owner = add_co_seller(session, "Zoë Lefèvre-井上", CoSellerRole.SPECIALIST)
        join_team(session, account_id, owner)
        person = add_stakeholder(session, account_id, "Ольга Ким")
        add_action(
            session,
            account_id,
            "Walk Ольга Ким through the architecture",
            owner_id=owner,
            due=dt.date(2026, 11, 14),
            stakeholder_id=person,
        )
        add_action(
            session,
            account_id,
            'Plan the steering committee, "phase 2"',
            due=dt.date(2026, 12, 1),
            description="Two lines:\nagenda and room",
        )
        done = add_action(
            session, account_id, "Send the pilot results", owner_id=owner, due=dt.date(2026, 11, 1)
        )
        update_action(session, done, status=ActionStatus.DONE)
        dropped = add_action(session, account_id, "Visit Nagoya")
        update_action(session, dropped, status=ActionStatus.CANCELLED)
    return account_id


def test_the_file_reads_back_with_every_open_and_done_action(
    db: Database, account: int, tmp_path: Path
) -> None:
    out = tmp_path / "actions.csv"
    with db.session() as session:
        assert export_actions_csv(session, account, TODAY, out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # what Excel needs to read UTF-8 and lines
    rows = _read(out)
    assert list(rows[0]) == list(HEADER)
    assert [
        (
            r["Title"],
            r["Status"],
            r["Owner"],
            r["Due"],
            r["Done on"],
            r["Overdue"],
            r["Days overdue"],
            r["For"],
        )
        for r in rows
    ] == [
        (
            "Walk Ольга Ким through the architecture",
            "Open",
            "Zoë Lefèvre-井上",
            "2026-11-14",
            "",
            "yes",
            "9",
            "Stakeholder: Ольга Ким",
        ),
        ("Send the pilot results", "Done", "Zoë Lefèvre-井上", "2026-11-01", "2026-11-05", "", "", ""),
        ('Plan the steering committee, "phase 2"', "Open", "", "2026-12-01", "", "", "", ""),
    ]
    assert rows[2]["Description"] == "Two lines:\nagenda and room"


def test_hostile_titles_cannot_run_a_formula(db: Database, account: int) -> None:
    with db.transaction() as session:
        for title in HOSTILE:  # written as is, past the text rules (an old database, another program)
            session.execute(
                sa_update(Action)
                .where(Action.id == add_action(session, account, "placeholder"))
                .values(title=title, description=title)
            )
        villain = add_co_seller(session, "=cmd|' /C calc'!A0", CoSellerRole.PARTNER)
        add_action(session, account, "Harmless title", owner_id=villain)
    with db.session() as session:
        text = actions_csv(session, account, TODAY)
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row if cell]
    assert not [cell for cell in cells if cell[0] in "=+-@\t\r\n"]
    titles = {row[0] for row in rows[1:]}
    shown = {"'" + title.replace("\r", "\n") for title in HOSTILE}  # a CR is a line break: a line feed
    assert shown <= titles  # neutralised, not altered otherwise
    assert {row[8] for row in rows[1:]} >= shown
    assert "'=cmd|' /C calc'!A0" in {row[2] for row in rows[1:]}
    assert neutralise("Zoë") == "Zoë" and neutralise("") == ""


def test_the_demo_actions_open_in_a_spreadsheet(db: Database, tmp_path: Path) -> None:
    load_demo(db, TODAY)
    out = tmp_path / "demo.csv"
    with db.session() as session:
        account_id = session.scalar(select(Account.id))
        assert account_id is not None
        written = export_actions_csv(session, account_id, TODAY, out)
    rows = _read(out)
    assert written == len(rows) == 93  # 100 actions, of which 7 were cancelled
    assert [r["Overdue"] for r in rows[:16]] == ["yes"] * 16 and rows[16]["Overdue"] == ""
    assert any("藤原 麻衣" in r["Title"] for r in rows)


def test_control_characters_written_with_sql_are_left_out(db: Database, account: int, tmp_path: Path) -> None:
    """NUL, escape, DEL and the like never reach the file, and none hides a formula from the check."""
    values = {
        "t": '\x00=HYPERLINK("http://evil.example")\x01',
        "d": "Line\x0bone\x1b\rline\x7f two\x85three\x00",
    }
    with db.transaction(audit=False) as session:  # past the text rules, as an old database holds them
        session.execute(text("UPDATE actions SET title = :t, description = :d"), values)
        session.execute(text("UPDATE co_sellers SET name = :n"), {"n": "Zo\x01ë\x1b Lef\x00èvre"})
    out = tmp_path / "actions.csv"
    with db.session() as session:
        assert export_actions_csv(session, account, TODAY, out) == 3
    raw = out.read_bytes().decode("utf-8-sig")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", raw)
    rows = _read(out)
    assert {row["Title"] for row in rows} == {'\'=HYPERLINK("http://evil.example")'}
    assert {row["Description"] for row in rows} == {"Line\none\nline two\nthree"}
    assert {row["Owner"] for row in rows} == {"", "Zoë Lefèvre"}

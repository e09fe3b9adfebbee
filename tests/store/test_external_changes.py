"""Two connections on one file: each can tell when the other committed, and which rows it changed under it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from accountplan.errors import EditConflict
from accountplan.model import Stakeholder
from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.store.row_versions import check_unchanged


@pytest.fixture
def other(db: Database, db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path, user="colleague")
    yield database
    database.close()


def test_own_commits_are_no_news_but_another_connections_are(db: Database, other: Database) -> None:
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
    assert not db.changed_elsewhere()
    assert other.changed_elsewhere()  # the account came from elsewhere, as far as ``other`` knows
    with other.transaction() as session:
        stakeholders.add_stakeholder(session, account_id, "Aiko Tanaka")
    assert db.changed_elsewhere()
    assert not db.changed_elsewhere()  # told once
    with db.session() as session:
        assert session.get(Stakeholder, 1) is not None
    assert not db.changed_elsewhere()  # reading is not a change
    assert not other.changed_elsewhere()


def test_a_commit_elsewhere_just_before_our_own_is_still_news(
    db: Database, other: Database, db_path: Path
) -> None:
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
    ours_is_waiting = threading.Event()

    @event.listens_for(db.engine, "before_cursor_execute")
    def _announce(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            ours_is_waiting.set()

    def ours() -> None:
        with db.transaction() as session:
            stakeholders.add_stakeholder(session, account_id, "Ours")

    with other.transaction() as session:
        stakeholders.add_stakeholder(session, account_id, "Theirs")
        session.flush()  # they hold the write lock: our edit waits for their commit
        thread = threading.Thread(target=ours)
        thread.start()
        assert ours_is_waiting.wait(timeout=30)
    thread.join(timeout=60)
    assert db.changed_elsewhere(), "their commit came first and must be shown, even though ours followed"


def test_a_row_changed_elsewhere_is_a_conflict_and_our_own_changes_are_not(
    db: Database, other: Database
) -> None:
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
        person = stakeholders.add_stakeholder(session, account_id, "Aiko Tanaka")
    with db.transaction() as session:
        stakeholders.update_stakeholder(session, person, title="CIO")
    key = ("stakeholders", person)
    assert db.written[key] == 2
    with db.transaction() as session:
        check_unchanged(session, {key: db.written[key]})  # nobody else touched it
    with other.transaction() as session:
        stakeholders.update_stakeholder(session, person, title="CTO")
    with (
        pytest.raises(EditConflict, match="Aiko Tanaka changed in another window"),
        db.transaction() as session,
    ):
        check_unchanged(session, {key: db.written[key]})
    with db.transaction() as session:
        stakeholders.delete_stakeholder(session, person, force=True)
    assert db.written[key] is None
    with db.transaction() as session:
        check_unchanged(session, {key: None})  # still deleted, as we left it

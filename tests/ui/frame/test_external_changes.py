"""Two windows or processes on one database: the window redraws what others saved, and undo never overwrites it."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import Stakeholder
from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.ui.common.commands import AddStakeholder, DeleteStakeholder, UpdateStakeholder
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.stakeholders_page import StakeholdersPage

#: The window looks every 1.5 s: "within a couple of seconds".
REDRAW_MS = 3000


@pytest.fixture
def other(db_path: Path, db: Database) -> Iterator[Database]:
    """A second, independent connection to the window's database file (another window or program)."""
    database = Database.open(db_path, user="colleague")
    yield database
    database.close()


def _account(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        account_id = accounts.create_account(session, "Hoshino Logistics")
        person = stakeholders.add_stakeholder(session, account_id, "Aiko Tanaka", title="CIO")
    return account_id, person


def _title(db: Database, person: int) -> str | None:
    with db.session() as session:
        row = session.get(Stakeholder, person)
        return row.title if row is not None else None


def _people_page(window: MainWindow) -> StakeholdersPage:
    page = window.show_page("stakeholders")
    assert isinstance(page, StakeholdersPage)
    return page


def test_the_window_redraws_what_another_connection_saved(
    qtbot, window: MainWindow, db: Database, other: Database
) -> None:
    account_id, _ = _account(db)
    window.events.accounts_changed.emit()
    page = _people_page(window)
    assert page.count.text() == "1 person"
    with other.transaction() as session:
        stakeholders.add_stakeholder(session, account_id, "Zoë Lefèvre", title="CFO")
        accounts.create_account(session, "Added elsewhere")
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=REDRAW_MS)
    assert window.accounts.rowCount() == 2
    assert window.windowTitle().startswith("Hoshino Logistics")  # the account shown stays the same
    assert "elsewhere" in window.statusBar().currentMessage()


def test_the_window_redraws_what_another_process_saved(qtbot, window: MainWindow, db: Database) -> None:
    account_id, _ = _account(db)
    window.events.accounts_changed.emit()
    page = _people_page(window)
    script = (
        "import sys\n"
        "from accountplan.store.database import Database\n"
        "from accountplan.plan import stakeholders\n"
        "with Database.open(sys.argv[1], user='colleague') as db, db.transaction() as s:\n"
        "    stakeholders.add_stakeholder(s, int(sys.argv[2]), 'Дмитрий Соколов')\n"
    )
    assert db.path is not None
    subprocess.run([sys.executable, "-c", script, str(db.path), str(account_id)], check=True, timeout=60)
    qtbot.waitUntil(lambda: page.count.text() == "2 people", timeout=REDRAW_MS)


def test_the_windows_own_edits_are_not_taken_for_someone_elses(window: MainWindow, db: Database) -> None:
    account_id, _ = _account(db)
    window.events.accounts_changed.emit()
    assert window.context.execute(AddStakeholder(window.context, account_id, "Zoë Lefèvre"))
    window.undo_stack.undo()
    window.undo_stack.redo()
    assert not window.external_changes.check()


@pytest.mark.parametrize(
    ("theirs", "named", "title_after"),
    [
        (
            lambda session, person: stakeholders.update_stakeholder(
                session, person, title="Chief Digital Officer"
            ),
            "Aiko Tanaka changed in another window or by another user",
            "Chief Digital Officer",
        ),
        (
            lambda session, person: stakeholders.delete_stakeholder(session, person, force=True),
            "a stakeholder (since deleted) changed",
            None,
        ),
    ],
    ids=["edited", "deleted"],
)
def test_undo_after_someone_else_changed_the_same_person_keeps_their_change(
    window: MainWindow,
    db: Database,
    other: Database,
    theirs: Callable[[Session, int], object],
    named: str,
    title_after: str | None,
) -> None:
    account_id, person = _account(db)
    window.events.accounts_changed.emit()
    context = window.context
    assert context.execute(UpdateStakeholder(context, account_id, person, "Aiko", title="CTO"))
    with other.transaction() as session:
        theirs(session, person)
    window.undo_stack.undo()
    assert _title(db, person) == title_after
    assert named in context.failures[-1]
    assert "Could not undo edit Aiko's title" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0  # the stale edit is dropped, so redo cannot overwrite either
    assert not window.undo_action.isEnabled()


def test_undo_and_redo_of_the_windows_own_edits_to_one_person_still_work(
    window: MainWindow, db: Database, other: Database
) -> None:
    account_id, person = _account(db)
    with other.transaction() as session:
        other_person = stakeholders.add_stakeholder(session, account_id, "Zoë Lefèvre")
    context = window.context
    assert context.execute(UpdateStakeholder(context, account_id, person, "Aiko", title="CTO"))
    assert context.execute(UpdateStakeholder(context, account_id, person, "Aiko", title="CEO"))
    with other.transaction() as session:  # someone else edits another person: no conflict with ours
        stakeholders.update_stakeholder(session, other_person, title="CFO")
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert _title(db, person) == "CIO"
    window.undo_stack.redo()
    window.undo_stack.redo()
    assert _title(db, person) == "CEO"
    assert context.failures == []
    assert _title(db, other_person) == "CFO"


def test_undoing_a_delete_then_the_edit_before_it_is_no_conflict(window: MainWindow, db: Database) -> None:
    account_id, person = _account(db)
    context = window.context
    assert context.execute(UpdateStakeholder(context, account_id, person, "Aiko", title="CTO"))
    assert context.execute(DeleteStakeholder(context, account_id, person, "Aiko"))
    window.undo_stack.undo()  # the person is put back as a snapshot, by plain SQL
    window.undo_stack.undo()
    assert context.failures == []
    assert _title(db, person) == "CIO"


def test_both_windows_writing_at_once_wait_for_each_other_instead_of_failing(
    window: MainWindow, db: Database, other: Database
) -> None:
    account_id, _ = _account(db)
    window.events.accounts_changed.emit()

    def elsewhere() -> None:
        for n in range(30):
            with other.transaction() as session:
                stakeholders.add_stakeholder(session, account_id, f"Elsewhere {n}")

    writer = threading.Thread(target=elsewhere)
    writer.start()
    for n in range(30):
        assert window.context.execute(AddStakeholder(window.context, account_id, f"Here {n}"))
    writer.join(timeout=60)
    assert window.context.failures == []
    with db.session() as session:
        names = set(session.scalars(select(Stakeholder.name)))
    assert {f"Here {n}" for n in range(30)} | {f"Elsewhere {n}" for n in range(30)} <= names

"""No lost updates: a save based on what a user read before a colleague saved is refused, never written over."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from accountplan.errors import EditConflict
from accountplan.model import Action, ChangeLogEntry, Stakeholder
from accountplan.model.enums import Stance
from accountplan.plan import actions, stakeholders
from accountplan.store.database import Database
from accountplan.ui.frame.conflict_dialog import ConflictDialog
from accountplan.ui.team.actions_page import ActionsPage

AddAccount = Callable[[Database], tuple[int, int]]


def _person(database: Database, person_id: int) -> Stakeholder:
    with database.session() as session:
        person = session.get(Stakeholder, person_id)
        assert person is not None
        return person


@pytest.fixture
def stale_edit(shared_url: str, team_window, colleague_saves):  # type: ignore[no-untyped-def]
    """Alice's window still shows Zoë as "CFO" when Bob, in his own process, saves another title and influence;
    then Alice types "Finance Director" over the title she saw."""
    alice = team_window(shared_url)
    alice.window.external_changes.timer.stop()  # her window has not redrawn yet
    row = alice.zoe_row
    colleague_saves(shared_url, alice.zoe, title="Chief Financial Officer", influence=2)
    assert not alice.model.setData(alice.model.index(row, 1), "Finance Director")
    return alice


def test_an_edit_of_what_a_colleague_changed_since_is_refused_and_shown_field_by_field(stale_edit) -> None:  # type: ignore[no-untyped-def]
    alice = stale_edit
    person = _person(alice.database, alice.zoe)
    assert (person.title, person.influence) == ("Chief Financial Officer", 2)  # Bob's save, untouched
    assert alice.window.undo_stack.count() == 0
    dialog = alice.window.conflicts.dialog
    assert isinstance(dialog, ConflictDialog) and dialog.isVisible()
    assert "by bob" in dialog.message.text()
    assert "Zoë Lefèvre" in dialog.message.text()  # the name as written, not lower-cased
    shown = {
        dialog.table.item(r, 0).text(): tuple(dialog.table.item(r, c).text() for c in (1, 2, 3))
        for r in range(dialog.table.rowCount())
    }
    assert shown["Title"] == ("CFO", "Chief Financial Officer", "Finance Director")
    assert shown["Influence"] == ("3", "2", "3 (not edited)")
    assert "Name" not in shown  # nobody changed it

    dialog.theirs_button.click()

    assert not dialog.isVisible()
    assert _person(alice.database, alice.zoe).title == "Chief Financial Officer"
    assert alice.window.undo_stack.count() == 0
    assert alice.titles()["Zoë Lefèvre"] == "Chief Financial Officer"  # the table shows theirs now


def test_keep_mine_saves_the_edit_on_top_of_the_colleagues_version(stale_edit) -> None:  # type: ignore[no-untyped-def]
    alice = stale_edit

    alice.window.conflicts.dialog.mine_button.click()

    person = _person(alice.database, alice.zoe)
    assert (person.title, person.influence) == ("Finance Director", 2)  # mine, with Bob's other change kept
    assert alice.window.undo_stack.count() == 1
    alice.window.undo_action.trigger()
    assert _person(alice.database, alice.zoe).title == "Chief Financial Officer"  # back to Bob's version
    with alice.database.session() as session:
        who = session.scalars(
            select(ChangeLogEntry.user).where(ChangeLogEntry.field == "title").order_by(ChangeLogEntry.id)
        ).all()
    assert who == ["bob", "alice", "alice"]


def test_a_save_of_a_row_read_before_a_colleague_saved_it_is_refused_by_the_database(
    pg_url: str, add_team_account: AddAccount
) -> None:
    """On the team server two transactions run side by side: the stale one is refused at the UPDATE."""
    alice, bob = Database.open(pg_url, user="alice"), Database.open(pg_url, user="bob")
    _, zoe = add_team_account(alice)
    with pytest.raises(EditConflict) as refused, alice.transaction() as session:
        read = session.get(Stakeholder, zoe)  # held: the session keeps what it read, at its version
        assert read is not None
        with bob.transaction() as other:
            stakeholders.update_stakeholder(other, zoe, stance=Stance.CHAMPION)
        stakeholders.update_stakeholder(session, zoe, stance=Stance.SKEPTIC)
        session.flush()
    assert "Zoë Lefèvre was changed by someone else" in str(refused.value)
    assert refused.value.rows == [("stakeholders", zoe)]
    assert _person(alice, zoe).stance is Stance.CHAMPION
    alice.close()
    bob.close()


def test_bulk_changes_to_actions_a_colleague_changed_are_refused_whole(shared_url: str, team_window) -> None:  # type: ignore[no-untyped-def]
    alice = team_window(shared_url)
    with alice.database.transaction() as session:
        first = actions.add_action(session, alice.account_id, "Send the pilot plan")
        second = actions.add_action(session, alice.account_id, "Book the workshop")
    alice.window.external_changes.timer.stop()
    alice.window.show_page("actions")
    page = alice.window.page(ActionsPage.key)
    with Database.open(shared_url, user="bob") as other, other.transaction() as session:
        actions.update_action(session, second, title="Book the architecture workshop")

    assert not page.mark_done([first, second])  # type: ignore[attr-defined]

    with alice.database.session() as session:
        rows = {a.id: (a.title, a.status.value) for a in session.scalars(select(Action))}
    assert rows == {
        first: ("Send the pilot plan", "open"),
        second: ("Book the architecture workshop", "open"),
    }
    assert "changed in another window or by another user" in alice.window.statusBar().currentMessage()

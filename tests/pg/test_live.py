"""Live: a window on the team server shows what colleagues save within a couple of seconds."""

from __future__ import annotations

import json
from collections.abc import Callable

import psycopg

from accountplan.plan import stakeholders
from accountplan.store import postgres
from accountplan.store.database import Database
from accountplan.store.listener import ChangeListener

AddAccount = Callable[[Database], tuple[int, int]]
REDRAW_MS = 3000


def _listening(qtbot, team) -> None:  # type: ignore[no-untyped-def]
    watch = team.window.external_changes.watch
    qtbot.waitUntil(lambda: watch.listener.connection is not None, timeout=REDRAW_MS)


def test_a_colleagues_save_in_another_process_shows_in_the_window(
    qtbot, pg_url: str, team_window, colleague_saves
) -> None:  # type: ignore[no-untyped-def]
    alice = team_window(pg_url)
    _listening(qtbot, alice)
    assert alice.titles()["Zoë Lefèvre"] == "CFO"

    colleague_saves(pg_url, alice.zoe, title="Chief Financial Officer")

    qtbot.waitUntil(lambda: alice.titles()["Zoë Lefèvre"] == "Chief Financial Officer", timeout=REDRAW_MS)
    assert "saved by bob" in alice.window.statusBar().currentMessage()


def test_an_edit_in_one_window_shows_in_the_other(qtbot, pg_url: str, team_window) -> None:  # type: ignore[no-untyped-def]
    alice = team_window(pg_url)
    carol = team_window(pg_url, "carol", add_account=False)
    _listening(qtbot, carol)

    assert alice.model.setData(alice.model.index(alice.zoe_row, 1), "Finance Director")

    qtbot.waitUntil(lambda: carol.titles()["Zoë Lefèvre"] == "Finance Director", timeout=REDRAW_MS)
    assert "saved by alice" in carol.window.statusBar().currentMessage()
    assert "saved by" not in alice.window.statusBar().currentMessage()  # her own edit is no news to her


def test_notifications_carry_ids_only(pg_url: str, add_team_account: AddAccount) -> None:
    database = Database.open(pg_url, user="alice")
    with psycopg.connect(postgres.conninfo(database.url), autocommit=True) as spy:
        spy.execute(f"LISTEN {postgres.CHANNEL}")
        account_id, zoe = add_team_account(database)
        with database.transaction() as session:
            stakeholders.update_stakeholder(session, zoe, title="Secret title", concerns="Budget cut rumours")
        with database.transaction() as session:
            assert stakeholders.dependents(session, zoe) == []  # reads only
        payloads = [note.payload for note in spy.notifies(timeout=1, stop_after=3)]
    assert (
        len(payloads) == 2
    )  # the account with its people, the edit; the transaction that wrote nothing: none
    last = json.loads(payloads[-1])
    assert last["a"] == [account_id] and last["r"]["stakeholders"] == [zoe]
    assert not any(word in text for text in payloads for word in ("Secret", "Budget", "Zoë", "Hoshino"))
    database.close()


def test_what_was_saved_while_disconnected_is_caught_up_from_the_change_log(
    pg_url: str, add_team_account: AddAccount
) -> None:
    alice, bob = Database.open(pg_url, user="alice"), Database.open(pg_url, user="bob")
    account_id, zoe = add_team_account(alice)
    listener = ChangeListener(alice.url, alice.origin)
    assert listener.connect() is None  # the first connection: nothing to catch up
    listener.close()  # the network goes away...
    with bob.transaction() as session:
        stakeholders.update_stakeholder(session, zoe, title="Chief Financial Officer")

    missed = listener.connect()  # ...and comes back

    assert missed is not None and missed.caught_up and missed.users == ("bob",)
    assert listener.wait(0.2) is None  # the notification was sent while nobody listened: gone
    listener.close()
    alice.close()
    bob.close()


def test_a_colleagues_edit_says_which_rows_it_touched(pg_url: str, add_team_account: AddAccount) -> None:
    """The window is told which person changed, so only what shows them redraws (not every page)."""
    alice, bob = Database.open(pg_url, user="alice"), Database.open(pg_url, user="bob")
    _account_id, zoe = add_team_account(alice)
    listener = ChangeListener(alice.url, alice.origin)
    listener.connect()
    with bob.transaction() as session:
        stakeholders.update_stakeholder(session, zoe, title="Chief Financial Officer")

    heard = listener.wait(2.0)

    assert heard is not None and not heard.touched.unknown
    assert heard.touched.ids("stakeholders") == {zoe}
    assert heard.touched.touches({"change_log"}) and not heard.touched.touches({"actions", "coverage"})
    listener.close()
    alice.close()
    bob.close()

"""What a write transaction says it touched: the rows it wrote by table, whole tables for plain SQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from accountplan.model import Stakeholder
from accountplan.model.enums import Stance
from accountplan.plan import accounts, stakeholders
from accountplan.plan.snapshots import capture, restore
from accountplan.store.database import Database
from accountplan.store.touched import EVERYTHING, NOTHING, Touched


def _account_with_people(tmp_path: Path) -> tuple[Database, int, list[int]]:
    database = Database.open(tmp_path / "plan.sqlite", user="ana")
    with database.transaction() as session:
        account_id = accounts.create_account(session, "Touched Ltd")
        ids = [stakeholders.add_stakeholder(session, account_id, name=f"Person {n}") for n in range(3)]
    return database, account_id, ids


def test_an_edit_touches_the_row_it_changed_and_the_change_log(tmp_path: Path) -> None:
    database, _account_id, ids = _account_with_people(tmp_path)
    with database.transaction() as session:
        stakeholders.update_stakeholder(session, ids[1], stance=Stance.CHAMPION)
    touched = database.last_touched
    assert touched.ids("stakeholders") == {ids[1]}
    assert "change_log" in touched.tables()
    assert touched.touches({"stakeholders"}) and not touched.touches({"coverage", "actions"})
    assert not touched.only({"stakeholders"})  # the change log was written too
    assert touched.only({"stakeholders", "change_log"})


def test_a_plain_update_touches_its_whole_table(tmp_path: Path) -> None:
    database, account_id, _ids = _account_with_people(tmp_path)
    with database.transaction(audit=False) as session:
        session.execute(update(Stakeholder).where(Stakeholder.account_id == account_id).values(title="CIO"))
    assert database.last_touched.ids("stakeholders") is None  # any of its rows
    assert database.last_touched.touches({"stakeholders"})


def test_a_row_put_back_from_a_snapshot_is_named(tmp_path: Path) -> None:
    database, _account_id, ids = _account_with_people(tmp_path)
    with database.transaction() as session:
        snapshot = capture(session, "stakeholders", ids[2])
        session.delete(session.get(Stakeholder, ids[2]))
    assert database.last_touched.ids("stakeholders") == {ids[2]}
    with database.transaction() as session:
        restore(session, snapshot)
        assert session.scalar(select(Stakeholder.name).where(Stakeholder.id == ids[2])) == "Person 2"
    assert ids[2] in (database.last_touched.ids("stakeholders") or ())


def test_merging_and_the_unknown() -> None:
    one = Touched.of({"stakeholders": [1]})
    two = Touched.of({"stakeholders": [2], "coverage": [5]}, whole={"actions"})
    both = one | two
    assert both.ids("stakeholders") == {1, 2} and both.ids("coverage") == {5} and both.ids("actions") is None
    assert (both | EVERYTHING).unknown and EVERYTHING.touches({"anything"}) and EVERYTHING.ids("x") is None
    assert NOTHING.empty and not NOTHING.touches({"stakeholders"}) and not one.empty

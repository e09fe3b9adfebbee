"""The rows the table pages read again after an edit are the rows a full read gives (demo account)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from accountplan.analysis.coverage import coverage_matrix
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Coverage
from accountplan.plan.actions import list_actions
from accountplan.plan.coverage_table import coverage_people, coverage_rows
from accountplan.plan.stakeholder_table import stakeholder_rows
from accountplan.store.database import Database

TODAY = dt.date(2026, 12, 7)


def _demo(db: Database) -> int:
    load_demo(db, TODAY)
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def test_some_stakeholders_read_as_the_whole_table_reads_them(db: Database) -> None:
    account_id = _demo(db)
    with db.session() as session:
        everyone = stakeholder_rows(session, account_id)
        some = [row.id for row in everyone[::7]]
        again = stakeholder_rows(session, account_id, [*some, 999_999])  # one no longer there
    assert len(everyone) > 100 and any(row.manager and row.roles for row in everyone)
    assert again == [row for row in everyone if row.id in some]


def test_some_rows_of_the_coverage_matrix_read_as_the_whole_matrix_reads_them(db: Database) -> None:
    account_id = _demo(db)
    with db.session() as session:
        matrix = coverage_matrix(session, account_id, TODAY)
        sellers = [seller for seller, _name in matrix.co_sellers]
        # gaps, stale relationships, owners, and people nobody covers: rows of every kind
        some = {row.id for row in matrix.stakeholders[::5]}
        part = coverage_rows(session, account_id, some, sellers, TODAY)
        links = session.execute(select(Coverage.id, Coverage.stakeholder_id).limit(5)).all()
        people = coverage_people(session, [link for link, _person in links])
    assert {row.gap for row in part.stakeholders} == {True, False}
    assert {row.stale for row in part.stakeholders} == {True, False}
    assert sorted(part.stakeholders, key=lambda row: row.id) == sorted(
        (row for row in matrix.stakeholders if row.id in some), key=lambda row: row.id
    )
    assert part.cells == {key: cell for key, cell in matrix.cells.items() if key[0] in some}
    assert people == dict(links)


def test_some_actions_read_as_the_whole_list_reads_them(db: Database) -> None:
    account_id = _demo(db)
    with db.session() as session:
        everyone = list_actions(session, account_id, TODAY)
        some = [row.id for row in everyone[::3]]
        again = list_actions(session, account_id, TODAY, ids=some)
    assert again == [row for row in everyone if row.id in some]

"""The Overview read in two parts (figures, then findings) is the dashboard read at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from accountplan.analysis.dashboard import dashboard
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.plan.overview_board import overview_board, top_findings, with_findings
from accountplan.store.database import Database

TODAY = dt.date(2026, 12, 7)


def test_the_figures_and_the_findings_read_apart_make_the_whole_dashboard(db: Database) -> None:
    load_demo(db, TODAY)
    with db.session() as session:
        account_id = int(session.scalars(select(Account.id)).one())
        whole = dashboard(session, account_id, TODAY)
        board = overview_board(session, account_id, TODAY)
        found = top_findings(session, account_id, TODAY)
    assert board.findings == () and board.findings_total == 0
    assert len(found.findings) == 5 and found.total > 5 and found.summary
    assert with_findings(board, found) == whole

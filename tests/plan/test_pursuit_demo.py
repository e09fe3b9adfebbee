"""The demo account tells the pursuit's story: a slipping close on the main deal, and a decision path to watch."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from accountplan.analysis.decision_path import analyse
from accountplan.analysis.stages import WarningKind
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.plan.decisions import decision_graph
from accountplan.plan.opportunities import list_opportunities
from accountplan.plan.win_loss import win_loss
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)


def test_the_demos_main_deal_shows_its_warnings_and_its_critical_path(db: Database) -> None:
    load_demo(db, TODAY)
    with db.session() as session:
        account_id = session.scalars(select(Account.id)).one()
        rows = list_opportunities(session, account_id, TODAY)
        main = max((r for r in rows if r.is_open), key=lambda r: r.amount or 0)
        graph = decision_graph(session, account_id, main.id)
        closed = win_loss(session, account_id)
    assert main.name.startswith("Project Tsubasa")
    assert WarningKind.CLOSE_PUSHED in {w.kind for w in main.warnings}
    assert all(not r.warnings for r in rows if not r.is_open)
    path = analyse(graph, TODAY)
    assert len(path.critical) >= 3
    assert graph.steps[path.critical[-1]].name == "Contract signature"
    assert path.slack_days is not None
    assert path.overdue and path.blocked and path.ownerless
    assert (closed.won, closed.lost) == (1, 1)
    assert closed.lost_to == (("Pallas Analytics", 1),)

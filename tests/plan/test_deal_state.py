"""Undoing a stage move or a close: the deal is put back and the stage history written since is removed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from accountplan.model import Opportunity, StageChange
from accountplan.model.enums import BuyingStage, Outcome, SalesStage
from accountplan.plan.accounts import create_account
from accountplan.plan.deal_state import deal_state, restore_deal_state
from accountplan.plan.opportunities import add_opportunity, close_opportunity, set_stage
from accountplan.store.database import Database


def _history(db: Database, deal_id: int) -> list[str]:
    with db.session() as session:
        return list(
            session.scalars(
                select(StageChange.stage)
                .where(StageChange.opportunity_id == deal_id)
                .order_by(StageChange.id)
            )
        )


def test_restoring_puts_back_stages_outcome_and_history(db: Database) -> None:
    with db.transaction() as session:
        account_id = create_account(session, "Hoshino Logistics")
        deal_id = add_opportunity(session, account_id, "Control tower", probability=40)
        set_stage(session, deal_id, SalesStage.DISCOVERY)
    with db.transaction() as session:
        before = deal_state(session, deal_id)
        set_stage(session, deal_id, BuyingStage.EVALUATE)
        close_opportunity(session, deal_id, Outcome.LOST, "Price.", on=dt.date(2030, 1, 31))
    assert _history(db, deal_id) == ["reaching_out", "change", "discovery", "evaluate", "closed"]
    with db.transaction() as session:
        restore_deal_state(session, before)
    with db.session() as session:
        deal = session.get(Opportunity, deal_id)
        assert (deal.sales_stage, deal.buying_stage, deal.outcome, deal.outcome_reason) == (
            SalesStage.DISCOVERY,
            BuyingStage.CHANGE,
            None,
            "",
        )
        assert (deal.closed_on, deal.probability) == (None, 40)
    assert _history(db, deal_id) == ["reaching_out", "change", "discovery"]

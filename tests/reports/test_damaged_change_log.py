"""A change log written by another program (values that are no date, no status) does not break a document.

A plan file may carry any text in its change log's old and new values, and so may a database written with
SQL. The meeting pack's agenda, the account plan's slipped deals and the dashboard read those values back as
dates, statuses and strengths; what they cannot read they leave out, and
what a list shows as it was written, it shows as written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Action, Coverage, Opportunity
from accountplan.plan.opportunities import close_pushes
from accountplan.reports.exports import export_account_plan, export_meeting_pack, find_meeting
from accountplan.store.database import Database

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def damaged(db: Database) -> Database:
    """The demo, with change-log entries no Account Plan writes: a close date 'soon', a status 'maybe'."""
    load_demo(db)
    with db.transaction(audit=False) as session:
        account_id = session.scalars(select(Account.id)).one()
        deal = session.scalars(select(Opportunity.id).where(Opportunity.account_id == account_id)).first()
        action = session.scalars(select(Action.id).where(Action.account_id == account_id)).first()
        cover = session.scalars(select(Coverage.id).where(Coverage.account_id == account_id)).first()
        at = dt.datetime.combine(TODAY - dt.timedelta(days=3), dt.time(9))
        for entity_type, entity_id, field, old, new in (
            ("opportunities", deal, "expected_close", "soon", "2027-13-45"),
            ("actions", action, "status", "maybe", "perhaps"),
            ("coverage", cover, "strength", "best friends", "\x00"),
            ("stakeholders", 1, "reports_to_id", "99999999999999999999", "-1"),
        ):
            session.execute(
                text(
                    "INSERT INTO change_log (account_id, at, user, kind, entity_type, entity_id, entity_label, "
                    "field, old_value, new_value) VALUES (:account, :at, 'other program', 'updated', :type, "
                    ":id, 'damaged', :field, :old, :new)"
                ),
                {
                    "account": account_id,
                    "at": at,
                    "type": entity_type,
                    "id": entity_id,
                    "field": field,
                    "old": old,
                    "new": new,
                },
            )
    return db


def test_the_meeting_pack_and_the_account_plan_leave_out_what_they_cannot_read(
    damaged: Database, tmp_path: Path
) -> None:
    with damaged.session() as session:
        account_id = session.scalars(select(Account.id)).one()
        meeting = find_meeting(session, account_id, None, TODAY)
        pack = export_meeting_pack(session, meeting, tmp_path / "pack.pdf", TODAY)
        plan = export_account_plan(session, account_id, tmp_path / "plan.pdf", TODAY)
        deal = session.scalars(select(Opportunity.id).where(Opportunity.account_id == account_id)).first()
        assert deal is not None
        assert all(isinstance(old, dt.date) for _, old, _ in close_pushes(session, deal))
    assert pack.pages >= 1 and plan.pages >= 1
    pack_text = "".join(page.extract_text() for page in PdfReader(tmp_path / "pack.pdf").pages)
    assert "Deal team alignment" in pack_text

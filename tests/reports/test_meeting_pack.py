"""The meeting pack PDF: the agenda of changes, org chart changes, overdue actions by owner, decisions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Meeting, Stakeholder
from accountplan.model.enums import MeetingStatus
from accountplan.plan.actions import list_actions
from accountplan.plan.stakeholders import set_manager
from accountplan.reports.exports import export_meeting_pack, find_meeting
from accountplan.store.database import Database

from .pdf_reading import pdf_text as text_of

TODAY = dt.date.today()


@pytest.fixture
def demo_id(db: Database) -> int:
    load_demo(db)
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def test_the_next_meeting_pack_holds_the_changes_overdue_actions_and_last_decisions(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    with db.session() as session:
        meeting_id = find_meeting(session, demo_id, None, TODAY)
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None and meeting.status is MeetingStatus.PLANNED
        result = export_meeting_pack(session, meeting_id, tmp_path / "pack.pdf", TODAY)
    words = text_of(result.path)
    assert meeting.title in words and "Internal: for the deal team only" in words
    assert "What changed since" in words and "Stage changes" in words
    assert "Org chart changes" in words and "Henrik Solberg" in words  # departed since the last meeting
    with db.session() as session:  # the demo moves by whole weeks: how many are overdue depends on the day
        overdue = [row for row in list_actions(session, demo_id, TODAY) if row.overdue]
    top_owner = Counter(row.owner for row in overdue).most_common(1)[0]
    assert f"Overdue actions ({len(overdue)})" in words and f"{top_owner[0]} ({top_owner[1]})" in words
    assert "Decisions of Deal team alignment #12" in words
    reader = PdfReader(result.path)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert f"Overdue actions ({len(overdue)})" in titles and "Org chart changes" in titles


def test_a_reporting_line_change_is_an_org_chart_change(db: Database, demo_id: int, tmp_path: Path) -> None:
    with db.transaction() as session:
        people = {
            p.name: p.id
            for p in session.scalars(select(Stakeholder).where(Stakeholder.account_id == demo_id))
        }
        set_manager(session, people["Svenja Claßen"], people["Zoë Lefèvre"])
    with db.session() as session:
        result = export_meeting_pack(
            session, find_meeting(session, demo_id, None, TODAY), tmp_path / "p.pdf", TODAY
        )
    text = text_of(result.path)
    moved = "Svenja Claßen moved: reports to Zoë Lefèvre"
    assert moved in text  # told once: in the list after the org chart changes' chart
    assert text.count(moved) == 1 and text.index("Org chart changes") < text.index(moved)
    chart = text[text.index("Org chart changes since") : text.index(moved)]
    assert "moved (new manager)" in chart and "Svenja Claßen" in chart  # drawn, tagged, before the list


def test_an_unknown_meeting_day_names_the_days_there_are(db: Database, demo_id: int) -> None:
    with db.session() as session, pytest.raises(Exception, match=r"no meeting on 2020-01-01 \(meetings: 20"):
        find_meeting(session, demo_id, dt.date(2020, 1, 1), TODAY)

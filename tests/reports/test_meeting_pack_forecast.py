"""The meeting pack's Forecast section, read back with pypdf; and the forecast never reaches the success plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Meeting, Opportunity
from accountplan.model.enums import ForecastCategory, MeetingStatus
from accountplan.plan.exchange_rates import set_rate
from accountplan.plan.opportunities import add_opportunity, update_opportunity
from accountplan.reports.exports import export_meeting_pack, export_success_plan, find_meeting
from accountplan.store.database import Database

from .pdf_reading import pdf_text as text_of

TODAY = dt.date.today()
TSUBASA = "Project Tsubasa – group supply chain control tower"


@pytest.fixture
def demo_id(db: Database) -> int:
    """The demo, Tsubasa put in Commit, a EUR deal converted at a rate, a USD deal without one."""
    load_demo(db)
    with db.transaction() as session:
        account_id = int(session.scalars(select(Account.id)).one())
        tsubasa = session.scalars(select(Opportunity).where(Opportunity.name == TSUBASA)).one()
        update_opportunity(session, tsubasa.id, forecast_category=ForecastCategory.COMMIT)
        add_opportunity(
            session,
            account_id,
            "Rotterdam hub",
            amount=Decimal(200_000),
            currency="EUR",
            expected_close=TODAY,
            probability=50,
            forecast_category=ForecastCategory.BEST_CASE,
        )
        add_opportunity(
            session, account_id, "Dallas depot", amount=Decimal(90_000), currency="USD", expected_close=TODAY
        )
        set_rate(session, TODAY.year, "EUR", "JPY", "162.4")
    return account_id


def test_the_next_meeting_pack_has_the_forecast_and_how_it_moved(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    with db.session() as session:
        meeting_id = find_meeting(session, demo_id, None, TODAY)
        result = export_meeting_pack(session, meeting_id, tmp_path / "pack.pdf", TODAY)
    words = text_of(result.path)
    forecast = words[words.index("Forecast Amounts in JPY") : words.index("Org chart changes")]
    assert f"Amounts in JPY, the currency of Marcus Lindqvist's plan for FY{TODAY.year}" in forecast
    quarter = f"Q{(TODAY.month - 1) // 3 + 1} FY{TODAY.year}"
    assert f"{quarter} (" in forecast and f"FY{TODAY.year + 1} (Jan–Dec {TODAY.year + 1})" in forecast
    # Best case this quarter and this year: EUR 200,000 × 162.4; weighted half of it; Tsubasa in Commit next year.
    assert "Best case JPY 32,480,000 JPY 32,480,000 —" in forecast
    assert "Weighted JPY 16,240,000 JPY 16,240,000" in forecast
    assert "Commit — — JPY 1,380,000,000" in forecast
    assert f"Converted to JPY at 1 EUR = 162.4 JPY (FY{TODAY.year})." in forecast
    assert "Not converted (1)" in forecast
    assert (
        f"Dallas depot (Shirokane Nordhaven Holdings): USD 90,000, no USD → JPY rate for FY{TODAY.year}"
        in forecast
    )
    assert "How it moved since the Deal team alignment #12 of" in forecast
    assert f"{TSUBASA}: Pipeline → Commit (JPY 1,380,000,000)" in forecast
    assert "Rotterdam hub: new in Best case (JPY 32,480,000" in forecast
    assert "Dallas depot" in forecast and "1 lost or undecided deal left out." in forecast
    titles = [item.title for item in PdfReader(result.path).outline if not isinstance(item, list)]
    assert "Forecast" in titles
    (tmp_path / "keep").mkdir()
    Path(result.path).replace(tmp_path / "keep" / "pack.pdf")


def test_a_held_meetings_pack_compares_it_with_the_meeting_before(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    with db.session() as session:
        held = session.scalars(
            select(Meeting)
            .where(Meeting.account_id == demo_id, Meeting.status == MeetingStatus.HELD)
            .order_by(Meeting.held_on.desc())
        ).first()
        assert held is not None
        result = export_meeting_pack(session, held.id, tmp_path / "held.pdf", TODAY)
    words = text_of(result.path)
    forecast = words[words.index("Forecast Amounts in JPY") : words.index("Org chart changes")]
    assert f"as of {held.held_on:%d %b %Y}" in forecast
    # Today's edits came after that meeting: they are not in its pack.
    assert "Rotterdam hub" not in forecast and "Pipeline → Commit" not in forecast
    assert "How it moved since the Deal team alignment #11 of" in forecast


def test_the_forecast_never_reaches_the_success_plan(db: Database, demo_id: int, tmp_path: Path) -> None:
    with db.session() as session:
        result = export_success_plan(session, demo_id, tmp_path / "plan.pdf", TODAY)
    words = text_of(result.path)
    for internal in (
        "Forecast",
        "Best case",
        "Commit",
        "Weighted",
        "Rotterdam hub",
        "162.4",
        "not converted",
    ):
        assert internal not in words

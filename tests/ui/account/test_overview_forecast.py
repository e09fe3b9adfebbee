"""The Overview's forecast on the demo: this quarter and year by category, the rates, what moved since the meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from accountplan.model import Opportunity
from accountplan.model.enums import ForecastCategory
from accountplan.plan.exchange_rates import set_rate
from accountplan.plan.opportunities import add_opportunity, update_opportunity
from accountplan.store.database import Database
from accountplan.ui.account.overview_page import OverviewPage
from accountplan.ui.frame.main_window import MainWindow


def test_the_overview_shows_the_forecast_and_how_it_moved(
    qtbot, window: MainWindow, db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert window.load_demo_account()
    account_id = window.current_account_id()
    assert account_id is not None
    today = dt.date.today()
    this_year = today.year  # the demo's account executive counts calendar quarters in JPY
    with db.transaction() as session:
        tsubasa = session.scalars(
            select(Opportunity).where(Opportunity.name.startswith("Project Tsubasa"))
        ).one()
        update_opportunity(session, tsubasa.id, forecast_category=ForecastCategory.COMMIT)
        add_opportunity(
            session,
            account_id,
            "Rotterdam hub",
            amount=Decimal(200_000),
            currency="EUR",
            expected_close=today,
            probability=50,
            forecast_category=ForecastCategory.BEST_CASE,
        )
        add_opportunity(
            session,
            account_id,
            "Dallas depot",
            amount=Decimal(90_000),
            currency="USD",
            expected_close=today,
            forecast_category=ForecastCategory.PIPELINE,
        )
        set_rate(session, this_year, "EUR", "JPY", "162.4")
    window.events.announce(account_id)
    page = window.show_page("overview")
    assert isinstance(page, OverviewPage)
    card = page.forecast
    assert card.title.text() == f"Forecast in JPY, the currency of Marcus Lindqvist's plan for FY{this_year}"
    quarter, year, following = zip(*card.cells, strict=True)
    # Best case this quarter: EUR 200,000 at 162.4; the dollars are not converted.
    assert quarter[2].toolTip() == "JPY 32,480,000" and year[2].toolTip() == "JPY 32,480,000"
    assert quarter[4].toolTip() == "JPY 16,240,000"  # weighted: half of it
    assert following[1].text() == "JPY 1.4bn"  # Tsubasa in Commit next year
    notes = card.notes.text()
    assert f"Converted to JPY at 1 EUR = 162.4 JPY (FY{this_year})." in notes
    assert (
        "⚠ Dallas depot (Shirokane Nordhaven Holdings): USD 90,000, no USD → JPY rate for "
        f"FY{this_year}: not converted, not in the totals." in notes
    )
    moved = card.moved.text()
    assert moved.startswith("Since the Deal team alignment #")
    assert "Project Tsubasa – group supply chain control tower: Pipeline → Commit" in moved
    assert "Rotterdam hub: new in Best case (JPY 32,480,000" in moved
    window.resize(1280, 800)
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "overview-forecast.png"))

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import select

from accountplan.model import NumbersPlan, SellerPlan
from accountplan.model.enums import Outcome
from accountplan.plan import accounts, numbers, opportunities
from accountplan.plan.seller_plans import PAY_FIELDS
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.numbers_page import NumbersPage


def _plan(db: Database) -> int:
    """Target 1m at 100k a deal; quota 800k paid 8 % then 12 % above it; 200k won, a 600k deal open at 40 %."""
    today = dt.date.today()
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail", fiscal_year_start_month=1, currency="USD")
        numbers.update_numbers(
            session,
            account,
            target_amount=1_000_000,
            average_deal_size=100_000,
            win_rate_percent=25,
            cycle_months=9,
            quota=800_000,
            commission_tiers="0:8\n100:12",
            big_deal_percent=50,
        )
        won = opportunities.add_opportunity(session, account, "Pilot", amount=200_000, expected_close=today)
        opportunities.close_opportunity(session, won, Outcome.WON, "Fast results", on=today)
        opportunities.add_opportunity(
            session, account, "Rollout", amount=600_000, probability=40, expected_close=today
        )
    return account


def _page(window: MainWindow) -> NumbersPage:
    window.events.accounts_changed.emit()
    window.select_account("Acme Rail")
    page = window.show_page("numbers")
    assert isinstance(page, NumbersPage)
    return page


def _stored(db: Database, field: str) -> object:
    """A field as stored: the account's numbers, or its seller's plan for the quota, tiers and big deal."""
    with db.session() as session:
        row = session.scalar(select(SellerPlan if field in PAY_FIELDS else NumbersPlan))
        assert row is not None
        return getattr(row, field)


def test_the_funnel_shown_is_the_cores_and_each_quarter_is_listed(
    qtmodeltester, window: MainWindow, db: Database
) -> None:
    account = _plan(db)
    page = _page(window)
    with db.session() as session:
        funnel = numbers.numbers_view(session, account, dt.date.today()).funnel
    assert funnel is not None
    assert (funnel.deals, funnel.qualified, funnel.stage1, funnel.meetings, funnel.outreach) == (
        10,
        40,
        80,
        320,
        3200,
    )
    shown = [card.value.text() for card in page.funnel_cards.values()]
    assert shown == ["10", "40", "80", "320", "3,200"]
    assert page.quarter_model.rowCount() == 12
    rows = [
        tuple(page.quarter_model.index(r, c).data() for c in range(3))
        for r in range(page.quarter_model.rowCount())
    ]
    expected = [
        (label, str(close) if close else "–", str(create) if create else "–")
        for label, close, create in funnel.per_quarter
    ]
    assert rows == expected
    stage1, meetings, outreach = funnel.per_week
    assert f"<b>{stage1:.1f}</b> stage-1 opportunities" in page.per_week.text()
    assert "Internal only" in page.findChild(type(page.summary), "internalBanner").text()
    qtmodeltester.check(page.quarter_model)
    qtmodeltester.check(page.effect_model)


def test_the_sellers_year_shows_this_accounts_deals_and_a_big_deals_pay_as_a_range(
    window: MainWindow, db: Database
) -> None:
    _plan(db)
    page = _page(window)
    seller = "Account executive of Acme Rail"  # the stand-in the first quota made (no AE on the team)
    assert page.earnings_box.title() == f"The seller's year: {seller}, FY{dt.date.today().year}"
    assert page.booked.value.text() == "USD 200.0k"
    assert page.attainment.value.text() == "25 %"
    assert page.pay.value.text() == "USD 16.0k"  # 8 % of 200k
    model = page.effect_model
    assert model.rowCount() == 1
    # 600k is more than half of the 800k quota: under the plan 800k pays 64k; re-evaluated, the deal counts
    # up to the 400k threshold: 600k pays 48k.
    assert [model.index(0, c).data() for c in range(6)] == [
        "⚑ Rollout",
        "Acme Rail",
        "USD 600.0k",
        "100 %",
        "USD 48.0k – 64.0k",
        "+USD 32.0k – +48.0k",
    ]
    assert "re-evaluated" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Rollout" in page.big_deals.text() and "a range" in page.big_deals.text()
    # Weighted: 200k + 40 % of 600k = 440k (55 %), 35.2k; re-evaluated 200k + 40 % of 400k: 28.8k.
    assert "<b>55 %</b>" in page.weighted.text() and "USD 28.8k – 35.2k" in page.weighted.text()
    page.open_year.click()
    assert window.current_page() is window.page("seller-year")


def test_an_input_is_saved_at_once_recomputes_the_funnel_and_undo_restores_it(
    window: MainWindow, db: Database
) -> None:
    _plan(db)
    page = _page(window)
    target = page.fields["target_amount"]
    target.setText("2,000,000")
    target.editingFinished.emit()
    assert _stored(db, "target_amount") == Decimal("2000000.00")
    assert page.funnel_cards["deals"].value.text() == "20"
    win_rate = page.fields["win_rate_percent"]
    win_rate.setValue(50)
    win_rate.editingFinished.emit()
    assert _stored(db, "win_rate_percent") == 50
    assert page.funnel_cards["qualified"].value.text() == "40"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _stored(db, "target_amount") == Decimal("1000000.00")
    assert target.text() == "1,000,000" and win_rate.value() == 25
    assert page.funnel_cards["deals"].value.text() == "10"
    target.setText("-5")
    target.editingFinished.emit()  # refused: the field shows the stored value again
    assert "more than zero" in page.error.text()
    assert target.text() == "1,000,000" and _stored(db, "target_amount") == Decimal("1000000.00")

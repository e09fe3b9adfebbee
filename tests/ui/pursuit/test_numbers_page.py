from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import select

from accountplan.model import NumbersPlan
from accountplan.model.enums import Outcome
from accountplan.plan import accounts, numbers, opportunities
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
    with db.session() as session:
        row = session.scalar(select(NumbersPlan))
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


def test_earnings_show_pay_each_open_deal_would_bring_and_the_big_deal_clause(
    window: MainWindow, db: Database
) -> None:
    _plan(db)
    page = _page(window)
    assert page.booked.value.text() == "USD 200.0k"
    assert page.attainment.value.text() == "25 %"
    assert page.pay.value.text() == "USD 16.0k"  # 8 % of 200k
    model = page.effect_model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(6)] == [
        "Rollout",
        "USD 600.0k",
        "100 %",
        "USD 64.0k",
        "+USD 48.0k",
        "⚑ may be re-evaluated",  # 600k is more than half of the 800k quota
    ]
    assert "re-evaluated" in model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)  # the tooltip's sentence
    assert "Rollout is more than 50 % of the quota" in page.big_deals.text()
    # Weighted: 200k + 40 % of 600k = 440k, 55 % of quota, paid 8 % = 35.2k.
    assert "<b>55 %</b>" in page.weighted.text() and "USD 35.2k" in page.weighted.text()


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


def test_an_invalid_tiers_line_is_refused_with_its_number_and_nothing_is_stored(
    window: MainWindow, db: Database
) -> None:
    _plan(db)
    page = _page(window)
    assert page.tiers.toPlainText() == "0 %: 8 %\n100 %: 12 %"
    assert not page.save("commission_tiers", "0 %: 8 %\n100 % 12 %")
    assert "line 2" in page.error.text()
    assert "line 2" in window.statusBar().currentMessage()
    assert _stored(db, "commission_tiers") == "0:8\n100:12"
    assert page.tiers.toPlainText() == "0 %: 8 %\n100 %: 12 %"
    assert page.save("commission_tiers", "0: 8\n100: 12\n150: 15")
    assert _stored(db, "commission_tiers") == "0:8\n100:12\n150:15"
    assert page.error.text() == ""

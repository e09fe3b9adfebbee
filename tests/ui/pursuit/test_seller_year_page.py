"""The Seller's year page: a seller's plan edited per fiscal year, undone, and what it pays across accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from accountplan.model import ExchangeRate, SellerPlan
from accountplan.model.enums import CoSellerRole, Outcome
from accountplan.plan import accounts, opportunities, team
from accountplan.plan.seller_year import update_seller_plan
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.seller_year_page import SellerYearPage

YEAR = dt.date.today().year


def _book(db: Database) -> dict[str, int]:
    """Ines sells to Acme Rail (USD) and Bergbahn AG (EUR, 1.1 USD this year); Tom is on Acme's team too."""
    today = dt.date.today()
    with db.transaction() as session:
        acme = accounts.create_account(session, "Acme Rail", currency="USD")
        bergbahn = accounts.create_account(session, "Bergbahn AG", currency="EUR")
        ines = team.add_co_seller(session, "Ines Duarte", CoSellerRole.ACCOUNT_EXECUTIVE)
        tom = team.add_co_seller(session, "Tom Berg", CoSellerRole.SOLUTION_CONSULTANT)
        for account in (acme, bergbahn):
            team.join_team(session, account, ines)
        team.join_team(session, acme, tom)
        session.add(ExchangeRate(fiscal_year=YEAR, currency="EUR", to_currency="USD", rate=Decimal("1.1")))
        pilot = opportunities.add_opportunity(session, acme, "Pilot", amount=300_000, currency="USD")
        sensors = opportunities.add_opportunity(
            session, bergbahn, "Lift sensors", amount=200_000, currency="EUR"
        )
        for deal in (pilot, sensors):
            opportunities.close_opportunity(session, deal, Outcome.WON, "Best fit", on=today)
        opportunities.add_opportunity(
            session, acme, "Rollout", amount=700_000, currency="USD", probability=40, expected_close=today
        )
        opportunities.add_opportunity(
            session, bergbahn, "Service", amount=100_000, currency="EUR", probability=50, expected_close=today
        )
        update_seller_plan(
            session, ines, YEAR, quota=1_000_000, currency="USD", commission_tiers="0:5\n50:8\n100:15"
        )
    return {"acme": acme, "bergbahn": bergbahn, "ines": ines, "tom": tom}


def _page(window: MainWindow, account: str = "Acme Rail") -> SellerYearPage:
    window.events.accounts_changed.emit()
    window.select_account(account)
    page = window.show_page("seller-year")
    assert isinstance(page, SellerYearPage)
    return page


def _row(page: SellerYearPage, name: str) -> list[str]:
    model = page.effect_model
    for row in range(model.rowCount()):
        cells = [model.index(row, c).data() for c in range(model.columnCount())]
        if cells[0].endswith(name):
            return cells
    raise AssertionError(f"{name} is not in the table")


def _quota(db: Database, year: int = YEAR) -> Decimal | None:
    with db.session() as session:
        plan = session.scalars(select(SellerPlan).where(SellerPlan.fiscal_year == year)).first()
        return None if plan is None else plan.quota


def test_the_year_across_two_accounts_with_one_pay_for_a_small_deal_and_a_range_for_a_big_one(
    qtmodeltester, window: MainWindow, db: Database
) -> None:
    _book(db)
    page = _page(window)
    assert page.seller_box.currentText() == "Ines Duarte"  # the account executive first
    assert [page.seller_box.itemText(i) for i in range(page.seller_box.count())] == [
        "Ines Duarte",
        "Tom Berg",
    ]
    assert page.year_box.value() == YEAR
    assert page.accounts.text() == "2 accounts: Acme Rail, Bergbahn AG"
    # 300k USD + 200k EUR at 1.1: 520k, 52 % of 1m; 5 % of 500k and 8 % of 20k.
    assert page.booked.value.text() == "USD 520.0k"
    assert page.attainment.value.text() == "52 %"
    assert page.pay.value.text() == "USD 26.6k"
    assert page.won_model.rowCount() == 2
    # Service (110k) is below the 500k threshold: one number.
    assert _row(page, "Service") == ["Service", "Bergbahn AG", "USD 110.0k", "63 %", "USD 35.4k", "+USD 8.8k"]
    # Rollout (700k) is a big deal: 68k re-evaluated (counted up to 500k) to 98k under the plan.
    assert _row(page, "Rollout") == [
        "⚑ Rollout",
        "Acme Rail",
        "USD 700.0k",
        "122 %",
        "USD 68.0k – 98.0k",
        "+USD 41.4k – +71.4k",
    ]
    rollout = next(r for r in range(2) if page.effect_model.index(r, 0).data() == "⚑ Rollout")
    tip = page.effect_model.index(rollout, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "USD 68,000 if re-evaluated, USD 98,000 under the plan"
    assert (
        "Rollout" in page.big_deals.text()
        and "more than 50 % of the quota (USD 500.0k)" in page.big_deals.text()
    )
    assert "1 EUR = 1.1 USD" in page.notes.text()
    qtmodeltester.check(page.effect_model)
    qtmodeltester.check(page.won_model)


def test_editing_the_plan_recomputes_the_pay_and_undo_restores_it(window: MainWindow, db: Database) -> None:
    _book(db)
    page = _page(window)
    page.cap.setText("90,000")
    page.cap.editingFinished.emit()
    assert _row(page, "Rollout")[4] == "USD 68.0k – 90.0k"  # the cap holds the plan's end
    page.quota.setText("2,000,000")
    page.quota.editingFinished.emit()
    assert _quota(db) == Decimal("2000000.00")
    assert page.attainment.value.text() == "26 %"
    assert window.undo_action.text() == f"&Undo edit Ines Duarte's plan for FY{YEAR}: quota"
    window.undo_action.trigger()
    assert _quota(db) == Decimal("1000000.00") and page.quota.text() == "1,000,000"
    window.undo_action.trigger()
    assert page.cap.text() == "" and _row(page, "Rollout")[4] == "USD 68.0k – 98.0k"
    window.redo_action.trigger()
    assert page.cap.text() == "90,000"


def test_a_refused_value_is_said_and_the_field_shows_the_stored_one(window: MainWindow, db: Database) -> None:
    _book(db)
    page = _page(window)
    page.tiers.setPlainText("0: 5\n40 8")
    assert not page.save("commission_tiers", page.tiers.toPlainText())
    assert "line 2" in page.error.text()
    assert page.tiers.toPlainText() == "0 %: 5 %\n50 %: 8 %\n100 %: 15 %"
    page.currency.setText("E1")
    page.currency.editingFinished.emit()
    assert "not a currency code" in page.error.text() and page.currency.text() == "USD"


def test_another_year_starts_unplanned_and_its_first_edit_stores_it(window: MainWindow, db: Database) -> None:
    _book(db)
    page = _page(window)
    page.year_box.setValue(YEAR + 1)
    assert page.plan_box.title() == f"Ines Duarte's plan for FY{YEAR + 1}"
    assert "Not planned yet" in page.stored.text() and page.quota.text() == ""
    assert page.tiers.toPlainText() == "0 %: 5 %\n50 %: 8 %\n100 %: 15 %"  # the latest plan's terms
    page.month.setCurrentIndex(3)
    page.month.activated.emit(3)
    assert page.plan_box.title() == f"Ines Duarte's plan for FY{YEAR + 1}/{(YEAR + 2) % 100:02d}"
    assert _quota(db, YEAR + 1) is None and "Not planned yet" not in page.stored.text()
    window.undo_action.trigger()  # the plan made by the first edit goes away again
    with db.session() as session:
        assert session.scalars(select(SellerPlan.fiscal_year)).all() == [YEAR]


def test_another_seller_and_an_account_without_our_people(window: MainWindow, db: Database) -> None:
    ids = _book(db)
    page = _page(window)
    page.seller_box.setCurrentIndex(1)
    assert page.plan_box.title() == f"Tom Berg's plan for FY{YEAR}"
    assert page.attainment.value.text() == "–" and page.won_model.rowCount() == 0
    with db.transaction() as session:
        accounts.create_account(session, "Empty Co")
    page = _page(window, "Empty Co")
    assert page.empty.isVisibleTo(page) and not page.body.isVisibleTo(page)
    _page(window, "Acme Rail")
    assert page.seller_box.currentText() == "Tom Berg"  # the choice is kept per account
    assert ids["tom"] == page.seller_box.currentData()


def test_screenshot_at_1280_by_800(window: MainWindow, db: Database, tmp_path: Path) -> None:
    _book(db)
    window.resize(1280, 800)
    page = _page(window)
    image = window.grab()
    assert image.width() == 1280 and image.height() == 800
    assert window.width() == 1280  # the page does not widen the window
    image.save(str(tmp_path / "seller-year.png"))
    shots = Path("/tmp/seller-year-shots")
    shots.mkdir(exist_ok=True)
    image.save(str(shots / "seller-year-1280x800.png"))
    assert page.effect_table.horizontalScrollBar().maximum() == 0 or page.effect_table.width() > 300


def test_leaving_a_field_of_a_year_not_planned_yet_unchanged_stores_nothing(
    window: MainWindow, db: Database
) -> None:
    _book(db)
    page = _page(window)
    page.year_box.setValue(YEAR + 1)
    for line in (page.quota, page.cap, page.currency):
        line.editingFinished.emit()
    page.big_deal.editingFinished.emit()
    assert not page.save("commission_tiers", page.tiers.toPlainText())
    with db.session() as session:
        assert session.scalars(select(SellerPlan.fiscal_year)).all() == [YEAR]
    assert not window.undo_action.isEnabled() or "plan for" not in window.undo_action.text()

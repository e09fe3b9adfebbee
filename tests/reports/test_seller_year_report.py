"""The account plan's numbers show the seller's year (a big deal's pay as a range); the success plan shows none of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Opportunity, SellerPlan
from accountplan.model.enums import Outcome
from accountplan.plan.opportunities import close_opportunity
from accountplan.plan.seller_year import account_seller_year, update_seller_plan
from accountplan.reports.account_plan_outlook import pay_range
from accountplan.reports.exports import export_account_plan
from accountplan.reports.shareable import read_success_plan
from accountplan.reports.success_plan import write_success_plan
from accountplan.store.database import Database

from .pdf_reading import page_texts

TODAY = dt.date.today()  # the demo's seller plan is for this calendar year


def _demo(db: Database) -> int:
    """The demo, its account executive's quota and cap set to amounts found nowhere else, a deal won."""
    load_demo(db, today=TODAY)
    with db.transaction() as session:
        account_id = session.scalars(select(Account.id)).one()
        plan = session.scalars(select(SellerPlan)).one()
        update_seller_plan(
            session, plan.co_seller_id, plan.fiscal_year, quota="1,334,567,000", cap="98,765,000"
        )
        deal = session.scalars(select(Opportunity).where(Opportunity.name.like("Scope 3%"))).one()
        close_opportunity(session, deal.id, Outcome.WON, "Proved the ledger", on=TODAY)
    return account_id


def test_the_account_plans_numbers_are_the_sellers_year_with_the_big_deal_as_a_range(
    db: Database, tmp_path: Path
) -> None:
    account_id = _demo(db)
    with db.session() as session:
        export_account_plan(session, account_id, tmp_path / "plan.pdf", TODAY)
        year = account_seller_year(session, account_id, TODAY)
    assert year is not None and year.earnings is not None
    pages = [" ".join(text.split()) for text in page_texts(tmp_path / "plan.pdf")]
    numbers = next(text for text in pages if f"Marcus Lindqvist's year, {year.title}" in text)
    assert "JPY 1,334,567,000" in numbers and "JPY 98,765,000" in numbers  # quota and cap
    assert "Booked in " in numbers and "JPY 118,000,000" in numbers  # the deal won
    big = next(effect for effect in year.earnings.effects if effect.big_deal)
    low, high = big.pay_after.low, big.pay_after.high
    assert low < high
    assert pay_range(big.pay_after, "JPY") == f"JPY {low:,.0f} – {high:,.0f}"
    assert f"JPY {low:,.0f} – {high:,.0f}" in numbers
    assert "its pay is a range" in numbers
    small = next(effect for effect in year.earnings.effects if not effect.big_deal)
    assert small.pay_after.single and f"JPY {small.pay_after.high:,.0f}" in numbers
    assert not any("Quota JPY 1,600,000,000" in text for text in pages)  # no per-account quota any more


def test_nothing_of_the_sellers_year_reaches_the_success_plan(db: Database, tmp_path: Path) -> None:
    account_id = _demo(db)
    with db.session() as session:
        plan = read_success_plan(session, account_id)
    path = tmp_path / "success.pdf"
    write_success_plan(plan, path, TODAY)
    text = " ".join(" ".join(page_texts(path)).split())
    raw = path.read_bytes()
    for secret in ("1,334,567,000", "1334567000", "98,765,000", "98765000"):
        assert secret not in text and secret.encode() not in raw
    for word in ("quota", "Quota", "commission", "re-evaluated", "big deal", "Big deal", "year, FY"):
        assert word not in text
    assert plan.objectives and " ".join(plan.objectives[0].metric.split()) in text  # not an empty document

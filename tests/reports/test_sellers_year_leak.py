"""Nothing of the seller's year (issue #17) reaches the customer: quota, pay, forecast, negotiation plan, fit."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import String, Text, select, text

from accountplan.interchange.demo import load_demo
from accountplan.model import (
    Account,
    AccountFit,
    DealApproval,
    ExchangeRate,
    ForecastChange,
    NegotiationPlan,
    NegotiationTerm,
    Negotiator,
    Opportunity,
    SellerPlan,
)
from accountplan.reports.exports import export_success_plan
from accountplan.reports.shareable import SHAREABLE
from accountplan.store.database import Database

from ..conftest import fill_the_sellers_year
from .pdf_reading import pdf_text
from .test_success_plan import _mark_every_internal_field

TODAY = dt.date(2026, 11, 23)
NEW = (
    AccountFit,
    ForecastChange,
    SellerPlan,
    ExchangeRate,
    NegotiationPlan,
    NegotiationTerm,
    Negotiator,
    DealApproval,
)
#: An amount put in every money and rate field of the seller's year: it must not be printed either.
SECRET_AMOUNT = Decimal("987654321.00")


def _demo_with_the_sellers_year(db: Database) -> int:
    load_demo(db, today=TODAY)
    with db.transaction() as session:
        account_id = int(session.scalars(select(Account.id)).one())
        fill_the_sellers_year(session, account_id)
    with db.transaction() as session:
        for plan in session.scalars(select(NegotiationPlan)):
            plan.price_low = plan.price_high = plan.target = plan.walk_away = SECRET_AMOUNT
        for term in session.scalars(select(NegotiationTerm)):
            term.our_cost = SECRET_AMOUNT
        for seller_plan in session.scalars(select(SellerPlan)):
            seller_plan.quota = seller_plan.cap = SECRET_AMOUNT
        for rate in session.scalars(select(ExchangeRate)):
            rate.rate = Decimal("987654.321")
    return account_id


def test_the_declaration_shares_nothing_of_the_sellers_year() -> None:
    assert not set(SHAREABLE) & {*NEW, Opportunity}


def test_a_marker_in_every_text_field_of_the_sellers_year_reaches_neither_the_pdf_nor_the_deck(
    db: Database, tmp_path: Path
) -> None:
    account_id = _demo_with_the_sellers_year(db)
    markers = _mark_every_internal_field(db)
    with db.session() as session:
        marked = {
            (entity.__tablename__, column.name): session.scalar(
                text(f'SELECT "{column.name}" FROM "{entity.__tablename__}" ORDER BY id LIMIT 1')
            )
            for entity in NEW
            for column in entity.__table__.columns  # type: ignore[attr-defined]
            if isinstance(column.type, String | Text)
            and not getattr(column.type, "enums", None)
            and "currency" not in column.name
        }
    assert set(marked) == {
        ("account_fit", "note"),
        ("forecast_changes", "changed_by"),
        ("seller_plans", "commission_tiers"),
        ("negotiation_plans", "notes"),
        ("negotiation_terms", "text"),
        ("negotiation_terms", "customer_value"),
        ("negotiators", "notes"),
        ("deal_approvals", "what"),
        ("deal_approvals", "approver"),
    }
    assert all(str(value).startswith("LEAK") for value in marked.values()), marked
    ours = [str(value).split("x")[0] for value in marked.values()]

    pdf, deck = tmp_path / "plan.pdf", tmp_path / "plan.pptx"
    with db.session() as session:
        export_success_plan(session, account_id, pdf, TODAY)
        export_success_plan(session, account_id, deck, TODAY)
    visible = pdf_text(pdf)
    raw = pdf.read_bytes()
    with zipfile.ZipFile(deck) as archive:
        parts = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "Shirokane Nordhaven Holdings" in visible and "Shirokane Nordhaven Holdings" in parts
    for marker in [*ours, *markers]:
        assert marker not in visible and marker.encode() not in raw, f"{marker} is in the PDF"
        assert marker not in parts, f"{marker} is in the deck"
    for amount in ("987654321", "987,654,321", "987 654 321", "987654.321"):
        assert amount not in visible and amount not in parts
    for word in ("quota", "commission", "walk-away", "walk away", "best case"):
        assert word.lower() not in visible.lower() and word not in parts

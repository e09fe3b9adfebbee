"""A deal's negotiation plan is in the internal account plan, and in no customer document by any path.

The same markers go into every field of the negotiation plan of every open deal of the demo (a text field
holds a marker word, an amount field an amount found nowhere else): the account plan PDF shows each of them,
and the success plan (its PDF, its deck, what the shareable declaration lets it read) shows none.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, DealTeamMember, Opportunity, Stakeholder
from accountplan.model.enums import ApprovalStatus, NegotiatorKind, TermSide, TermStatus
from accountplan.plan import negotiation
from accountplan.reports.exports import export_account_plan, export_success_plan
from accountplan.reports.shareable import read_success_plan, withheld
from accountplan.store.database import Database

from .pdf_reading import page_texts, pdf_text

TODAY = dt.date(2026, 11, 23)
CUSTOMER = "Shirokane Nordhaven Holdings"


def squeeze(value: str) -> str:
    return " ".join(value.split())


class Marked:
    """What was written into the plans: marker words and amounts, as the account plan prints them."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.amounts: list[Decimal] = []

    def word(self, then: str = "") -> str:
        marker = f"NEGX{len(self.words):02d}Q"
        self.words.append(marker)
        return f"{marker} {then}".strip()

    def amount(self) -> Decimal:
        value = Decimal(731_000_000 + 1_117 * (len(self.amounts) + 1))
        self.amounts.append(value)
        return value


def _fill(db: Database) -> tuple[int, Marked, list[str]]:
    """Every field of a negotiation plan on each open deal of the demo; the account, the marks, the deals."""
    marked = Marked()
    load_demo(db, today=TODAY)
    with db.transaction() as session:
        session.info["now"] = dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC)
        account_id = int(session.scalars(select(Account.id)).one())
        deals = list(
            session.scalars(select(Opportunity).where(Opportunity.outcome.is_(None)).order_by(Opportunity.id))
        )
        assert len(deals) >= 2
        seller = session.scalars(
            select(DealTeamMember.co_seller_id).where(DealTeamMember.account_id == account_id)
        ).first()
        person = session.scalars(select(Stakeholder.id).where(Stakeholder.account_id == account_id)).first()
        for number, deal in enumerate(deals):
            low, high = marked.amount(), marked.amount()
            negotiation.update_price(
                session, deal.id, price_low=low, price_high=high, notes=marked.word("hold")
            )
            if number % 2:  # every other deal has its solution mix final: target and walk-away
                target, walk_away = sorted((marked.amount(), marked.amount()), reverse=True)
                negotiation.update_price(
                    session, deal.id, solution_final=True, target=target, walk_away=walk_away
                )
            for side, status in ((TermSide.GIVE, TermStatus.OFFERED), (TermSide.GET, TermStatus.AGREED)):
                negotiation.add_term(
                    session,
                    account_id,
                    marked.word("term"),
                    opportunity_id=deal.id,
                    side=side,
                    customer_value=marked.word("worth"),
                    our_cost=marked.amount(),
                    status=status,
                )
            negotiation.add_negotiator(
                session,
                account_id,
                opportunity_id=deal.id,
                kind=NegotiatorKind.LEGAL,
                stakeholder_id=person,
                notes=marked.word("liability"),
            )
            negotiation.add_negotiator(
                session,
                account_id,
                opportunity_id=deal.id,
                kind=NegotiatorKind.PROCUREMENT,
                covered_by_id=seller,
                notes=marked.word("discount"),
            )
            negotiation.add_approval(
                session,
                account_id,
                marked.word("net"),
                opportunity_id=deal.id,
                approver=marked.word("cfo"),
                owner_id=seller,
                status=ApprovalStatus.REQUESTED,
                due=TODAY - dt.timedelta(days=3),
            )
        names = [deal.name for deal in deals]
    return account_id, marked, names


@pytest.fixture
def filled(db: Database) -> tuple[int, Marked, list[str]]:
    return _fill(db)


def test_the_account_plan_shows_each_open_deals_negotiation_plan(
    db: Database, filled: tuple[int, Marked, list[str]], tmp_path: Path
) -> None:
    account_id, marked, deals = filled
    path = tmp_path / "account plan.pdf"
    with db.session() as session:
        export_account_plan(session, account_id, path, TODAY)
    words = squeeze(" ".join(page_texts(path)))
    for marker in marked.words:
        assert marker in words, f"{marker} is not in the account plan"
    for amount in marked.amounts:
        assert f"{amount:,.0f}" in words, f"{amount:,.0f} is not in the account plan"
    assert words.count("Negotiation plan") == len(deals)
    assert words.count("Legal at Shirokane Nordhaven Holdings has nobody on our side.") == len(deals)
    assert "Directional: JPY 731,001,117 to JPY 731,002,234." in words
    assert "Solution final: target JPY" in words and "walk away below JPY" in words
    assert words.count("Overdue") >= len(deals) and "still requested" in words
    assert "Their negotiators" in words and "Approval needed" in words


def test_no_field_of_a_negotiation_plan_reaches_a_customer_document(
    db: Database, filled: tuple[int, Marked, list[str]], tmp_path: Path
) -> None:
    account_id, marked, deals = filled
    pdf, deck = tmp_path / "success plan.pdf", tmp_path / "success plan.pptx"
    with db.session() as session:
        shared = read_success_plan(session, account_id)
        left_out = withheld(session, account_id)
        export_success_plan(session, account_id, pdf, TODAY)
        export_success_plan(session, account_id, deck, TODAY)
    reader = PdfReader(pdf)
    visible = pdf_text(pdf)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    raw = pdf.read_bytes()
    with zipfile.ZipFile(deck) as archive:
        parts = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    declared = repr(shared)  # all the declaration lets the documents read
    assert CUSTOMER in visible and CUSTOMER in parts and CUSTOMER in declared  # not empty documents
    for marker in marked.words:
        for where, text in (("PDF", visible + metadata), ("deck", parts), ("declaration", declared)):
            assert marker not in text, f"{marker} is in the success plan's {where}"
        assert marker.encode() not in raw
    for amount in marked.amounts:
        for form in (str(amount), f"{amount:,.0f}", f"{amount:,.2f}", f"{amount} "):
            assert form.strip() not in visible + parts + declared, f"{form} reached a customer document"
    for word in (
        "Negotiation",
        "walk away",
        "Walk-away",
        "Give / get",
        "Approval needed",
        "Their negotiators",
    ):
        assert word not in visible and word not in parts
    assert any(line.startswith(f"the negotiation plans of {len(deals)} deals") for line in left_out)

"""The demo's pursuit screens have something to show: weak letters, red flags, a journey, whitespace, numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Opportunity
from accountplan.plan.journey import JOURNEY_QUARTERS, journey
from accountplan.plan.numbers import numbers_view
from accountplan.plan.qualification import list_red_flags, scorecard
from accountplan.plan.seller_year import account_seller_year
from accountplan.plan.whitespace import whitespace_map
from accountplan.store.database import Database

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    database = Database.open(tmp_path_factory.mktemp("demo") / "demo.sqlite", user="tester")
    name, _added = load_demo(database, today=TODAY)
    with database.session() as session:
        account_id = session.scalars(select(Account.id).where(Account.name == name)).one()
    yield database, account_id
    database.close()


def test_the_main_open_deal_has_a_weak_letter_to_work_on(demo: tuple[Database, int]) -> None:
    database, account_id = demo
    with database.session() as session:
        main_deal = session.scalars(
            select(Opportunity)
            .where(Opportunity.account_id == account_id, Opportunity.outcome.is_(None))
            .order_by(Opportunity.amount.desc())
        ).first()
        assert main_deal is not None
        card = scorecard(session, main_deal.id)
    assert card.weak
    assert 0 < card.completeness < 100


def test_the_red_flags_name_who_raises_them(demo: tuple[Database, int]) -> None:
    database, account_id = demo
    with database.session() as session:
        flags = list_red_flags(session, account_id)
    assert flags
    assert all(flag.source for flag in flags)
    assert flags[0].status.value == "open"


def test_the_journey_whitespace_and_numbers_are_filled_in(demo: tuple[Database, int]) -> None:
    database, account_id = demo
    with database.session() as session:
        path = journey(session, account_id, TODAY)
        whitespace = whitespace_map(session, account_id)
        numbers = numbers_view(session, account_id, TODAY)
        year = account_seller_year(session, account_id, TODAY)
    assert len(path.quarters) == JOURNEY_QUARTERS
    assert path.milestones and path.deals
    assert whitespace.cells and whitespace.total > 0
    assert any(depth > 0 for _id, _name, depth in whitespace.units)
    assert numbers.funnel is not None and numbers.funnel.deals > 0
    # The demo's quota is its account executive's, and its open deals are the seller's year's.
    assert year is not None and year.seller == "Marcus Lindqvist"
    assert year.earnings is not None and year.earnings.effects

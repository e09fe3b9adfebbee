"""The account overview: people, coverage of the decisive ones, deals by stage, overdue actions, meetings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accountplan.analysis.overview import account_overview
from accountplan.errors import NotFound
from accountplan.model import Action, CoSeller, Coverage, Meeting
from accountplan.model.enums import (
    ActionStatus,
    BuyingRole,
    CoSellerRole,
    MeetingStatus,
    Outcome,
    RelationshipStrength,
    SalesStage,
)
from accountplan.plan.accounts import create_account
from accountplan.plan.opportunities import add_opportunity, close_opportunity
from accountplan.plan.stakeholders import add_stakeholder, mark_departed
from accountplan.store.database import Database

TODAY = dt.date(2025, 6, 15)


@pytest.fixture
def account_id(db: Database) -> int:
    with db.transaction() as session:
        return create_account(session, "Acme Corporation", currency="EUR")


def test_an_empty_account_has_zero_everywhere(db: Database, account_id: int) -> None:
    with db.session() as session:
        view = account_overview(session, account_id, today=TODAY)
    assert (view.name, view.currency) == ("Acme Corporation", "EUR")
    assert view.active_stakeholders == view.open_opportunities == view.overdue_actions == 0
    assert view.coverage_percent == 0
    assert view.open_pipeline == Decimal(0)
    assert view.last_meeting is None and view.next_meeting is None
    assert [figure.stage for figure in view.stages] == [s for s in SalesStage if s is not SalesStage.CLOSED]


def test_the_overview_counts_what_the_team_needs_to_see(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
        add_stakeholder(session, other, "Not ours", influence=5)  # other accounts never count
        seller = CoSeller(name="Sam Seller", role=CoSellerRole.ACCOUNT_EXECUTIVE)
        session.add(seller)
        session.flush()

        economic_buyer = add_stakeholder(session, account_id, "Eve Buyer", roles=[BuyingRole.ECONOMIC_BUYER])
        loud_voice = add_stakeholder(session, account_id, "Lou Voice", influence=4)
        add_stakeholder(session, account_id, "Una Covered-Not", influence=5)
        user = add_stakeholder(session, account_id, "Ulf User", influence=2)
        add_stakeholder(session, account_id, "Quiet Quinn", influence=1)
        departed = add_stakeholder(session, account_id, "Dan Departed", influence=5)
        mark_departed(session, departed, dt.date(2025, 1, 31))
        session.add_all(
            [
                Coverage(
                    account_id=account_id,
                    co_seller_id=seller.id,
                    stakeholder_id=economic_buyer,
                    strength=RelationshipStrength.TRUSTED_ADVISOR,
                ),
                Coverage(
                    account_id=account_id,
                    co_seller_id=seller.id,
                    stakeholder_id=user,
                    strength=RelationshipStrength.WORKING,
                ),
                # a brief contact does not count as covering someone
                Coverage(
                    account_id=account_id,
                    co_seller_id=seller.id,
                    stakeholder_id=loud_voice,
                    strength=RelationshipStrength.BRIEF,
                ),
                # nor does covering someone who has left
                Coverage(
                    account_id=account_id,
                    co_seller_id=seller.id,
                    stakeholder_id=departed,
                    strength=RelationshipStrength.STRONG,
                ),
            ]
        )

        add_opportunity(session, account_id, "Pilot", amount="100000", sales_stage=SalesStage.PROPOSAL)
        add_opportunity(session, account_id, "Expansion", amount="250000.50", sales_stage=SalesStage.PROPOSAL)
        add_opportunity(session, account_id, "Platform", sales_stage=SalesStage.DISCOVERY)  # no amount yet
        won = add_opportunity(session, account_id, "Proof", amount="50000")
        close_opportunity(session, won, Outcome.WON, "It worked")

        session.add_all(
            [
                Action(account_id=account_id, title="Overdue", due=TODAY - dt.timedelta(days=1)),
                Action(
                    account_id=account_id,
                    title="Overdue too",
                    due=dt.date(2024, 1, 1),
                    status=ActionStatus.IN_PROGRESS,
                ),
                Action(account_id=account_id, title="Due today", due=TODAY),
                Action(account_id=account_id, title="No date"),
                Action(
                    account_id=account_id,
                    title="Done late",
                    due=dt.date(2024, 1, 1),
                    status=ActionStatus.DONE,
                ),
                Action(
                    account_id=account_id,
                    title="Cancelled",
                    due=dt.date(2024, 1, 1),
                    status=ActionStatus.CANCELLED,
                ),
                Action(account_id=other, title="Other account", due=dt.date(2024, 1, 1)),
            ]
        )
        session.add_all(
            [
                Meeting(account_id=account_id, held_on=dt.date(2025, 2, 1), status=MeetingStatus.HELD),
                Meeting(account_id=account_id, held_on=dt.date(2025, 4, 2), status=MeetingStatus.HELD),
                Meeting(account_id=account_id, held_on=dt.date(2025, 5, 1)),  # planned but never held
                Meeting(account_id=account_id, held_on=dt.date(2025, 8, 20)),
                Meeting(account_id=account_id, held_on=dt.date(2025, 6, 30)),
            ]
        )

    with db.session() as session:
        view = account_overview(session, account_id, today=TODAY)

    assert (view.active_stakeholders, view.departed_stakeholders) == (5, 1)
    assert view.covered_stakeholders == 2
    assert view.coverage_percent == 40
    assert view.decisive_people == 3  # the economic buyer, and the two with influence 4 and 5
    assert view.decisive_covered == 1  # only the economic buyer: a gap the team must see
    assert view.open_opportunities == 3
    assert view.open_pipeline == Decimal("350000.50")
    by_stage = {figure.stage: (figure.count, figure.amount) for figure in view.stages}
    assert by_stage[SalesStage.PROPOSAL] == (2, Decimal("350000.50"))
    assert by_stage[SalesStage.DISCOVERY] == (1, Decimal(0))
    assert SalesStage.CLOSED not in by_stage
    assert (view.open_actions, view.overdue_actions) == (4, 2)
    assert view.last_meeting == dt.date(2025, 4, 2)
    assert view.next_meeting == dt.date(2025, 6, 30)


def test_overdue_is_relative_to_the_day_asked(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        session.add(Action(account_id=account_id, title="Send the proposal", due=dt.date(2025, 6, 1)))
    with db.session() as session:
        assert account_overview(session, account_id, today=dt.date(2025, 6, 1)).overdue_actions == 0
        assert account_overview(session, account_id, today=dt.date(2025, 6, 2)).overdue_actions == 1


def test_the_overview_of_a_missing_account_is_not_found(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFound):
        account_overview(session, 7, today=TODAY)

"""The account's strategic initiatives and spend zones, made, changed and removed as a seller does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accountplan.errors import AlreadyExists, InvalidValue
from accountplan.plan import initiatives
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.reports.account_plan_data import read_account_plan
from accountplan.store.database import Database


def test_initiatives_keep_their_order_and_name_their_sponsor(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        cfo = add_stakeholder(session, account_id, "Kenji Mori")
        tower = initiatives.add_initiative(
            session, account_id, " Control tower 2027 ", sponsor_id=cfo, description="One view of freight"
        )
        initiatives.add_initiative(session, account_id, "Green fleet")
        previous = initiatives.update_initiative(session, tower, title="Control tower 2028", sponsor_id=None)
    assert previous == {"title": "Control tower 2027", "sponsor_id": cfo}
    with db.session() as session:
        rows = initiatives.list_initiatives(session, account_id)
    assert [(r.title, r.sponsor, r.description) for r in rows] == [
        ("Control tower 2028", "", "One view of freight"),
        ("Green fleet", "", ""),
    ]


def test_an_initiative_needs_a_title_of_its_own_and_a_sponsor_from_the_account(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        other = create_account(session, "Someone Else")
        stranger = add_stakeholder(session, other, "Ann Lee")
        initiatives.add_initiative(session, account_id, "Green fleet")
    with db.transaction() as session, pytest.raises(InvalidValue, match="needs a title"):
        initiatives.add_initiative(session, account_id, "  ")
    with db.transaction() as session, pytest.raises(AlreadyExists, match="'green FLEET' already"):
        initiatives.add_initiative(session, account_id, "green FLEET")
    with db.transaction() as session, pytest.raises(InvalidValue, match="Ann Lee is not one of this"):
        initiatives.add_initiative(session, account_id, "Control tower", sponsor_id=stranger)
    with db.session() as session:
        assert [r.title for r in initiatives.list_initiatives(session, account_id)] == ["Green fleet"]


def test_spend_zones_with_their_incumbent_reach_the_account_plan(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        zone = initiatives.add_spend_zone(
            session,
            account_id,
            "Transport management",
            annual_spend="1,200,000",
            incumbent_solution="KaiunTMS 7",
            shortcomings="No live dwell times",
        )
        initiatives.add_initiative(session, account_id, "Control tower 2027")
    with db.session() as session:
        (row,) = initiatives.list_spend_zones(session, account_id)
        plan = read_account_plan(session, account_id, dt.date.today())
    assert (row.name, row.annual_spend, row.incumbent_solution) == (
        "Transport management",
        Decimal("1200000.00"),
        "KaiunTMS 7",
    )
    assert [z.name for z in plan.spend_zones] == ["Transport management"]
    assert [i.title for i in plan.initiatives] == ["Control tower 2027"]
    with db.transaction() as session:
        with pytest.raises(InvalidValue, match="cannot be negative"):
            initiatives.update_spend_zone(session, zone, annual_spend="-5")
        assert initiatives.update_spend_zone(session, zone, annual_spend="") == {
            "annual_spend": Decimal("1200000.00")
        }
        initiatives.delete_spend_zone(session, zone)
    with db.session() as session:
        assert initiatives.list_spend_zones(session, account_id) == []

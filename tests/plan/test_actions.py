"""Actions: what each is for, closing and reopening, bulk reassignment, and overdue first in every list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from accountplan.errors import InvalidValue, Refused
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Action, RedFlag
from accountplan.model.enums import ActionStatus, CoSellerRole
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action, delete_action, list_actions, reassign_actions, update_action
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def owners(db: Database, account_id: int) -> dict[str, int]:
    with db.transaction() as session:
        ids = {
            "marcus": add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE),
            "rebecca": add_co_seller(session, "Rebecca Stein", CoSellerRole.DEAL_DESK_LEGAL),
        }
        for seller in ids.values():
            join_team(session, account_id, seller)
    return ids


def test_the_list_puts_overdue_first_then_by_due_date_and_says_what_each_is_for(
    db: Database, account_id: int, owners: dict[str, int]
) -> None:
    with db.transaction() as session:
        zoe = add_stakeholder(session, account_id, "Zoë Lefèvre")
        deal = add_opportunity(session, account_id, "Project Tsubasa")
        flag = RedFlag(account_id=account_id, title="Procurement wants an RFP")
        session.add(flag)
        session.flush()
        add_action(session, account_id, "No date yet", owner_id=owners["marcus"])
        add_action(session, account_id, "Next week", due=TODAY + dt.timedelta(days=7), opportunity_id=deal)
        add_action(
            session,
            account_id,
            "Long overdue",
            owner_id=owners["rebecca"],
            due=dt.date(2026, 9, 1),
            red_flag_id=flag.id,
        )
        add_action(
            session,
            account_id,
            "Just overdue",
            due=TODAY - dt.timedelta(days=1),
            stakeholder_id=zoe,
            opportunity_id=deal,
        )
        done = add_action(session, account_id, "Done long ago", due=dt.date(2026, 8, 1))
        update_action(session, done, status=ActionStatus.DONE, done_on=dt.date(2026, 7, 30))
    with db.session() as session:
        rows = list_actions(session, account_id, TODAY)
    assert [(r.title, r.overdue, r.days_overdue, r.owner, r.purpose, r.purpose_kind) for r in rows] == [
        ("Long overdue", True, 83, "Rebecca Stein", "Red flag: Procurement wants an RFP", "red_flag"),
        ("Just overdue", True, 1, "", "Stakeholder: Zoë Lefèvre", "stakeholder"),
        ("Done long ago", False, 0, "", "", None),
        ("Next week", False, 0, "", "Opportunity: Project Tsubasa", "opportunity"),
        ("No date yet", False, 0, "Marcus Lindqvist", "", None),
    ]


def test_done_records_the_day_reopening_clears_it_and_undo_restores_both(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        action = add_action(session, account_id, "Send the sole-source memo", due=dt.date(2026, 11, 1))
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2026, 11, 5, 9, 30, tzinfo=dt.UTC)
        closing = update_action(session, action, status=ActionStatus.DONE)
    with db.session() as session:
        stored = session.get(Action, action)
        assert stored is not None and (stored.status, stored.done_on) == (
            ActionStatus.DONE,
            dt.date(2026, 11, 5),
        )
        assert not list_actions(session, account_id, TODAY)[0].overdue
    assert closing == {"status": ActionStatus.OPEN, "done_on": None}
    with db.transaction() as session:
        reopening = update_action(session, action, status=ActionStatus.IN_PROGRESS)
        assert session.get(Action, action).done_on is None  # type: ignore[union-attr]
        update_action(session, action, **reopening)  # undo of the reopening
        assert session.get(Action, action).done_on == dt.date(2026, 11, 5)  # type: ignore[union-attr]
        update_action(session, action, **closing)  # undo of the closing
    with db.session() as session:
        row = list_actions(session, account_id, TODAY)[0]
    assert (row.status, row.done_on, row.overdue) == (ActionStatus.OPEN, None, True)


def test_reassigning_in_bulk_returns_each_previous_owner(
    db: Database, account_id: int, owners: dict[str, int]
) -> None:
    with db.transaction() as session:
        first = add_action(session, account_id, "Book the site visit", owner_id=owners["marcus"])
        second = add_action(session, account_id, "Map the works council")
    with db.transaction() as session:
        previous = reassign_actions(session, [first, second], owners["rebecca"])
    assert previous == {first: owners["marcus"], second: None}
    with db.session() as session:
        assert {r.owner for r in list_actions(session, account_id, TODAY)} == {"Rebecca Stein"}
    with db.transaction() as session:
        delete_action(session, first)
    with db.session() as session:
        assert [r.title for r in list_actions(session, account_id, TODAY)] == ["Map the works council"]


def test_an_action_needs_a_title_and_cannot_serve_another_account(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    with db.transaction() as session:
        other = create_account(session, "Other Corp")
        stranger = add_stakeholder(session, other, "Somebody Else")
    counts = table_counts()
    with db.transaction() as session, pytest.raises(InvalidValue, match="needs a title"):
        add_action(session, account_id, "   ")
    with (
        db.transaction() as session,
        pytest.raises(Refused, match="'Somebody Else' belongs to another account"),
    ):
        add_action(session, account_id, "Call them", stakeholder_id=stranger)
    assert table_counts() == counts


def test_the_demo_lists_its_sixteen_overdue_actions_first(db: Database) -> None:
    load_demo(db, TODAY)
    with db.session() as session:
        account_id = session.scalar(select(Account.id))
        assert account_id is not None
        rows = list_actions(session, account_id, TODAY)
    overdue = [r for r in rows if r.overdue]
    assert len(rows) == 100 and len(overdue) == 16
    assert rows[:16] == overdue
    assert [r.due for r in overdue] == sorted(r.due for r in overdue if r.due)
    assert all(r.owner for r in overdue) and all(not r.status.is_closed for r in overdue)
    assert {r.purpose_kind for r in rows} >= {"stakeholder", "opportunity"}

"""Qualification: the MEDDPICC scorecard of a deal, and red flags with their source and counter-actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from accountplan.errors import InvalidValue, NotFound, Refused
from accountplan.model.enums import (
    ActionStatus,
    CoSellerRole,
    MeddpiccLetter,
    RedFlagStatus,
    Severity,
    Stance,
)
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import list_actions, update_action
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.qualification import (
    add_counter_action,
    add_red_flag,
    delete_red_flag,
    list_red_flags,
    scorecard,
    set_meddpicc,
    update_red_flag,
)
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.plan.team import add_co_seller
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def deal(db: Database, account_id: int) -> int:
    with db.transaction() as session:
        return add_opportunity(session, account_id, "Project Tsubasa")


@pytest.fixture
def owner(db: Database) -> int:
    with db.transaction() as session:
        return add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE)


def test_an_empty_scorecard_has_all_eight_letters_at_zero_and_all_weak(db: Database, deal: int) -> None:
    with db.session() as session:
        card = scorecard(session, deal)
    assert [(item.letter, item.score, item.evidence) for item in card.letters] == [
        (letter, 0, "") for letter in MeddpiccLetter
    ]
    assert card.completeness == 0
    assert [finding.severity for finding in card.weak] == [Severity.HIGH] * 8


def test_scoring_a_letter_creates_it_and_returns_what_it_was(db: Database, deal: int) -> None:
    with db.transaction() as session:
        first = set_meddpicc(session, deal, MeddpiccLetter.CHAMPION, score=4)
        second = set_meddpicc(
            session, deal, MeddpiccLetter.CHAMPION, evidence="  Aiko pitched us to the CFO "
        )
        set_meddpicc(session, deal, MeddpiccLetter.METRICS, score=2, evidence="a 12 % cost cut")
    assert (first, second) == ((0, ""), (4, ""))
    with db.session() as session:
        card = scorecard(session, deal)
    champion = card.letters[list(MeddpiccLetter).index(MeddpiccLetter.CHAMPION)]
    assert (champion.score, champion.evidence) == (4, "Aiko pitched us to the CFO")
    assert card.completeness == 15  # 6 of 40
    weak = {finding.letter: finding.severity for finding in card.weak}
    assert MeddpiccLetter.CHAMPION not in weak
    assert weak[MeddpiccLetter.METRICS] is Severity.MEDIUM


def test_a_score_out_of_range_is_refused_and_writes_nothing(
    db: Database, deal: int, table_counts: Counts
) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match="between 0 and 5, not 6"), db.transaction() as session:
        set_meddpicc(session, deal, MeddpiccLetter.METRICS, score=6, evidence="too good")
    assert table_counts() == before


def test_red_flags_list_open_first_then_most_severe_then_oldest_with_their_source(
    db: Database, account_id: int, deal: int
) -> None:
    with db.transaction() as session:
        olga = add_stakeholder(session, account_id, "Ольга Петрова", stance=Stance.SKEPTIC)
        add_red_flag(
            session, account_id, "Budget frozen", severity=Severity.HIGH, raised_on=dt.date(2026, 10, 1)
        )
        add_red_flag(
            session,
            account_id,
            "Prefers the incumbent",
            severity=Severity.CRITICAL,
            source_id=olga,
            opportunity_id=deal,
            raised_on=dt.date(2026, 11, 1),
        )
        add_red_flag(
            session, account_id, "Security review", severity=Severity.HIGH, raised_on=dt.date(2026, 9, 1)
        )
        add_red_flag(
            session, account_id, "Old worry", severity=Severity.CRITICAL, status=RedFlagStatus.COUNTERED
        )
    with db.session() as session:
        rows = list_red_flags(session, account_id)
    assert [r.title for r in rows] == [
        "Prefers the incumbent",
        "Security review",
        "Budget frozen",
        "Old worry",
    ]
    first = rows[0]
    assert (first.source, first.source_stance, first.opportunity) == (
        "Ольга Петрова",
        Stance.SKEPTIC,
        "Project Tsubasa",
    )
    assert (rows[1].source, rows[1].source_stance, rows[1].opportunity) == ("", None, "")


def test_a_flag_is_raised_today_unless_told_otherwise(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        session.info["now"] = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
        add_red_flag(session, account_id, "Budget frozen")
    with db.session() as session:
        (row,) = list_red_flags(session, account_id)
    assert (row.raised_on, row.severity, row.status) == (TODAY, Severity.MEDIUM, RedFlagStatus.OPEN)


def test_updating_returns_the_previous_values_and_deleting_keeps_the_actions(
    db: Database, account_id: int, owner: int
) -> None:
    with db.transaction() as session:
        flag = add_red_flag(session, account_id, "Budget frozen")
        previous = update_red_flag(session, flag, status="countered", counter_strategy="ROI study")
        add_counter_action(session, flag, "Send the ROI study", owner_id=owner, due=TODAY)
        delete_red_flag(session, flag)
    assert previous == {"status": RedFlagStatus.OPEN, "counter_strategy": ""}
    with db.session() as session:
        assert list_red_flags(session, account_id) == []
        (action,) = list_actions(session, account_id, TODAY)
    assert (action.title, action.red_flag_id) == ("Send the ROI study", None)


def test_a_counter_action_is_tied_to_the_flag_its_deal_and_its_source_and_counted(
    db: Database, account_id: int, deal: int, owner: int
) -> None:
    with db.transaction() as session:
        olga = add_stakeholder(session, account_id, "Ольга Петрова")
        flag = add_red_flag(session, account_id, "Prefers the incumbent", source_id=olga, opportunity_id=deal)
        first = add_counter_action(session, flag, "Reference call", owner_id=owner, due=TODAY)
        add_counter_action(session, flag, "Exec dinner", owner_id=owner, due=TODAY + dt.timedelta(days=7))
        update_action(session, first, status=ActionStatus.DONE)
    with db.session() as session:
        (row,) = list_red_flags(session, account_id)
        actions = list_actions(session, account_id, TODAY)
    assert (row.open_actions, row.actions) == (1, 2)
    assert {(a.red_flag_id, a.opportunity_id, a.stakeholder_id, a.owner_id) for a in actions} == {
        (flag, deal, olga, owner)
    }


def test_a_counter_action_needs_an_owner_and_a_due_date(
    db: Database, account_id: int, owner: int, table_counts: Counts
) -> None:
    with db.transaction() as session:
        flag = add_red_flag(session, account_id, "Budget frozen")
    before = table_counts()
    with pytest.raises(InvalidValue, match="owner"), db.transaction() as session:
        add_counter_action(session, flag, "Call the CFO", owner_id=None, due=TODAY)
    with pytest.raises(InvalidValue, match="due date"), db.transaction() as session:
        add_counter_action(session, flag, "Call the CFO", owner_id=owner, due=None)
    assert table_counts() == before


def test_a_flag_cannot_point_at_another_accounts_people_or_be_nameless(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
        stranger = add_stakeholder(session, other, "Hank Scorpio")
    before = table_counts()
    with pytest.raises(Refused, match="Hank Scorpio"), db.transaction() as session:
        add_red_flag(session, account_id, "Budget frozen", source_id=stranger)
    with pytest.raises(InvalidValue, match="title"), db.transaction() as session:
        add_red_flag(session, account_id, "   ")
    with pytest.raises(NotFound), db.transaction() as session:
        update_red_flag(session, 999, title="Gone")
    assert table_counts() == before

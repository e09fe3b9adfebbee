"""Opportunities: every stage change goes to the stage history with its time and user; closing asks why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.errors import InvalidValue, NotFound, Refused
from accountplan.model import ChangeLogEntry, Competitor, Opportunity, StageChange
from accountplan.model.enums import BuyingStage, ChangeKind, Outcome, SalesStage, StageProcess
from accountplan.model.types import utcnow
from accountplan.plan.accounts import create_account
from accountplan.plan.opportunities import (
    add_opportunity,
    close_opportunity,
    close_pushes,
    delete_opportunity,
    get_opportunity,
    list_competitors,
    list_opportunities,
    reopen_opportunity,
    set_competitors,
    set_stage,
    stage_history,
    update_opportunity,
)
from accountplan.plan.win_loss import win_loss
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]


def _history(db: Database, deal: int) -> list[tuple[str, str, str]]:
    with db.session() as session:
        rows = session.scalars(
            select(StageChange).where(StageChange.opportunity_id == deal).order_by(StageChange.id)
        )
        return [(r.process.value, r.stage, r.changed_by) for r in rows]


def _deal(db: Database, deal: int) -> Opportunity:
    with db.session() as session:
        found = session.get(Opportunity, deal)
        assert found is not None
        return found


@pytest.fixture
def deal(db: Database, account_id: int) -> int:
    with db.transaction() as session:
        return add_opportunity(session, account_id, "Pilot: Finance analytics", amount="120000")


def test_a_new_deal_starts_both_processes_in_the_stage_history(db: Database, account_id: int) -> None:
    before = utcnow()
    with db.transaction() as session:
        deal = add_opportunity(
            session,
            account_id,
            " Enterprise platform ",
            amount="1,250,000.5",
            expected_close="2026-03-31",
            probability="40",
            sales_stage=SalesStage.QUALIFICATION,
            buying_stage=BuyingStage.EVALUATE,
        )
    after = utcnow()

    stored = _deal(db, deal)
    assert stored.name == "Enterprise platform"
    assert stored.amount == Decimal("1250000.50")
    assert stored.expected_close == dt.date(2026, 3, 31)
    assert stored.probability == 40
    assert _history(db, deal) == [("sales", "qualification", "tester"), ("buying", "evaluate", "tester")]
    with db.session() as session:
        for change in session.scalars(select(StageChange).where(StageChange.opportunity_id == deal)):
            assert before <= change.entered_at <= after
            assert change.entered_at.tzinfo is not None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"probability": 150}, "between 0 and 100"),
        ({"amount": "a lot"}, "not a valid amount"),
        ({"expected_close": "2026-02-30"}, "not a valid expected close"),
        ({"type": "barter"}, "not a known OpportunityType"),
        ({"outcome": "won"}, "cannot be set here"),
    ],
)
def test_bad_values_add_nothing(
    db: Database, account_id: int, table_counts: Counts, values: dict[str, Any], message: str
) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match=message), db.transaction() as session:
        add_opportunity(session, account_id, "Deal", **values)
    assert table_counts() == before


def test_a_deal_needs_a_name(db: Database, account_id: int) -> None:
    with pytest.raises(InvalidValue, match="needs a name"), db.transaction() as session:
        add_opportunity(session, account_id, " ")


def test_a_stage_change_is_written_with_its_time_and_user(db: Database, deal: int) -> None:
    when = dt.datetime(2025, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    with db.transaction() as session:
        previous = set_stage(session, deal, SalesStage.DISCOVERY, at=when)
    assert previous is SalesStage.REACHING_OUT
    assert _deal(db, deal).sales_stage is SalesStage.DISCOVERY
    with db.session() as session:
        last = session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
        assert last is not None
        assert (last.process, last.stage, last.entered_at, last.changed_by) == (
            StageProcess.SALES,
            "discovery",
            when,
            "tester",
        )
    with db.session() as session:  # and, like every change, in the change log
        logged = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.field == "sales_stage")).one()
        assert (logged.old_value, logged.new_value, logged.user) == ("reaching_out", "discovery", "tester")


def test_the_buying_process_has_its_own_history(db: Database, deal: int) -> None:
    with db.transaction() as session:
        assert set_stage(session, deal, BuyingStage.PAIN) is BuyingStage.CHANGE
        set_stage(session, deal, BuyingStage.NEEDS)
    assert _deal(db, deal).buying_stage is BuyingStage.NEEDS
    assert _history(db, deal)[2:] == [("buying", "pain", "tester"), ("buying", "needs", "tester")]
    assert _deal(db, deal).sales_stage is SalesStage.REACHING_OUT


def test_moving_to_the_stage_a_deal_is_in_writes_nothing(
    db: Database, deal: int, table_counts: Counts
) -> None:
    before = table_counts()
    with db.transaction() as session:
        assert set_stage(session, deal, SalesStage.REACHING_OUT) is SalesStage.REACHING_OUT
    assert table_counts() == before


def test_stages_are_changed_only_by_their_operation(db: Database, deal: int) -> None:
    with pytest.raises(InvalidValue, match="cannot be set here"), db.transaction() as session:
        update_opportunity(session, deal, sales_stage="proposal")
    with pytest.raises(Refused, match="outcome"), db.transaction() as session:
        set_stage(session, deal, SalesStage.CLOSED)
    assert _deal(db, deal).sales_stage is SalesStage.REACHING_OUT
    assert len(_history(db, deal)) == 2


def test_update_opportunity_returns_the_previous_values_and_logs_them(db: Database, deal: int) -> None:
    with db.transaction() as session:
        previous = update_opportunity(session, deal, amount="150000", compelling_event="Audit in March")
    assert previous == {"amount": Decimal("120000.00"), "compelling_event": ""}
    with db.session() as session:
        logged = {
            (e.field, e.old_value, e.new_value)
            for e in session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.kind == ChangeKind.UPDATED))
        }
    assert logged == {("amount", "120000.00", "150000.00"), ("compelling_event", "", "Audit in March")}


def test_closing_needs_the_customers_reason(db: Database, deal: int, table_counts: Counts) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match="what made you decide"), db.transaction() as session:
        close_opportunity(session, deal, Outcome.WON, "   ")
    assert table_counts() == before
    assert _deal(db, deal).outcome is None


def test_a_won_deal_is_closed_with_its_reason_and_the_stage_history(db: Database, deal: int) -> None:
    with db.transaction() as session:
        close_opportunity(session, deal, Outcome.WON, " Proved value in 6 weeks ", on=dt.date(2025, 9, 30))
    closed = _deal(db, deal)
    assert closed.outcome is Outcome.WON
    assert closed.outcome_reason == "Proved value in 6 weeks"
    assert closed.closed_on == dt.date(2025, 9, 30)
    assert closed.probability == 100
    assert closed.sales_stage is SalesStage.CLOSED
    assert _history(db, deal)[-1] == ("sales", "closed", "tester")
    with pytest.raises(Refused, match="closed"), db.transaction() as session:
        set_stage(session, deal, SalesStage.PROPOSAL)


def test_a_lost_deal_remembers_who_won_it(db: Database, account_id: int, deal: int) -> None:
    with db.transaction() as session:
        rival = Competitor(account_id=account_id, name="Incumbent Systems", is_incumbent=True)
        session.add(rival)
        session.flush()
        close_opportunity(session, deal, Outcome.LOST, "Cheaper renewal", won_by_id=rival.id)
    lost = _deal(db, deal)
    assert (lost.outcome, lost.won_by_id, lost.probability) == (Outcome.LOST, rival.id, 0)
    assert lost.closed_on is not None


def test_closing_with_the_outcome_given_as_text_works_the_same(db: Database, deal: int) -> None:
    outcome: Any = "won"  # as a form or the command line hands it over
    with db.transaction() as session:
        close_opportunity(session, deal, outcome, "Best fit")
    closed = _deal(db, deal)
    assert closed.outcome is Outcome.WON
    assert closed.probability == 100


def test_an_unknown_deal_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="opportunity with id 42"), db.transaction() as session:
        set_stage(session, 42, SalesStage.PROPOSAL)


def test_a_stage_change_is_one_transaction(db: Database, deal: int, table_counts: Counts) -> None:
    before = table_counts()
    with pytest.raises(RuntimeError), db.transaction() as session:
        set_stage(session, deal, SalesStage.PROPOSAL)
        raise RuntimeError("crash")
    assert table_counts() == before
    assert _deal(db, deal).sales_stage is SalesStage.REACHING_OUT


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)


def _competitor(db: Database, account_id: int, name: str, incumbent: bool = False) -> int:
    with db.transaction() as session:
        rival = Competitor(account_id=account_id, name=name, is_incumbent=incumbent)
        session.add(rival)
        session.flush()
        return rival.id


def test_open_deals_come_first_by_close_then_closed_ones_newest_first(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        later = add_opportunity(session, account_id, "Later", expected_close="2027-06-30")
        undated = add_opportunity(session, account_id, "Undated")
        sooner = add_opportunity(session, account_id, "Sooner", expected_close="2027-01-31")
        old_win = add_opportunity(session, account_id, "Old win")
        recent_loss = add_opportunity(session, account_id, "Recent loss")
        close_opportunity(session, old_win, Outcome.WON, "Value", on=dt.date(2025, 3, 1))
        close_opportunity(session, recent_loss, Outcome.NO_DECISION, "No budget", on=dt.date(2026, 2, 1))
    with db.session() as session:
        rows = list_opportunities(session, account_id, dt.date(2026, 11, 23))
    assert [r.id for r in rows] == [sooner, later, undated, recent_loss, old_win]
    assert [r.is_open for r in rows] == [True, True, True, False, False]


def test_a_row_tells_since_when_each_stage_holds(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        session.info["now"] = _at(dt.date(2026, 9, 1))
        deal = add_opportunity(session, account_id, "Control tower")
    with db.transaction() as session:
        session.info["now"] = _at(dt.date(2026, 10, 5))
        set_stage(session, deal, SalesStage.DISCOVERY)
    with db.transaction() as session:
        session.info["now"] = _at(dt.date(2026, 10, 20))
        set_stage(session, deal, BuyingStage.NEEDS)
    with db.session() as session:
        row = get_opportunity(session, deal, dt.date(2026, 11, 23))
        history = stage_history(session, deal, dt.date(2026, 11, 23))
    assert (row.sales_stage, row.sales_since) == (SalesStage.DISCOVERY, dt.date(2026, 10, 5))
    assert (row.buying_stage, row.buying_since) == (BuyingStage.NEEDS, dt.date(2026, 10, 20))
    assert [(s.stage, s.days) for s in history.buying][-1] == (BuyingStage.NEEDS, 34)


def test_the_competitors_of_a_deal_are_set_and_listed_by_name(
    db: Database, account_id: int, deal: int
) -> None:
    veridian = _competitor(db, account_id, "Veridian", incumbent=True)
    kinetica = _competitor(db, account_id, "Kinetica")
    pallas = _competitor(db, account_id, "Pallas")
    with db.transaction() as session:
        assert set_competitors(session, deal, [veridian, kinetica, veridian]) == []
    with db.transaction() as session:
        assert set_competitors(session, deal, [pallas, kinetica]) == sorted([veridian, kinetica])
    with db.session() as session:
        row = get_opportunity(session, deal, dt.date(2026, 11, 23))
        everyone = list_competitors(session, account_id)
    assert row.competitors == ((kinetica, "Kinetica", False), (pallas, "Pallas", False))
    assert everyone == [
        (kinetica, "Kinetica", False),
        (pallas, "Pallas", False),
        (veridian, "Veridian", True),
    ]


def test_a_competitor_of_another_account_is_refused(db: Database, deal: int, table_counts: Counts) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
    stranger = _competitor(db, other, "Initech")
    before = table_counts()
    with pytest.raises(Refused, match="another account"), db.transaction() as session:
        set_competitors(session, deal, [stranger])
    assert table_counts() == before


def test_reopening_returns_to_the_stage_before_closed_in_the_history(db: Database, deal: int) -> None:
    with db.transaction() as session:
        update_opportunity(session, deal, probability=40)
        set_stage(session, deal, SalesStage.NEGOTIATION)
    with db.transaction() as session:
        close_opportunity(session, deal, Outcome.LOST, "Too expensive", on=dt.date(2026, 11, 1))
    with db.transaction() as session:
        reopen_opportunity(session, deal)
    reopened = _deal(db, deal)
    assert (reopened.outcome, reopened.outcome_reason, reopened.closed_on, reopened.won_by_id) == (
        None,
        "",
        None,
        None,
    )
    assert (reopened.sales_stage, reopened.probability) == (SalesStage.NEGOTIATION, 40)
    assert [h[1] for h in _history(db, deal) if h[0] == "sales"] == [
        "reaching_out",
        "negotiation",
        "closed",
        "negotiation",
    ]
    with pytest.raises(Refused, match="open already"), db.transaction() as session:
        reopen_opportunity(session, deal)


def test_stage_changes_take_the_operations_fixed_time(db: Database, deal: int) -> None:
    with db.transaction() as session:
        session.info["now"] = _at(dt.date(2026, 6, 1))
        close_opportunity(session, deal, Outcome.WON, "Value")
    with db.session() as session:
        last = session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
        assert last is not None
        assert (last.stage, last.entered_at) == ("closed", _at(dt.date(2026, 6, 1)))
    assert _deal(db, deal).closed_on == dt.date(2026, 6, 1)


def test_close_pushes_are_read_from_real_edits(db: Database, deal: int) -> None:
    moves = [
        (dt.date(2026, 9, 1), "2027-01-31"),  # first close date: not a push
        (dt.date(2026, 10, 1), "2027-03-31"),  # pushed
        (dt.date(2026, 10, 15), "2027-02-28"),  # pulled in: not a push
        (dt.date(2026, 11, 2), "2027-04-30"),  # pushed
    ]
    for day, close in moves:
        with db.transaction() as session:
            session.info["now"] = _at(day)
            update_opportunity(session, deal, expected_close=close)
    with db.session() as session:
        pushes = close_pushes(session, deal)
        row = get_opportunity(session, deal, dt.date(2026, 11, 23))
    assert pushes == [
        (dt.date(2026, 10, 1), dt.date(2027, 1, 31), dt.date(2027, 3, 31)),
        (dt.date(2026, 11, 2), dt.date(2027, 2, 28), dt.date(2027, 4, 30)),
    ]
    assert [w.text for w in row.warnings] == [
        "The expected close has been pushed 2 times, last from 28 Feb 2027 to 30 Apr 2027."
    ]
    with db.transaction() as session:
        close_opportunity(session, deal, Outcome.WON, "Value")
    with db.session() as session:
        assert get_opportunity(session, deal, dt.date(2026, 11, 23)).warnings == ()


def test_win_loss_counts_amounts_and_who_beat_us(db: Database, account_id: int) -> None:
    rival_a = _competitor(db, account_id, "Rival A")
    rival_b = _competitor(db, account_id, "Rival B")
    closes = [
        ("Won", "100000", Outcome.WON, None, dt.date(2026, 3, 1)),
        ("Lost 1", "50000", Outcome.LOST, rival_a, dt.date(2026, 4, 1)),
        ("Lost 2", "30000", Outcome.LOST, rival_a, dt.date(2026, 5, 1)),
        ("Lost 3", "20000", Outcome.LOST, rival_b, dt.date(2026, 6, 1)),
        ("Stalled", "70000", Outcome.NO_DECISION, None, dt.date(2026, 7, 1)),
    ]
    with db.transaction() as session:
        session.info["now"] = _at(dt.date(2026, 1, 1))
        add_opportunity(session, account_id, "Still open", amount="999")
        for name, amount, outcome, rival, on in closes:
            deal = add_opportunity(session, account_id, name, amount=amount)
            close_opportunity(session, deal, outcome, "Because", on=on, won_by_id=rival)
    with db.session() as session:
        result = win_loss(session, account_id)
    assert [d.name for d in result.deals] == ["Stalled", "Lost 3", "Lost 2", "Lost 1", "Won"]
    assert (result.won, result.lost, result.no_decision) == (1, 3, 1)
    assert (result.won_amount, result.lost_amount) == (Decimal("100000.00"), Decimal("100000.00"))
    assert result.win_rate == pytest.approx(0.2)
    assert result.lost_to == (("Rival A", 2), ("Rival B", 1))
    assert result.deals[-1].days_open == 59  # 1 January to 1 March
    assert result.deals[1].won_by == "Rival B"


def test_nothing_closed_has_no_win_rate(db: Database, account_id: int, deal: int) -> None:
    with db.session() as session:
        result = win_loss(session, account_id)
    assert (result.deals, result.win_rate, result.won_amount) == ((), None, Decimal(0))


def test_a_deleted_deal_takes_its_stage_history(db: Database, account_id: int, deal: int) -> None:
    with db.transaction() as session:
        delete_opportunity(session, deal)
    assert _history(db, deal) == []
    with db.session() as session:
        assert list_opportunities(session, account_id, dt.date(2026, 11, 23)) == []

"""The two processes: stage durations from a scripted history, and each warning with its known answer."""

from __future__ import annotations

import datetime as dt

import pytest

from accountplan.analysis.stages import (
    StageHistory,
    StageSpell,
    StageWarning,
    WarningKind,
    expected_buying,
    spells,
    stage_warnings,
)
from accountplan.model.enums import BuyingStage, SalesStage, Severity, StageProcess

TODAY = dt.date(2026, 4, 1)
D = dt.date
#: Reaching out 10 days, Initial meetings 20, Selling vision 10, then Qualification since 10 Feb: 50 days.
SALES = [
    ("reaching_out", D(2026, 1, 1)),
    ("initial_meetings", D(2026, 1, 11)),
    ("selling_vision", D(2026, 1, 31)),
    ("qualification", D(2026, 2, 10)),
]
QUIET = StageHistory(sales=(), buying=())


def _kinds(warnings: list[StageWarning]) -> list[WarningKind]:
    return [w.kind for w in warnings]


def test_each_spell_lasts_until_the_next_stage_and_the_current_one_until_today() -> None:
    found = spells(SALES, StageProcess.SALES, TODAY)
    assert [(s.stage, s.days, s.current) for s in found] == [
        (SalesStage.REACHING_OUT, 10, False),
        (SalesStage.INITIAL_MEETINGS, 20, False),
        (SalesStage.SELLING_VISION, 10, False),
        (SalesStage.QUALIFICATION, 50, True),
    ]
    assert found[0].left == D(2026, 1, 11)
    assert found[-1].left is None


def test_a_change_to_the_same_stage_continues_the_spell() -> None:
    changes = [("pain", D(2026, 3, 1)), ("pain", D(2026, 3, 10)), ("needs", D(2026, 3, 21))]
    assert spells(changes, StageProcess.BUYING, TODAY) == (
        StageSpell(BuyingStage.PAIN, D(2026, 3, 1), D(2026, 3, 21), 20),
        StageSpell(BuyingStage.NEEDS, D(2026, 3, 21), None, 11),
    )


@pytest.mark.parametrize(
    ("sales", "expected"),
    [
        (SalesStage.REACHING_OUT, (BuyingStage.CHANGE, BuyingStage.PAIN)),
        (SalesStage.DISCOVERY, (BuyingStage.NEEDS, BuyingStage.EVALUATE)),
        (SalesStage.PROPOSAL, (BuyingStage.EVALUATE, BuyingStage.DECIDE)),
        (SalesStage.NEGOTIATION, (BuyingStage.DECIDE, BuyingStage.PURCHASE)),
    ],
)
def test_each_sales_stage_expects_a_range_of_buying_stages(
    sales: SalesStage, expected: tuple[BuyingStage, BuyingStage]
) -> None:
    assert expected_buying(sales) == expected


def test_every_sales_stage_has_a_buying_range_in_order() -> None:
    for stage in SalesStage:
        low, high = expected_buying(stage)
        assert low.order <= high.order


def test_proposing_to_a_customer_still_defining_needs_is_misaligned() -> None:
    (warning,) = stage_warnings(SalesStage.PROPOSAL, BuyingStage.NEEDS, QUIET, 0, None, TODAY)
    assert warning.kind is WarningKind.MISALIGNED
    assert warning.severity is Severity.HIGH  # two stages short of Evaluate
    assert warning.text.startswith("We are at Proposal while the customer is still at Needs defined")


def test_a_customer_ahead_of_us_is_misaligned_too() -> None:
    (warning,) = stage_warnings(SalesStage.INITIAL_MEETINGS, BuyingStage.EVALUATE, QUIET, 0, None, TODAY)
    assert warning.kind is WarningKind.MISALIGNED
    assert warning.text.startswith(
        "The customer is already at Evaluate while we are still at Initial meetings"
    )
    (one_off,) = stage_warnings(SalesStage.INITIAL_MEETINGS, BuyingStage.NEEDS, QUIET, 0, None, TODAY)
    assert one_off.severity is Severity.MEDIUM  # one stage past Pain


@pytest.mark.parametrize(
    ("sales", "buying"),
    [
        (SalesStage.PROPOSAL, BuyingStage.EVALUATE),
        (SalesStage.PROPOSAL, BuyingStage.DECIDE),
        (SalesStage.REACHING_OUT, BuyingStage.CHANGE),
        (SalesStage.DEMONSTRATION, BuyingStage.SEARCH),
    ],
)
def test_processes_in_step_are_not_warned(sales: SalesStage, buying: BuyingStage) -> None:
    assert stage_warnings(sales, buying, QUIET, 0, None, TODAY) == []


def test_a_stage_lasting_more_than_twice_the_usual_is_stuck() -> None:
    history = StageHistory(sales=spells(SALES, StageProcess.SALES, TODAY), buying=())
    (warning,) = stage_warnings(SalesStage.QUALIFICATION, BuyingStage.NEEDS, history, 0, None, TODAY)
    assert warning.kind is WarningKind.STUCK
    assert warning.severity is Severity.MEDIUM
    assert warning.text == (
        "The deal has been at Qualification for 50 days, more than 2 times the usual 10 days of the earlier stages."
    )


def _history(current_days: int, completed: list[int], process: StageProcess) -> StageHistory:
    stages = list(SalesStage if process is StageProcess.SALES else BuyingStage)
    changes, day = [], D(2026, 1, 1)
    for index, days in enumerate([*completed, current_days]):
        changes.append((stages[index].value, day))
        day += dt.timedelta(days=days)
    today = changes[-1][1] + dt.timedelta(days=current_days)
    own = spells(changes, process, today)
    return StageHistory(sales=own, buying=()) if process is StageProcess.SALES else StageHistory((), own)


@pytest.mark.parametrize(
    ("current", "completed", "stuck"),
    [
        (61, [30, 30], True),  # more than twice 30
        (60, [30, 30], False),  # exactly twice is not more
        (29, [5, 5], False),  # under 30 days, however long compared to 5
        (30, [5, 5, 40], True),  # median 5
        (200, [10], False),  # one completed stage is too few to compare
    ],
)
def test_stuck_needs_thirty_days_and_twice_the_median(
    current: int, completed: list[int], stuck: bool
) -> None:
    history = _history(current, completed, StageProcess.SALES)
    today = history.sales[-1].entered + dt.timedelta(days=current)
    assert history.sales[-1].days == current
    found = stage_warnings(SalesStage.REACHING_OUT, BuyingStage.CHANGE, history, 0, None, today)
    assert _kinds(found) == ([WarningKind.STUCK] if stuck else [])


def test_the_customers_process_can_be_stuck_too() -> None:
    history = _history(95, [10, 20, 30], StageProcess.BUYING)
    today = history.buying[-1].entered + dt.timedelta(days=95)
    (warning,) = stage_warnings(SalesStage.DISCOVERY, BuyingStage.SEARCH, history, 0, None, today)
    assert warning.kind is WarningKind.STUCK
    assert warning.severity is Severity.HIGH  # 90 days or more
    assert warning.text.startswith("The customer has been at Search for a solution for 95 days")


def test_a_close_pushed_twice_is_warned_with_the_last_move() -> None:
    assert stage_warnings(SalesStage.REACHING_OUT, BuyingStage.CHANGE, QUIET, 1, None, TODAY) == []
    last = (D(2027, 1, 31), D(2027, 3, 31))
    (warning,) = stage_warnings(SalesStage.REACHING_OUT, BuyingStage.CHANGE, QUIET, 3, last, TODAY)
    assert warning == StageWarning(
        WarningKind.CLOSE_PUSHED,
        Severity.MEDIUM,
        "The expected close has been pushed 3 times, last from 31 Jan 2027 to 31 Mar 2027.",
    )
    (often,) = stage_warnings(SalesStage.REACHING_OUT, BuyingStage.CHANGE, QUIET, 4, last, TODAY)
    assert often.severity is Severity.HIGH


def test_closed_deals_get_no_warning() -> None:
    history = StageHistory(sales=spells(SALES, StageProcess.SALES, TODAY), buying=())
    last = (D(2027, 1, 31), D(2027, 3, 31))
    assert stage_warnings(SalesStage.CLOSED, BuyingStage.CHANGE, history, 5, last, TODAY) == []
    open_deal = stage_warnings(SalesStage.QUALIFICATION, BuyingStage.CHANGE, history, 5, last, TODAY)
    assert _kinds(open_deal) == [WarningKind.MISALIGNED, WarningKind.STUCK, WarningKind.CLOSE_PUSHED]

"""Fiscal quarters: where the year starts, how quarters are named, and which quarter a day falls in."""

from __future__ import annotations

import datetime as dt

import pytest

from accountplan.analysis.quarters import fiscal_quarters, quarter_of

D = dt.date


def test_a_january_year_runs_with_the_calendar_and_is_named_by_its_year() -> None:
    quarters = fiscal_quarters(1, D(2026, 11, 23))
    assert len(quarters) == 12
    assert [(q.index, q.label, q.fiscal_year, q.start, q.end) for q in quarters[:2]] == [
        (0, "Q1", "FY2026", D(2026, 1, 1), D(2026, 3, 31)),
        (1, "Q2", "FY2026", D(2026, 4, 1), D(2026, 6, 30)),
    ]
    last = quarters[-1]
    assert (last.label, last.fiscal_year, last.start, last.end) == (
        "Q4",
        "FY2028",
        D(2028, 10, 1),
        D(2028, 12, 31),
    )
    assert [q.title for q in quarters[3:5]] == ["Q4 FY2026", "Q1 FY2027"]


def test_an_april_year_starts_in_the_previous_calendar_year_before_april() -> None:
    quarters = fiscal_quarters(4, D(2026, 2, 10), count=8)
    assert quarters[0].start == D(2025, 4, 1)
    assert [q.title for q in quarters] == [
        "Q1 FY2025/26",
        "Q2 FY2025/26",
        "Q3 FY2025/26",
        "Q4 FY2025/26",
        "Q1 FY2026/27",
        "Q2 FY2026/27",
        "Q3 FY2026/27",
        "Q4 FY2026/27",
    ]
    assert (quarters[3].start, quarters[3].end) == (D(2026, 1, 1), D(2026, 3, 31))


def test_an_october_year_starting_today_begins_today() -> None:
    quarters = fiscal_quarters(10, D(2026, 10, 1))
    assert [(q.title, q.start, q.end) for q in quarters[:2]] == [
        ("Q1 FY2026/27", D(2026, 10, 1), D(2026, 12, 31)),
        ("Q2 FY2026/27", D(2027, 1, 1), D(2027, 3, 31)),
    ]
    assert quarters[-1].end == D(2029, 9, 30)
    # the day before, the fiscal year is the previous one
    assert fiscal_quarters(10, D(2026, 9, 30))[0].title == "Q1 FY2025/26"


def test_a_quarter_ending_in_february_ends_on_the_29th_in_a_leap_year() -> None:
    quarters = fiscal_quarters(12, D(2027, 12, 5))
    assert (quarters[0].start, quarters[0].end) == (D(2027, 12, 1), D(2028, 2, 29))
    assert quarters[4].end == D(2029, 2, 28)
    assert fiscal_quarters(11, D(2098, 12, 1))[4].fiscal_year == "FY2099/00"


def test_quarter_of_finds_the_quarter_and_nothing_outside() -> None:
    quarters = fiscal_quarters(1, D(2026, 11, 23))
    assert quarter_of(quarters, D(2026, 1, 1)) == 0
    assert quarter_of(quarters, D(2026, 3, 31)) == 0
    assert quarter_of(quarters, D(2026, 4, 1)) == 1
    assert quarter_of(quarters, D(2028, 12, 31)) == 11
    assert quarter_of(quarters, D(2025, 12, 31)) is None
    assert quarter_of(quarters, D(2029, 1, 1)) is None


def test_a_month_outside_the_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="1 to 12"):
        fiscal_quarters(13, D(2026, 1, 1))

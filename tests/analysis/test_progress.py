"""The account's progress over time, in one walk back through the change log, against each day rebuilt (#18)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.org_history import History, build_history, graphs_state

from accountplan.analysis.as_of import graphs_as_of, past_accounts
from accountplan.analysis.progress import default_days, measure, month_ends, progress_series
from accountplan.store.database import Database

TODAY = dt.date.today()
FIRST = TODAY - dt.timedelta(days=10)


@pytest.fixture
def history(db: Database, tmp_path: Path) -> History:
    return build_history(db, tmp_path, FIRST)


def test_the_series_equals_each_day_rebuilt_alone(db: Database, history: History) -> None:
    days = [*history.days, TODAY]
    with db.session() as session:
        series = progress_series(session, history.account_id, days)
        assert [point.day for point in series] == days
        for point in series:
            alone = measure(graphs_as_of(session, history.account_id, point.day), point.day)
            assert point == alone, point.day
        # The one walk gives each day's whole state, not only its measures.
        for past in past_accounts(session, history.account_id, days):
            assert graphs_state(past.graphs) == graphs_state(
                graphs_as_of(session, history.account_id, past.day)
            )
    # The history moves the lines: people join, one is covered, stances turn.
    assert series[0].people < series[-1].people
    assert len({(p.champions, p.detractors, p.decisive_covered, p.covered_influence) for p in series}) > 1
    assert all(0.0 <= point.influence_share <= 1.0 for point in series)


def test_the_default_days_are_month_ends_then_today_from_the_first_day(
    db: Database, history: History
) -> None:
    ends = month_ends(dt.date(2026, 3, 14))
    assert ends[0] == dt.date(2025, 3, 31) and ends[1] == dt.date(2025, 4, 30)
    assert ends[-2] == dt.date(2026, 2, 28) and ends[-1] == dt.date(2026, 3, 14) and len(ends) == 13
    with db.session() as session:
        days = default_days(session, history.account_id, TODAY)
        # The account is ten days old: its lines start on its first day and end today.
        assert days[0] == FIRST and days[-1] == TODAY
        assert all(day >= FIRST for day in days)
        series = progress_series(session, history.account_id, [FIRST - dt.timedelta(days=5), TODAY])
        assert [point.day for point in series] == [TODAY]  # a day before the account is left out

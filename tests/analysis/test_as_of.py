"""The account as it was on a past day, rebuilt from the change log, against the plan exported that day (#18)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.org_history import History, build_history, graphs_state

from accountplan.analysis import org_changes as kinds
from accountplan.analysis.as_of import graphs_as_of, past_account
from accountplan.analysis.org_changes import changes_between, default_since
from accountplan.errors import Refused
from accountplan.store.database import Database

TODAY = dt.date.today()
FIRST = TODAY - dt.timedelta(days=10)


@pytest.fixture
def history(db: Database, tmp_path: Path) -> History:
    return build_history(db, tmp_path, FIRST)


def test_every_day_is_rebuilt_as_the_plan_exported_that_day(db: Database, history: History) -> None:
    with db.session() as session:
        for day in history.days:
            past = past_account(session, history.account_id, day)
            assert graphs_state(past.graphs) == history.exported[day], day
            assert past.notes == []
        # A day between the last edit and today is the last day's state; today is today's.
        assert (
            graphs_state(graphs_as_of(session, history.account_id, TODAY))
            == history.exported[history.days[-1]]
        )


def test_the_deleted_person_comes_back_with_their_manager_roles_and_coverage(
    db: Database, history: History
) -> None:
    with db.session() as session:
        day2 = graphs_state(graphs_as_of(session, history.account_id, history.days[2]))
        day3 = graphs_state(graphs_as_of(session, history.account_id, history.days[3]))
    assert day2["people"]["Ken"] == (
        "Director",
        "Mira",
        frozenset({"technical_evaluator"}),
        "neutral",
        3,
        False,
    )
    assert "Ken" not in day3["people"]
    assert day2["people"]["Aiko"][5] is False and day3["people"]["Aiko"][5] is True


def test_a_day_before_the_account_or_in_the_future_is_refused(db: Database, history: History) -> None:
    with db.session() as session:
        with pytest.raises(Refused, match="did not exist yet on .*its plan starts on"):
            past_account(session, history.account_id, FIRST - dt.timedelta(days=1))
        with pytest.raises(Refused, match="in the future"):
            past_account(session, history.account_id, TODAY + dt.timedelta(days=1))


def test_what_the_log_cannot_rebuild_is_said(db: Database, history: History) -> None:
    """A deletion logged before deletions recorded their rows: the person is left out, and it is said."""
    from sqlalchemy import update

    from accountplan.model import ChangeLogEntry
    from accountplan.model.enums import ChangeKind

    with db.transaction(audit=False) as session:
        session.execute(
            update(ChangeLogEntry)
            .where(ChangeLogEntry.kind == ChangeKind.DELETED, ChangeLogEntry.entity_type == "stakeholders")
            .values(old_value=None)
        )
    with db.session() as session:
        past = past_account(session, history.account_id, history.days[2])
    assert "Ken" not in {p.name for p in past.graphs.people.values()}
    assert any("'Ken' was deleted on" in note and "not shown" in note for note in past.notes)


def test_changes_between_two_days(db: Database, history: History) -> None:
    d = history.days
    with db.session() as session:
        found = changes_between(session, history.account_id, d[0], d[5])
        assert default_since(session, history.account_id, TODAY) == d[2]
        first_days = changes_between(session, history.account_id, d[0], d[2])
    listed = [(c.kind, c.person, c.before, c.after, c.co_seller) for c in found.changes]
    assert listed == [
        (kinds.JOINED, "Lena", "", "Head of Procurement", ""),
        (kinds.JOINED, "Olaf Berg", "", "Head of IT", ""),
        (kinds.JOINED, "Ute Kern", "", "Architect", ""),
        (kinds.LEFT, "Aiko", "active", f"departed {d[3].isoformat()}", ""),
        (kinds.LEFT, "Ken", "active", "deleted", ""),
        (kinds.STANCE, "Aiko", "Neutral", "Skeptic", ""),
        (kinds.STANCE, "Mira", "Neutral", "Champion / Advocate", ""),
        (kinds.INFLUENCE, "Aiko", "3", "5", ""),
        (kinds.COVERAGE_GAINED, "Mira", "none", "Strong", "Pia"),
        (kinds.COVERAGE_LOST, "Aiko", "Working", "Brief", "Sam"),
    ]
    assert found.notes == []
    early = [
        (c.kind, c.person, c.before, c.after)
        for c in first_days.changes
        if c.kind in (kinds.TITLE, kinds.MANAGER)
    ]
    assert early == [(kinds.TITLE, "Ken", "Manager", "Director"), (kinds.MANAGER, "Ken", "Aiko", "Mira")]

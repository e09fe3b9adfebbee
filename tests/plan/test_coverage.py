"""Coverage: one cell of the matrix at a time, one owner per stakeholder, and every change undoable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from accountplan.errors import Refused
from accountplan.model import ChangeLogEntry, Coverage
from accountplan.model.enums import ChangeKind, CoSellerRole, RelationshipStrength
from accountplan.plan.coverage import restore_coverage, set_coverage, touch
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
NONE, BRIEF, WORKING, STRONG, TRUSTED = RelationshipStrength
Cells = set[tuple[str, str, str, bool, dt.date | None]]


@pytest.fixture
def people(db: Database, account_id: int) -> dict[str, int]:
    with db.transaction() as session:
        ids = {
            "marcus": add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE),
            "lars": add_co_seller(session, "Lars Pettersson", CoSellerRole.SOLUTION_CONSULTANT),
            "outsider": add_co_seller(session, "Olga Outsider", CoSellerRole.PARTNER),
            "inoue": add_stakeholder(session, account_id, "井上 大輔"),
        }
        join_team(session, account_id, ids["marcus"])
        join_team(session, account_id, ids["lars"])
    return ids


def _cells(db: Database) -> Cells:
    with db.session() as session:
        return {
            (r.co_seller.name, r.stakeholder.name, r.strength.value, r.is_owner, r.last_touched)
            for r in session.scalars(select(Coverage))
        }


def test_setting_a_cell_creates_changes_and_removes_the_relationship(
    db: Database, people: dict[str, int]
) -> None:
    marcus, inoue = people["marcus"], people["inoue"]
    with db.transaction() as session:
        assert set_coverage(session, marcus, inoue, BRIEF, last_touched=dt.date(2026, 9, 1)) == {}
    assert _cells(db) == {("Marcus Lindqvist", "井上 大輔", "brief", False, dt.date(2026, 9, 1))}
    with db.transaction() as session:
        previous = set_coverage(session, marcus, inoue, WORKING, note="Met at the summit")
    assert previous == {"strength": BRIEF, "is_owner": False, "last_touched": dt.date(2026, 9, 1), "note": ""}
    assert _cells(db) == {("Marcus Lindqvist", "井上 大輔", "working", False, dt.date(2026, 9, 1))}
    with db.transaction() as session:
        removed = set_coverage(session, marcus, inoue, NONE)
    assert removed["strength"] is WORKING and _cells(db) == set()
    with db.transaction() as session:
        restore_coverage(session, marcus, inoue, removed)
    assert _cells(db) == {("Marcus Lindqvist", "井上 大輔", "working", False, dt.date(2026, 9, 1))}


def test_one_owner_per_stakeholder_and_undo_gives_ownership_back(
    db: Database, people: dict[str, int]
) -> None:
    marcus, lars, inoue = people["marcus"], people["lars"], people["inoue"]
    with db.transaction() as session:
        set_coverage(session, lars, inoue, STRONG, is_owner=True)
        set_coverage(session, marcus, inoue, BRIEF)
    before = _cells(db)
    with db.transaction() as session:
        previous = set_coverage(session, marcus, inoue, WORKING, is_owner=True)
    assert previous["cleared_owners"] == [lars]
    assert _cells(db) == {
        ("Lars Pettersson", "井上 大輔", "strong", False, None),
        ("Marcus Lindqvist", "井上 大輔", "working", True, None),
    }
    with db.transaction() as session:
        restore_coverage(session, marcus, inoue, previous)
    assert _cells(db) == before


def test_a_new_owner_who_had_no_relationship_is_undone_completely(
    db: Database, people: dict[str, int]
) -> None:
    marcus, lars, inoue = people["marcus"], people["lars"], people["inoue"]
    with db.transaction() as session:
        set_coverage(session, lars, inoue, WORKING, is_owner=True)
    before = _cells(db)
    with db.transaction() as session:
        previous = set_coverage(session, marcus, inoue, TRUSTED, is_owner=True)
    assert previous == {"cleared_owners": [lars]}  # no relationship before: undo removes it
    with db.transaction() as session:
        restore_coverage(session, marcus, inoue, previous)
    assert _cells(db) == before


def test_only_the_deal_team_covers_stakeholders(
    db: Database, people: dict[str, int], table_counts: Counts
) -> None:
    counts = table_counts()
    with (
        db.transaction() as session,
        pytest.raises(Refused, match="Olga Outsider is not on this account's deal team"),
    ):
        set_coverage(session, people["outsider"], people["inoue"], WORKING)
    assert table_counts() == counts


def test_touching_a_relationship_dates_it_and_the_log_names_who_covers_whom(
    db: Database, people: dict[str, int]
) -> None:
    with db.transaction() as session:
        set_coverage(session, people["lars"], people["inoue"], WORKING, last_touched=dt.date(2026, 8, 1))
    with db.session() as session:
        coverage_id = session.scalar(select(Coverage.id))
        assert coverage_id is not None
    with db.transaction() as session:
        assert touch(session, coverage_id, dt.date(2026, 11, 20)) == dt.date(2026, 8, 1)
    with db.transaction() as session:
        set_coverage(session, people["lars"], people["inoue"], NONE)
    assert _cells(db) == set()
    with db.session() as session:
        labels = [
            (e.kind, e.entity_label)
            for e in session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity_type == "coverage"))
        ]
    assert set(labels) == {
        (ChangeKind.CREATED, "Lars Pettersson – 井上 大輔"),
        (ChangeKind.UPDATED, "Lars Pettersson – 井上 大輔"),
        (ChangeKind.DELETED, "Lars Pettersson – 井上 大輔"),
    }

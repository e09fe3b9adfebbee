"""The change log in a seller's words, filtered and read page by page, on real SQLite files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from accountplan.analysis.change_log import (
    ChangeFilter,
    RecordRef,
    change_authors,
    change_page,
    changed_kinds,
    count_changes,
    days_between,
)
from accountplan.analysis.change_words import entity_word, field_label, in_words
from accountplan.model import ChangeLogEntry
from accountplan.model.enums import ActionStatus, BuyingRole, ChangeKind, CoSellerRole, RelationshipStrength
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action, update_action
from accountplan.plan.coverage import set_coverage
from accountplan.plan.opportunities import add_opportunity, update_opportunity
from accountplan.plan.stakeholders import (
    add_stakeholder,
    delete_stakeholder,
    mark_departed,
    set_manager,
    set_roles,
    update_stakeholder,
)
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database


@contextmanager
def at(db: Database, when: str, user: str = "Marcus Lindqvist") -> Iterator[Session]:
    """A transaction whose changes the log dates ``when`` (UTC) and credits to ``user``."""
    with db.transaction() as session:
        session.info["now"] = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        session.info["user"] = user
        yield session


@pytest.fixture
def plan(db: Database) -> dict[str, int]:
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Shirokane Nordhaven Holdings")
        ids = {"account": account}
        ids["aiko"] = add_stakeholder(session, account, "Aiko Tanaka", title="CIO")
        ids["hiroshi"] = add_stakeholder(session, account, "Hiroshi Kaiyō", title="CEO", influence=5)
        ids["ken"] = add_stakeholder(session, account, "Ken Sato", title="COO")
        ids["lars"] = add_co_seller(session, "Lars Pettersson", CoSellerRole.SOLUTION_CONSULTANT)
        join_team(session, account, ids["lars"])
        ids["deal"] = add_opportunity(session, account, "Project Tsubasa", amount=Decimal("1250000"))
        ids["pilot"] = add_action(session, account, "Send the pilot results", due=dt.date(2026, 11, 10))
    with at(db, "2026-10-02T09:00") as session:
        set_manager(session, ids["aiko"], ids["ken"])
    with at(db, "2026-10-03T09:00", user="Chloé Martin") as session:
        set_manager(session, ids["aiko"], ids["hiroshi"])
        update_action(session, ids["pilot"], status=ActionStatus.IN_PROGRESS)
    with at(db, "2026-10-04T09:00") as session:
        update_action(session, ids["pilot"], status=ActionStatus.DONE)
        update_opportunity(session, ids["deal"], expected_close=dt.date(2027, 3, 31))
        set_roles(session, ids["hiroshi"], {BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER})
        set_coverage(session, ids["lars"], ids["aiko"], RelationshipStrength.WORKING, is_owner=True)
    with at(db, "2026-10-05T09:00") as session:
        mark_departed(session, ids["ken"], dt.date(2026, 10, 5))
    return ids


def _changes(db: Database, account: int, wanted: ChangeFilter = ChangeFilter()) -> list[str]:  # noqa: B008
    with db.session() as session:
        return [
            f"{line.what} · {line.item} · {line.change}" for line in change_page(session, account, wanted)
        ]


def test_every_change_reads_in_words(db: Database, plan: dict[str, int]) -> None:
    changes = _changes(db, plan["account"])
    assert "Action · Send the pilot results · Status: In progress → Done" in changes
    assert "Action · Send the pilot results · Status: Open → In progress" in changes
    assert "Stakeholder · Aiko Tanaka · Reports to: Ken Sato → Hiroshi Kaiyō" in changes
    assert "Stakeholder · Aiko Tanaka · Reports to: — → Ken Sato" in changes
    assert "Opportunity · Project Tsubasa · Expected close: — → 31 Mar 2027" in changes
    assert "Stakeholder · Hiroshi Kaiyō · Buying roles: — → Decision maker, Economic buyer" in changes
    assert "Stakeholder · Ken Sato · Status: Active → Departed" in changes
    assert "Stakeholder · Ken Sato · Left on: — → 5 Oct 2026" in changes
    assert "Coverage · Lars Pettersson – Aiko Tanaka · Added" in changes
    assert "Opportunity · Project Tsubasa · Added" in changes
    assert not any("opportunitie" in line or "in_progress" in line or "_id" in line for line in changes)


def test_the_newest_comes_first_with_who_and_when(db: Database, plan: dict[str, int]) -> None:
    with db.session() as session:
        lines = change_page(session, plan["account"])
    assert [line.at for line in lines] == sorted((line.at for line in lines), reverse=True)
    first = lines[0]
    assert (first.user, first.change) == ("Marcus Lindqvist", "Left on: — → 5 Oct 2026")
    assert first.record == RecordRef("stakeholders", plan["ken"], "Ken Sato")


def test_a_reference_to_someone_deleted_since_keeps_their_last_name(
    db: Database, plan: dict[str, int]
) -> None:
    with at(db, "2026-10-06T09:00") as session:
        set_manager(session, plan["aiko"], None)
        set_manager(session, plan["ken"], None)
        delete_stakeholder(session, plan["hiroshi"], force=True)
    changes = _changes(db, plan["account"], ChangeFilter(entity_type="stakeholders", entity_id=plan["aiko"]))
    assert changes[:3] == [
        "Stakeholder · Aiko Tanaka · Reports to: Hiroshi Kaiyō → —",
        "Stakeholder · Aiko Tanaka · Reports to: Ken Sato → Hiroshi Kaiyō",
        "Stakeholder · Aiko Tanaka · Reports to: — → Ken Sato",
    ]


def test_booleans_amounts_and_months_read_as_a_seller_writes_them() -> None:
    assert (
        in_words("coverage", "updated", "is_owner", "false", "true").change
        == "Owns the relationship: no → yes"
    )
    assert in_words("opportunities", "updated", "amount", "1250000.00", "980000.50").change == (
        "Amount: 1,250,000 → 980,000.50"
    )
    assert in_words("accounts", "updated", "fiscal_year_start_month", "1", "4").change == (
        "Fiscal year starts in: January → April"
    )
    assert in_words("deal_team_members", "updated", "active", "true", "false").change == (
        "On the deal team: yes → no"
    )
    assert entity_word("opportunities") == "Opportunity"
    assert entity_word("meddpicc_items") == "MEDDPICC item"
    assert field_label("opportunities", "expected_close") == "Expected close"


def test_values_another_program_wrote_are_shown_as_written(db: Database, plan: dict[str, int]) -> None:
    odd = [
        ("opportunities", plan["deal"], "Project Tsubasa", "expected_close", "2027-03-31", "soon"),
        ("actions", plan["pilot"], "Send the pilot results", "status", "open", "maybe"),
        ("coverage", 1, "Lars – Aiko", "strength", "working", "best friends"),
        ("stakeholders", plan["aiko"], "Aiko Tanaka", "reports_to_id", "the boss", "99999"),
        ("stakeholders", plan["aiko"], "Aiko Tanaka", "reports_to_id", "99999999999999999999", "-1"),
        ("stakeholders", plan["aiko"], "Aiko Tanaka", "reports_to_id", "²", "３"),
        ("stakeholders", plan["aiko"], "Aiko Tanaka", "roles", "champion, kingmaker", ""),
        ("widgets", 7, "Sprocket", "colour_id", "1", "2"),
        ("stakeholders", plan["aiko"], "Aiko Tanaka", "mood", "calm", "\x00tense\n\n"),
    ]
    with db.transaction() as session:
        session.execute(
            insert(ChangeLogEntry),
            [
                {
                    "account_id": plan["account"],
                    "at": dt.datetime(2026, 12, 1, 9, minute, tzinfo=dt.UTC),
                    "user": "CRM sync",
                    "kind": ChangeKind.UPDATED,
                    "entity_type": table,
                    "entity_id": row_id,
                    "entity_label": label,
                    "field": field,
                    "old_value": old,
                    "new_value": new,
                }
                for minute, (table, row_id, label, field, old, new) in enumerate(odd)
            ],
        )
    changes = _changes(db, plan["account"], ChangeFilter(user="CRM sync"))
    assert changes == [
        "Stakeholder · Aiko Tanaka · Mood: calm → tense",
        "widgets · Sprocket · Colour: 1 → 2",
        "Stakeholder · Aiko Tanaka · Buying roles: Champion, kingmaker → —",
        "Stakeholder · Aiko Tanaka · Reports to: ² → ３",
        "Stakeholder · Aiko Tanaka · Reports to: 99999999999999999999 → -1",
        "Stakeholder · Aiko Tanaka · Reports to: the boss → Stakeholder 99999 (no longer in the plan)",
        "Coverage · Lars – Aiko · Strength: Working → best friends",
        "Action · Send the pilot results · Status: Open → maybe",
        "Opportunity · Project Tsubasa · Expected close: 31 Mar 2027 → soon",
    ]


def test_filters_by_who_what_record_and_days(db: Database, plan: dict[str, int]) -> None:
    account = plan["account"]
    assert _changes(db, account, ChangeFilter(user="Chloé Martin")) == [
        "Action · Send the pilot results · Status: Open → In progress",
        "Stakeholder · Aiko Tanaka · Reports to: Ken Sato → Hiroshi Kaiyō",
    ]
    actions = _changes(db, account, ChangeFilter(entity_type="actions"))
    assert actions and all(line.startswith("Action · ") for line in actions)
    assert {line.split(" · ")[1] for line in _changes(db, account, ChangeFilter(record_text="tanaka"))} == {
        "Aiko Tanaka",
        "Lars Pettersson – Aiko Tanaka",
    }
    assert _changes(db, account, ChangeFilter(record_text="100%_")) == []
    since, until = days_between(dt.date(2026, 10, 3), dt.date(2026, 10, 3))
    assert since is not None and until is not None and until - since == dt.timedelta(days=1)
    since, until = (dt.datetime(2026, 10, 3, tzinfo=dt.UTC), dt.datetime(2026, 10, 4, tzinfo=dt.UTC))
    assert len(_changes(db, account, ChangeFilter(since=since, until=until))) == 2
    with db.session() as session:
        assert change_authors(session, account) == ["Chloé Martin", "Marcus Lindqvist"]
        kinds = changed_kinds(session, account)
        assert ("opportunities", "Opportunity") in kinds and ("stakeholders", "Stakeholder") in kinds
        assert count_changes(session, account, ChangeFilter(user="Chloé Martin")) == 2


def test_pages_follow_each_other_without_a_cap_or_a_gap(db: Database) -> None:
    with at(db, "2026-10-01T09:00") as session:
        account = create_account(session, "Hoshino Logistics")
        person = add_stakeholder(session, account, "Aiko Tanaka")
    for step in range(2500):  # many changes in the same second: the id orders them
        with at(db, f"2026-10-{2 + step // 1000:02d}T09:00") as session:
            update_stakeholder(session, person, title=f"Title {step}")
    seen: list[int] = []
    with db.session() as session:
        total = count_changes(session, account)
        page = change_page(session, account, limit=300)
        while page:
            seen += [line.id for line in page]
            page = change_page(session, account, after=page[-1].position, limit=300)
    assert total == len(seen) == len(set(seen)) == 2502  # the account, the person, 2,500 titles
    with db.session() as session:
        last = change_page(
            session, account, ChangeFilter(entity_type="stakeholders", entity_id=person), limit=1
        )
    assert last[0].change == "Title: Title 2498 → Title 2499"

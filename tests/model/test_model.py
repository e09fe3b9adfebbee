"""The data model: it matches the migrations, stores values exactly, and the database keeps its rules."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select
from sqlalchemy.exc import IntegrityError, StatementError

from accountplan.errors import EditConflict
from accountplan.interchange.plancodec import SECTIONS
from accountplan.model import (
    Account,
    Action,
    Base,
    CoSeller,
    DealTeamMember,
    DecisionDependency,
    DecisionStep,
    InfluenceLink,
    MeddpiccItem,
    Opportunity,
    Stakeholder,
    StakeholderRole,
    WhitespaceCell,
)
from accountplan.model.enums import (
    AccountStatus,
    ActionStatus,
    BuyingRole,
    BuyingStage,
    CoSellerRole,
    MeddpiccLetter,
    RelationshipStrength,
    SalesStage,
    StakeholderStatus,
    Stance,
)
from accountplan.store.database import Database
from accountplan.store.migrations import alembic_config


@pytest.fixture
def account(db: Database) -> int:
    with db.transaction() as session:
        account = Account(name="Acme")
        session.add(account)
        session.flush()
        return account.id


def _raw(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


# --- the schema ---------------------------------------------------------------------------------------


def test_the_migrations_build_exactly_the_schema_of_the_model(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite'}")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_every_table_of_an_account_goes_into_the_plan_file() -> None:
    in_file = {entity.__tablename__ for entity in SECTIONS} | {Account.__tablename__}
    assert in_file == set(Base.metadata.tables)


# --- values -------------------------------------------------------------------------------------------


def test_enumerations_are_stored_as_their_values(db: Database, db_path: Path, account: int) -> None:
    with db.transaction() as session:
        person = Stakeholder(account_id=account, name="Aiko", stance=Stance.DETRACTOR)
        session.add(person)
        session.flush()
        session.add(
            StakeholderRole(account_id=account, stakeholder_id=person.id, role=BuyingRole.ECONOMIC_BUYER)
        )
    assert _raw(db_path, "SELECT stance, status FROM stakeholders") == [("detractor", "active")]
    assert _raw(db_path, "SELECT role FROM stakeholder_roles") == [("economic_buyer",)]
    with db.session() as session:
        stored = session.scalars(select(Stakeholder)).one()
        assert stored.stance is Stance.DETRACTOR
        assert stored.roles == {BuyingRole.ECONOMIC_BUYER}
        assert not stored.is_departed


def test_amounts_are_exact_to_the_cent(db: Database, db_path: Path, account: int) -> None:
    big = Decimal("12345678901234.56")
    with db.transaction() as session:
        session.add_all(
            [
                Opportunity(account_id=account, name="Big", amount=big),
                Opportunity(account_id=account, name="Sum", amount=Decimal("0.1") + Decimal("0.2")),
                Opportunity(account_id=account, name="Whole", amount=7),
                Opportunity(account_id=account, name="Unknown", amount=None),
            ]
        )
    with db.session() as session:
        amounts = {
            name: amount for name, amount in session.execute(select(Opportunity.name, Opportunity.amount))
        }
    assert amounts == {"Big": big, "Sum": Decimal("0.30"), "Whole": Decimal("7.00"), "Unknown": None}
    assert str(amounts["Whole"]) == "7.00"
    assert ("12345678901234.56",) in _raw(db_path, "SELECT amount FROM opportunities")


def test_times_are_stored_in_utc_and_come_back_aware(db: Database, account: int) -> None:
    tokyo = dt.timezone(dt.timedelta(hours=9))
    with db.transaction() as session:
        session.add(
            Action(account_id=account, title="Call", created_at=dt.datetime(2025, 1, 1, 9, 0, tzinfo=tokyo))
        )
    with db.session() as session:
        created = session.scalars(select(Action.created_at)).one()
    assert created == dt.datetime(2025, 1, 1, 0, 0, tzinfo=dt.UTC)
    assert created.utcoffset() == dt.timedelta(0)


def test_a_time_without_a_zone_is_refused(db: Database, account: int) -> None:
    with pytest.raises(StatementError, match="timezone-aware"), db.transaction() as session:
        session.add(Action(account_id=account, title="Call", created_at=dt.datetime(2025, 1, 1, 9, 0)))
        session.flush()


# --- the database's own rules -------------------------------------------------------------------------


def _refused(db: Database, *rows: Base) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        for row in rows:
            session.add(row)
            session.flush()


def test_the_database_refuses_values_out_of_range(db: Database, account: int) -> None:
    _refused(db, Stakeholder(account_id=account, name="Loud", influence=6))
    _refused(db, Opportunity(account_id=account, name="Sure thing", probability=101))
    with db.transaction() as session:
        deal = Opportunity(account_id=account, name="Deal")
        session.add(deal)
        session.flush()
        deal_id = deal.id
    _refused(
        db, MeddpiccItem(account_id=account, opportunity_id=deal_id, letter=MeddpiccLetter.METRICS, score=6)
    )
    with db.session() as session:
        assert session.scalars(select(Stakeholder)).all() == []
        assert session.scalars(select(MeddpiccItem)).all() == []


def test_links_to_oneself_and_duplicates_are_refused(db: Database, account: int) -> None:
    with db.transaction() as session:
        person = Stakeholder(account_id=account, name="Aiko")
        other = Stakeholder(account_id=account, name="Bo")
        step = DecisionStep(account_id=account, name="Security review")
        session.add_all([person, other, step])
        session.flush()
        session.add(StakeholderRole(account_id=account, stakeholder_id=person.id, role=BuyingRole.COACH))
        session.add(InfluenceLink(account_id=account, source_id=person.id, target_id=other.id))
    _refused(db, InfluenceLink(account_id=account, source_id=person.id, target_id=person.id))
    _refused(db, InfluenceLink(account_id=account, source_id=person.id, target_id=other.id))
    _refused(db, DecisionDependency(account_id=account, step_id=step.id, depends_on_id=step.id))
    _refused(db, StakeholderRole(account_id=account, stakeholder_id=person.id, role=BuyingRole.COACH))


def test_a_stale_edit_is_refused_instead_of_overwriting_a_newer_one(db: Database, account: int) -> None:
    with db.transaction() as session:
        person = Stakeholder(account_id=account, name="Aiko", title="Director")
        session.add(person)
    with db.session() as session:
        seen_by_window = session.get(Stakeholder, person.id)  # what one window shows
    assert seen_by_window is not None
    with db.transaction() as session:  # meanwhile, another edit is saved
        fresh = session.get(Stakeholder, person.id)
        assert fresh is not None
        fresh.title = "CIO"
    with pytest.raises(EditConflict, match="Aiko was changed by someone else"), db.transaction() as session:
        session.add(seen_by_window)
        seen_by_window.title = "VP"
    with db.session() as session:
        stored = session.get(Stakeholder, person.id)
        assert stored is not None and (stored.title, stored.version) == ("CIO", 2)


def test_deleting_a_manager_at_the_database_level_leaves_the_reports_without_one(
    db: Database, account: int
) -> None:
    with db.transaction() as session:
        boss = Stakeholder(account_id=account, name="Boss")
        session.add(boss)
        session.flush()
        report = Stakeholder(account_id=account, name="Report", reports_to_id=boss.id)
        session.add(report)
        session.flush()
        session.add(
            StakeholderRole(account_id=account, stakeholder_id=boss.id, role=BuyingRole.ECONOMIC_BUYER)
        )
    with db.transaction() as session:
        session.delete(session.get(Stakeholder, boss.id))
    with db.session() as session:
        stored = session.get(Stakeholder, report.id)
        assert stored is not None and stored.reports_to_id is None
        assert session.scalars(select(StakeholderRole)).all() == []


def test_a_whitespace_cell_is_unique_per_org_unit_and_product_line(db: Database, account: int) -> None:
    from accountplan.model import OrgUnit, ProductLine

    with db.transaction() as session:
        unit = OrgUnit(account_id=account, name="Finance")
        line = ProductLine(account_id=account, name="Analytics")
        session.add_all([unit, line])
        session.flush()
        session.add(WhitespaceCell(account_id=account, org_unit_id=unit.id, product_line_id=line.id))
    _refused(db, WhitespaceCell(account_id=account, org_unit_id=unit.id, product_line_id=line.id))


# --- the vocabulary -----------------------------------------------------------------------------------


def test_the_account_status_bins_read_as_in_the_domain() -> None:
    assert [status.label for status in AccountStatus] == [
        "Cold",
        "Working",
        "Nurture – active opportunity",
        "Nurture – check back quarterly",
        "Nurture – dead opportunity",
        "Avoid – current client",
        "Avoid – bad fit",
        "Avoid – duplicate",
    ]


def test_stances_run_from_champion_to_detractor() -> None:
    assert [(s.label, s.score) for s in Stance] == [
        ("Champion / Advocate", 2),
        ("Supporter", 1),
        ("Neutral", 0),
        ("Skeptic", -1),
        ("Detractor / Enemy", -2),
    ]


def test_the_two_processes_are_in_order() -> None:
    assert [s.order for s in SalesStage] == list(range(10))
    assert SalesStage.REACHING_OUT.label == "Reaching out"
    assert list(SalesStage)[-1] is SalesStage.CLOSED
    assert BuyingStage.PURCHASE.label == "Purchase (paper process)"
    assert BuyingStage.CHANGE.order == 0
    assert "".join(letter.letter for letter in MeddpiccLetter) == "MEDDPICC"
    assert (
        RelationshipStrength.NONE.rank
        < RelationshipStrength.WORKING.rank
        < RelationshipStrength.TRUSTED_ADVISOR.rank
    )


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("economic_buyer", BuyingRole.ECONOMIC_BUYER),
        ("Economic buyer", BuyingRole.ECONOMIC_BUYER),
        (" economic-buyer ", BuyingRole.ECONOMIC_BUYER),
        ("Champion / Advocate", Stance.CHAMPION),
        ("Nurture – check back quarterly", AccountStatus.NURTURE_QUARTERLY),
        ("SDR / BDR", CoSellerRole.SDR_BDR),
    ],
)
def test_enumerations_are_found_by_value_or_label(text: str, member: Any) -> None:
    assert type(member).from_text(text) is member


def test_an_unknown_enumeration_text_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="expected one of: champion, supporter"):
        Stance.from_text("friendly")


def test_an_action_is_overdue_only_when_open_and_past_due() -> None:
    today = dt.date(2025, 6, 15)
    yesterday = today - dt.timedelta(days=1)
    assert Action(title="a", due=yesterday, status=ActionStatus.OPEN).is_overdue(today)
    assert Action(title="b", due=yesterday, status=ActionStatus.IN_PROGRESS).is_overdue(today)
    assert not Action(title="c", due=today, status=ActionStatus.OPEN).is_overdue(today)
    assert not Action(title="d", due=yesterday, status=ActionStatus.DONE).is_overdue(today)
    assert not Action(title="e", due=yesterday, status=ActionStatus.CANCELLED).is_overdue(today)
    assert not Action(title="f", due=None, status=ActionStatus.OPEN).is_overdue(today)


def test_rows_have_a_readable_label(db: Database, account: int) -> None:
    with db.transaction() as session:
        seller = CoSeller(name="Sam Seller", role=CoSellerRole.SOLUTION_CONSULTANT)
        session.add(seller)
        session.flush()
        member = DealTeamMember(account_id=account, co_seller_id=seller.id)
        person = Stakeholder(account_id=account, name="田中 愛子", status=StakeholderStatus.DEPARTED)
        session.add_all([member, person])
        session.flush()
        assert member.label == "Sam Seller"
        assert person.label == "田中 愛子" and person.is_departed
        assert repr(person) == f"<Stakeholder {person.id} '田中 愛子'>"
        assert DecisionDependency(id=3).label == "DecisionDependency 3"

"""PostgreSQL is the same application: the migrations, the demo, and plans that export exactly as on SQLite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import MetaData, create_engine, func, select

from accountplan.interchange.demo import load_demo
from accountplan.interchange.planfile import export_account
from accountplan.model import Account, Coverage, Opportunity, Stakeholder, StakeholderRole
from accountplan.model.enums import RelationshipStrength
from accountplan.plan import actions, coverage, opportunities, stakeholders
from accountplan.store.database import Database
from accountplan.store.migrations import alembic_config, current_revision, head_revision

DAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


#: One row of each kind, as a version 0001 database held them (reflected tables: no model of today is used).
ROWS_AT_0001 = {
    "accounts": dict(
        name="Kaiyō Heavy Industries", industry="Shipbuilding", region="APAC", currency="JPY",
        fiscal_year_start_month=4, status="working", description="", vision="One platform",
        internal_notes="", created_at=NOW, version=1,
    ),
    "stakeholders": dict(
        account_id=1, name="田中 愛子", title="CIO", email="", phone="", location="", stance="champion",
        influence=5, business_results="", personal_wins="", concerns="", internal_notes="", status="active",
        position=0, created_at=NOW, version=1,
    ),
    "stakeholder_roles": dict(account_id=1, stakeholder_id=1, role="champion"),
}  # fmt: skip


def _database_at_0001(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
            schema = MetaData()
            schema.reflect(connection)
            for name, row in ROWS_AT_0001.items():
                connection.execute(schema.tables[name].insert(), [row])
    finally:
        engine.dispose()


def test_a_postgresql_database_at_0001_is_upgraded_to_the_newest_schema_with_its_data(pg_url: str) -> None:
    _database_at_0001(pg_url)
    with Database.open(pg_url) as database:
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
        assert "numbers_plans" in database.table_names()  # a table 0002 added
        with database.session() as session:
            person = session.scalars(select(Stakeholder)).one()
            assert (person.name, person.external_id) == ("田中 愛子", "")  # the column 0002 added
            assert session.scalars(select(StakeholderRole.role)).one().value == "champion"
        # New rows are numbered after the upgraded ones.
        with database.transaction() as session:
            new_id = stakeholders.add_stakeholder(session, 1, "Ольга Петрова")
        assert new_id == 2


def test_a_new_postgresql_database_is_created_at_the_newest_schema(pg_db: Database) -> None:
    with pg_db.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert "change_log" in pg_db.table_names()


def _edit_the_same_way(database: Database) -> int:
    """Load the demo and make the same edits (money, booleans, dates, text) on any database."""
    load_demo(database, DAY)
    with database.transaction() as session:
        session.info["now"] = NOW
        account_id = session.scalars(select(Account.id)).one()
        people = session.scalars(
            select(Stakeholder).where(Stakeholder.account_id == account_id).order_by(Stakeholder.id)
        ).all()
        stakeholders.update_stakeholder(
            session, people[0].id, title="Chief Digital Officer — 最高", influence=5
        )
        deal = session.scalars(select(Opportunity).order_by(Opportunity.id)).first()
        assert deal is not None
        opportunities.update_opportunity(session, deal.id, amount=Decimal("1234567.89"))
        cell = session.scalars(select(Coverage).order_by(Coverage.id)).first()
        assert cell is not None
        coverage.set_coverage(
            session, cell.co_seller_id, cell.stakeholder_id, RelationshipStrength.STRONG, is_owner=True
        )
        actions.add_action(session, account_id, "Send the pilot plan", due=DAY + dt.timedelta(days=3))
    return account_id


def test_a_plan_exported_from_postgresql_equals_the_same_plan_exported_from_sqlite(
    pg_db: Database, db: Database
) -> None:
    documents = []
    for database in (pg_db, db):
        account_id = _edit_the_same_way(database)
        with database.session() as session:
            documents.append(export_account(session, account_id))
    from_postgresql, from_sqlite = documents
    assert from_postgresql["stakeholders"] and from_postgresql["change_log"]
    assert any(row["amount"] == "1234567.89" for row in from_postgresql["opportunities"])
    assert from_postgresql == from_sqlite


def test_the_demo_loads_once_on_postgresql(pg_db: Database, tmp_path: Path) -> None:
    name, added = load_demo(pg_db, DAY)
    assert added
    assert load_demo(pg_db, DAY) == (name, False)
    with pg_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Stakeholder)) > 20

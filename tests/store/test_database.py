"""Opening a plan database: creation, pragmas, two writers, migrations, and the files it must refuse."""

from __future__ import annotations

import contextlib
import hashlib
import random
import sqlite3
import threading
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, event, func, select, text

from accountplan.errors import DatabaseDamaged, DatabaseTooNew, NotAnAccountPlanDatabase
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Base, Coverage, Stakeholder, StakeholderRole
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import BUSY_TIMEOUT_MS, Database
from accountplan.store.migrations import alembic_config, current_revision, head_revision


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sqlite(path: Path) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(path))


def _revision_in_file(path: Path) -> str:
    with _sqlite(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _filled_database(path: Path, people: int = 40) -> None:
    """A closed database file with one account and some people in it (several pages of data)."""
    with Database.open(path, user="tester") as database, database.transaction() as session:
        account = create_account(session, "Acme Corporation")
        for index in range(people):
            add_stakeholder(session, account, f"Person {index}", title="Director of things " * 10)


# --- a new database ---------------------------------------------------------------------------------


def test_a_new_database_has_every_table_and_is_stamped_at_head(db: Database, db_path: Path) -> None:
    assert db_path.is_file()
    assert set(Base.metadata.tables) <= set(db.table_names())
    assert "alembic_version" in db.table_names()
    with db.engine.connect() as connection:
        assert current_revision(connection) == head_revision()


def test_a_new_database_is_created_in_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "plan.sqlite"
    with Database.open(path) as database, database.transaction() as session:
        create_account(session, "Acme")
    assert path.is_file()
    assert _revision_in_file(path) == head_revision()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(db: Database, db_path: Path) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    # WAL is written into the file itself: any other program opening it sees it too.
    with _sqlite(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(Stakeholder(account_id=999, name="Nobody's person"))
        session.flush()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Stakeholder)) == 0


def test_a_url_opens_the_same_file_as_a_path(db_path: Path) -> None:
    with Database.open(db_path) as database, database.transaction() as session:
        create_account(session, "Acme")
    with Database.open(f"sqlite:///{db_path}") as database, database.session() as session:
        assert database.path == db_path
        assert session.scalars(select(Account.name)).all() == ["Acme"]


def test_the_user_of_the_database_defaults_to_the_environment(db_path: Path) -> None:
    with Database.open(db_path) as database:
        assert database.user == "tester"
    with Database.open(db_path, user="someone else") as database:
        assert database.user == "someone else"


def test_reopening_a_database_at_head_keeps_its_data_and_makes_no_backup(db_path: Path) -> None:
    _filled_database(db_path, people=3)
    with Database.open(db_path) as database, database.session() as session:
        assert session.scalar(select(func.count()).select_from(Stakeholder)) == 3
    assert not (db_path.parent / "backups").exists()


# --- two writers --------------------------------------------------------------------------------------


def test_a_second_writer_waits_for_the_first_instead_of_failing(db: Database, db_path: Path) -> None:
    with db.transaction() as session:
        account_id = create_account(session, "Acme")
    other = Database.open(db_path, user="colleague")
    second_is_starting = threading.Event()
    outcome: dict[str, object] = {}

    @event.listens_for(other.engine, "before_cursor_execute")
    def _announce(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            second_is_starting.set()

    def second_writer() -> None:
        try:
            with other.transaction() as session:
                session.add(Stakeholder(account_id=account_id, name="Written second"))
                session.flush()
                # The second transaction began after the first committed, so it sees the first's row.
                outcome["seen"] = session.scalars(select(Stakeholder.name).order_by(Stakeholder.id)).all()
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc

    try:
        with db.transaction() as session:
            session.add(Stakeholder(account_id=account_id, name="Written first"))
            session.flush()  # the write lock is now held
            thread = threading.Thread(target=second_writer)
            thread.start()
            assert second_is_starting.wait(timeout=30), "the second writer never tried to begin"
        thread.join(timeout=60)
        assert not thread.is_alive()
    finally:
        other.close()

    assert "error" not in outcome, f"second writer failed: {outcome.get('error')!r}"
    assert outcome["seen"] == ["Written first", "Written second"]
    with db.session() as session:
        names = session.scalars(select(Stakeholder.name).order_by(Stakeholder.id)).all()
    assert names == ["Written first", "Written second"]


def test_a_failed_transaction_writes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        create_account(session, "Acme")
        raise RuntimeError("power cut")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 0


# --- migrations -------------------------------------------------------------------------------------


def _database_at_0001(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO accounts (id, name, industry, region, currency, fiscal_year_start_month,"
                    " status, description, vision, internal_notes, created_at, version)"
                    " VALUES (1, 'Kaiyō Heavy Industries', 'Shipbuilding', 'APAC', 'JPY', 4, 'working',"
                    " '', 'One platform', '', '2024-01-02 03:04:05', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO stakeholders (id, account_id, name, title, email, phone, location, stance,"
                    " influence, business_results, personal_wins, concerns, internal_notes, status,"
                    " position, created_at, version)"
                    " VALUES (1, 1, '田中 愛子', 'CIO', '', '', '', 'champion', 5, '', '', '', '', 'active',"
                    " 0, '2024-01-02 03:04:05', 1),"
                    " (2, 1, 'Ольга Петрова', 'CFO', '', '', '', 'skeptic', 4, '', '', '', '', 'active',"
                    " 0, '2024-01-02 03:04:05', 1)"
                )
            )
            connection.execute(text("UPDATE stakeholders SET reports_to_id = 2 WHERE id = 1"))
            connection.execute(
                text(
                    "INSERT INTO stakeholder_roles (id, account_id, stakeholder_id, role)"
                    " VALUES (1, 1, 1, 'champion'), (2, 1, 2, 'economic_buyer')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO co_sellers (id, name, email, role, firm_kind, organisation, title, version)"
                    " VALUES (1, 'Sam Seller', 'sam@example.com', 'account_executive', 'ours', 'Us', '', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO coverage (id, account_id, co_seller_id, stakeholder_id, strength,"
                    " is_owner, note, version) VALUES (1, 1, 1, 1, 'strong', 1, '', 1)"
                )
            )
    finally:
        engine.dispose()


def test_an_older_database_is_backed_up_then_upgraded_with_its_data(db_path: Path) -> None:
    _database_at_0001(db_path)
    assert _revision_in_file(db_path) == "0001"

    with Database.open(db_path) as database:
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
        assert "numbers_plans" in database.table_names()
        with database.session() as session:
            people = session.scalars(select(Stakeholder).order_by(Stakeholder.id)).all()
            assert [p.name for p in people] == ["田中 愛子", "Ольга Петрова"]
            assert people[0].reports_to_id == 2
            assert [p.external_id for p in people] == ["", ""]  # the column 0002 added
            assert {r.role.value for r in session.scalars(select(StakeholderRole))} == {
                "champion",
                "economic_buyer",
            }
            assert session.scalar(select(func.count()).select_from(Coverage)) == 1
            assert session.scalars(select(Account.name)).all() == ["Kaiyō Heavy Industries"]

    backups = list((db_path.parent / "backups").glob("*before-upgrade-0001*.sqlite"))
    assert len(backups) == 1
    assert _revision_in_file(backups[0]) == "0001"
    with _sqlite(backups[0]) as conn:
        assert conn.execute("SELECT count(*) FROM stakeholders").fetchone()[0] == 2
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_pre_upgrade_backup_goes_where_it_is_asked(db_path: Path, tmp_path: Path) -> None:
    _database_at_0001(db_path)
    elsewhere = tmp_path / "safe"
    Database.open(db_path, backup_dir=elsewhere).close()
    assert [_revision_in_file(p) for p in elsewhere.glob("*.sqlite")] == ["0001"]
    assert _revision_in_file(db_path) == head_revision()


def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    _filled_database(db_path, people=2)
    with _sqlite(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    before = _digest(db_path)
    with pytest.raises(DatabaseTooNew, match="newer version") as refused:
        Database.open(db_path)
    assert "9999" in str(refused.value)
    assert _revision_in_file(db_path) == "9999"  # not "upgraded" or stamped over
    assert _digest(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_our_tables_without_a_schema_version_are_refused(db_path: Path) -> None:
    _filled_database(db_path, people=2)
    with _sqlite(db_path) as conn:
        conn.execute("DROP TABLE alembic_version")
        conn.commit()
    with pytest.raises(NotAnAccountPlanDatabase, match="not an Account Plan one"):
        Database.open(db_path)
    with _sqlite(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM stakeholders").fetchone()[0] == 2


def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "recipes.sqlite"
    with _sqlite(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipes VALUES ('Borscht', 90)")
        conn.commit()
    before = _digest(path)
    with pytest.raises(NotAnAccountPlanDatabase) as refused:
        Database.open(path)
    assert str(path) in str(refused.value)
    assert _digest(path) == before, "opening someone else's database must not change it (e.g. to WAL)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recipes.sqlite"]


# --- damaged files ----------------------------------------------------------------------------------


def test_a_database_with_garbage_in_the_middle_is_reported_damaged_and_not_touched(db_path: Path) -> None:
    _filled_database(db_path)
    data = bytearray(db_path.read_bytes())
    page = 4096
    middle = (len(data) // 2) // page * page
    data[middle : middle + 3 * page] = random.Random(7).randbytes(3 * page)
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)

    with pytest.raises(DatabaseDamaged) as damaged:
        Database.open(db_path)
    message = str(damaged.value)
    assert "restore" in message.lower()
    assert str(db_path) in message
    assert _digest(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_a_file_of_random_bytes_is_reported_damaged_and_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    path.write_bytes(random.Random(3).randbytes(64 * 1024))
    before = _digest(path)
    with pytest.raises(DatabaseDamaged, match="(?i)restore"):
        Database.open(path)
    assert _digest(path) == before


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    path.touch()
    with Database.open(path) as database:
        assert "accounts" in database.table_names()
    assert _revision_in_file(path) == head_revision()


def test_refusing_a_damaged_plan_leaves_nothing_beside_it(tmp_path: Path, damage_the_middle) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.sqlite"
    with Database.open(path) as database:
        load_demo(database)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.sqlite"]
    damage_the_middle(path)
    with pytest.raises(DatabaseDamaged):
        Database.open(path)
    # No empty write-ahead log or shared-memory file left beside a file the user must now restore.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.sqlite"]

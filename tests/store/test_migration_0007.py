"""Schema 0007: co-seller roles as sellers name them, and more than one per co-seller."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from accountplan.model.enums import CoSellerRole
from accountplan.store.database import Database
from accountplan.store.migrations import alembic_config


def _at(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    engine.dispose()


def test_a_0006_database_keeps_its_people_and_takes_the_new_roles(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    _at(path, "0006")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO co_sellers (name, email, role, firm_kind, organisation, title, login, version) "
            "VALUES ('Lars P.', '', 'sdr_bdr', 'ours', '', '', '', 1)"
        )
    with Database.open(path):  # opening upgrades
        pass
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT role, other_roles FROM co_sellers").fetchall() == [("sdr_bdr", "")]
        raw.execute("UPDATE co_sellers SET role = 'bdr', other_roles = 'sdr,account_manager'")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            raw.execute("UPDATE co_sellers SET role = 'closer'")


def test_going_back_to_0006_keeps_each_person_with_a_role_it_knows(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    Database.open(path).close()
    with sqlite3.connect(path) as raw:
        for name, role in (("Ann", "sdr"), ("Bo", "account_manager"), ("Cy", "renewals")):
            raw.execute(
                "INSERT INTO co_sellers (name, email, role, firm_kind, organisation, title, login, version) "
                "VALUES (?, '', ?, 'ours', '', '', '', 1)",
                (name, role),
            )
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        roles = dict(raw.execute("SELECT name, role FROM co_sellers").fetchall())
    assert roles == {"Ann": "sdr_bdr", "Bo": "account_executive", "Cy": "renewals"}
    assert {CoSellerRole(role) for role in roles.values()} <= set(CoSellerRole)

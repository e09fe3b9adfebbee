"""Fixtures for the plan operations: an account to work in, and a way to see that nothing changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from accountplan.model import Base
from accountplan.plan.accounts import create_account
from accountplan.store.database import Database

TableCounts = dict[str, int]


@pytest.fixture
def account_id(db: Database) -> int:
    with db.transaction() as session:
        return create_account(session, "Acme Corporation", currency="EUR")


@pytest.fixture
def table_counts(db: Database) -> Callable[[], TableCounts]:
    """The number of rows in every table of the plan, to show that a refused change wrote nothing."""

    def counts() -> TableCounts:
        with db.session() as session:
            return {
                name: int(session.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in Base.metadata.tables.items()
            }

    return counts

"""Fixtures for the plan operations: an account to work in."""

from __future__ import annotations

import pytest

from accountplan.plan.accounts import create_account
from accountplan.store.database import Database


@pytest.fixture
def account_id(db: Database) -> int:
    with db.transaction() as session:
        return create_account(session, "Acme Corporation", currency="EUR")

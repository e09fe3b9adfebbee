"""Opening an up-to-date database skips Alembic by knowing the head revision: it must be the scripts' head."""

from __future__ import annotations

from accountplan.store.migrations import HEAD_REVISION, head_revision


def test_the_head_revision_named_in_the_package_is_the_newest_migration_script() -> None:
    # If this fails, a migration was added without updating HEAD_REVISION: databases would not be upgraded.
    assert head_revision() == HEAD_REVISION

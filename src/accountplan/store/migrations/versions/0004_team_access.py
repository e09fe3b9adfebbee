"""team mode: each account visible only to its deal team (PostgreSQL row-level security; nothing on SQLite)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from alembic import op

from accountplan.store.team_server import apply_team_security, remove_team_security

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The same function sets up a new database (see migrations.prepare), so both end the same.
    apply_team_security(op.get_bind())


def downgrade() -> None:
    remove_team_security(op.get_bind())

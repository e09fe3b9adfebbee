"""team mode: a co-seller's change-log entries name their login, written by the server (nothing on SQLite)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from alembic import op

from accountplan.store.team_server import apply_team_security, remove_change_log_user

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Idempotent: brings the guards of 0004 up to date and adds the change log's login trigger.
    apply_team_security(op.get_bind())


def downgrade() -> None:
    remove_change_log_user(op.get_bind())

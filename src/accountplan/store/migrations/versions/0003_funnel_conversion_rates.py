"""numbers plan: the reverse funnel's conversion rates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The new columns and the value existing plans get.
_RATES = (
    ("stage1_to_qualified_percent", "50"),
    ("meeting_to_stage1_percent", "25"),
    ("outreach_to_meeting_percent", "10"),
)


def upgrade() -> None:
    with op.batch_alter_table("numbers_plans", schema=None) as batch_op:
        for name, default in _RATES:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default=default))


def downgrade() -> None:
    with op.batch_alter_table("numbers_plans", schema=None) as batch_op:
        for name, _default in reversed(_RATES):
            batch_op.drop_column(name)

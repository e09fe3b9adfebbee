"""numbers plan; stakeholders' CRM ids; co-sellers' team-mode logins

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

import accountplan.model.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "numbers_plans",
        sa.Column("target_amount", accountplan.model.types.Money(precision=18, scale=2), nullable=True),
        sa.Column("average_deal_size", accountplan.model.types.Money(precision=18, scale=2), nullable=True),
        sa.Column("win_rate_percent", sa.Integer(), nullable=False),
        sa.Column("cycle_months", sa.Integer(), nullable=False),
        sa.Column("quota", accountplan.model.types.Money(precision=18, scale=2), nullable=True),
        sa.Column("commission_tiers", sa.Text(), nullable=False),
        sa.Column("big_deal_percent", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_numbers_plans_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_numbers_plans")),
        sa.UniqueConstraint("account_id", name=op.f("uq_numbers_plans_account_id")),
    )
    with op.batch_alter_table("numbers_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_numbers_plans_account_id"), ["account_id"], unique=False)

    with op.batch_alter_table("stakeholders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("external_id", sa.String(length=100), nullable=False, server_default="")
        )
    with op.batch_alter_table("co_sellers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("co_sellers", schema=None) as batch_op:
        batch_op.drop_column("login")
    with op.batch_alter_table("stakeholders", schema=None) as batch_op:
        batch_op.drop_column("external_id")
    with op.batch_alter_table("numbers_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_numbers_plans_account_id"))

    op.drop_table("numbers_plans")

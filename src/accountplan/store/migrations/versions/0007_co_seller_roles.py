"""co-seller roles as sellers name them: account manager, SDR and BDR apart; a co-seller may hold several

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Adds ``co_sellers.other_roles`` (the roles a co-seller holds besides their main one, comma-separated values)
and replaces the CHECK of ``co_sellers.role`` with one that admits the new roles. People recorded as "SDR /
BDR" keep that role: nothing tells which of the two they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from accountplan.store.same_account import apply_same_account_rules, remove_same_account_rules
from accountplan.store.team_server import apply_team_security

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BEFORE = (
    "account_executive",
    "solution_consultant",
    "customer_success_manager",
    "professional_services",
    "specialist",
    "partner",
    "reseller",
    "sdr_bdr",
    "executive_sponsor",
    "renewals",
    "deal_desk_legal",
)
#: In the enumeration's order, as a new database writes the CHECK.
AFTER = (
    "account_executive",
    "account_manager",
    "solution_consultant",
    "customer_success_manager",
    "professional_services",
    "specialist",
    "sdr",
    "bdr",
    "sdr_bdr",
    "partner",
    "reseller",
    "executive_sponsor",
    "renewals",
    "deal_desk_legal",
)
CHECK = "ck_co_sellers_cosellerrole"


def _condition(values: tuple[str, ...]) -> str:
    return f"role IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    bind = op.get_bind()
    remove_same_account_rules(bind)  # first: SQLite cannot rebuild a table that other tables' triggers name
    with op.batch_alter_table("co_sellers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("other_roles", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.drop_constraint(op.f(CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CHECK), _condition(AFTER))
    apply_same_account_rules(bind)
    apply_team_security(bind)  # the new column is one a co-seller may edit in the directory


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE co_sellers SET role = 'sdr_bdr' WHERE role IN ('sdr', 'bdr')"))
    bind.execute(sa.text("UPDATE co_sellers SET role = 'account_executive' WHERE role = 'account_manager'"))
    remove_same_account_rules(bind)
    with op.batch_alter_table("co_sellers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CHECK), _condition(BEFORE))
        batch_op.drop_column("other_roles")
    apply_same_account_rules(bind)
    apply_team_security(bind)

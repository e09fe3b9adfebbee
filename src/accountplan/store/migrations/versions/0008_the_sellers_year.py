"""the seller's year: forecast categories, ideal-account fit, seller plans, exchange rates, negotiation plans

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-14

Issue #17. Opportunities get a forecast category (every existing deal starts in the pipeline) and an owner
(the seller whose number it is; empty: the account's account executive), with the history of the category in
``forecast_changes``. New tables: ``account_fit`` (the ideal-account checklist), ``seller_plans`` (a co-seller's
quota and commission plan per fiscal year, across accounts), ``exchange_rates`` (per fiscal year), and the
negotiation plan of a deal: ``negotiation_plans``, ``negotiation_terms``, ``negotiators``, ``deal_approvals``.

The quota, commission tiers and big-deal threshold move from ``numbers_plans`` to the seller plan of the
account's account executive (see :func:`account_executive`) for the current calendar year (a fiscal year
starting in January) in the account's currency, for each account that had a quota or a plan other than the
defaults. An account whose deal team has no account executive gets one, named after the account, so that no
quota is lost. When two accounts of one seller carry different numbers, the first account's (by id) are kept
and the others are logged. Going back gives each account the numbers of its seller's plan (the current year's,
else the latest one).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import sqlalchemy as sa
from alembic import op

import accountplan.model.types
from accountplan.store.same_account import apply_same_account_rules, remove_same_account_rules
from accountplan.store.team_server import apply_team_security, remove_forecast_change_user

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

DEFAULT_TIERS = "0:8\n100:12"
DEFAULT_BIG_DEAL = 50
FORECAST = ("pipeline", "best_case", "commit", "closed", "omitted")
FIT = (
    "growing_revenue",
    "transformation",
    "compelling_event",
    "executive_relationships",
    "incumbent_not_delivering",
    "budget_owner_known",
)
MONEY = accountplan.model.types.Money(precision=18, scale=2)
NEW_TABLES = (
    "deal_approvals",
    "negotiators",
    "negotiation_terms",
    "negotiation_plans",
    "forecast_changes",
    "account_fit",
    "seller_plans",
    "exchange_rates",
)


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _range(column: str, low: int, high: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=f"{column}_range")


def _account_id(table: str) -> list[Any]:
    return [
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f(f"fk_{table}_account_id_accounts"), ondelete="CASCADE"
        ),
    ]


def _opportunity_id(table: str) -> list[Any]:
    return [
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f(f"fk_{table}_opportunity_id_opportunities"),
            ondelete="CASCADE",
        ),
    ]


def _reference(table: str, column: str, target: str, on_delete: str = "SET NULL") -> list[Any]:
    return [
        sa.Column(column, sa.Integer(), nullable=on_delete == "SET NULL"),
        sa.ForeignKeyConstraint(
            [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=on_delete
        ),
    ]


def _row(table: str, *, versioned: bool = True) -> list[Any]:
    columns: list[Any] = [sa.Column("id", sa.Integer(), nullable=False)]
    if versioned:
        columns.append(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    columns.append(sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")))
    return columns


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _create_tables() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("rate", accountplan.model.types.Rate(precision=20, scale=8), nullable=False),
        *_row("exchange_rates"),
        sa.CheckConstraint("currency <> to_currency", name=op.f("ck_exchange_rates_two_currencies")),
        _range("fiscal_year", 1900, 2999),
        sa.UniqueConstraint(
            "fiscal_year",
            "currency",
            "to_currency",
            name=op.f("uq_exchange_rates_fiscal_year_currency_to_currency"),
        ),
    )
    op.create_table(
        "seller_plans",
        *_reference("seller_plans", "co_seller_id", "co_sellers", "CASCADE"),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("year_starts_month", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("quota", MONEY, nullable=True),
        sa.Column("commission_tiers", sa.Text(), nullable=False),
        sa.Column("cap", MONEY, nullable=True),
        sa.Column("big_deal_percent", sa.Integer(), nullable=False),
        *_row("seller_plans"),
        _range("big_deal_percent", 0, 1000),
        _range("fiscal_year", 1900, 2999),
        _range("year_starts_month", 1, 12),
        sa.UniqueConstraint(
            "co_seller_id", "fiscal_year", name=op.f("uq_seller_plans_co_seller_id_fiscal_year")
        ),
    )
    _index("seller_plans", "co_seller_id")
    op.create_table(
        "account_fit",
        sa.Column("criterion", _enum("fitcriterion", FIT), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_account_id("account_fit"),
        *_row("account_fit"),
        sa.UniqueConstraint("account_id", "criterion", name=op.f("uq_account_fit_account_id_criterion")),
    )
    _index("account_fit", "account_id")
    op.create_table(
        "forecast_changes",
        *_opportunity_id("forecast_changes"),
        sa.Column("category", _enum("forecastcategory", FORECAST), nullable=False),
        sa.Column("changed_at", accountplan.model.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        *_account_id("forecast_changes"),
        *_row("forecast_changes", versioned=False),
    )
    _index("forecast_changes", "account_id", "opportunity_id")
    op.create_table(
        "negotiation_plans",
        *_opportunity_id("negotiation_plans"),
        sa.Column("price_low", MONEY, nullable=True),
        sa.Column("price_high", MONEY, nullable=True),
        sa.Column("target", MONEY, nullable=True),
        sa.Column("walk_away", MONEY, nullable=True),
        sa.Column("solution_final", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_account_id("negotiation_plans"),
        *_row("negotiation_plans"),
        sa.UniqueConstraint("opportunity_id", name=op.f("uq_negotiation_plans_opportunity_id")),
    )
    _index("negotiation_plans", "account_id")
    op.create_table(
        "negotiation_terms",
        *_opportunity_id("negotiation_terms"),
        sa.Column("side", _enum("termside", ("give", "get")), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("customer_value", sa.Text(), nullable=False),
        sa.Column("our_cost", MONEY, nullable=True),
        sa.Column("status", _enum("termstatus", ("open", "offered", "agreed", "dropped")), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_account_id("negotiation_terms"),
        *_row("negotiation_terms"),
    )
    _index("negotiation_terms", "account_id", "opportunity_id")
    op.create_table(
        "negotiators",
        *_opportunity_id("negotiators"),
        sa.Column(
            "kind",
            _enum("negotiatorkind", ("procurement", "legal", "executive_sponsor", "finance", "other")),
            nullable=False,
        ),
        *_reference("negotiators", "stakeholder_id", "stakeholders"),
        *_reference("negotiators", "covered_by_id", "co_sellers"),
        sa.Column("notes", sa.Text(), nullable=False),
        *_account_id("negotiators"),
        *_row("negotiators"),
    )
    _index("negotiators", "account_id", "opportunity_id")
    op.create_table(
        "deal_approvals",
        *_opportunity_id("deal_approvals"),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("approver", sa.String(length=200), nullable=False),
        *_reference("deal_approvals", "owner_id", "co_sellers"),
        sa.Column(
            "status", _enum("approvalstatus", ("needed", "requested", "approved", "refused")), nullable=False
        ),
        sa.Column("due", sa.Date(), nullable=True),
        *_account_id("deal_approvals"),
        *_row("deal_approvals"),
    )
    _index("deal_approvals", "account_id", "opportunity_id")


def upgrade() -> None:
    bind = op.get_bind()
    remove_same_account_rules(bind)  # first: SQLite cannot rebuild a table that other tables' triggers name
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "forecast_category",
                _enum("forecastcategory", FORECAST),
                server_default="pipeline",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_opportunities_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_opportunities_owner_id_co_sellers"),
            "co_sellers",
            ["owner_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _create_tables()
    _move_numbers_to_seller_plans(bind)
    with op.batch_alter_table("numbers_plans", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_numbers_plans_big_deal_percent_range"), type_="check")
        batch_op.drop_column("big_deal_percent")
        batch_op.drop_column("quota")
        batch_op.drop_column("commission_tiers")
    apply_same_account_rules(bind)
    apply_team_security(bind)  # the new tables, and who may write a seller plan or an exchange rate


def downgrade() -> None:
    bind = op.get_bind()
    remove_same_account_rules(bind)
    remove_forecast_change_user(bind)
    with op.batch_alter_table("numbers_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quota", MONEY, nullable=True))
        batch_op.add_column(
            sa.Column("commission_tiers", sa.Text(), nullable=False, server_default=DEFAULT_TIERS)
        )
        batch_op.add_column(
            sa.Column("big_deal_percent", sa.Integer(), nullable=False, server_default=str(DEFAULT_BIG_DEAL))
        )
        batch_op.create_check_constraint(
            op.f("ck_numbers_plans_big_deal_percent_range"), "big_deal_percent BETWEEN 0 AND 1000"
        )
    _restore_numbers(bind)
    for table in NEW_TABLES:
        op.drop_table(table)
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_opportunities_owner_id_co_sellers"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_opportunities_owner_id"))
        batch_op.drop_constraint(op.f("ck_opportunities_forecastcategory"), type_="check")
        batch_op.drop_column("owner_id")
        batch_op.drop_column("forecast_category")
    apply_same_account_rules(bind)
    apply_team_security(bind)


# --- the numbers move to the seller -----------------------------------------------------------------


def account_executive(bind: sa.Connection, account_id: int) -> int | None:
    """The co-seller whose plan an account's numbers are: its first active account executive.

    As the success plan finds its author: the first (by id) active member of the deal team whose role is
    account executive; else the first who holds that role besides another one.
    """
    found = bind.execute(
        sa.text(
            "SELECT cs.id FROM co_sellers AS cs JOIN deal_team_members AS d ON d.co_seller_id = cs.id "
            "WHERE d.account_id = :account AND d.active AND cs.role = 'account_executive' ORDER BY cs.id"
        ),
        {"account": account_id},
    ).first()
    if found is None:
        found = bind.execute(
            sa.text(
                "SELECT cs.id FROM co_sellers AS cs JOIN deal_team_members AS d ON d.co_seller_id = cs.id "
                "WHERE d.account_id = :account AND d.active "
                "AND (',' || cs.other_roles || ',') LIKE '%,account_executive,%' ORDER BY cs.id"
            ),
            {"account": account_id},
        ).first()
    return None if found is None else int(found[0])


def _new_account_executive(bind: sa.Connection, account_id: int, account_name: str) -> int:
    """A co-seller on the account's team to hold its numbers, when the team has no account executive."""
    name = f"Account executive of {account_name}"[:200]
    seller = bind.execute(
        sa.text(
            "INSERT INTO co_sellers (name, email, role, other_roles, firm_kind, organisation, title, login, "
            "version) VALUES (:name, '', 'account_executive', '', 'ours', '', '', '', 1) RETURNING id"
        ),
        {"name": name},
    ).scalar_one()
    bind.execute(
        sa.text(
            "INSERT INTO deal_team_members (account_id, co_seller_id, responsibility, active, version) "
            "VALUES (:account, :seller, 'Holds the quota of this account (schema 0008)', :active, 1)"
        ),
        {"account": account_id, "seller": seller, "active": True},
    )
    log.warning("account %s has no account executive: %r added to hold its quota", account_id, name)
    return int(seller)


def _move_numbers_to_seller_plans(bind: sa.Connection) -> None:
    year = dt.date.today().year
    rows = bind.execute(
        sa.text(
            "SELECT a.id, a.name, a.currency, n.quota, n.commission_tiers, n.big_deal_percent "
            "FROM numbers_plans AS n JOIN accounts AS a ON a.id = n.account_id ORDER BY a.id"
        )
    ).all()
    planned: dict[int, tuple[Any, ...]] = {}
    for account_id, name, currency, quota, tiers, big_deal in rows:
        if quota is None and tiers == DEFAULT_TIERS and big_deal == DEFAULT_BIG_DEAL:
            continue
        seller = account_executive(bind, account_id) or _new_account_executive(bind, account_id, name)
        numbers = (quota, tiers, big_deal)
        if seller in planned:
            if planned[seller] != numbers:
                log.warning(
                    "account %s: its numbers %r differ from its seller's other account's %r; "
                    "the first account's were kept",
                    account_id,
                    numbers,
                    planned[seller],
                )
            continue
        planned[seller] = numbers
        bind.execute(
            sa.text(
                "INSERT INTO seller_plans (co_seller_id, fiscal_year, year_starts_month, currency, quota, "
                "commission_tiers, cap, big_deal_percent, version) "
                "VALUES (:seller, :year, 1, :currency, :quota, :tiers, NULL, :big_deal, 1)"
            ),
            {
                "seller": seller,
                "year": year,
                "currency": currency,
                "quota": quota,
                "tiers": tiers,
                "big_deal": big_deal,
            },
        )


def _restore_numbers(bind: sa.Connection) -> None:
    year = dt.date.today().year
    accounts = bind.execute(sa.text("SELECT account_id FROM numbers_plans")).scalars().all()
    for account_id in accounts:
        seller = account_executive(bind, account_id)
        if seller is None:
            continue
        plan = bind.execute(
            sa.text(
                "SELECT quota, commission_tiers, big_deal_percent FROM seller_plans WHERE co_seller_id = :seller "
                "ORDER BY fiscal_year = :year DESC, fiscal_year DESC"
            ),
            {"seller": seller, "year": year},
        ).first()
        if plan is None:
            continue
        bind.execute(
            sa.text(
                "UPDATE numbers_plans SET quota = :quota, commission_tiers = :tiers, big_deal_percent = :big_deal "
                "WHERE account_id = :account"
            ),
            {"quota": plan[0], "tiers": plan[1], "big_deal": plan[2], "account": account_id},
        )

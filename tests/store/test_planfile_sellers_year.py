"""The plan file of format 4 (issue #17): the seller's year travels with the account, and older files import."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.errors import InvalidPlanFile
from accountplan.interchange.demo import load_demo
from accountplan.interchange.planfile import Document, export_account, import_plan, validate
from accountplan.model import CoSeller, DealTeamMember, ExchangeRate, NumbersPlan, SellerPlan
from accountplan.plan.numbers import numbers_plan
from accountplan.store.database import Database

from .conftest import as_format_3

THIS_YEAR = dt.date.today().year


def _import(database: Database, document: Document, notices: list[str] | None = None, **how: Any) -> int:
    with database.transaction(audit=False) as session:
        return import_plan(session, copy.deepcopy(document), notices=notices, **how)


def _plans(database: Database) -> dict[tuple[str, int], tuple[Any, ...]]:
    with database.session() as session:
        rows = session.execute(select(CoSeller.name, SellerPlan).join(SellerPlan)).all()
        return {
            (name, plan.fiscal_year): (
                plan.currency,
                plan.quota,
                plan.commission_tiers,
                plan.big_deal_percent,
            )
            for name, plan in rows
        }


def test_the_file_carries_the_sellers_plans_and_only_the_rates_its_currencies_use(
    rich_document: Document,
) -> None:
    plans = {(row["co_seller_id"], row["fiscal_year"]): row for row in rich_document["seller_plans"]}
    sellers = {row["id"]: row["name"] for row in rich_document["co_sellers"]}
    assert sorted((sellers[who], year) for who, year in plans) == [
        ("Nils Ødegård", 2025),
        ("Sam Seller", 2025),
        ("Sam Seller", 2026),
    ]
    sam_2025 = next(
        row for (who, year), row in plans.items() if sellers[who] == "Sam Seller" and year == 2025
    )
    assert (
        sam_2025["quota"],
        sam_2025["cap"],
        sam_2025["commission_tiers"],
        sam_2025["year_starts_month"],
    ) == (
        "900000000.00",
        "60000000.00",
        "0:8\n50:10\n100:14",
        4,
    )
    rates = [
        (r["fiscal_year"], r["currency"], r["to_currency"], r["rate"])
        for r in rich_document["exchange_rates"]
    ]
    assert rates == [(2025, "JPY", "USD", "0.00671234"), (2025, "USD", "JPY", "149")]  # not GBP → EUR
    assert "quota" not in rich_document["numbers_plans"][0]
    deals = {row["name"]: row for row in rich_document["opportunities"]}
    assert deals["Enterprise platform"]["forecast_category"] == "commit"
    assert sellers[deals["Enterprise platform"]["owner_id"]] == "Nils Ødegård"
    assert deals["Cross-sell: HR"]["forecast_category"] == "pipeline"
    assert [(c["category"], c["changed_by"]) for c in rich_document["forecast_changes"]] == [
        ("best_case", "sam"),
        ("commit", "nils"),
    ]


def test_a_format_3_quota_becomes_the_seller_plan_of_the_files_account_executive(db: Database) -> None:
    from accountplan.interchange.planfile import export_account as export

    document = _rich_in_format_3(
        db, quota="900000000.00", commission_tiers="0:8\n100:15", big_deal_percent=40
    )
    account_id = _import(db, document, rename="From format 3")
    assert _plans(db)[("Sam Seller", THIS_YEAR)] == ("JPY", Decimal("900000000.00"), "0:8\n100:15", 40)
    with db.session() as session:
        numbers = numbers_plan(session, account_id)
        assert (numbers.quota, numbers.big_deal_percent) == (Decimal("900000000.00"), 40)
        assert (
            session.scalar(select(NumbersPlan.win_rate_percent).where(NumbersPlan.account_id == account_id))
            == 30
        )
        again = export(session, account_id)
    assert again["format_version"] == 4 and "quota" not in again["numbers_plans"][0]


def test_a_format_3_file_with_the_default_numbers_adds_no_seller_plan(db: Database) -> None:
    document = _rich_in_format_3(db)
    _import(db, document, rename="Defaults")
    assert sum(1 for (name, year) in _plans(db) if year == THIS_YEAR and name == "Sam Seller") == 0


def test_a_format_3_team_without_an_account_executive_gets_one_to_hold_the_quota(db: Database) -> None:
    document = _rich_in_format_3(db, quota="5000000.00")
    for person in document["co_sellers"]:
        if person["role"] == "account_executive":
            person["role"] = "specialist"
    account_id = _import(db, document, rename="No AE")
    stand_in = "Account executive of Kaiyō (format 3)"  # the file's account
    assert _plans(db)[(stand_in, THIS_YEAR)][:2] == ("JPY", Decimal("5000000.00"))
    with db.session() as session:
        team = session.scalars(
            select(CoSeller.name)
            .join(DealTeamMember)
            .where(DealTeamMember.account_id == account_id, DealTeamMember.active.is_(True))
        ).all()
    assert stand_in in team


def test_the_demo_of_format_1_gives_its_account_executive_the_quota(db: Database) -> None:
    load_demo(db)
    plans = _plans(db)
    assert list(plans) == [("Marcus Lindqvist", THIS_YEAR)]
    assert plans[("Marcus Lindqvist", THIS_YEAR)] == (
        "JPY",
        Decimal("1600000000.00"),
        "0:8\n50:10\n100:14\n150:18",
        50,
    )


def test_a_format_4_file_may_not_carry_the_moved_numbers(rich_document: Document) -> None:
    document = copy.deepcopy(rich_document)
    document["numbers_plans"][0]["quota"] = "1.00"
    with pytest.raises(InvalidPlanFile, match="keeps it in seller_plans") as refused:
        validate(document)
    assert refused.value.path == "$.numbers_plans[0].quota"


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("seller_plans", ("co_seller_id", "fiscal_year")),
        ("exchange_rates", ("fiscal_year", "currency", "to_currency")),
    ],
)
def test_two_rows_of_one_key_are_refused(rich_document: Document, section: str, key: tuple[str, ...]) -> None:
    document = copy.deepcopy(rich_document)
    twin = {**document[section][0], "id": 99}
    document[section].append(twin)
    with pytest.raises(InvalidPlanFile, match=f"the same {', '.join(key)}") as refused:
        validate(document)
    assert refused.value.path == f"$.{section}[{len(document[section]) - 1}]"


def test_an_existing_seller_plan_or_rate_is_kept_and_the_difference_said(
    db: Database, rich_document: Document
) -> None:
    _import(db, rich_document)
    with db.transaction() as session:
        plan = session.scalars(
            select(SellerPlan).where(SellerPlan.fiscal_year == 2025, SellerPlan.cap.is_not(None))
        ).one()
        plan.quota = Decimal("950000000")
        rate = session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "JPY")).one()
        rate.rate = Decimal("0.0068")
    notices: list[str] = []
    _import(db, rich_document, notices=notices, rename="Again")
    assert _plans(db)[("Sam Seller", 2025)][1] == Decimal("950000000.00")
    assert notices == [
        "The seller plan of Sam Seller for fiscal year 2025 was kept as it is here; the file's differs in quota.",
        "The exchange rate JPY → USD of fiscal year 2025 was kept as it is here; the file's differs in rate.",
    ]
    with db.session() as session:
        assert session.scalar(select(ExchangeRate.rate).where(ExchangeRate.currency == "JPY")) == Decimal(
            "0.0068"
        )
        assert len(session.scalars(select(SellerPlan)).all()) == 3


def _rich_in_format_3(db: Database, **numbers: Any) -> Document:
    """The rich account as a format-3 file would hold it, its seller plans and rates left out of ``db``."""
    from .conftest import build_rich_account

    account_id = build_rich_account(db, name="Built here")
    with db.transaction() as session:
        document = export_account(session, account_id)
        for plan in session.scalars(select(SellerPlan)):
            session.delete(plan)
    old = as_format_3(document, **numbers)
    old["account"]["name"] = "Kaiyō (format 3)"
    return old

"""Team mode and the seller's year (issue #17): seller plans are everyone's to read and their seller's to write,
exchange rates are everyone's, and the forecast history names the login that changed a deal's category."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import select

from accountplan.model import ChangeLogEntry, ForecastChange, Opportunity, SellerPlan
from accountplan.model.enums import ForecastCategory
from accountplan.plan.numbers import update_numbers
from accountplan.plan.opportunities import set_forecast_category
from accountplan.store.database import Database

from .conftest import FRESH, TeamPlan

YEAR = dt.date.today().year


def test_a_seller_plan_is_read_by_all_and_written_by_its_seller_or_for_someone_without_a_login(
    team_plan: TeamPlan,
) -> None:
    team, marcus = team_plan.team, team_plan.member_id
    with team.connect(*team_plan.outsider) as oscar:
        assert oscar.execute(
            "SELECT count(*) FROM seller_plans WHERE co_seller_id = %s", (marcus,)
        ).fetchone() == (1,)
        # Someone else's plan, who logs in: the rows are not theirs to change, nor to add.
        assert (
            oscar.execute("UPDATE seller_plans SET quota = 1 WHERE co_seller_id = %s", (marcus,)).rowcount
            == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            oscar.execute(
                "INSERT INTO seller_plans (co_seller_id, fiscal_year, year_starts_month, currency, quota, "
                "commission_tiers, big_deal_percent) VALUES (%s, 2030, 1, 'EUR', 1, '0:1', 50)",
                (marcus,),
            )
        for person in ("Oscar Outsider", FRESH):  # their own, and a person's who has no login
            oscar.execute(
                "INSERT INTO seller_plans (co_seller_id, fiscal_year, year_starts_month, currency, quota, "
                "commission_tiers, big_deal_percent) "
                "SELECT id, 2030, 1, 'EUR', 500000, '0:8', 50 FROM co_sellers WHERE name = %s",
                (person,),
            )
        oscar.execute(
            "INSERT INTO exchange_rates (fiscal_year, currency, to_currency, rate) VALUES (2030, 'EUR', 'JPY', 160)"
        )
    with team.connect(*team_plan.nobody) as nina:
        assert nina.execute("UPDATE exchange_rates SET rate = 161 WHERE fiscal_year = 2030").rowcount == 1


def test_the_account_executive_edits_the_quota_on_the_numbers_page_and_the_change_is_logged(
    team_plan: TeamPlan,
) -> None:
    team = team_plan.team
    login, password = team_plan.member
    with Database.open(team.url(login, password), user="Marcus") as database:
        with database.transaction() as session:
            update_numbers(session, team_plan.demo_id, quota=1_700_000_000)
        with database.session() as session:
            plan = session.scalars(
                select(SellerPlan).where(
                    SellerPlan.co_seller_id == team_plan.member_id, SellerPlan.fiscal_year == YEAR
                )
            ).one()
            assert plan.quota == 1_700_000_000
            logged = session.scalars(
                select(ChangeLogEntry).where(
                    ChangeLogEntry.entity_type == "seller_plans", ChangeLogEntry.field == "quota"
                )
            ).all()
    assert [(entry.account_id, entry.user) for entry in logged] == [(None, login)]


def test_a_forecast_change_names_the_login_whatever_the_program_sends(team_plan: TeamPlan) -> None:
    team = team_plan.team
    login, password = team_plan.member
    as_helen = Database.open(team.url(login, password), user="Helen Park (the CRO)")
    with as_helen as database, database.transaction() as session:
        deal = session.scalars(
            select(Opportunity.id).where(Opportunity.account_id == team_plan.demo_id)
        ).first()
        assert deal is not None
        set_forecast_category(session, deal, ForecastCategory.COMMIT)
    with Database.open(team.admin_url) as admin, admin.session() as session:
        who = session.scalars(
            select(ForecastChange.changed_by).where(ForecastChange.opportunity_id == deal)
        ).all()
    assert who == [login]

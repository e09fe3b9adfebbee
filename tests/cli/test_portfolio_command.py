"""``accountplan portfolio``: the same lines and warnings as a table, as CSV and as JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from tests.cli.conftest import CliRunner

from accountplan.model.enums import CoSellerRole, FitCriterion, ForecastCategory
from accountplan.plan.account_fit import set_fit
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

LANDLOCKED = "Landlocked: 北星物流 holds 80 % of Lars Pettersson's open pipeline (USD 80.0k of USD 100.0k)."


@pytest.fixture
def two_accounts(db: Database, db_path: Path) -> Path:
    """Lars sells 北星物流 (USD 80k open, fit 2 of 6, an overdue action) and =Formula Corp (USD 20k)."""
    with db.transaction() as session:
        lars = add_co_seller(session, "Lars Pettersson", CoSellerRole.ACCOUNT_EXECUTIVE)
        hokusei = create_account(session, "北星物流", currency="USD")
        formula = create_account(session, "=Formula Corp", currency="USD", status="cold")
        for account in (hokusei, formula):
            join_team(session, account, lars)
        add_opportunity(
            session, hokusei, "Yard", amount=Decimal(50_000), forecast_category=ForecastCategory.PIPELINE
        )
        add_opportunity(
            session, hokusei, "Dock", amount=Decimal(30_000), forecast_category=ForecastCategory.COMMIT
        )
        add_opportunity(
            session, formula, "Pilot", amount=Decimal(20_000), forecast_category=ForecastCategory.BEST_CASE
        )
        add_action(session, hokusei, "Send the proposal", due=dt.date.today() - dt.timedelta(days=2))
        set_fit(session, hokusei, FitCriterion.GROWING_REVENUE, met=True)
        set_fit(session, hokusei, FitCriterion.BUDGET_OWNER_KNOWN, met=True)
    return db_path


def test_the_table_has_a_line_per_account_and_the_warning_under_it(
    cli: CliRunner, two_accounts: Path
) -> None:
    code, out, err = cli("--db", str(two_accounts), "portfolio")
    assert (code, err) == (0, "")
    header, first, second, blank, warning = out.rstrip("\n").split("\n")
    assert header.split()[:4] == ["Account", "Status", "Seller", "Pipeline"]
    assert first.startswith("=Formula Corp") and "Cold" in first and "USD 20.0k" in first
    assert second.startswith("北星物流") and "USD 50.0k" in second and "USD 30.0k" in second
    assert second.split()[-3:] == ["2", "of", "6"] and first.split()[-3:] == ["0", "of", "6"]
    # the columns line up: a Japanese name takes two columns a character
    assert (
        header.index("Status") == len("=Formula Corp  ")
        and second.index("Working") == len("北星物流") + 2 + 5
    )
    assert (blank, warning) == ("", LANDLOCKED)


def test_csv_has_the_header_and_a_row_per_account(cli: CliRunner, two_accounts: Path) -> None:
    code, out, err = cli("--db", str(two_accounts), "portfolio", "--format", "csv")
    assert code == 0
    assert err.strip() == LANDLOCKED  # on standard error: the CSV holds the accounts alone
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["Account"] for row in rows] == ["'=Formula Corp", "北星物流"]  # never a formula
    hokusei = rows[1]
    assert (hokusei["Pipeline"], hokusei["Commit"], hokusei["Open pipeline"]) == (
        "50000.00",
        "30000.00",
        "80000.00",
    )
    assert (hokusei["Overdue actions"], hokusei["Fit score"]) == ("1", "2")
    assert hokusei["Fit criteria met"] == "Growing revenue; Budget owner known"
    assert dt.datetime.fromisoformat(hokusei["Last update"]).date() <= dt.date.today()


def test_json_parses_with_the_same_figures_and_the_warnings(cli: CliRunner, two_accounts: Path) -> None:
    code, out, err = cli("--db", str(two_accounts), "portfolio", "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["today"] == dt.date.today().isoformat()
    assert document["warnings"] == [LANDLOCKED]
    formula, hokusei = document["accounts"]
    assert (formula["name"], formula["status"], formula["seller"]) == (
        "=Formula Corp",
        "cold",
        "Lars Pettersson",
    )
    assert hokusei["pipeline"] == {
        "pipeline": "50000.00",
        "best_case": "0.00",
        "commit": "30000.00",
        "closed": "0.00",
    }
    assert hokusei["fit"] == {"score": 2, "of": 6, "met": ["growing_revenue", "budget_owner_known"]}
    assert (hokusei["overdue_actions"], hokusei["next_meeting"], hokusei["uncovered_decisive"]) == (
        1,
        None,
        [],
    )


def test_an_empty_database_says_how_to_start(cli: CliRunner, tmp_path: Path) -> None:
    code, out, err = cli("--db", str(tmp_path / "new.sqlite"), "portfolio")
    assert (code, err) == (0, "")
    assert "No accounts" in out and "accountplan demo" in out
    code, out, _ = cli("--db", str(tmp_path / "new.sqlite"), "portfolio", "--format", "json")
    assert json.loads(out)["accounts"] == []


def test_an_unknown_format_is_a_usage_error(cli: CliRunner, two_accounts: Path) -> None:
    code, _, err = cli("--db", str(two_accounts), "portfolio", "--format", "xlsx")
    assert code == 2 and "invalid choice" in err

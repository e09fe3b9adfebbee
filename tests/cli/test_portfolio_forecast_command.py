"""``accountplan portfolio --forecast``: the Forecast tab of the Portfolio page, in text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.cli.conftest import CliRunner
from tests.portfolio_forecast_data import MEETING_DAYS_AGO, two_sellers_in_two_currencies

from accountplan.store.database import Database

TODAY = dt.date.today()
YEAR = TODAY.year
QUARTER = (TODAY.month - 1) // 3  # calendar quarters: neither seller has a plan


@pytest.fixture
def two_sellers(db: Database, db_path: Path) -> Path:
    two_sellers_in_two_currencies(db)
    return db_path


def _row(out: str, name: str) -> list[str]:
    """The amounts of one row of the table: "—" or "USD 500.0k" for each of the six columns."""
    line = next(line for line in out.splitlines() if line.startswith(name + " "))
    cells = line[len(name) :].split("  ")
    return [cell.strip() for cell in cells if cell.strip()]


def test_all_accounts_in_a_currency_asked_for(cli: CliRunner, two_sellers: Path) -> None:
    code, out, err = cli("--db", str(two_sellers), "portfolio", "--forecast", "--currency", "usd")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "All accounts in USD"
    head = lines[2].split("  ")
    assert f"Q{QUARTER + 1} FY{YEAR} (now)" in [cell.strip() for cell in head]
    assert lines[2].rstrip().endswith(f"FY{YEAR}  FY{YEAR + 1} (next)")
    commit, best, pipeline, weighted = (
        _row(out, name) for name in ("Commit", "Best case", "Pipeline", "Weighted")
    )
    assert commit[QUARTER] == commit[4] == "USD 500.0k" and commit[5] == "—"
    assert best[QUARTER] == "USD 88.0k"  # EUR 80,000 at 1.1
    assert pipeline == ["—"] * 6  # Depot's pounds: not converted
    assert weighted[QUARTER] == "USD 444.0k"
    assert "Amounts in USD, as asked." in lines
    assert f"Converted to USD at 1 EUR = 1.1 USD (FY{YEAR})." in lines
    not_converted = lines.index("Not converted (1):")
    assert lines[not_converted + 1] == (
        f"  Depot (Hoshino Logistics): GBP 40,000, no GBP → USD rate for FY{YEAR}: not converted, not in the totals."
    )
    held = TODAY - dt.timedelta(days=MEETING_DAYS_AGO)
    moved = lines.index("How it moved since each account's last alignment meeting")
    assert lines[moved + 1].startswith(
        f"Hoshino Logistics, since the Alignment meeting of {held.day} {held:%b %Y}: FY{YEAR}: Commit +USD 500,000"
    )
    assert lines[moved + 2 :] == [
        "  • Yard: Pipeline → Commit (USD 500,000)",
        "Nordwind Freight: no alignment meeting held yet.",
    ]


def test_one_seller_in_their_currency_and_the_moves_since_a_day(cli: CliRunner, two_sellers: Path) -> None:
    code, out, _ = cli("--db", str(two_sellers), "portfolio", "--forecast", "--seller", "mia schulz")
    assert code == 0
    assert out.splitlines()[0] == "Mia Schulz's deals in EUR"
    assert _row(out, "Best case")[QUARTER] == "EUR 80.0k" and _row(out, "Commit") == ["—"] * 6
    assert "Not converted" not in out
    since = TODAY - dt.timedelta(days=14)
    code, out, _ = cli(
        "--db",
        str(two_sellers),
        "portfolio",
        "--forecast",
        "--seller",
        "Lars Pettersson",
        "--since",
        since.isoformat(),
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Lars Pettersson's deals in USD"
    moved = lines.index(f"How it moved since {since.day} {since:%b %Y}")
    assert lines[moved + 2 :] == ["  • Hoshino Logistics — Yard: Pipeline → Commit (USD 500,000)"]
    assert "Depot (Hoshino Logistics): GBP 40,000, no GBP → USD rate" in out


def test_a_seller_unknown_or_a_forecast_option_alone_is_one_sentence(
    cli: CliRunner, two_sellers: Path
) -> None:
    code, _, err = cli("--db", str(two_sellers), "portfolio", "--forecast", "--seller", "Nobody")
    assert code == 1
    assert "There is no co-seller called 'Nobody'" in cli.one_clear_sentence(err)
    code, _, err = cli("--db", str(two_sellers), "portfolio", "--seller", "Mia Schulz")
    assert code == 1
    assert "go with --forecast" in cli.one_clear_sentence(err)

"""``accountplan rates``: list, set and delete the exchange rates, each refusal in one sentence."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import CliRunner

from accountplan.plan.exchange_rates import list_rates
from accountplan.store.database import Database


def test_rates_are_set_listed_changed_and_deleted(cli: CliRunner, db_path: Path) -> None:
    db = str(db_path)
    code, out, _ = cli("--db", db, "rates")
    assert code == 0 and "No exchange rates" in out and "accountplan rates set 2026 EUR JPY 162.4" in out
    assert (
        cli("--db", db, "rates", "set", "2026", "eur", "jpy", "162.40")[1]
        == "Set 1 EUR = 162.4 JPY (FY2026).\n"
    )
    assert cli("--db", db, "rates", "set", "2027", "USD", "JPY", "151.25")[0] == 0
    code, out, _ = cli("--db", db, "rates", "set", "2026", "EUR", "JPY", "158")
    assert out == "Set 1 EUR = 158 JPY (FY2026) (it was 162.4).\n"
    code, out, _ = cli("--db", db, "rates", "list")
    assert out.splitlines() == ["1 EUR = 158 JPY (FY2026)", "1 USD = 151.25 JPY (FY2027)"]
    assert (
        cli("--db", db, "rates", "delete", "2026", "EUR", "JPY")[1] == "Deleted 1 EUR = 158 JPY (FY2026).\n"
    )
    with Database.open(db_path) as database, database.session() as session:
        assert [row.text for row in list_rates(session)] == ["1 USD = 151.25 JPY (FY2027)"]


def test_refusals_are_one_sentence_and_change_nothing(cli: CliRunner, db_path: Path) -> None:
    db = str(db_path)
    cli("--db", db, "rates", "set", "2026", "EUR", "JPY", "162.4")
    for argv, said in (
        (("set", "2026", "JPY", "EUR", "0.006"), "FY2026 already has 1 EUR = 162.4 JPY"),
        (("set", "2026", "EURO", "JPY", "1"), "three-letter code"),
        (("set", "20x6", "USD", "JPY", "150"), "is a year such as 2026"),
        (("set", "2026", "USD", "JPY", "-1"), "more than zero"),
        (("set", "2026", "USD", "JPY", "abc"), "is a number such as 162.4"),
        (("delete", "2025", "EUR", "JPY"), "There is no EUR → JPY rate for FY2025"),
    ):
        code, _, err = cli("--db", db, "rates", *argv)
        assert code == 1
        assert said in cli.one_clear_sentence(err)
    assert cli("--db", db, "rates")[1] == "1 EUR = 162.4 JPY (FY2026)\n"

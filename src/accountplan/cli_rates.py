"""The ``rates`` commands of the command line: the exchange rates the forecast converts with, per fiscal year."""

from __future__ import annotations

import argparse
from typing import Any

SET_EXAMPLE = "accountplan rates set 2026 EUR JPY 162.4"


def add_rates_parser(commands: Any) -> None:
    """Add ``rates [list | set FY CUR TO RATE | delete FY CUR TO]`` to the sub-commands."""
    from accountplan.cli import add_command

    rates = add_command(
        commands,
        "rates",
        "the exchange rates per fiscal year that forecasts convert with (list them with no WHAT)",
        "accountplan rates",
        f"{SET_EXAMPLE}         1 EUR = 162.4 JPY in fiscal year 2026",
        "accountplan rates delete 2026 EUR JPY",
        after="A fiscal year is numbered by the calendar year it starts in. A rate serves both ways: "
        "EUR → JPY also converts JPY to EUR.",
    ).add_subparsers(dest="what", metavar="WHAT")
    add_command(rates, "list", "every rate, by fiscal year", "accountplan rates list")
    set_ = add_command(rates, "set", "add a rate, or change it", SET_EXAMPLE)
    delete = add_command(rates, "delete", "delete a rate", "accountplan rates delete 2026 EUR JPY")
    for command in (set_, delete):
        command.add_argument("fiscal_year", metavar="FY", help="the fiscal year, e.g. 2026")
        command.add_argument("currency", metavar="CUR", help="the currency converted, e.g. EUR")
        command.add_argument("to_currency", metavar="TO", help="the currency it converts to, e.g. JPY")
    set_.add_argument("rate", metavar="RATE", help="how many TO one CUR is worth, e.g. 162.4")


def cmd_rates(args: argparse.Namespace) -> int:
    from accountplan.plan.exchange_rates import delete_rate, find_rate, list_rates, set_rate
    from accountplan.store.database import Database

    with Database.open(args.db) as database:
        if args.what in (None, "list"):
            with database.session() as session:
                rows = list_rates(session)
            if not rows:
                print(f"No exchange rates in {database.name} yet; set one with '{SET_EXAMPLE}'.")
            for row in rows:
                print(row.text)
            return 0
        with database.transaction() as session:
            if args.what == "set":
                previous = set_rate(session, args.fiscal_year, args.currency, args.to_currency, args.rate)
                found = find_rate(session, args.fiscal_year, args.currency, args.to_currency)
                assert found is not None
                text = _text(found)
                was = "" if previous is None else f" (it was {_rate(previous)})"
                print(f"Set {text}{was}.")
            else:
                found = find_rate(session, args.fiscal_year, args.currency, args.to_currency)
                text = _text(found) if found is not None else ""
                delete_rate(session, args.fiscal_year, args.currency, args.to_currency)
                print(f"Deleted {text}.")
    return 0


def _text(row: Any) -> str:
    from accountplan.analysis.forecast import RateUsed

    return RateUsed(row.fiscal_year, row.currency, row.to_currency, row.rate).text


def _rate(value: Any) -> str:
    from accountplan.analysis.forecast import rate_text

    return rate_text(value)

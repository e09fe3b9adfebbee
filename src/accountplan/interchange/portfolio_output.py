"""The portfolio as the command line prints it: an aligned table, CSV for a spreadsheet, or JSON.

Each gives every account's line and the landlocked warnings: the table under its rows, the JSON in
``warnings``; CSV holds the rows alone (the command says the warnings on standard error). The amounts are
the account's forecast in its account executive's currency (the ``currency`` of each line): the open deals
by category, and ``closed``, the deals won this fiscal year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from accountplan.analysis.portfolio import OPEN_CATEGORIES, short_money
from accountplan.interchange.actions_csv import neutralise
from accountplan.model.enums import ForecastCategory
from accountplan.model.text_rules import printable
from accountplan.plan.account_fit import FIT_CRITERIA
from accountplan.plan.portfolio import Portfolio, PortfolioRow

FORMATS = ("table", "csv", "json")
#: The CSV's columns: a spreadsheet reads the amounts as numbers and the dates as dates.
CSV_HEADER = (
    "Account",
    "Status",
    "Seller",
    "Currency",
    *(category.label for category in OPEN_CATEGORIES),
    "Open pipeline",
    "Closed this fiscal year",
    "Next meeting",
    "Overdue actions",
    "Decisive people without working coverage",
    "Who",
    "Last update",
    "Fit score",
    "Fit criteria met",
)
_TABLE_HEADER = (
    "Account",
    "Status",
    "Seller",
    *(category.label for category in OPEN_CATEGORIES),
    "Next meeting",
    "Overdue",
    "Uncovered",
    "Last update",
    "Fit",
)
#: Columns aligned to the right (the amounts and counts).
_RIGHT = frozenset({3, 4, 5, 7, 8, 10})


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def _moment(value: dt.datetime | None) -> str:
    """A change-log time in UTC to the second: "2026-12-07T15:20:00Z"."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else ""


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _width(text: str) -> int:
    """The columns ``text`` takes on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    room = " " * max(0, width - _width(text))
    return room + text if right else text + room


def _one_line(text: str) -> str:
    return " ".join(printable(text).split())


def _table_cells(row: PortfolioRow) -> list[str]:
    return [
        _one_line(row.name),
        row.status.label,
        _one_line(row.seller) or "—",
        *(short_money(row.pipeline[category], row.currency) for category in OPEN_CATEGORIES),
        _day(row.next_meeting) or "—",
        str(row.overdue_actions),
        str(len(row.uncovered_decisive)),
        row.last_update.astimezone(dt.UTC).date().isoformat() if row.last_update else "—",
        row.fit_text,
    ]


def portfolio_table(portfolio: Portfolio) -> str:
    """The accounts in aligned columns, then the amounts not converted and the landlocked warnings."""
    if not portfolio.rows:
        return "No accounts yet; add the demo with 'accountplan demo'.\n"
    rows = [list(_TABLE_HEADER), *(_table_cells(row) for row in portfolio.rows)]
    widths = [max(_width(cells[column]) for cells in rows) for column in range(len(_TABLE_HEADER))]
    lines = [
        "  ".join(
            _pad(cell, widths[column], right=column in _RIGHT) for column, cell in enumerate(cells)
        ).rstrip()
        for cells in rows
    ]
    notes = [_one_line(gap) for row in portfolio.rows for gap in row.unconverted]
    warnings = [_one_line(warning) for warning in portfolio.warnings]
    text = "\n".join(lines)
    for block in (notes, warnings):
        if block:
            text += "\n\n" + "\n".join(block)
    return text + "\n"


def portfolio_csv(portfolio: Portfolio) -> str:
    """Every account's line, header first; amounts with two decimals, no formula in any cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in portfolio.rows:
        cells: Sequence[str] = (
            row.name,
            row.status.label,
            row.seller,
            row.currency,
            *(_amount(row.pipeline[category]) for category in OPEN_CATEGORIES),
            _amount(row.open_pipeline),
            _amount(row.pipeline[ForecastCategory.CLOSED]),
            _day(row.next_meeting),
            str(row.overdue_actions),
            str(len(row.uncovered_decisive)),
            "; ".join(row.uncovered_decisive),
            _moment(row.last_update),
            str(row.fit_score),
            "; ".join(criterion.label for criterion in row.fit),
        )
        writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def portfolio_document(portfolio: Portfolio) -> dict[str, Any]:
    """The portfolio as JSON values: amounts as exact decimal strings, dates in ISO 8601."""
    return {
        "today": portfolio.today.isoformat(),
        "accounts": [
            {
                "name": row.name,
                "status": row.status.value,
                "status_label": row.status.label,
                "seller": row.seller,
                "currency": row.currency,
                "pipeline": {category.value: _amount(amount) for category, amount in row.pipeline.items()},
                "open_pipeline": _amount(row.open_pipeline),
                "not_converted": list(row.unconverted),
                "basis": row.basis,
                "next_meeting": _day(row.next_meeting) or None,
                "overdue_actions": row.overdue_actions,
                "uncovered_decisive": list(row.uncovered_decisive),
                "last_update": _moment(row.last_update) or None,
                "fit": {
                    "score": row.fit_score,
                    "of": FIT_CRITERIA,
                    "met": [criterion.value for criterion in row.fit],
                },
            }
            for row in portfolio.rows
        ],
        "warnings": list(portfolio.warnings),
    }


def portfolio_json(portfolio: Portfolio) -> str:
    return json.dumps(portfolio_document(portfolio), ensure_ascii=False, indent=2) + "\n"

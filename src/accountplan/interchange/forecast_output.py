"""The portfolio's forecast as ``accountplan portfolio --forecast`` prints it: the Forecast tab, in text.

Whose forecast and in which currency, a table of closed, commit, best case, pipeline and weighted for each
quarter of the current fiscal year, the year and the next (amounts shortened as the portfolio's table has
them), the basis, the rates used, the deals not converted, and how it moved.
"""

from __future__ import annotations

from accountplan.analysis.portfolio import short_money
from accountplan.model.text_rules import printable
from accountplan.plan.portfolio_forecast import PortfolioForecast


def _one_line(text: str) -> str:
    return " ".join(printable(text).split())


def forecast_text(forecast: PortfolioForecast) -> str:
    """The forecast of :func:`~accountplan.plan.portfolio_forecast.read_portfolio_forecast`, in lines."""
    periods = forecast.periods
    head = ["", *(forecast.heading(period) for period in periods)]
    months = ["", *(period.months for period in periods)]
    rows = [
        [name, *(short_money(value, forecast.currency) if value else "—" for value in values)]
        for name, values in forecast.rows()
    ]
    table = [head, months, *rows]
    widths = [max(len(cells[column]) for cells in table) for column in range(len(head))]
    lines = [_one_line(forecast.title), ""]
    for cells in table:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        lines.append("  ".join([first, *rest]).rstrip())
    lines += ["", *(_one_line(note) for note in forecast.notes())]
    gaps = forecast.not_converted()
    if gaps:
        lines += ["", f"Not converted ({len(gaps)}):", *(f"  {_one_line(gap)}" for gap in gaps)]
    lines += ["", forecast.movement_title]
    for line in forecast.movement_lines():
        lines.append(f"  {_one_line(line)}" if line.startswith("•") else _one_line(line))
    return "\n".join(lines) + "\n"

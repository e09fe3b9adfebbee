"""The meeting pack's "Forecast" section (internal): the roll-up by category and how it moved since the last meeting."""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, Paragraph

from accountplan.analysis.forecast import COLUMNS, Buckets, ForecastMovement, Rollup, money
from accountplan.reports.document import body, heading, style, table
from accountplan.reports.markup import markup


def _amount(value: Decimal, currency: str) -> str:
    return money(value, currency) if value else "—"


def _bullets(lines: list[str]) -> list[Flowable]:
    return [Paragraph(markup(line), style("body"), bulletText="•") for line in lines]


def forecast_story(rollup: Rollup, movement: ForecastMovement | None, as_of: str) -> list[Flowable]:
    """The section: the basis, this quarter / this year / next year by category, the moves, rates and notes."""
    currency = rollup.currency
    quarter, year = rollup.this_quarter, rollup.this_year
    following = rollup.calendar.year(year.fiscal_year + 1)
    periods: list[tuple[str, Buckets]] = [
        (f"{quarter.label} ({quarter.months})", rollup.current_quarter),
        (f"{year.label} ({year.months})", rollup.current_year),
        (f"{following.label} ({following.months})", rollup.year(following.fiscal_year)),
    ]
    story: list[Flowable] = [heading("Forecast")]
    story += body(f"Amounts {rollup.basis}, as of {as_of}.")
    rows = [
        (category.label, *(_amount(buckets.of(category), currency) for _, buckets in periods))
        for category in COLUMNS
    ]
    rows.append(("Weighted", *(_amount(buckets.weighted, currency) for _, buckets in periods)))
    story.append(table(("", *(name for name, _ in periods)), rows, (0.19, 0.27, 0.27, 0.27)))
    if rollup.undated.deals:
        story += body(
            f"Open deals without an expected close: {money(rollup.undated.open, currency)} "
            f"({rollup.undated.deals} deal{'s' if rollup.undated.deals > 1 else ''})."
        )
    story += body(rollup.rates_text)
    if rollup.notes:
        story += _bullets(list(rollup.notes))
    if rollup.not_converted:
        story.append(heading(f"Not converted ({len(rollup.not_converted)})", level=2))
        story += _bullets([gap.text for gap in rollup.not_converted])
    if movement is None:
        story.append(heading("How it moved", level=2))
        story += body("No alignment meeting was held before this one: there is nothing to compare with.")
        return story
    story.append(heading(f"How it moved since the {movement.since_text}", level=2))
    story += body(
        f"{movement.this_year.label}: {movement.summary()}. "
        f"{movement.this_quarter.label}: {movement.summary(year=False)}."
    )
    story += _bullets([move.text for move in movement.moves]) if movement.moves else body("No deal moved.")
    return story

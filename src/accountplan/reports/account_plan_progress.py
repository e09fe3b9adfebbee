"""The account plan's Progress section (issue #18): a small line chart per measure over time, then the numbers.

The measures are :mod:`accountplan.analysis.progress`'s, at the ends of the last twelve months and today
(the account rebuilt from its change log for each day); the charts are reportlab shapes with real text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether

from accountplan.analysis.progress import MEASURES, ProgressPoint
from accountplan.model.enums import Stance
from accountplan.reports.account_plan_sections import day, say, section, titled
from accountplan.reports.chart_style import ACCENT, STANCE_COLOURS
from accountplan.reports.document import TEXT_WIDTH, heading, table
from accountplan.reports.fonts import SANS, SANS_BOLD

#: Each measure's colour, in the order of :data:`~accountplan.analysis.progress.MEASURES`.
COLOURS = (ACCENT, "#7a4fb5", STANCE_COLOURS[Stance.CHAMPION], STANCE_COLOURS[Stance.DETRACTOR], "#4d5966")
#: The small charts: this many abreast, each this tall (points), this far apart.
ABREAST, PANEL_HEIGHT, GAP = 2, 120.0, 18.0
MUTED = colors.HexColor("#5f6873")


def value_of(point: ProgressPoint, measure: str) -> float:
    """What is drawn: the influence share in per cent, else a count."""
    return 100 * point.influence_share if measure == "influence_share" else float(getattr(point, measure))


def value_text(point: ProgressPoint, measure: str) -> str:
    if measure == "influence_share":
        return f"{round(100 * point.influence_share)} %"
    if measure == "decisive_covered":
        return f"{point.decisive_covered} of {point.decisive}"
    return str(getattr(point, measure))


def short_day(point: ProgressPoint) -> str:
    month_end = (point.day + dt.timedelta(days=1)).day == 1
    return point.day.strftime("%b %Y") if month_end else point.day.strftime("%d %b %Y")


def _totals(points: Sequence[ProgressPoint], measure: str) -> list[float]:
    """The decisive people covered are drawn against how many are decisive; other counts against themselves."""
    return [float(point.decisive) for point in points] if measure == "decisive_covered" else []


def progress_drawing(points: Sequence[ProgressPoint], width: float = TEXT_WIDTH) -> Drawing:
    """The small line charts, :data:`ABREAST` to a row, each with its label, today's value and its ends."""
    rows = -(-len(MEASURES) // ABREAST)
    panel_width = (width - GAP * (ABREAST - 1)) / ABREAST
    drawing = Drawing(width, rows * (PANEL_HEIGHT + GAP), initialFontName=SANS.name)
    for index, ((measure, label), colour) in enumerate(zip(MEASURES, COLOURS, strict=True)):
        row, column = divmod(index, ABREAST)
        left = column * (panel_width + GAP)
        top = drawing.height - row * (PANEL_HEIGHT + GAP)
        stroke = colors.HexColor(colour)
        drawing.add(String(left, top - 10, label, fontName=SANS.name, fontSize=8.5, fillColor=MUTED))
        drawing.add(
            String(
                left,
                top - 26,
                value_text(points[-1], measure),
                fontName=SANS_BOLD.name,
                fontSize=12,
                fillColor=stroke,
            )
        )
        plot_left, plot_right, plot_bottom, plot_top = (
            left + 4,
            left + panel_width - 4,
            top - PANEL_HEIGHT + 14,
            top - 34,
        )
        values = [value_of(point, measure) for point in points]
        highest = 100.0 if measure == "influence_share" else max(*values, *_totals(points, measure), 1.0)
        drawing.add(
            Line(plot_left, plot_bottom, plot_right, plot_bottom, strokeColor=colors.HexColor("#c4c8ce"))
        )
        drawing.add(
            String(
                plot_right,
                plot_top - 2,
                f"{highest:g}{' %' if measure == 'influence_share' else ''}",
                fontName=SANS.name,
                fontSize=6.5,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
        step = (plot_right - plot_left) / max(len(points) - 1, 1)
        places = [
            (plot_left + step * i, plot_bottom + value / highest * (plot_top - plot_bottom - 8))
            for i, value in enumerate(values)
        ]
        if len(places) > 1:
            drawing.add(PolyLine([c for place in places for c in place], strokeColor=stroke, strokeWidth=1.6))
        for x, y in places:
            drawing.add(Circle(x, y, 2.2, fillColor=stroke, strokeColor=stroke))
        for text, x, anchor in ((short_day(points[0]), plot_left, "start"), ("today", plot_right, "end")):
            drawing.add(
                String(
                    x,
                    plot_bottom - 10,
                    text,
                    fontName=SANS.name,
                    fontSize=7,
                    fillColor=MUTED,
                    textAnchor=anchor,
                )
            )
    return drawing


def progress_section(points: Sequence[ProgressPoint]) -> list[Flowable]:
    """The Progress section: the lines, then each day's numbers in a table."""
    if not points:
        return section(
            "Progress", say("The account has no history yet: its progress shows from its first month.")
        )
    first, last = points[0], points[-1]
    story: list[Flowable] = [
        KeepTogether(
            [
                heading("Progress"),
                *say(
                    f"The account as it was at the end of each month from {day(first.day)} to {day(last.day)} (today), "
                    "rebuilt from the plan's change log: how much of the active people's influence someone on our side "
                    "knows at working strength or better, the decisive people so covered, the champions, the "
                    "detractors and the people known."
                ),
                progress_drawing(points),
            ]
        )
    ]  # the heading, the sentence and the lines on one page
    header = ("Day", *(label for _, label in MEASURES))
    rows = [(day(point.day), *(value_text(point, measure) for measure, _ in MEASURES)) for point in points]
    story += titled("Each month's numbers", table(header, rows, (0.16, 0.2, 0.18, 0.14, 0.14, 0.18)))
    return story

"""The internal account plan: everything the deal team knows about the account, in one PDF.

A cover and a table of contents, then one bookmarked section each: the account, the org chart and influence
(the chart on A4 landscape pages, in tiles after a map of them when large), the findings, coverage, the progress
over the last year (from the change log), the opportunities and both processes, win / loss, the decision process, MEDDPICC, the red flags, the 3-year
journey, the whitespace map, the open actions and the numbers. Every page's footer says it is internal; an
empty section says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from accountplan.reports.account_plan_data import AccountPlanData, read_account_plan
from accountplan.reports.account_plan_deals import (
    decision_section,
    opportunities_section,
    qualification_section,
    red_flags_section,
    win_loss_section,
)
from accountplan.reports.account_plan_outlook import (
    actions_section,
    journey_section,
    numbers_section,
    whitespace_section,
)
from accountplan.reports.account_plan_people import coverage_section, findings_section, org_chart_section
from accountplan.reports.account_plan_progress import progress_section
from accountplan.reports.account_plan_sections import account_section, day
from accountplan.reports.document import ContentsPage, DocumentInfo, build_document, section_titles, style
from accountplan.reports.fonts import register_fonts
from accountplan.reports.markup import markup

__all__ = ["AccountPlanData", "INTERNAL", "account_plan_story", "read_account_plan", "write_account_plan"]

#: What the cover and every footer say about who may read the plan.
INTERNAL = "Internal: for the deal team only"


def _cover(data: AccountPlanData, today: dt.date, sections: list[Flowable]) -> list[Flowable]:
    return [
        Paragraph(markup(data.account.name, bold=True), style("title")),
        Paragraph(markup("Account plan"), style("subtitle")),
        Spacer(1, 4),
        Paragraph(markup(f"{INTERNAL} · prepared {day(today)}"), style("small")),
        Spacer(1, 24),
        Paragraph(markup("Contents", bold=True), style("h2")),
        ContentsPage(section_titles(sections)),
        PageBreak(),
    ]


def account_plan_story(
    data: AccountPlanData, today: dt.date
) -> tuple[list[Flowable], dict[str, tuple[float, float]]]:
    """The flowables of the plan in reading order, and the page templates (by id and size) they switch to."""
    register_fonts()  # the chart and the whitespace map measure text before anything is drawn
    chart, page_sizes = org_chart_section(data)
    sections = [
        *account_section(data),
        *chart,
        *findings_section(data),
        *coverage_section(data),
        *progress_section(data.progress),
        *opportunities_section(data),
        *win_loss_section(data),
        *decision_section(data),
        *qualification_section(data),
        *red_flags_section(data),
        *journey_section(data),
        *whitespace_section(data),
        *actions_section(data),
        *numbers_section(data),
    ]
    return [*_cover(data, today, sections), *sections], page_sizes


def write_account_plan(data: AccountPlanData, target: Path | IO[bytes], today: dt.date) -> int:
    """Write the account plan PDF (internal; table of contents and bookmarks); return its number of pages."""
    name = data.account.name
    info = DocumentInfo(
        title=f"Account plan — {name}",
        author="",
        subject=f"Internal account plan of {name}, for the deal team only",
        keywords="account plan, internal",
        footer=f"{name} · account plan · {INTERNAL.lower()} · {day(today)}",
    )
    story, page_sizes = account_plan_story(data, today)
    return build_document(
        target, info, story, bookmarks=True, page_sizes=page_sizes
    )  # one pass: see ContentsPage

"""The account plan's shared wording (dates, money, bullets, empty sections) and its first section: the account."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from accountplan.reports.account_plan_data import AccountPlanData
from accountplan.reports.document import TEXT_WIDTH, body, heading, style, table
from accountplan.reports.markup import markup

__all__ = ["DATE", "account_section", "bullets", "day", "money", "say", "section", "titled"]

#: The width of a date column (fraction of the text width): "30 Sep 2027" on one line.
DATE = 0.15
#: A section starts on a new page when less than this is left (points): a heading never ends a page.
SECTION_ROOM = 200
#: A table at most this tall (points) stays on one page with its heading…
KEEP_WHOLE = 300
#: … a taller one starts under its heading when this much room is left for its first rows.
TABLE_ROOM = 120


def day(value: dt.date | None) -> str:
    """A date as the plan writes it ("31 Mar 2027"); "—" for none."""
    return value.strftime("%d %b %Y") if value else "—"


def money(amount: Decimal | None, currency: str) -> str:
    """A whole amount with its currency and thousands separators; "—" for none."""
    return "—" if amount is None else f"{currency} {amount:,.0f}"


def bullets(lines: Iterable[str]) -> list[Flowable]:
    return [Paragraph(markup(line), style("body"), bulletText="•") for line in lines]


def say(sentence: str) -> list[Flowable]:
    """One plain sentence: what an empty part of the plan says instead of a table."""
    return body(sentence)


def section(title: str, parts: Sequence[Flowable]) -> list[Flowable]:
    """A level-1 section (bookmarked, in the table of contents) with its flowables."""
    return [CondPageBreak(SECTION_ROOM), heading(title), *parts]


def titled(title: str, content: Flowable) -> list[Flowable]:
    """A level-2 heading and the table under it, never apart.

    A short table moves to the next page whole with its heading; a long one starts at the foot of a page
    when its heading and first rows fit there.
    """
    head = heading(title, level=2)
    _, height = content.wrap(TEXT_WIDTH, 1e9)
    if height <= KEEP_WHOLE:
        return [head, content]
    head.keepWithNext = False
    return [CondPageBreak(TABLE_ROOM), head, content]


def _table_part(
    title: str, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], empty: str
) -> list[Flowable]:
    """A titled table, or the title and the sentence that says there is nothing to list."""
    if rows:
        return titled(title, table(header, rows, widths))
    return [heading(title, level=2), *say(empty)]


def _text_part(title: str, text: str) -> list[Flowable]:
    return [heading(title, level=2), *body(text)] if text.strip() else []


def account_section(data: AccountPlanData) -> list[Flowable]:
    """The account: who they are, their vision and initiatives, where they spend, who competes with us."""
    facts = data.account
    story: list[Flowable] = [
        table(
            ("Industry", "Region", "Currency", "Fiscal year starts", "Status"),
            [
                (
                    facts.industry or "—",
                    facts.region or "—",
                    facts.currency,
                    calendar.month_name[facts.fiscal_year_start_month],
                    facts.status,
                )
            ],
            (0.24, 0.2, 0.12, 0.18, 0.26),
        )
    ]
    story += _text_part("Description", facts.description)
    story += _text_part("Vision", facts.vision)
    plans = [(i.title, i.sponsor or "—", i.description or "—") for i in data.initiatives]
    story += _table_part(
        "Initiatives",
        ("Initiative", "Sponsor", "What it is"),
        plans,
        (0.3, 0.2, 0.5),
        "No strategic initiative is recorded yet.",
    )
    zones = [
        (z.name, money(z.annual_spend, facts.currency), z.incumbent_solution or "—", z.shortcomings or "—")
        for z in data.spend_zones
    ]
    story += _table_part(
        "Spend zones",
        ("Zone", "Annual spend", "Incumbent solution", "Shortcomings"),
        zones,
        (0.2, 0.22, 0.22, 0.36),
        "No spend zone is recorded yet.",
    )
    rivals = [
        (
            f"{c.name} (incumbent)" if c.is_incumbent else c.name,
            c.solution or "—",
            "\n".join(
                f"{label}: {text}"
                for label, text in (("Strengths", c.strengths), ("Weaknesses", c.weaknesses))
                if text
            )
            or "—",
            c.strategy or "—",
        )
        for c in data.competitors
    ]
    story += _table_part(
        "Competitors and our strategy",
        ("Competitor", "Solution", "Strengths and weaknesses", "Our strategy"),
        rivals,
        (0.17, 0.18, 0.33, 0.32),
        "No competitor is recorded yet.",
    )
    story += _text_part("Internal notes", facts.internal_notes)
    return section("The account", story)

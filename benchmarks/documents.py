"""The PDF exports (read, build, write) against a bare reportlab document of the same page count.

The anchor is what reportlab alone costs for that many pages of the same kind: on each page a heading and a
table of Paragraph cells in DejaVu Sans (embedded as a subset, as ours are), built with SimpleDocTemplate
into memory. The success plan and the meeting pack are the demo account's; the account plan is a synthetic
account large enough for about a hundred pages, and half of it for the growth.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.accounts import synthetic_account
from benchmarks.report import Row, best_times, within

SUCCESS_PLAN_GOAL_S = 0.5
ACCOUNT_PLAN_GOAL = 1.5  # × bare reportlab
#: People in the synthetic account whose plan runs to about a hundred pages (and in quick mode).
LARGE, QUICK_LARGE = 1_300, 130
ROWS_PER_PAGE = 22  # as many as fit: the bare document must come to exactly the pages asked for


def bare_document(pages: int) -> int:
    """Build a ``pages``-page document with reportlab alone, into memory; its page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    text = ParagraphStyle("bare", fontName="BareSans", fontSize=9, leading=11)
    title = ParagraphStyle("bare-heading", fontName="BareSans", fontSize=16, leading=20)
    story: list[object] = []
    for page in range(pages):
        story.append(Paragraph(f"Section {page + 1}: people, coverage and actions", title))
        rows = [
            [
                Paragraph(f"Zoë Lefèvre {page}-{row}", text),
                Paragraph("Director of supply chain", text),
                Paragraph("Working relationship, last touched 12 days ago", text),
                Paragraph(f"{row % 5 + 1}/5", text),
            ]
            for row in range(ROWS_PER_PAGE)
        ]
        story.append(Table(rows, colWidths=[120, 130, 180, 40]))
        if page < pages - 1:
            story.append(PageBreak())
    document = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    document.build(story)  # type: ignore[arg-type]
    return int(document.page)


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def _register_bare_font() -> None:
    from importlib import resources

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = resources.files("accountplan.resources").joinpath("fonts/DejaVuSans.ttf").read_bytes()
    pdfmetrics.registerFont(TTFont("BareSans", io.BytesIO(font)))


def run(quick: bool = False) -> list[Row]:
    from sqlalchemy import select

    from accountplan.interchange.demo import load_demo
    from accountplan.model import Account
    from accountplan.reports import exports
    from accountplan.store.database import Database

    _register_bare_font()
    today = dt.date.today()  # the demo's dates are set relative to today when it is loaded
    repeats = 1 if quick else 3
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.pdf"
        with Database.open(Path(folder) / "documents.sqlite", user="bench") as database:
            load_demo(database)
            large = QUICK_LARGE if quick else LARGE
            half_id = synthetic_account(database, large // 2, "Half")
            large_id = synthetic_account(database, large, "Large")
            with database.session() as session:
                demo_id = session.scalar(select(Account.id).order_by(Account.id))
                meeting_id = exports.find_meeting(session, demo_id, None, today)

            def export(write: Callable[..., exports.ExportedDocument], subject: int) -> Callable[[], int]:
                def work() -> int:
                    with database.session() as session:
                        return write(session, subject, target, today).pages

                return work

            def measure(work: Callable[[], int]) -> tuple[float, float, int]:
                """(seconds, bare reportlab seconds for as many pages, pages)."""
                pages = work()
                if bare_document(pages) != pages:
                    raise RuntimeError(f"the bare document did not come to {pages} pages: fewer rows a page")
                ours, bare = best_times(work, lambda: bare_document(pages), repeats=repeats)
                return ours, bare, pages

            success, success_bare, success_pages = measure(export(exports.export_success_plan, demo_id))
            rows.append(
                Row(
                    f"success plan PDF, demo account ({_pages(success_pages)})",
                    success,
                    success_bare,
                    goal=f"≤ {SUCCESS_PLAN_GOAL_S} s",
                    met=success <= SUCCESS_PLAN_GOAL_S,
                    note=f"{success / success_pages * 1000:.0f} ms/page; anchor: bare reportlab, same pages",
                )
            )
            pack, pack_bare, pack_pages = measure(export(exports.export_meeting_pack, meeting_id))
            rows.append(
                Row(
                    f"meeting pack PDF, demo account ({_pages(pack_pages)})",
                    pack,
                    pack_bare,
                    note=f"{pack / pack_pages * 1000:.0f} ms/page",
                )
            )
            half, _, half_pages = measure(export(exports.export_account_plan, half_id))
            plan, plan_bare, plan_pages = measure(export(exports.export_account_plan, large_id))
            rows.append(
                within(
                    f"account plan PDF, {large:,} people ({_pages(plan_pages)})",
                    plan,
                    plan_bare,
                    ACCOUNT_PLAN_GOAL,
                    "bare reportlab",
                    judged=not quick,
                    note=f"{plan / plan_pages * 1000:.0f} ms/page; ×2 work: {half_pages} → {plan_pages} pages",
                    growth=plan / half,
                )
            )
    return rows

"""The success plan, the one document the customer receives: built only from a :class:`SharedSuccessPlan`.

It takes no session and no model object: what it can show is what ``reports.shareable`` let through.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from accountplan.model.enums import MilestoneStatus, SuccessPhase
from accountplan.reports.document import (
    RULE,
    TEXT_WIDTH,
    DocumentInfo,
    body,
    build_document,
    heading,
    style,
    table,
)
from accountplan.reports.logos import Logo
from accountplan.reports.markup import markup
from accountplan.reports.shareable import SharedSignatory, SharedSuccessPlan

__all__ = [
    "PHASE_NAMES",
    "agreed_by",
    "change_rows",
    "date_label",
    "status_label",
    "success_plan_story",
    "write_success_plan",
]

#: A logo's box on the cover, in points: it is scaled to fit, never stretched.
_LOGO_BOX = (60 * mm, 22 * mm)
#: Half the width a flowable has in the page's frame (the frame pads the text width by 6 points a side).
_HALF = (TEXT_WIDTH - 12) / 2

#: The name of each phase of the milestones, as both the PDF and the deck head them.
PHASE_NAMES = {
    SuccessPhase.DEPLOYMENT: "Deployment",
    SuccessPhase.ADOPTION: "Adoption",
    SuccessPhase.BUSINESS_IMPACT: "Business impact",
}


def date_label(day: dt.date | None) -> str:
    """A date as the success plan shows it (07 Dec 2026), or a dash."""
    return day.strftime("%d %b %Y") if day else "—"


def status_label(status: MilestoneStatus) -> str:
    """A milestone's status as the success plan shows it."""
    return {
        MilestoneStatus.PLANNED: "Planned",
        MilestoneStatus.REACHED: "Reached",
        MilestoneStatus.MISSED: "Missed",
    }[status]


def agreed_by(plan: SharedSuccessPlan) -> list[tuple[str, SharedSignatory | None]]:
    """The two sides that sign, each with who signs for it: the customer first, then us."""
    return [(plan.account, plan.customer_signatory), (plan.our_company or "us", plan.our_signatory)]


def change_rows(plan: SharedSuccessPlan, today: dt.date) -> list[tuple[str, str, str]]:
    """The lines of "What changed since revision N": (what happened, the objective or milestone, the dates).

    Added, moved and reached since the revision, then the milestones late today (their date passed, not
    reached), in the customer's words.
    """
    rows: list[tuple[str, str, str]] = []
    words = {"added": "New", "moved": "Moved", "reached": "Reached"}
    for change in plan.changes.changes if plan.changes else ():
        thing = f"{change.item.capitalize()}: {change.title}"
        if change.kind == "moved":
            when = f"from {date_label(change.was)} to {date_label(change.due)}"
        elif change.kind == "reached":
            when = f"planned for {date_label(change.due)}" if change.due else ""
        else:
            when = f"by {date_label(change.due)}" if change.due else ""
        rows.append((words[change.kind], thing, when))
    for milestone in plan.milestones:
        if (
            milestone.due is not None
            and milestone.due < today
            and milestone.status is not MilestoneStatus.REACHED
        ):
            late = (today - milestone.due).days
            rows.append(
                ("Late", f"Milestone: {milestone.title}", f"due {date_label(milestone.due)}, {late} days ago")
            )
    return rows


def _logo(logo: Logo | None) -> Flowable | str:
    """A logo scaled into its box on the cover (from the PNG bytes we encoded), or nothing."""
    if logo is None:
        return ""
    box_width, box_height = _LOGO_BOX
    scale = min(box_width / logo.width, box_height / logo.height)
    if logo.drawing is not None:  # an SVG logo: drawn as vectors, on a copy scaled into the box
        drawing = copy.deepcopy(logo.drawing)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = logo.width * scale, logo.height * scale
        return drawing
    image = Image(io.BytesIO(logo.png), width=logo.width * scale, height=logo.height * scale)
    image.hAlign = "LEFT"
    return image


def _cover(plan: SharedSuccessPlan, today: dt.date) -> list[Flowable]:
    """The cover: both logos, the plan's title, both companies, the version, and the "Agreed by" block."""
    story: list[Flowable] = []
    if plan.logos.customer or plan.logos.ours:
        logos = Table([[_logo(plan.logos.customer), _logo(plan.logos.ours)]], colWidths=(_HALF, _HALF))
        logos.setStyle(
            TableStyle([("ALIGN", (1, 0), (1, 0), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        )
        if plan.logos.ours is not None:
            logos._cellvalues[0][1].hAlign = "RIGHT"
        story += [logos, Spacer(1, 18 * mm)]
    else:
        story.append(Spacer(1, 30 * mm))
    companies = f"{plan.account} and {plan.our_company}" if plan.our_company else plan.account
    story += [
        Paragraph(markup(plan.title, bold=True), style("title")),
        Paragraph(markup(companies), style("subtitle")),
        Paragraph(markup(f"Version {plan.revision} · {date_label(today)}"), style("small")),
        Spacer(1, 30 * mm),
        heading("Agreed by"),
    ]
    cells = []
    for side, signatory in agreed_by(plan):
        lines = [Paragraph(markup(f"For {side}", bold=True), style("body"))]
        if signatory is not None:
            lines.append(Paragraph(markup(signatory.name), style("body")))
            if signatory.title:
                lines.append(Paragraph(markup(signatory.title), style("small")))
        else:
            lines += [
                Spacer(1, 6),
                Paragraph(markup("Name and title: ________________________"), style("small")),
            ]
        lines += [
            Spacer(1, 14 * mm),
            Paragraph(markup("Signature: ________________________"), style("small")),
            Spacer(1, 6 * mm),
            Paragraph(markup("Date: ____________"), style("small")),
        ]
        cells.append(lines)
    block = Table([cells], colWidths=(_HALF, _HALF))
    block.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), style("body").fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story += [block, PageBreak()]
    return story


def _changes(plan: SharedSuccessPlan, today: dt.date) -> list[Flowable]:
    """The page "What changed since revision N" (nothing for the first revision)."""
    if plan.changes is None:
        return []
    since = plan.changes.since_revision
    story: list[Flowable] = [heading(f"What changed since revision {since}")]
    rows = change_rows(plan, today)
    if not rows:
        story += body(f"No objective or milestone has changed since revision {since}.")
    else:
        story += body(f"Since revision {since} of {date_label(plan.changes.since.date())}:")
        story.append(table(("", "Objective or milestone", "When"), rows, (0.14, 0.52, 0.34)))
    story.append(PageBreak())
    return story


def success_plan_story(plan: SharedSuccessPlan, today: dt.date) -> list[Flowable]:
    """The flowables of the success plan, in reading order."""
    story: list[Flowable] = [*_cover(plan, today), *_changes(plan, today)]
    story.append(heading(f"What success means for {plan.account}"))
    story += body(plan.definition_of_success or "To be agreed together.")
    if plan.objectives:
        story.append(heading("Objectives"))
        rows = [(o.metric, o.baseline or "—", o.target or "—", date_label(o.due)) for o in plan.objectives]
        story.append(table(("Objective", "Today", "Target", "By"), rows, (0.46, 0.18, 0.18, 0.18)))
    if plan.milestones:
        story.append(heading("Milestones: from deployment to business impact"))
        for phase in SuccessPhase:
            steps = [m for m in plan.milestones if m.phase is phase]
            if not steps:
                continue
            cells = [
                (
                    m.title,
                    date_label(m.due),
                    m.customer_owner or "—",
                    m.our_owner or "—",
                    status_label(m.status),
                )
                for m in steps
            ]
            story.append(
                KeepTogether(
                    [
                        heading(PHASE_NAMES[phase], level=2),
                        table(
                            ("Milestone", "When", "Your owner", "Our owner", "Status"),
                            cells,
                            (0.32, 0.15, 0.2, 0.2, 0.13),
                        ),
                    ]
                )
            )
    if plan.responsibilities:
        story.append(heading("Who does what"))
        rows = [
            (r.description, r.customer_owner or "—", r.our_owner or "—", date_label(r.due))
            for r in plan.responsibilities
        ]
        story.append(table(("Responsibility", "Your side", "Our side", "By"), rows, (0.4, 0.22, 0.22, 0.16)))
    if plan.next_steps.strip():
        story.append(heading("Next steps"))
        story += body(plan.next_steps)
    return story


def write_success_plan(plan: SharedSuccessPlan, target: Path | IO[bytes], today: dt.date) -> int:
    """Write the success plan PDF; return its number of pages. Metadata names only the plan and the account."""
    info = DocumentInfo(
        title=f"{plan.title} — {plan.account}",
        author=plan.author,
        subject=f"Success plan for {plan.account}, version {plan.revision}",
        keywords="success plan",
        footer=f"{plan.account} · {plan.title} · version {plan.revision} · {date_label(today)}",
    )
    return build_document(target, info, success_plan_story(plan, today))

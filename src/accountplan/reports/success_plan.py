"""The success plan, the one document the customer receives: built only from a :class:`SharedSuccessPlan`.

It takes no session and no model object: what it can show is what ``reports.shareable`` let through.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from accountplan.model.enums import MilestoneStatus, SuccessPhase
from accountplan.reports.document import DocumentInfo, body, build_document, heading, style, table
from accountplan.reports.markup import markup
from accountplan.reports.shareable import SharedSuccessPlan

__all__ = ["PHASE_NAMES", "date_label", "status_label", "success_plan_story", "write_success_plan"]

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


def success_plan_story(plan: SharedSuccessPlan, today: dt.date) -> list[Flowable]:
    """The flowables of the success plan, in reading order."""
    story: list[Flowable] = [
        Paragraph(markup(plan.title, bold=True), style("title")),
        Paragraph(markup(plan.account), style("subtitle")),
        Paragraph(markup(f"Version {plan.revision} · {date_label(today)}"), style("small")),
        Spacer(1, 10),
        heading(f"What success means for {plan.account}"),
    ]
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

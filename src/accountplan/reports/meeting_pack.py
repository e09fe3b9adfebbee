"""The meeting pack for the bi-monthly alignment meeting (internal): what changed, overdue actions, decisions.

Sections: the agenda of changes since the previous held meeting (read from the change log, as on the Meetings
page), the forecast (this quarter and year by category, and how it moved since the previous meeting), the
org-chart changes (the leadership changes, who joined, who left, who moved under another manager),
the overdue actions by owner, and the decisions — those of this meeting once it is held, else those of the previous meeting, with
where their actions stand.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from sqlalchemy.orm import Session

from accountplan.analysis.change_window import end_of_day, long_day
from accountplan.analysis.changes import (
    ACTIONS_OVERDUE,
    DEPARTED_STAKEHOLDERS,
    LEADERSHIP_CHANGES,
    NEW_STAKEHOLDERS,
    SECTIONS,
    Agenda,
    agenda_for,
    previous_held_meeting,
)
from accountplan.analysis.forecast import ForecastMovement, Rollup
from accountplan.errors import NotFound
from accountplan.model import Account, Meeting
from accountplan.model.enums import MeetingStatus
from accountplan.plan.actions import ActionRow, list_actions
from accountplan.plan.forecast import account_forecast, movement_since_last_meeting
from accountplan.plan.meetings import MeetingDetail, meeting_detail
from accountplan.reports.account_plan_people import CHART_PAPER, CHART_TEMPLATE, FOOTER_BAND, ChartPage
from accountplan.reports.change_chart import (
    ChangeChart,
    change_geometry,
    change_text,
    legend_entries,
    read_change_chart,
)
from accountplan.reports.document import DocumentInfo, body, build_document, heading, style, table
from accountplan.reports.forecast_section import forecast_story
from accountplan.reports.markup import markup
from accountplan.reports.org_chart_paper import fitted_room
from accountplan.reports.org_chart_sheets import paper_chart_pages

__all__ = ["MeetingPack", "read_meeting_pack", "write_meeting_pack"]

#: Agenda sections the pack shows in sections of their own (org chart changes; overdue actions by owner).
_OWN_SECTIONS = frozenset({LEADERSHIP_CHANGES, NEW_STAKEHOLDERS, DEPARTED_STAKEHOLDERS, ACTIONS_OVERDUE})


@dataclass(frozen=True)
class MeetingPack:
    account: str
    meeting: MeetingDetail
    agenda: Agenda
    #: The org-chart changes since the previous held meeting (None when none was held before this one).
    org_changes: ChangeChart | None
    overdue: tuple[ActionRow, ...]
    #: The decisions shown, and the meeting they were taken at (this one, or the previous one).
    decisions_meeting: MeetingDetail | None
    #: The account's forecast as of the meeting (today for one ahead), and how it moved since the previous one.
    forecast: Rollup | None = None
    forecast_moves: ForecastMovement | None = None


def read_meeting_pack(session: Session, meeting_id: int, today: dt.date) -> MeetingPack:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting with id {meeting_id}; it may have been deleted.")
    account = session.get(Account, meeting.account_id)
    assert account is not None
    agenda = agenda_for(session, meeting_id, today)
    detail = meeting_detail(session, meeting_id)
    if meeting.status is MeetingStatus.HELD and detail.decisions:
        decided: MeetingDetail | None = detail
    else:
        previous = previous_held_meeting(session, meeting)
        decided = meeting_detail(session, previous.id) if previous is not None else None
    overdue = tuple(row for row in list_actions(session, meeting.account_id, today) if row.overdue)
    past = meeting.held_on < today
    forecast = account_forecast(
        session,
        meeting.account_id,
        min(meeting.held_on, today),
        as_of=end_of_day(meeting.held_on) if past else None,
    )
    moves = movement_since_last_meeting(session, meeting.account_id, today, meeting_id=meeting.id)
    previous = previous_held_meeting(session, meeting)
    org_changes = None
    if previous is not None:
        until = min(meeting.held_on, today)
        since = min(previous.held_on, until)
        org_changes = read_change_chart(session, meeting.account_id, since, until, today)
    return MeetingPack(
        account.name,
        detail,
        agenda,
        org_changes,
        overdue,
        decided,
        forecast,
        moves,
    )


def _date(day: dt.date | None) -> str:
    return day.strftime("%d %b %Y") if day else "—"


def _bullets(lines: list[str] | tuple[str, ...]) -> list[Flowable]:
    return [Paragraph(markup(line), style("body"), bulletText="•") for line in lines]


def org_changes_story(chart: ChangeChart | None) -> tuple[list[Flowable], dict[str, tuple[float, float]]]:
    """The org-chart changes: a sentence, the chart on its own pages, then the list; the chart's page size."""
    story: list[Flowable] = [heading("Org chart changes")]
    if chart is None:
        story += body(
            "No meeting was held before this one, so there is no earlier org chart to compare with."
        )
        return story, {}
    changes = chart.changes
    since = long_day(changes.since)
    if not changes.changes:
        story += body(
            f"Nobody joined, left, moved or changed title, stance, influence or coverage since {since}."
        )
        return story, {}
    width, height = fitted_room(CHART_PAPER, bottom=FOOTER_BAND)
    geometry = change_geometry(chart, width / height)
    used = {kind for found in chart.marks.values() for kind in found}
    pages = paper_chart_pages(
        geometry,
        CHART_PAPER,
        title=f"Org chart changes since {since}",
        subtitle=f"{len(chart.marks)} people changed, with their managers · as of {long_day(changes.until)}",
        include_influence=False,
        bottom=FOOTER_BAND,
        marks=legend_entries(used),
    )
    count = len(changes.changes)
    where = "on the next page" if pages.pages == 1 else f"on the next {pages.pages} pages (a map, then tiles)"
    story += body(
        f"{count} change{'s' if count != 1 else ''} to {len(chart.marks)} people since {since}, drawn {where}: "
        "each changed card has a coloured tag for each kind of change (see the legend), beside the "
        "managers for context; the changes are listed after the chart."
    )
    story.append(PageBreak(CHART_TEMPLATE))
    story += [ChartPage(pages, number) for number in range(1, pages.pages + 1)]
    story += [PageBreak("page"), heading(f"Changes since {since} ({count})", level=2)]
    story += _bullets([change_text(change) for change in changes.changes])
    if changes.notes:
        story += [Paragraph(markup(note), style("small")) for note in changes.notes]
    return story, {CHART_TEMPLATE: pages.plan.page_size}


def meeting_pack_story(pack: MeetingPack, today: dt.date) -> list[Flowable]:
    """The pack's flowables (see :func:`meeting_pack_pages` for the chart pages' size)."""
    return meeting_pack_pages(pack, today)[0]


def meeting_pack_pages(
    pack: MeetingPack, today: dt.date
) -> tuple[list[Flowable], dict[str, tuple[float, float]]]:
    meeting = pack.meeting
    where = f" · {meeting.location}" if meeting.location else ""
    story: list[Flowable] = [
        Paragraph(markup(meeting.title, bold=True), style("title")),
        Paragraph(markup(f"{pack.account} · {_date(meeting.held_on)}{where}"), style("subtitle")),
        Paragraph(markup(f"Internal: for the deal team only · prepared {_date(today)}"), style("small")),
        Spacer(1, 8),
        heading(f"What changed since {pack.agenda.since_text}"),
    ]
    if pack.agenda.is_empty:
        story += body("Nothing changed in the plan since the last meeting.")
    for section in SECTIONS:
        if section in _OWN_SECTIONS:
            continue
        lines = pack.agenda.lines(section)
        if lines:
            story.append(heading(f"{section} ({len(lines)})", level=2))
            story += _bullets(lines)
    if pack.forecast is not None:
        as_of = _date(meeting.held_on) if meeting.held_on < today else _date(today)
        story += forecast_story(pack.forecast, pack.forecast_moves, as_of)
    chart_story, page_sizes = org_changes_story(pack.org_changes)
    story += chart_story
    story.append(heading(f"Overdue actions ({len(pack.overdue)})"))
    if pack.overdue:
        by_owner: dict[str, list[ActionRow]] = defaultdict(list)
        for row in pack.overdue:
            by_owner[row.owner or "Nobody yet"].append(row)
        for owner in sorted(by_owner, key=lambda name: (-len(by_owner[name]), name.casefold())):
            rows = [(a.title, _date(a.due), f"{a.days_overdue} d", a.purpose or "—") for a in by_owner[owner]]
            story.append(heading(f"{owner} ({len(rows)})", level=2))
            story.append(table(("Action", "Due", "Late", "For"), rows, (0.46, 0.15, 0.09, 0.3)))
    else:
        story += body("No action is overdue.")
    decided = pack.decisions_meeting
    if decided is not None and decided.decisions:
        this_one = decided.id == meeting.id
        title = "Decisions taken" if this_one else f"Decisions of {decided.title} ({_date(decided.held_on)})"
        story.append(heading(title))
        for decision in decided.decisions:
            story.append(heading(decision.text, level=2))
            rows = [
                (action_title, owner or "—", _date(due), status.label)
                for _, action_title, owner, due, status in decision.actions
            ]
            if rows:
                story.append(table(("Action", "Owner", "Due", "Status"), rows, (0.46, 0.24, 0.15, 0.15)))
    if meeting.notes.strip():
        story.append(heading("Notes"))
        story += body(meeting.notes)
    return story, page_sizes


def write_meeting_pack(pack: MeetingPack, target: Path | IO[bytes], today: dt.date) -> int:
    """Write the meeting pack PDF (internal; with bookmarks); return its number of pages."""
    info = DocumentInfo(
        title=f"{pack.meeting.title} — {pack.account}",
        author="",
        subject=f"Meeting pack for {pack.meeting.title} on {_date(pack.meeting.held_on)} (internal)",
        keywords="meeting pack, internal",
        footer=f"{pack.account} · {pack.meeting.title} · internal: for the deal team only",
    )
    story, page_sizes = meeting_pack_pages(pack, today)
    return build_document(target, info, story, bookmarks=True, page_sizes=page_sizes)

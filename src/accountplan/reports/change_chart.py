"""The org-chart changes between two days, drawn (issue #18): the changed people and their managers, tagged.

Each kind of change (:data:`~accountplan.analysis.org_changes.KINDS`) has a short tag in its own colour
(:data:`CHANGE_MARKS`, which the window's org chart shows too), drawn on the person's card as a badge, so
every writer of the chart draws it; the legend names them. The meeting pack puts the chart on A4 landscape
pages (tiled when large) and lists the changes after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from accountplan.analysis import org_changes as kinds
from accountplan.analysis.as_of import graphs_as_of
from accountplan.analysis.graphs import AccountGraphs
from accountplan.analysis.org_changes import OrgChange, OrgChanges, changes_between
from accountplan.reports import chart_style as style
from accountplan.reports.fonts import text_width
from accountplan.reports.org_chart_geometry import Badge, Card, ChartGeometry, chart_geometry

__all__ = [
    "CHANGE_MARKS",
    "ChangeChart",
    "card_marks",
    "change_geometry",
    "change_text",
    "legend_entries",
    "read_change_chart",
    "tag_cards",
]

#: Each kind of change: the tag on a card, its colour, what the legend says.
CHANGE_MARKS: dict[str, tuple[str, str, str]] = {
    kinds.JOINED: ("new", "#2e7d32", "joined"),
    kinds.MANAGER: ("moved", "#1565c0", "moved (new manager)"),
    kinds.TITLE: ("title", "#6a1b9a", "title changed"),
    kinds.STANCE: ("stance", "#c62828", "stance changed"),
    kinds.INFLUENCE: ("infl.", "#b35c00", "influence changed"),
    kinds.LEFT: ("left", "#5f6670", "left"),
    kinds.COVERAGE_GAINED: ("cov.+", "#00796b", "coverage gained"),
    kinds.COVERAGE_LOST: ("cov.−", "#ad1457", "coverage lost"),
}


def card_marks(changes: Iterable[OrgChange]) -> dict[int, tuple[str, ...]]:
    """Each changed person → the kinds of their changes, once each, in the order of KINDS."""
    found: dict[int, set[str]] = {}
    for change in changes:
        found.setdefault(change.person_id, set()).add(change.kind)
    return {pid: tuple(kind for kind in kinds.KINDS if kind in held) for pid, held in found.items()}


def change_text(change: OrgChange) -> str:
    """One change in a sentence."""
    who, before, after = change.person, change.before, change.after
    if change.kind == kinds.JOINED:
        return f"{who} joined" + (f" ({after})" if after else "")
    if change.kind == kinds.LEFT:
        return f"{who} left ({after})"
    if change.kind == kinds.MANAGER:
        return f"{who} moved: reports to {after or 'nobody'} (was {before or 'nobody'})"
    if change.kind in (kinds.COVERAGE_GAINED, kinds.COVERAGE_LOST):
        return f"{change.co_seller} → {who}: {before} → {after}"
    return f"{who}: {change.kind} {before or '(none)'} → {after or '(none)'}"


def legend_entries(used: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The legend's (label, colour) for the kinds ``used``, in the order of KINDS: "new: joined", "left"."""
    held = set(used)
    entries = []
    for kind in kinds.KINDS:
        if kind in held:
            tag, colour, words = CHANGE_MARKS[kind]
            entries.append((words if words.startswith(tag) else f"{tag}: {words}", colour))
    return tuple(entries)


@dataclass(frozen=True)
class ChangeChart:
    """The changes between two days and the graphs to draw them on; ``shown``: the people on the chart."""

    changes: OrgChanges
    graphs: AccountGraphs
    shown: frozenset[int]
    marks: dict[int, tuple[str, ...]]


def read_change_chart(
    session: Session, account_id: int, since: dt.date, until: dt.date, today: dt.date | None = None
) -> ChangeChart:
    """The changes from the end of ``since`` to the end of ``until``, and the people to draw.

    Everyone as at ``until``, but the people who left as they were at ``since`` (under their manager then,
    who comes back too if since deleted), shown departed. On the chart: each changed person and their manager.
    """
    changes = changes_between(session, account_id, since, until, today)
    after = graphs_as_of(session, account_id, until)
    people = {pid: replace(person) for pid, person in after.people.items()}
    left = {change.person_id for change in changes.of(kinds.LEFT)}
    if left:
        before = graphs_as_of(session, account_id, since)
        for pid in left:
            was = before.people.get(pid)
            if was is None:
                continue
            now = after.people.get(pid)
            people[pid] = replace(was, departed=True, departed_on=now.departed_on if now else None)
            manager = was.reports_to_id
            if manager is not None and manager not in people and manager in before.people:
                people[manager] = replace(before.people[manager])
    graphs = AccountGraphs.build(
        people.values(),
        coverage=[edge for edge in after.coverage_links if edge.stakeholder_id in people],
        co_sellers=after.co_sellers,
        account_id=account_id,
    )
    marks = {pid: found for pid, found in card_marks(changes.changes).items() if pid in people}
    shown = set(marks)
    for pid in marks:
        manager = people[pid].reports_to_id
        if manager is not None and manager in people:
            shown.add(manager)
    return ChangeChart(changes, graphs, frozenset(shown), marks)


def _tag(label: str, colour: str, right: float, top: float) -> Badge:
    width = text_width(label, style.BADGE_SIZE, bold=True) + 2 * style.BADGE_PADDING
    return Badge(right - width, top, width, style.BADGE_HEIGHT, label, colour, "#ffffff")


def tag_cards(geometry: ChartGeometry, marks: dict[int, tuple[str, ...]]) -> ChartGeometry:
    """``geometry`` (compact) with each marked card's tags at the right of its badge row, as badges.

    The tags take the place of the co-sellers' initials on a marked card; role badges keep the room left.
    """
    metrics = style.COMPACT_CARD
    cards: list[Card] = []
    for card in geometry.cards:
        found = marks.get(card.person_id)
        if not found:
            cards.append(card)
            continue
        right, top, tags = card.x + card.width - 6, card.y + metrics.badge_top, []
        for kind in found:
            tag, colour, _ = CHANGE_MARKS[kind]
            badge = _tag(tag, colour, right, top)
            if badge.x < card.x + style.TEXT_LEFT:
                break
            tags.append(badge)
            right = badge.x - style.BADGE_GAP
        roles = tuple(badge for badge in card.badges if badge.x + badge.width <= right)
        coverers_line = card.y + metrics.coverers_baseline
        texts = tuple(
            text
            for text in card.texts
            if not (text.colour == style.ACCENT and text.baseline == coverers_line)
        )
        cards.append(replace(card, badges=(*roles, *reversed(tags)), texts=texts))
    return replace(geometry, cards=cards)


def change_geometry(chart: ChangeChart, aspect: float) -> ChartGeometry:
    """The compact chart of the changed people and their managers, tagged, in about the shape ``aspect``."""
    geometry = chart_geometry(
        chart.graphs, include_influence=False, compact=True, shown=chart.shown, aspect=aspect
    )
    return tag_cards(geometry, chart.marks)

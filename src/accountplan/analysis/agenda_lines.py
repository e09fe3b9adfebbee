"""The lines of the meeting agenda: each change of the log as a sentence a seller reads aloud."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accountplan.analysis.change_window import Line, Window
from accountplan.analysis.wording import roles_phrase
from accountplan.model import Action, ChangeLogEntry, Opportunity, RedFlag
from accountplan.model.enums import (
    ActionStatus,
    BuyingRole,
    BuyingStage,
    MilestoneStatus,
    Outcome,
    RelationshipStrength,
    SalesStage,
)


def _label(enum_class: Any, value: str | None) -> str:
    try:
        return str(enum_class(value).label)
    except ValueError:
        return str(value)


def _short_stance(value: str | None) -> str:
    """A stance as said aloud: "Champion", "Detractor" (the long labels name both ends twice)."""
    return (value or "").capitalize()


def _rank(value: str | None) -> int:
    try:
        return RelationshipStrength(value or RelationshipStrength.NONE.value).rank
    except ValueError:  # a change log from another program: not a strength we know
        return RelationshipStrength.NONE.rank


def _day(value: str) -> dt.date | None:
    """A logged date, or None when the change log holds something else (a file from another program)."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _strength(value: str | None) -> str:
    return _label(RelationshipStrength, value).lower()


def _with_title(window: Window, person_id: int) -> str:
    person = window.rows.get(("stakeholders", person_id))
    name = window.name("stakeholders", person_id)
    return f"{name} ({person.title})" if person is not None and person.title.strip() else name


_VERDICTS = {
    Outcome.WON: "was won",
    Outcome.LOST: "was lost to competition",
    Outcome.NO_DECISION: "closed with no decision",
}


def stage_changes(window: Window) -> list[Line]:
    """New deals, moves in our sales stages and in the customer's buying process, and slipping close dates."""
    found: list[Line] = []
    new = {entity_id for entity_id, _ in window.new_rows("opportunities")}
    for deal_id, entry in window.new_rows("opportunities"):
        deal: Opportunity = window.rows[("opportunities", deal_id)]
        text = f"New opportunity {deal.name}, at {deal.sales_stage.label} ({window.when(entry)})"
        found.append(Line((entry.at, deal_id), text, "opportunities", deal_id))
    for deal_id, net in window.changes("opportunities", "sales_stage"):
        if deal_id in new:
            continue
        name = window.name("opportunities", deal_id)
        if net.new == SalesStage.CLOSED.value:
            closed: Opportunity | None = window.rows.get(("opportunities", deal_id))
            verdict = _VERDICTS[closed.outcome] if closed is not None and closed.outcome else "closed"
            text = f"{name} {verdict} ({window.by(net)})"
        else:
            moved = f"from {_label(SalesStage, net.old)} to {_label(SalesStage, net.new)}"
            text = f"{name} moved {moved} ({window.by(net)})"
        found.append(Line((net.at, deal_id), text, "opportunities", deal_id))
    for deal_id, net in window.changes("opportunities", "buying_stage"):
        if deal_id in new:
            continue
        name = window.name("opportunities", deal_id)
        text = (
            f"On {name} the customer moved from {_label(BuyingStage, net.old)} to "
            f"{_label(BuyingStage, net.new)} ({window.by(net)})"
        )
        found.append(Line((net.at, deal_id), text, "opportunities", deal_id))
    for deal_id, net in window.changes("opportunities", "expected_close"):
        if deal_id in new or not net.old or not net.new:
            continue
        old, then = _day(net.old), _day(net.new)
        if old is None or then is None:
            continue
        verb = "slipped" if then > old else "moved in"
        text = (
            f"{window.name('opportunities', deal_id)}'s expected close {verb} from "
            f"{window.short_day(old)} to {window.short_day(then)} ({window.by(net)})"
        )
        found.append(Line((net.at, deal_id), text, "opportunities", deal_id))
    return found


def new_stakeholders(window: Window) -> list[Line]:
    return [
        Line(
            (entry.at, person_id),
            f"{_with_title(window, person_id)} was added ({window.when(entry)})",
            "stakeholders",
            person_id,
        )
        for person_id, entry in window.new_rows("stakeholders")
    ]


def departed_stakeholders(window: Window) -> list[Line]:
    found = []
    for person_id, net in window.changes("stakeholders", "status"):
        if net.new != "departed":
            continue
        person = window.rows.get(("stakeholders", person_id))
        left = person.departed_on if person is not None and person.departed_on else net.at.date()
        text = f"{_with_title(window, person_id)} left the company ({window.short_day(left)})"
        found.append(Line((net.at, person_id), text, "stakeholders", person_id))
    return found


def stance_and_influence(window: Window) -> list[Line]:
    found = []
    for person_id, net in window.changes("stakeholders", "stance"):
        name = window.name("stakeholders", person_id)
        text = f"{name}'s stance: {_short_stance(net.old)} → {_short_stance(net.new)}"
        found.append(Line((net.at, person_id, 0), text, "stakeholders", person_id))
    for person_id, net in window.changes("stakeholders", "influence"):
        name = window.name("stakeholders", person_id)
        text = f"{name}'s influence: {net.old} → {net.new}"
        found.append(Line((net.at, person_id, 1), text, "stakeholders", person_id))
    for person_id, net in window.changes("stakeholders", "roles"):
        old, new = _roles(net.old), _roles(net.new)
        parts = []
        if new - old:
            parts.append(f"is now {roles_phrase(new - old)}")
        if old - new:
            parts.append(f"no longer {roles_phrase(old - new)}")
        if parts:
            text = f"{window.name('stakeholders', person_id)} {' and '.join(parts)}"
            found.append(Line((net.at, person_id, 2), text, "stakeholders", person_id))
    return found


def _roles(text: str | None) -> set[BuyingRole]:
    return {BuyingRole(value.strip()) for value in (text or "").split(",") if value.strip()}


def _pair(window: Window, coverage_id: int | None, entry: ChangeLogEntry | None = None) -> tuple[str, str]:
    """(co-seller, stakeholder) of a coverage row, from the row, or from its label "A – B" once deleted."""
    row = window.rows.get(("coverage", coverage_id)) if coverage_id is not None else None
    if row is not None:
        return window.co_sellers.get(row.co_seller_id, ""), window.stakeholders.get(row.stakeholder_id, "")
    label = entry.entity_label if entry is not None else window.labels.get(("coverage", coverage_id or 0), "")
    seller, _, person = label.partition(" – ")
    return seller, person


def _coverage_moves(window: Window) -> tuple[list[Line], list[Line]]:
    """The relationships gained and lost, a pair deleted and created again (an undo) counting as neither."""
    created = [coverage_id for coverage_id, _ in window.new_rows("coverage")]
    gone = window.gone_rows("coverage")
    lost_pairs = {_pair(window, gone_id, entry) for gone_id, entry in gone}
    both = {_pair(window, coverage_id) for coverage_id in created} & lost_pairs
    gained: list[Line] = []
    lost: list[Line] = []
    announced: set[int] = set()  # new relationships said as such; one put back by an undo is not news
    for coverage_id in created:
        entry, row = window.created[("coverage", coverage_id)], window.rows[("coverage", coverage_id)]
        seller, person = _pair(window, coverage_id)
        if (seller, person) not in both:
            announced.add(coverage_id)
            owner = " and owns the relationship" if row.is_owner else ""
            text = f"{seller} now covers {person} ({row.strength.label.lower()}){owner}"
            gained.append(Line((entry.at, coverage_id), text, "coverage", coverage_id))
    for gone_id, entry in gone:
        seller, person = _pair(window, gone_id, entry)
        if (seller, person) not in both and person:
            lost.append(Line((entry.at, entry.id), f"{seller} no longer covers {person}", "coverage", None))
    for coverage_id, net in window.changes("coverage", "strength"):
        if coverage_id in announced or not window.alive("coverage", coverage_id):
            continue
        seller, person = _pair(window, coverage_id)
        up = _rank(net.new) > _rank(net.old)
        verb = "grew" if up else "weakened"
        text = (
            f"{seller}'s relationship with {person} {verb} from {_strength(net.old)} to {_strength(net.new)}"
        )
        (gained if up else lost).append(Line((net.at, coverage_id), text, "coverage", coverage_id))
    for coverage_id, net in window.changes("coverage", "is_owner"):
        row = window.rows.get(("coverage", coverage_id))
        if net.new == "true" and row is not None and coverage_id not in announced:
            seller, person = _pair(window, coverage_id)
            text = f"{seller} now owns the relationship with {person}"
            gained.append(Line((net.at, coverage_id, 1), text, "coverage", coverage_id))
    return gained, lost


def coverage_gained(window: Window) -> list[Line]:
    found = _coverage_moves(window)[0]
    for member_id, entry in window.new_rows("deal_team_members"):
        name = window.name("deal_team_members", member_id, "label")
        found.append(
            Line((entry.at, member_id), f"{name} joined the deal team", "deal_team_members", member_id)
        )
    for member_id, net in window.changes("deal_team_members", "active"):
        member = window.rows.get(("deal_team_members", member_id))
        if net.new == "true" and member is not None:
            text = f"{member.label} is back on the deal team"
            found.append(Line((net.at, member_id), text, "deal_team_members", member_id))
    return found


def coverage_lost(window: Window) -> list[Line]:
    found = _coverage_moves(window)[1]
    for member_id, net in window.changes("deal_team_members", "active"):
        member = window.rows.get(("deal_team_members", member_id))
        if net.new == "false":
            left = member.left_on if member is not None and member.left_on else net.at.date()
            name = window.name("deal_team_members", member_id, "label")
            text = f"{name} left the deal team ({window.short_day(left)})"
            found.append(Line((net.at, member_id), text, "deal_team_members", member_id))
    return found


def _owner(window: Window, action: Action) -> str:
    return window.co_sellers.get(action.owner_id, "") if action.owner_id is not None else ""


def actions_done(window: Window) -> list[Line]:
    """Actions done in the window (as the window ends: one reopened since still counts), by time."""
    found = []
    for action_id, net in window.changes("actions", "status"):
        if net.new != ActionStatus.DONE.value:
            continue
        action: Action | None = window.rows.get(("actions", action_id))
        title = window.name("actions", action_id, "title")
        done = window.short_day(action.done_on if action is not None and action.done_on else net.at.date())
        owner = _owner(window, action) if action is not None else ""
        text = f"{title} ({owner}, {done})" if owner else f"{title} ({done})"
        found.append(Line((net.at, action_id), text, "actions", action_id if action is not None else None))
    return found


def actions_overdue(window: Window) -> list[Line]:
    found = []
    for action in window.overdue:
        assert action.due is not None
        late = (window.as_of - action.due).days
        owner = _owner(window, action) or "no owner"
        text = f"{action.title} ({owner}, due {window.short_day(action.due)}, {late} {'day' if late == 1 else 'days'} late)"
        found.append(Line((action.due, action.title.casefold(), action.id), text, "actions", action.id))
    return found


def new_red_flags(window: Window) -> list[Line]:
    found = []
    for flag_id, entry in window.new_rows("red_flags"):
        flag: RedFlag = window.rows[("red_flags", flag_id)]
        about = [flag.severity.label.lower()]
        if flag.source_id is not None and flag.source_id in window.stakeholders:
            about.append(f"raised by {window.stakeholders[flag.source_id]}")
        found.append(Line((entry.at, flag_id), f"{flag.title} ({', '.join(about)})", "red_flags", flag_id))
    return found


def milestones_reached(window: Window) -> list[Line]:
    found = []
    for milestone_id, net in window.changes("milestones", "status"):
        milestone = window.rows.get(("milestones", milestone_id))
        if net.new != MilestoneStatus.REACHED.value or milestone is None:
            continue
        reached = milestone.reached_on or net.at.date()
        text = (
            f"{milestone.title} was reached on {window.short_day(reached)} "
            f"(target {window.short_day(milestone.target_date)})"
        )
        found.append(Line((net.at, milestone_id), text, "milestones", milestone_id))
    return found


def milestones_missed(window: Window) -> list[Line]:
    """Milestones whose target day passed in the window unreached, or marked missed in it."""
    marked = {
        milestone_id
        for milestone_id, net in window.changes("milestones", "status")
        if net.new == MilestoneStatus.MISSED.value
    }
    first_day = window.since.date() if window.since is not None else dt.date.min
    found = []
    for milestone in window.milestones:
        reached = milestone.status is MilestoneStatus.REACHED and (
            milestone.reached_on is None or milestone.reached_on <= window.as_of
        )
        passed = first_day <= milestone.target_date < window.as_of
        if reached or not (passed or milestone.id in marked):
            continue
        text = f"{milestone.title} (target {window.short_day(milestone.target_date)}) was not reached"
        found.append(Line((milestone.target_date, milestone.id), text, "milestones", milestone.id))
    return found

"""The customer's leadership changes, read from the change log: new titles, new managers, decisive people in and out.

Customer leadership changes re-prioritise a pursuit overnight. The alignment agenda gives them a section of
their own (:func:`leadership_changes` of its window) and the findings on the Overview and the org chart
raise those of the last :data:`LEADERSHIP_DAYS` days (:func:`recent_leadership_changes`).

A leadership change is one of:

- a title change (one made the day the person was added is part of their arrival, not news);
- a reporting-line move (their manager changed, was added or removed; not the day they were added);
- a person added in the window who is *decisive* now: influence 5, the economic buyer's or a decision
  maker's role, or the head of the org chart (no manager, and people report to them);
- a decisive person marked departed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.change_window import NetChange, Window, end_of_day
from accountplan.analysis.change_words import row_id
from accountplan.model import ChangeLogEntry, Stakeholder
from accountplan.model.enums import BuyingRole, ChangeKind, StakeholderStatus

#: The findings raise the leadership changes of this many days, today included.
LEADERSHIP_DAYS = 90
#: The influence at which a new or departing person is a leadership change by that alone.
TOP_INFLUENCE = 5
_DECIDING_ROLES = (
    (BuyingRole.ECONOMIC_BUYER, "economic buyer"),
    (BuyingRole.DECISION_MAKER, "decision maker"),
)


class LeadershipKind(enum.StrEnum):
    """What changed; changes of the same moment are listed in this order."""

    JOINED = "joined"
    LEFT = "left"
    REPORTING_LINE = "reporting_line"
    TITLE = "title"


_KIND_ORDER = {kind: rank for rank, kind in enumerate(LeadershipKind)}


@dataclass(frozen=True)
class LeadershipChange:
    """One leadership change, as the agenda says it and with the parts a finding words its own way.

    ``before`` and ``after`` are the titles of a title change and the managers' ids of a reporting-line move
    (None: no manager); ``weight`` says why the person weighs in the decision ("economic buyer",
    "influence 5 of 5", "at the top of the org chart"), empty when nothing does.
    """

    kind: LeadershipKind
    person_id: int
    name: str
    title: str
    at: dt.datetime
    #: The day it happened: the day a person left, else the day it was recorded.
    on: dt.date
    user: str
    #: The agenda's sentence: "Aiko Tanaka (CIO) now reports to Hiroshi Kaiyō (CEO), no longer to Ken Sato (…)".
    text: str
    weight: tuple[str, ...] = ()
    before: str | int | None = None
    after: str | int | None = None

    @property
    def people(self) -> tuple[int, ...]:
        """The person, then the managers a reporting-line move names."""
        managers = (self.after, self.before) if self.kind is LeadershipKind.REPORTING_LINE else ()
        return (self.person_id, *(pid for pid in managers if isinstance(pid, int)))

    @property
    def labelled(self) -> str:
        """The name with today's title: "Aiko Tanaka (CIO)"."""
        return f"{self.name} ({self.title})" if self.title.strip() else self.name


def decisive_weight(window: Window, person_id: int) -> tuple[str, ...]:
    """Why a person of the window weighs in the decision now; empty when nothing does (see the module)."""
    person: Stakeholder | None = window.rows.get(("stakeholders", person_id))
    if person is None:
        return ()
    weight = [words for role, words in _DECIDING_ROLES if role in person.roles]
    if person.influence >= TOP_INFLUENCE:
        weight.append(f"influence {person.influence} of 5")
    heads = window.managers.get(person_id, person.reports_to_id) is None and any(
        manager == person_id for manager in window.managers.values()
    )
    if heads:
        weight.append("at the top of the org chart")
    return tuple(weight)


def _with_title(window: Window, person_id: int | None) -> str:
    if person_id is None:
        return "nobody"
    name = window.stakeholders.get(person_id)
    if name is None:
        return "someone no longer in the plan"
    title = window.titles.get(person_id, "").strip()
    return f"{name} ({title})" if title else name


def _change(
    window: Window, kind: LeadershipKind, person_id: int, net: NetChange, text: str
) -> LeadershipChange:
    return LeadershipChange(
        kind,
        person_id,
        window.stakeholders.get(person_id) or window.name("stakeholders", person_id),
        window.titles.get(person_id, ""),
        net.at,
        net.at.date(),
        net.user,
        text,
        decisive_weight(window, person_id),
    )


def _news(window: Window, field: str) -> list[tuple[int, NetChange]]:
    """The net changes of a field of people still in the plan, by time, leaving out their arrival.

    What was set the day a person was added (their first manager, a corrected title) is part of their
    arrival, not news: the net change starts after it.
    """
    found = []
    for (kind, person_id, name), entries in window.updates.items():
        key = (kind, person_id)
        if kind != "stakeholders" or name != field or not window.alive(*key):
            continue
        created = window.created.get(key)
        if created is not None and window.first_kind.get(key) is ChangeKind.CREATED:
            entries = [entry for entry in entries if entry.at.date() != created.at.date()]
        if entries and entries[0].old_value != entries[-1].new_value:
            last = entries[-1]
            found.append((person_id, NetChange(entries[0].old_value, last.new_value, last.user, last.at)))
    return sorted(found, key=lambda pair: (pair[1].at, pair[0]))


def _titles(window: Window) -> list[LeadershipChange]:
    found = []
    for person_id, net in _news(window, "title"):
        old, new = (net.old or "").strip(), (net.new or "").strip()
        name = window.name("stakeholders", person_id)
        if old and new:
            said = f"{name} is now {new}, no longer {old}"
        elif new:
            said = f"{name} is now {new}"
        else:
            said = f"{name} no longer has the title {old}"
        change = _change(window, LeadershipKind.TITLE, person_id, net, f"{said} ({window.by(net)})")
        found.append(dataclasses.replace(change, before=old, after=new))
    return found


def _reporting_lines(window: Window) -> list[LeadershipChange]:
    found = []
    for person_id, net in _news(window, "reports_to_id"):
        old, new = row_id(net.old), row_id(net.new)
        if (net.old and old is None) or (net.new and new is None):
            continue  # written by another program: no id to name
        who = _with_title(window, person_id)
        if new is not None:
            said = f"{who} now reports to {_with_title(window, new)}"
            if old is not None:
                said += f", no longer to {window.stakeholders.get(old, 'someone no longer in the plan')}"
        else:
            said = f"{who} no longer reports to {_with_title(window, old)}"
        change = _change(window, LeadershipKind.REPORTING_LINE, person_id, net, f"{said} ({window.by(net)})")
        found.append(dataclasses.replace(change, before=old, after=new))
    return found


def _joined(window: Window) -> list[LeadershipChange]:
    found = []
    for person_id, entry in window.new_rows("stakeholders"):
        person: Stakeholder = window.rows[("stakeholders", person_id)]
        weight = decisive_weight(window, person_id)
        if not weight or person.status is StakeholderStatus.DEPARTED:
            continue
        text = f"{_with_title(window, person_id)} joined: {', '.join(weight)} ({window.when(entry)})"
        net = NetChange(None, None, entry.user, entry.at)
        found.append(_change(window, LeadershipKind.JOINED, person_id, net, text))
    return found


def _left(window: Window) -> list[LeadershipChange]:
    found = []
    for person_id, net in window.changes("stakeholders", "status"):
        person: Stakeholder | None = window.rows.get(("stakeholders", person_id))
        if net.new != StakeholderStatus.DEPARTED.value or person is None or not person.is_departed:
            continue
        weight = decisive_weight(window, person_id)
        if not weight:
            continue
        left = person.departed_on or net.at.date()
        text = f"{_with_title(window, person_id)} left the company: {', '.join(weight)} ({window.short_day(left)})"
        change = _change(window, LeadershipKind.LEFT, person_id, net, text)
        found.append(dataclasses.replace(change, on=left))  # the day they left, not the day it was noted
    return found


def leadership_changes(window: Window) -> list[LeadershipChange]:
    """Every leadership change of the window, in time order."""
    found = _joined(window) + _left(window) + _reporting_lines(window) + _titles(window)
    return sorted(found, key=lambda change: (change.at, change.person_id, _KIND_ORDER[change.kind]))


def recent_leadership_changes(
    session: Session, account_id: int, today: dt.date, days: int = LEADERSHIP_DAYS
) -> list[LeadershipChange]:
    """The leadership changes of the last ``days`` days up to the end of ``today`` (imports excluded)."""
    since = end_of_day(today - dt.timedelta(days=days))
    until = end_of_day(today)
    entries = session.scalars(
        select(ChangeLogEntry)
        .where(
            ChangeLogEntry.account_id == account_id,
            ChangeLogEntry.kind != ChangeKind.IMPORTED,
            ChangeLogEntry.entity_type == Stakeholder.__tablename__,
            ChangeLogEntry.at >= since,
            ChangeLogEntry.at < until,
        )
        .order_by(ChangeLogEntry.at, ChangeLogEntry.id)
    ).all()
    if not entries:
        return []
    window = Window.read(session, account_id, entries, since, until, today, today, state=False)
    return leadership_changes(window)

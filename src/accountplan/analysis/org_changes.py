"""What changed in the customer's organisation between the ends of two days (issue #18, section 2).

Both days are rebuilt by :mod:`accountplan.analysis.as_of` and compared: who joined and who left (departed or
deleted), who changed title or manager, stance and influence changes, and the relationships that crossed
working strength (the strength at which a relationship counts, :data:`~accountplan.analysis.graphs.WORKING`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.as_of import past_account
from accountplan.analysis.graphs import STRENGTH_RANK, WORKING, AccountGraphs
from accountplan.model import Meeting
from accountplan.model.enums import MeetingStatus, RelationshipStrength

JOINED = "joined"
LEFT = "left"
TITLE = "title"
MANAGER = "manager"
STANCE = "stance"
INFLUENCE = "influence"
COVERAGE_GAINED = "coverage gained"
COVERAGE_LOST = "coverage lost"
#: The kinds of change, in the order they are listed.
KINDS = (JOINED, LEFT, TITLE, MANAGER, STANCE, INFLUENCE, COVERAGE_GAINED, COVERAGE_LOST)
#: Days back from today when no alignment meeting was held.
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class OrgChange:
    """One change: its kind, the person, before and after in words; ``co_seller`` for coverage."""

    kind: str
    person: str
    before: str
    after: str
    person_id: int
    co_seller: str = ""


@dataclass
class OrgChanges:
    """The changes between the end of ``since`` and the end of ``until``, and what could not be rebuilt."""

    since: dt.date
    until: dt.date
    changes: list[OrgChange]
    notes: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[OrgChange]:
        return [change for change in self.changes if change.kind == kind]


def default_since(session: Session, account_id: int, today: dt.date) -> dt.date:
    """The day of the last alignment meeting held, else :data:`DEFAULT_DAYS` days before ``today``."""
    held = session.scalar(
        select(Meeting.held_on)
        .where(
            Meeting.account_id == account_id, Meeting.status == MeetingStatus.HELD, Meeting.held_on <= today
        )
        .order_by(Meeting.held_on.desc())
        .limit(1)
    )
    return held if held is not None else today - dt.timedelta(days=DEFAULT_DAYS)


def changes_between(
    session: Session, account_id: int, since: dt.date, until: dt.date, today: dt.date | None = None
) -> OrgChanges:
    """The changes from the end of ``since`` to the end of ``until`` (local days; ``until`` ≥ ``since``).

    A day before the account existed counts as the empty account (everyone there later joined);
    a day after today is refused.
    """
    from accountplan.errors import Refused

    if until < since:
        raise Refused(f"The end ({until.isoformat()}) is before the start ({since.isoformat()}).")
    try:
        before = past_account(session, account_id, since, today)
        notes = list(before.notes)
        old: AccountGraphs | None = before.graphs
    except Refused:
        if since > (today or dt.date.today()):
            raise
        old, notes = None, []
    after = past_account(session, account_id, until, today)
    notes += [note for note in after.notes if note not in notes]
    return OrgChanges(since, until, compare(old, after.graphs), notes)


def _strength(strength: RelationshipStrength | None) -> str:
    return strength.label if strength is not None else "none"


def compare(old: AccountGraphs | None, new: AccountGraphs) -> list[OrgChange]:
    """The changes from ``old`` (None: nothing known yet) to ``new``, by kind, then by person."""
    before = old.people if old is not None else {}
    after = new.people
    found: list[OrgChange] = []

    def name(person_id: int | None, people: dict[int, object]) -> str:
        person = people.get(person_id) if person_id is not None else None
        return str(getattr(person, "name", "")) if person is not None else ""

    for pid, person in after.items():
        was = before.get(pid)
        if was is None:
            if not person.departed:
                found.append(OrgChange(JOINED, person.name, "", person.title, pid))
            continue
        if was.active and person.departed:
            left = person.departed_on.isoformat() if person.departed_on else ""
            found.append(OrgChange(LEFT, person.name, "active", f"departed {left}".strip(), pid))
        if was.title != person.title:
            found.append(OrgChange(TITLE, person.name, was.title, person.title, pid))
        if was.reports_to_id != person.reports_to_id:
            found.append(
                OrgChange(
                    MANAGER,
                    person.name,
                    name(was.reports_to_id, dict(before)),
                    name(person.reports_to_id, dict(after)),
                    pid,
                )
            )
        if was.stance != person.stance:
            found.append(OrgChange(STANCE, person.name, was.stance.label, person.stance.label, pid))
        if was.influence != person.influence:
            found.append(OrgChange(INFLUENCE, person.name, str(was.influence), str(person.influence), pid))
    for pid, was in before.items():
        if pid not in after and was.active:
            found.append(OrgChange(LEFT, was.name, "active", "deleted", pid))
    strengths_before = {
        (e.co_seller_id, e.stakeholder_id): e.strength for e in (old.coverage_links if old else [])
    }
    strengths_after = {(e.co_seller_id, e.stakeholder_id): e.strength for e in new.coverage_links}
    sellers = {**(old.co_sellers if old else {}), **new.co_sellers}
    working = STRENGTH_RANK[WORKING]
    for pair in sorted(set(strengths_before) | set(strengths_after)):
        then, now = strengths_before.get(pair), strengths_after.get(pair)
        was_working = then is not None and STRENGTH_RANK[then] >= working
        is_working = now is not None and STRENGTH_RANK[now] >= working
        if was_working == is_working:
            continue
        seller, pid = pair
        who = name(pid, dict(after)) or name(pid, dict(before))
        kind = COVERAGE_GAINED if is_working else COVERAGE_LOST
        found.append(OrgChange(kind, who, _strength(then), _strength(now), pid, sellers.get(seller, "")))
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(found, key=lambda change: (order[change.kind], change.person, change.co_seller))

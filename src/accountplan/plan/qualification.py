"""Qualification: a deal's MEDDPICC scorecard, and the red flags with the actions that counter them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.qualification import (
    LetterScore,
    QualificationFinding,
    completeness,
    weak_letters,
)
from accountplan.errors import InvalidValue
from accountplan.model import Action, MeddpiccItem, Opportunity, RedFlag, Stakeholder
from accountplan.model.enums import (
    ActionStatus,
    MeddpiccLetter,
    RedFlagStatus,
    Severity,
    Stance,
)
from accountplan.plan import fields
from accountplan.plan.actions import add_action, today_of
from accountplan.plan.links import Link, add_checked, labels, update_checked

__all__ = [
    "LetterScore",
    "QualificationFinding",
    "RedFlagRow",
    "Scorecard",
    "add_counter_action",
    "add_red_flag",
    "delete_red_flag",
    "list_red_flags",
    "scorecard",
    "set_meddpicc",
    "update_red_flag",
]

_RED_FLAG_LINKS: tuple[Link, ...] = (
    ("opportunity_id", Opportunity, "Opportunity"),
    ("source_id", Stakeholder, "Stakeholder"),
)


@dataclass(frozen=True)
class Scorecard:
    """A deal's MEDDPICC scorecard: all eight letters in order, how complete it is, and its weak letters."""

    opportunity_id: int
    letters: tuple[LetterScore, ...]
    #: Percent: the sum of the scores over the most the eight letters can score.
    completeness: int
    weak: tuple[QualificationFinding, ...]


def scorecard(session: Session, opportunity_id: int) -> Scorecard:
    """The scorecard of a deal; a letter never scored counts 0 with no evidence."""
    fields.get(session, Opportunity, opportunity_id)
    items = {
        item.letter: item
        for item in session.scalars(select(MeddpiccItem).where(MeddpiccItem.opportunity_id == opportunity_id))
    }
    letters = tuple(
        LetterScore(letter, items[letter].score, items[letter].evidence)
        if letter in items
        else LetterScore(letter, 0, "")
        for letter in MeddpiccLetter
    )
    return Scorecard(opportunity_id, letters, completeness(letters), tuple(weak_letters(letters)))


def set_meddpicc(
    session: Session,
    opportunity_id: int,
    letter: MeddpiccLetter,
    *,
    score: int | None = None,
    evidence: str | None = None,
) -> tuple[int, str]:
    """Score a letter and/or give its evidence (creating the item); return the previous (score, evidence)."""
    deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
    letter = MeddpiccLetter(letter)
    item = session.scalar(
        select(MeddpiccItem).where(
            MeddpiccItem.opportunity_id == opportunity_id, MeddpiccItem.letter == letter
        )
    )
    changes: dict[str, Any] = {}
    if score is not None:
        changes["score"] = fields.coerce(MeddpiccItem, "score", score)
    if evidence is not None:
        changes["evidence"] = fields.coerce(MeddpiccItem, "evidence", evidence.strip())
    if item is None:
        item = MeddpiccItem(
            account_id=deal.account_id, opportunity_id=opportunity_id, letter=letter, score=0, evidence=""
        )
        session.add(item)
    previous = (item.score, item.evidence)
    fields.apply(item, changes)
    session.flush()
    return previous


# --- red flags --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedFlagRow:
    """One red flag: why the customer may not buy, who says so, and how we counter it."""

    id: int
    title: str
    description: str
    opportunity_id: int | None
    opportunity: str
    source_id: int | None
    source: str
    source_stance: Stance | None
    severity: Severity
    counter_strategy: str
    status: RedFlagStatus
    raised_on: dt.date | None
    open_actions: int
    actions: int


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(reversed(Severity))}
_STATUS_RANK = {status: rank for rank, status in enumerate(RedFlagStatus)}


def list_red_flags(session: Session, account_id: int) -> list[RedFlagRow]:
    """The account's red flags: open first, then the most severe, then the oldest raised."""
    flags = session.scalars(select(RedFlag).where(RedFlag.account_id == account_id)).all()
    deals = labels(session, Opportunity, account_id)
    people = {
        row.id: (row.name, row.stance)
        for row in session.execute(
            select(Stakeholder.id, Stakeholder.name, Stakeholder.stance).where(
                Stakeholder.account_id == account_id
            )
        )
    }
    statuses: dict[int, list[ActionStatus]] = {}
    query = select(Action.red_flag_id, Action.status).where(
        Action.account_id == account_id, Action.red_flag_id.is_not(None)
    )
    for flag_id, status in session.execute(query):
        if flag_id is not None:
            statuses.setdefault(flag_id, []).append(status)
    rows = []
    for flag in flags:
        source, stance = people.get(flag.source_id, ("", None))
        flag_actions = statuses.get(flag.id, [])
        rows.append(
            RedFlagRow(
                id=flag.id,
                title=flag.title,
                description=flag.description,
                opportunity_id=flag.opportunity_id,
                opportunity=deals.get(flag.opportunity_id, ""),
                source_id=flag.source_id,
                source=source,
                source_stance=stance,
                severity=flag.severity,
                counter_strategy=flag.counter_strategy,
                status=flag.status,
                raised_on=flag.raised_on,
                open_actions=sum(1 for status in flag_actions if not status.is_closed),
                actions=len(flag_actions),
            )
        )
    return sorted(
        rows,
        key=lambda r: (
            _STATUS_RANK[r.status],
            _SEVERITY_RANK[r.severity],
            r.raised_on is None,
            r.raised_on or dt.date.max,
            r.id,
        ),
    )


def add_red_flag(session: Session, account_id: int, title: str, **values: Any) -> int:
    """Raise a red flag (raised today unless ``raised_on`` is given); return its id."""
    if not title.strip():
        raise InvalidValue("A red flag needs a title.")
    flag = RedFlag(account_id=account_id, title=fields.coerce(RedFlag, "title", title.strip()))
    return add_checked(session, flag, {"raised_on": today_of(session), **values}, _RED_FLAG_LINKS)


def update_red_flag(session: Session, red_flag_id: int, **changes: Any) -> dict[str, Any]:
    """Change a red flag's fields; return the previous values (for undo)."""
    flag: RedFlag = fields.get(session, RedFlag, red_flag_id)
    if "title" in changes and not str(changes["title"]).strip():
        raise InvalidValue("A red flag needs a title.")
    return update_checked(session, flag, changes, _RED_FLAG_LINKS)


def delete_red_flag(session: Session, red_flag_id: int) -> None:
    """Delete a red flag; its counter-actions stay, no longer tied to it."""
    session.delete(fields.get(session, RedFlag, red_flag_id))
    session.flush()


def add_counter_action(
    session: Session, red_flag_id: int, title: str, *, owner_id: int | None, due: dt.date | None
) -> int:
    """An action countering the flag, tied to its deal and the stakeholder behind it; return its id."""
    flag: RedFlag = fields.get(session, RedFlag, red_flag_id)
    if owner_id is None:
        raise InvalidValue("A counter-action needs an owner: who on the team will do it?")
    if due is None:
        raise InvalidValue("A counter-action needs a due date.")
    return add_action(
        session,
        flag.account_id,
        title,
        owner_id=owner_id,
        due=due,
        red_flag_id=flag.id,
        opportunity_id=flag.opportunity_id,
        stakeholder_id=flag.source_id,
    )

"""The team's actions: add, edit, close, reassign in bulk, and list them overdue first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue
from accountplan.model import (
    Action,
    CoSeller,
    MeetingDecision,
    Opportunity,
    RedFlag,
    Stakeholder,
)
from accountplan.model.base import Base
from accountplan.model.enums import ActionStatus
from accountplan.model.team import is_overdue
from accountplan.model.types import utcnow
from accountplan.plan import fields
from accountplan.plan.links import check_links

#: What an action can be for: the link column, the entity, and the word a user reads.
PURPOSES: tuple[tuple[str, type[Base], str], ...] = (
    ("stakeholder_id", Stakeholder, "Stakeholder"),
    ("opportunity_id", Opportunity, "Opportunity"),
    ("red_flag_id", RedFlag, "Red flag"),
    ("decision_id", MeetingDecision, "Decision"),
)
_PURPOSE_KIND = {"stakeholder_id": "stakeholder", "opportunity_id": "opportunity", "red_flag_id": "red_flag"}


@dataclass(frozen=True)
class ActionRow:
    """One line of the actions table or a card of the board."""

    id: int
    title: str
    owner_id: int | None
    owner: str
    due: dt.date | None
    status: ActionStatus
    done_on: dt.date | None
    overdue: bool
    purpose: str
    purpose_kind: str | None
    description: str = ""
    stakeholder_id: int | None = None
    opportunity_id: int | None = None
    red_flag_id: int | None = None
    decision_id: int | None = None
    #: How many days past due (0 when not overdue).
    days_overdue: int = 0
    #: The version the action was read at: an edit is refused if someone saved the action since.
    version: int = 0


def today_of(session: Session) -> dt.date:
    """Today for an operation: the day of ``session.info["now"]`` when a caller fixed the time, else today."""
    now = session.info.get("now")
    return now.date() if isinstance(now, dt.datetime) else dt.date.today()


def add_action(
    session: Session,
    account_id: int,
    title: str,
    *,
    owner_id: int | None = None,
    due: dt.date | None = None,
    stakeholder_id: int | None = None,
    opportunity_id: int | None = None,
    red_flag_id: int | None = None,
    decision_id: int | None = None,
    description: str = "",
) -> int:
    """Add something the team must do; return its id. Everything it is for must be in the same account."""
    if not title.strip():
        raise InvalidValue("An action needs a title.")
    action = Action(account_id=account_id, title=fields.coerce(Action, "title", title.strip()))
    action.created_at = session.info.get("now") or utcnow()
    fields.apply(action, {"due": due, "description": description, "owner_id": owner_id})
    links = {
        "stakeholder_id": stakeholder_id,
        "opportunity_id": opportunity_id,
        "red_flag_id": red_flag_id,
        "decision_id": decision_id,
    }
    fields.apply(action, links)
    _check_links(session, action)
    session.add(action)
    session.flush()
    return action.id


def update_action(session: Session, action_id: int, **changes: Any) -> dict[str, Any]:
    """Change an action's fields; return the previous values (for undo).

    Setting the status to done records today as the day it was done, unless ``done_on`` is given;
    any other status (reopened, cancelled) clears that day. The previous values include ``done_on``
    whenever it changed with the status, so that undo puts both back.
    """
    action: Action = fields.get(session, Action, action_id)
    if "title" in changes and not str(changes["title"]).strip():
        raise InvalidValue("An action needs a title.")
    changes = dict(changes)
    if "status" in changes:
        status = fields.coerce(Action, "status", changes["status"])
        if status is ActionStatus.DONE and "done_on" not in changes:
            changes["done_on"] = action.done_on if action.status is ActionStatus.DONE else today_of(session)
        elif status is not ActionStatus.DONE and "done_on" not in changes:
            changes["done_on"] = None
    previous = fields.apply(action, changes)
    _check_links(session, action)
    session.flush()
    return previous


def delete_action(session: Session, action_id: int) -> None:
    session.delete(fields.get(session, Action, action_id))
    session.flush()


def reassign_actions(
    session: Session, action_ids: Iterable[int], owner_id: int | None
) -> dict[int, int | None]:
    """Give all these actions to one owner (None: nobody); return each one's previous owner."""
    if owner_id is not None:
        fields.get(session, CoSeller, owner_id)
    previous: dict[int, int | None] = {}
    for action_id in action_ids:
        action: Action = fields.get(session, Action, action_id)
        previous[action_id] = action.owner_id
        action.owner_id = owner_id
    session.flush()
    return previous


def _check_links(session: Session, action: Action) -> None:
    if action.owner_id is not None:
        fields.get(session, CoSeller, action.owner_id)
    check_links(session, action, PURPOSES)


def purpose_of(action: object, names: dict[tuple[str, int], str]) -> tuple[str, str | None]:
    """What the action is for, in words ("Stakeholder: Zoë Lefèvre"), and its kind; the first link wins.

    ``action`` is an Action or a row of its columns (it needs the link columns only).
    """
    for column, _entity, word in PURPOSES:
        linked_id = getattr(action, column)
        if linked_id is not None:
            name = names.get((column, linked_id), f"{word} {linked_id}")
            return f"{word}: {name}", _PURPOSE_KIND.get(column, "decision")
    return "", None


#: The columns of an action that its line in the list shows.
_ROW_COLUMNS = (
    Action.id,
    Action.title,
    Action.owner_id,
    Action.due,
    Action.status,
    Action.done_on,
    Action.description,
    Action.stakeholder_id,
    Action.opportunity_id,
    Action.red_flag_id,
    Action.decision_id,
    Action.version,
)


def action_order(row: ActionRow) -> tuple[Any, ...]:
    """The order of the actions list: overdue first, then by due date (none last), then by title."""
    return (not row.overdue, row.due is None, row.due or dt.date.max, row.title.casefold(), row.id)


def list_actions(
    session: Session, account_id: int, today: dt.date, ids: Collection[int] | None = None
) -> list[ActionRow]:
    """Every action of the account in :func:`action_order`; with ``ids``, only those (if still there)."""
    query = select(*_ROW_COLUMNS).where(Action.account_id == account_id)
    if ids is not None:
        query = query.where(Action.id.in_(sorted(ids)))
    actions = session.execute(query).all()  # columns, not entities: a third of the time at 5,000 actions
    names = purpose_names(session, account_id)
    owners = {row_id: name for row_id, name in session.execute(select(CoSeller.id, CoSeller.name))}
    rows = []
    for action in actions:
        purpose, kind = purpose_of(action, names)
        overdue = is_overdue(action.due, action.status, today)
        rows.append(
            ActionRow(
                id=action.id,
                title=action.title,
                owner_id=action.owner_id,
                owner=owners.get(action.owner_id, "") if action.owner_id is not None else "",
                due=action.due,
                status=action.status,
                done_on=action.done_on,
                overdue=overdue,
                purpose=purpose,
                purpose_kind=kind,
                description=action.description,
                stakeholder_id=action.stakeholder_id,
                opportunity_id=action.opportunity_id,
                red_flag_id=action.red_flag_id,
                decision_id=action.decision_id,
                days_overdue=(today - action.due).days if overdue and action.due else 0,
                version=action.version,
            )
        )
    return sorted(rows, key=action_order)


def purpose_names(session: Session, account_id: int) -> dict[tuple[str, int], str]:
    """The names of everything an action of the account can be for, by (link column, id)."""
    names: dict[tuple[str, int], str] = {}
    sources: list[tuple[str, Any]] = [
        (
            "stakeholder_id",
            select(Stakeholder.id, Stakeholder.name).where(Stakeholder.account_id == account_id),
        ),
        (
            "opportunity_id",
            select(Opportunity.id, Opportunity.name).where(Opportunity.account_id == account_id),
        ),
        ("red_flag_id", select(RedFlag.id, RedFlag.title).where(RedFlag.account_id == account_id)),
        (
            "decision_id",
            select(MeetingDecision.id, MeetingDecision.text).where(MeetingDecision.account_id == account_id),
        ),
    ]
    for column, query in sources:
        for row_id, name in session.execute(query):
            names[(column, row_id)] = name
    return names

"""The account's people, influence links and coverage as they were at the end of a past day (issue #18).

Rebuilt from today's rows by undoing, newest first, every change logged after that day: an update gets its
old value back, a creation is removed, a deletion is put back from what its entry recorded (the row as it
was, see :func:`accountplan.store.audit.row_values`). What the log cannot give back (a deletion logged
before deletions recorded their rows, a change to a row it never heard of) is said in ``notes``, never
guessed.

**The day is the user's local day**: "the end of 12 March" is midnight between 12 and 13 March on this
computer's clock (:func:`~accountplan.analysis.change_log.local_day_start`), whatever time zone the log's
UTC times were written in. The open deals, decision steps and red flags are today's (the org chart's facts
are the people, their stance and influence, their links and who covers them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.analysis.change_log import local_day_start
from accountplan.analysis.change_window import medium_day
from accountplan.analysis.graph_loading import DealFacts, read_deal_facts
from accountplan.analysis.graphs import AccountGraphs, CoverageEdge, Person
from accountplan.errors import NotFound, Refused
from accountplan.model import (
    Account,
    ChangeLogEntry,
    CoSeller,
    Coverage,
    DealTeamMember,
    InfluenceLink,
    Stakeholder,
    StakeholderRole,
)
from accountplan.model.enums import (
    BuyingRole,
    ChangeKind,
    InfluenceKind,
    RelationshipStrength,
    StakeholderStatus,
    Stance,
)

Row = dict[str, Any]


def _int(text: str) -> int:
    return int(text)


def _bool(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(text)
    return text == "true"


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def _roles(text: str) -> frozenset[BuyingRole]:
    return frozenset(BuyingRole(part.strip()) for part in text.split(",") if part.strip())


#: The fields a past day shows, per table, and how the change log's text is read back.
_READ: dict[str, dict[str, Callable[[str], Any]]] = {
    "stakeholders": {
        "name": str,
        "title": str,
        "org_unit_id": _int,
        "reports_to_id": _int,
        "stance": Stance,
        "influence": _int,
        "status": StakeholderStatus,
        "departed_on": _date,
        "roles": _roles,
    },
    "influence_links": {"source_id": _int, "target_id": _int, "kind": InfluenceKind, "strength": _int},
    "coverage": {
        "co_seller_id": _int,
        "stakeholder_id": _int,
        "strength": RelationshipStrength,
        "is_owner": _bool,
        "last_touched": _date,
    },
    "deal_team_members": {"co_seller_id": _int, "active": _bool},
}
#: What a row put back has when its deletion entry does not say (the columns' defaults).
_DEFAULTS: dict[str, Row] = {
    "stakeholders": {
        "title": "",
        "org_unit_id": None,
        "reports_to_id": None,
        "stance": Stance.NEUTRAL,
        "influence": 3,
        "status": StakeholderStatus.ACTIVE,
        "departed_on": None,
        "roles": frozenset(),
    },
    "influence_links": {"kind": InfluenceKind.INFLUENCES, "strength": 3},
    "coverage": {"strength": RelationshipStrength.BRIEF, "is_owner": False, "last_touched": None},
    "deal_team_members": {"active": True},
}
#: Without these a row put back means nothing.
_NEEDED = {
    "stakeholders": ("name",),
    "influence_links": ("source_id", "target_id"),
    "coverage": ("co_seller_id", "stakeholder_id"),
    "deal_team_members": ("co_seller_id",),
}
_WORDS = {
    "stakeholders": "person",
    "influence_links": "influence link",
    "coverage": "coverage relationship",
    "deal_team_members": "deal-team membership",
}


@dataclass
class PastAccount:
    """The account's graphs at the end of ``day``, and what could not be rebuilt (sentences)."""

    day: dt.date
    graphs: AccountGraphs
    notes: list[str] = field(default_factory=list)
    #: How many change-log entries were undone.
    undone: int = 0


def end_of_local_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` on this computer's clock (an aware time)."""
    return local_day_start(day + dt.timedelta(days=1))


def account_start(session: Session, account_id: int) -> dt.datetime:
    """When the account's plan starts: its creation, or its first change-log entry when that is earlier."""
    created = session.scalar(select(Account.created_at).where(Account.id == account_id))
    if created is None:
        raise NotFound(f"There is no account with id {account_id}; it may have been deleted.")
    first = session.scalar(select(func.min(ChangeLogEntry.at)).where(ChangeLogEntry.account_id == account_id))
    return min(created, first) if first is not None else created


def check_day(session: Session, account_id: int, day: dt.date, today: dt.date | None = None) -> None:
    """Refuse a day after today or before the account existed, saying why."""
    today = today or dt.date.today()
    if day > today:
        raise Refused(f"{medium_day(day)} is in the future: the account can only be shown as it was.")
    start = account_start(session, account_id)
    if end_of_local_day(day) <= start:
        first = start.astimezone().date()
        raise Refused(
            f"The account did not exist yet on {medium_day(day)}: its plan starts on {medium_day(first)}."
        )


def graphs_as_of(session: Session, account_id: int, day: dt.date) -> AccountGraphs:
    """The account's graphs at the end of ``day`` (see :func:`past_account` for what could not be rebuilt)."""
    return past_account(session, account_id, day).graphs


def past_account(
    session: Session, account_id: int, day: dt.date, today: dt.date | None = None
) -> PastAccount:
    """The people, influence links and coverage at the end of ``day`` (the user's local day).

    Refused (:class:`Refused`) for a day after ``today`` or before the account existed.
    """
    check_day(session, account_id, day, today)
    return next(past_accounts(session, account_id, [day]))


def past_accounts(session: Session, account_id: int, days: Iterable[dt.date]) -> Iterator[PastAccount]:
    """The account at the end of each of ``days``, the latest first, in one walk back through the change log.

    Each day's state is what the walk holds when it reaches that day's end, so a series of days costs one
    rewind from today (not one per day). The days are not checked (see :func:`check_day`); duplicates are
    given once.
    """
    wanted = sorted(set(days), reverse=True)
    if not wanted:
        return
    cutoffs = [end_of_local_day(day) for day in wanted]
    connection = session.connection()
    tables = _today(session, account_id)
    notes: list[str] = []
    noted: set[tuple[str, int | None]] = set()
    entries = connection.execute(
        select(
            ChangeLogEntry.kind,
            ChangeLogEntry.entity_type,
            ChangeLogEntry.entity_id,
            ChangeLogEntry.field,
            ChangeLogEntry.old_value,
            ChangeLogEntry.entity_label,
            ChangeLogEntry.at,
        )
        .where(
            ChangeLogEntry.account_id == account_id,
            ChangeLogEntry.entity_type.in_(list(_READ)),
            ChangeLogEntry.at >= cutoffs[-1],
        )
        .order_by(ChangeLogEntry.at.desc(), ChangeLogEntry.id.desc())
    ).all()
    created_in_log: set[int] = set()
    deal = read_deal_facts(connection, {"account_id": account_id})
    position = 0
    for day, cutoff in zip(wanted, cutoffs, strict=True):
        while position < len(entries) and entries[position].at >= cutoff:
            _undo(entries[position], tables, notes, noted, created_in_log)
            position += 1
        _drop_unlogged(connection, tables["stakeholders"], cutoff, created_in_log, notes)
        day_notes = list(notes)
        graphs = _graphs(session, account_id, tables, day_notes, deal)
        yield PastAccount(day, graphs, day_notes, position)


def _undo(
    entry: Any,
    tables: dict[str, dict[int, Row]],
    notes: list[str],
    noted: set[tuple[str, int | None]],
    created_in_log: set[int],
) -> None:
    """Undo one change-log entry on ``tables`` (in place), saying in ``notes`` what cannot be undone."""
    kind, table, entity_id, name, old, label, at = entry
    if entity_id is None:
        return  # a deletion whose id was lost: nothing to put back (analysis.changes says it)
    rows = tables[table]
    when = medium_day(at.astimezone().date()) if at is not None else "an unknown day"
    if kind is ChangeKind.CREATED:
        rows.pop(entity_id, None)
        if table == "stakeholders":
            created_in_log.add(entity_id)
    elif kind is ChangeKind.UPDATED:
        reader = _READ[table].get(name)
        if reader is None:
            return
        row = rows.get(entity_id)
        if row is None:
            if (table, entity_id) not in noted:
                noted.add((table, entity_id))
                notes.append(
                    f"The change log changes a {_WORDS[table]} it has no other trace of ({label!r}, "
                    f"{when}); it is left out."
                )
            return
        try:
            row[name] = None if old is None else reader(old)
        except ValueError:
            notes.append(f"{label}: the {name} logged on {when} ({old!r}) cannot be read; today's is shown.")
    elif kind is ChangeKind.DELETED:
        restored = _restored(table, old)
        if restored is None:
            notes.append(
                f"The {_WORDS[table]} {label!r} was deleted on {when}, and the change log of that time did "
                "not record what it was: it is not shown."
            )
        else:
            rows[entity_id] = restored


def _drop_unlogged(
    connection: Any, people: dict[int, Row], cutoff: dt.datetime, created_in_log: set[int], notes: list[str]
) -> None:
    """Remove the people made after ``cutoff`` whose creation the log was never told of, saying so."""
    late = [
        pid
        for pid, row in people.items()
        if row["created_at"] is not None and row["created_at"] >= cutoff and pid not in created_in_log
    ]
    if not late:
        return
    logged = set(
        connection.execute(
            select(ChangeLogEntry.entity_id).where(
                ChangeLogEntry.entity_type == Stakeholder.__tablename__,
                ChangeLogEntry.kind == ChangeKind.CREATED,
                ChangeLogEntry.entity_id.in_(late),
            )
        ).scalars()
    )
    for person_id in late:
        if person_id not in logged:
            row = people.pop(person_id)
            made = medium_day(row["created_at"].astimezone().date())
            notes.append(
                f"{row['name']} was added on {made} without a change-log entry (a plan file or a program): "
                "left out."
            )


def _restored(table: str, text: str | None) -> Row | None:
    """A deleted row from what its entry recorded (None: the entry recorded nothing usable)."""
    try:
        recorded = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(recorded, dict) or any(recorded.get(name) is None for name in _NEEDED[table]):
        return None
    row: Row = {**_DEFAULTS[table], "created_at": None}
    for name, reader in _READ[table].items():
        if name in recorded:
            try:
                row[name] = None if recorded[name] is None else reader(str(recorded[name]))
            except ValueError:
                if name in _NEEDED[table]:
                    return None
    return row


def _today(session: Session, account_id: int) -> dict[str, dict[int, Row]]:
    """Today's rows of the tables a past day rewinds, each as a dict of the fields it shows."""
    connection = session.connection()
    roles: dict[int, set[BuyingRole]] = {}
    for person_id, role in connection.execute(
        select(StakeholderRole.stakeholder_id, StakeholderRole.role).where(
            StakeholderRole.account_id == account_id
        )
    ).all():
        roles.setdefault(person_id, set()).add(role)
    people = {
        row.id: {**row._asdict(), "roles": frozenset(roles.get(row.id, ()))}
        for row in connection.execute(
            select(
                Stakeholder.id,
                Stakeholder.name,
                Stakeholder.title,
                Stakeholder.org_unit_id,
                Stakeholder.reports_to_id,
                Stakeholder.stance,
                Stakeholder.influence,
                Stakeholder.status,
                Stakeholder.departed_on,
                Stakeholder.created_at,
            ).where(Stakeholder.account_id == account_id)
        ).all()
    }
    links = {
        row.id: row._asdict()
        for row in connection.execute(
            select(
                InfluenceLink.id,
                InfluenceLink.source_id,
                InfluenceLink.target_id,
                InfluenceLink.kind,
                InfluenceLink.strength,
            ).where(InfluenceLink.account_id == account_id)
        ).all()
    }
    coverage = {
        row.id: row._asdict()
        for row in connection.execute(
            select(
                Coverage.id,
                Coverage.co_seller_id,
                Coverage.stakeholder_id,
                Coverage.strength,
                Coverage.is_owner,
                Coverage.last_touched,
            ).where(Coverage.account_id == account_id)
        ).all()
    }
    team = {
        row.id: row._asdict()
        for row in connection.execute(
            select(DealTeamMember.id, DealTeamMember.co_seller_id, DealTeamMember.active).where(
                DealTeamMember.account_id == account_id
            )
        ).all()
    }
    return {"stakeholders": people, "influence_links": links, "coverage": coverage, "deal_team_members": team}


def _graphs(
    session: Session, account_id: int, tables: dict[str, dict[int, Row]], notes: list[str], deal: DealFacts
) -> AccountGraphs:
    people_rows = tables["stakeholders"]
    people: list[Person] = []
    for person_id, row in people_rows.items():
        manager = row["reports_to_id"]
        if manager is not None and manager not in people_rows:
            notes.append(f"{row['name']}'s manager then is not known to the change log: shown without one.")
            manager = None
        people.append(
            Person(
                id=person_id,
                name=row["name"],
                title=row["title"] or "",
                org_unit_id=row["org_unit_id"],
                reports_to_id=manager,
                roles=frozenset(row["roles"]),
                stance=row["stance"],
                influence=row["influence"],
                departed=row["status"] is StakeholderStatus.DEPARTED,
                departed_on=row["departed_on"],
            )
        )
    team = tables["deal_team_members"].values()
    left = {member["co_seller_id"] for member in team if not member["active"]}
    on_team = {member["co_seller_id"] for member in team if member["active"]}
    coverage = [
        CoverageEdge(
            row["co_seller_id"], row["stakeholder_id"], row["strength"], row["is_owner"], row["last_touched"]
        )
        for _, row in sorted(tables["coverage"].items())
        if row["co_seller_id"] not in left
    ]
    wanted = on_team | {edge.co_seller_id for edge in coverage}
    names = dict(session.execute(select(CoSeller.id, CoSeller.name).where(CoSeller.id.in_(wanted))).all())
    return AccountGraphs.build(
        people,
        influence=[
            (row["source_id"], row["target_id"], row["kind"], row["strength"])
            for _, row in sorted(tables["influence_links"].items())
        ],
        coverage=coverage,
        co_sellers=names,
        opportunities=deal.opportunities,
        decision_steps=deal.decision_steps,
        red_flags=deal.red_flags,
        countered_red_flags=deal.countered,
        account_id=account_id,
    )

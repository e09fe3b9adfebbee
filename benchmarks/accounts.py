"""Synthetic accounts of any size for the benchmarks, written in bulk (executemany), not one plan call per row.

An account of ``people`` stakeholders in a realistic reporting forest (see ``layout.org_forest``) with what
the analysis and the documents read about them: buying roles on one person in fifty, an influence link for
one person in four, a deal team of 40 co-sellers covering one person in three, open actions about one person
in ten. A team maps only so much: at most 2,000 influence links, and 25 people covered per co-seller.

:func:`large_account` is the account of issue #15: a deal team of 60 co-sellers, 5,000 coverage links and
5,000 actions whatever the number of people, and a year of change log (see :func:`synthetic_account`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from benchmarks.layout import org_forest

NAMES = ("Aiko Tanaka", "Zoë Lefèvre", "Дмитрий Соколов", "Søren Ødegård", "田中 愛子", "José Núñez")
TITLES = ("Director", "Manager")
EARLIER_TITLES = ("Senior Manager", "Head of Procurement", "VP Operations", "Lead Architect", "Analyst")
TEAM = 40  # co-sellers on the deal team
MAX_LINKS, COVERED_PER_SELLER = 2_000, 25
#: Issue #15's account: its deal team, coverage links, actions and days of change log.
LARGE_TEAM, LARGE_LINKS, LARGE_ACTIONS, LARGE_HISTORY_DAYS = 60, 5_000, 5_000, 365
#: Edits to people a deal team makes in a day (stance, title, manager, influence), spread over the people.
PEOPLE_EDITS_PER_DAY = 24
#: Of the people, those who came in the first contact import (a year ago) and in the second (half-way).
FIRST_IMPORT, SECOND_IMPORT = 0.80, 0.15


def large_account(database: object, people: int, *, links: int = LARGE_LINKS, name: str = "") -> int:
    """Issue #15's account of ``people`` (60 co-sellers, ``links`` coverage links and as many actions, a
    year of change log up to now); its id."""
    return synthetic_account(
        database,
        people,
        name,
        team=LARGE_TEAM,
        coverage=links,
        actions=links,
        history_days=LARGE_HISTORY_DAYS,
        today=dt.date.today(),
    )


def synthetic_account(
    database: object,
    people: int,
    name: str = "",
    *,
    team: int = TEAM,
    coverage: int | None = None,
    actions: int | None = None,
    history_days: int = 0,
    today: dt.date = dt.date(2026, 6, 1),
) -> int:
    """Add an account of ``people`` stakeholders (and their links) to ``database``; its id.

    ``coverage`` and ``actions`` (None: as the module says) are how many coverage links and actions; the
    coverage falls mostly on people high in the organisation, several co-sellers on one person. With
    ``history_days``, the change log holds that many days up to now, as a team's work writes it: the people
    created by two contact imports and one by one, their stance, title, manager and influence edited,
    coverage added, touched and strengthened, actions added and closed. ``today`` is the day that dates of
    coverage and actions are counted from.
    """
    from sqlalchemy import bindparam, func, insert, select, update

    from accountplan.model import (
        CoSeller,
        DealTeamMember,
        InfluenceLink,
        Stakeholder,
        StakeholderRole,
    )
    from accountplan.model.enums import BuyingRole, CoSellerRole, InfluenceKind, Stance
    from accountplan.plan.accounts import create_account

    rng = random.Random(people)
    nodes = org_forest(people, seed=people)
    stances, kinds = list(Stance), list(InfluenceKind)
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(days=history_days)
    created = _creation_times(rng, people, start, now) if history_days else {}
    with database.transaction(audit=False) as session:  # type: ignore[attr-defined]
        account_id = create_account(session, name or f"Synthetic {people:,}")
        base = (session.scalar(select(func.max(Stakeholder.id))) or 0) + 1
        session.execute(
            insert(Stakeholder),
            [
                {
                    "id": base + n.id,
                    "account_id": account_id,
                    "name": f"{NAMES[n.id % len(NAMES)]} {n.id}",
                    "title": TITLES[n.id % 5 != 0],
                    "influence": 1 + n.id % 5,
                    "stance": stances[n.id % len(stances)],
                    "concerns": "Budget timing and the migration effort." if n.id % 7 == 0 else "",
                    **({"created_at": created[n.id]} if created else {}),
                }
                for n in nodes
            ],
        )
        table = Stakeholder.__table__
        session.connection().execute(
            update(table).where(table.c.id == bindparam("pid")).values(reports_to_id=bindparam("boss")),
            [{"pid": base + n.id, "boss": base + n.parent} for n in nodes if n.parent is not None],
        )
        roles = list(BuyingRole)
        session.execute(
            insert(StakeholderRole),
            [
                {"account_id": account_id, "stakeholder_id": base + pid, "role": roles[pid % len(roles)]}
                for pid in range(0, people, 50)
            ],
        )
        links = {(rng.randrange(people), rng.randrange(people)) for _ in range(min(people // 4, MAX_LINKS))}
        session.execute(
            insert(InfluenceLink),
            [
                {
                    "account_id": account_id,
                    "source_id": base + a,
                    "target_id": base + b,
                    "kind": kinds[(a + b) % len(kinds)],
                    "strength": 1 + (a * b) % 5,
                }
                for a, b in sorted(links)
                if a != b
            ],
        )
        first_seller = (session.scalar(select(func.max(CoSeller.id))) or 0) + 1
        sellers = range(first_seller, first_seller + team)
        session.execute(
            insert(CoSeller),
            [
                {
                    "id": cid,
                    "name": f"Seller {cid} of {account_id}",
                    "role": list(CoSellerRole)[cid % len(CoSellerRole)],
                }
                for cid in sellers
            ],
        )
        session.execute(
            insert(DealTeamMember),
            [{"account_id": account_id, "co_seller_id": cid, "joined_on": today} for cid in sellers],
        )
        _add_coverage(session, account_id, rng, people, base, sellers, coverage, today)
        _add_actions(session, account_id, rng, people, base, sellers, actions, today, created, now)
        if history_days:
            _add_history(session, account_id, rng, nodes, base, sellers, created, start, now)
    return int(account_id)


def _creation_times(rng: random.Random, people: int, start: dt.datetime, now: dt.datetime) -> dict[int, Any]:
    """When each person was added: most by the first contact import, more by a second, the rest one by one.

    The imports bring people in breadth-first order (the top of the organisation first), as an HR export lists them.
    """
    first, second = int(people * FIRST_IMPORT), int(people * (FIRST_IMPORT + SECOND_IMPORT))
    half_way = start + (now - start) / 2
    return {
        pid: start if pid < first else half_way if pid < second else start + (now - start) * rng.random()
        for pid in range(people)
    }


def _high_person(rng: random.Random, people: int) -> int:
    """A person, more often one high in the organisation (low ids are the top: the forest is breadth first)."""
    return int(people * rng.random() ** 2)


def _add_coverage(
    session: Any,
    account_id: int,
    rng: random.Random,
    people: int,
    base: int,
    sellers: Sequence[int],
    count: int | None,
    today: dt.date,
) -> None:
    from sqlalchemy import insert

    from accountplan.model import Coverage
    from accountplan.model.enums import RelationshipStrength

    strengths = list(RelationshipStrength)
    team = len(sellers)
    if count is None:  # one person in three, each owned by one co-seller
        pairs = [(sellers[pid % team], pid) for pid in range(0, people, 3)[: team * COVERED_PER_SELLER]]
    else:
        chosen: dict[tuple[int, int], None] = {}
        while len(chosen) < min(count, people * team):
            chosen.setdefault((rng.choice(sellers), _high_person(rng, people)), None)
        pairs = list(chosen)
    owned: set[int] = set()
    rows = []
    for seller, pid in pairs:
        rows.append(
            {
                "account_id": account_id,
                "co_seller_id": seller,
                "stakeholder_id": base + pid,
                "strength": strengths[pid % len(strengths)],
                "is_owner": pid not in owned,
                "last_touched": today - dt.timedelta(days=pid % 120),
            }
        )
        owned.add(pid)
    session.execute(insert(Coverage), rows)


def _add_actions(
    session: Any,
    account_id: int,
    rng: random.Random,
    people: int,
    base: int,
    sellers: Sequence[int],
    count: int | None,
    today: dt.date,
    created: dict[int, Any],
    now: dt.datetime,
) -> None:
    from sqlalchemy import insert

    from accountplan.model import Action
    from accountplan.model.enums import ActionStatus

    team = len(sellers)
    if count is None:  # open actions about one person in ten
        session.execute(
            insert(Action),
            [
                {
                    "account_id": account_id,
                    "title": f"Follow up with {NAMES[pid % len(NAMES)]} {pid}",
                    "owner_id": sellers[pid % team],
                    "stakeholder_id": base + pid,
                    "due": today + dt.timedelta(days=pid % 90 - 30),
                }
                for pid in range(0, people, 10)
            ],
        )
        return
    statuses = [ActionStatus.OPEN] * 12 + [ActionStatus.IN_PROGRESS] * 2
    statuses += [ActionStatus.DONE] * 5 + [ActionStatus.CANCELLED]
    rows = []
    for number in range(count):
        pid = _high_person(rng, people) if rng.random() < 0.8 else None  # else about a deal, a meeting…
        status = rng.choice(statuses)
        due = today + dt.timedelta(days=rng.randint(-180, 90))
        row: dict[str, Any] = {
            "account_id": account_id,
            "title": f"Follow up with {NAMES[pid % len(NAMES)]} {pid}"
            if pid is not None
            else f"Task {number}",
            "owner_id": sellers[number % team],
            "stakeholder_id": base + pid if pid is not None else None,
            "due": due,
            "status": status,
            "done_on": min(due, today) if status is ActionStatus.DONE else None,
        }
        if created:  # after the person it is about was added
            after = created[pid] if pid is not None else now - dt.timedelta(days=365)
            row["created_at"] = after + (now - after) * rng.random()
        rows.append(row)
    session.execute(insert(Action), rows)


def _add_history(
    session: Any,
    account_id: int,
    rng: random.Random,
    nodes: Sequence[Any],
    base: int,
    sellers: Sequence[int],
    created: dict[int, Any],
    start: dt.datetime,
    now: dt.datetime,
) -> None:
    """The change log of the account from ``start`` to ``now``, as the audit of a team's edits writes it."""
    from sqlalchemy import insert, select

    from accountplan.model import Account, Action, ChangeLogEntry, Coverage, Stakeholder
    from accountplan.model.enums import ActionStatus, ChangeKind, RelationshipStrength, Stance
    from accountplan.store.audit import format_value

    users = ["ae", *(f"seller{cid}" for cid in sellers[:12])]
    rows: list[dict[str, Any]] = []

    def entry(at: dt.datetime, kind: ChangeKind, table: str, entity: int, label: str, **values: Any) -> None:
        rows.append(
            {
                "account_id": account_id,
                "at": at,
                "user": rng.choice(users),
                "kind": kind,
                "entity_type": table,
                "entity_id": entity,
                "entity_label": label[:300],
                "field": values.get("field", ""),
                "old_value": format_value(values.get("old")),
                "new_value": format_value(values.get("new")),
            }
        )

    def later(than: dt.datetime) -> dt.datetime:
        return than + (now - than) * rng.random()

    def chain(current: Any, choices: Sequence[Any], edits: int) -> list[tuple[Any, Any]]:
        """``edits`` (old, new) pairs, in time order, that end at ``current``."""
        values = [current]
        for _ in range(edits):
            values.append(rng.choice([c for c in choices if c != values[-1]]))
        values.reverse()
        return list(zip(values, values[1:], strict=False))

    people = {  # id → (name, title, stance, manager, influence), as they are now
        pid: (name, title, stance, manager, influence)
        for pid, name, title, stance, manager, influence in session.execute(
            select(
                Stakeholder.id,
                Stakeholder.name,
                Stakeholder.title,
                Stakeholder.stance,
                Stakeholder.reports_to_id,
                Stakeholder.influence,
            ).where(Stakeholder.account_id == account_id)
        )
    }
    account_label = session.scalar(select(Account.name).where(Account.id == account_id)) or ""
    for when, share in ((start, FIRST_IMPORT), (start + (now - start) / 2, SECOND_IMPORT)):
        count = int(len(nodes) * share)
        entry(
            when,
            ChangeKind.IMPORTED,
            "accounts",
            account_id,
            account_label,
            field="contacts",
            new=f"hr-export.csv: {count:,} people added",
        )
    for node in nodes:
        entry(created[node.id], ChangeKind.CREATED, "stakeholders", base + node.id, people[base + node.id][0])
    # The people's edits: stance most often, then the title, the manager, the influence.
    edits = int(PEOPLE_EDITS_PER_DAY * (now - start).days)
    managed = [n.id for n in nodes if n.parent is not None]
    all_ids = [base + n.id for n in nodes]
    for field, share, column in (
        ("stance", 0.45, 2),
        ("title", 0.25, 1),
        ("reports_to_id", 0.20, 3),
        ("influence", 0.10, 4),
    ):
        choices: Sequence[Any] = {
            "stance": list(Stance),
            "title": [*TITLES, *EARLIER_TITLES],
            "influence": [1, 2, 3, 4, 5],
        }.get(field, ())
        left = int(edits * share)
        while left > 0:
            pid = base + (rng.choice(managed) if field == "reports_to_id" else _high_person(rng, len(nodes)))
            name, current = people[pid][0], people[pid][column]
            if field == "reports_to_id":
                choices = [current, *rng.sample(all_ids, 3)]
                choices = [c for c in choices if c != pid]
            count = min(left, rng.randint(1, 3))
            left -= count
            times = sorted(later(created[pid - base]) for _ in range(count))
            for at, (old, new) in zip(times, chain(current, choices, count), strict=True):
                entry(at, ChangeKind.UPDATED, "stakeholders", pid, name, field=field, old=old, new=new)
    # Coverage: added after the person was, touched now and then, a third strengthened on the way.
    seller_names = {cid: f"Seller {cid} of {account_id}" for cid in sellers}
    strengths = list(RelationshipStrength)
    for link_id, seller, pid, strength, touched in session.execute(
        select(
            Coverage.id,
            Coverage.co_seller_id,
            Coverage.stakeholder_id,
            Coverage.strength,
            Coverage.last_touched,
        ).where(Coverage.account_id == account_id)
    ):
        label = seller_names.get(seller, "?")
        added = later(created[pid - base])
        entry(added, ChangeKind.CREATED, "coverage", link_id, label)
        if rng.random() < 0.4:
            old, new = chain(strength, strengths, 1)[0]
            entry(
                later(added),
                ChangeKind.UPDATED,
                "coverage",
                link_id,
                label,
                field="strength",
                old=old,
                new=new,
            )
        if touched is not None:
            at = dt.datetime.combine(touched, dt.time(12), dt.UTC)
            if at > added:
                entry(at, ChangeKind.UPDATED, "coverage", link_id, label, field="last_touched", new=touched)
    # Actions: added when they were, and closed on their day.
    for action_id, title, status, made, done_on in session.execute(
        select(Action.id, Action.title, Action.status, Action.created_at, Action.done_on).where(
            Action.account_id == account_id
        )
    ):
        made = made if made.tzinfo else made.replace(tzinfo=dt.UTC)
        entry(made, ChangeKind.CREATED, "actions", action_id, title)
        if status in (ActionStatus.DONE, ActionStatus.CANCELLED):
            at = later(made)
            entry(
                at,
                ChangeKind.UPDATED,
                "actions",
                action_id,
                title,
                field="status",
                old=ActionStatus.OPEN,
                new=status,
            )
            if done_on is not None:
                entry(at, ChangeKind.UPDATED, "actions", action_id, title, field="done_on", new=done_on)
    rows.sort(key=lambda row: row["at"])
    session.execute(insert(ChangeLogEntry), rows)

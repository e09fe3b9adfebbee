"""A scripted history of an account's organisation over six days (issue #18), each day's plan exported.

Every day's edits go through the real plan operations (and one contact import); the change log's times are
then moved to noon of that (local) day, and the plan is exported as it stood at the end of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from accountplan.interchange.contact_formats import read_contacts
from accountplan.interchange.imports import import_contacts
from accountplan.interchange.planfile import export_account
from accountplan.model import ChangeLogEntry, Meeting
from accountplan.model.enums import (
    BuyingRole,
    CoSellerRole,
    InfluenceKind,
    MeetingStatus,
    RelationshipStrength,
    Stance,
)
from accountplan.plan.accounts import create_account
from accountplan.plan.coverage import set_coverage
from accountplan.plan.influence import add_influence_link
from accountplan.plan.stakeholders import (
    add_stakeholder,
    delete_stakeholder,
    mark_departed,
    set_manager,
    set_roles,
    update_stakeholder,
)
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database

ACCOUNT = "Acme Corporation"
#: A state: people by name (title, manager's name, roles, stance, influence, departed), links, coverage.
State = dict[str, Any]


@dataclass
class History:
    account_id: int
    days: list[dt.date]
    #: Each day's state, read from the plan exported at its end.
    exported: dict[dt.date, State]
    ids: dict[str, int]


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12)).astimezone()


def exported_state(document: dict[str, Any]) -> State:
    """The people, influence links and coverage of a plan document, by name."""
    names = {row["id"]: row["name"] for row in document["stakeholders"]}
    sellers = {row["id"]: row["name"] for row in document["co_sellers"]}
    roles: dict[int, set[str]] = {}
    for row in document["stakeholder_roles"]:
        roles.setdefault(row["stakeholder_id"], set()).add(row["role"])
    people = {
        row["name"]: (
            row["title"],
            names.get(row["reports_to_id"]),
            frozenset(roles.get(row["id"], ())),
            row["stance"],
            row["influence"],
            row["status"] == "departed",
        )
        for row in document["stakeholders"]
    }
    links = {
        (names[row["source_id"]], names[row["target_id"]], row["kind"], row["strength"])
        for row in document["influence_links"]
    }
    coverage = {
        (sellers[row["co_seller_id"]], names[row["stakeholder_id"]], row["strength"], row["is_owner"])
        for row in document["coverage"]
    }
    return {"people": people, "links": links, "coverage": coverage}


def graphs_state(graphs: Any) -> State:
    """The same from rebuilt graphs."""
    people = graphs.people
    return {
        "people": {
            p.name: (
                p.title,
                people[p.reports_to_id].name if p.reports_to_id in people else None,
                frozenset(role.value for role in p.roles),
                p.stance.value,
                p.influence,
                p.departed,
            )
            for p in people.values()
        },
        "links": {
            (people[source].name, people[target].name, kind.value, strength)
            for (source, target), kinds in graphs.influence_links.items()
            for kind, strength in kinds.items()
        },
        "coverage": {
            (graphs.co_sellers[e.co_seller_id], people[e.stakeholder_id].name, e.strength.value, e.is_owner)
            for e in graphs.coverage_links
        },
    }


def _contacts(folder: Path) -> Path:
    path = folder / "contacts.csv"
    lines = [
        "Name,Email,Title,Manager email",
        "Olaf Berg,olaf@acme.example,Head of IT,",
        "Ute Kern,ute@acme.example,Architect,olaf@acme.example",
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def build_history(db: Database, folder: Path, first: dt.date) -> History:
    """Six days of edits from ``first``, one a day; a meeting held on the third day."""
    days = [first + dt.timedelta(days=n) for n in range(6)]
    ids: dict[str, int] = {}
    exported: dict[dt.date, State] = {}

    def day_done(day: dt.date, before: int) -> None:
        with db.transaction(audit=False) as session:
            session.execute(update(ChangeLogEntry).where(ChangeLogEntry.id > before).values(at=noon(day)))
        with db.session() as session:
            exported[day] = exported_state(export_account(session, ids["account"]))

    def last_entry() -> int:
        with db.session() as session:
            return int(session.scalar(select(func.max(ChangeLogEntry.id))) or 0)

    # Day 0: the account, two of ours, three people, a link, one relationship at working strength.
    before = last_entry()
    with db.transaction() as session:
        account = ids["account"] = create_account(session, ACCOUNT)
        ids["Sam"] = add_co_seller(session, "Sam", CoSellerRole.ACCOUNT_EXECUTIVE)
        ids["Pia"] = add_co_seller(session, "Pia", CoSellerRole.SOLUTION_CONSULTANT)
        join_team(session, account, ids["Sam"])
        join_team(session, account, ids["Pia"])
        ids["Mira"] = add_stakeholder(session, account, "Mira", title="CIO")
        ids["Aiko"] = add_stakeholder(
            session,
            account,
            "Aiko",
            title="CFO",
            reports_to_id=ids["Mira"],
            roles=[BuyingRole.ECONOMIC_BUYER],
        )
        ids["Ken"] = add_stakeholder(session, account, "Ken", title="Manager", reports_to_id=ids["Aiko"])
        add_influence_link(session, ids["Aiko"], ids["Mira"], InfluenceKind.TRUSTS, 4)
        set_coverage(session, ids["Sam"], ids["Aiko"], RelationshipStrength.WORKING)
    day_done(days[0], before)
    # Day 1: Ken moves under Mira and is promoted; Aiko turns skeptic and decisive; Pia meets Mira.
    before = last_entry()
    with db.transaction() as session:
        set_manager(session, ids["Ken"], ids["Mira"])
        update_stakeholder(session, ids["Ken"], title="Director")
        update_stakeholder(session, ids["Aiko"], stance=Stance.SKEPTIC, influence=5)
        set_coverage(session, ids["Pia"], ids["Mira"], RelationshipStrength.BRIEF)
    day_done(days[1], before)
    # Day 2: Sam's relationship with Aiko weakens, Pia's with Mira grows; Lena joins; Ken evaluates.
    before = last_entry()
    with db.transaction() as session:
        set_coverage(session, ids["Sam"], ids["Aiko"], RelationshipStrength.BRIEF)
        set_coverage(session, ids["Pia"], ids["Mira"], RelationshipStrength.STRONG)
        ids["Lena"] = add_stakeholder(session, account, "Lena", title="Buyer", reports_to_id=ids["Mira"])
        set_roles(session, ids["Ken"], [BuyingRole.TECHNICAL_EVALUATOR])
        session.add(
            Meeting(account_id=account, title="Alignment", held_on=days[2], status=MeetingStatus.HELD)
        )
    day_done(days[2], before)
    # Day 3: Aiko leaves the customer; Ken is deleted (with his coverage); Lena influences Mira.
    before = last_entry()
    with db.transaction() as session:
        set_coverage(session, ids["Pia"], ids["Ken"], RelationshipStrength.WORKING)
    with db.transaction() as session:
        mark_departed(session, ids["Aiko"], days[3])
        delete_stakeholder(session, ids["Ken"], force=True)
        add_influence_link(session, ids["Lena"], ids["Mira"], InfluenceKind.INFLUENCES, 2)
    day_done(days[3], before)
    # Day 4: two people imported from a contacts file.
    before = last_entry()
    import_contacts(db, read_contacts(_contacts(folder)), ACCOUNT, account_id=account, backup=False)
    day_done(days[4], before)
    # Day 5: Mira turns champion; Lena's title changes.
    before = last_entry()
    with db.transaction() as session:
        update_stakeholder(session, ids["Mira"], stance=Stance.CHAMPION)
        update_stakeholder(session, ids["Lena"], title="Head of Procurement")
    day_done(days[5], before)
    return History(account, days, exported, ids)

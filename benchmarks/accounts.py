"""Synthetic accounts of any size for the benchmarks, written in bulk (executemany), not one plan call per row.

An account of ``people`` stakeholders in a realistic reporting forest (see ``layout.org_forest``) with what
the analysis and the documents read about them: buying roles on one person in fifty, an influence link for
one person in four, a deal team of 40 co-sellers covering one person in three, open actions about one person
in ten. A team maps only so much: at most 2,000 influence links, and 25 people covered per co-seller.
"""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.layout import org_forest

NAMES = ("Aiko Tanaka", "Zoë Lefèvre", "Дмитрий Соколов", "Søren Ødegård", "田中 愛子", "José Núñez")
TEAM = 40  # co-sellers on the deal team
MAX_LINKS, COVERED_PER_SELLER = 2_000, 25


def synthetic_account(database: object, people: int, name: str = "") -> int:
    """Add an account of ``people`` stakeholders (and their links) to ``database``; its id."""
    from sqlalchemy import bindparam, func, insert, select, update

    from accountplan.model import (
        Action,
        CoSeller,
        Coverage,
        DealTeamMember,
        InfluenceLink,
        Stakeholder,
        StakeholderRole,
    )
    from accountplan.model.enums import (
        BuyingRole,
        CoSellerRole,
        InfluenceKind,
        RelationshipStrength,
        Stance,
    )
    from accountplan.plan.accounts import create_account

    rng = random.Random(people)
    nodes = org_forest(people, seed=people)
    stances, kinds, strengths = list(Stance), list(InfluenceKind), list(RelationshipStrength)
    today = dt.date(2026, 6, 1)
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
                    "title": "Director" if n.id % 5 == 0 else "Manager",
                    "influence": 1 + n.id % 5,
                    "stance": stances[n.id % len(stances)],
                    "concerns": "Budget timing and the migration effort." if n.id % 7 == 0 else "",
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
        sellers = range(first_seller, first_seller + TEAM)
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
        session.execute(
            insert(Coverage),
            [
                {
                    "account_id": account_id,
                    "co_seller_id": sellers[pid % TEAM],
                    "stakeholder_id": base + pid,
                    "strength": strengths[pid % len(strengths)],
                    "is_owner": True,
                    "last_touched": today - dt.timedelta(days=pid % 120),
                }
                for pid in range(0, people, 3)[: TEAM * COVERED_PER_SELLER]
            ],
        )
        session.execute(
            insert(Action),
            [
                {
                    "account_id": account_id,
                    "title": f"Follow up with {NAMES[pid % len(NAMES)]} {pid}",
                    "owner_id": sellers[pid % TEAM],
                    "stakeholder_id": base + pid,
                    "due": today + dt.timedelta(days=pid % 90 - 30),
                }
                for pid in range(0, people, 10)
            ],
        )
    return int(account_id)

"""The deal team: co-sellers join and leave; what a leaver leaves behind is listed and handed over at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from accountplan.errors import AlreadyExists, InvalidValue, NotFound, Refused
from accountplan.interchange.demo import load_demo
from accountplan.model import Action, CoSeller, Coverage, DealTeamMember
from accountplan.model.enums import ActionStatus, CoSellerRole, FirmKind, RelationshipStrength
from accountplan.plan.actions import add_action, update_action
from accountplan.plan.coverage import set_coverage
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.plan.team import (
    Handover,
    add_co_seller,
    handover_of,
    join_team,
    leave_team,
    list_co_sellers,
    list_team,
    reassign,
    restore_reassignment,
    roles_of,
    roles_text,
    set_roles,
    update_co_seller,
)
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
BRIEF, WORKING, STRONG = RelationshipStrength.BRIEF, RelationshipStrength.WORKING, RelationshipStrength.STRONG


def _seller(db: Database, account_id: int, name: str, role: CoSellerRole = CoSellerRole.SPECIALIST) -> int:
    with db.transaction() as session:
        seller = add_co_seller(session, name, role, email=f"{name.split()[0].lower()}@corvane.example")
        join_team(session, account_id, seller, responsibility=f"{name}'s patch", on=dt.date(2026, 1, 5))
        return seller


@pytest.fixture
def team(db: Database, account_id: int) -> dict[str, int]:
    """Lars (leaving) with two open actions, a done one and two relationships he owns; Marcus and Haruka."""
    ids = {
        "lars": _seller(db, account_id, "Lars Pettersson", CoSellerRole.SOLUTION_CONSULTANT),
        "marcus": _seller(db, account_id, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE),
        "haruka": _seller(db, account_id, "Haruka Sakai"),
    }
    with db.transaction() as session:
        ids["inoue"] = add_stakeholder(session, account_id, "井上 大輔")
        ids["zoe"] = add_stakeholder(session, account_id, "Zoë Lefèvre")
        ids["demo"] = add_action(
            session, account_id, "Demo the connector", owner_id=ids["lars"], due=dt.date(2026, 3, 1)
        )
        ids["memo"] = add_action(session, account_id, "Draft the sole-source memo", owner_id=ids["lars"])
        done = add_action(session, account_id, "Send the pilot results", owner_id=ids["lars"])
        update_action(session, done, status=ActionStatus.DONE)
        set_coverage(session, ids["lars"], ids["inoue"], WORKING, is_owner=True)
        set_coverage(session, ids["lars"], ids["zoe"], STRONG, is_owner=True)
        set_coverage(session, ids["marcus"], ids["zoe"], BRIEF)
    return ids


def _owners(db: Database) -> dict[str, str]:
    """Action title → owner name, and stakeholder → the owner of the relationship with them."""
    with db.session() as session:
        names = {row_id: name for row_id, name in session.execute(select(CoSeller.id, CoSeller.name))}
        found = {a.title: names.get(a.owner_id or 0, "") for a in session.scalars(select(Action))}
        for row in session.scalars(select(Coverage).where(Coverage.is_owner.is_(True))):
            found[row.stakeholder.name] = names[row.co_seller_id]
        return found


def _strengths(db: Database) -> set[tuple[str, str, str, bool]]:
    with db.session() as session:
        return {
            (r.co_seller.name, r.stakeholder.name, r.strength.value, r.is_owner)
            for r in session.scalars(select(Coverage))
        }


def test_the_directory_and_the_team_with_its_workload(
    db: Database, account_id: int, team: dict[str, int]
) -> None:
    with db.transaction() as session:
        partner = add_co_seller(
            session,
            "Kazuo Hirano",
            CoSellerRole.PARTNER,
            firm_kind=FirmKind.PARTNER,
            organisation="Asahidai SI",
        )
    with db.session() as session:
        directory = [(row.name, row.organisation) for row in list_co_sellers(session)]
        rows = list_team(session, account_id)
    assert directory == [
        ("Haruka Sakai", ""),
        ("Kazuo Hirano", "Asahidai SI"),
        ("Lars Pettersson", ""),
        ("Marcus Lindqvist", ""),
    ]
    assert partner not in {row.co_seller_id for row in rows}  # in the directory, not on this team
    assert [(r.name, r.active, r.open_actions, r.relationships, r.owned_relationships) for r in rows] == [
        ("Haruka Sakai", True, 0, 0, 0),
        ("Lars Pettersson", True, 2, 2, 2),
        ("Marcus Lindqvist", True, 0, 1, 0),
    ]
    assert (
        rows[1].role is CoSellerRole.SOLUTION_CONSULTANT
        and rows[1].responsibility == "Lars Pettersson's patch"
    )


def test_a_co_seller_needs_a_name_and_an_email_of_their_own(db: Database, team: dict[str, int]) -> None:
    with db.transaction() as session, pytest.raises(InvalidValue, match="needs a name"):
        add_co_seller(session, "  ", CoSellerRole.SDR_BDR)
    with db.transaction() as session, pytest.raises(AlreadyExists, match="Lars Pettersson already has"):
        add_co_seller(session, "Lars P.", CoSellerRole.SDR_BDR, email="LARS@corvane.example")
    with db.transaction() as session:
        previous = update_co_seller(
            session, team["haruka"], title="Solution Architect", role=CoSellerRole.PARTNER
        )
    assert previous == {"title": "", "role": CoSellerRole.SPECIALIST}


def test_joining_twice_is_refused_and_a_former_member_comes_back_with_their_history(
    db: Database, account_id: int, team: dict[str, int]
) -> None:
    with db.transaction() as session, pytest.raises(AlreadyExists, match="already on the deal team"):
        join_team(session, account_id, team["haruka"])
    with db.transaction() as session:
        leave_team(session, account_id, team["haruka"], dt.date(2026, 4, 1))
    with db.transaction() as session:
        member_id = join_team(session, account_id, team["haruka"])
    with db.session() as session:
        member = session.get(DealTeamMember, member_id)
        assert member is not None
        assert (member.active, member.left_on, member.joined_on, member.responsibility) == (
            True,
            None,
            dt.date(2026, 1, 5),
            "Haruka Sakai's patch",
        )


def test_leaving_lists_the_open_actions_and_the_relationships_owned(
    db: Database, account_id: int, team: dict[str, int]
) -> None:
    with db.transaction() as session:
        handover = leave_team(session, account_id, team["lars"], dt.date(2026, 10, 29))
    with db.session() as session:
        lars = next(row for row in list_team(session, account_id) if row.co_seller_id == team["lars"])
        again = handover_of(session, account_id, team["lars"])
    assert handover == again
    assert handover.name == "Lars Pettersson" and not handover.is_empty
    assert [title for _, title in handover.open_actions] == [
        "Demo the connector",
        "Draft the sole-source memo",
    ]
    assert [name for _, name in handover.owned_relationships] == ["Zoë Lefèvre", "井上 大輔"]
    assert (lars.active, lars.left_on) == (False, dt.date(2026, 10, 29))
    with db.session() as session, pytest.raises(NotFound, match="not on the deal team"):
        leave_team(
            session, account_id, add_co_seller(session, "Nobody", CoSellerRole.RENEWALS), dt.date(2026, 1, 1)
        )


def test_reassigning_in_bulk_hands_everything_over_and_undo_gives_it_back(
    db: Database, account_id: int, team: dict[str, int]
) -> None:
    before_owners, before_coverage = _owners(db), _strengths(db)
    with db.transaction() as session:
        handover: Handover = leave_team(session, account_id, team["lars"], dt.date(2026, 10, 29))
        undo = reassign(
            session,
            account_id,
            action_ids=[action_id for action_id, _ in handover.open_actions],
            coverage_ids=[coverage_id for coverage_id, _ in handover.owned_relationships],
            to_co_seller_id=team["marcus"],
        )
    after = _owners(db)
    assert after["Demo the connector"] == after["Draft the sole-source memo"] == "Marcus Lindqvist"
    assert after["Send the pilot results"] == "Lars Pettersson"  # done: history, not handed over
    assert after["Zoë Lefèvre"] == after["井上 大輔"] == "Marcus Lindqvist"
    assert _strengths(db) == {
        ("Lars Pettersson", "井上 大輔", "working", False),
        ("Lars Pettersson", "Zoë Lefèvre", "strong", False),
        ("Marcus Lindqvist", "Zoë Lefèvre", "brief", True),  # his own relationship, now the owner
        ("Marcus Lindqvist", "井上 大輔", "brief", True),  # new: he has just been introduced
    }
    with db.session() as session:
        assert handover_of(session, account_id, team["lars"]).is_empty

    with db.transaction() as session:
        restore_reassignment(session, undo)
    assert (_owners(db), _strengths(db)) == (before_owners, before_coverage)


def test_reassigning_to_someone_off_the_team_changes_nothing(
    db: Database, account_id: int, team: dict[str, int], table_counts: Counts
) -> None:
    with db.transaction() as session:
        leave_team(session, account_id, team["haruka"], dt.date(2026, 6, 1))
    counts, owners = table_counts(), _owners(db)
    with db.transaction() as session, pytest.raises(Refused, match="Haruka Sakai is not on the deal team"):
        reassign(
            session, account_id, action_ids=[team["demo"]], coverage_ids=[], to_co_seller_id=team["haruka"]
        )
    assert (table_counts(), _owners(db)) == (counts, owners)


def test_the_demo_team_hands_over_a_leavers_work_in_one_transaction(db: Database) -> None:
    load_demo(db, dt.date(2026, 11, 23))
    with db.session() as session:
        account_id = session.scalar(select(DealTeamMember.account_id).limit(1))
        assert account_id is not None
        rows = list_team(session, account_id)
        busiest = max(
            (r for r in rows if r.active and r.name != "Marcus Lindqvist"),
            key=lambda r: (r.open_actions + r.owned_relationships, r.name),
        )
        handover = handover_of(session, account_id, busiest.co_seller_id)
        marcus = next(r for r in rows if r.name == "Marcus Lindqvist")
    assert len(rows) == 62 and "Lars Pettersson" in {r.name for r in rows if not r.active}
    assert busiest.open_actions and busiest.owned_relationships
    assert (len(handover.open_actions), len(handover.owned_relationships)) == (
        busiest.open_actions,
        busiest.owned_relationships,
    )
    with db.transaction() as session:
        leave_team(session, account_id, busiest.co_seller_id, dt.date(2026, 11, 23))
        reassign(
            session,
            account_id,
            action_ids=[i for i, _ in handover.open_actions],
            coverage_ids=[i for i, _ in handover.owned_relationships],
            to_co_seller_id=marcus.co_seller_id,
        )
    with db.session() as session:
        assert handover_of(session, account_id, busiest.co_seller_id).is_empty
        now = next(r for r in list_team(session, account_id) if r.name == "Marcus Lindqvist")
    assert now.open_actions == marcus.open_actions + busiest.open_actions
    assert now.owned_relationships == marcus.owned_relationships + busiest.owned_relationships


def test_a_co_seller_holds_several_roles_the_first_their_main_one(db: Database) -> None:
    with db.transaction() as session:
        keiko = add_co_seller(session, "Keiko Nishimura", CoSellerRole.SOLUTION_CONSULTANT)
        previous = set_roles(
            session,
            keiko,
            [
                CoSellerRole.ACCOUNT_MANAGER,
                CoSellerRole.CUSTOMER_SUCCESS_MANAGER,
                CoSellerRole.ACCOUNT_MANAGER,
            ],
        )
    assert previous == {"role": CoSellerRole.SOLUTION_CONSULTANT, "other_roles": ""}
    with db.session() as session:
        person = session.get(CoSeller, keiko)
        assert person is not None
        assert roles_of(person) == [CoSellerRole.ACCOUNT_MANAGER, CoSellerRole.CUSTOMER_SUCCESS_MANAGER]
        assert roles_text(person) == "Account manager + Customer success manager"
    with pytest.raises(InvalidValue, match="'closer' is not a co-seller role"), db.transaction() as session:
        update_co_seller(session, keiko, other_roles="sdr,closer")
    with pytest.raises(InvalidValue, match="at least one role"), db.transaction() as session:
        set_roles(session, keiko, [])
    with db.transaction() as session:
        update_co_seller(session, keiko, **previous)  # undo
        person = session.get(CoSeller, keiko)
        assert person is not None and roles_of(person) == [CoSellerRole.SOLUTION_CONSULTANT]

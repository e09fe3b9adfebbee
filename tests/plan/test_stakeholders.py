"""The buyer's people: the reporting tree never loops, stays in its account, and deletions say what they cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from accountplan.errors import CycleRefused, HasDependents, InvalidValue, NotFound, Refused
from accountplan.model import (
    Action,
    ChangeLogEntry,
    CoSeller,
    Coverage,
    DecisionStep,
    OrgUnit,
    Stakeholder,
)
from accountplan.model.enums import (
    ActionStatus,
    BuyingRole,
    ChangeKind,
    CoSellerRole,
    RelationshipStrength,
    StakeholderStatus,
    Stance,
)
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import (
    add_stakeholder,
    delete_stakeholder,
    dependents,
    mark_active,
    mark_departed,
    set_manager,
    set_roles,
    update_stakeholder,
)
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]


def _chain(db: Database, account_id: int, *names: str) -> list[int]:
    """People who each report to the one before: names[0] is the top."""
    ids: list[int] = []
    with db.transaction() as session:
        for name in names:
            ids.append(add_stakeholder(session, account_id, name, reports_to_id=ids[-1] if ids else None))
    return ids


def _managers(db: Database, account_id: int) -> dict[str, str | None]:
    with db.session() as session:
        people = session.scalars(select(Stakeholder).where(Stakeholder.account_id == account_id)).all()
        names = {p.id: p.name for p in people}
        return {p.name: names.get(p.reports_to_id) if p.reports_to_id else None for p in people}


def _log(db: Database, entity_type: str = "stakeholders") -> list[ChangeLogEntry]:
    with db.session() as session:
        return list(
            session.scalars(
                select(ChangeLogEntry)
                .where(ChangeLogEntry.entity_type == entity_type)
                .order_by(ChangeLogEntry.id)
            )
        )


def test_adding_a_person_with_a_manager_and_roles(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        boss = add_stakeholder(session, account_id, "  Ольга Петрова ", title="CFO", influence=5)
        aiko = add_stakeholder(
            session,
            account_id,
            "田中 愛子",
            reports_to_id=boss,
            roles=[BuyingRole.CHAMPION, BuyingRole.TECHNICAL_EVALUATOR],
            stance="supporter",
        )
    with db.session() as session:
        person = session.get(Stakeholder, aiko)
        assert person is not None
        assert person.reports_to_id == boss
        assert person.roles == {BuyingRole.CHAMPION, BuyingRole.TECHNICAL_EVALUATOR}
        assert person.stance is Stance.SUPPORTER
        assert person.status is StakeholderStatus.ACTIVE
        top = session.get(Stakeholder, boss)
        assert top is not None and top.name == "Ольга Петрова" and top.influence == 5


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"influence": 7}, "between 1 and 5"),
        ({"influence": "lots"}, "not a valid influence"),
        ({"stance": "friendly"}, "not a known Stance"),
        ({"shoe_size": 44}, "no field 'shoe_size'"),
        ({"departed_on": "2024-01-01"}, "cannot be set here"),
        ({"name": "x" * 201}, "too long"),
        ({"internal_notes": "x" * 1_000_001}, "too long .1,000,001 characters, at most 1,000,000"),
        ({"influence": 2**63}, "between"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_added(
    db: Database, account_id: int, table_counts: Counts, values: dict[str, object], message: str
) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match=message), db.transaction() as session:
        values = dict(values)
        name = str(values.pop("name", "Someone"))
        add_stakeholder(session, account_id, name, **values)
    assert table_counts() == before


def test_typed_or_pasted_control_characters_are_dropped_and_line_breaks_kept(
    db: Database, account_id: int
) -> None:
    with db.transaction() as session:
        person = add_stakeholder(
            session,
            account_id,
            "Ai\x00ko\x1b[31m Tanaka\ud800",
            title="C\x07FO\x7f",
            internal_notes="first line\r\nsecond\rthird\ttabbed\x07",
        )
    with db.session() as session:
        stored = session.get(Stakeholder, person)
        assert stored is not None
        assert stored.name == "Aiko[31m Tanaka"
        assert stored.title == "CFO"
        assert stored.internal_notes == "first line\nsecond\nthird\ttabbed"


def test_a_person_needs_a_name(db: Database, account_id: int) -> None:
    with pytest.raises(InvalidValue, match="needs a name"), db.transaction() as session:
        add_stakeholder(session, account_id, "   ")
    (person,) = _chain(db, account_id, "Aiko Tanaka")
    with pytest.raises(InvalidValue, match="needs a name"), db.transaction() as session:
        update_stakeholder(session, person, name="")


# --- the reporting tree -----------------------------------------------------------------------------


def test_a_reporting_loop_is_refused_with_the_names_on_the_loop(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    ceo, cfo, controller = _chain(db, account_id, "Ada Ceo", "Bo Cfo", "Cy Controller")
    _chain(db, account_id, "Dee Outsider")
    before, managers = table_counts(), _managers(db, account_id)

    with pytest.raises(CycleRefused) as refused, db.transaction() as session:
        set_manager(session, ceo, controller)

    assert sorted(refused.value.names) == ["Ada Ceo", "Bo Cfo", "Cy Controller"]
    for name in ("Ada Ceo", "Bo Cfo", "Cy Controller"):
        assert name in str(refused.value)
    assert "Dee Outsider" not in str(refused.value)
    assert "loop" in str(refused.value)
    assert isinstance(refused.value, Refused)
    assert _managers(db, account_id) == managers
    assert table_counts() == before


def test_a_loop_of_two_is_refused(db: Database, account_id: int) -> None:
    boss, report = _chain(db, account_id, "Ada Boss", "Bo Report")
    with pytest.raises(CycleRefused) as refused, db.transaction() as session:
        set_manager(session, boss, report)
    assert sorted(refused.value.names) == ["Ada Boss", "Bo Report"]
    assert _managers(db, account_id) == {"Ada Boss": None, "Bo Report": "Ada Boss"}


def test_nobody_is_their_own_manager(db: Database, account_id: int, table_counts: Counts) -> None:
    (person,) = _chain(db, account_id, "Aiko Tanaka")
    before = table_counts()
    with pytest.raises(CycleRefused) as refused, db.transaction() as session:
        set_manager(session, person, person)
    assert refused.value.names == ["Aiko Tanaka"]
    assert "Aiko Tanaka" in str(refused.value)
    assert table_counts() == before


def test_moving_someone_within_the_tree_is_allowed_and_returns_the_previous_manager(
    db: Database, account_id: int
) -> None:
    ceo, cfo, controller = _chain(db, account_id, "Ada Ceo", "Bo Cfo", "Cy Controller")
    with db.transaction() as session:
        assert set_manager(session, controller, ceo) == cfo
        assert set_manager(session, cfo, controller) == ceo  # fine now: the controller is no longer below
    assert _managers(db, account_id) == {
        "Ada Ceo": None,
        "Bo Cfo": "Cy Controller",
        "Cy Controller": "Ada Ceo",
    }
    with db.transaction() as session:
        assert set_manager(session, cfo, None) == controller
    assert _managers(db, account_id)["Bo Cfo"] is None


def test_a_manager_from_another_account_is_refused(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    (person,) = _chain(db, account_id, "Aiko Tanaka")
    with db.transaction() as session:
        other = create_account(session, "Globex")
        stranger = add_stakeholder(session, other, "Zed Stranger")
    before = table_counts()

    with pytest.raises(Refused, match="another account") as refused, db.transaction() as session:
        set_manager(session, person, stranger)
    assert not isinstance(refused.value, CycleRefused)
    with pytest.raises(Refused, match="another account"), db.transaction() as session:
        add_stakeholder(session, account_id, "New Hire", reports_to_id=stranger)

    assert table_counts() == before  # the new hire was not added half-way either
    assert _managers(db, account_id) == {"Aiko Tanaka": None}


def test_an_unknown_manager_is_not_found(db: Database, account_id: int) -> None:
    (person,) = _chain(db, account_id, "Aiko Tanaka")
    with pytest.raises(NotFound, match="999"), db.transaction() as session:
        set_manager(session, person, 999)


def test_an_org_unit_of_another_account_is_refused(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
        theirs = OrgUnit(account_id=other, name="Globex Finance")
        ours = OrgUnit(account_id=account_id, name="Acme Finance")
        session.add_all([theirs, ours])
        session.flush()
        theirs_id, ours_id = theirs.id, ours.id
        person = add_stakeholder(session, account_id, "Aiko Tanaka", org_unit_id=ours_id)
    before = table_counts()

    with pytest.raises(Refused, match="Globex Finance"), db.transaction() as session:
        add_stakeholder(session, account_id, "Bo Newcomer", org_unit_id=theirs_id)
    with pytest.raises(Refused, match="another account"), db.transaction() as session:
        update_stakeholder(session, person, org_unit_id=theirs_id)

    assert table_counts() == before
    with db.session() as session:
        aiko = session.get(Stakeholder, person)
        assert aiko is not None and aiko.org_unit_id == ours_id


# --- roles, departure, and the change log -----------------------------------------------------------


def test_every_change_is_logged_with_the_users_name(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        person = add_stakeholder(session, account_id, "Aiko Tanaka", title="Director")
    with db.transaction() as session:
        previous = update_stakeholder(session, person, title="CIO", stance="skeptic", influence=4)
    assert previous == {"title": "Director", "stance": Stance.NEUTRAL, "influence": 3}

    entries = _log(db)
    assert [(e.kind, e.field) for e in entries[:1]] == [(ChangeKind.CREATED, "")]
    updates = {(e.field, e.old_value, e.new_value) for e in entries if e.kind is ChangeKind.UPDATED}
    assert updates == {
        ("title", "Director", "CIO"),
        ("stance", "neutral", "skeptic"),
        ("influence", "3", "4"),
    }
    assert {e.user for e in entries} == {"tester"}
    assert {e.entity_id for e in entries} == {person}
    assert {e.entity_label for e in entries} == {"Aiko Tanaka"}
    assert {e.account_id for e in entries} == {account_id}
    assert all(e.at.tzinfo is not None for e in entries)


def test_roles_are_set_as_a_whole_and_the_change_is_logged(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        person = add_stakeholder(session, account_id, "Aiko Tanaka", roles=[BuyingRole.USER])
    with db.transaction() as session:
        previous = set_roles(session, person, [BuyingRole.CHAMPION, BuyingRole.ECONOMIC_BUYER])
    assert previous == {BuyingRole.USER}
    with db.transaction() as session:
        assert set_roles(session, person, [BuyingRole.ECONOMIC_BUYER, BuyingRole.CHAMPION]) == {
            BuyingRole.CHAMPION,
            BuyingRole.ECONOMIC_BUYER,
        }
    with db.session() as session:
        stored = session.get(Stakeholder, person)
        assert stored is not None and stored.roles == {BuyingRole.CHAMPION, BuyingRole.ECONOMIC_BUYER}

    role_changes = [(e.old_value, e.new_value, e.user) for e in _log(db) if e.field == "roles"]
    assert role_changes == [
        ("", "user", "tester"),
        ("user", "champion, economic_buyer", "tester"),
    ]  # the second, unchanged set wrote nothing


def test_a_departure_is_recorded_with_its_date_and_can_be_undone(db: Database, account_id: int) -> None:
    (person,) = _chain(db, account_id, "Aiko Tanaka")
    with db.transaction() as session:
        mark_departed(session, person, dt.date(2025, 6, 30))
    with db.session() as session:
        stored = session.get(Stakeholder, person)
        assert stored is not None and stored.is_departed and stored.departed_on == dt.date(2025, 6, 30)
    updates = {(e.field, e.old_value, e.new_value) for e in _log(db) if e.kind is ChangeKind.UPDATED}
    assert updates == {("status", "active", "departed"), ("departed_on", None, "2025-06-30")}

    with db.transaction() as session:
        mark_active(session, person)
    with db.session() as session:
        stored = session.get(Stakeholder, person)
        assert stored is not None and not stored.is_departed and stored.departed_on is None


def test_status_and_manager_cannot_be_changed_behind_their_operations(db: Database, account_id: int) -> None:
    boss, report = _chain(db, account_id, "Ada Boss", "Bo Report")
    for change in ({"reports_to_id": None}, {"status": "departed"}):
        with pytest.raises(InvalidValue, match="cannot be set here"), db.transaction() as session:
            update_stakeholder(session, report, **change)
    assert _managers(db, account_id) == {"Ada Boss": None, "Bo Report": "Ada Boss"}


def test_an_operation_is_one_transaction(db: Database, account_id: int, table_counts: Counts) -> None:
    before = table_counts()
    with pytest.raises(RuntimeError), db.transaction() as session:
        person = add_stakeholder(session, account_id, "Aiko Tanaka", roles=[BuyingRole.CHAMPION])
        update_stakeholder(session, person, title="CIO")
        raise RuntimeError("the window crashed before the end of the edit")
    assert table_counts() == before
    assert _log(db) == []


# --- deleting -------------------------------------------------------------------------------------


def _person_with_dependents(db: Database, account_id: int) -> dict[str, int]:
    with db.transaction() as session:
        top = add_stakeholder(session, account_id, "Ada Ceo")
        person = add_stakeholder(session, account_id, "Bo Cio", reports_to_id=top)
        report_a = add_stakeholder(session, account_id, "Cy Architect", reports_to_id=person)
        report_b = add_stakeholder(session, account_id, "Di Engineer", reports_to_id=person)
        seller = CoSeller(name="Sam Seller", email="sam@example.com", role=CoSellerRole.ACCOUNT_EXECUTIVE)
        session.add(seller)
        session.flush()
        step = DecisionStep(account_id=account_id, name="Security review", owner_id=person)
        open_action = Action(account_id=account_id, title="Send the reference", stakeholder_id=person)
        done_action = Action(
            account_id=account_id, title="Lunch", stakeholder_id=person, status=ActionStatus.DONE
        )
        coverage = Coverage(
            account_id=account_id,
            co_seller_id=seller.id,
            stakeholder_id=person,
            strength=RelationshipStrength.STRONG,
        )
        session.add_all([step, open_action, done_action, coverage])
        session.flush()
        return {
            "top": top,
            "person": person,
            "report_a": report_a,
            "report_b": report_b,
            "step": step.id,
            "action": open_action.id,
            "coverage": coverage.id,
        }


def test_deleting_someone_others_depend_on_says_what_and_deletes_nothing(
    db: Database, account_id: int, table_counts: Counts
) -> None:
    ids = _person_with_dependents(db, account_id)
    before = table_counts()

    with pytest.raises(HasDependents) as refused, db.transaction() as session:
        delete_stakeholder(session, ids["person"])

    found = refused.value.dependents
    assert len(found) == 4
    reports, steps, actions, coverage = found
    assert "2 direct report(s)" in reports and "Cy Architect" in reports and "Di Engineer" in reports
    assert "decision step" in steps and "Security review" in steps
    assert actions == "1 open action(s) about them"  # the done one does not count
    assert coverage == "1 coverage relationship(s)"
    assert "Bo Cio" in str(refused.value)
    assert table_counts() == before


def test_dependents_of_someone_with_none_is_empty(db: Database, account_id: int) -> None:
    (person,) = _chain(db, account_id, "Aiko Tanaka")
    with db.session() as session:
        assert dependents(session, person) == []
    with db.transaction() as session:
        delete_stakeholder(session, person)
    with db.session() as session:
        assert session.get(Stakeholder, person) is None
    deleted = [e for e in _log(db) if e.kind is ChangeKind.DELETED]
    assert [(e.entity_id, e.entity_label, e.user) for e in deleted] == [(person, "Aiko Tanaka", "tester")]


def test_a_forced_delete_moves_the_reports_up_and_releases_what_they_owned(
    db: Database, account_id: int
) -> None:
    ids = _person_with_dependents(db, account_id)
    with db.transaction() as session:
        delete_stakeholder(session, ids["person"], force=True)

    assert _managers(db, account_id) == {"Ada Ceo": None, "Cy Architect": "Ada Ceo", "Di Engineer": "Ada Ceo"}
    with db.session() as session:
        assert session.get(Stakeholder, ids["person"]) is None
        assert session.get(Coverage, ids["coverage"]) is None
        step = session.get(DecisionStep, ids["step"])
        assert step is not None and step.owner_id is None
        action = session.get(Action, ids["action"])
        assert action is not None and action.stakeholder_id is None
    assert any(e.kind is ChangeKind.DELETED and e.entity_id == ids["person"] for e in _log(db))

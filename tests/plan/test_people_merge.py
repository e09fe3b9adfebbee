"""Two records of one person made one (a possible duplicate an import listed), and the merge undone."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from accountplan.errors import CycleRefused, InvalidValue
from accountplan.interchange.planfile import export_account
from accountplan.model import Action, Coverage, InfluenceLink, Stakeholder, StakeholderRole
from accountplan.model.enums import BuyingRole, CoSellerRole, RelationshipStrength
from accountplan.plan.accounts import create_account
from accountplan.plan.actions import add_action
from accountplan.plan.coverage import set_coverage
from accountplan.plan.influence import add_influence_link
from accountplan.plan.people_merge import merge_people, unmerge_people
from accountplan.plan.stakeholders import add_stakeholder, set_roles
from accountplan.plan.team import add_co_seller, join_team
from accountplan.store.database import Database


def _plan(db: Database, account_id: int) -> dict[str, Any]:
    with db.session() as session:
        document = export_account(session, account_id)
    del document["change_log"]
    return document


@pytest.fixture
def twins(db: Database) -> dict[str, int]:
    """Ann Lee twice: the first known and covered, the second imported later with an e-mail and a report."""
    with db.transaction() as session:
        account = create_account(session, "Hoshino Logistics")
        ann = add_stakeholder(session, account, "Ann Lee", title="CFO")
        twin = add_stakeholder(session, account, "Ann  LEE", email="ann.lee@customer.example")
        report = add_stakeholder(session, account, "Bo Ray", reports_to_id=twin)
        marcus = add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE)
        keiko = add_co_seller(session, "Keiko Nishimura", CoSellerRole.SOLUTION_CONSULTANT)
        for seller in (marcus, keiko):
            join_team(session, account, seller)
        set_coverage(session, marcus, ann, RelationshipStrength.STRONG)
        set_coverage(session, marcus, twin, RelationshipStrength.BRIEF)  # the same co-seller: Ann's stands
        set_coverage(session, keiko, twin, RelationshipStrength.WORKING)  # moves over
        set_roles(session, ann, [BuyingRole.CHAMPION])
        set_roles(session, twin, [BuyingRole.CHAMPION, BuyingRole.ECONOMIC_BUYER])
        add_influence_link(session, twin, ann)  # becomes Ann on Ann: dropped
        add_influence_link(session, twin, report)  # moves over
        add_action(session, account, "Send Ann the pilot results", stakeholder_id=twin)
    return {"account": account, "ann": ann, "twin": twin, "report": report, "marcus": marcus, "keiko": keiko}


def test_merging_keeps_everything_once_on_the_person_kept(db: Database, twins: dict[str, int]) -> None:
    with db.transaction() as session:
        merge_people(session, twins["twin"], twins["ann"])
    with db.session() as session:
        assert session.get(Stakeholder, twins["twin"]) is None
        ann = session.get(Stakeholder, twins["ann"])
        assert ann is not None
        assert (ann.name, ann.title, ann.email) == ("Ann Lee", "CFO", "ann.lee@customer.example")
        report = session.get(Stakeholder, twins["report"])
        assert report is not None and report.reports_to_id == twins["ann"]
        covered = {
            (c.co_seller_id, c.strength)
            for c in session.scalars(select(Coverage).where(Coverage.stakeholder_id == twins["ann"]))
        }
        assert covered == {
            (twins["marcus"], RelationshipStrength.STRONG),
            (twins["keiko"], RelationshipStrength.WORKING),
        }
        roles = set(
            session.scalars(
                select(StakeholderRole.role).where(StakeholderRole.stakeholder_id == twins["ann"])
            )
        )
        assert roles == {BuyingRole.CHAMPION, BuyingRole.ECONOMIC_BUYER}
        links = {(link.source_id, link.target_id) for link in session.scalars(select(InfluenceLink))}
        assert links == {(twins["ann"], twins["report"])}
        assert set(session.scalars(select(Action.stakeholder_id))) == {twins["ann"]}


def test_undoing_a_merge_gives_back_both_people_exactly(db: Database, twins: dict[str, int]) -> None:
    before = _plan(db, twins["account"])
    with db.transaction() as session:
        merge = merge_people(session, twins["twin"], twins["ann"])
    with db.transaction() as session:
        unmerge_people(session, merge)
    assert _plan(db, twins["account"]) == before


def test_a_person_is_not_merged_with_themselves_or_into_someone_who_reports_to_them(
    db: Database, twins: dict[str, int]
) -> None:
    with pytest.raises(InvalidValue, match="themselves"), db.transaction() as session:
        merge_people(session, twins["ann"], twins["ann"])
    with pytest.raises(CycleRefused, match="Bo Ray reports to"), db.transaction() as session:
        merge_people(session, twins["twin"], twins["report"])


def test_a_merge_reaches_the_change_log(db: Database, twins: dict[str, int]) -> None:
    from accountplan.model import ChangeLogEntry

    with db.session() as session:
        before = session.scalar(select(ChangeLogEntry.id).order_by(ChangeLogEntry.id.desc()).limit(1))
    with db.transaction() as session:
        merge_people(session, twins["twin"], twins["ann"])
    with db.session() as session:
        logged = session.execute(
            select(ChangeLogEntry.entity_type, ChangeLogEntry.field).where(ChangeLogEntry.id > (before or 0))
        ).all()
    assert ("stakeholders", "reports_to_id") in logged  # Bo Ray's manager
    assert ("actions", "stakeholder_id") in logged
    assert ("stakeholders", "") in logged  # the record merged away, deleted

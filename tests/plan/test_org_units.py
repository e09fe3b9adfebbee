"""The account's org units, product lines and competitors, made and changed as a seller would in the window."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.errors import AlreadyExists, CycleRefused, InvalidValue
from accountplan.interchange.planfile import export_account
from accountplan.model import OrgUnit, ProductLine, Stakeholder, WhitespaceCell
from accountplan.model.enums import WhitespaceStatus
from accountplan.plan import catalog, org_units
from accountplan.plan.accounts import create_account
from accountplan.plan.opportunities import add_opportunity, set_competitors
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.plan.whitespace import set_cell, whitespace_map
from accountplan.store.database import Database


def _plan(db: Database, account_id: int) -> dict[str, Any]:
    with db.session() as session:
        document = export_account(session, account_id)
    del document["change_log"]
    return document


@pytest.fixture
def account(db: Database) -> dict[str, int]:
    """A new account: Group > Finance > Treasury, Group > IT; two people in Finance; two product lines."""
    with db.transaction() as session:
        account_id = create_account(session, "Hoshino Logistics")
        group = org_units.add_org_unit(session, account_id, "Group")
        finance = org_units.add_org_unit(session, account_id, "Finance", parent_id=group)
        treasury = org_units.add_org_unit(session, account_id, "Treasury", parent_id=finance)
        it = org_units.add_org_unit(session, account_id, "IT", parent_id=group)
        add_stakeholder(session, account_id, "Aiko Tanaka", org_unit_id=finance)
        add_stakeholder(session, account_id, "Ben Ito", org_unit_id=finance)
        payments = catalog.add_product_line(session, account_id, "Payments")
        analytics = catalog.add_product_line(session, account_id, "Analytics")
        set_cell(
            session,
            account_id,
            finance,
            payments,
            status=WhitespaceStatus.OPEN_OPPORTUNITY,
            potential_value=Decimal(5),
        )
        set_cell(session, account_id, finance, analytics, status=WhitespaceStatus.OURS)
        set_cell(session, account_id, it, analytics, status=WhitespaceStatus.NOT_A_FIT)
    return {
        "account": account_id,
        "group": group,
        "finance": finance,
        "treasury": treasury,
        "it": it,
        "payments": payments,
        "analytics": analytics,
    }


def test_units_nest_and_a_name_is_unique_among_its_siblings(db: Database, account: dict[str, int]) -> None:
    with db.transaction() as session:
        # The same name elsewhere in the tree is another unit ("Finance" of a subsidiary).
        org_units.add_org_unit(session, account["account"], "finance", parent_id=account["it"])
    with pytest.raises(AlreadyExists, match="'Finance' under Group"), db.transaction() as session:
        org_units.add_org_unit(session, account["account"], " Finance ", parent_id=account["group"])
    with pytest.raises(InvalidValue, match="needs a name"), db.transaction() as session:
        org_units.add_org_unit(session, account["account"], "  ")


def test_a_unit_moves_anywhere_but_inside_itself(db: Database, account: dict[str, int]) -> None:
    refusal = pytest.raises(CycleRefused, match="Treasury is inside Group already")
    with refusal as refused, db.transaction() as session:
        org_units.update_org_unit(session, account["group"], parent_id=account["treasury"])
    assert refused.value.names[0] == "Group"
    with db.transaction() as session:
        previous = org_units.update_org_unit(
            session, account["treasury"], parent_id=account["it"], name="Treasury Ops"
        )
    assert previous == {"parent_id": account["finance"], "name": "Treasury"}
    with db.session() as session:
        moved = session.get(OrgUnit, account["treasury"])
        assert moved is not None and (moved.parent_id, moved.name) == (account["it"], "Treasury Ops")


def test_deleting_a_unit_says_what_depends_on_it_and_keeps_its_people(
    db: Database, account: dict[str, int]
) -> None:
    with db.session() as session:
        assert org_units.org_unit_dependents(session, account["finance"]) == [
            "2 people",
            "1 unit inside it",
            "2 whitespace cells",
        ]
    with db.transaction() as session:
        org_units.delete_org_unit(session, account["finance"])
    with db.session() as session:
        assert set(session.scalars(select(Stakeholder.org_unit_id))) == {None}
        treasury = session.get(OrgUnit, account["treasury"])
        assert treasury is not None and treasury.parent_id == account["group"]  # moved up, not lost
        assert (
            session.scalar(select(WhitespaceCell.id).where(WhitespaceCell.org_unit_id == account["finance"]))
            is None
        )


def test_merging_moves_people_units_and_cells_and_undoing_it_restores_the_plan_exactly(
    db: Database, account: dict[str, int]
) -> None:
    before = _plan(db, account["account"])
    with db.transaction() as session:
        merge = org_units.merge_org_units(session, account["finance"], account["it"])
    with db.session() as session:
        assert {person.org_unit_id for person in session.scalars(select(Stakeholder))} == {account["it"]}
        assert session.get(OrgUnit, account["finance"]) is None
        treasury = session.get(OrgUnit, account["treasury"])
        assert treasury is not None and treasury.parent_id == account["it"]
        found = whitespace_map(session, account["account"])
        cells = {key: cell.status for key, cell in found.cells.items()}
    # IT's own Analytics cell stands; Finance's Payments cell moved over.
    assert cells == {
        (account["it"], account["analytics"]): WhitespaceStatus.NOT_A_FIT,
        (account["it"], account["payments"]): WhitespaceStatus.OPEN_OPPORTUNITY,
    }
    with db.transaction() as session:
        org_units.unmerge_org_units(session, merge)
    assert _plan(db, account["account"]) == before


def test_a_unit_cannot_be_merged_into_itself_or_into_a_unit_inside_it(
    db: Database, account: dict[str, int]
) -> None:
    with pytest.raises(InvalidValue, match="into itself"), db.transaction() as session:
        org_units.merge_org_units(session, account["it"], account["it"])
    with pytest.raises(CycleRefused), db.transaction() as session:
        org_units.merge_org_units(session, account["finance"], account["treasury"])


def test_product_lines_are_added_last_reordered_renamed_and_deleted_with_their_column(
    db: Database, account: dict[str, int]
) -> None:
    with db.transaction() as session:
        cloud = catalog.add_product_line(session, account["account"], "Cloud")
        assert catalog.move_product_line(session, cloud, -5) == -2  # as far left as it goes
        catalog.update_product_line(session, account["payments"], name="Payments & FX")
    with db.session() as session:
        order = list(
            session.scalars(
                select(ProductLine.name)
                .where(ProductLine.account_id == account["account"])
                .order_by(ProductLine.position)
            )
        )
        assert order == ["Cloud", "Payments & FX", "Analytics"]
        assert catalog.product_line_dependents(session, account["analytics"]) == ["2 whitespace cells"]
    with pytest.raises(AlreadyExists), db.transaction() as session:
        catalog.add_product_line(session, account["account"], "cloud")
    with db.transaction() as session:
        catalog.delete_product_line(session, account["analytics"])
    with db.session() as session:
        assert (
            session.scalar(
                select(WhitespaceCell.id).where(WhitespaceCell.product_line_id == account["analytics"])
            )
            is None
        )


def test_a_competitor_is_added_with_our_strategy_named_in_deals_and_deleted(
    db: Database, account: dict[str, int]
) -> None:
    with db.transaction() as session:
        rival = catalog.add_competitor(
            session, account["account"], "Acme Ledger", is_incumbent=True, strategy="Prove the close time"
        )
        deal = add_opportunity(session, account["account"], "Treasury pilot")
        set_competitors(session, deal, [rival])
        catalog.update_competitor(session, rival, weaknesses="Batch only")
        assert catalog.competitor_dependents(session, rival) == ["1 deal it competes in"]
        set_cell(
            session,
            account["account"],
            account["it"],
            account["payments"],
            status=WhitespaceStatus.COMPETITOR,
            competitor_id=rival,
        )
        assert catalog.competitor_units(session, rival) == ["IT"]  # where they are in place
    with pytest.raises(AlreadyExists), db.transaction() as session:
        catalog.add_competitor(session, account["account"], "ACME LEDGER")
    with db.transaction() as session:
        catalog.delete_competitor(session, rival)
        assert catalog.competitor_dependents(session, rival) == []
        assert catalog.competitor_units(session, rival) == []


def test_the_units_are_listed_parents_first_with_their_paths(db: Database, account: dict[str, int]) -> None:
    with db.session() as session:
        rows = org_units.list_org_units(session, account["account"])
    assert [row.path for row in rows] == [
        "Group",
        "Group / Finance",
        "Group / Finance / Treasury",
        "Group / IT",
    ]

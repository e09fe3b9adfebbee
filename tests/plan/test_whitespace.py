"""The whitespace map: org units in tree order against product lines, totals of what is left to win."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue, Refused
from accountplan.model import Competitor, OrgUnit, ProductLine
from accountplan.model.enums import WhitespaceStatus
from accountplan.plan.accounts import create_account
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.whitespace import clear_cell, set_cell, whitespace_map
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]


def _add(session: Session, row: OrgUnit | ProductLine | Competitor) -> int:
    session.add(row)
    session.flush()
    return row.id


@pytest.fixture
def grid(db: Database, account_id: int) -> dict[str, int]:
    """Group → (Manufacturing → Plant Nagoya, Finance) against three product lines."""
    with db.transaction() as session:
        group = _add(session, OrgUnit(account_id=account_id, name="Group", position=0))
        finance = _add(session, OrgUnit(account_id=account_id, name="Finance", parent_id=group, position=2))
        making = _add(
            session, OrgUnit(account_id=account_id, name="Manufacturing", parent_id=group, position=1)
        )
        plant = _add(session, OrgUnit(account_id=account_id, name="Plant Nagoya", parent_id=making))
        return {
            "group": group,
            "finance": finance,
            "making": making,
            "plant": plant,
            "analytics": _add(session, ProductLine(account_id=account_id, name="Analytics", position=1)),
            "iot": _add(session, ProductLine(account_id=account_id, name="IoT", position=0)),
            "erp": _add(session, ProductLine(account_id=account_id, name="ERP", position=2)),
            "rival": _add(session, Competitor(account_id=account_id, name="Globex Systems")),
        }


def test_units_come_in_tree_order_with_their_depth_and_lines_by_position(
    db: Database, account_id: int, grid: dict[str, int]
) -> None:
    with db.session() as session:
        result = whitespace_map(session, account_id)
    assert [(name, depth) for _id, name, depth in result.units] == [
        ("Group", 0),
        ("Manufacturing", 1),
        ("Plant Nagoya", 2),
        ("Finance", 1),
    ]
    assert [name for _id, name in result.lines] == ["IoT", "Analytics", "ERP"]
    assert (result.cells, result.total, result.currency) == ({}, Decimal(0), "EUR")
    assert set(result.row_totals.values()) == {Decimal(0)}


def test_totals_add_the_whitespace_by_row_and_column_but_not_ours_or_not_a_fit(
    db: Database, account_id: int, grid: dict[str, int]
) -> None:
    g = grid
    with db.transaction() as session:
        deal = add_opportunity(session, account_id, "Plant analytics")
        set_cell(session, account_id, g["plant"], g["analytics"], status="open_opportunity",
                 opportunity_id=deal, potential_value="350,000")  # fmt: skip
        set_cell(session, account_id, g["plant"], g["iot"], status=WhitespaceStatus.COMPETITOR,
                 competitor_id=g["rival"], potential_value=120_000)  # fmt: skip
        set_cell(session, account_id, g["finance"], g["analytics"], potential_value=80_000)
        set_cell(session, account_id, g["finance"], g["erp"], status="ours", potential_value=500_000)
        set_cell(session, account_id, g["making"], g["erp"], status="not_a_fit", potential_value=90_000)
    with db.session() as session:
        result = whitespace_map(session, account_id)
    assert result.row_totals == {
        g["group"]: Decimal(0),
        g["making"]: Decimal(0),
        g["plant"]: Decimal("470000.00"),
        g["finance"]: Decimal("80000.00"),
    }
    assert result.column_totals == {
        g["iot"]: Decimal("120000.00"),
        g["analytics"]: Decimal("430000.00"),
        g["erp"]: Decimal(0),
    }
    assert result.total == Decimal("550000.00")
    cell = result.cells[(g["plant"], g["iot"])]
    assert (cell.status, cell.competitor, cell.opportunity) == (
        WhitespaceStatus.COMPETITOR,
        "Globex Systems",
        "",
    )
    assert result.cells[(g["plant"], g["analytics"])].opportunity == "Plant analytics"
    assert result.cells[(g["finance"], g["analytics"])].status is WhitespaceStatus.UNKNOWN


def test_setting_a_cell_twice_updates_it_and_returns_what_undo_needs(
    db: Database, account_id: int, grid: dict[str, int]
) -> None:
    cell = (account_id, grid["plant"], grid["iot"])
    with db.transaction() as session:
        created = set_cell(session, *cell, status="competitor", potential_value=100)
        changed = set_cell(session, *cell, potential_value=250, note="renewal in 2027")
    assert created["_created"] is True
    assert changed == {"potential_value": Decimal("100.00"), "note": ""}
    with db.session() as session:
        row = whitespace_map(session, account_id).cells[(grid["plant"], grid["iot"])]
    assert (row.status, row.potential_value, row.note) == (
        WhitespaceStatus.COMPETITOR,
        Decimal("250.00"),
        "renewal in 2027",
    )
    with db.transaction() as session:
        clear_cell(session, *cell)
        clear_cell(session, *cell)  # clearing an empty cell changes nothing
    with db.session() as session:
        assert whitespace_map(session, account_id).cells == {}


def test_cells_of_another_account_or_with_bad_values_are_refused_and_write_nothing(
    db: Database, account_id: int, grid: dict[str, int], table_counts: Counts
) -> None:
    with db.transaction() as session:
        other = create_account(session, "Globex")
        their_unit = _add(session, OrgUnit(account_id=other, name="Their HQ"))
        their_rival = _add(session, Competitor(account_id=other, name="Initech"))
    before = table_counts()
    with pytest.raises(Refused, match="Their HQ"), db.transaction() as session:
        set_cell(session, account_id, their_unit, grid["iot"], potential_value=1)
    with pytest.raises(Refused, match="Initech"), db.transaction() as session:
        set_cell(session, account_id, grid["plant"], grid["iot"], competitor_id=their_rival)
    with pytest.raises(InvalidValue, match="not a valid potential value"), db.transaction() as session:
        set_cell(session, account_id, grid["plant"], grid["iot"], potential_value="a lot")
    with pytest.raises(InvalidValue, match="not a known WhitespaceStatus"), db.transaction() as session:
        set_cell(session, account_id, grid["plant"], grid["iot"], status="maybe")
    assert table_counts() == before

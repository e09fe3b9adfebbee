"""The whitespace map: the customer's org units against our product lines, and what is left to win."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.org_units import org_unit_tree
from accountplan.errors import Refused
from accountplan.model import Account, Competitor, Opportunity, OrgUnit, ProductLine, WhitespaceCell
from accountplan.model.enums import WhitespaceStatus
from accountplan.plan import fields
from accountplan.plan.links import Link, check_links, labels

#: Cells whose potential value is not whitespace: won already, or not worth pursuing.
NOT_WHITESPACE = frozenset({WhitespaceStatus.OURS, WhitespaceStatus.NOT_A_FIT})
_CELL_LINKS: tuple[Link, ...] = (
    ("competitor_id", Competitor, "Competitor"),
    ("opportunity_id", Opportunity, "Opportunity"),
)


@dataclass(frozen=True)
class WhitespaceCellRow:
    org_unit_id: int
    product_line_id: int
    status: WhitespaceStatus
    competitor_id: int | None
    competitor: str
    opportunity_id: int | None
    opportunity: str
    potential_value: Decimal | None
    note: str


@dataclass(frozen=True)
class WhitespaceMap:
    """Org units (rows, in tree order with their depth) against product lines (columns).

    A missing cell is unknown with no value. The totals add up the potential value of the cells
    that are neither ours nor not a fit: the whitespace still to win.
    """

    units: tuple[tuple[int, str, int], ...]
    lines: tuple[tuple[int, str], ...]
    cells: dict[tuple[int, int], WhitespaceCellRow]
    row_totals: dict[int, Decimal]
    column_totals: dict[int, Decimal]
    total: Decimal
    currency: str


def whitespace_map(session: Session, account_id: int) -> WhitespaceMap:
    account: Account = fields.get(session, Account, account_id)
    units = tuple(
        org_unit_tree(list(session.scalars(select(OrgUnit).where(OrgUnit.account_id == account_id))))
    )
    lines = tuple(
        (row.id, row.name)
        for row in session.execute(
            select(ProductLine.id, ProductLine.name)
            .where(ProductLine.account_id == account_id)
            .order_by(ProductLine.position, ProductLine.name, ProductLine.id)
        )
    )
    competitors = labels(session, Competitor, account_id)
    deals = labels(session, Opportunity, account_id)
    row_totals = {unit_id: Decimal(0) for unit_id, _name, _depth in units}
    column_totals = {line_id: Decimal(0) for line_id, _name in lines}
    cells: dict[tuple[int, int], WhitespaceCellRow] = {}
    for cell in session.scalars(select(WhitespaceCell).where(WhitespaceCell.account_id == account_id)):
        cells[(cell.org_unit_id, cell.product_line_id)] = WhitespaceCellRow(
            org_unit_id=cell.org_unit_id,
            product_line_id=cell.product_line_id,
            status=cell.status,
            competitor_id=cell.competitor_id,
            competitor=competitors.get(cell.competitor_id, ""),
            opportunity_id=cell.opportunity_id,
            opportunity=deals.get(cell.opportunity_id, ""),
            potential_value=cell.potential_value,
            note=cell.note,
        )
        if cell.potential_value is not None and cell.status not in NOT_WHITESPACE:
            row_totals[cell.org_unit_id] = row_totals.get(cell.org_unit_id, Decimal(0)) + cell.potential_value
            column_totals[cell.product_line_id] = (
                column_totals.get(cell.product_line_id, Decimal(0)) + cell.potential_value
            )
    total = sum(row_totals.values(), Decimal(0))
    return WhitespaceMap(units, lines, cells, row_totals, column_totals, total, account.currency)


def _find_cell(
    session: Session, account_id: int, org_unit_id: int, product_line_id: int
) -> WhitespaceCell | None:
    for entity, row_id in ((OrgUnit, org_unit_id), (ProductLine, product_line_id)):
        row = fields.get(session, entity, row_id)
        if row.account_id != account_id:
            raise Refused(f"{row.label!r} belongs to another account.")
    return session.scalar(
        select(WhitespaceCell).where(
            WhitespaceCell.org_unit_id == org_unit_id, WhitespaceCell.product_line_id == product_line_id
        )
    )


def set_cell(
    session: Session, account_id: int, org_unit_id: int, product_line_id: int, **changes: Any
) -> dict[str, Any]:
    """Fill in a cell, creating it if needed; return the previous values (``"_created": True`` if new)."""
    cell = _find_cell(session, account_id, org_unit_id, product_line_id)
    created = cell is None
    if cell is None:
        cell = WhitespaceCell(
            account_id=account_id,
            org_unit_id=org_unit_id,
            product_line_id=product_line_id,
            status=WhitespaceStatus.UNKNOWN,
            note="",
        )
    previous = fields.apply(cell, changes)
    check_links(session, cell, _CELL_LINKS)
    if created:
        session.add(cell)
        previous["_created"] = True
    session.flush()
    return previous


def clear_cell(session: Session, account_id: int, org_unit_id: int, product_line_id: int) -> None:
    """Forget a cell: it is unknown again, with no value (nothing happens if it was never filled in)."""
    cell = _find_cell(session, account_id, org_unit_id, product_line_id)
    if cell is not None:
        session.delete(cell)
        session.flush()

"""Our product lines (the whitespace map's columns) and the account's competitors: add, change, reorder, delete.

The functions have the shape of the window's undoable row commands: ``add(session, account_id, name,
**values) -> id``, ``update(session, id, **changes) -> previous values``, ``delete(session, id)``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import AlreadyExists, InvalidValue
from accountplan.model import (
    Competitor,
    Opportunity,
    OpportunityCompetitor,
    OrgUnit,
    ProductLine,
    WhitespaceCell,
)
from accountplan.plan import fields


def _name(
    session: Session, entity: type[ProductLine] | type[Competitor], account_id: int, name: str, row_id: int
) -> str:
    noun = "product line" if entity is ProductLine else "competitor"
    name = fields.coerce(entity, "name", str(name)).strip()
    if not name:
        raise InvalidValue(f"A {noun} needs a name.")
    clash = session.scalar(
        select(entity.id).where(
            entity.account_id == account_id, func.lower(entity.name) == name.lower(), entity.id != row_id
        )
    )
    if clash is not None:
        raise AlreadyExists(f"The account has a {noun} {name!r} already.")
    return name


def _count(session: Session, statement: Any) -> int:
    return int(session.scalar(statement) or 0)


def _words(counts: list[tuple[int, str, str]]) -> list[str]:
    return [f"{count} {one if count == 1 else many}" for count, one, many in counts if count]


# --- product lines ----------------------------------------------------------------------------------


def add_product_line(session: Session, account_id: int, name: str, **values: Any) -> int:
    """Add a product line as the whitespace map's last column; return its id."""
    last = session.scalar(select(func.max(ProductLine.position)).where(ProductLine.account_id == account_id))
    line = ProductLine(account_id=account_id, name=_name(session, ProductLine, account_id, name, 0))
    line.position = (last or 0) + 1
    fields.apply(line, values)
    session.add(line)
    session.flush()
    return line.id


def update_product_line(session: Session, line_id: int, **changes: Any) -> dict[str, Any]:
    """Rename a product line (or set its ``position``); return the previous values."""
    line: ProductLine = fields.get(session, ProductLine, line_id)
    if "name" in changes:
        changes = {**changes, "name": _name(session, ProductLine, line.account_id, changes["name"], line.id)}
    previous = fields.apply(line, changes)
    session.flush()
    return previous


def move_product_line(session: Session, line_id: int, steps: int) -> int:
    """Move a product line ``steps`` columns to the right (negative: left); return the steps it moved."""
    line: ProductLine = fields.get(session, ProductLine, line_id)
    lines = list(
        session.scalars(
            select(ProductLine)
            .where(ProductLine.account_id == line.account_id)
            .order_by(ProductLine.position, ProductLine.id)
        )
    )
    here = lines.index(line)
    there = max(0, min(len(lines) - 1, here + steps))
    lines.insert(there, lines.pop(here))
    for position, each in enumerate(lines, start=1):
        if each.position != position:
            each.position = position
    session.flush()
    return there - here


def list_product_lines(session: Session, account_id: int) -> list[tuple[int, str]]:
    """The account's product lines (id, name) in the whitespace map's order."""
    rows = session.execute(
        select(ProductLine.id, ProductLine.name)
        .where(ProductLine.account_id == account_id)
        .order_by(ProductLine.position, ProductLine.id)
    )
    return [(int(line_id), str(name)) for line_id, name in rows]


def product_line_dependents(session: Session, line_id: int) -> list[str]:
    cells = _count(session, select(func.count()).where(WhitespaceCell.product_line_id == line_id))
    return _words([(cells, "whitespace cell", "whitespace cells")])


def delete_product_line(session: Session, line_id: int) -> None:
    """Delete a product line and its column of the whitespace map."""
    session.delete(fields.get(session, ProductLine, line_id))
    session.flush()


# --- competitors ------------------------------------------------------------------------------------


def add_competitor(session: Session, account_id: int, name: str, **values: Any) -> int:
    """Add a competitor (or the incumbent, ``is_incumbent=True``) with what we know of them; return its id."""
    competitor = Competitor(account_id=account_id, name=_name(session, Competitor, account_id, name, 0))
    fields.apply(competitor, values)
    session.add(competitor)
    session.flush()
    return competitor.id


def update_competitor(session: Session, competitor_id: int, **changes: Any) -> dict[str, Any]:
    """Change a competitor's name, solution, strengths, weaknesses or our strategy; return the old values."""
    competitor: Competitor = fields.get(session, Competitor, competitor_id)
    if "name" in changes:
        changes = {
            **changes,
            "name": _name(session, Competitor, competitor.account_id, changes["name"], competitor.id),
        }
    previous = fields.apply(competitor, changes)
    session.flush()
    return previous


def get_competitor(session: Session, competitor_id: int) -> Competitor:
    """The competitor (NotFound if it was deleted meanwhile)."""
    competitor: Competitor = fields.get(session, Competitor, competitor_id)
    return competitor


def list_competitor_names(session: Session, account_id: int) -> list[tuple[int, str, bool]]:
    """The account's competitors (id, name, whether the incumbent), by name."""
    rows = session.execute(
        select(Competitor.id, Competitor.name, Competitor.is_incumbent)
        .where(Competitor.account_id == account_id)
        .order_by(Competitor.name)
    )
    return [(int(rival_id), str(name), bool(incumbent)) for rival_id, name, incumbent in rows]


def competitor_units(session: Session, competitor_id: int) -> list[str]:
    """The org units whose whitespace cells name this competitor (where they are in place), by name."""
    rows = session.scalars(
        select(OrgUnit.name)
        .join(WhitespaceCell, WhitespaceCell.org_unit_id == OrgUnit.id)
        .where(WhitespaceCell.competitor_id == competitor_id)
        .distinct()
        .order_by(OrgUnit.name)
    )
    return list(rows)


def competitor_dependents(session: Session, competitor_id: int) -> list[str]:
    deals = _count(session, select(func.count()).where(OpportunityCompetitor.competitor_id == competitor_id))
    won = _count(session, select(func.count()).where(Opportunity.won_by_id == competitor_id))
    cells = _count(session, select(func.count()).where(WhitespaceCell.competitor_id == competitor_id))
    return _words(
        [
            (deals, "deal it competes in", "deals it competes in"),
            (won, "deal it won", "deals it won"),
            (cells, "whitespace cell it holds", "whitespace cells it holds"),
        ]
    )


def delete_competitor(session: Session, competitor_id: int) -> None:
    """Delete a competitor: the deals and cells that named it no longer do."""
    session.delete(fields.get(session, Competitor, competitor_id))
    session.flush()

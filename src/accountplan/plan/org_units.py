"""The customer's org units as a tree: add, rename, move under another unit, merge two, delete.

Each function has the shape the window's undoable commands expect (``add(session, account_id, name, **values)
-> id``, ``update(session, id, **changes) -> previous values``, ``delete(session, id)``), and a merge returns
what :func:`unmerge_org_units` needs to put everything back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.analysis.loops import loop_closed_by
from accountplan.errors import AlreadyExists, CycleRefused, InvalidValue, Refused
from accountplan.model import OrgUnit, Stakeholder, WhitespaceCell
from accountplan.plan import fields
from accountplan.plan.snapshots import Snapshot, capture, restore


def _unit(session: Session, unit_id: int) -> OrgUnit:
    unit: OrgUnit = fields.get(session, OrgUnit, unit_id)
    return unit


def _check_parent(session: Session, account_id: int, unit_id: int | None, parent_id: int | None) -> None:
    """Refuse a parent of another account, or one that would put the unit under itself."""
    if parent_id is None:
        return
    parent = _unit(session, parent_id)
    if parent.account_id != account_id:
        raise Refused(f"{parent.name} belongs to another account.")
    if unit_id is None:
        return
    loop = loop_closed_by(unit_id, parent.id, lambda node: _parent_of(session, node))
    if loop is not None:
        moved = _unit(session, unit_id)
        raise CycleRefused(
            f"{moved.name} cannot go under {parent.name}: {parent.name} is inside {moved.name} already.",
            [_unit(session, node).name for node in reversed(loop)],
        )


def _parent_of(session: Session, unit_id: int) -> tuple[int, ...]:
    unit = session.get(OrgUnit, unit_id)
    return () if unit is None or unit.parent_id is None else (unit.parent_id,)


def _check_name(session: Session, account_id: int, name: str, parent_id: int | None, unit_id: int = 0) -> str:
    name = fields.coerce(OrgUnit, "name", str(name)).strip()
    if not name:
        raise InvalidValue("An org unit needs a name.")
    clash = session.scalar(
        select(OrgUnit.id).where(
            OrgUnit.account_id == account_id,
            OrgUnit.parent_id.is_(None) if parent_id is None else OrgUnit.parent_id == parent_id,
            func.lower(OrgUnit.name) == name.lower(),
            OrgUnit.id != unit_id,
        )
    )
    if clash is not None:
        where = "at the top" if parent_id is None else f"under {_unit(session, parent_id).name}"
        raise AlreadyExists(f"There is an org unit {name!r} {where} already.")
    return name


def add_org_unit(
    session: Session, account_id: int, name: str, *, parent_id: int | None = None, **values: Any
) -> int:
    """Add an org unit at the top or under ``parent_id``, last among its siblings; return its id."""
    _check_parent(session, account_id, None, parent_id)
    name = _check_name(session, account_id, name, parent_id)
    last = session.scalar(
        select(func.max(OrgUnit.position)).where(
            OrgUnit.account_id == account_id,
            OrgUnit.parent_id.is_(None) if parent_id is None else OrgUnit.parent_id == parent_id,
        )
    )
    unit = OrgUnit(account_id=account_id, name=name, parent_id=parent_id, position=(last or 0) + 1)
    fields.apply(unit, values)
    session.add(unit)
    session.flush()
    return unit.id


def update_org_unit(session: Session, unit_id: int, **changes: Any) -> dict[str, Any]:
    """Rename an org unit or move it under another (``parent_id``; None: to the top); return the old values."""
    unit = _unit(session, unit_id)
    parent_id = changes.get("parent_id", unit.parent_id)
    if "parent_id" in changes:
        _check_parent(session, unit.account_id, unit.id, parent_id)
    if "name" in changes or "parent_id" in changes:
        changes = {
            **changes,
            "name": _check_name(session, unit.account_id, changes.get("name", unit.name), parent_id, unit.id),
        }
    previous = fields.apply(unit, changes)
    session.flush()
    return previous


@dataclass(frozen=True)
class UnitRow:
    """An org unit as the catalog lists it: its parent and its path ("Group / Finance")."""

    id: int
    name: str
    parent_id: int | None
    path: str


def list_org_units(session: Session, account_id: int) -> list[UnitRow]:
    """The account's org units, parents before the units inside them, each in its place among its siblings."""
    units = list(
        session.scalars(
            select(OrgUnit).where(OrgUnit.account_id == account_id).order_by(OrgUnit.position, OrgUnit.id)
        )
    )
    by_id = {unit.id: unit for unit in units}

    def path(unit: OrgUnit) -> str:
        parts: list[str] = []
        current: OrgUnit | None = unit
        while current is not None and len(parts) <= len(units):
            parts.append(current.name)
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
        return " / ".join(reversed(parts))

    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:  # a unit whose parent is gone stands at the top
        children.setdefault(unit.parent_id if unit.parent_id in by_id else None, []).append(unit)
    ordered: list[UnitRow] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        unit = stack.pop()
        ordered.append(UnitRow(unit.id, unit.name, unit.parent_id, path(unit)))
        stack.extend(reversed(children.get(unit.id, [])))
    return ordered


def inner_units(session: Session, unit_id: int) -> list[int]:
    """The ids of the units directly inside ``unit_id``."""
    return list(session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id == unit_id)))


def org_unit_dependents(session: Session, unit_id: int) -> list[str]:
    """What refers to the unit, in words ("12 people", "2 units inside it", "3 whitespace cells")."""
    counts = (
        (
            session.scalar(select(func.count()).where(Stakeholder.org_unit_id == unit_id)) or 0,
            "person",
            "people",
        ),
        (
            session.scalar(select(func.count()).where(OrgUnit.parent_id == unit_id)) or 0,
            "unit inside it",
            "units inside it",
        ),
        (
            session.scalar(select(func.count()).where(WhitespaceCell.org_unit_id == unit_id)) or 0,
            "whitespace cell",
            "whitespace cells",
        ),
    )
    return [f"{count} {one if count == 1 else many}" for count, one, many in counts if count]


def delete_org_unit(session: Session, unit_id: int) -> None:
    """Delete an org unit: its people and the units inside it stay, with no unit; its whitespace cells go."""
    unit = _unit(session, unit_id)
    for inner in session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit_id)):
        inner.parent_id = unit.parent_id
    session.flush()
    session.delete(unit)
    session.flush()


@dataclass
class Merge:
    """What a merge did, for :func:`unmerge_org_units`: the unit merged away and the rows that moved."""

    source: Snapshot
    into_id: int
    people: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)
    dropped_cells: list[Snapshot] = field(default_factory=list)


def merge_org_units(session: Session, source_id: int, into_id: int) -> Merge:
    """Merge ``source_id`` into ``into_id``: its people, inner units and whitespace cells move, then it goes.

    A whitespace cell of the source for a product line the target has a cell for already is dropped (the
    target's cell stands); everything else moves.
    """
    source, into = _unit(session, source_id), _unit(session, into_id)
    if source.id == into.id:
        raise InvalidValue(f"{source.name} cannot be merged into itself.")
    if source.account_id != into.account_id:
        raise Refused(f"{into.name} belongs to another account.")
    _check_parent(session, source.account_id, source.id, into.id)  # the target may not lie inside the source
    people = list(session.scalars(select(Stakeholder.id).where(Stakeholder.org_unit_id == source_id)))
    units = list(session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id == source_id)))
    taken = set(
        session.scalars(select(WhitespaceCell.product_line_id).where(WhitespaceCell.org_unit_id == into_id))
    )
    cells, dropped = [], []
    for cell in session.scalars(select(WhitespaceCell).where(WhitespaceCell.org_unit_id == source_id)):
        if cell.product_line_id in taken:
            dropped.append(capture(session, "whitespace_cells", cell.id))
        else:
            cells.append(cell.id)
    for snapshot in dropped:
        session.delete(session.get(WhitespaceCell, snapshot.row["id"]))
    session.flush()
    _move(session, people, units, cells, into_id)
    snapshot = capture(session, "org_units", source_id)
    session.delete(_unit(session, source_id))
    session.flush()
    return Merge(snapshot, into_id, people, units, cells, dropped)


def unmerge_org_units(session: Session, merge: Merge) -> None:
    """Undo :func:`merge_org_units`: the unit back, its people, inner units and cells back in it."""
    restore(session, merge.source)
    session.expire_all()
    _move(session, merge.people, merge.units, merge.cells, int(merge.source.row["id"]))
    for cell in merge.dropped_cells:
        restore(session, cell)
    session.expire_all()


def _move(session: Session, people: list[int], units: list[int], cells: list[int], unit_id: int) -> None:
    """Put people, inner units and whitespace cells in ``unit_id``, one by one (each change logged)."""
    for person in session.scalars(select(Stakeholder).where(Stakeholder.id.in_(people))):
        person.org_unit_id = unit_id
    for inner in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(units))):
        inner.parent_id = unit_id
    for cell in session.scalars(select(WhitespaceCell).where(WhitespaceCell.id.in_(cells))):
        cell.org_unit_id = unit_id
    session.flush()

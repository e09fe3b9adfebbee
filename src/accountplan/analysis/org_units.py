"""The customer's org units in the order of their tree: each unit before the units inside it."""

from __future__ import annotations

from accountplan.model import OrgUnit


def org_unit_tree(units: list[OrgUnit]) -> list[tuple[int, str, int]]:
    """(id, name, depth) with each unit before its children, siblings by position then name."""
    known = {unit.id for unit in units}
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in sorted(units, key=lambda u: (u.position, u.name.casefold(), u.id)):
        parent = unit.parent_id if unit.parent_id in known else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[int, str, int]] = []
    seen: set[int] = set()

    def visit(unit: OrgUnit, depth: int) -> None:
        if unit.id in seen:
            return
        seen.add(unit.id)
        ordered.append((unit.id, unit.name, depth))
        for child in children.get(unit.id, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    for unit in units:  # only a nesting loop leaves units unreached: show them at the top level
        visit(unit, 0)
    return ordered

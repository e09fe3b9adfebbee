"""Undoable commands for the account's catalog: org units, product lines and competitors."""

from __future__ import annotations

from sqlalchemy.orm import Session

from accountplan.plan import catalog, org_units
from accountplan.ui.common.commands import PlanCommand, PlanContext
from accountplan.ui.pursuit.pursuit_commands import RowKind, _AddRow, _DeleteRow, _UpdateRow

ORG_UNITS = RowKind(
    "org_units", "org unit", org_units.add_org_unit, org_units.update_org_unit, org_units.delete_org_unit
)
PRODUCT_LINES = RowKind(
    "product_lines",
    "product line",
    catalog.add_product_line,
    catalog.update_product_line,
    catalog.delete_product_line,
)
COMPETITORS = RowKind(
    "competitors", "competitor", catalog.add_competitor, catalog.update_competitor, catalog.delete_competitor
)


class AddOrgUnit(_AddRow):
    """Add an org unit (``parent_id`` in the values: inside that unit); undo removes it."""

    kind = ORG_UNITS


class UpdateOrgUnit(_UpdateRow):
    """Rename an org unit, or move it (``parent_id``) under another."""

    kind = ORG_UNITS


class DeleteOrgUnit(_DeleteRow):
    """Delete an org unit; undo puts it back with its whitespace cells and its people in it."""

    kind = ORG_UNITS

    def forward(self, session: Session) -> None:
        # The units inside it move up a level: remember them, so that undo puts them back inside.
        self.inner = org_units.inner_units(session, self.row_id)
        super().forward(session)

    def backward(self, session: Session) -> None:
        super().backward(session)
        for inner in self.inner:
            org_units.update_org_unit(session, inner, parent_id=self.row_id)


class MergeOrgUnits(PlanCommand):
    """Merge one org unit into another: people, inner units and whitespace move; undo separates them again."""

    def __init__(
        self, context: PlanContext, account_id: int, source_id: int, into_id: int, source: str, into: str
    ) -> None:
        super().__init__(context, f"merge {source} into {into}", account_id)
        self.source_id, self.into_id = source_id, into_id
        self.merge: org_units.Merge | None = None

    def forward(self, session: Session) -> None:
        self.merge = org_units.merge_org_units(session, self.source_id, self.into_id)

    def backward(self, session: Session) -> None:
        assert self.merge is not None
        org_units.unmerge_org_units(session, self.merge)


class AddProductLine(_AddRow):
    kind = PRODUCT_LINES


class UpdateProductLine(_UpdateRow):
    kind = PRODUCT_LINES


class DeleteProductLine(_DeleteRow):
    """Delete a product line and its column of the whitespace map; undo puts both back."""

    kind = PRODUCT_LINES


class MoveProductLine(PlanCommand):
    """Move a product line left or right in the whitespace map."""

    def __init__(self, context: PlanContext, account_id: int, line_id: int, name: str, steps: int) -> None:
        super().__init__(context, f"move {name} {'right' if steps > 0 else 'left'}", account_id)
        self.line_id, self.steps, self.moved = line_id, steps, 0

    def forward(self, session: Session) -> None:
        self.moved = catalog.move_product_line(session, self.line_id, self.steps)

    def backward(self, session: Session) -> None:
        catalog.move_product_line(session, self.line_id, -self.moved)


class AddCompetitor(_AddRow):
    kind = COMPETITORS


class UpdateCompetitor(_UpdateRow):
    kind = COMPETITORS


class DeleteCompetitor(_DeleteRow):
    """Delete a competitor; undo puts it back in the deals and cells that named it."""

    kind = COMPETITORS

"""Changes to the account's catalog: org units, product lines, competitors, initiatives and spend zones."""

from __future__ import annotations

from sqlalchemy.orm import Session

from accountplan.model import ProductLine
from accountplan.plan import catalog, initiatives, org_units
from accountplan.plan.changes.change import (
    AddRow,
    Change,
    DeleteRow,
    RowKind,
    UpdateRow,
    positions,
    put_positions,
)

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
INITIATIVES = RowKind(
    "initiatives",
    "strategic initiative",
    initiatives.add_initiative,
    initiatives.update_initiative,
    initiatives.delete_initiative,
)
SPEND_ZONES = RowKind(
    "spend_zones",
    "spend zone",
    initiatives.add_spend_zone,
    initiatives.update_spend_zone,
    initiatives.delete_spend_zone,
)


class AddOrgUnit(AddRow):
    """Add an org unit (``parent_id`` in the values: inside that unit); undo removes it."""

    kind = ORG_UNITS


class UpdateOrgUnit(UpdateRow):
    """Rename an org unit, or move it (``parent_id``) under another."""

    kind = ORG_UNITS


class DeleteOrgUnit(DeleteRow):
    """Delete an org unit; undo puts it back with its whitespace cells and its people in it."""

    kind = ORG_UNITS
    inner: list[int]

    def forward(self, session: Session) -> None:
        # The units inside it move up a level: remember them, so that undo puts them back inside.
        self.inner = org_units.inner_units(session, self.row_id)
        super().forward(session)

    def backward(self, session: Session) -> None:
        super().backward(session)
        for inner in self.inner:
            org_units.update_org_unit(session, inner, parent_id=self.row_id)


class MergeOrgUnits(Change):
    """Merge one org unit into another: people, inner units and whitespace move; undo separates them again."""

    def __init__(self, account_id: int, source_id: int, into_id: int, source: str, into: str) -> None:
        self.account_id, self.text = account_id, f"merge {source} into {into}"
        self.source_id, self.into_id = source_id, into_id
        self.merge: org_units.Merge | None = None

    def forward(self, session: Session) -> None:
        self.merge = org_units.merge_org_units(session, self.source_id, self.into_id)

    def backward(self, session: Session) -> None:
        assert self.merge is not None
        org_units.unmerge_org_units(session, self.merge)


class AddProductLine(AddRow):
    kind = PRODUCT_LINES


class UpdateProductLine(UpdateRow):
    kind = PRODUCT_LINES


class DeleteProductLine(DeleteRow):
    """Delete a product line and its column of the whitespace map; undo puts both back."""

    kind = PRODUCT_LINES


class MoveProductLine(Change):
    """Move a product line left or right in the whitespace map; undo puts every line back in its place."""

    def __init__(self, account_id: int, line_id: int, name: str, steps: int) -> None:
        self.account_id, self.text = account_id, f"move {name} {'right' if steps > 0 else 'left'}"
        self.line_id, self.steps = line_id, steps
        self.places: dict[int, int] = {}

    def forward(self, session: Session) -> None:
        self.places = positions(session, ProductLine, ProductLine.account_id == self.account_id)
        catalog.move_product_line(session, self.line_id, self.steps)

    def backward(self, session: Session) -> None:
        put_positions(session, ProductLine, self.places)


class AddCompetitor(AddRow):
    kind = COMPETITORS


class UpdateCompetitor(UpdateRow):
    kind = COMPETITORS


class DeleteCompetitor(DeleteRow):
    """Delete a competitor; undo puts it back in the deals and cells that named it."""

    kind = COMPETITORS


class AddInitiative(AddRow):
    kind = INITIATIVES


class UpdateInitiative(UpdateRow):
    kind = INITIATIVES


class DeleteInitiative(DeleteRow):
    kind = INITIATIVES


class AddSpendZone(AddRow):
    kind = SPEND_ZONES


class UpdateSpendZone(UpdateRow):
    kind = SPEND_ZONES


class DeleteSpendZone(DeleteRow):
    kind = SPEND_ZONES

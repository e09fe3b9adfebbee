"""Undoable commands for the account's strategic initiatives and spend zones."""

from __future__ import annotations

from accountplan.plan import initiatives
from accountplan.ui.pursuit.pursuit_commands import RowKind, _AddRow, _DeleteRow, _UpdateRow

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


class AddInitiative(_AddRow):
    kind = INITIATIVES


class UpdateInitiative(_UpdateRow):
    kind = INITIATIVES


class DeleteInitiative(_DeleteRow):
    kind = INITIATIVES


class AddSpendZone(_AddRow):
    kind = SPEND_ZONES


class UpdateSpendZone(_UpdateRow):
    kind = SPEND_ZONES


class DeleteSpendZone(_DeleteRow):
    kind = SPEND_ZONES

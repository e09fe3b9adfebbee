"""The window's commands for the account's catalog: org units, product lines and competitors. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

AddOrgUnit = command(changes.AddOrgUnit)
UpdateOrgUnit = command(changes.UpdateOrgUnit)
DeleteOrgUnit = command(changes.DeleteOrgUnit)
MergeOrgUnits = command(changes.MergeOrgUnits)
AddProductLine = command(changes.AddProductLine)
UpdateProductLine = command(changes.UpdateProductLine)
DeleteProductLine = command(changes.DeleteProductLine)
MoveProductLine = command(changes.MoveProductLine)
AddCompetitor = command(changes.AddCompetitor)
UpdateCompetitor = command(changes.UpdateCompetitor)
DeleteCompetitor = command(changes.DeleteCompetitor)

"""The window's commands for the account's strategic initiatives and spend zones. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

AddInitiative = command(changes.AddInitiative)
UpdateInitiative = command(changes.UpdateInitiative)
DeleteInitiative = command(changes.DeleteInitiative)
AddSpendZone = command(changes.AddSpendZone)
UpdateSpendZone = command(changes.UpdateSpendZone)
DeleteSpendZone = command(changes.DeleteSpendZone)

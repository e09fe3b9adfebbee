"""The window's commands for the deal team and its coverage. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

AddToTeam = command(changes.AddToTeam)
UpdateCoSeller = command(changes.UpdateCoSeller)
LeaveTeam = command(changes.LeaveTeam)
SetCoverage = command(changes.SetCoverage)

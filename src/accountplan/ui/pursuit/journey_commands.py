"""The window's commands for the journey: milestones, and the cells of the whitespace map. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

AddMilestone = command(changes.AddMilestone)
UpdateMilestone = command(changes.UpdateMilestone)
DeleteMilestone = command(changes.DeleteMilestone)
SetWhitespaceCell = command(changes.SetWhitespaceCell)

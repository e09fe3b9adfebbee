"""The window's commands for the team's actions. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

AddAction = command(changes.AddAction)
UpdateActions = command(changes.UpdateActions)
ReassignActions = command(changes.ReassignActions)
DeleteActions = command(changes.DeleteActions)

"""The window's commands for the success plan. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

UpdateSuccessPlan = command(changes.UpdateSuccessPlan)
AddSuccessItem = command(changes.AddSuccessItem)
UpdateSuccessItem = command(changes.UpdateSuccessItem)
DeleteSuccessItem = command(changes.DeleteSuccessItem)
MoveSuccessItem = command(changes.MoveSuccessItem)

"""The window's commands for a deal's negotiation plan. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

UpdatePrice = command(changes.UpdatePrice)
AddTerm = command(changes.AddTerm)
UpdateTerm = command(changes.UpdateTerm)
DeleteTerm = command(changes.DeleteTerm)
MoveTerm = command(changes.MoveTerm)
AddNegotiator = command(changes.AddNegotiator)
UpdateNegotiator = command(changes.UpdateNegotiator)
DeleteNegotiator = command(changes.DeleteNegotiator)
AddApproval = command(changes.AddApproval)
UpdateApproval = command(changes.UpdateApproval)
DeleteApproval = command(changes.DeleteApproval)

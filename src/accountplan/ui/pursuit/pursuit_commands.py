"""The window's commands for the pursuit: deals, their two processes, closing, and the decision process. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

AddOpportunity = command(changes.AddOpportunity)
UpdateOpportunity = command(changes.UpdateOpportunity)
DeleteOpportunity = command(changes.DeleteOpportunity)
SetCompetitors = command(changes.SetCompetitors)
SetStage = command(changes.SetStage)
CloseDeal = command(changes.CloseDeal)
ReopenDeal = command(changes.ReopenDeal)
AddStep = command(changes.AddStep)
UpdateStep = command(changes.UpdateStep)
DeleteStep = command(changes.DeleteStep)
AddDependency = command(changes.AddDependency)
RemoveDependency = command(changes.RemoveDependency)

"""The window's commands for qualification: MEDDPICC scores, red flags and their counter-actions. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

SetMeddpicc = command(changes.SetMeddpicc)
AddRedFlag = command(changes.AddRedFlag)
UpdateRedFlag = command(changes.UpdateRedFlag)
DeleteRedFlag = command(changes.DeleteRedFlag)
AddCounterAction = command(changes.AddCounterAction)

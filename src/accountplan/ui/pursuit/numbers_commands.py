"""The window's command of the numbers page: changing inputs of the seller's numbers. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

UpdateNumbers = command(changes.UpdateNumbers)

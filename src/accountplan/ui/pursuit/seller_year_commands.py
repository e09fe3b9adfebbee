"""The window's command of the seller's year: changing a seller's plan for a fiscal year (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan.changes.sellers import UpdateSellerPlan as UpdateSellerPlanChange
from accountplan.ui.common.commands import command

UpdateSellerPlan = command(UpdateSellerPlanChange)

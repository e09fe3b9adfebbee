"""The window's commands for the alignment meetings. Each wraps its change (``plan.changes``)."""

from __future__ import annotations

from accountplan.plan import changes
from accountplan.ui.common.commands import command

CreateMeeting = command(changes.CreateMeeting)
UpdateMeeting = command(changes.UpdateMeeting)
SetAttendees = command(changes.SetAttendees)
AddDecision = command(changes.AddDecision)
HoldMeeting = command(changes.HoldMeeting)

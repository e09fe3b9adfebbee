"""The "History…" entry of a record's context menu: it opens the change log filtered to that record."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from accountplan.analysis.change_log import RecordRef
from accountplan.ui.common.events import PlanEvents

#: The window's shortcut for the history of the record selected on the page shown (Ctrl+H hides the app on
#: a Mac).
HISTORY_SHORTCUT = "Ctrl+Shift+H"


@runtime_checkable
class ShowsRecords(Protocol):
    """A page whose selection is a record with a history (a person, a deal, an action, a change)."""

    def selected_record(self) -> RecordRef | None:
        """The record selected on the page, if any."""


def add_history_action(menu: QMenu, events: PlanEvents, record: RecordRef | None) -> QAction | None:
    """Add "History of <name>" to ``menu`` (nothing when there is no record); it asks the window for it."""
    if record is None:
        return None
    name = record.label if len(record.label) <= 40 else record.label[:39].rstrip() + "…"
    action = menu.addAction(f"History of {name.replace('&', '&&')}…")
    action.setShortcut(HISTORY_SHORTCUT)
    action.setStatusTip("Every change to it, in the change log")
    action.triggered.connect(lambda: events.history.emit(record))
    return action

"""The contact import on the undo stack: one command for the whole import, whatever its size."""

from __future__ import annotations

from accountplan.interchange.contact_undo import ContactImport
from accountplan.interchange.file_changes import ImportContacts as ImportedContacts
from accountplan.store.row_versions import RowKey
from accountplan.ui.common.commands import PlanCommand, PlanContext


def ImportContacts(
    context: PlanContext, change: ContactImport, written: dict[RowKey, int | None]
) -> PlanCommand[ImportedContacts]:
    """A contact import the wizard has already run (off the UI thread): undo takes it back in one step.

    Redo imports the file again. Both refuse, as any undo does, when someone else has changed the rows
    the import wrote since.
    """
    return PlanCommand(context, ImportedContacts(change), written=written)

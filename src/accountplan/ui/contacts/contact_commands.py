"""The contact import on the undo stack: one command for the whole import, whatever its size."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from accountplan.interchange.contact_undo import ContactImport
from accountplan.store.row_versions import RowKey
from accountplan.ui.common.commands import PlanCommand, PlanContext


class ImportContacts(PlanCommand):
    """A contact import the wizard has already run (off the UI thread): undo takes it back in one step.

    Undo removes the people and org units it added and restores the fields it changed (or deletes the
    account it created); redo imports the file again. Both refuse, as any undo does, when someone else
    has changed the rows the import wrote since.
    """

    def __init__(self, context: PlanContext, change: ContactImport, written: dict[RowKey, int | None]):
        super().__init__(context, f"import {Path(change.file.source).name}", change.account_id)
        self.change = change
        self.account_wide = change.created_account
        self.rows = dict(written)
        self._skip_next_redo = True  # pushed once done: the stack's first redo must not import it again

    def forward(self, session: Session) -> None:
        self.change.forward(session)
        self.account_id = self.change.account_id

    def backward(self, session: Session) -> None:
        self.change.backward(session)

"""The changes that go through a file format: deleting an account (kept as its plan file) and a contact import.

They live here rather than in ``plan.changes`` because they read and write the interchange formats, which
sit above ``plan``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from accountplan.interchange.contact_undo import ContactImport
from accountplan.interchange.planfile import export_account, import_plan
from accountplan.plan import accounts
from accountplan.plan.changes import Change


class DeleteAccount(Change):
    """Deleting an account keeps its whole plan document, so undo brings everything back (under a new id)."""

    account_wide = True
    account_pages = False  # the account itself goes: only the list of accounts hears of it

    def __init__(self, account_id: int, name: str) -> None:
        self.account_id, self.text = account_id, f"delete account {name}"
        self.document: dict[str, Any] | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.document = export_account(session, self.account_id)
        accounts.delete_account(session, self.account_id)

    def backward(self, session: Session) -> None:
        assert self.document is not None
        session.info["audit"] = False
        self.account_id = import_plan(session, self.document)


class ImportContacts(Change):
    """A contact import as one edit: backward takes all of it back, forward imports the file again.

    Backward removes the people and org units it added and restores the fields it changed (or deletes the
    account it created); see :class:`ContactImport`.
    """

    def __init__(self, contact_import: ContactImport) -> None:
        self.contact_import = contact_import
        self.text = f"import {Path(contact_import.file.source).name}"
        self.account_id = contact_import.account_id
        self.account_wide = contact_import.created_account

    def forward(self, session: Session) -> None:
        self.contact_import.forward(session)
        self.account_id = self.contact_import.account_id
        self.account_wide = self.contact_import.created_account

    def backward(self, session: Session) -> None:
        self.contact_import.backward(session)

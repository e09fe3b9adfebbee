"""Changes to accounts as a whole: creating one, changing its fields (deleting one: ``interchange.file_changes``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import accounts
from accountplan.plan.changes.change import AddRow, RowKind, UpdateRow

ACCOUNTS = RowKind("accounts", "account", None, accounts.update_account, accounts.delete_account)


class CreateAccount(AddRow):
    """Create an account; undo deletes it, redo puts the same account back (with its id)."""

    kind = ACCOUNTS
    account_wide = True

    def __init__(self, name: str, **values: Any) -> None:
        super().__init__(0, name, **values)
        self.account_id = None
        self.text = f"create account {name}"

    def add(self, session: Session) -> int:
        self.account_id = accounts.create_account(session, self.name, **self.values)
        return self.account_id


class UpdateAccount(UpdateRow):
    """Change fields of the account (its name, status or industry also change the list of accounts)."""

    kind = ACCOUNTS

    def __init__(self, account_id: int, **changes: Any) -> None:
        super().__init__(account_id, account_id, "", **changes)
        self.account_wide = "name" in changes or "status" in changes or "industry" in changes

    def describe(self, name: str) -> str:
        return f"edit account {', '.join(f.replace('_', ' ') for f in self.changes)}"

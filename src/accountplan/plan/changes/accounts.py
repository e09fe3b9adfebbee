"""Changes to accounts as a whole: creating one, changing its fields and its ideal-account checklist.

Deleting an account is ``interchange.file_changes.DeleteAccount``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.model.enums import FitCriterion
from accountplan.plan import account_fit, accounts
from accountplan.plan.changes.change import AddRow, Change, RowKind, UpdateRow
from accountplan.plan.snapshots import Snapshot, capture, restore

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


class SetFit(Change):
    """Tick or untick one criterion of the account's ideal-account checklist, or change its note.

    Undoing the first tick of a criterion takes its row away again (a criterion without a row is not met);
    redoing it puts that same row back, with its id.
    """

    def __init__(
        self, account_id: int, criterion: FitCriterion, *, met: bool | None = None, note: str | None = None
    ) -> None:
        self.account_id, self.criterion = account_id, FitCriterion(criterion)
        self.changes = {name: value for name, value in (("met", met), ("note", note)) if value is not None}
        label = self.criterion.label.lower()
        if note is not None and met is None:
            self.text = f"edit the note on '{label}'"
        else:
            self.text = f"{'tick' if met else 'untick'} '{label}'"
        self.previous: dict[str, object] | None = None
        self.snapshot: Snapshot | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        if self.snapshot is not None:  # redo of the criterion's first row
            restore(session, self.snapshot)
            return
        self.previous = account_fit.set_fit(session, self.account_id, self.criterion, **self.changes)  # type: ignore[arg-type]

    def backward(self, session: Session) -> None:
        assert self.account_id is not None and self.previous is not None
        if self.previous:
            account_fit.set_fit(session, self.account_id, self.criterion, **self.previous)  # type: ignore[arg-type]
            return
        row_id = account_fit.fit_row_id(session, self.account_id, self.criterion)
        if row_id is not None:
            self.snapshot = capture(session, "account_fit", row_id)
            account_fit.remove_fit(session, self.account_id, self.criterion)

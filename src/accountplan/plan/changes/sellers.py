"""Changes to a seller's year: their quota and commission plan for one fiscal year, across accounts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import seller_year
from accountplan.plan.changes.change import Change


class UpdateSellerPlan(Change):
    """Change the seller's plan for a fiscal year (fields of ``seller_year.PLAN_FIELDS``); undo puts it back.

    The first edit of a year not planned yet creates its plan (in ``new_currency`` when the seller has none):
    undo then deletes it again. ``account_id`` is the account the edit was made from (its pages hear of it);
    the plan itself belongs to the seller, across all their accounts.
    """

    def __init__(
        self,
        account_id: int,
        co_seller_id: int,
        fiscal_year: int,
        label: str,
        *,
        new_currency: str | None = None,
        **changes: Any,
    ) -> None:
        self.account_id, self.co_seller_id, self.fiscal_year = account_id, co_seller_id, fiscal_year
        self.new_currency, self.changes = new_currency, changes
        names = ", ".join(name.removesuffix("_percent").replace("_", " ") for name in changes)
        self.text = f"edit {label}'s plan for FY{fiscal_year}: {names}"
        self.previous: dict[str, Any] = {}

    def forward(self, session: Session) -> None:
        self.previous = seller_year.update_seller_plan(
            session, self.co_seller_id, self.fiscal_year, new_currency=self.new_currency, **self.changes
        )

    def backward(self, session: Session) -> None:
        previous = dict(self.previous)
        if previous.pop("_created", False):
            seller_year.delete_seller_plan(session, self.co_seller_id, self.fiscal_year)
        else:
            seller_year.update_seller_plan(session, self.co_seller_id, self.fiscal_year, **previous)

"""Changes to the exchange rates the forecast converts with: set one (add or change), delete one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from accountplan.plan import exchange_rates
from accountplan.plan.changes.change import Change
from accountplan.plan.snapshots import Snapshot, capture, restore


class SetExchangeRate(Change):
    """Add a rate, or change one: 1 ``currency`` = ``rate`` ``to_currency`` in a fiscal year.

    Undo deletes a rate it added (redo puts that same row back) or gives back the rate it replaced. The rate
    belongs to the whole plan; ``account_id`` is the account the edit was made from (its pages redraw).
    """

    def __init__(
        self, account_id: int | None, fiscal_year: int, currency: str, to_currency: str, rate: Decimal | str
    ) -> None:
        self.account_id = account_id
        self.fiscal_year, self.currency, self.to_currency = fiscal_year, currency.upper(), to_currency.upper()
        self.rate = rate
        self.text = f"set the {self.currency} → {self.to_currency} rate of FY{fiscal_year}"
        self.previous: Decimal | None = None
        self.added: Snapshot | None = None
        self.row_id: int | None = None

    def typed(self) -> dict[str, Any]:
        return {"rate": self.rate}

    def forward(self, session: Session) -> None:
        if self.added is not None:
            restore(session, self.added)  # redo: the same row, with its id
            return
        self.previous = exchange_rates.set_rate(
            session, self.fiscal_year, self.currency, self.to_currency, self.rate
        )
        found = exchange_rates.find_rate(session, self.fiscal_year, self.currency, self.to_currency)
        self.row_id = found.id if found is not None else None

    def backward(self, session: Session) -> None:
        if self.previous is None:
            assert self.row_id is not None
            self.added = capture(session, "exchange_rates", self.row_id)
            exchange_rates.delete_rate(session, self.fiscal_year, self.currency, self.to_currency)
            return
        found = exchange_rates.find_rate(session, self.fiscal_year, self.currency, self.to_currency)
        assert found is not None
        found.rate = self.previous
        session.flush()


class DeleteExchangeRate(Change):
    """Delete a rate; undo puts the same row back."""

    def __init__(self, account_id: int | None, fiscal_year: int, currency: str, to_currency: str) -> None:
        self.account_id = account_id
        self.fiscal_year, self.currency, self.to_currency = fiscal_year, currency.upper(), to_currency.upper()
        self.text = f"delete the {self.currency} → {self.to_currency} rate of FY{fiscal_year}"
        self.snapshot: Snapshot | None = None

    def forward(self, session: Session) -> None:
        found = exchange_rates.find_rate(session, self.fiscal_year, self.currency, self.to_currency)
        if found is None:
            exchange_rates.delete_rate(session, self.fiscal_year, self.currency, self.to_currency)  # says so
            return
        self.snapshot = capture(session, "exchange_rates", found.id)
        exchange_rates.delete_rate(session, self.fiscal_year, self.currency, self.to_currency)

    def backward(self, session: Session) -> None:
        assert self.snapshot is not None
        restore(session, self.snapshot)

"""The seller's year, across accounts: a co-seller's quota and commission plan, and the exchange rates.

Neither belongs to an account (schema 0008): a seller plan is one co-seller's for one fiscal year, whatever
accounts they work, and an exchange rate is the whole plan's for a fiscal year. Both are internal only.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, object_session

from accountplan.model.base import Base, Versioned
from accountplan.model.people import CoSeller
from accountplan.model.ranges import in_range
from accountplan.model.types import Money, Rate

#: The tiers a new seller plan starts with: 8 % up to quota, 12 % above it.
DEFAULT_COMMISSION_TIERS = "0:8\n100:12"
#: The fiscal years a plan may name.
FISCAL_YEARS = (1900, 2999)


class SellerPlan(Versioned, Base):
    """A co-seller's quota and commission plan for one fiscal year, across all their accounts."""

    __tablename__ = "seller_plans"
    __table_args__ = (
        UniqueConstraint("co_seller_id", "fiscal_year"),
        in_range("fiscal_year", *FISCAL_YEARS),
        in_range("year_starts_month", 1, 12),
        in_range("big_deal_percent", 0, 1000),
    )
    label_attribute = None

    co_seller_id: Mapped[int] = mapped_column(ForeignKey("co_sellers.id", ondelete="CASCADE"), index=True)
    #: The calendar year in which the fiscal year starts.
    fiscal_year: Mapped[int] = mapped_column(Integer)
    #: The month (1–12) in which the seller's fiscal year starts.
    year_starts_month: Mapped[int] = mapped_column(Integer, default=1)
    #: The seller's currency (ISO 4217): quota, cap and pay are in it.
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    quota: Mapped[Decimal | None] = mapped_column(Money)
    #: Commission tiers as text lines "from_percent:rate_percent", e.g. "0:8" and "100:12".
    commission_tiers: Mapped[str] = mapped_column(Text, default=DEFAULT_COMMISSION_TIERS)
    #: The pay is never above this amount (None: no cap).
    cap: Mapped[Decimal | None] = mapped_column(Money)
    #: A single deal above this share of quota may be re-evaluated (the big-deal clause).
    big_deal_percent: Mapped[int] = mapped_column(Integer, default=50)

    @property
    def label(self) -> str:
        """Whose plan and which year: "Lars Pettersson – FY2026"."""
        session = object_session(self)
        seller = session.get(CoSeller, self.co_seller_id) if session is not None else None
        who = seller.name if seller is not None else f"Co-seller {self.co_seller_id}"
        return f"{who} – FY{self.fiscal_year}"


class ExchangeRate(Versioned, Base):
    """How many units of ``to_currency`` one unit of ``currency`` is worth in a fiscal year (set by the user)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "currency", "to_currency"),
        in_range("fiscal_year", *FISCAL_YEARS),
        CheckConstraint("currency <> to_currency", name="two_currencies"),
    )
    label_attribute = None

    fiscal_year: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Rate)

    @property
    def label(self) -> str:
        """Which rate: "USD → EUR, FY2026"."""
        return f"{self.currency} → {self.to_currency}, FY{self.fiscal_year}"

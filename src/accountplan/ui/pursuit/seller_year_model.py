"""The tables of the seller's year: the deals won in it, and what each open deal would do if won."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from accountplan.analysis.seller_pay import BookedDeal, DealEffect, PayRange
from accountplan.ui.common.pages import money_text
from accountplan.ui.common.table_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_WARNING = QBrush(QColor("#9a5b00"))
_GAIN = QBrush(QColor("#1b8a3a"))
#: The mark of a big deal in the tables.
BIG_DEAL_MARK = "⚑"


def amount_text(amount: Decimal, currency: str) -> str:
    """A whole amount with thousands separators: "JPY 350,000,000"."""
    return f"{currency} {amount:,.0f}"


def pay_text(pay: PayRange, currency: str, *, sign: str = "") -> str:
    """Pay shortened for reading, a range when re-evaluation would change it: "USD 68.0k – 98.0k"."""
    if pay.single:
        return sign + money_text(pay.high, currency)
    high = money_text(pay.high, currency).removeprefix(f"{currency} ")
    return f"{sign}{money_text(pay.low, currency)} – {sign}{high}"


def exact_pay_text(pay: PayRange, currency: str) -> str:
    """The exact pay, with what each end of a range means."""
    if pay.single:
        return amount_text(pay.high, currency)
    return (
        f"{amount_text(pay.low, currency)} if re-evaluated, {amount_text(pay.high, currency)} under the plan"
    )


def big_deal_sentence(effect: DealEffect, big_deal_percent: int, threshold: str) -> str:
    """Why a big deal's pay is a range."""
    return (
        f"{effect.name} is more than {big_deal_percent} % of the quota ({threshold}): under the big-deal "
        "clause its pay may be re-evaluated. The range runs from the pay with the deal counted only up to "
        "the threshold to the pay under the plan."
    )


def expected_sentence(effect: DealEffect) -> str:
    """When the deal is expected, and whether that is after the year."""
    if effect.expected_close is None:
        return "No expected close date yet."
    day = f"{effect.expected_close.day} {effect.expected_close:%b %Y}"
    if effect.expected_in_year:
        return f"Expected to close {day}."
    return f"Expected to close {day}, after this fiscal year: what it would do if won in it."


class WonDealsModel(RowTableModel[BookedDeal]):
    """The deals won in the year, in the plan's currency."""

    COLUMNS = ("Won", "Account", "Amount")

    def __init__(self) -> None:
        super().__init__()
        self.currency = ""
        self.big: set[int] = set()

    def set_deals(self, deals: tuple[BookedDeal, ...], currency: str, big: set[int]) -> None:
        self.currency, self.big = currency, big
        self.replace_rows(deals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        big = row.opportunity_id in self.big
        if role == Qt.ItemDataRole.DisplayRole:
            name = f"{BIG_DEAL_MARK} {row.name}" if big else row.name
            return (name, row.account, money_text(row.amount, self.currency))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and big and column == 0:
            return _WARNING
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                return amount_text(row.amount, self.currency)
            if big:
                return "A big deal: the year's pay may be re-evaluated."
        return None


class SellerDealEffectModel(RowTableModel[DealEffect]):
    """Each open deal's effect if won: attainment and pay after it and the gain, a range for a big deal."""

    COLUMNS = ("Open deal", "Account", "Amount", "Attainment", "Pay after", "+ Pay")

    def __init__(self) -> None:
        super().__init__()
        self.currency = ""
        self.big_deal_percent = 50
        self.threshold = ""
        self._later = QFont()
        self._later.setItalic(True)

    def set_effects(
        self, effects: tuple[DealEffect, ...], currency: str, big_deal_percent: int, threshold: str
    ) -> None:
        self.currency, self.big_deal_percent, self.threshold = currency, big_deal_percent, threshold
        self.replace_rows(effects)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{BIG_DEAL_MARK} {row.name}" if row.big_deal else row.name,
                row.account,
                money_text(row.amount, self.currency),
                f"{row.attainment_after:.0f} %",
                pay_text(row.pay_after, self.currency),
                pay_text(row.pay_gain, self.currency, sign="+"),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 5:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and column == 0 and not row.expected_in_year:
            return self._later
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.big_deal and column in (0, 4):
                return _WARNING
            if column == 5:
                return _GAIN
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                tips = [expected_sentence(row)]
                if row.big_deal:
                    tips.append(big_deal_sentence(row, self.big_deal_percent, self.threshold))
                return "\n".join(tip for tip in tips if tip)
            if column == 2:
                return amount_text(row.amount, self.currency)
            if column in (4, 5):
                return exact_pay_text(row.pay_after if column == 4 else row.pay_gain, self.currency)
        return None

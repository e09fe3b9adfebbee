"""The seller's year (internal only): a seller's plan for a fiscal year across all their accounts, and its pay.

The seller is one of ours on this account's deal team (its account executive first); the year is theirs
(its start month is part of the plan). The plan is edited here, each field saved at once as an undoable
change; the first edit of a year not planned yet stores its plan. What the year booked, the pay under the
plan (a range when a big deal may be re-evaluated) and what each open deal would do are the core's
(:mod:`accountplan.plan.seller_year`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.numbers import parse_tiers
from accountplan.analysis.seller_pay import SellerEarnings
from accountplan.errors import InvalidValue
from accountplan.model import Account
from accountplan.plan.seller_year import SellerYear, account_sellers, current_fiscal_year, seller_year
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.column_fit import ColumnFit
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.internal_banner import internal_banner
from accountplan.ui.common.pages import FigureCard, Page, fit_columns, money_text
from accountplan.ui.common.record_table import record_table
from accountplan.ui.pursuit.numbers_page import CardRow, money_value, tiers_text
from accountplan.ui.pursuit.seller_year_commands import UpdateSellerPlan
from accountplan.ui.pursuit.seller_year_model import (
    BIG_DEAL_MARK,
    SellerDealEffectModel,
    WonDealsModel,
    pay_text,
)

PLAN_WIDTH = 340
#: The widest the columns beside a deal's name grow (an account's long name is cut short there).
ACCOUNT_WIDTH = 150
#: The fiscal years the year box offers.
YEARS = (2000, 2100)


def _months() -> list[str]:
    return [calendar.month_name[month] for month in range(1, 13)]


class SellerYearPage(Page):
    """Plan a seller's fiscal year (quota, currency, tiers, cap, big-deal threshold) and see what it pays."""

    key, title = "seller-year", "Seller's year"
    reads = frozenset(
        {"accounts", "seller_plans", "opportunities", "deal_team_members", "co_sellers", "exchange_rates"}
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.year: SellerYear | None = None
        self._loading = False
        #: The seller and year chosen, per account (while the window is open).
        self.chosen: dict[int, tuple[int, int]] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self.title_bar("Seller's year"))
        layout.addWidget(internal_banner("quota, commission and pay never reach a customer document."))
        layout.addLayout(self._choosers())
        self.empty = QLabel(
            "Nobody of ours is on this account's deal team yet: add the account executive on the Deal team "
            "page to plan their year."
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.body = QWidget()
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self._plan_box())
        left.addWidget(self._won_box(), 1)
        body.addLayout(left, 0)
        body.addWidget(self._pay_box(), 1)
        layout.addWidget(self.body, 1)

    # --- building -----------------------------------------------------------------------------------

    def _choosers(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.seller_box = QComboBox()
        self.seller_box.setMinimumContentsLength(18)
        self.seller_box.currentIndexChanged.connect(self._seller_chosen)
        self.year_box = QSpinBox()
        self.year_box.setRange(*YEARS)
        self.year_box.setPrefix("FY")
        self.year_box.setKeyboardTracking(False)
        self.year_box.valueChanged.connect(self._year_chosen)
        seller_label = QLabel("&Seller")
        seller_label.setBuddy(self.seller_box)
        year_label = QLabel("Fiscal &year")
        year_label.setBuddy(self.year_box)
        self.accounts = QLabel("")
        self.accounts.setWordWrap(True)
        for widget in (seller_label, self.seller_box, year_label, self.year_box):
            row.addWidget(widget)
        row.addWidget(self.accounts, 1)
        return row

    def _plan_box(self) -> QGroupBox:
        self.plan_box = box = QGroupBox("The plan")
        box.setMaximumWidth(PLAN_WIDTH)
        form = QFormLayout(box)
        self.month = QComboBox()
        self.month.addItems(_months())
        self.month.activated.connect(lambda index: self.save("year_starts_month", index + 1))
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText("EUR")
        self.currency.setToolTip("The seller's currency: quota, cap and pay are in it; deals are converted.")
        self.currency.editingFinished.connect(lambda: self.save("currency", self.currency.text()))
        self.quota = QLineEdit()
        self.quota.setPlaceholderText("not set")
        self.quota.editingFinished.connect(lambda: self.save("quota", money_value(self.quota.text())))
        self.tiers = QPlainTextEdit()
        self.tiers.setFixedHeight(80)
        self.tiers.setToolTip(
            'One tier a line, "from % of quota: rate %", rising from 0; e.g. "0: 8" and "100: 12". Each rate '
            "pays the part of the bookings inside its band, so a higher rate above 100 % is an accelerator."
        )
        self.tiers.installEventFilter(self)
        self.cap = QLineEdit()
        self.cap.setPlaceholderText("no cap")
        self.cap.setToolTip("The most the year pays; leave it empty for no cap.")
        self.cap.editingFinished.connect(lambda: self.save("cap", money_value(self.cap.text())))
        self.big_deal = QSpinBox()
        self.big_deal.setRange(1, 1000)
        self.big_deal.setSuffix(" % of quota")
        self.big_deal.setToolTip("One deal above this share of the quota may have its pay re-evaluated.")
        self.big_deal.editingFinished.connect(lambda: self.save("big_deal_percent", self.big_deal.value()))
        form.addRow("Year starts &in", self.month)
        form.addRow("&Currency", self.currency)
        form.addRow("&Quota", self.quota)
        form.addRow("Commission &tiers", self.tiers)
        form.addRow("C&ap", self.cap)
        form.addRow("&Big deal above", self.big_deal)
        self.stored = QLabel("")
        self.stored.setWordWrap(True)
        self.stored.setObjectName("figureDetail")
        form.addRow(self.stored)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        form.addRow(self.error)
        return box

    def _won_box(self) -> QGroupBox:
        self.won_group = box = QGroupBox("Won this year")
        box.setMaximumWidth(PLAN_WIDTH)
        layout = QVBoxLayout(box)
        self.won_model = WonDealsModel()
        self.won_table = record_table(self.won_model, editable=False)
        describe(self.won_table, "Deals won this fiscal year")
        self.won_fit = ColumnFit(self.won_table, 0, least=120, widest=ACCOUNT_WIDTH)
        layout.addWidget(self.won_table)
        return box

    def _pay_box(self) -> QGroupBox:
        self.pay_group = box = QGroupBox("Attainment and pay")
        layout = QVBoxLayout(box)
        self.booked = FigureCard("booked, across the seller's accounts")
        self.attainment = FigureCard("of quota")
        self.pay = FigureCard("commission for the year")
        layout.addWidget(CardRow([self.booked, self.attainment, self.pay], narrow_columns=3))
        self.weighted = QLabel("")
        self.weighted.setWordWrap(True)
        layout.addWidget(self.weighted)
        layout.addWidget(QLabel("<b>If each open deal were won</b>"))
        self.effect_model = SellerDealEffectModel()
        self.effect_table = record_table(self.effect_model, editable=False)
        describe(self.effect_table, "If each open deal were won")
        self.effect_fit = ColumnFit(self.effect_table, 0, least=160, widest=ACCOUNT_WIDTH)
        layout.addWidget(self.effect_table, 1)
        self.big_deals = QLabel("")
        self.big_deals.setWordWrap(True)
        self.big_deals.setStyleSheet("color: #9a5b00;")
        layout.addWidget(self.big_deals)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setObjectName("figureDetail")
        layout.addWidget(self.notes)
        return box

    # --- choosing -----------------------------------------------------------------------------------

    def _seller_chosen(self, index: int) -> None:
        if self._loading or self.account_id is None or index < 0:
            return
        seller = int(self.seller_box.itemData(index))
        with self.context.database.session() as session:
            year = current_fiscal_year(session, seller, dt.date.today())
        self.chosen[self.account_id] = (seller, year)
        self.redraw()

    def _year_chosen(self, year: int) -> None:
        if self._loading or self.account_id is None or self.year is None:
            return
        self.chosen[self.account_id] = (self.year.co_seller_id, year)
        self.redraw()

    # --- editing ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.tiers and event.type() == QEvent.Type.FocusOut:
            self.save("commission_tiers", self.tiers.toPlainText())
        return super().eventFilter(watched, event)

    def _unchanged(self, field: str, value: Any, year: SellerYear) -> bool:
        """Whether ``value`` is what the field shows (leaving a field of a year not planned yet stores nothing)."""
        plan = year.plan
        if field == "commission_tiers":
            try:
                return parse_tiers(str(value)) == plan.tiers
            except InvalidValue:
                return False  # the plan refuses it, with the line and the reason
        current = {
            "quota": plan.quota,
            "cap": plan.cap,
            "currency": plan.currency,
            "big_deal_percent": plan.big_deal_percent,
            "year_starts_month": year.year_starts_month,
        }[field]
        if field == "currency":
            return str(value).strip().upper() == current
        return bool(value == current)

    def save(self, field: str, value: Any) -> bool:
        """Store one field of the plan through an undoable command; a refusal is shown and the field restored."""
        year = self.year
        if self._loading or self.account_id is None or year is None:
            return False
        if self._unchanged(field, value, year):
            return False
        command = UpdateSellerPlan(
            self.context,
            self.account_id,
            year.co_seller_id,
            year.fiscal_year,
            year.seller,
            new_currency=year.plan.currency,
            **{field: value},
        )
        if self.context.execute(command):
            self.error.setText("")
            return True
        self.error.setText(self.context.failures[-1] if self.context.failures else "")
        self.redraw()
        return False

    # --- showing ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.account_id is None:
            return
        today = dt.date.today()
        with self.context.database.session() as session:
            sellers = account_sellers(session, self.account_id)
            account = session.get(Account, self.account_id)
            currency = account.currency if account is not None else None
            seller, year = self.chosen.get(self.account_id, (None, None))
            if seller not in {person for person, _name in sellers}:
                seller, year = (sellers[0][0], None) if sellers else (None, None)
            if seller is not None and year is None:
                year = current_fiscal_year(session, seller, today)
            self.year = (
                None
                if seller is None or year is None
                else seller_year(session, seller, year, today=today, currency=currency)
            )
        self._show_choosers(sellers)
        self.empty.setVisible(self.year is None)
        self.body.setVisible(self.year is not None)
        if self.year is None:
            self.summary.setText("")
            return
        self.chosen[self.account_id] = (self.year.co_seller_id, self.year.fiscal_year)
        self._show_plan(self.year)
        self._show_pay(self.year)

    def _show_choosers(self, sellers: list[tuple[int, str]]) -> None:
        self._loading = True
        try:
            self.seller_box.clear()
            for seller, name in sellers:
                self.seller_box.addItem(name, seller)
            if self.year is not None:
                self.seller_box.setCurrentIndex(self.seller_box.findData(self.year.co_seller_id))
                self.year_box.setValue(self.year.fiscal_year)
        finally:
            self._loading = False
        self.seller_box.setEnabled(bool(sellers))
        self.year_box.setEnabled(self.year is not None)

    def _show_plan(self, year: SellerYear) -> None:
        plan = year.plan
        self._loading = True
        try:
            self.month.setCurrentIndex(year.year_starts_month - 1)
            self.currency.setText(plan.currency)
            self.quota.setText("" if plan.quota is None else f"{plan.quota:,.0f}")
            self.cap.setText("" if plan.cap is None else f"{plan.cap:,.0f}")
            self.big_deal.setValue(plan.big_deal_percent)
            text = tiers_text(plan.tiers)
            if self.tiers.toPlainText() != text:
                self.tiers.setPlainText(text)
        finally:
            self._loading = False
        for line in (self.quota, self.cap):
            line.setToolTip(
                f"In {plan.currency}" + ("; leave it empty for no cap." if line is self.cap else "")
            )
        self.plan_box.setTitle(f"{year.seller}'s plan for {year.title}")
        self.stored.setText(
            f"{year.start.day} {year.start:%b %Y} – {year.end.day} {year.end:%b %Y}."
            + ("" if year.stored else " Not planned yet: these are the values the first edit stores.")
        )

    def _show_pay(self, year: SellerYear) -> None:
        currency, earned = year.plan.currency, year.earnings
        count = len(year.accounts)
        self.accounts.setText(
            f"{count} account{'s' if count != 1 else ''}: {', '.join(year.accounts)}" if year.accounts else ""
        )
        self.won_group.setTitle(f"Won in {year.title}")
        big = {deal.opportunity_id for deal in earned.big_won} if earned is not None else set()
        self.won_model.set_deals(year.won, currency, big)
        # The account of each deal is said only when the year's deals come from more than one.
        accounts = {deal.account_id for deal in year.won} | {deal.account_id for deal in year.open_deals}
        for table in (self.won_table, self.effect_table):
            table.setColumnHidden(1, len(accounts) <= 1)
        fit_columns(self.won_table, widest=160)
        self.won_fit.refit()
        self.pay_group.setTitle(f"Attainment and pay, {year.title}")
        if earned is None:
            for card in (self.booked, self.attainment, self.pay):
                card.show_figure("–", "")
            booked = sum((deal.amount for deal in year.won), start=0)
            self.booked.show_figure(money_text(booked, currency), "")
            self.weighted.setText("Enter the quota to see attainment and pay.")
            self.effect_model.set_effects((), currency, year.plan.big_deal_percent, "")
            self.big_deals.setText("")
        else:
            self._show_earnings(earned, currency)
        self.notes.setText(self._notes(year))
        self.summary.setText(
            f"  {year.seller} · {year.title}"
            + (f" · {earned.attainment:.0f} % of quota" if earned is not None else "")
        )

    def _show_earnings(self, earned: SellerEarnings, currency: str) -> None:
        plan = earned.plan
        threshold = money_text(plan.threshold, currency) if plan.threshold is not None else ""
        self.booked.show_figure(money_text(earned.booked, currency), "")
        self.attainment.show_figure(f"{earned.attainment:.0f} %", f"quota {money_text(plan.quota, currency)}")
        detail = []
        if not earned.pay.single:
            detail.append("if re-evaluated – under the plan")
        if earned.capped:
            detail.append(f"capped at {money_text(plan.cap, currency)}")
        self.pay.show_figure(pay_text(earned.pay, currency), "; ".join(detail))
        self.weighted.setText(
            f"Weighted scenario (each open deal at its probability): <b>{earned.weighted_attainment:.0f} %</b> "
            f"of quota, <b>{pay_text(earned.weighted_pay, currency)}</b> commission."
        )
        self.effect_model.set_effects(earned.effects, currency, plan.big_deal_percent, threshold)
        fit_columns(self.effect_table, widest=240)
        self.effect_fit.refit()
        big = [effect.name for effect in earned.effects if effect.big_deal]
        big += [deal.name for deal in earned.big_won]
        self.big_deals.setText(
            f"{BIG_DEAL_MARK} Big deal: more than {plan.big_deal_percent} % of the quota ({threshold}): "
            f"{', '.join(big)}. Under the big-deal clause its pay may be re-evaluated, so it is a range: from "
            "the pay with the deal counted only up to the threshold, to the pay under the plan."
            if big
            else ""
        )

    @staticmethod
    def _notes(year: SellerYear) -> str:
        notes = []
        if year.rates:
            notes.append(f"Converted to {year.plan.currency} at {'; '.join(year.rates)}.")
        if year.not_converted:
            listed = ", ".join(
                f"{deal.name} ({deal.account}, {money_text(deal.amount, deal.currency)})"
                for deal in year.not_converted
            )
            notes.append(
                f"Not converted (no {year.title} rate into {year.plan.currency}), left out: {listed}."
            )
        if year.later:
            many = year.later != 1
            notes.append(
                f"{year.later} open deal{'s' if many else ''} (in italics) {'are' if many else 'is'} expected after "
                f"{year.title}: the table shows what {'they' if many else 'it'} would do if won in it; the "
                "weighted scenario leaves them out."
                if year.start <= dt.date.today() <= year.end
                else f"{year.later} open deal{'s' if many else ''} {'are' if many else 'is'} expected after {year.title}."
            )
        return " ".join(notes)

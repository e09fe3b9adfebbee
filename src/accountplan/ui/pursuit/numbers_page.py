"""The numbers page (internal only): the inputs, the reverse funnel they need, and the seller's year.

Quota and commission belong to the seller across all their accounts: the page shows the year of the
account's seller (its account executive), with what this account's open deals would do to it, and opens the
Seller's year page, where the plan is edited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from accountplan.analysis.numbers import NumbersInputs, NumbersView
from accountplan.analysis.seller_pay import SellerEarnings
from accountplan.plan.numbers import numbers_view
from accountplan.plan.seller_year import SellerYear, account_seller_year
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.column_fit import ColumnFit
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.internal_banner import internal_banner
from accountplan.ui.common.pages import FigureCard, Page, fit_columns, money_text
from accountplan.ui.common.record_table import record_table
from accountplan.ui.pursuit.numbers_commands import UpdateNumbers
from accountplan.ui.pursuit.numbers_model import QuarterPlanModel
from accountplan.ui.pursuit.seller_year_model import BIG_DEAL_MARK, SellerDealEffectModel, pay_text

INPUT_WIDTH = 360
#: The money inputs: (field of NumbersPlan, attribute of NumbersInputs, label).
MONEY_INPUTS = (
    ("target_amount", "target", "&Target"),
    ("average_deal_size", "average_deal", "&Average deal size"),
)
#: The whole-number inputs: (field, attribute, label, lowest, highest, suffix).
NUMBER_INPUTS = (
    ("win_rate_percent", "win_rate", "&Win rate (qualified → won)", 1, 100, " %"),
    ("cycle_months", "cycle_months", "Sales &cycle", 1, 120, " months"),
    ("stage1_to_qualified_percent", "stage1_to_qualified", "&Stage 1 → qualified", 1, 100, " %"),
    ("meeting_to_stage1_percent", "meeting_to_stage1", "&Meeting → stage 1", 1, 100, " %"),
    ("outreach_to_meeting_percent", "outreach_to_meeting", "&Outreach → meeting", 1, 100, " %"),
)
#: Each input's attribute in NumbersInputs, by field of NumbersPlan.
ATTRIBUTES = {field: attribute for field, attribute, *_rest in (*MONEY_INPUTS, *NUMBER_INPUTS)}
FUNNEL_STEPS = (
    ("deals", "deals to win"),
    ("qualified", "qualified opportunities"),
    ("stage1", "stage-1 opportunities"),
    ("meetings", "first meetings"),
    ("outreach", "outreach touches"),
)


def tiers_text(tiers: tuple[tuple[int, Decimal], ...]) -> str:
    """The tiers as the editable lines "from %: rate %"."""
    return "\n".join(f"{start} %: {rate} %" for start, rate in tiers)


def money_value(text: str) -> Decimal | None | str:
    """The amount typed (None when empty); the text itself when it is no number (the plan says why)."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return text


def article(number: int) -> str:
    """The article before a number of months read aloud: an 8-, an 11-, an 18-month cycle, a 12-month one."""
    return "an" if number in (8, 11, 18) or 80 <= number <= 89 else "a"


class CardRow(QWidget):
    """Figure cards side by side, or in rows of ``narrow_columns`` when one row does not fit the width.

    It asks for the narrow arrangement's width only, so a laptop's window is never widened for one row.
    """

    def __init__(self, cards: list[FigureCard], narrow_columns: int) -> None:
        super().__init__()
        self.cards, self.narrow_columns = cards, narrow_columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.columns = 0
        self._place(len(cards))

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for index, card in enumerate(self.cards):
            self.grid.removeWidget(card)
            self.grid.addWidget(card, index // columns, index % columns)
        for column in range(len(self.cards)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def _width(self, columns: int) -> int:
        """The least width of ``columns`` cards abreast (the widest of each column)."""
        widths = [0] * columns
        for index, card in enumerate(self.cards):
            widths[index % columns] = max(widths[index % columns], card.minimumSizeHint().width())
        return sum(widths) + self.grid.spacing() * (columns - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._width(self.narrow_columns), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        fits = self._width(len(self.cards)) <= event.size().width()
        self._place(len(self.cards) if fits else self.narrow_columns)
        super().resizeEvent(event)


class NumbersPage(Page):
    """Work back from the target to weekly outreach, and see what winning each open deal would pay."""

    key, title = "numbers", "Numbers"
    reads = frozenset(
        {
            "accounts",
            "numbers_plans",
            "opportunities",
            "seller_plans",
            "deal_team_members",
            "co_sellers",
            "exchange_rates",
        }
    )

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.view: NumbersView | None = None
        self.seller_year: SellerYear | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.addLayout(self.title_bar("Numbers"))
        layout.addWidget(
            internal_banner("your targets, quota and commission never reach a customer document.")
        )
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._inputs())
        left.addWidget(self._quarters(), 1)
        body.addLayout(left, 0)
        outputs = QVBoxLayout()
        outputs.addWidget(self._funnel())
        outputs.addWidget(self._earnings(), 1)
        body.addLayout(outputs, 1)
        layout.addLayout(body, 1)

    # --- building -----------------------------------------------------------------------------------

    def _inputs(self) -> QGroupBox:
        box = QGroupBox("Inputs")
        box.setMaximumWidth(INPUT_WIDTH)
        form = QFormLayout(box)
        self.fields: dict[str, QLineEdit | QSpinBox] = {}
        for field, *_rest in MONEY_INPUTS:
            line = QLineEdit()
            line.setPlaceholderText("not set")
            line.editingFinished.connect(lambda f=field, w=line: self.save(f, money_value(w.text())))
            self.fields[field] = line
        for field, _attribute, _label, low, high, suffix in NUMBER_INPUTS:
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setSuffix(suffix)
            spin.editingFinished.connect(lambda f=field, w=spin: self.save(f, w.value()))
            self.fields[field] = spin
        labels: dict[str, str] = {
            field: label for field, _attribute, label, *_rest in (*MONEY_INPUTS, *NUMBER_INPUTS)
        }
        order = (
            "target_amount",
            "average_deal_size",
            "win_rate_percent",
            "cycle_months",
            "stage1_to_qualified_percent",
            "meeting_to_stage1_percent",
            "outreach_to_meeting_percent",
        )
        for field in order:
            form.addRow(labels[field], self.fields[field])
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        form.addRow(self.error)
        return box

    def _funnel(self) -> QGroupBox:
        box = QGroupBox("Reverse funnel: what the target needs")
        layout = QVBoxLayout(box)
        self.funnel_cards = {name: FigureCard(caption) for name, caption in FUNNEL_STEPS}
        self.funnel_row = CardRow(list(self.funnel_cards.values()), narrow_columns=3)
        layout.addWidget(self.funnel_row)
        self.per_week = QLabel("")
        self.per_week.setWordWrap(True)
        layout.addWidget(self.per_week)
        return box

    def _quarters(self) -> QGroupBox:
        box = QGroupBox("The funnel by quarter")
        box.setMaximumWidth(INPUT_WIDTH)
        box.setMinimumWidth(INPUT_WIDTH - 30)  # its three columns whole, without scrolling
        layout = QVBoxLayout(box)
        self.quarter_model = QuarterPlanModel()
        self.quarter_table = record_table(self.quarter_model, editable=False)
        describe(self.quarter_table, "The funnel by quarter")
        self.quarter_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.quarter_table)
        return box

    def _earnings(self) -> QGroupBox:
        self.earnings_box = box = QGroupBox("The seller's year")
        layout = QVBoxLayout(box)
        self.booked = FigureCard("booked, across the seller's accounts")
        self.attainment = FigureCard("of quota")
        self.pay = FigureCard("commission for the year")
        layout.addWidget(CardRow([self.booked, self.attainment, self.pay], narrow_columns=3))
        self.weighted = QLabel("")
        self.weighted.setWordWrap(True)
        layout.addWidget(self.weighted)
        self.effects_title = QLabel("<b>If this account's open deals were won</b>")
        layout.addWidget(self.effects_title)
        self.effect_model = SellerDealEffectModel()
        self.effect_table = record_table(self.effect_model, editable=False)
        describe(self.effect_table, "If this account's open deals were won")
        self.effect_table.setColumnHidden(1, True)  # the account: this one
        self.effect_fit = ColumnFit(self.effect_table, 0, least=200)  # the deal's name stays readable
        layout.addWidget(self.effect_table, 1)
        self.big_deals = QLabel("")
        self.big_deals.setWordWrap(True)
        self.big_deals.setStyleSheet("color: #9a5b00;")
        layout.addWidget(self.big_deals)
        row = QHBoxLayout()
        self.seller_note = QLabel("")
        self.seller_note.setWordWrap(True)
        row.addWidget(self.seller_note, 1)
        self.open_year = QPushButton("Open the seller's &year")
        self.open_year.setToolTip(
            "Edit the seller's quota, tiers, cap and big-deal threshold, across accounts"
        )
        self.open_year.clicked.connect(lambda: self.context.events.navigate.emit("seller-year"))
        row.addWidget(self.open_year)
        layout.addLayout(row)
        return box

    # --- editing ------------------------------------------------------------------------------------

    def _unchanged(self, field: str, value: Any, inputs: NumbersInputs) -> bool:
        return bool(value == getattr(inputs, ATTRIBUTES[field]))

    def save(self, field: str, value: Any) -> bool:
        """Store one input through an undoable command; a refusal is shown and the field restored."""
        if self._loading or self.account_id is None or self.view is None:
            return False
        if self._unchanged(field, value, self.view.inputs):
            return False
        if self.context.execute(UpdateNumbers(self.context, self.account_id, **{field: value})):
            self.error.setText("")
            return True
        self.error.setText(self.context.failures[-1] if self.context.failures else "")
        self.refresh()
        return False

    # --- showing ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.account_id is None:
            return
        with self.context.database.session() as session:
            self.view = view = numbers_view(session, self.account_id, dt.date.today())
            self.seller_year = account_seller_year(session, self.account_id, dt.date.today())
        self._show_inputs(view.inputs)
        self._show_funnel(view)
        self._show_seller_year(self.seller_year)

    def _show_inputs(self, inputs: NumbersInputs) -> None:
        self._loading = True
        try:
            for field, attribute, _label in MONEY_INPUTS:
                amount = getattr(inputs, attribute)
                line = self.fields[field]
                assert isinstance(line, QLineEdit)
                line.setText("" if amount is None else f"{amount:,.0f}")
            for field, attribute, *_rest in NUMBER_INPUTS:
                spin = self.fields[field]
                assert isinstance(spin, QSpinBox)
                spin.setValue(getattr(inputs, attribute))
        finally:
            self._loading = False
        currency = inputs.currency
        for field, _attribute, _label in MONEY_INPUTS:
            line = self.fields[field]
            assert isinstance(line, QLineEdit)
            line.setToolTip(f"In {currency}")

    def _show_funnel(self, view: NumbersView) -> None:
        funnel, inputs = view.funnel, view.inputs
        rates = {
            "deals": f"{money_text(inputs.target, inputs.currency)} at {money_text(inputs.average_deal, inputs.currency)} each"
            if inputs.target and inputs.average_deal
            else "",
            "qualified": f"at a {inputs.win_rate} % win rate",
            "stage1": f"{inputs.stage1_to_qualified} % become qualified",
            "meetings": f"{inputs.meeting_to_stage1} % become stage 1",
            "outreach": f"{inputs.outreach_to_meeting} % get a meeting",
        }
        for name, card in self.funnel_cards.items():
            card.show_figure(f"{getattr(funnel, name):,}" if funnel else "–", rates[name])
        if funnel is None:
            self.per_week.setText("Enter a target and an average deal size to work back the funnel.")
            self.quarter_model.replace_rows(())
            self.summary.setText("")
            return
        stage1, meetings, outreach = funnel.per_week
        self.per_week.setText(
            f"Every selling week: <b>{stage1:.1f}</b> stage-1 opportunities · <b>{meetings:.1f}</b> meetings · "
            f"<b>{outreach:.1f}</b> outreach touches ({article(inputs.cycle_months)} {inputs.cycle_months}-month cycle)."
        )
        self.quarter_model.replace_rows(funnel.per_quarter)
        self.quarter_table.verticalHeader().setDefaultSectionSize(
            self.quarter_table.fontMetrics().height() + 8
        )
        self.summary.setText(f"  {funnel.deals} deals to win · {funnel.outreach:,} outreach touches")

    def _show_seller_year(self, year: SellerYear | None) -> None:
        earned = year.earnings if year is not None else None
        if year is None:
            self.earnings_box.setTitle("The seller's year")
            self.seller_note.setText(
                "Quota and commission belong to the account's seller across their accounts: put the "
                "account executive on the deal team to see their year."
            )
        else:
            self.earnings_box.setTitle(f"The seller's year: {year.seller}, {year.title}")
            count = len(year.accounts)
            self.seller_note.setText(
                f"Quota and commission are {year.seller}'s across {count} account{'s' if count != 1 else ''}."
            )
        self.open_year.setEnabled(year is not None)
        if year is None or earned is None:
            for card in (self.booked, self.attainment, self.pay):
                card.show_figure("–", "")
            self.weighted.setText(
                "Enter the seller's quota on the Seller's year page to see attainment and pay."
            )
            self.effect_model.set_effects((), year.plan.currency if year else "", 50, "")
            self.big_deals.setText("")
            return
        self._show_earnings(earned)

    def _show_earnings(self, earned: SellerEarnings) -> None:
        plan, currency = earned.plan, earned.plan.currency
        threshold = money_text(plan.threshold, currency) if plan.threshold is not None else ""
        self.booked.show_figure(money_text(earned.booked, currency), "")
        self.attainment.show_figure(f"{earned.attainment:.0f} %", f"quota {money_text(plan.quota, currency)}")
        self.pay.show_figure(
            pay_text(earned.pay, currency), "" if earned.pay.single else "if re-evaluated – under the plan"
        )
        self.weighted.setText(
            f"Weighted scenario (each open deal at its probability): <b>{earned.weighted_attainment:.0f} %</b> "
            f"of quota, <b>{pay_text(earned.weighted_pay, currency)}</b> commission."
        )
        mine = tuple(effect for effect in earned.effects if effect.account_id == self.account_id)
        if any(not effect.expected_in_year for effect in mine):
            self.seller_note.setText(
                f"{self.seller_note.text()} A deal in italics is expected after the year: the table shows what "
                "it would do if won in it."
            )
        self.effect_model.set_effects(mine, currency, plan.big_deal_percent, threshold)
        fit_columns(self.effect_table, widest=300)
        self.effect_fit.refit()
        big = [effect.name for effect in mine if effect.big_deal]
        self.big_deals.setText(
            f"{BIG_DEAL_MARK} Big deal: more than {plan.big_deal_percent} % of the quota ({threshold}): "
            f"{', '.join(big)}. Its pay may be re-evaluated, so it is a range: from the pay with the deal "
            "counted only up to the threshold, to the pay under the plan."
            if big
            else ""
        )

"""The seller's numbers for an account: the inputs and the reverse funnel (the pay is the seller's year's).

The target and the funnel's inputs are the account's (``numbers_plans``); the quota, commission tiers and
big-deal threshold are its seller's, for the fiscal year that contains today (``seller_plans``, see
:mod:`accountplan.plan.seller_plans`): the first edit of one of them creates that plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from accountplan.analysis.numbers import (
    NumbersInputs,
    NumbersView,
    format_tiers,
    parse_tiers,
    reverse_funnel,
)
from accountplan.analysis.quarters import fiscal_quarters
from accountplan.errors import InvalidValue
from accountplan.model import Account, NumbersPlan, SellerPlan
from accountplan.plan import fields
from accountplan.plan.journey import JOURNEY_QUARTERS
from accountplan.plan.seller_plans import PAY_FIELDS, account_seller_plan, account_seller_plan_for_edit

__all__ = ["NumbersInputs", "NumbersView", "numbers_plan", "numbers_view", "update_numbers"]

#: The fields that are percents of something and must be from 1 to 100.
PERCENT_FIELDS = (
    "win_rate_percent",
    "stage1_to_qualified_percent",
    "meeting_to_stage1_percent",
    "outreach_to_meeting_percent",
)
MONEY_FIELDS = ("target_amount", "average_deal_size", "quota")


def _stored(session: Session, account_id: int) -> NumbersPlan | None:
    return session.scalar(select(NumbersPlan).where(NumbersPlan.account_id == account_id))


def _defaults(entity: type[NumbersPlan] | type[SellerPlan] = NumbersPlan) -> dict[str, Any]:
    """The fields the numbers page shows of ``entity`` (the account's numbers, or its seller's pay fields)."""
    table: Table = entity.__table__  # type: ignore[assignment]
    return {
        column.name: getattr(column.default, "arg", None)
        for column in table.columns
        if column.name not in ("id", "account_id", "version")
        and (entity is NumbersPlan or column.name in PAY_FIELDS)
    }


def _inputs(values: dict[str, Any], currency: str) -> NumbersInputs:
    try:
        tiers = parse_tiers(values["commission_tiers"])
    except InvalidValue:
        tiers = ()  # an unreadable plan (from an old file) earns nothing until it is corrected
    return NumbersInputs(
        target=values["target_amount"],
        average_deal=values["average_deal_size"],
        win_rate=values["win_rate_percent"],
        cycle_months=values["cycle_months"],
        stage1_to_qualified=values["stage1_to_qualified_percent"],
        meeting_to_stage1=values["meeting_to_stage1_percent"],
        outreach_to_meeting=values["outreach_to_meeting_percent"],
        quota=values["quota"],
        tiers=tiers,
        big_deal_percent=values["big_deal_percent"],
        currency=currency,
    )


def numbers_plan(session: Session, account_id: int, today: dt.date | None = None) -> NumbersInputs:
    """The account's numbers with its seller's quota and pay plan for the fiscal year of ``today``.

    The defaults stand for what was not entered yet (nothing is written).
    """
    account: Account = fields.get(session, Account, account_id)
    row = _stored(session, account_id)
    values = _defaults() if row is None else {name: getattr(row, name) for name in _defaults()}
    plan = account_seller_plan(session, account_id, today or dt.date.today())
    pay = _defaults(SellerPlan) if plan is None else {name: getattr(plan, name) for name in PAY_FIELDS}
    return _inputs({**values, **pay}, account.currency)


def _checked(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as the values to store, or InvalidValue for the first one that cannot be."""
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("id", "account_id", "version"):
            raise InvalidValue(f"The {name.replace('_', ' ')} of the numbers cannot be set here.")
        new = fields.coerce(SellerPlan if name in PAY_FIELDS else NumbersPlan, name, value)
        label = name.replace("_", " ")
        if name in PERCENT_FIELDS and not 1 <= new <= 100:
            raise InvalidValue(f"The {label.removesuffix(' percent')} must be from 1 to 100 %, not {new}.")
        if name in MONEY_FIELDS and new is not None and new <= 0:
            raise InvalidValue(f"The {label} must be more than zero, or left empty.")
        if name == "commission_tiers":
            new = format_tiers(parse_tiers(new))
        checked[name] = new
    return checked


def update_numbers(
    session: Session, account_id: int, today: dt.date | None = None, **changes: Any
) -> dict[str, Any]:
    """Change the numbers (creating them if needed); return the previous values. A refusal writes nothing.

    The fields are those of NumbersPlan: ``target_amount``, ``average_deal_size``, the percents
    ``win_rate_percent``, ``stage1_to_qualified_percent``, ``meeting_to_stage1_percent``,
    ``outreach_to_meeting_percent`` (1 to 100) and ``cycle_months``; and those of the account seller's plan
    for the fiscal year of ``today`` (created if needed): ``quota``, ``commission_tiers`` (text lines
    "from:rate") and ``big_deal_percent``.
    """
    fields.get(session, Account, account_id)
    checked = _checked(changes)
    account_fields = {name: value for name, value in checked.items() if name not in PAY_FIELDS}
    pay_fields = {name: value for name, value in checked.items() if name in PAY_FIELDS}
    previous: dict[str, Any] = {}
    if account_fields:
        row = _stored(session, account_id)
        if row is None:
            row = NumbersPlan(account_id=account_id, **_defaults())
            session.add(row)
        previous.update(fields.apply(row, account_fields))
    if pay_fields:
        plan = account_seller_plan_for_edit(session, account_id, today or dt.date.today())
        previous.update(fields.apply(plan, pay_fields))
    session.flush()
    return {name: previous[name] for name in checked}


def numbers_view(session: Session, account_id: int, today: dt.date) -> NumbersView:
    """The inputs and the funnel over the journey's quarters.

    What the deals pay is the seller's year across accounts (:func:`accountplan.plan.seller_year.seller_year`).
    """
    account: Account = fields.get(session, Account, account_id)
    inputs = numbers_plan(session, account_id, today)
    quarters = fiscal_quarters(account.fiscal_year_start_month, today, JOURNEY_QUARTERS)
    return NumbersView(inputs, reverse_funnel(inputs, quarters))

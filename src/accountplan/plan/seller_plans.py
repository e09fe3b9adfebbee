"""The seller's plan for a fiscal year (quota, commission tiers, cap, big-deal threshold), across accounts.

An account's numbers page shows the plan of the account's seller: its account executive (see
:func:`account_seller`) for the fiscal year that contains today. The first edit of a quota, tiers or
threshold creates that plan, and an account whose team has no account executive then gets a stand-in one
named after the account (as schema 0008 and older plan files do), so that the quota always has an owner.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import Account, CoSeller, DealTeamMember, SellerPlan
from accountplan.model.enums import CoSellerRole, FirmKind
from accountplan.plan import fields

#: The fields of a seller plan that the numbers page edits (they were the account's before schema 0008).
PAY_FIELDS = ("quota", "commission_tiers", "big_deal_percent")


def fiscal_year_of(day: dt.date, year_starts_month: int) -> int:
    """The fiscal year (the calendar year it starts in) that contains ``day``."""
    return day.year if day.month >= year_starts_month else day.year - 1


def account_seller(session: Session, account_id: int) -> CoSeller | None:
    """The seller whose number an account's deals are: its account executive, or None.

    The first active member of the deal team (by co-seller id) whose main role is account executive, as the
    success plan names its author; else the first who holds that role among others.
    """
    team = session.scalars(
        select(CoSeller)
        .join(DealTeamMember, DealTeamMember.co_seller_id == CoSeller.id)
        .where(DealTeamMember.account_id == account_id, DealTeamMember.active.is_(True))
        .order_by(CoSeller.id)
    ).all()
    role = CoSellerRole.ACCOUNT_EXECUTIVE
    main = next((person for person in team if person.role is role), None)
    if main is not None:
        return main
    return next((person for person in team if role.value in person.other_roles.split(",")), None)


def seller_plan_on(session: Session, co_seller_id: int, day: dt.date) -> SellerPlan | None:
    """The seller's plan for the fiscal year that contains ``day``, or None."""
    plans = session.scalars(
        select(SellerPlan).where(
            SellerPlan.co_seller_id == co_seller_id, SellerPlan.fiscal_year.in_((day.year - 1, day.year))
        )
    ).all()
    return next(
        (plan for plan in plans if fiscal_year_of(day, plan.year_starts_month) == plan.fiscal_year), None
    )


def account_seller_plan(session: Session, account_id: int, day: dt.date) -> SellerPlan | None:
    """The plan of the account's seller for the fiscal year that contains ``day``, or None (nothing written)."""
    seller = account_seller(session, account_id)
    return None if seller is None else seller_plan_on(session, seller.id, day)


def account_seller_plan_for_edit(session: Session, account_id: int, day: dt.date) -> SellerPlan:
    """The plan of the account's seller for ``day``'s fiscal year, created (with a seller if need be).

    A new plan's fiscal year is the calendar year (starting in January) in the account's currency.
    """
    account: Account = fields.get(session, Account, account_id)
    seller = account_seller(session, account_id) or _stand_in_seller(session, account)
    plan = seller_plan_on(session, seller.id, day)
    if plan is None:
        plan = SellerPlan(
            co_seller_id=seller.id, fiscal_year=day.year, year_starts_month=1, currency=account.currency
        )
        session.add(plan)
        session.flush()
    return plan


def _stand_in_seller(session: Session, account: Account) -> CoSeller:
    """An account executive on the team of an account that has none, to own its quota."""
    person = CoSeller(
        name=fields.coerce(CoSeller, "name", f"Account executive of {account.name}"),
        role=CoSellerRole.ACCOUNT_EXECUTIVE,
        firm_kind=FirmKind.OURS,
    )
    session.add(person)
    session.flush()
    session.add(
        DealTeamMember(
            account_id=account.id,
            co_seller_id=person.id,
            responsibility="Holds the quota of this account",
            active=True,
        )
    )
    session.flush()
    return person

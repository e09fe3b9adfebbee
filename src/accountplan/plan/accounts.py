"""Accounts: create, edit, delete, and list them with their counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.errors import AlreadyExists, InvalidValue
from accountplan.model import Account, Action, Opportunity, Stakeholder
from accountplan.model.enums import StakeholderStatus
from accountplan.plan import fields


@dataclass(frozen=True)
class AccountRow:
    """One line of the account list."""

    id: int
    name: str
    industry: str
    status_label: str
    stakeholders: int
    opportunities: int
    actions: int


def _check_name(session: Session, name: str, account_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise InvalidValue("An account needs a name.")
    name = fields.coerce(Account, "name", name)  # refuses a name longer than the column
    clash = session.scalar(select(Account.id).where(Account.name == name, Account.id != (account_id or 0)))
    if clash is not None:
        raise AlreadyExists(f"An account named {name!r} already exists.")
    return name


def create_account(session: Session, name: str, **values: Any) -> int:
    account = Account(name=_check_name(session, name))
    fields.apply(account, values)
    session.add(account)
    session.flush()
    return account.id


def update_account(session: Session, account_id: int, **changes: Any) -> dict[str, Any]:
    """Change fields of an account; return the previous values."""
    account = fields.get(session, Account, account_id)
    if "name" in changes:
        changes["name"] = _check_name(session, str(changes["name"]), account_id)
    return fields.apply(account, changes)


def delete_account(session: Session, account_id: int) -> None:
    session.delete(fields.get(session, Account, account_id))
    session.flush()


def account_named(session: Session, name: str) -> int | None:
    """The id of the account named exactly ``name``, or None when there is none."""
    return session.scalar(select(Account.id).where(Account.name == name))


def list_accounts(session: Session) -> list[AccountRow]:
    def counts(entity: Any, *where: Any) -> dict[int, int]:
        query = select(entity.account_id, func.count()).where(*where).group_by(entity.account_id)
        return {key: count for key, count in session.execute(query)}

    people = counts(Stakeholder, Stakeholder.status == StakeholderStatus.ACTIVE)
    deals = counts(Opportunity)
    actions = counts(Action)
    return [
        AccountRow(
            a.id,
            a.name,
            a.industry,
            a.status.label,
            people.get(a.id, 0),
            deals.get(a.id, 0),
            actions.get(a.id, 0),
        )
        for a in session.scalars(select(Account).order_by(Account.name))
    ]

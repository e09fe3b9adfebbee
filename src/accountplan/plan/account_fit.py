"""An account's ideal-account checklist: six criteria, each met or not with a note, and the score they give.

A criterion with no row is not met (and has no note): an account starts with a score of 0 of 6, and the
first tick of a criterion writes its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import Account, AccountFit
from accountplan.model.enums import FitCriterion
from accountplan.plan import fields

#: How many criteria the checklist has: the score is out of this.
FIT_CRITERIA = len(FitCriterion)


@dataclass(frozen=True)
class FitLine:
    """One criterion of an account's checklist as the user sees it (``version`` 0: no row written yet)."""

    criterion: FitCriterion
    met: bool
    note: str
    version: int = 0


def fit_checklist(session: Session, account_id: int) -> list[FitLine]:
    """The six criteria of the account's checklist, in the checklist's order."""
    rows = {
        row.criterion: row
        for row in session.scalars(select(AccountFit).where(AccountFit.account_id == account_id))
    }
    lines = []
    for criterion in FitCriterion:
        row = rows.get(criterion)
        lines.append(
            FitLine(criterion, False, "")
            if row is None
            else FitLine(criterion, row.met, row.note, row.version)
        )
    return lines


def fit_score(lines: list[FitLine]) -> int:
    """How many of the criteria are met."""
    return sum(1 for line in lines if line.met)


def _row(session: Session, account_id: int, criterion: FitCriterion) -> AccountFit | None:
    return session.scalar(
        select(AccountFit).where(AccountFit.account_id == account_id, AccountFit.criterion == criterion)
    )


def set_fit(
    session: Session,
    account_id: int,
    criterion: FitCriterion,
    *,
    met: bool | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Tick or untick a criterion and/or change its note (None keeps it); return the previous values.

    The previous values are ``{}`` when the criterion had no row yet (it is written now).
    """
    fields.get(session, Account, account_id)  # NotFound for an account deleted meanwhile
    criterion = FitCriterion(criterion)
    changes: dict[str, Any] = {}
    if met is not None:
        changes["met"] = bool(met)
    if note is not None:
        changes["note"] = note.strip()
    row = _row(session, account_id, criterion)
    if row is None:
        row = AccountFit(account_id=account_id, criterion=criterion, met=False, note="")
        fields.apply(row, changes)
        session.add(row)
        session.flush()
        return {}
    previous = fields.apply(row, changes)
    session.flush()
    return previous


def remove_fit(session: Session, account_id: int, criterion: FitCriterion) -> None:
    """Take a criterion's row away (it reads as not met, without a note); nothing if it has none."""
    row = _row(session, account_id, FitCriterion(criterion))
    if row is not None:
        session.delete(row)
        session.flush()


def fit_row_id(session: Session, account_id: int, criterion: FitCriterion) -> int | None:
    """The id of the criterion's row, if it has one."""
    row = _row(session, account_id, FitCriterion(criterion))
    return None if row is None else row.id

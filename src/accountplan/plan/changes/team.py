"""Changes to the deal team and its coverage of the customer's people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from accountplan.model import CoSeller
from accountplan.model.enums import CoSellerRole, RelationshipStrength
from accountplan.plan import coverage, team
from accountplan.plan.changes.change import Change, RowKind, UpdateRow
from accountplan.plan.snapshots import Snapshot, capture, restore

CO_SELLERS = RowKind("co_sellers", "co-seller", None, team.update_co_seller, None)


class AddToTeam(Change):
    """Put a co-seller on the account's team: an existing one (``co_seller_id``) or a new one (``role``...).

    Undo takes them off the team again exactly as before: a former member becomes former again, a new
    membership (and a co-seller created for it) disappears.
    """

    def __init__(
        self,
        account_id: int,
        name: str,
        *,
        co_seller_id: int | None = None,
        role: CoSellerRole | None = None,
        responsibility: str = "",
        **new_values: Any,
    ) -> None:
        self.account_id, self.text = account_id, f"add {name} to the deal team"
        self.name, self.role, self.responsibility, self.new_values = name, role, responsibility, new_values
        self.co_seller_id = co_seller_id
        self.created_co_seller = co_seller_id is None
        self.before: Snapshot | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        if self.created_co_seller:
            assert self.role is not None
            self.co_seller_id = team.add_co_seller(session, self.name, self.role, **self.new_values)
        assert self.co_seller_id is not None
        existing = team.membership(session, self.account_id, self.co_seller_id)
        self.before = capture(session, "deal_team_members", existing.id) if existing is not None else None
        team.join_team(
            session,
            self.account_id,
            self.co_seller_id,
            responsibility=self.responsibility,
            on=dt.date.today(),
        )

    def backward(self, session: Session) -> None:
        # plan.team has no "remove from team" (leaving keeps the membership as history): undo restores rows.
        assert self.account_id is not None and self.co_seller_id is not None
        member = team.membership(session, self.account_id, self.co_seller_id)
        if member is not None:
            session.delete(member)
            session.flush()
        if self.before is not None:
            restore(session, self.before)
        if self.created_co_seller:
            seller = session.get(CoSeller, self.co_seller_id)
            if seller is not None:
                session.delete(seller)
                session.flush()


class UpdateCoSeller(UpdateRow):
    """Change a co-seller's role, organisation, name... (``plan.team.update_co_seller``)."""

    kind = CO_SELLERS

    def describe(self, name: str) -> str:
        return f"edit {name}'s {', '.join(f.replace('_', ' ') for f in self.changes)}"


class LeaveTeam(Change):
    """A co-seller leaves the team; their open actions and owned relationships go to another member.

    One change: undo brings the member back and gives every action and relationship back to them.
    """

    def __init__(
        self,
        account_id: int,
        co_seller_id: int,
        name: str,
        *,
        to_co_seller_id: int | None,
        action_ids: list[int],
        coverage_ids: list[int],
        on: dt.date,
    ) -> None:
        self.account_id, self.text = account_id, f"{name} leaves the deal team"
        self.co_seller_id, self.to_co_seller_id, self.on = co_seller_id, to_co_seller_id, on
        self.action_ids, self.coverage_ids = action_ids, coverage_ids
        self.undo_info: dict[str, Any] | None = None

    def forward(self, session: Session) -> None:
        assert self.account_id is not None
        self.undo_info = None
        if self.to_co_seller_id is not None and (self.action_ids or self.coverage_ids):
            self.undo_info = team.reassign(
                session,
                self.account_id,
                action_ids=self.action_ids,
                coverage_ids=self.coverage_ids,
                to_co_seller_id=self.to_co_seller_id,
            )
        team.leave_team(session, self.account_id, self.co_seller_id, self.on)

    def backward(self, session: Session) -> None:
        assert self.account_id is not None
        # Back on the team: joining again keeps the joined-on date and the responsibility they had.
        team.join_team(session, self.account_id, self.co_seller_id)
        if self.undo_info is not None:
            team.restore_reassignment(session, self.undo_info)


class SetCoverage(Change):
    """Set one cell of the coverage matrix: strength, owner, last touched.

    Making someone the owner takes ownership from the previous owner; undo gives it back to them.
    """

    def __init__(
        self,
        account_id: int,
        co_seller_id: int,
        stakeholder_id: int,
        text: str,
        strength: RelationshipStrength,
        *,
        is_owner: bool | None = None,
        last_touched: dt.date | None = None,
    ) -> None:
        self.account_id, self.text = account_id, text
        self.co_seller_id, self.stakeholder_id = co_seller_id, stakeholder_id
        self.strength, self.is_owner, self.last_touched = strength, is_owner, last_touched
        self.previous: dict[str, Any] = {}
        #: The relationship as it was, when the change ends it (undo puts that same row back).
        self.ended: Snapshot | None = None

    def typed(self) -> dict[str, Any]:
        values = {"strength": self.strength, "is_owner": self.is_owner, "last_touched": self.last_touched}
        return {name: value for name, value in values.items() if value is not None}

    def forward(self, session: Session) -> None:
        row = coverage.find_coverage(session, self.co_seller_id, self.stakeholder_id)
        ending = row is not None and RelationshipStrength(self.strength) is RelationshipStrength.NONE
        self.ended = capture(session, "coverage", row.id) if row is not None and ending else None
        self.previous = coverage.set_coverage(
            session,
            self.co_seller_id,
            self.stakeholder_id,
            self.strength,
            is_owner=self.is_owner,
            last_touched=self.last_touched,
        )

    def backward(self, session: Session) -> None:
        if self.ended is not None:
            restore(session, self.ended)
        else:
            coverage.restore_coverage(session, self.co_seller_id, self.stakeholder_id, self.previous)

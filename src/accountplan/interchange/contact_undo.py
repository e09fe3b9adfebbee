"""A contact import as one change that can be taken back and made again (Edit → Undo in the window).

``forward`` imports, creating the account when the import is into a new one; ``backward`` takes the whole
import back in one step: the fields it changed restored, the people and org units it added removed (or
the account it created deleted). A second ``forward`` (redo) previews the file again against the account
as it then is and imports it, so what it adds and changes is what the first run did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.interchange.contact_formats import ContactFile
from accountplan.interchange.contact_import import ImportResult, Progress, apply
from accountplan.interchange.contact_plan import ImportPlan, preview
from accountplan.model import OrgUnit, Stakeholder
from accountplan.plan import fields
from accountplan.plan.accounts import create_account, delete_account
from accountplan.plan.stakeholders import update_stakeholder

_CHUNK = 500


@dataclass
class ContactImport:
    """Importing ``file`` into an account (``account_id`` None: a new account named ``account_name``).

    ``plan`` is the preview the user saw, used by the first run; ``done`` the plan last carried out and
    ``result`` what it wrote.
    """

    file: ContactFile
    account_id: int | None
    account_name: str
    accept_cycles: bool = False
    all_companies: bool = False
    plan: ImportPlan | None = None
    done: ImportPlan | None = None
    result: ImportResult | None = None
    created_account: bool = False

    def forward(
        self,
        session: Session,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """Import the file in the caller's transaction (raising, with nothing kept, when it cannot)."""
        plan, self.plan = self.plan, None  # the preview holds for the first run only
        if self.account_id is None or self.created_account:
            self.account_id = create_account(session, self.account_name)
            self.created_account = True
            plan = None
        if plan is None:
            plan = preview(
                session,
                self.account_id,
                self.file,
                accept_cycles=self.accept_cycles,
                all_companies=self.all_companies,
                account_name=self.account_name,
            )
        self.result = apply(session, plan, progress=progress, cancelled=cancelled)
        self.done = plan

    def backward(self, session: Session) -> None:
        """Take the import back: restore what it changed, remove what it added (or the account it created)."""
        assert self.result is not None and self.account_id is not None
        if self.created_account:
            delete_account(session, self.account_id)
            return
        for person_id, before in self.result.previous.items():
            values = dict(before)
            manager = values.pop("reports_to_id", _KEPT)
            if values:
                update_stakeholder(session, person_id, **values)
            if manager is not _KEPT:
                fields.get(session, Stakeholder, person_id).reports_to_id = manager
        session.flush()
        _delete_people(session, list(self.result.added.values()))
        for unit_id in reversed(self.result.unit_ids):  # children before their parents
            unit = session.get(OrgUnit, unit_id)
            if unit is not None:
                session.delete(unit)
                session.flush()


_KEPT: Any = object()


def _delete_people(session: Session, ids: list[int]) -> None:
    """Delete the people the import added, those lowest in the reporting lines first."""
    people: dict[int, Stakeholder] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        people.update(
            {p.id: p for p in session.scalars(select(Stakeholder).where(Stakeholder.id.in_(chunk)))}
        )
    depth: dict[int, int] = {}
    for person_id in people:
        chain = []
        node: int | None = person_id
        while node is not None and node in people and node not in depth and node not in chain:
            chain.append(node)
            node = people[node].reports_to_id
        level = depth.get(node, -1) if node is not None else -1
        for below in reversed(chain):
            level += 1
            depth[below] = level
    for level in sorted(set(depth.values()), reverse=True):
        for person_id, at in depth.items():
            if at == level:
                session.delete(people[person_id])
        session.flush()

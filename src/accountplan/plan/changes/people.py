"""Changes to the customer's people: adding, editing and deleting them, their manager, roles and links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from accountplan.model import Stakeholder
from accountplan.model.enums import BuyingRole
from accountplan.plan import influence, people_merge, stakeholders
from accountplan.plan.changes.change import AddRow, Change, DeleteRow, RowKind, UpdateRow


def _delete_with_links(session: Session, stakeholder_id: int) -> None:
    stakeholders.delete_stakeholder(session, stakeholder_id, force=True)


STAKEHOLDERS = RowKind(
    "stakeholders", "", stakeholders.add_stakeholder, stakeholders.update_stakeholder, _delete_with_links
)
INFLUENCE_LINKS = RowKind("influence_links", "influence link", None, None, influence.delete_influence_link)


class AddStakeholder(AddRow):
    """Add a person (``reports_to_id``, ``roles`` and their fields in the values); undo deletes them."""

    kind = STAKEHOLDERS


class UpdateStakeholder(UpdateRow):
    kind = STAKEHOLDERS

    def describe(self, name: str) -> str:
        return f"edit {name}'s {', '.join(f.replace('_', ' ') for f in self.changes)}"


class DeleteStakeholder(DeleteRow):
    """Delete a person (with ``force``, even when others depend on them); undo puts everything back."""

    kind = STAKEHOLDERS

    def __init__(self, account_id: int, stakeholder_id: int, name: str, *, force: bool = False) -> None:
        super().__init__(account_id, stakeholder_id, name)
        self.force = force

    def remove(self, session: Session) -> None:
        stakeholders.delete_stakeholder(session, self.row_id, force=self.force)


class SetManager(Change):
    """Move a person under another manager (a loop is refused by ``plan``)."""

    def __init__(self, account_id: int, stakeholder_id: int, manager_id: int | None, text: str) -> None:
        self.account_id, self.text = account_id, text
        self.stakeholder_id, self.manager_id = stakeholder_id, manager_id
        self.previous: int | None = None

    def forward(self, session: Session) -> None:
        self.previous = stakeholders.set_manager(session, self.stakeholder_id, self.manager_id)

    def backward(self, session: Session) -> None:
        stakeholders.set_manager(session, self.stakeholder_id, self.previous)


class SetRoles(Change):
    """Exactly these buying roles for a person; undo gives back the ones they had."""

    def __init__(self, account_id: int, stakeholder_id: int, label: str, roles: set[BuyingRole]) -> None:
        self.account_id, self.text = account_id, f"change {label}'s buying roles"
        self.stakeholder_id, self.roles = stakeholder_id, roles
        self.previous: set[BuyingRole] = set()

    def forward(self, session: Session) -> None:
        self.previous = stakeholders.set_roles(session, self.stakeholder_id, self.roles)

    def backward(self, session: Session) -> None:
        stakeholders.set_roles(session, self.stakeholder_id, self.previous)


class SetDeparted(Change):
    """Mark a person as departed on a day, or as active again."""

    def __init__(self, account_id: int, stakeholder_id: int, label: str, on: dt.date | None) -> None:
        self.account_id, self.text = account_id, f"mark {label} {'departed' if on else 'active'}"
        self.stakeholder_id, self.on = stakeholder_id, on
        self.previous: dt.date | None = None

    def _set(self, session: Session, on: dt.date | None) -> None:
        if on is None:
            stakeholders.mark_active(session, self.stakeholder_id)
        else:
            stakeholders.mark_departed(session, self.stakeholder_id, on)

    def forward(self, session: Session) -> None:
        person = session.get(Stakeholder, self.stakeholder_id)
        self.previous = person.departed_on if person is not None else None
        self._set(session, self.on)

    def backward(self, session: Session) -> None:
        self._set(session, self.previous)


class AddInfluenceLink(AddRow):
    """One person influences another (``kind``, ``strength``, ``note`` in the values); undo removes the link."""

    kind = INFLUENCE_LINKS

    def __init__(self, account_id: int, source_id: int, target_id: int, text: str, **values: Any) -> None:
        super().__init__(account_id, text, **values)
        self.source_id, self.target_id = source_id, target_id
        self.text = text

    def add(self, session: Session) -> int:
        return influence.add_influence_link(session, self.source_id, self.target_id, **self.values)


class MergePeople(Change):
    """Make one person of two records of them (a duplicate): everything moves to the one kept; undo parts them."""

    def __init__(self, account_id: int, removed_id: int, kept_id: int, removed: str, kept: str) -> None:
        self.account_id, self.text = account_id, f"merge {removed} into {kept}"
        self.removed_id, self.kept_id = removed_id, kept_id
        self.merge: people_merge.PeopleMerge | None = None

    def forward(self, session: Session) -> None:
        self.merge = people_merge.merge_people(session, self.removed_id, self.kept_id)

    def backward(self, session: Session) -> None:
        assert self.merge is not None
        people_merge.unmerge_people(session, self.merge)

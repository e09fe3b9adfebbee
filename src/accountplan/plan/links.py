"""References between the rows of a plan: what a row points to must exist and be in the same account."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.errors import Refused
from accountplan.model.base import AccountScoped, Base
from accountplan.plan import fields

#: A reference: the link column, the entity it points to, and the word a user reads.
Link = tuple[str, type[Base], str]


def check_links(session: Session, obj: AccountScoped, links: Iterable[Link]) -> None:
    """NotFound for a reference to a missing row; Refused for one to a row of another account."""
    for column, entity, word in links:
        linked_id = getattr(obj, column)
        if linked_id is None:
            continue
        with session.no_autoflush:  # reading the target must not write the change being checked
            linked = fields.get(session, entity, linked_id)
        if getattr(linked, "account_id", obj.account_id) != obj.account_id:
            raise Refused(f"The {word.lower()} {linked.label!r} belongs to another account.")


def add_checked(session: Session, obj: Any, values: dict[str, Any], links: Iterable[Link]) -> int:
    """Give a new row its values, check its references, add it; return its id."""
    fields.apply(obj, values)
    check_links(session, obj, links)
    session.add(obj)
    session.flush()
    return int(obj.id)


def update_checked(
    session: Session, obj: Any, changes: dict[str, Any], links: Iterable[Link]
) -> dict[str, Any]:
    """Change a row's fields and check its references; return the previous values (for undo)."""
    previous = fields.apply(obj, changes)
    check_links(session, obj, links)
    session.flush()
    return previous


def labels(session: Session, entity: type[Base], account_id: int) -> dict[int | None, str]:
    """The label (name, title) of every row of ``entity`` in the account, by id (``.get(None, "")`` is "")."""
    assert entity.label_attribute is not None
    name = getattr(entity, entity.label_attribute)
    query = select(entity.id, name).where(entity.account_id == account_id)  # type: ignore[attr-defined]
    return {row_id: label for row_id, label in session.execute(query)}

"""One row by its id, or NotFound naming what is missing: the one way every layer reads a row it was named."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accountplan.errors import NotFound
from accountplan.model import Base


def get(session: Session, entity: type[Base], entity_id: int) -> Any:
    """The row ``entity_id`` of ``entity``, or NotFound naming what is missing."""
    obj = session.get(entity, entity_id)
    if obj is None:
        raise NotFound(
            f"There is no {entity.__name__.lower()} with id {entity_id}; it may have been deleted."
        )
    return obj

"""A change: one edit of the plan that can be made, taken back and made again; and the generic row changes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from accountplan.plan.snapshots import Snapshot, capture, restore


class Change(ABC):
    """One edit of the plan that can be undone: ``forward`` makes it, ``backward`` takes it back.

    Both run in the caller's write transaction and raise an :class:`~accountplan.errors.AccountPlanError`
    when the plan refuses. ``forward`` runs again after ``backward`` (redo) and then gives the plan it gave
    the first time; between the two the change keeps what it needs to go back (the previous values of the
    fields it wrote, a snapshot of a row it deleted).
    """

    #: What the edit is, as the Edit menu says it ("Undo <text>").
    text: str
    #: The account it edits (None while there is none yet: an edit that creates one sets it).
    account_id: int | None
    #: It changes the list of accounts (one made, renamed, deleted...), not only what is in one.
    account_wide: bool = False
    #: The account's pages hear what it touched (not when the whole account comes and goes).
    account_pages: bool = True

    @abstractmethod
    def forward(self, session: Session) -> None:
        """Make the change (the first time, and again after :meth:`backward`)."""

    @abstractmethod
    def backward(self, session: Session) -> None:
        """Take the change back: the plan is as it was before :meth:`forward`."""

    def typed(self) -> dict[str, Any]:
        """The field values it writes, as the user gave them (an edit conflict shows them field by field)."""
        return dict(getattr(self, "changes", {}))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.text!r}>"


@dataclass(frozen=True)
class RowKind:
    """A kind of row the generic changes add, change and delete, with the ``plan`` functions that do it.

    A kind the plan cannot add (or delete) has None there.
    """

    table: str
    #: What one is called in the Edit menu ("" when its own name says it: a person).
    noun: str
    #: ``add_…(session, account_id, name, **values) -> id``
    add: Callable[..., int] | None
    #: ``update_…(session, id, **changes) -> the previous values of the fields changed``
    update: Callable[..., dict[str, Any]] | None
    delete: Callable[[Session, int], None] | None


def words(*parts: str) -> str:
    """The parts that are not empty, one space apart."""
    return " ".join(part for part in parts if part)


def positions(session: Session, entity: Any, where: ColumnElement[bool]) -> dict[int, int]:
    """The place of each row of a list (``where`` picks the list): what moving one row within it changes."""
    return {
        row_id: place for row_id, place in session.execute(select(entity.id, entity.position).where(where))
    }


def put_positions(session: Session, entity: Any, places: dict[int, int]) -> None:
    """Put the rows of a list back in the places :func:`positions` found them at (rows since gone are skipped)."""
    for row in session.scalars(select(entity).where(entity.id.in_(places))):
        if row.position != places[row.id]:
            row.position = places[row.id]
    session.flush()


class AddRow(Change):
    """Adding a row: backward deletes it (keeping a snapshot), forward again puts that same row back.

    Redo gives the row back with its id, so a later edit of it on the undo stack still finds it.
    """

    kind: RowKind

    def __init__(self, account_id: int, name: str, **values: Any) -> None:
        self.account_id, self.name, self.values = account_id, name, values
        self.text = words("add", self.kind.noun, name)
        self.row_id: int | None = None
        self.snapshot: Snapshot | None = None

    def add(self, session: Session) -> int:
        """Add the row the first time; return its id."""
        assert self.kind.add is not None and self.account_id is not None
        return self.kind.add(session, self.account_id, self.name, **self.values)

    def remove(self, session: Session) -> None:
        assert self.kind.delete is not None and self.row_id is not None
        self.kind.delete(session, self.row_id)

    def forward(self, session: Session) -> None:
        if self.snapshot is not None:
            restore(session, self.snapshot)
            return
        self.row_id = self.add(session)

    def backward(self, session: Session) -> None:
        assert self.row_id is not None
        self.snapshot = capture(session, self.kind.table, self.row_id)
        self.remove(session)


class UpdateRow(Change):
    """Changing fields of a row: forward keeps the previous values of those fields, backward puts them back.

    ``row_id`` is what ``kind.update`` takes: the row's id, or the account's for a row an account has one
    of (its numbers, its success plan).
    """

    kind: RowKind

    def __init__(self, account_id: int, row_id: int, name: str, /, **changes: Any) -> None:
        # The row's name is positional only: a rename passes the new one as ``name=`` among the changes.
        self.account_id, self.row_id, self.changes = account_id, row_id, changes
        self.text = self.describe(name)
        self.previous: dict[str, Any] = {}

    def describe(self, name: str) -> str:
        """The Edit menu's words for changing these fields of the row called ``name``."""
        fields = ", ".join(f.removesuffix("_id").replace("_", " ") for f in self.changes)
        return f"edit the {fields} of {name}"

    def forward(self, session: Session) -> None:
        assert self.kind.update is not None
        self.previous = self.kind.update(session, self.row_id, **self.changes)

    def backward(self, session: Session) -> None:
        assert self.kind.update is not None
        self.kind.update(session, self.row_id, **self.previous)


class DeleteRow(Change):
    """Deleting a row: forward keeps a snapshot of it and of what goes with it, backward puts all of it back."""

    kind: RowKind

    def __init__(self, account_id: int, row_id: int, name: str) -> None:
        self.account_id, self.row_id = account_id, row_id
        self.text = words("delete", self.kind.noun, name)
        self.snapshot: Snapshot | None = None

    def remove(self, session: Session) -> None:
        assert self.kind.delete is not None
        self.kind.delete(session, self.row_id)

    def forward(self, session: Session) -> None:
        self.snapshot = capture(session, self.kind.table, self.row_id)
        self.remove(session)

    def backward(self, session: Session) -> None:
        assert self.snapshot is not None
        restore(session, self.snapshot)


class Together(Change):
    """Several changes as one edit: made in order, taken back in the reverse order."""

    def __init__(self, account_id: int, text: str, parts: Sequence[Change]) -> None:
        self.account_id, self.text, self.parts = account_id, text, list(parts)

    def forward(self, session: Session) -> None:
        for part in self.parts:
            part.forward(session)

    def backward(self, session: Session) -> None:
        for part in reversed(self.parts):
            part.backward(session)

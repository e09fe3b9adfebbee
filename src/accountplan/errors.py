"""The errors a user can meet: each carries one clear sentence, shown as is by the window and the CLI."""

from __future__ import annotations


class AccountPlanError(Exception):
    """A refused operation or unusable input, with a message meant for the user."""


class NotFound(AccountPlanError):
    """The account, person or item named does not exist."""


class Refused(AccountPlanError):
    """The change would break one of the plan's rules; nothing was changed."""


class CycleRefused(Refused):
    """The change would make a loop (a reporting line, a decision dependency); ``names`` lists the loop."""

    def __init__(self, message: str, names: list[str]) -> None:
        super().__init__(message)
        self.names = names


class EditConflict(Refused):
    """Someone else (another window, process or user) changed the rows since this program read or wrote them.

    ``rows`` names them as (table, id) pairs, when known.
    """

    def __init__(self, message: str, rows: list[tuple[str, int]] | None = None) -> None:
        super().__init__(message)
        self.rows = rows or []


class HasDependents(Refused):
    """The item cannot be deleted silently: ``dependents`` lists what refers to it."""

    def __init__(self, message: str, dependents: list[str]) -> None:
        super().__init__(message)
        self.dependents = dependents


class InvalidValue(AccountPlanError):
    """A field was given a value it cannot take."""


class AlreadyExists(AccountPlanError):
    """An item with that name exists already."""


class DatabaseError(AccountPlanError):
    """A database could not be opened or used; the message says what to do."""


class ServerUnreachable(DatabaseError):
    """The team server (PostgreSQL) cannot be reached; nothing was saved, and the window keeps the edit."""


class DatabaseDamaged(DatabaseError):
    """The database file failed its integrity check."""


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer version of Account Plan."""


class NotAnAccountPlanDatabase(DatabaseError):
    """The file is a database, but not one of ours."""


class InvalidPlanFile(AccountPlanError):
    """A plan file was rejected; ``path`` is the JSON path of the first problem."""

    def __init__(self, message: str, path: str = "$") -> None:
        super().__init__(message)
        self.path = path


class ImportRejected(InvalidValue):
    """A file to import was refused as malformed; ``line`` is where the problem starts, ``reason`` what it is."""

    def __init__(self, source: str, line: int, reason: str) -> None:
        super().__init__(f"{source} line {line}: {reason}.")
        self.source = source
        self.line = line
        self.reason = reason


class EncodingUnsure(ImportRejected):
    """A file reads as text in several encodings, differently, and nothing tells which is meant.

    ``candidates`` lists them, most likely first, as (Python's codec name, how a user calls it, what the
    file reads as at ``line`` in it): the window lets the user pick one, the command line asks for it.
    """

    def __init__(self, source: str, line: int, candidates: list[tuple[str, str, str]]) -> None:
        readings = ", ".join(f"as {name} {sample!r}" for _, name, sample in candidates)
        super().__init__(source, line, f"the encoding is unclear, this line reads {readings}")
        self.candidates = candidates


class Cancelled(AccountPlanError):
    """The user stopped a long operation before it finished; nothing was changed."""


class ImageTooLarge(AccountPlanError):
    """A picture (the org chart as PNG) too big for one image at a scale anyone could read; nothing was written."""


class OutputRefused(Refused):
    """A file was not written because its place holds the open database, one of its backups, or no regular file."""


class CannotWrite(AccountPlanError):
    """A file could not be written (no such folder, no permission, a full disk); nothing was left half-written.

    ``path`` is the file and ``reason`` what the system said, for callers that word the sentence their way.
    """

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"Cannot write {path}: {reason}.")
        self.path = path
        self.reason = reason

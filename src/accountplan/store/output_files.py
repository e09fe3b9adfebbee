"""Writing a file the user named (an export, a backup): never over the database, a backup or a device; always whole.

Every writer of a user-named file goes through :func:`write_output`. It refuses, in one sentence, a target that is
the open database or one of its companion files (``-wal``, ``-shm``, ``-journal``), an existing file in the
database's backups folder, or anything that exists and is not a regular file (``/dev/null``, a folder, a pipe,
a socket), and writes the rest through a temporary file in the target's folder, flushed to disk and renamed
over the target: an interrupted export leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from accountplan.errors import CannotWrite, OutputRefused

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["check_output", "database_of", "write_output"]

#: The files SQLite keeps beside a database: writing over any of them would damage it.
DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")
_TEMPORARY_SUFFIX = ".part"


def database_of(session: Session) -> Path | None:
    """The SQLite file ``session`` reads from (None for a server or an in-memory database)."""
    from accountplan.store.location import sqlite_path

    return sqlite_path(session.get_bind().engine.url)


def check_output(target: Path, database: Path | None) -> None:
    """Refuse ``target`` if writing it would replace ``database``, one of its backups, or something not a file."""
    try:
        found = target.stat()  # through a link: a link to /dev/null is refused like /dev/null
    except OSError:
        found = None  # nothing there yet (or an unreachable folder, which the writing itself reports)
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise OutputRefused(
            f"{target} is {_kind(found.st_mode)}, not a file; nothing was written: choose a file name."
        )
    if database is None:
        return
    for suffix in DATABASE_COMPANIONS:
        if _same_file(target, Path(f"{database}{suffix}")):
            raise OutputRefused(
                f"{target} is the open database{' (its ' + suffix[1:] + ' file)' if suffix else ''}; "
                "nothing was written: choose another file name."
            )
    from accountplan.store.backup import default_backup_dir

    if found is not None and _resolved(target.parent) == _resolved(default_backup_dir(database)):
        raise OutputRefused(
            f"{target} is one of the database's backups; nothing was written: choose another file name."
        )


def write_output(target: Path, content: bytes | Callable[[Path], object], *, database: Path | None) -> Path:
    """Write ``content`` to ``target`` whole, after :func:`check_output`; return ``target``.

    ``content`` is the bytes of the file, or a function that writes the file at the path it is given (a
    temporary file beside ``target``, which exists and is empty). The file gets the usual permissions of a
    new file (the umask applies), as if the writer had created it itself.
    """
    check_output(target, database)
    temporary: Path | None = None
    try:
        temporary, handle = _new_temporary(target)
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, bytes):
                stream.write(content)
        if not isinstance(content, bytes):
            content(temporary)
        check_output(target, database)  # once more, just before the rename, after a long build
        _flush_to_disk(temporary)
        os.replace(temporary, target)
        temporary = None
        _flush_folder(target.parent)
    except OSError as exc:
        raise CannotWrite(target, exc.strerror or str(exc)) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            for suffix in DATABASE_COMPANIONS[1:]:  # a SQLite writer that failed half-way
                with contextlib.suppress(OSError):
                    Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return target


def _new_temporary(target: Path) -> tuple[Path, int]:
    """A new, empty file beside ``target`` (hidden, ending .part), created with the mode a new file gets."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}{_TEMPORARY_SUFFIX}")
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _flush_to_disk(path: Path) -> None:
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system lets a folder be flushed (not on Windows)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _same_file(one: Path, other: Path) -> bool:
    if _resolved(one) == _resolved(other):
        return True
    try:
        return os.path.samefile(one, other)  # a hard link, or another spelling of the path
    except OSError:
        return False


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return path.absolute()


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"

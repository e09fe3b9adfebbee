"""Where the database lives: a file path or a SQLAlchemy URL, with the per-user default.

SQLAlchemy is imported only when a URL is made: the window's first frame finds its SQLite file without it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

APP_NAME = "AccountPlan"
ENV_DB = "ACCOUNTPLAN_DB"
#: How a SQLite file begins, whatever its name; and the names a plan database is given.
SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_SUFFIXES = frozenset({".sqlite", ".sqlite3", ".db"})


def data_dir() -> Path:
    """The user's data directory for Account Plan (created on demand)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "accountplan.sqlite"


def _chosen(target: str | os.PathLike[str] | None) -> str:
    """``--db`` as given, else ``ACCOUNTPLAN_DB``, else the default file."""
    if target is None or str(target) == "":
        target = os.environ.get(ENV_DB) or default_database_path()
    return str(target)


def resolve_url(target: str | os.PathLike[str] | None) -> URL:
    """Turn ``--db`` (a path or URL), else ``ACCOUNTPLAN_DB``, else the default file, into a URL."""
    from sqlalchemy.engine import URL, make_url

    text = _chosen(target)
    if "://" in text:
        return make_url(text)
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path))


def sqlite_file(target: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file ``--db`` names (as ``resolve_url`` reads it), without SQLAlchemy; None for a server.

    Only plain paths and ``sqlite:///`` URLs without options are recognised; anything else is None, which
    a caller takes as "not known before the database is opened".
    """
    text = _chosen(target)
    if "://" not in text:
        return Path(text).expanduser().resolve()
    scheme, _, rest = text.partition("://")
    if scheme not in {"sqlite", "sqlite+pysqlite"} or not rest.startswith("/") or "?" in rest:
        return None
    path = rest[1:]
    return Path(path).resolve() if path and path != ":memory:" else None


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def describe(url: URL) -> str:
    """A name for the database that is safe to show (no password)."""
    path = sqlite_path(url)
    return str(path) if path else url.render_as_string(hide_password=True)


def looks_like_database(path: Path) -> bool:
    """Whether ``path`` is a SQLite file (by its first bytes), or is named like a database if it is not there."""
    try:
        with path.open("rb") as stream:
            if stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                return True
    except OSError:
        pass  # not there (yet), or a folder: its name says what it is meant to be
    return path.suffix.lower() in DATABASE_SUFFIXES

"""Where the database lives: a file path or a SQLAlchemy URL, with the per-user default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url

APP_NAME = "AccountPlan"
ENV_DB = "ACCOUNTPLAN_DB"


def data_dir() -> Path:
    """The user's data directory for Account Plan (created on demand)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "accountplan.sqlite"


def resolve_url(target: str | os.PathLike[str] | None) -> URL:
    """Turn ``--db`` (a path or URL), else ``ACCOUNTPLAN_DB``, else the default file, into a URL."""
    if target is None or str(target) == "":
        target = os.environ.get(ENV_DB) or default_database_path()
    text = str(target)
    if "://" in text:
        return make_url(text)
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path))


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def describe(url: URL) -> str:
    """A name for the database that is safe to show (no password)."""
    path = sqlite_path(url)
    return str(path) if path else url.render_as_string(hide_password=True)

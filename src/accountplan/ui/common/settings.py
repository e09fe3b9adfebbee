"""Every preference of the window, declared once with its type and default, behind one QSettings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One preference: where it is stored, its type and its default."""

    key: str
    type: type[T]
    default: T


LAST_DATABASE = Setting("database/last", str, "")
RECENT_DATABASES = Setting("database/recent", list, [])
LAST_ACCOUNT = Setting("ui/last_account", str, "")
LAST_SECTION = Setting("ui/last_section", str, "overview")
WINDOW_GEOMETRY = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray())
DAILY_BACKUPS_KEPT = Setting("backup/daily_kept", int, 10)
#: The paper last printed on, as "A3 landscape tiles": the org chart's, and the documents' (File → Print).
PRINT_CHART_PAPER = Setting("print/org_chart", str, "A3 landscape tiles")
PRINT_DOCUMENT_PAPER = Setting("print/documents", str, "A4 portrait fit")
#: The paper the org chart was last exported on ("none": as large as needed; empty: the chart's print paper).
EXPORT_CHART_PAPER = Setting("export/org_chart", str, "")

#: Renamed keys: old name -> new name (read once, then written under the new name).
RENAMED: dict[str, str] = {}

MAX_RECENT = 8


class Settings:
    """Typed access to the declared preferences (a test passes its own QSettings file)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings("AccountPlan", "AccountPlan")
        for old, new in RENAMED.items():
            if self._store.contains(old) and not self._store.contains(new):
                self._store.setValue(new, self._store.value(old))
                self._store.remove(old)

    def get(self, setting: Setting[T]) -> T:
        if not self._store.contains(setting.key):
            return setting.default
        value: Any = self._store.value(setting.key)
        if setting.type is list:
            if value is None:
                return setting.default
            return list(value) if isinstance(value, list | tuple) else [value]  # type: ignore[return-value]
        if setting.type is QByteArray:
            return value if isinstance(value, QByteArray) else setting.default  # type: ignore[return-value]
        try:
            return setting.type(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(setting.key, value)

    def remember_database(self, name: str) -> None:
        recent = [name, *(r for r in self.get(RECENT_DATABASES) if r != name)][:MAX_RECENT]
        self.set(RECENT_DATABASES, recent)
        self.set(LAST_DATABASE, name)

    def sync(self) -> None:
        self._store.sync()


def success_plan_logo(database: str, account_id: int, side: str) -> Setting[str]:
    """The logo file chosen for one side ("customer", "ours") of one account's success plan cover.

    Kept per account: the key holds a digest of the database's name and the account's id.
    """
    digest = hashlib.sha256(f"{database}\0{account_id}".encode()).hexdigest()[:16]
    return Setting(f"success_plan_logos/{digest}/{side}", str, "")

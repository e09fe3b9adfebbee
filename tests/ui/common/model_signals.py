"""What an item model said while a test watched it: resets, rows redrawn, inserted, removed."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel


@dataclass
class Signals:
    """What a model said while a test watched it."""

    resets: int = 0
    changed_rows: set[int] = field(default_factory=set)
    inserted: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, model: QAbstractItemModel) -> Signals:
        heard = cls()
        model.modelReset.connect(lambda: setattr(heard, "resets", heard.resets + 1))
        model.dataChanged.connect(
            lambda first, last, *_: heard.changed_rows.update(range(first.row(), last.row() + 1))
        )
        model.rowsInserted.connect(lambda _parent, first, _last: heard.inserted.append(first))
        model.rowsRemoved.connect(lambda _parent, first, _last: heard.removed.append(first))
        return heard

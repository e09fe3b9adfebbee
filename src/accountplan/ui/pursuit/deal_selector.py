"""The combo box that chooses one of the account's deals; it keeps its choice when the list is read again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from accountplan.model.enums import Outcome

#: What ``deal_changed`` carries for the entry of the items not tied to any deal.
NO_DEAL = 0
_UNSET = -1


class DealLike(Protocol):
    """What the selector needs of a deal (``plan.opportunities.OpportunityRow`` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def outcome(self) -> Outcome | None: ...
    @property
    def expected_close(self) -> dt.date | None: ...


def deal_label(deal: DealLike) -> str:
    """The deal's name, with its outcome when it is closed ("Pilot (won)")."""
    if deal.outcome is None:
        return deal.name
    return f"{deal.name} ({Outcome(deal.outcome).label.lower()})"


class DealSelector(QComboBox):
    """The deals of an account, open ones first; optionally an entry for what is tied to no deal.

    Signals:
        deal_changed(int): the choice changed; the deal's id, or ``NO_DEAL`` for the entry of the items not
            tied to a deal. ``set_deals`` emits it only when the choice it leaves differs from the one before.
    """

    deal_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, none_label: str = "") -> None:
        super().__init__(parent)
        #: The text of the entry for the items tied to no deal ("" for no such entry).
        self.none_label = none_label
        self.setMinimumContentsLength(28)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._last = _UNSET
        self.currentIndexChanged.connect(lambda _index: self._announce())

    def set_deals(self, rows: Sequence[DealLike]) -> None:
        """Show these deals (open first, by expected close; then closed ones), keeping the current choice."""
        wanted = self._last
        ordered = sorted(
            rows,
            key=lambda d: (d.outcome is not None, d.expected_close or dt.date.max, d.name.casefold()),
        )
        self.blockSignals(True)
        try:
            self.clear()
            for deal in ordered:
                self.addItem(deal_label(deal), deal.id)
            if self.none_label:
                self.addItem(self.none_label, NO_DEAL)
            index = self.findData(wanted)
            self.setCurrentIndex(index if index >= 0 else (0 if self.count() else -1))
        finally:
            self.blockSignals(False)
        self._announce()

    def current_deal(self) -> int | None:
        """The chosen deal's id; None when the entry of items tied to no deal (or nothing) is chosen."""
        value = self.currentData()
        return int(value) if value not in (None, NO_DEAL) else None

    def select_deal(self, deal_id: int | None) -> bool:
        """Choose a deal (None: the entry of items tied to no deal); False if it is not in the list."""
        index = self.findData(NO_DEAL if deal_id is None else deal_id)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True

    def _announce(self) -> None:
        value = self.currentData()
        current = _UNSET if value is None else int(value)
        if current != self._last:
            self._last = current
            if current != _UNSET:
                self.deal_changed.emit(current)

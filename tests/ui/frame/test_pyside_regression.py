"""PySide6 6.12.0 on Python 3.11 aborts after a few thousand calls to Qt methods returning nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsRectItem


def test_a_hundred_thousand_void_calls_survive(qapp) -> None:  # type: ignore[no-untyped-def]
    item = QGraphicsRectItem(0, 0, 10, 10)
    for i in range(100_000):
        item.setPos(i % 500, i % 300)
    assert (item.pos().x(), item.pos().y()) == (99_999 % 500, 99_999 % 300)

"""The window's collector: reference cycles are collected from a timer on the UI thread, not automatically."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from accountplan.ui.common.garbage import GarbageCollector


class Node:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector() -> Iterator[GarbageCollector]:
    found = GarbageCollector(interval_ms=20, full_every_s=0.0)
    yield found
    found.stop()


def _cycles(count: int) -> weakref.ref[Node]:
    """Make a cycle of garbage, then ``count`` more; a reference to the first one."""
    first = weakref.ref(Node())
    for _ in range(count):
        Node()
    return first


def test_cycles_are_collected_by_the_timer_not_by_allocating(
    qtbot: QtBot, collector: GarbageCollector
) -> None:
    assert not gc.isenabled()
    gone = _cycles(5 * gc.get_threshold()[0])  # enough to trip the automatic collector several times
    assert gone() is not None  # nothing collected while allocating

    def collected() -> bool:
        _cycles(2 * gc.get_threshold()[0])  # the window goes on making objects (and freeing others)
        return gone() is None

    qtbot.waitUntil(collected, timeout=3_000)


def test_stopping_gives_the_automatic_collector_back(collector: GarbageCollector) -> None:
    collector.stop()
    assert gc.isenabled() and not collector.timer.isActive()
    gone = _cycles(5 * gc.get_threshold()[0])
    assert gone() is None  # collected as allocations tripped the automatic collector

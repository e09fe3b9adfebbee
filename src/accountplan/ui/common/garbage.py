"""Python's cycle collector run by the window between events, not whenever an allocation trips it.

At 20,000 people the window holds a few million Python objects (the org chart's cards and graphs, the
tables' rows). An automatic full collection sweeps them all: a quarter to half a second, in the middle of
whatever allocated the object that tripped it (opening a page, an edit). Run from a timer on the UI thread
instead, a collection comes between two events, and never on a worker thread (the findings, an export),
where collecting a Qt object's wrapper is not safe. Memory freed by reference counting, nearly all of it,
is freed at once as before; only reference cycles wait for the next tick.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

#: How often the collector looks at what was allocated since (milliseconds).
INTERVAL_MS = 1_000
#: The least time between two full collections (seconds): each sweeps every object the window holds.
FULL_EVERY_S = 60.0


class GarbageCollector(QObject):
    """Turns the automatic cycle collector off and collects from a timer, each generation when due.

    The young generations are due as the automatic collector would find them (their count past their
    threshold); the oldest, whose collection sweeps everything, at most every :data:`FULL_EVERY_S` seconds.
    :meth:`stop` turns the automatic collector back on.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int = INTERVAL_MS,
        full_every_s: float = FULL_EVERY_S,
    ) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.full_every_s = full_every_s
        self.last_full = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        gc.disable()
        self.timer.start()

    def collect_due(self) -> None:
        """Collect the generations whose count passed their threshold (a younger one first)."""
        young, middle, old = gc.get_count()
        if young <= self.thresholds[0]:
            return
        gc.collect(0)
        if middle <= self.thresholds[1]:
            return
        gc.collect(1)
        if old > self.thresholds[2] and time.monotonic() - self.last_full >= self.full_every_s:
            gc.collect(2)
            self.last_full = time.monotonic()

    def stop(self) -> None:
        """Stop collecting from the timer; the automatic collector takes over again."""
        self.timer.stop()
        gc.enable()

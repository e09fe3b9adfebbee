"""Progress and cancel for a bulk job (an import): told after each chunk of rows, asked before the next one.

``progress(done, total)`` receives the rows written so far and all there are to write; ``cancelled()`` True
stops the job with :class:`~accountplan.errors.Cancelled`, and the caller's transaction rolls back, so a
cancelled import has changed nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from accountplan.errors import Cancelled

#: ``progress(done, total)``: rows written so far, of all to write.
Progress = Callable[[int, int], None]
#: ``cancelled()``: whether the user asked to stop.
Cancel = Callable[[], bool]
#: Rows written between two progress reports (and two checks for a cancel).
CHUNK = 500


class Work:
    """The rows of a bulk job: it reports progress and raises Cancelled between chunks."""

    def __init__(self, total: int, progress: Progress | None = None, cancelled: Cancel | None = None) -> None:
        self.total, self.done = total, 0
        self.progress, self.cancelled = progress, cancelled

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("The import was cancelled; nothing was changed.")

    def advance(self, rows: int) -> None:
        """``rows`` more written: report them."""
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.total)

    def step(self) -> None:
        """One more row written, row by row: every :data:`CHUNK` rows, report them and check for a cancel."""
        self.done += 1
        if self.done % CHUNK == 0:
            if self.progress is not None:
                self.progress(self.done, self.total)
            self.check()

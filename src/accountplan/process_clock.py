"""How long this process has been running: what ``--smoke-test`` prints and the start-up benchmark compares.

On Linux the kernel records when the process started (``/proc/self/stat``, field 22, in clock ticks since
boot), so the figure includes the interpreter's own start-up and every import, as a user waits for them; it
is read against ``CLOCK_BOOTTIME``, the same clock, to a resolution of one tick (10 ms at the usual 100 Hz).
Elsewhere the figure starts when this module was first imported, which the command line does first thing:
only the interpreter's own start-up is then left out.
"""

from __future__ import annotations

import os
import sys
import time

_IMPORTED = time.monotonic()


def seconds_since_start() -> float:
    """Seconds since this process started (see the module's docstring for how it is measured)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/stat", encoding="ascii") as stat:
                # The fields after the command name (which may hold spaces): the start time is field 22.
                fields = stat.read().rpartition(")")[2].split()
            started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
            return time.clock_gettime(time.CLOCK_BOOTTIME) - started
        except (OSError, ValueError, IndexError):
            pass
    return time.monotonic() - _IMPORTED

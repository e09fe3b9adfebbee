"""The window on the demo account (``accountplan --smoke-test``) against a bare PySide6 window.

Two figures of ours: the first frame (the window with its menus, the account names and the sections, painted
before SQLAlchemy and the pages are imported: ``ui.first_frame``), which is what the goal is set on, and the
window ready on the Overview with its figures and charts. Both processes report the seconds from the
process's start (as the kernel recorded it) to their paint, measured the same way (``accountplan.process_clock``, an event filter on the first Paint
event). Bytecode is compiled once beforehand into a private cache, as an installed package has it, whatever
PYTHONDONTWRITEBYTECODE says; the runs alternate so that a busy machine slows both alike.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.report import Row, within

GOAL = 2.0  # × the bare window
RUNS, QUICK_RUNS = 7, 1

BARE_WINDOW = """
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from accountplan.process_clock import seconds_since_start


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, loop.quit)
        return False


app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Account Plan"))
window.resize(1280, 800)
loop = QEventLoop()
watcher = FirstPaint()
window.centralWidget().installEventFilter(watcher)
window.show()
loop.exec()
print(f"{seconds_since_start():.3f}")
"""
#: The bare window prints its seconds; the smoke test its window's, then its first frame's.
SECONDS = re.compile(r"^(\d+\.\d+)$|(\d+\.\d+) s after the process started; its first frame (\d+\.\d+) s\.$")


def _seconds(argv: list[str], env: dict[str, str]) -> list[float]:
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300, check=False)
    matched = SECONDS.search(done.stdout.strip())
    found = [float(figure) for figure in matched.groups() if figure] if matched else []
    if done.returncode != 0 or not found:
        raise RuntimeError(f"{' '.join(argv[:3])} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return found


def run(quick: bool = False) -> list[Row]:
    from accountplan.interchange.demo import load_demo
    from accountplan.store.database import Database

    runs = QUICK_RUNS if quick else RUNS
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.sqlite"
        with Database.open(database, user="bench") as opened:
            load_demo(opened)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPYCACHEPREFIX": str(Path(folder) / "bytecode"),
            "HOME": folder,
            "XDG_CONFIG_HOME": str(Path(folder) / "config"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours = [sys.executable, "-m", "accountplan", "--db", str(database), "--smoke-test"]
        bare = [sys.executable, "-c", BARE_WINDOW]
        for argv in (ours, bare):  # warm-up: bytecode written, files in the page cache
            _seconds(argv, env)
        pairs = [(_seconds(ours, env), _seconds(bare, env)[0]) for _ in range(runs)]
    window = statistics.median(ours[0] for ours, _ in pairs)
    first_frame = statistics.median(ours[1] for ours, _ in pairs)
    anchor = statistics.median(bare for _, bare in pairs)
    median = f"median of {runs} runs each, from the process's start"
    return [
        within(
            "first painted window, demo account",
            first_frame,
            anchor,
            GOAL,
            "a bare PySide6 window",
            note=f"the first frame (accounts, sections; no SQLAlchemy yet); {median}",
        ),
        Row(
            "window ready on the Overview, demo account",
            window,
            anchor,
            note=f"its figures and charts painted (`accountplan --smoke-test`); {median}",
        ),
    ]

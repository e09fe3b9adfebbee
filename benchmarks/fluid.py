"""Is the window fluid at scale? What the user waits for in the real window on issue #15's account.

On :func:`benchmarks.accounts.large_account` (60 co-sellers, 5,000 coverage links, 5,000 actions, a year of
change log) at 2,000 and 20,000 people, each in a process of its own (so that its memory is the window's and
every page's first show imports what it needs, as at a user's):

- opening each page for the first time, in the navigation's order: shown and painted (the window opens on
  the Overview, so that row includes building the window);
- the window's resident memory once every page has been opened;
- dragging a card onto a new manager on the org chart, dropped (``move_under``) → the chart repainted, and
  undoing it (the window's undo stack) → repainted;
- a stance edited in the Stakeholders table (the table's model's ``setData``, as the editor's commit does)
  → the window painted.

Every page stays built once opened, as in a user's session, so an edit also pays for the hidden pages it
makes redraw; the drag and its undo are also measured just after the org chart's first show (three pages
built: the chart's own share). The page goals are judged at both sizes, the drag, undo and memory goals at
20,000 people, the drag's growth as 20,000 ÷ 2,000; a quick run (500 and 1,000 people, 500 coverage links and
actions) judges nothing. A measurement is repeated (best of 3) where it is cheap: one that takes more than
:data:`SLOW_S` is taken once. Between measurements the window settles (timers fire, background work ends).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.accounts import LARGE_LINKS, large_account
from benchmarks.report import Row, within

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = (2_000, 20_000)
QUICK_SIZES, QUICK_LINKS = (500, 1_000), 500
WINDOW = (1400, 900)
DRAG_GOAL_S, DRAG_GROWTH_LIMIT, UNDO_GOAL_S, STANCE_GOAL_S = 0.100, 2.0, 0.100, 0.050
PAGE_GOAL_S = 0.500
PAGE_GOALS_S = {"org-chart": 2.5, "coverage": 1.0}
MEMORY_GOAL_MB = 600.0
REPEATS = 3
#: A measurement slower than this is not repeated (it would only make the run long).
SLOW_S = 10.0
#: The longest wait for the timers a page or an edit started (the success plan's preview waits 350 ms).
SETTLE_S = 5.0
CHILD_TIMEOUT_S = 3_600


def run(quick: bool = False) -> list[Row]:
    from accountplan.store.database import Database

    sizes = QUICK_SIZES if quick else SIZES
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for people in sizes:
            path = Path(folder) / f"fluid-{people}.sqlite"
            start = time.perf_counter()
            database = Database.open(path, user="bench")
            large_account(database, people, links=QUICK_LINKS if quick else LARGE_LINKS)
            database.close()
            _say(f"{people:,} people: account generated in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            results[people] = _in_child(path, Path(folder))
            _say(f"{people:,} people: window measured in {time.perf_counter() - start:.1f} s")
    return _rows(results, sizes, judged=not quick)


def _say(text: str) -> None:
    print(f"  fluid: {text}", file=sys.stderr, flush=True)


def _in_child(path: Path, folder: Path) -> dict[str, Any]:
    """Measure the window on the database at ``path`` in a process of its own; what it measured."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.fluid", str(path), str(folder)],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- the rows --------------------------------------------------------------------------------------------


def _rows(results: dict[int, dict[str, Any]], sizes: tuple[int, ...], *, judged: bool) -> list[Row]:
    largest, smallest = sizes[-1], sizes[0]

    def goal_row(name: str, measured: float, goal: float | None, note: str = "", unit: str = "s") -> Row:
        shown = "" if goal is None else f"≤ {goal:g} MB" if unit == "MB" else f"≤ {_duration(goal)}"
        return Row(
            name,
            measured,
            goal=shown if judged else "",
            met=measured <= goal if judged and goal is not None else None,
            note=note,
            unit=unit,
        )

    rows: list[Row] = []
    pages = results[largest]["pages"]
    for index, (key, title, _seconds) in enumerate(pages):
        for people in sizes:
            page_key, _title, seconds = results[people]["pages"][index]
            assert page_key == key
            first = "the window opens on it, built with it" if index == 0 else "first show"
            rows.append(
                goal_row(
                    f"open {title}, {people:,} people",
                    seconds,
                    PAGE_GOALS_S.get(key, PAGE_GOAL_S),
                    note=f"{first}: shown and painted",
                )
            )
    for people in sizes:
        memory = results[people]["memory"]
        rows.append(
            goal_row(
                f"window memory after every page, {people:,} people",
                memory["rss_mb"],
                MEMORY_GOAL_MB if people == largest else None,
                note=f"resident (VmRSS); peak {memory['peak_mb']:,.0f} MB",
                unit="MB",
            )
        )
    for key, words, goal, every_size in (
        ("drag", "drag a card onto a new manager, drop → repainted", DRAG_GOAL_S, False),
        ("undo", "undo that drag → repainted", UNDO_GOAL_S, False),
        ("stance", "stance edit in Stakeholders → painted", STANCE_GOAL_S, True),
    ):
        for people in sizes:
            times = results[people][key]
            rows.append(
                goal_row(
                    f"{words}, {people:,} people",
                    min(times),
                    goal if every_size or people == largest else None,
                    note=f"best of {len(times)}; {results[people]['pages_built']} pages built",
                )
            )
    for people in sizes:
        for key, words in (("drag_alone", "drag"), ("undo_alone", "undo")):
            times = results[people][key]
            rows.append(
                Row(
                    f"{words} with the org chart alone, {people:,} people",
                    min(times),
                    note=f"best of {len(times)}; {results[people]['alone_built']} pages built (the chart's share)",
                )
            )
    small, large = min(results[smallest]["drag"]), min(results[largest]["drag"])
    rows.append(
        within(
            f"drag at {largest:,} ÷ drag at {smallest:,} people",
            large,
            small,
            DRAG_GROWTH_LIMIT,
            f"the {smallest:,}-person drag",
            judged=judged,
            note=f"{largest // smallest}× the people",
        )
    )
    return rows


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:g} ms" if seconds < 1 else f"{seconds:g} s"


# --- the child: one window, measured --------------------------------------------------------------------


def _settle(window: Any) -> None:
    """Let the window finish what an edit or a page started: posted events, the single-shot timers it
    started (a debounced preview), the background work they started (at most :data:`SETTLE_S` of timers)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from accountplan.ui.common.background import wait_for_background_tasks

    deadline = time.perf_counter() + SETTLE_S
    while True:
        QApplication.processEvents()
        waiting = any(t.isActive() and t.isSingleShot() for t in window.findChildren(QTimer))
        if waiting and time.perf_counter() < deadline:
            time.sleep(0.005)
            continue
        wait_for_background_tasks()
        QApplication.processEvents()
        if not waiting:
            return


def _painted(widget: Any) -> None:
    """Process what is pending (posted events, zero-time timers), then paint ``widget`` as the screen would."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QApplication.processEvents()  # what the first round posted (a deferred layout, a zero-time timer)
    widget.grab()


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _memory() -> dict[str, float]:
    """The process's resident memory now and at its peak, in MB (Linux /proc; else the peak only)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux, bytes on macOS
        return {"rss_mb": peak, "peak_mb": peak}
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {
        "rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
        "peak_mb": int(fields["VmHWM"].split()[0]) / 1024,
    }


def _drag_pair(page: Any) -> tuple[int, int]:
    """A person with a manager and another manager to drop them on (not one of their own reports): both on
    screen where the chart shows such two, the person with as few reports below them as can be."""
    people = page.people
    below: dict[int | None, list[int]] = {}
    for p in people.values():
        below.setdefault(p.manager_id, []).append(p.id)
    shown = page.view.mapToScene(page.view.viewport().rect()).boundingRect()

    def on_screen(person_id: int) -> bool:
        card = page.scene.cards.get(person_id)
        return card is not None and shown.intersects(card.sceneBoundingRect())

    def team(person_id: int) -> set[int]:
        """The person and everyone below them."""
        found, todo = {person_id}, [person_id]
        while todo:
            for report in below.get(todo.pop(), []):
                found.add(report)
                todo.append(report)
        return found

    visible = [pid for pid in sorted(people) if on_screen(pid)]
    movable = [pid for pid in visible if people[pid].manager_id is not None]
    if not movable:
        movable = sorted(pid for pid, p in people.items() if p.manager_id is not None and pid not in below)
    person = min(movable, key=lambda pid: len(team(pid)))
    banned = team(person) | {people[person].manager_id}
    managers = [pid for pid in visible if pid in below and pid not in banned]
    managers = managers or sorted(pid for pid in below if pid is not None and pid not in banned)
    manager = managers[0]
    if not (on_screen(person) and on_screen(manager)):
        _child_say("the dragged card or the new manager's is off screen")
    return person, manager


def _repeated(window: Any, *works: Callable[[], object]) -> list[list[float]]:
    """The times of each of ``works`` run in turn, :data:`REPEATS` rounds, or one round if one is slow;
    ``window`` settles after each."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(REPEATS):
        for index, work in enumerate(works):
            times[index].append(_timed(work))
            _settle(window)
        if max(t[-1] for t in times) > SLOW_S:
            break
    return times


def _drag_and_undo(window: Any) -> tuple[list[float], list[float]]:
    """The times of dragging a card onto a new manager on the org chart, and of undoing it, repeated."""
    chart = window.show_page("org-chart")
    _painted(window)
    _settle(window)
    person, manager = _drag_pair(chart)
    viewport = chart.view.viewport()

    def drag() -> None:
        if not chart.move_under(person, manager):
            raise RuntimeError(f"the move was refused: {window.context.failures[-1:]}")
        _painted(viewport)

    def undo() -> None:
        window.context.stack.undo()
        _painted(viewport)

    drags, undos = _repeated(window, drag, undo)
    return drags, undos


def _measure(path: Path, folder: Path) -> dict[str, Any]:
    from PySide6.QtCore import QSettings, Qt

    from accountplan.store.database import Database
    from accountplan.ui.common import settings as S
    from accountplan.ui.frame.app import application
    from accountplan.ui.frame.main_window import MainWindow
    from accountplan.ui.frame.sections import SECTIONS
    from accountplan.ui.people.models import ID_ROLE

    application()
    database = Database.open(path, user="bench")
    ini = folder / f"{path.stem}.ini"  # a new user's: the window opens on the first page
    settings = S.Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    result: dict[str, Any] = {"pages": []}
    window: Any = None

    def open_window() -> None:
        nonlocal window
        window = MainWindow(database, settings)
        window.resize(*WINDOW)
        window.show()
        _painted(window)

    opened = _timed(open_window)
    first = window.current_page()
    result["pages"].append((first.key, first.title, opened))
    _settle(window)
    for section in SECTIONS:
        if section.key == first.key:
            continue

        def show(key: str = section.key) -> None:
            window.show_page(key)
            _painted(window)

        seconds = _timed(show)
        result["pages"].append((section.key, section.title, seconds))
        _child_say(f"opened {section.title} in {seconds:.2f} s")
        _settle(window)
        if section.key == "org-chart":  # the chart's own share of a drag: few other pages to redraw yet
            result["alone_built"] = len(window.stack.built())
            result["drag_alone"], result["undo_alone"] = _drag_and_undo(window)
            _child_say(f"drag {min(result['drag_alone']):.3f} s with {result['alone_built']} pages built")
    result["memory"] = _memory()
    result["pages_built"] = len(window.stack.built())

    result["drag"], result["undo"] = _drag_and_undo(window)
    _child_say(f"drag {min(result['drag']):.3f} s, undo {min(result['undo']):.3f} s")

    people = window.show_page("stakeholders")
    _painted(window)
    _settle(window)
    table = people.table.model()  # what the table's editor commits to (the sorting proxy)
    column = next(
        c
        for c in range(table.columnCount())
        if table.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Stance"
    )
    person_id = table.index(0, 0).data(ID_ROLE)  # the first row on screen
    start_stance = table.index(0, column).data(Qt.ItemDataRole.EditRole)
    other_stance = "skeptic" if start_stance != "skeptic" else "supporter"
    stances = iter([other_stance, start_stance] * REPEATS)

    def edit_stance() -> None:
        row = next(r for r in range(table.rowCount()) if table.index(r, 0).data(ID_ROLE) == person_id)
        index = table.index(row, column)
        value = next(stances)
        start = time.perf_counter()
        if not table.setData(index, value, Qt.ItemDataRole.EditRole):
            raise RuntimeError(f"the stance edit was refused: {window.context.failures[-1:]}")
        _painted(window)
        timings.append(time.perf_counter() - start)

    timings: list[float] = []
    _repeated(window, edit_stance)  # timed inside: finding the row on screen is not the user's wait
    result["stance"] = timings
    _child_say(f"stance edit {min(timings):.3f} s")
    window.close()
    database.close()
    return result


def _child_say(text: str) -> None:
    print(f"    window: {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    measured = _measure(Path(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps(measured))

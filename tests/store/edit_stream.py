"""The child process of the kill test: a stream of edits to a plan database, each acknowledged once committed.

    python edit_stream.py plan|window DATABASE ACCOUNT_ID FIRST

For n = FIRST, FIRST + 1, ...: add "Person n", then give them the title "Title n", each edit in a transaction
of its own, through ``accountplan.plan`` ("plan") or the window's undoable commands ("window"). After each
commit it prints "ack add n" or "ack title n" and flushes, so the parent knows what was acknowledged.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from itertools import count
from pathlib import Path

from accountplan.store.database import Database

#: How a mode edits: add "Person n" (returning their id), give them "Title n", and what to do in between.
Editor = tuple[Callable[[int], int], Callable[[int, int], None], Callable[[], object]]


def through_plan(database: Database, account_id: int) -> Editor:
    from accountplan.plan import stakeholders

    def add(n: int) -> int:
        with database.transaction() as session:
            return stakeholders.add_stakeholder(session, account_id, f"Person {n}")

    def give_title(person: int, n: int) -> None:
        with database.transaction() as session:
            stakeholders.update_stakeholder(session, person, title=f"Title {n}")

    return add, give_title, lambda: None


def through_window(database: Database, account_id: int) -> Editor:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from accountplan.ui.common import settings as S
    from accountplan.ui.common.commands import AddStakeholder, UpdateStakeholder
    from accountplan.ui.frame.main_window import MainWindow

    app = QApplication([])
    assert database.path is not None
    ini = QSettings(str(database.path.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(database, S.Settings(ini))
    context = window.context

    def add(n: int) -> int:
        command = AddStakeholder(context, account_id, f"Person {n}")
        if not context.execute(command) or command.change.row_id is None:
            raise SystemExit(f"the window refused to add Person {n}: {context.failures}")
        return command.change.row_id

    def give_title(person: int, n: int) -> None:
        command = UpdateStakeholder(context, account_id, person, f"Person {n}", title=f"Title {n}")
        if not context.execute(command):
            raise SystemExit(f"the window refused the title of Person {n}: {context.failures}")

    return add, give_title, app.processEvents


def main(mode: str, path: str, account_id: str, first: str) -> None:
    database = Database.open(Path(path), user="kill-test")
    editor = {"plan": through_plan, "window": through_window}[mode]
    add, give_title, between = editor(database, int(account_id))
    for n in count(int(first)):  # until the parent kills the process
        person = add(n)
        print(f"ack add {n}", flush=True)
        give_title(person, n)
        print(f"ack title {n}", flush=True)
        between()


if __name__ == "__main__":
    main(*sys.argv[1:])

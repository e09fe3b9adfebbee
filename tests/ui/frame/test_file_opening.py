"""Files given to the window: dropped on it or named on the command line (`accountplan FILE`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from accountplan.cli import main
from accountplan.interchange.planfile import export_account, write_plan
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database
from accountplan.ui.contacts.contact_wizard import ContactImportWizard
from accountplan.ui.frame.main_window import MainWindow


def database_with(path: Path, account: str, people: tuple[str, ...] = ()) -> Path:
    with Database.open(path, user="tester") as database, database.transaction() as session:
        account_id = create_account(session, account)
        for name in people:
            add_stakeholder(session, account_id, name)
    return path


def plan_file(tmp_path: Path, account: str) -> Path:
    source = database_with(tmp_path / "colleague.sqlite", account, ("Aiko Tanaka", "Ben Okafor"))
    with Database.open(source, user="tester") as database, database.session() as session:
        document = export_account(session, session.scalar(_account_id(account)))
    target = tmp_path / f"{account}.json"
    write_plan(document, target)
    return target


def _account_id(name: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from accountplan.model import Account

    return select(Account.id).where(Account.name == name)


def mime_of(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def drag_over(window: MainWindow, mime: QMimeData) -> bool:
    """Drag ``mime`` over the window; whether it takes it."""
    enter = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    return enter.isAccepted()


def drop_on(window: MainWindow, path: Path) -> None:
    mime = mime_of(QUrl.fromLocalFile(str(path)))
    assert drag_over(window, mime)
    drop = QDropEvent(
        QPointF(window.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def account_names(window: MainWindow) -> list[str]:
    model = window.accounts
    return [model.account_at(row).name for row in range(model.rowCount())]  # type: ignore[union-attr]


def test_dropping_a_database_opens_it_in_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = database_with(tmp_path / "other plan.sqlite", "Dropped Holdings")
    drop_on(window, other)
    qtbot.waitUntil(lambda: window.database.path == other.resolve())
    assert account_names(window) == ["Dropped Holdings"]


def test_dropping_a_plan_file_offers_to_import_the_account_it_holds(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer(_parent, title, text, *_buttons):  # type: ignore[no-untyped-def]
        asked.append(f"{title}: {text}")
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    plan = plan_file(tmp_path, "Nordhaven Logistics")
    drop_on(window, plan)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert asked[0] == (
        f"Import a plan file: {plan.name} holds the account 'Nordhaven Logistics' (2 people). "
        f"Import it into {window.database.name}?"
    )
    assert account_names(window) == []  # declined: nothing imported
    drop_on(window, plan)
    qtbot.waitUntil(lambda: account_names(window) == ["Nordhaven Logistics"])


def test_dropping_contacts_starts_the_import_wizard_on_that_file(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    contacts = tmp_path / "people.csv"
    contacts.write_text("Name,Title,Email\nAiko Tanaka,CIO,aiko@example.com\n", encoding="utf-8")
    drop_on(window, contacts)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ContactImportWizard) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    wizard = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ContactImportWizard) and w.isVisible()
    )
    assert wizard.file_page.path_edit.text() == str(contacts)
    wizard.reject()


def test_other_files_and_links_are_not_taken(window: MainWindow, tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert not drag_over(window, mime_of(QUrl.fromLocalFile(str(picture))))
    assert not drag_over(window, mime_of(QUrl("https://example.com/plan.json")))
    assert not drag_over(window, mime_of(QUrl.fromLocalFile(str(tmp_path / "gone.sqlite"))))  # not there
    text = QMimeData()
    text.setText("Aiko Tanaka")
    assert not drag_over(window, text)


# --- accountplan FILE ------------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, Path | None]]:
    """What the command line asked the window to open (the window itself is not started)."""
    calls: list[tuple[str | None, Path | None]] = []

    def run_window(target: str | None, open_file: Path | None = None) -> int:
        calls.append((target, open_file))
        return 0

    monkeypatch.setattr("accountplan.ui.frame.app.run_window", run_window)
    return calls


def test_accountplan_file_opens_a_database_or_offers_a_plan_file(
    tmp_path: Path, opened: list[tuple[str | None, Path | None]]
) -> None:
    database = database_with(tmp_path / "plan.sqlite", "Acme")
    renamed = tmp_path / "plan.backup"
    renamed.write_bytes(database.read_bytes())  # a SQLite file by its content, whatever its name
    plan = plan_file(tmp_path, "Nordhaven Logistics")
    assert main([str(database)]) == 0
    assert main([str(renamed)]) == 0
    assert main([str(plan)]) == 0
    assert main(["--db", str(database), str(plan)]) == 0
    assert opened == [
        (str(database), None),
        (str(renamed), None),
        (None, plan),
        (str(database), plan),
    ]


def test_accountplan_with_two_databases_or_a_misspelt_command_is_a_usage_error(
    tmp_path: Path, opened: list[tuple[str | None, Path | None]], capsys: pytest.CaptureFixture[str]
) -> None:
    database = database_with(tmp_path / "plan.sqlite", "Acme")
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(tmp_path / "other.sqlite"), str(database)])
    assert exited.value.code == 2 and "is a database, and --db names another" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["acounts"])
    assert exited.value.code == 2 and "invalid choice: 'acounts'" in capsys.readouterr().err
    assert opened == []


def test_accountplan_file_sqlite_paints_that_database_in_the_window(tmp_path: Path) -> None:
    database = database_with(tmp_path / "shared plan.sqlite", "Shirokane Holdings")
    done = subprocess.run(
        [sys.executable, "-m", "accountplan", str(database), "--smoke-test"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Painted 'Shirokane Holdings — Account Plan'")

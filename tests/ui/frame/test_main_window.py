from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import func, select

from accountplan.interchange.planfile import export_account, write_plan
from accountplan.model import Account, ChangeLogEntry, Stakeholder
from accountplan.model.enums import AccountStatus, Stance
from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.ui.account.account_page import AccountPage
from accountplan.ui.account.overview_page import OverviewPage
from accountplan.ui.account.portfolio_page import PortfolioPage
from accountplan.ui.common import settings as S
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.stakeholders_page import StakeholdersPage


def _account(db: Database, name: str = "Hoshino Logistics") -> int:
    with db.transaction() as session:
        account_id = accounts.create_account(session, name, currency="EUR")
        boss = stakeholders.add_stakeholder(session, account_id, "田中 愛子", title="CEO", influence=5)
        stakeholders.add_stakeholder(session, account_id, "Zoë Lefèvre", title="CFO", reports_to_id=boss)
        stakeholders.add_stakeholder(session, account_id, "Дмитрий Соколов", title="CIO", reports_to_id=boss)
    return account_id


def _page(window: MainWindow, kind: type) -> object:
    return window.page(kind.key)


def test_empty_database_shows_the_welcome_page(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert not window.export_action.isEnabled()
    assert window.windowTitle() == "Account Plan"


def test_new_account_is_listed_selected_and_undoable(window: MainWindow, db: Database) -> None:
    assert window.new_account("Acme Rail")
    assert window.accounts.rowCount() == 1
    assert window.windowTitle().startswith("Acme Rail")
    assert window.export_action.isEnabled()
    window.undo_action.trigger()
    with db.session() as session:
        assert session.scalar(select(func.count(Account.id))) == 0
    assert window.stack.currentWidget() is window.welcome
    window.redo_action.trigger()
    assert window.accounts.rowCount() == 1


def test_duplicate_account_name_is_refused_with_a_message(window: MainWindow) -> None:
    assert window.new_account("Acme Rail")
    assert not window.new_account("Acme Rail")
    assert "already exists" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 1


def test_overview_shows_key_figures_of_the_selected_account(
    qtbot, db: Database, settings: S.Settings
) -> None:
    _account(db)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    overview = _page(window, OverviewPage)
    assert window.stack.currentWidget() is overview
    assert overview.heading.text() == "Hoshino Logistics"
    assert overview.people.value.text() == "3"
    assert overview.figures is not None and overview.figures.active_stakeholders == 3


def test_editing_an_account_field_saves_at_once_and_undo_restores_it(
    qtbot, window: MainWindow, db: Database
) -> None:
    account_id = _account(db)
    window.events.accounts_changed.emit()
    window.show_page("account")
    page = _page(window, AccountPage)
    assert window.stack.currentWidget() is page
    page.industry.setFocus()
    page.industry.selectAll()
    qtbot.keyClicks(page.industry, "Logistics")
    qtbot.keyClick(page.industry, Qt.Key.Key_Return)
    with db.session() as session:
        assert session.get(Account, account_id).industry == "Logistics"
    page.status.setCurrentIndex(page.status.findData(AccountStatus.NURTURE_QUARTERLY.value))
    page.status.activated.emit(page.status.currentIndex())
    with db.session() as session:
        assert session.get(Account, account_id).status is AccountStatus.NURTURE_QUARTERLY
        fields = {
            e.field for e in session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.kind == "updated"))
        }
    assert {"industry", "status"} <= fields
    window.undo_action.trigger()
    window.undo_action.trigger()
    with db.session() as session:
        account = session.get(Account, account_id)
        assert (account.industry, account.status) == ("", AccountStatus.WORKING)
    assert page.industry.text() == ""


def test_stakeholder_table_edits_in_place_with_undo(window: MainWindow, db: Database) -> None:
    _account(db)
    window.events.accounts_changed.emit()
    window.show_page("stakeholders")
    page = _page(window, StakeholdersPage)
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Zoë Lefèvre")
    assert model.setData(model.index(row, 5), "skeptic")
    assert model.setData(model.index(row, 6), 5)
    with db.session() as session:
        zoe = session.scalar(select(Stakeholder).where(Stakeholder.name == "Zoë Lefèvre"))
        assert (zoe.stance, zoe.influence) == (Stance.SKEPTIC, 5)
    assert model.index(row, 5).data() == "Skeptic"
    assert not model.setData(model.index(row, 6), 9)  # refused: influence is 1-5
    assert "between 1 and 5" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    window.undo_action.trigger()
    with db.session() as session:
        zoe = session.scalar(select(Stakeholder).where(Stakeholder.name == "Zoë Lefèvre"))
        assert (zoe.stance, zoe.influence) == (Stance.NEUTRAL, 3)


def test_a_column_width_the_user_set_survives_an_edit(window: MainWindow, db: Database) -> None:
    _account(db)
    window.events.accounts_changed.emit()
    window.show_page("stakeholders")
    page = _page(window, StakeholdersPage)
    page.table.horizontalHeader().resizeSection(1, 333)  # the user drags the Title column wider
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Zoë Lefèvre")
    assert model.setData(model.index(row, 1), "Chief Financial Officer and Head of Group Strategy")
    assert model.index(row, 1).data() == "Chief Financial Officer and Head of Group Strategy"  # redrawn
    assert page.table.horizontalHeader().sectionSize(1) == 333


def test_filter_add_and_delete_stakeholders(window: MainWindow, db: Database) -> None:
    _account(db)
    window.events.accounts_changed.emit()
    window.show_page("stakeholders")
    page = _page(window, StakeholdersPage)
    page.filter.setText("соколов")
    assert page.proxy.rowCount() == 1
    page.filter.clear()
    assert page.add_person("Søren Ødegård")
    assert page.model.rowCount() == 4
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == "Søren Ødegård")
    page.table.selectRow(row)
    assert page.delete_selected()
    assert page.model.rowCount() == 3
    window.undo_action.trigger()  # the deleted person comes back
    assert page.model.rowCount() == 4
    with db.session() as session:
        assert session.scalar(select(func.count()).where(Stakeholder.name == "Søren Ødegård")) == 1


def test_deleting_a_manager_is_refused_and_says_why(window: MainWindow, db: Database, monkeypatch) -> None:
    _account(db)
    window.events.accounts_changed.emit()
    window.show_page("stakeholders")
    page = _page(window, StakeholdersPage)
    shown: list[str] = []
    monkeypatch.setattr(
        "accountplan.ui.people.stakeholders_page.QMessageBox.information",
        lambda _parent, _title, text: shown.append(text),
    )
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == "田中 愛子")
    page.table.selectRow(row)
    assert not page.delete_selected()
    assert "2 direct report(s)" in shown[0]
    assert page.model.rowCount() == 3


def test_delete_account_and_undo_bring_everything_back(window: MainWindow, db: Database) -> None:
    account_id = _account(db)
    with db.session() as session:
        before = export_account(session, account_id)
    window.events.accounts_changed.emit()
    assert window.delete_account(confirm=False)
    assert window.accounts.rowCount() == 0
    window.undo_action.trigger()
    assert window.accounts.rowCount() == 1
    with db.session() as session:
        after = export_account(session, session.scalar(select(Account.id)))
    assert after == before


def test_import_and_export_plan_file_from_the_window(
    window: MainWindow, db: Database, tmp_path: Path
) -> None:
    account_id = _account(db)
    window.events.accounts_changed.emit()
    out = tmp_path / "hoshino.json"
    assert window.export_plan_file(out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert {s["name"] for s in document["stakeholders"]} == {"田中 愛子", "Zoë Lefèvre", "Дмитрий Соколов"}
    assert window.import_plan_file(out, rename="Hoshino copy")
    assert window.windowTitle().startswith("Hoshino copy")
    assert window.accounts.rowCount() == 2
    del account_id


def test_import_of_a_bad_file_reports_the_path_and_changes_nothing(
    window: MainWindow, db: Database, tmp_path: Path, monkeypatch
) -> None:
    account_id = _account(db)
    with db.session() as session:
        document = export_account(session, account_id)
    document["account"]["name"] = "Other"
    document["stakeholders"][1]["influence"] = 7
    bad = tmp_path / "bad.json"
    write_plan(document, bad)
    warnings: list[str] = []
    monkeypatch.setattr(
        "accountplan.ui.frame.main_window.QMessageBox.warning", lambda _p, _t, text: warnings.append(text)
    )
    assert not window.import_plan_file(bad)
    assert "$.stakeholders[1].influence" in warnings[0]
    with db.session() as session:
        assert session.scalar(select(func.count(Account.id))) == 1


def test_backup_and_restore_from_the_window(window: MainWindow, db: Database, tmp_path: Path) -> None:
    _account(db)
    window.events.accounts_changed.emit()
    copy = tmp_path / "copy.sqlite"
    assert window.backup_database(copy)
    assert window.new_account("Added after the backup")
    assert window.accounts.rowCount() == 2
    assert window.restore_backup(copy, confirm=False)
    assert window.accounts.rowCount() == 1
    assert window.undo_stack.count() == 0
    assert window.check_integrity() == []


def test_demo_account_from_the_welcome_page(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.accounts.rowCount() == 1
    overview = _page(window, OverviewPage)
    assert window.stack.currentWidget() is overview
    assert overview.figures is not None and overview.figures.active_stakeholders >= 140
    assert not window.load_demo_account()  # a second load adds nothing
    assert window.accounts.rowCount() == 1


def test_keyboard_shortcuts_switch_sections(qtbot, window: MainWindow, db: Database) -> None:
    _account(db)
    window.events.accounts_changed.emit()
    qtbot.keySequence(window, QKeySequence("Ctrl+4"))
    assert window.stack.currentWidget() is _page(window, StakeholdersPage)
    qtbot.keySequence(window, QKeySequence("Ctrl+1"))
    assert window.stack.currentWidget() is _page(window, OverviewPage)
    names = dict(window.shortcut_list())
    assert names["Undo"] and names["Stakeholders"]


def test_window_remembers_database_account_and_section(qtbot, db: Database, tmp_path: Path) -> None:
    _account(db, "First")
    _account(db, "Second")
    ini = str(tmp_path / "remember.ini")
    first = MainWindow(db, S.Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(first)
    first.select_account("Second")
    first.show_page("stakeholders")
    first.close()
    again = MainWindow(db, S.Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(again)
    assert again.windowTitle().startswith("Second")
    # Two accounts: the window opens on the portfolio (tests/ui/account/test_portfolio_page.py); one
    # account opens on the page left last.
    assert again.stack.currentWidget() is _page(again, PortfolioPage)
    again.delete_account(confirm=False)
    again.show_page("stakeholders")
    again.close()
    alone = MainWindow(db, S.Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(alone)
    assert alone.stack.currentWidget() is _page(alone, StakeholdersPage)
    assert again.settings.get(S.RECENT_DATABASES)[0] == db.name


def test_item_models_pass_the_model_tester(qtmodeltester, window: MainWindow, db: Database) -> None:
    _account(db)
    window.events.accounts_changed.emit()
    qtmodeltester.check(window.accounts)
    qtmodeltester.check(_page(window, StakeholdersPage).model)
    window.show_page("changes")
    from accountplan.ui.frame.change_log_page import ChangeLogPage

    changes = _page(window, ChangeLogPage)
    assert changes.model.rowCount() >= 4  # the account and three people were created
    qtmodeltester.check(changes.model)

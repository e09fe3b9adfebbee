from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from sqlalchemy import select

from accountplan.model import Action, RedFlag
from accountplan.model.enums import CoSellerRole, MeddpiccLetter, Severity, Stance
from accountplan.plan import accounts, opportunities, qualification, stakeholders, team
from accountplan.store.database import Database
from accountplan.ui.common.theme import SEVERITY_COLOURS
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.qualification_page import QualificationPage


def _plan(db: Database) -> dict[str, int]:
    """An account with one deal, a skeptic, a co-seller on the team and one red flag."""
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        deal = opportunities.add_opportunity(session, account, "Signalling upgrade")
        skeptic = stakeholders.add_stakeholder(session, account, "Dmitri Sokolov", stance=Stance.DETRACTOR)
        seller = team.add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE)
        team.join_team(session, account, seller)
        qualification.set_meddpicc(
            session, deal, MeddpiccLetter.METRICS, score=4, evidence="Cost per km −12 %"
        )
        qualification.set_meddpicc(session, deal, MeddpiccLetter.ECONOMIC_BUYER, score=3)
        flag = qualification.add_red_flag(
            session,
            account,
            "IT wants to build it in-house",
            opportunity_id=deal,
            source_id=skeptic,
            severity=Severity.HIGH,
        )
    return {"account": account, "deal": deal, "skeptic": skeptic, "seller": seller, "flag": flag}


def _page(window: MainWindow) -> QualificationPage:
    window.events.accounts_changed.emit()
    window.select_account("Acme Rail")
    page = window.show_page("qualification")
    assert isinstance(page, QualificationPage)
    return page


def _weak_lines(page: QualificationPage) -> list[str]:
    return [page.weak_list.item(row).text() for row in range(page.weak_list.count())]


def test_the_scorecard_shows_completeness_and_the_weak_letters_by_severity(
    qtmodeltester, window: MainWindow, db: Database
) -> None:
    _plan(db)
    page = _page(window)
    assert page.scores.rowCount() == 8
    assert page.scores.index(0, 0).data() == "M  Metrics"
    assert page.scores.index(0, 1).data() == "4 / 5"
    assert page.completeness.text() == "18 % complete"  # (4 + 3) of 40
    assert page.completeness_bar.value() == 18
    lines = _weak_lines(page)
    assert len(lines) == 7  # everything but Metrics
    assert not any(line.startswith(("HIGH · M ", "LOW · M ")) for line in lines)
    low = next(row for row in range(page.weak_list.count()) if "scored 3 with no evidence" in lines[row])
    assert lines[low].startswith("LOW · E (Economic buyer)")
    high = next(row for row, line in enumerate(lines) if "D (Decision criteria)" in line)
    assert page.weak_list.item(high).foreground().color().name() == SEVERITY_COLOURS["high"]
    assert "never reach a customer document" in page.findChild(type(page.summary), "internalBanner").text()
    qtmodeltester.check(page.scores)
    qtmodeltester.check(page.flags)
    qtmodeltester.check(page.proxy)


def test_a_score_chosen_in_the_table_is_saved_and_ctrl_z_restores_it(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _plan(db)
    page = _page(window)
    index = page.scores.index(1, 1)  # E: economic buyer, scored 3
    page.score_table.setCurrentIndex(index)
    page.score_table.edit(index)
    editor = page.score_table.viewport().findChild(QComboBox)
    assert editor is not None
    editor.setCurrentIndex(editor.findData(5))
    editor.activated.emit(editor.currentIndex())
    with db.session() as session:
        card = qualification.scorecard(session, ids["deal"])
    assert card.letters[1].score == 5
    assert page.scores.index(1, 1).data() == "5 / 5"
    assert page.completeness.text() == f"{card.completeness} % complete" == "22 % complete"
    assert any("E (Economic buyer) is scored 5 with no evidence" in line for line in _weak_lines(page))
    qtbot.keySequence(window, QKeySequence("Ctrl+Z"))
    with db.session() as session:
        assert qualification.scorecard(session, ids["deal"]).letters[1].score == 3
    assert page.scores.index(1, 1).data() == "3 / 5"
    assert page.completeness.text() == "18 % complete"
    assert page.scores.setData(page.scores.index(1, 2), "Met the CFO twice")
    with db.session() as session:
        assert qualification.scorecard(session, ids["deal"]).letters[1].evidence == "Met the CFO twice"
    assert not any("E (Economic buyer)" in line for line in _weak_lines(page))


def test_a_counter_action_is_created_for_the_red_flag_with_an_owner_and_a_due_date(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _plan(db)
    page = _page(window)
    assert page.proxy.index(0, 2).data() == "Dmitri Sokolov (Detractor / Enemy)"
    assert page.proxy.index(0, 5).data() == "none yet"
    page.flag_table.selectRow(0)
    dialog = page.add_counter_action()
    assert dialog is not None
    assert dialog.kind.currentData() == "red_flag_id" and dialog.item.currentData() == ids["flag"]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(dialog.title, "Architecture workshop with Sokolov-san")
    assert not ok.isEnabled()  # a counter-action needs an owner
    dialog.owner.setCurrentIndex(dialog.owner.findData(ids["seller"]))
    assert ok.isEnabled()
    due = dt.date.today() + dt.timedelta(days=14)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    with db.session() as session:
        action = session.scalar(select(Action).where(Action.red_flag_id == ids["flag"]))
        assert action is not None
        assert action.title == "Architecture workshop with Sokolov-san"
        assert (action.owner_id, action.due) == (ids["seller"], due)
        assert (action.opportunity_id, action.stakeholder_id) == (ids["deal"], ids["skeptic"])
    assert page.proxy.index(0, 5).data() == "1 open / 1"
    window.undo_action.trigger()
    with db.session() as session:
        assert session.scalar(select(Action).where(Action.red_flag_id == ids["flag"])) is None
    assert page.proxy.index(0, 5).data() == "none yet"


def test_red_flags_are_added_edited_in_place_and_deleted_with_undo(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _plan(db)
    page = _page(window)
    dialog = page.add_flag()
    assert dialog is not None and dialog.deal.currentData() == ids["deal"]  # the deal on screen
    qtbot.keyClicks(dialog.title, "Procurement wants three bids")
    dialog.severity.setCurrentIndex(dialog.severity.findData(Severity.CRITICAL.value))
    dialog.accept()
    assert page.flags.rowCount() == 2
    assert page.proxy.index(0, 0).data() == "Procurement wants three bids"  # critical comes first
    assert page.selected_flag() is not None and page.selected_flag().title == "Procurement wants three bids"
    assert page.proxy.setData(page.proxy.index(0, 4), "countered")
    with db.session() as session:
        added = session.scalar(select(RedFlag).where(RedFlag.title == "Procurement wants three bids"))
        assert added is not None and added.status.value == "countered"
    assert page.summary.text().startswith("  1 open red flag")
    page.select_flag(ids["flag"])
    assert page.delete_flag()
    assert page.flags.rowCount() == 1
    window.undo_action.trigger()
    assert page.flags.rowCount() == 2
    with db.session() as session:
        assert session.get(RedFlag, ids["flag"]) is not None

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from accountplan.model import Action, Meeting, MeetingAttendee, MeetingDecision
from accountplan.model.enums import CoSellerRole, MeetingStatus
from accountplan.plan import accounts, meetings, team
from accountplan.plan.meetings import add_months
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.team.actions_page import ActionsPage
from accountplan.ui.team.meetings_page import MeetingsPage


def _meetings_page(window: MainWindow) -> MeetingsPage:
    page = window.show_page("meetings")
    assert isinstance(page, MeetingsPage)
    return page


def _small_account(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        ae = team.add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE)
        sc = team.add_co_seller(session, "Keiko Nishimura", CoSellerRole.SOLUTION_CONSULTANT)
        team.join_team(session, account, ae)
        team.join_team(session, account, sc)
        held = meetings.create_next_meeting(session, account, on=dt.date.today() - dt.timedelta(days=30))
        meetings.hold_meeting(
            session, held, "1. Kick-off", "Went well.", dt.date.today() - dt.timedelta(days=30)
        )
    return {"account": account, "ae": ae, "sc": sc, "held": held}


def test_the_demo_planned_meeting_lists_what_changed_since_the_last_one(
    qtmodeltester, window: MainWindow
) -> None:
    window.load_demo_account()
    page = _meetings_page(window)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 6
    panel = page.panel
    assert (
        panel.meeting is not None and panel.meeting.status is MeetingStatus.PLANNED
    )  # opens on the next one
    assert page.history.currentIndex().data() == panel.meeting.held_on.isoformat()
    agenda = panel.agenda.toPlainText()
    assert agenda.startswith("What changed since")
    assert "Departed stakeholders" in agenda and "Henrik Solberg" in agenda
    assert panel.agenda.isReadOnly() and panel.hold_button.isEnabled()
    page.select_row(1)  # the last held meeting shows the agenda it kept
    assert panel.meeting.status is MeetingStatus.HELD
    assert panel.agenda.toPlainText() == panel.meeting.agenda
    assert not panel.hold_button.isEnabled()
    assert "Move to negotiation" in panel.decisions.toPlainText()


def test_a_decision_becomes_an_action_with_owner_and_due_date(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _small_account(db)
    window.events.accounts_changed.emit()
    page = _meetings_page(window)
    panel = page.panel
    qtbot.keyClicks(panel.decision_text, "Sole-source justification with Zoe as sponsor")
    panel.decision_owner.setCurrentIndex(panel.decision_owner.findData(ids["sc"]))
    due = dt.date.today() + dt.timedelta(days=10)
    panel.decision_due.setDate(panel.decision_due.date().currentDate().addDays(10))
    qtbot.mouseClick(panel.add_decision_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        decision = session.scalar(select(MeetingDecision))
        assert decision is not None and decision.meeting_id == ids["held"]
        action = session.scalar(select(Action).where(Action.decision_id == decision.id))
        assert action is not None and (action.title, action.owner_id, action.due) == (
            "Sole-source justification with Zoe as sponsor",
            ids["sc"],
            due,
        )
    assert panel.decision_text.text() == ""
    assert "Keiko Nishimura" in panel.decisions.toPlainText()
    actions_page = window.page("actions")
    assert isinstance(actions_page, ActionsPage)
    assert actions_page.model.rowCount() == 1
    assert actions_page.proxy.index(0, 4).data().startswith("Decision:")
    window.undo_action.trigger()
    with db.session() as session:
        assert session.scalar(select(func.count(MeetingDecision.id))) == 0
        assert session.scalar(select(func.count(Action.id))) == 0


def test_new_meeting_two_months_after_the_last_then_attendees_notes_and_hold(
    qtbot, window: MainWindow, db: Database
) -> None:
    _small_account(db)
    window.events.accounts_changed.emit()
    page = _meetings_page(window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    panel = page.panel
    assert panel.meeting is not None and panel.meeting.status is MeetingStatus.PLANNED
    last = dt.date.today() - dt.timedelta(days=30)
    expected = add_months(last, 2)
    assert expected <= panel.meeting.held_on <= expected + dt.timedelta(days=2)  # a weekend moves to Monday
    assert page.model.rowCount() == 2
    meeting_id = panel.meeting.id
    assert panel.attendees.count() == 2
    panel.attendees.item(0).setCheckState(Qt.CheckState.Checked)
    with db.session() as session:
        assert session.scalar(select(func.count()).where(MeetingAttendee.meeting_id == meeting_id)) == 1
    assert panel.invite_everyone()
    assert panel.attendees_heading.text() == "Attendees (2 of 2)"
    panel.notes.setPlainText("Zoë will sponsor.")
    assert panel.save_notes()
    assert panel.copy_agenda_to_notes()
    with db.session() as session:
        notes = session.get(Meeting, meeting_id).notes
    assert notes.startswith("Zoë will sponsor.") and "changed since" in notes
    qtbot.mouseClick(panel.hold_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        held = session.get(Meeting, meeting_id)
        assert held.status is MeetingStatus.HELD and held.held_on <= dt.date.today()
        assert held.agenda == panel.agenda_text and held.agenda.strip()
    assert not panel.hold_button.isEnabled()
    window.undo_action.trigger()  # planned again
    with db.session() as session:
        assert session.get(Meeting, meeting_id).status is MeetingStatus.PLANNED
    for _ in range(4):  # notes twice, attendees twice
        window.undo_action.trigger()
    with db.session() as session:
        assert session.get(Meeting, meeting_id).notes == ""
        assert session.scalar(select(func.count()).where(MeetingAttendee.meeting_id == meeting_id)) == 0
    window.undo_action.trigger()  # the new meeting goes
    with db.session() as session:
        assert session.get(Meeting, meeting_id) is None
    assert page.model.rowCount() == 1


def test_title_and_date_are_saved_when_the_field_is_left(qtbot, window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    window.events.accounts_changed.emit()
    page = _meetings_page(window)
    panel = page.panel
    panel.title.selectAll()
    qtbot.keyClicks(panel.title, "Kick-off with the partners")
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)
    with db.session() as session:
        assert session.get(Meeting, ids["held"]).title == "Kick-off with the partners"
    assert page.model.index(0, 1).data() == "Kick-off with the partners"
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(Meeting, ids["held"]).title == "Alignment meeting"

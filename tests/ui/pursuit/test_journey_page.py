from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import delete, select

from accountplan.model import Milestone, Opportunity, OrgUnit, ProductLine, WhitespaceCell
from accountplan.model.enums import JourneyPhase, MilestoneStatus, WhitespaceStatus
from accountplan.plan import accounts, journey, opportunities, whitespace
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.journey_page import JourneyPage
from accountplan.ui.pursuit.whitespace_model import INDENT, STATUS_ROLE, VALUE_ROLE


def _plan(db: Database) -> dict[str, int]:
    """An account (fiscal year from January) with two milestones, an open deal and a small whitespace map."""
    today = dt.date.today()
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail", fiscal_year_start_month=1)
        deal = opportunities.add_opportunity(
            session, account, "Signalling upgrade", expected_close=today + dt.timedelta(days=200)
        )
        pilot = journey.add_milestone(
            session, account, "Pilot live", today + dt.timedelta(days=40), phase=JourneyPhase.LAND
        )
        late = journey.add_milestone(
            session, account, "Steering committee", today - dt.timedelta(days=3), phase=JourneyPhase.PROVE
        )
        journey.add_milestone(session, account, "Group-wide rollout", today + dt.timedelta(days=2000))
        group = OrgUnit(account_id=account, name="Acme Group")
        session.add(group)
        session.flush()
        logistics = OrgUnit(account_id=account, name="Logistics", parent_id=group.id)
        tower = ProductLine(account_id=account, name="Control Tower", position=0)
        analytics = ProductLine(account_id=account, name="Analytics", position=1)
        session.add_all([logistics, tower, analytics])
        session.flush()
        whitespace.set_cell(
            session, account, logistics.id, tower.id, status=WhitespaceStatus.OURS, potential_value=100
        )
        whitespace.set_cell(
            session,
            account,
            logistics.id,
            analytics.id,
            status=WhitespaceStatus.COMPETITOR,
            potential_value=40,
        )
    return {
        "account": account,
        "deal": deal,
        "pilot": pilot,
        "late": late,
        "group": group.id,
        "logistics": logistics.id,
        "tower": tower.id,
        "analytics": analytics.id,
    }


def _page(window: MainWindow) -> JourneyPage:
    window.events.accounts_changed.emit()
    window.select_account("Acme Rail")
    page = window.show_page("journey")
    assert isinstance(page, JourneyPage)
    return page


def _target(db: Database, milestone_id: int) -> dt.date:
    with db.session() as session:
        found = session.get(Milestone, milestone_id)
        assert found is not None
        return found.target_date


def _close(db: Database, deal_id: int) -> dt.date | None:
    with db.session() as session:
        deal = session.get(Opportunity, deal_id)
        assert deal is not None
        return deal.expected_close


def test_the_timeline_shows_quarters_lanes_today_and_what_is_outside(
    window: MainWindow, db: Database
) -> None:
    ids = _plan(db)
    page = _page(window)
    assert page.journey is not None
    assert [q.fiscal_year for q in page.journey.quarters[::4]] == [
        f"FY{dt.date.today().year + n}" for n in range(3)
    ]
    texts = {item.text() for item in page.scene.items() if hasattr(item, "text") and callable(item.text)}
    assert {"Q1", "Q4", f"FY{dt.date.today().year}", f"Today {dt.date.today().isoformat()}"} <= texts
    assert [lane for lane, _top, _bottom in page.scene.lanes] == [*JourneyPhase, None]
    late = page.scene.items_by_key[("milestone", ids["late"])]
    assert late.late and late.text == "Steering committee (late)"
    assert ("deal", ids["deal"]) in page.scene.items_by_key
    assert page.note.text() == "1 milestone or deal falls outside these twelve quarters and is not drawn."
    assert "1 late" in page.summary.text()


def test_dragging_a_milestone_with_the_mouse_reschedules_it_and_undo_restores_it(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _plan(db)
    page = _page(window)
    before = _target(db, ids["pilot"])
    item = page.scene.items_by_key[("milestone", ids["pilot"])]
    timeline = page.scene.timeline
    assert timeline is not None
    start = page.view.mapFromScene(item.pos())
    end = start + QPoint(int(timeline.column), 0)  # about one quarter later
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(10, 0))
    qtbot.mouseMove(viewport, end)
    expected = timeline.day_at(page.view.mapToScene(end).x())
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: _target(db, ids["pilot"]) != before)
    after = _target(db, ids["pilot"])
    assert abs((after - expected).days) <= 1
    assert 80 <= (after - before).days <= 100
    moved = page.scene.items_by_key[("milestone", ids["pilot"])]
    assert moved.day == after
    window.undo_action.trigger()
    assert _target(db, ids["pilot"]) == before
    assert page.scene.items_by_key[("milestone", ids["pilot"])].day == before


def test_dropping_an_open_deal_moves_its_expected_close_and_a_refused_drop_puts_the_item_back(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _plan(db)
    page = _page(window)
    timeline = page.scene.timeline
    assert timeline is not None
    deal = page.scene.items_by_key[("deal", ids["deal"])]
    wanted = deal.day + dt.timedelta(days=30)
    deal.setPos(timeline.x_of(wanted), deal.pos().y() + 50)  # dragging moves sideways only
    assert deal.pos().y() == deal.home.y()
    page.scene.dropped(deal)
    qtbot.waitUntil(lambda: _close(db, ids["deal"]) == wanted)
    window.undo_action.trigger()
    assert _close(db, ids["deal"]) == wanted - dt.timedelta(days=30)
    pilot = page.scene.items_by_key[("milestone", ids["pilot"])]
    with db.transaction() as session:  # someone else deletes it meanwhile
        session.execute(delete(Milestone).where(Milestone.id == ids["pilot"]))
    home = pilot.pos()
    pilot.setPos(home.x() + 60, home.y())
    assert not page.reschedule("milestone", ids["pilot"], pilot.day + dt.timedelta(days=20))
    assert pilot.pos() == home
    assert "no milestone" in window.statusBar().currentMessage()


def test_milestones_are_added_edited_and_deleted_from_the_timeline(window: MainWindow, db: Database) -> None:
    ids = _plan(db)
    page = _page(window)
    day = dt.date.today() + dt.timedelta(days=90)
    dialog = page.add_milestone(JourneyPhase.EXPAND, day)
    assert dialog is not None and dialog.phase.currentData() == "expand"
    dialog.title.setText("Second region live")
    dialog.accept()
    with db.session() as session:
        added = session.scalar(select(Milestone).where(Milestone.title == "Second region live"))
        assert added is not None and (added.phase, added.target_date) == (JourneyPhase.EXPAND, day)
        added_id = added.id
    page.scene.items_by_key[("milestone", ids["late"])].setSelected(True)
    assert page.edit_button.isEnabled()
    edit = page.edit_selected()
    assert edit is not None and edit.title.text() == "Steering committee"
    edit.status.setCurrentIndex(edit.status.findData(MilestoneStatus.REACHED.value))
    edit.accept()
    with db.session() as session:
        reached = session.get(Milestone, ids["late"])
        assert reached is not None and reached.status is MilestoneStatus.REACHED
        assert reached.reached_on == dt.date.today()
    assert not page.scene.items_by_key[("milestone", ids["late"])].late
    page.scene.clearSelection()
    page.scene.items_by_key[("milestone", added_id)].setSelected(True)
    assert page.delete_selected()
    assert ("milestone", added_id) not in page.scene.items_by_key
    window.undo_action.trigger()
    assert ("milestone", added_id) in page.scene.items_by_key


def test_a_whitespace_cell_edit_updates_the_totals_and_undo_forgets_the_new_cell(
    qtmodeltester, window: MainWindow, db: Database
) -> None:
    ids = _plan(db)
    page = _page(window)
    page.tabs.setCurrentIndex(1)
    model = page.whitespace
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (
        3,
        3,
    )  # two units and the totals; two lines and the totals
    assert model.headerData(1, Qt.Orientation.Vertical) == INDENT + "Logistics"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Whitespace\nto win"
    assert model.index(1, 0).data(STATUS_ROLE) == "ours" and model.index(1, 0).data() == "100"
    assert model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f4c7c3"
    assert model.index(1, 2).data(VALUE_ROLE) == Decimal(40)  # ours is not whitespace; the competitor's is
    assert model.index(2, 2).data(VALUE_ROLE) == Decimal(40)
    dialog = page.edit_cell(model.index(0, 0))
    assert dialog is not None
    dialog.status.setCurrentIndex(dialog.status.findData(WhitespaceStatus.OPEN_OPPORTUNITY.value))
    dialog.deal.setCurrentIndex(dialog.deal.findData(ids["deal"]))
    dialog.value.setText("250,000")
    dialog.accept()
    assert model.index(0, 0).data() == "250.0k"
    assert "Opportunity: Signalling upgrade" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 2).data(VALUE_ROLE) == Decimal(250000)  # the group's row
    assert model.index(2, 0).data(VALUE_ROLE) == Decimal(250000)  # the control tower's column
    assert model.index(2, 2).data(VALUE_ROLE) == Decimal(250040)
    assert "USD 250.0k" in page.whitespace_summary.text()
    qtmodeltester.check(model)
    window.undo_action.trigger()
    with db.session() as session:
        assert (
            session.scalar(select(WhitespaceCell).where(WhitespaceCell.org_unit_id == ids["group"])) is None
        )
    assert model.index(0, 0).data(STATUS_ROLE) == "unknown"
    assert model.index(2, 2).data(VALUE_ROLE) == Decimal(40)

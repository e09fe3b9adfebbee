from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from accountplan.model import InfluenceLink, Stakeholder
from accountplan.model.enums import Stance
from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage
from accountplan.ui.orgchart.org_chart_scene import SMALL_FONT
from accountplan.ui.orgchart.org_chart_view import readable_scale

Shown = Callable[[OrgChartPage], list[tuple[str, list[int]]]]


def _small_account(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        ceo = stakeholders.add_stakeholder(session, account, "Aiko Tanaka", title="CEO", influence=5)
        cfo = stakeholders.add_stakeholder(session, account, "Zoë Lefèvre", title="CFO", reports_to_id=ceo)
        cio = stakeholders.add_stakeholder(
            session, account, "Дмитрий Соколов", title="CIO", reports_to_id=ceo
        )
        analyst = stakeholders.add_stakeholder(
            session, account, "Ben Ode", title="Analyst", reports_to_id=cfo
        )
    return {"account": account, "ceo": ceo, "cfo": cfo, "cio": cio, "analyst": analyst}


def _chart(window: MainWindow) -> OrgChartPage:
    window.events.accounts_changed.emit()
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    return page


def _manager_of(db: Database, person_id: int) -> int | None:
    with db.session() as session:
        return session.get(Stakeholder, person_id).reports_to_id


def _drag(qtbot, page: OrgChartPage, source: int, target: int) -> None:  # type: ignore[no-untyped-def]
    view = page.view
    start = view.mapFromScene(page.scene.cards[source].sceneBoundingRect().center())
    end = view.mapFromScene(page.scene.cards[target].sceneBoundingRect().center())
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 11):
        point = start + (end - start) * step / 10
        QTest.mouseMove(viewport, QPoint(int(point.x()), int(point.y())))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_the_chart_shows_everyone_with_reporting_lines(window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    page = _chart(window)
    assert set(page.scene.cards) == {ids["ceo"], ids["cfo"], ids["cio"], ids["analyst"]}
    cards = page.scene.cards
    assert cards[ids["cfo"]].y() > cards[ids["ceo"]].y()  # reports sit below their manager
    assert page.layout_result is not None and (ids["ceo"], ids["cfo"]) in page.layout_result.edges


def test_selecting_a_card_edits_the_person_in_the_side_panel(window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    page = _chart(window)
    page.scene.cards[ids["cfo"]].setSelected(True)
    assert page.panel.heading.text() == "Zoë Lefèvre"
    page.panel.lines["title"].setText("Group CFO")
    page.panel.lines["title"].editingFinished.emit()
    page.panel.stance.setCurrentIndex(page.panel.stance.findData(Stance.SKEPTIC.value))
    page.panel.stance.activated.emit(page.panel.stance.currentIndex())
    with db.session() as session:
        zoe = session.get(Stakeholder, ids["cfo"])
        assert (zoe.title, zoe.stance) == ("Group CFO", Stance.SKEPTIC)
    assert page.scene.cards[ids["cfo"]].person.stance is Stance.SKEPTIC  # the chart redrew itself
    window.undo_action.trigger()
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(Stakeholder, ids["cfo"]).title == "CFO"


def test_dragging_a_card_onto_another_changes_the_manager_and_undo_moves_it_back(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _small_account(db)
    page = _chart(window)
    _drag(qtbot, page, ids["analyst"], ids["cio"])
    assert _manager_of(db, ids["analyst"]) == ids["cio"]
    assert (ids["cio"], ids["analyst"]) in page.layout_result.edges
    window.undo_action.trigger()
    assert _manager_of(db, ids["analyst"]) == ids["cfo"]
    window.redo_action.trigger()
    assert _manager_of(db, ids["analyst"]) == ids["cio"]


def test_a_drag_that_would_make_a_loop_is_refused_naming_the_loop(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _small_account(db)
    page = _chart(window)
    before = {pid: card.pos() for pid, card in page.scene.cards.items()}
    _drag(qtbot, page, ids["ceo"], ids["analyst"])
    assert _manager_of(db, ids["ceo"]) is None
    message = window.statusBar().currentMessage()
    assert (
        "loop" in message and "Aiko Tanaka" in message and "Ben Ode" in message and "Zoë Lefèvre" in message
    )
    assert {pid: card.pos() for pid, card in page.scene.cards.items()} == before  # nothing moved
    assert window.undo_stack.count() == 0


def test_find_centres_on_a_person_and_selects_them(qtbot, window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    page = _chart(window)
    page.find_box.setFocus()
    qtbot.keyClicks(page.find_box, "ben")
    qtbot.keyClick(page.find_box, Qt.Key.Key_Return)
    assert page.selected_id() == ids["analyst"]
    page.find_box.setText("соколов")  # QTest types ASCII only
    qtbot.keyClick(page.find_box, Qt.Key.Key_Return)
    assert page.selected_id() == ids["cio"]
    assert page.panel.heading.text() == "Дмитрий Соколов"
    assert not page.find_person("Nobody Here")
    assert "Nobody called" in window.statusBar().currentMessage()


def test_collapse_hides_a_team_and_find_reveals_it(window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    page = _chart(window)
    page.toggle_collapsed(ids["cfo"])
    assert ids["analyst"] not in page.scene.cards
    assert page.scene.cards[ids["cfo"]].hidden == 1
    assert page.find_person("Ben Ode")
    assert ids["analyst"] in page.scene.cards


def test_highlight_by_stance_dims_everyone_else(window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    with db.transaction() as session:
        stakeholders.update_stakeholder(session, ids["cio"], stance=Stance.DETRACTOR)
    page = _chart(window)
    page.highlight_kind.setCurrentText("Stance")
    page.highlight_value.setCurrentText(Stance.DETRACTOR.label)
    assert page.highlighted_ids() == {ids["cio"]}
    assert page.scene.cards[ids["cio"]].highlighted
    assert page.scene.cards[ids["ceo"]].dimmed
    page.highlight_kind.setCurrentText("Nothing")
    assert not page.scene.cards[ids["ceo"]].dimmed


def test_drawing_an_influence_link_between_two_cards(qtbot, window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    page = _chart(window)
    page.view.start_link(ids["analyst"])
    target = page.view.mapFromScene(page.scene.cards[ids["cio"]].sceneBoundingRect().center())
    QTest.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    with db.session() as session:
        link = session.scalars(select(InfluenceLink)).one()
    assert (link.source_id, link.target_id) == (ids["analyst"], ids["cio"])
    assert len(page.scene.influence_items) == 1
    page.influence_box.setChecked(False)
    assert not page.scene.arrow_layer.isVisible()
    window.undo_action.trigger()
    with db.session() as session:
        assert session.scalar(select(func.count(InfluenceLink.id))) == 0


def test_add_a_direct_report_mark_departed_and_delete_with_undo(window: MainWindow, db: Database) -> None:
    ids = _small_account(db)
    page = _chart(window)
    assert page.add_person(ids["cio"], "Olga Kim")
    with db.session() as session:
        olga = session.scalar(select(Stakeholder).where(Stakeholder.name == "Olga Kim"))
        assert olga.reports_to_id == ids["cio"]
    assert page.set_departed(ids["cfo"], True)
    assert page.scene.cards[ids["cfo"]].person.departed
    assert page.delete_person(ids["cfo"], confirm=False)
    assert _manager_of(db, ids["analyst"]) == ids["ceo"]  # the team moved up
    window.undo_action.trigger()
    assert _manager_of(db, ids["analyst"]) == ids["cfo"]
    assert ids["cfo"] in page.scene.cards


def test_the_demo_chart_with_its_findings(window: MainWindow, findings_shown: Shown) -> None:
    window.load_demo_account()
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    assert len(page.scene.cards) >= 150
    shown = findings_shown(page)
    assert any("黒田 浩" in text for text, _ in shown)
    first_with_people = next(row for row, (_, people) in enumerate(shown) if people)
    page.findings_list.setCurrentIndex(page.findings_list.model().index(first_with_people, 0))
    dimmed = [card for card in page.scene.cards.values() if card.dimmed]
    assert dimmed and len(dimmed) < len(page.scene.cards)


def test_export_the_chart_from_the_window_in_the_background(
    qtbot, window: MainWindow, db: Database, tmp_path
) -> None:
    ids = _small_account(db)
    page = _chart(window)
    page.toggle_collapsed(ids["cfo"])
    target = tmp_path / "chart.svg"
    task = page.export_chart(target)
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=30_000):
        pass
    svg = target.read_text(encoding="utf-8")
    assert "Дмитрий Соколов" in svg and "Zoë Lefèvre" in svg
    assert "Ben Ode" not in svg  # the chart is exported as shown: Zoë's team is collapsed
    assert "Exported the org chart" in window.statusBar().currentMessage()


def test_a_failed_export_says_why(qtbot, window: MainWindow, db: Database, tmp_path) -> None:
    _small_account(db)
    page = _chart(window)
    task = page.export_chart(tmp_path / "chart.docx")
    assert task is not None
    with qtbot.waitSignal(task.failed, timeout=30_000) as blocker:
        pass
    assert ".svg" in blocker.args[0]
    assert ".svg" in window.statusBar().currentMessage()


def test_far_out_a_big_chart_is_one_picture_and_close_up_it_is_cards(
    window: MainWindow, db: Database
) -> None:
    from sqlalchemy import insert

    with db.transaction() as session:
        account = accounts.create_account(session, "Big")
        boss = stakeholders.add_stakeholder(session, account, "Chief")
        session.execute(
            insert(Stakeholder),
            [{"account_id": account, "name": f"Person {i}", "reports_to_id": boss} for i in range(600)],
        )
    page = _chart(window)
    page.view.zoom(0.05 / page.view.scale_factor())
    assert page.scene.overview is not None and page.scene.overview.isVisible()
    assert not any(card.isVisible() for card in page.scene.cards.values())
    assert not any(lines.isVisible() for lines in page.scene.team_lines.values())
    assert page.scene.overview.sceneBoundingRect().width() > 600 * 100  # the picture covers the whole chart
    page.view.zoom(1.0 / page.view.scale_factor())
    assert all(card.isVisible() for card in page.scene.cards.values())
    assert not page.scene.overview.isVisible()


def test_compact_mode_stacks_a_team_of_individual_contributors_on_a_rail(
    window: MainWindow, db: Database
) -> None:
    ids = _small_account(db)
    with db.transaction() as session:
        stakeholders.add_stakeholder(session, ids["account"], "Second Analyst", reports_to_id=ids["cfo"])
    page = _chart(window)
    page.compact_box.setChecked(True)
    places = page.layout_result.placements
    team = [pid for parent, pid in page.layout_result.edges if parent == ids["cfo"]]
    assert len(team) == 2 and places[team[0]].x == places[team[1]].x  # one column
    rail = page.scene.team_lines[ids["cfo"]].path().boundingRect()
    assert rail.left() < places[team[0]].x  # the connector runs beside the column, not through it


def _on_screen(page: OrgChartPage, person_id: int) -> bool:
    card = page.view.mapFromScene(page.scene.cards[person_id].sceneBoundingRect()).boundingRect()
    return page.view.viewport().rect().contains(card)


def test_a_big_chart_opens_readable_on_its_top_and_ctrl_0_fits_it(qtbot: QtBot, window: MainWindow) -> None:
    window.load_demo_account()
    window.section_list.setFocus()  # the user clicked "Org chart" in the navigation
    with qtbot.waitSignal(window.events.status) as shown:
        page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    assert "Ctrl+0" in shown.args[0]
    assert QFontInfo(SMALL_FONT).pixelSize() * page.view.scale_factor() >= 9  # a card's title, on screen
    layout = page.layout_result
    assert layout is not None
    reports = Counter(parent for parent, _ in layout.edges)
    top = max((pid for pid, place in layout.placements.items() if place.depth == 0), key=reports.__getitem__)
    assert _on_screen(page, top)
    QTest.keyClick(window.section_list, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert page.view.scale_factor() < readable_scale()
    view = page.view  # the whole chart, once the scrollbars it no longer needs are gone
    qtbot.waitUntil(
        lambda: view.mapToScene(view.viewport().rect()).boundingRect().contains(page.scene.chart_rect)
    )


def test_the_selected_person_stays_in_view_at_a_readable_size(window: MainWindow) -> None:
    window.load_demo_account()
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    layout = page.layout_result
    assert layout is not None
    deepest = max(layout.placements, key=lambda pid: layout.placements[pid].depth)
    page.view.fit()
    page.scene.cards[deepest].setSelected(True)
    page.show_top()
    assert page.view.scale_factor() >= readable_scale()
    assert _on_screen(page, deepest)


def test_the_person_panel_shows_every_field_whole(window: MainWindow) -> None:
    window.load_demo_account()
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    page.scene.cards[max(page.scene.cards)].setSelected(True)
    page.side.setCurrentWidget(page.panel)
    body = page.panel.widget()
    assert not page.panel.horizontalScrollBar().isVisible()
    assert body.width() >= body.minimumSizeHint().width()

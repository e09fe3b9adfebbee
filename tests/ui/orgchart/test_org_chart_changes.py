"""The org chart follows each change: the cards it concerns are drawn again or move, the others stay put."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF
from sqlalchemy import update

from accountplan.analysis.chart_rows import read_chart_rows
from accountplan.analysis.layout import tidy_tree
from accountplan.model import Stakeholder
from accountplan.model.enums import BuyingRole, Stance
from accountplan.plan import accounts, stakeholders
from accountplan.store.database import Database
from accountplan.store.touched import EVERYTHING
from accountplan.ui.common.commands import SetRoles, UpdateStakeholder
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.orgchart.org_chart_page import OrgChartPage, chart_people
from accountplan.ui.orgchart.org_chart_scene import PersonCard, layout_nodes

Shown = Callable[[OrgChartPage], list[tuple[str, list[int]]]]


def _organisation(db: Database) -> dict[str, int]:
    """A CEO, three heads with teams of three, each team member with two reports of their own."""
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        ids = {"account": account}
        ceo = ids["ceo"] = stakeholders.add_stakeholder(session, account, "Aiko Tanaka", title="CEO")
        for head in ("Finance", "Operations", "Technology"):
            boss = ids[head] = stakeholders.add_stakeholder(
                session, account, f"Head of {head}", reports_to_id=ceo
            )
            for member in range(3):
                name = f"{head} {member}"
                ids[name] = stakeholders.add_stakeholder(session, account, name, reports_to_id=boss)
                for report in range(2):
                    stakeholders.add_stakeholder(
                        session, account, f"{name}.{report}", reports_to_id=ids[name]
                    )
    return ids


def _chart(window: MainWindow) -> OrgChartPage:
    window.events.accounts_changed.emit()
    page = window.show_page("org-chart")
    assert isinstance(page, OrgChartPage)
    return page


def _where(page: OrgChartPage) -> dict[int, QPointF]:
    """Where each card is on the chart."""
    return {pid: card.scenePos() for pid, card in page.scene.cards.items()}


def _laid_out_afresh(db: Database, account: int) -> dict[int, QPointF]:
    """Where a whole new layout of what the database holds puts each card."""
    with db.session() as session:
        people = chart_people(read_chart_rows(session, account))
    layout = tidy_tree(layout_nodes(list(people.values())))
    return {pid: QPointF(place.x, place.y) for pid, place in layout.placements.items()}


def _same_places(shown: dict[int, QPointF], expected: dict[int, QPointF]) -> None:
    assert shown.keys() == expected.keys()
    for pid, point in expected.items():
        assert abs(shown[pid].x() - point.x()) < 0.01 and abs(shown[pid].y() - point.y()) < 0.01, pid


def _reporting_to(page: OrgChartPage, manager: int, person: int) -> bool:
    """Whether a line of the manager's team ends on top of the person's card (as the screen shows it)."""
    team = page.scene.teams.get(manager)
    if team is None:
        return False
    card = page.scene.cards[person].sceneBoundingRect()
    top = team.mapFromScene(QPointF(card.center().x(), page.scene.cards[person].scenePos().y()))
    path = team.lines.path()
    return any(
        abs(path.elementAt(i).x - top.x()) < 0.5 and abs(path.elementAt(i).y - top.y()) < 0.5
        for i in range(path.elementCount())
    )


def test_a_drag_moves_the_card_under_its_new_manager_and_keeps_every_other_card(
    window: MainWindow, db: Database
) -> None:
    ids = _organisation(db)
    page = _chart(window)
    cards = dict(page.scene.cards)
    before = _where(page)
    moving = ids["Finance 1"]
    assert _reporting_to(page, ids["Finance"], moving)

    assert page.move_under(moving, ids["Technology"])

    assert page.scene.cards == cards  # the very same cards: nothing was drawn anew
    assert all(page.scene.cards[pid] is card for pid, card in cards.items())
    _same_places(_where(page), _laid_out_afresh(db, ids["account"]))  # each where a new layout puts it
    assert _reporting_to(page, ids["Technology"], moving)
    assert not _reporting_to(page, ids["Finance"], moving)
    assert page.scene.cards[moving].person.manager_id == ids["Technology"]
    assert _where(page) != before

    window.undo_action.trigger()
    assert page.scene.cards == cards
    _same_places(_where(page), before)  # back where it all was
    assert _reporting_to(page, ids["Finance"], moving)
    window.redo_action.trigger()
    _same_places(_where(page), _laid_out_afresh(db, ids["account"]))


def test_a_stance_edit_draws_that_card_alone_again(window: MainWindow, db: Database) -> None:
    ids = _organisation(db)
    page = _chart(window)
    people = dict(page.people)
    before = _where(page)
    person = ids["Operations 2"]
    edit = UpdateStakeholder(
        page.context, ids["account"], person, "Operations 2", stance=Stance.DETRACTOR.value
    )
    assert page.context.execute(edit)
    card = page.scene.cards[person]
    assert card.person.stance is Stance.DETRACTOR
    assert [pid for pid, shown in page.people.items() if shown is not people[pid]] == [person]
    assert _where(page) == before  # nothing moved


def test_a_stance_edit_in_the_stakeholders_table_is_on_the_chart_when_it_is_shown_again(
    window: MainWindow, db: Database
) -> None:
    ids = _organisation(db)
    page = _chart(window)
    cards = dict(page.scene.cards)
    window.show_page("stakeholders")
    person = ids["Finance 0"]
    edit = UpdateStakeholder(page.context, ids["account"], person, "Finance 0", stance=Stance.CHAMPION.value)
    assert page.context.execute(edit)
    assert page.scene.cards[person].person.stance is Stance.NEUTRAL  # hidden: nothing to paint yet
    window.show_page("org-chart")
    assert page.scene.cards[person].person.stance is Stance.CHAMPION
    assert page.scene.cards == cards


def test_a_change_made_elsewhere_without_saying_what_it_wrote_draws_the_chart_anew(
    window: MainWindow, db: Database
) -> None:
    ids = _organisation(db)
    page = _chart(window)
    with db.transaction() as session:  # another program moves a whole team
        session.execute(
            update(Stakeholder)
            .where(Stakeholder.reports_to_id == ids["Finance"])
            .values(reports_to_id=ids["ceo"])
        )
    window.events.announce(ids["account"], EVERYTHING)
    _same_places(_where(page), _laid_out_afresh(db, ids["account"]))
    assert _reporting_to(page, ids["ceo"], ids["Finance 0"])
    assert ids["Finance"] not in page.scene.teams  # nobody reports to them any more


def test_people_added_and_deleted_come_and_go_without_redrawing_the_others(
    window: MainWindow, db: Database
) -> None:
    ids = _organisation(db)
    page = _chart(window)
    cards = dict(page.scene.cards)
    assert page.add_person(ids["Finance 0"], "Zed Newcomer")
    newcomer = next(pid for pid, person in page.people.items() if person.name == "Zed Newcomer")
    assert isinstance(page.scene.cards[newcomer], PersonCard)
    assert all(page.scene.cards[pid] is card for pid, card in cards.items())
    assert _reporting_to(page, ids["Finance 0"], newcomer)
    assert page.delete_person(ids["Finance 0"], confirm=False)  # their team moves up to Finance
    assert ids["Finance 0"] not in page.scene.cards
    assert _reporting_to(page, ids["Finance"], newcomer)
    _same_places(_where(page), _laid_out_afresh(db, ids["account"]))
    window.undo_action.trigger()
    assert _reporting_to(page, ids["Finance 0"], newcomer)
    _same_places(_where(page), _laid_out_afresh(db, ids["account"]))


def test_collapsing_a_team_keeps_the_other_cards(window: MainWindow, db: Database) -> None:
    ids = _organisation(db)
    page = _chart(window)
    cards = dict(page.scene.cards)
    page.toggle_collapsed(ids["Operations"])
    assert ids["Operations 0"] not in page.scene.cards
    assert page.scene.cards[ids["Operations"]].hidden == 9
    assert all(page.scene.cards[pid] is card for pid, card in cards.items() if pid in page.scene.cards)
    page.toggle_collapsed(ids["Operations"])
    assert page.scene.cards[ids["Operations"]].hidden == 0
    _same_places(_where(page), _laid_out_afresh(db, ids["account"]))


def test_the_findings_follow_a_change(window: MainWindow, db: Database, findings_shown: Shown) -> None:
    ids = _organisation(db)
    page = _chart(window)
    assert not any("Technology 2" in text for text, _ in findings_shown(page))
    person = ids["Technology 2"]
    edit = SetRoles(page.context, ids["account"], person, "Technology 2", {BuyingRole.ECONOMIC_BUYER})
    assert page.context.execute(edit)
    uncovered = [(text, people) for text, people in findings_shown(page) if "Technology 2" in text]
    assert uncovered and uncovered[0][0].startswith("CRITICAL") and uncovered[0][1] == [person]
    window.undo_action.trigger()
    assert not any("Technology 2" in text for text, _ in findings_shown(page))


def test_the_person_panel_lists_who_they_could_report_to_when_opened_and_moves_them(
    window: MainWindow, db: Database
) -> None:
    ids = _organisation(db)
    page = _chart(window)
    person = ids["Finance 2"]
    page.scene.cards[person].setSelected(True)
    choice = page.panel.manager
    assert choice.currentText() == "Head of Finance"
    choice.showPopup()  # the user opens the list: everyone else, by name
    names = [choice.itemText(i) for i in range(choice.count())]
    assert len(names) == len(page.people) and "Head of Technology" in names and "Finance 2" not in names
    choice.hidePopup()
    choice.setCurrentIndex(choice.findText("Head of Technology"))
    choice.activated.emit(choice.currentIndex())
    assert _reporting_to(page, ids["Technology"], person)
    _same_places(_where(page), _laid_out_afresh(db, ids["account"]))


def test_a_new_title_of_the_same_width_is_on_the_card(window: MainWindow, db: Database) -> None:
    ids = _organisation(db)
    page = _chart(window)
    before = _where(page)
    person = ids["Technology 1"]
    edit = UpdateStakeholder(page.context, ids["account"], person, "Technology 1", title="Architect")
    assert page.context.execute(edit)
    assert page.scene.cards[person].person.title == "Architect"
    assert _where(page) == before

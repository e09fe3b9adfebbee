"""Drawing the org chart's people: laid out afresh, or following a change of their rows.

What a card shows of a person comes from the rows read (:func:`chart_people`). :class:`ChartDrawing`, owned by
the :class:`~accountplan.ui.orgchart.org_chart_page.OrgChartPage`, lays the page's people out and draws every
card, or follows a change row by row: the cards whose look changed are drawn again, the layout follows a new
shape of the tree (:class:`~accountplan.analysis.layout_updates.LiveTreeLayout`) and only the cards and teams
that moved move.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from accountplan.analysis.chart_rows import ChartRows, RowsChange
from accountplan.analysis.graphs import Person
from accountplan.analysis.layout import LayoutNode
from accountplan.analysis.layout_updates import LayoutChange, LiveTreeLayout
from accountplan.model.enums import InfluenceKind
from accountplan.ui.orgchart.org_chart_scene import CARD_HEIGHT, ChartLink, ChartPerson, card_width

if TYPE_CHECKING:
    from accountplan.ui.orgchart.org_chart_page import OrgChartPage

#: How long after a chart is drawn anew the layout gets ready to follow changes (once the chart is painted).
PREPARE_DELAY_MS = 200

_NOBODY: frozenset[int] = frozenset()


def chart_person(person: Person, coverers: Sequence[tuple[int, str]] = ()) -> ChartPerson:
    """What a card shows of a person, covered by ``coverers`` (co-seller id, name; by name)."""
    return ChartPerson(
        person.id,
        person.name,
        person.title,
        person.reports_to_id,
        person.org_unit_id,
        person.roles,
        person.stance,
        person.influence,
        person.departed,
        tuple(name for _, name in coverers) if coverers else (),
        frozenset(cid for cid, _ in coverers) if coverers else _NOBODY,
    )


def chart_people(rows: ChartRows) -> dict[int, ChartPerson]:
    """What each card shows, in sibling order (by name, then id)."""
    coverers = rows.coverers()
    ordered = sorted(rows.people.values(), key=lambda p: (p.name, p.id))
    return {p.id: chart_person(p, coverers.get(p.id, ())) for p in ordered}


def chart_links(links: Iterable[tuple[int, int, InfluenceKind, int]]) -> list[ChartLink]:
    """Every kind of link between two people, not only the strongest."""
    return [ChartLink(source, target, kind, strength) for source, target, kind, strength in links]


class ChartDrawing(QObject):
    """Lays a chart page's people out (``page.live``) and draws them on its scene."""

    def __init__(self, page: OrgChartPage) -> None:
        super().__init__(page)
        self.page = page
        self._widths: dict[
            tuple[str, str], float
        ] = {}  # card widths by (name, title): measuring text is slow
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_DELAY_MS)
        self._prepare_timer.timeout.connect(self._prepare_layout)

    def lay_out(self) -> None:
        """Lay the people out afresh and draw every card (no reading)."""
        page = self.page
        people = page.people
        nodes = [self.layout_node(person) for person in people.values()]
        page.live = LiveTreeLayout(
            nodes,
            self._order,
            collapsed=page.collapsed,
            compact=page.compact_box.isChecked(),
        )
        links = chart_links(page.rows.influence()) if page.rows is not None else []
        page.scene.show_chart(people, page.live.layout(), links)
        if page.marks:
            page.scene.set_marks(page.marks)
        page.highlight.emphasis = None  # new cards, none emphasised
        page.apply_highlight()
        self._prepare_timer.start()  # what following a change needs, once the chart is on screen

    def _prepare_layout(self) -> None:
        if self.page.live is not None:
            self.page.live.prepare()

    def _order(self, person_id: int) -> tuple[str, int]:
        """A card's place among its siblings: by name, then id (as :func:`chart_people` orders them)."""
        return self.page.people[person_id].name, person_id

    def layout_node(self, person: ChartPerson) -> LayoutNode:
        key = (person.name, person.title)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = card_width(person.name, person.title)
        return LayoutNode(person.id, person.manager_id, width, CARD_HEIGHT)

    def follow(self, change: RowsChange) -> None:
        """Draw a change of the rows: the cards it concerns drawn again, moved, or the chart laid out afresh."""
        page = self.page
        assert page.rows is not None and page.live is not None
        people, rows, scene = page.people, page.rows, page.scene
        looks = set(change.people)  # cards drawn again (where the layout puts them)
        nodes: list[LayoutNode] = []  # people whose place in the tree may have changed
        names = bool(change.deleted)
        coverers = rows.coverers_for(change.covered | change.people.keys())
        for pid in change.deleted:
            people.pop(pid, None)
        for pid, person in change.people.items():
            old = people.get(pid)
            new = people[pid] = chart_person(person, coverers.get(pid, ()))
            if old is None or (old.name, old.title, old.manager_id) != (new.name, new.title, new.manager_id):
                nodes.append(self.layout_node(new))  # a new width, place among colleagues or manager
                names = names or old is None or old.name != new.name
        for pid in change.covered - change.people.keys():
            if pid in people:
                covered = coverers.get(pid, ())
                people[pid] = people[pid]._replace(
                    coverers=tuple(name for _, name in covered),
                    coverer_ids=frozenset(cid for cid, _ in covered),
                )
                looks.add(pid)
        moved: LayoutChange | None = None
        if nodes or change.deleted:
            moved = page.live.update(nodes, change.deleted)
            if moved is None:  # the reporting lines loop (bad data): laid out afresh
                self.lay_out()
                page.after_change(change, names, set(people))
                return
            scene.follow_layout(page.live, moved, people)
        for pid in looks:
            card = scene.cards.get(pid)
            if card is not None and card.person is not people[pid]:
                card.show_person(people[pid], card.width, card.hidden)
        if looks and moved is None:
            scene.refresh_overview()  # a card's colour, far out
        if change.linked:
            scene.set_links(chart_links(rows.links_of(change.linked)), people=change.linked)
        if moved is not None:
            if moved.shown:
                scene.set_links(chart_links(rows.links_of(moved.shown)), people=moved.shown)
            looks |= moved.shown | moved.moved
        page.after_change(change, names, looks | change.people.keys())

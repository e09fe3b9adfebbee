"""The org chart as a graphics scene: person cards, reporting lines and influence arrows."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QStyle,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from accountplan.analysis.layout import LayoutNode, Placement, TreeLayout
from accountplan.analysis.layout_updates import LayoutChange, LiveTreeLayout
from accountplan.model.enums import BuyingRole, InfluenceKind, Stance
from accountplan.reports import chart_style
from accountplan.ui.orgchart.change_marks import MARKS
from accountplan.ui.orgchart.influence_arrows import Arrow, ArrowKey, ArrowLayer
from accountplan.ui.people.models import STANCE_COLOURS

ROLE_BADGES = chart_style.ROLE_BADGES
#: Below this zoom a chart of at least OVERVIEW_MIN_PEOPLE shows as one picture (at most this many pixels a side).
OVERVIEW_SCALE, OVERVIEW_MIN_PEOPLE, OVERVIEW_PIXELS = 0.12, 500, 4096
CARD_MIN_WIDTH, CARD_MAX_WIDTH, CARD_HEIGHT = 168.0, 236.0, 78.0
NAME_FONT = QFont()
NAME_FONT.setBold(True)
SMALL_FONT = QFont()
SMALL_FONT.setPointSizeF(max(SMALL_FONT.pointSizeF() - 1.5, 6.0))
_NAME_METRICS, _SMALL_METRICS = QFontMetricsF(NAME_FONT), QFontMetricsF(SMALL_FONT)
NO_PEN = QPen(Qt.PenStyle.NoPen)
NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)
#: Room around a team's cards for what is drawn just outside them: borders, badges, a column's rail.
TEAM_MARGIN = 16.0
#: A card's own room below its body: the badge counting a collapsed team hangs over its bottom edge.
CARD_BELOW = 8.0
LINE_PEN = QPen(QColor("#9aa3ad"), 1.4)
CARD_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable


class ChartPerson(NamedTuple):
    """What a card shows about one stakeholder (a named tuple: 20,000 are made when a chart opens)."""

    id: int
    name: str
    title: str
    manager_id: int | None
    org_unit_id: int | None
    roles: frozenset[BuyingRole]
    stance: Stance
    influence: int
    departed: bool
    coverers: tuple[str, ...] = ()
    coverer_ids: frozenset[int] = frozenset()


@dataclass
class ChartLink:
    source: int
    target: int
    kind: InfluenceKind
    strength: int


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return "?"
    return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


_TITLE_WIDTHS: dict[str, float] = {}  # titles repeat ("Manager"): each measured once


def card_width(name: str, title: str) -> float:
    """How wide a person's card is: as wide as its name (room for the influence dots) and title, within bounds."""
    title_width = _TITLE_WIDTHS.get(title)
    if title_width is None:
        title_width = _TITLE_WIDTHS[title] = _SMALL_METRICS.horizontalAdvance(title)
    wanted = max(_NAME_METRICS.horizontalAdvance(name) + 56, title_width + 28)
    return max(CARD_MIN_WIDTH, min(CARD_MAX_WIDTH, wanted))


def layout_nodes(people: list[ChartPerson]) -> list[LayoutNode]:
    """The layout's input: each person with the real size of their card, in sibling order."""
    return [LayoutNode(p.id, p.manager_id, card_width(p.name, p.title), CARD_HEIGHT) for p in people]


class PersonCard(QGraphicsRectItem):
    """One stakeholder's card; it draws less when zoomed out (level of detail).

    A rectangle item underneath, for its bounding rectangle: Qt asks every item of the scene for it on each
    paint and on each move, and one answered in C++ rather than by a Python method keeps a chart of 20,000
    cards quick to paint and to rearrange.
    """

    def __init__(self, person: ChartPerson, width: float, hidden: int) -> None:
        super().__init__(-2, -2, width + 4, CARD_HEIGHT + 2 + CARD_BELOW)
        self.person = person
        self.width = width
        self.hidden = hidden
        self.highlighted = False
        self.dimmed = False
        #: What changed about the person between two days (kinds of change; see change_marks.MARKS).
        self.marks: tuple[str, ...] = ()
        self.setFlags(CARD_FLAGS)  # in a team, a card is drawn over its lines (made before it)

    def show_person(self, person: ChartPerson, width: float, hidden: int) -> None:
        """Show what changed about the person (their card's width, the team it hides) on this same card."""
        self.person, self.hidden = person, hidden
        if width != self.width:
            self.width = width
            self.setRect(-2, -2, width + 4, CARD_HEIGHT + 2 + CARD_BELOW)
        self.update()

    def sceneEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # The tooltip is written when asked for: building 20,000 of them up front slows the chart's opening.
        if event.type() == QEvent.Type.GraphicsSceneHelp:
            QToolTip.showText(event.screenPos(), self._tooltip())  # type: ignore[attr-defined]
            return True
        return super().sceneEvent(event)

    def _tooltip(self) -> str:
        p = self.person
        lines = [p.name, p.title] if p.title else [p.name]
        if p.roles:
            lines.append(", ".join(sorted(r.label for r in p.roles)))
        lines.append(f"{p.stance.label} · influence {p.influence}/5")
        if p.coverers:
            lines.append("Covered by " + ", ".join(p.coverers))
        if p.departed:
            lines.append("Has left the company")
        return "\n".join(lines)

    def set_emphasis(self, highlighted: bool, dimmed: bool) -> None:
        if (highlighted, dimmed) != (self.highlighted, self.dimmed):
            self.highlighted, self.dimmed = highlighted, dimmed
            self.setOpacity(0.25 if dimmed else 1.0)
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        person = self.person
        detail = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        rect = QRectF(0, 0, self.width, CARD_HEIGHT)
        stance = STANCE_COLOURS[person.stance]
        base = QColor("#eceef1") if person.departed else QColor("#ffffff")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        border = (
            QColor("#1f5fbf") if selected else QColor("#f0a500") if self.highlighted else QColor("#b8bec7")
        )
        if detail < 0.3:  # far away: a coloured block is all the eye can use
            painter.fillRect(rect, stance if not person.departed else QColor("#c4c8ce"))
            if selected or self.highlighted:
                painter.setPen(QPen(border, 6))
                painter.drawRect(rect)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, detail > 0.6)
        painter.setPen(QPen(border, 3 if selected or self.highlighted else 1))
        painter.setBrush(QBrush(base))
        painter.drawRoundedRect(rect, 6, 6)
        painter.fillRect(QRectF(0, 4, 5, CARD_HEIGHT - 8), stance)
        text_colour = QColor("#8a8f98") if person.departed else QColor("#1d2127")
        painter.setPen(text_colour)
        painter.setFont(NAME_FONT)
        name_metrics = QFontMetricsF(NAME_FONT)
        name = name_metrics.elidedText(person.name, Qt.TextElideMode.ElideRight, self.width - 56)
        painter.drawText(QPointF(12, 19), name)
        self._paint_influence(painter, rect)
        if detail < 0.55:
            return
        painter.setFont(SMALL_FONT)
        small = QFontMetricsF(SMALL_FONT)
        painter.setPen(QColor("#5f6670") if not person.departed else text_colour)
        title = "Departed · " + person.title if person.departed else person.title
        painter.drawText(
            QPointF(12, 36), small.elidedText(title, Qt.TextElideMode.ElideRight, self.width - 20)
        )
        self._paint_badges(painter, small)
        if self.marks:
            self._paint_marks(painter, small)
        if person.coverers:
            text = " ".join(initials(n) for n in person.coverers[:4]) + (
                "…" if len(person.coverers) > 4 else ""
            )
            painter.setPen(QColor("#1f5fbf"))
            width = small.horizontalAdvance(text)
            painter.drawText(QPointF(self.width - width - 8, CARD_HEIGHT - 8), text)
        if self.hidden:
            label = f"+{self.hidden}"
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1f5fbf"))
            badge = QRectF(self.width / 2 - 16, CARD_HEIGHT - 9, 32, 16)
            painter.drawRoundedRect(badge, 8, 8)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_influence(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(5):
            painter.setBrush(QColor("#3b4350") if i < self.person.influence else QColor("#d5d9df"))
            painter.drawEllipse(QRectF(rect.right() - 46 + i * 8, 11, 6, 6))

    def _paint_marks(self, painter: QPainter, small: QFontMetricsF) -> None:
        """What changed, as small coloured labels along the card's bottom (the co-sellers' initials stay)."""
        x = 12.0
        for kind in self.marks:
            text, colour, _legend = MARKS[kind]
            width = small.horizontalAdvance(text) + 8
            if x + width > self.width - 44:
                break
            badge = QRectF(x, 63, width, 13)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 3

    def _paint_badges(self, painter: QPainter, small: QFontMetricsF) -> None:
        x = 12.0
        for role in sorted(self.person.roles, key=list(BuyingRole).index):
            text = ROLE_BADGES[role]
            width = small.horizontalAdvance(text) + 8
            if x + width > self.width - 44:
                break
            badge = QRectF(x, 46, width, 15)
            decisive = role in chart_style.STRONG_BADGE_ROLES
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1f5fbf") if decisive else QColor("#e3e8f0"))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor("#ffffff") if decisive else QColor("#3b4350"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4


def team_path(top: Placement, reports: Sequence[Placement]) -> QPainterPath:
    """Elbow lines from a manager's card to their reports'; a stacked column (compact mode) gets a side rail."""
    path = QPainterPath()
    first = reports[0]
    if len(reports) > 1 and all(row.x == first.x for row in reports):  # a column
        rail_x = first.x - 10
        middle_y = first.y - (first.y - top.bottom) / 2
        path.moveTo(top.centre_x, top.bottom)
        path.lineTo(top.centre_x, middle_y)
        path.lineTo(rail_x, middle_y)
        last = max(reports, key=lambda row: row.y)
        path.lineTo(rail_x, last.y + reports[-1].height / 2)
        for row in reports:
            path.moveTo(rail_x, row.y + row.height / 2)
            path.lineTo(row.x, row.y + row.height / 2)
        return path
    for bottom in reports:
        middle_y = bottom.y - (bottom.y - top.bottom) / 2
        path.moveTo(top.centre_x, top.bottom)
        path.lineTo(top.centre_x, middle_y)
        path.lineTo(bottom.centre_x, middle_y)
        path.lineTo(bottom.centre_x, bottom.y)
    return path


def teams(layout: TreeLayout) -> dict[int, list[int]]:
    """Each shown manager's shown reports, in the layout's order."""
    found: dict[int, list[int]] = {}
    for parent, child in layout.edges:
        found.setdefault(parent, []).append(child)
    return found


class Team(QGraphicsRectItem):
    """A manager's team: their reports' cards, the reports' own teams and the lines to them.

    It hangs at the top centre of the manager's card and all it holds is placed relative to it, so that
    moving it moves them all.

    Its rectangle is the room the team takes (the lines under the manager's card down to the bottom of the
    team's lowest cards): Qt then skips a team off screen without looking at its members, for each paint and
    each search for the card under the mouse.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setPen(NO_PEN)
        self.setBrush(NO_BRUSH)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemContainsChildrenInShape)
        self.setZValue(1)  # over the influence arrows, with the cards
        self.lines = QGraphicsPathItem(self)
        self.lines.setPen(LINE_PEN)
        self.lines.setZValue(0)

    def show_team(self, top: Placement, reports: Sequence[Placement], room: QRectF) -> None:
        """Draw the lines from the manager's card to the reports' (placed relative to the team), in ``room``."""
        self.show_lines(team_path(top, reports), room)

    def show_lines(self, lines: QPainterPath, room: QRectF) -> None:
        self.lines.setPath(lines)
        if room != self.rect():
            self.setRect(room)


class OrgChartScene(QGraphicsScene):
    """The cards, each manager's team with its reporting lines, and the influence arrows of one account.

    A manager's reports hang in their :class:`Team`, itself in the manager's own manager's team, so that a
    change moves the few cards and teams whose place relative to their manager's changed, whatever the size of
    the teams that follow them (:meth:`follow_layout`); :meth:`show_chart` draws a whole chart anew. The
    scene keeps no index: Qt finds what is on screen, or under the mouse, by skipping the teams off screen.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.cards: dict[int, PersonCard] = {}
        #: Each shown manager's team, by the manager's id.
        self.teams: dict[int, Team] = {}
        #: Where the layout put each card: in which team (None: on the chart itself) and where in it.
        self.homes: dict[int, tuple[Team | None, QPointF]] = {}
        self.arrow_layer = ArrowLayer(CARD_HEIGHT)
        self.addItem(self.arrow_layer)
        self._arrows_of: dict[int, set[ArrowKey]] = {}
        self.overview: QGraphicsPixmapItem | None = None
        self.overview_shown = False
        self._overview_stale = False
        self.show_influence = True
        #: The chart's own extent (its cards and lines).
        self.chart_rect = QRectF()

    @property
    def arrows(self) -> dict[ArrowKey, Arrow]:
        return self.arrow_layer.arrows

    @property
    def influence_items(self) -> list[Arrow]:
        return list(self.arrows.values())

    @property
    def team_lines(self) -> dict[int, QGraphicsPathItem]:
        """Each shown manager's reporting lines (in their team's coordinates)."""
        return {manager: team.lines for manager, team in self.teams.items()}

    def show_chart(
        self, people: Mapping[int, ChartPerson], layout: TreeLayout, links: Iterable[ChartLink]
    ) -> None:
        """Draw a whole chart anew: a card per placed person, each team with its lines, the links between them."""
        self.clear_chart()
        places, hidden = layout.placements, layout.hidden_counts
        below = teams(layout)
        manager = {report: boss for boss, reports in below.items() for report in reports}
        order: list[int] = []  # each manager before their reports
        stack = [pid for pid in reversed(places) if pid not in manager]
        while stack:
            person_id = stack.pop()
            order.append(person_id)
            stack.extend(reversed(below.get(person_id, ())))
        # Each team's room, from the bottom up: its reports' cards and their teams' rooms (left, top, right,
        # bottom on the chart).
        rooms: dict[int, tuple[float, float, float, float]] = {}
        for head in reversed(order):
            reports = below.get(head)
            if not reports:
                continue
            left = top = math.inf
            right = bottom = -math.inf
            for report in reports:
                place = places[report]
                left, top = min(left, place.x), min(top, place.y)
                right, bottom = max(right, place.x + place.width), max(bottom, place.y + place.height)
                room = rooms.get(report)
                if room is not None:
                    left, top = min(left, room[0]), min(top, room[1])
                    right, bottom = max(right, room[2]), max(bottom, room[3])
            rooms[head] = (left, top, right, bottom)
        cards, teams_of, homes, add = self.cards, self.teams, self.homes, self.addItem
        for person_id in order:
            place = places[person_id]
            boss = manager.get(person_id)
            x, y = place.x + place.width / 2, place.y  # the card's top centre: its team hangs there
            holder = None if boss is None else teams_of[boss]
            if holder is not None:
                up = places[boss]  # type: ignore[index]
                x, y = x - (up.x + up.width / 2), y - up.y
            card = cards[person_id] = PersonCard(people[person_id], place.width, hidden.get(person_id, 0))
            where = QPointF(x - place.width / 2, y)
            card.setPos(where)
            homes[person_id] = (holder, where)
            if holder is None:
                card.setZValue(1)
                add(card)
            else:
                card.setParentItem(holder)
            reports = below.get(person_id)
            if reports:
                team = teams_of[person_id] = Team()
                team.setPos(x, y)
                if holder is None:
                    add(team)
                else:
                    team.setParentItem(holder)
                anchor = QPointF(place.x + place.width / 2, place.y)
                left, top, right, bottom = rooms[person_id]
                below_card = QRectF(left, top, right - left, bottom - top).translated(-anchor)
                lines = team_path(place, [places[r] for r in reports]).translated(-anchor)
                team.show_lines(lines, self._room(below_card, place.height))
        self.set_links(links)
        self.set_size(QRectF(0, 0, layout.width, layout.height))

    def set_marks(self, marks: Mapping[int, tuple[str, ...]]) -> None:
        """Mark the cards with what changed about their people (an empty mapping: no marks)."""
        for person_id, card in self.cards.items():
            wanted = marks.get(person_id, ())
            if card.marks != wanted:
                card.marks = wanted
                card.update()

    def clear_chart(self) -> None:
        """Take everything off the chart."""
        self.removeItem(self.arrow_layer)  # kept: the one layer of arrows of every chart
        self.clear()
        self.cards, self.teams, self.homes, self._arrows_of = {}, {}, {}, {}
        self.arrow_layer.arrows = {}
        self.addItem(self.arrow_layer)
        self.overview, self.overview_shown = None, False
        self.arrow_layer.setVisible(self.show_influence)

    def follow_layout(
        self, live: LiveTreeLayout, change: LayoutChange, people: Mapping[int, ChartPerson]
    ) -> None:
        """Show what a change of the layout changed: new, moved and gone cards, teams drawn again."""
        nodes = live.nodes
        for boss in sorted((m for m in change.teams if live.reports(m)), key=live.depth):
            if boss not in self.teams:
                self.teams[boss] = Team()
                self._hang(self.teams[boss], self._holder(live, boss), QPointF(*live.anchor(boss)))
        for person_id in change.shown:
            width = nodes[person_id].width
            card = self.cards[person_id] = PersonCard(
                people[person_id], width, live.hidden_counts.get(person_id, 0)
            )
            x, y = live.anchor(person_id)
            self._hang(card, self._holder(live, person_id), QPointF(x - width / 2, y))
        for person_id in change.moved:
            card = self.cards[person_id]
            width = nodes[person_id].width
            if width != card.width or card.person is not people[person_id]:
                card.show_person(people[person_id], width, card.hidden)
            x, y = live.anchor(person_id)
            holder = self._holder(live, person_id)
            self._hang(card, holder, QPointF(x - width / 2, y))
            team = self.teams.get(person_id)
            if team is not None:
                self._hang(team, holder, QPointF(x, y))
        for person_id in change.gone:
            self.remove_card(person_id)
        for boss in sorted(change.teams, key=live.depth, reverse=True):
            team = self.teams.get(boss)
            if team is None:
                continue
            top, reports = live.team(boss)
            if not reports:
                self._drop_team(boss)
                continue
            left, right, bottom = live.extent(boss)
            team.show_team(
                top,
                reports,
                self._room(QRectF(left, top.bottom, right - left, bottom - top.bottom), top.height),
            )
        for person_id, count in change.hidden_counts.items():
            counted = self.cards.get(person_id)
            if counted is not None and counted.hidden != count:
                counted.show_person(counted.person, counted.width, count)
        self.set_size(QRectF(0, 0, live.width, live.height))
        self.arrow_layer.cards_moved()
        self.refresh_overview()

    def _holder(self, live: LiveTreeLayout, person_id: int) -> Team | None:
        up = live.parent(person_id)
        return None if up is None else self.teams[up]

    def _hang(self, item: QGraphicsItem, holder: Team | None, where: QPointF) -> None:
        """Put an item in a team (None: on the chart itself) at ``where``, relative to the team."""
        if item.parentItem() is not holder or item.scene() is not self:
            if holder is None:
                item.setParentItem(None)  # type: ignore[arg-type]  # None: the scene itself
                if item.scene() is not self:
                    self.addItem(item)
                item.setVisible(not self.overview_shown)
            else:
                item.setParentItem(holder)
        if item.pos() != where:
            item.setPos(where)
        if isinstance(item, PersonCard):
            self.homes[item.person.id] = (holder, where)
            layer = 1.0 if holder is None else 0.0  # on the chart itself, over the arrows, as teams are
            if item.zValue() != layer:
                item.setZValue(layer)

    @staticmethod
    def _room(below: QRectF, card_height: float) -> QRectF:
        """A team's room from the cards below the manager's: from the manager's card down, with a margin."""
        room = below.adjusted(-TEAM_MARGIN, 0, TEAM_MARGIN, TEAM_MARGIN)
        room.setTop(card_height - 2)
        return room

    def remove_card(self, person_id: int) -> None:
        """Take a person's card, their team (empty by now) and their arrows off the chart."""
        card = self.cards.pop(person_id, None)
        self.homes.pop(person_id, None)
        for key in list(self._arrows_of.get(person_id, ())):
            self._remove_arrow(key)
        if card is not None:
            self.removeItem(card)
        self._drop_team(person_id)

    def _drop_team(self, manager_id: int) -> None:
        team = self.teams.pop(manager_id, None)
        if team is not None:
            for item in team.childItems():  # what is still in it moves elsewhere or goes with it
                if item is not team.lines and isinstance(item, PersonCard | Team):
                    item.setParentItem(None)  # type: ignore[arg-type]  # None: the scene itself
            self.removeItem(team)

    def set_size(self, rect: QRectF) -> None:
        self.chart_rect = rect
        self.setSceneRect(rect.adjusted(-60, -60, 60, 60))
        self.arrow_layer.setRect(rect.adjusted(-200, -200, 200, 200))  # arrows bow out of the chart a little

    # --- influence arrows -------------------------------------------------------------------------------

    def set_links(self, links: Iterable[ChartLink], people: Collection[int] | None = None) -> None:
        """Draw the arrows of ``links`` between the cards on the chart.

        With ``people``, the arrows from or to them are replaced by those of ``links`` (the links of these
        people); without, every arrow is.
        """
        if people is None:
            for key in list(self.arrows):
                self._remove_arrow(key)
        else:
            for key in {key for pid in people for key in self._arrows_of.get(pid, ())}:
                self._remove_arrow(key)
        for link in links:
            source, target = self.cards.get(link.source), self.cards.get(link.target)
            key = (link.source, link.target, link.kind)
            if source is None or target is None or key in self.arrows:
                continue
            self.arrow_layer.add(link, source, target)
            self._arrows_of.setdefault(link.source, set()).add(key)
            self._arrows_of.setdefault(link.target, set()).add(key)

    def _remove_arrow(self, key: ArrowKey) -> None:
        self.arrow_layer.remove(key)
        for end in (key[0], key[1]):
            keys = self._arrows_of.get(end)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._arrows_of[end]

    def set_influence_visible(self, visible: bool) -> None:
        self.show_influence = visible
        self.arrow_layer.setVisible(visible and not self.overview_shown)

    # --- emphasis and the far-out picture ----------------------------------------------------------------

    def emphasise(self, matching: set[int] | None, only: Iterable[int] | None = None) -> None:
        """Highlight the cards of ``matching`` and dim the others (None: no emphasis).

        With ``only``, just those people's cards are looked at (the others already show the emphasis).
        """
        cards = self.cards
        chosen = cards.items() if only is None else ((pid, cards[pid]) for pid in only if pid in cards)
        for person_id, card in chosen:
            if matching is None:
                card.set_emphasis(False, False)
            else:
                card.set_emphasis(person_id in matching, person_id not in matching)
        self.refresh_overview()

    def use_overview(self, wanted: bool) -> None:
        """Far out, show one picture of the chart instead of painting thousands of cards one by one."""
        wanted = wanted and len(self.cards) >= OVERVIEW_MIN_PEOPLE
        if wanted == self.overview_shown or not self.cards:
            return
        if wanted and self.overview is None:
            self.overview = QGraphicsPixmapItem()
            self.overview.setZValue(5)
            self.overview.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            self.addItem(self.overview)
            self._overview_stale = True
        if wanted and self._overview_stale:
            self._render_overview()
        self.overview_shown = wanted
        for item in (*self.cards.values(), *self.teams.values()):
            if item.parentItem() is None:  # the rest follows the item it hangs in
                item.setVisible(not wanted)
        self.arrow_layer.setVisible(self.show_influence and not wanted)
        if self.overview is not None:
            self.overview.setVisible(wanted)

    def refresh_overview(self) -> None:
        """The chart changed: the far-out picture shows it as it is now (when next shown, if hidden)."""
        if self.overview is None:
            return
        self._overview_stale = True
        if self.overview_shown:
            self._render_overview()

    def _render_overview(self) -> None:
        assert self.overview is not None
        bounds = self.chart_rect
        scale = min(
            OVERVIEW_PIXELS / max(bounds.width(), 1.0), OVERVIEW_PIXELS / max(bounds.height(), 1.0), 1.0
        )
        image = QImage(
            max(int(bounds.width() * scale), 1),
            max(int(bounds.height() * scale), 1),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(-bounds.x(), -bounds.y())
        line_pen = QPen(QColor("#9aa3ad"), 1)
        line_pen.setCosmetic(True)  # one pixel wide whatever the scale
        painter.setPen(line_pen)
        for team in self.teams.values():
            painter.drawPath(team.lines.path().translated(team.scenePos()))
        grey = QColor("#c4c8ce")
        for card in self.cards.values():
            colour = grey if card.person.departed else STANCE_COLOURS[card.person.stance]
            if card.dimmed:
                colour = QColor(colour.red(), colour.green(), colour.blue(), 60)
            rect = QRectF(card.scenePos(), QSizeF(card.width, CARD_HEIGHT))
            painter.fillRect(rect, colour)
            if card.highlighted or card.isSelected():
                mark = QPen(QColor("#f0a500"), 3)
                mark.setCosmetic(True)
                painter.setPen(mark)
                painter.drawRect(rect)
        painter.end()
        self._overview_stale = False
        self.overview.setPixmap(QPixmap.fromImage(image))
        self.overview.setScale(1 / scale)
        self.overview.setPos(bounds.topLeft())

    def lift(self, card: PersonCard) -> None:
        """Take a card out of its team while it is dragged: on the chart itself, over everything."""
        where = card.scenePos()
        card.setParentItem(None)  # type: ignore[arg-type]
        card.setPos(where)
        card.setZValue(10)

    def snap_back(self, card: PersonCard) -> None:
        """Put a card that was dragged (or lifted) back where the layout placed it, in its team."""
        home = self.homes.get(card.person.id)
        if home is not None:
            self._hang(card, *home)
        self.arrow_layer.cards_moved()

    def card_at(self, point: QPointF, excluding: Any = None) -> PersonCard | None:
        for item in self.items(point):
            if isinstance(item, PersonCard) and item is not excluding:
                return item
        return None

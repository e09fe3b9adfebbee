"""The org chart as a graphics scene: person cards, reporting lines and influence arrows."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
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
from accountplan.model.enums import BuyingRole, InfluenceKind, Stance
from accountplan.reports import chart_style
from accountplan.ui.people.models import STANCE_COLOURS

ROLE_BADGES = chart_style.ROLE_BADGES
INFLUENCE_COLOURS = {kind: QColor(colour) for kind, colour in chart_style.INFLUENCE_COLOURS.items()}
#: Below this zoom a chart of at least OVERVIEW_MIN_PEOPLE shows as one picture (at most this many pixels a side).
OVERVIEW_SCALE, OVERVIEW_MIN_PEOPLE, OVERVIEW_PIXELS = 0.12, 500, 4096
CARD_MIN_WIDTH, CARD_MAX_WIDTH, CARD_HEIGHT = 168.0, 236.0, 78.0
NAME_FONT = QFont()
NAME_FONT.setBold(True)
SMALL_FONT = QFont()
SMALL_FONT.setPointSizeF(max(SMALL_FONT.pointSizeF() - 1.5, 6.0))
NO_PEN = QPen(Qt.PenStyle.NoPen)
LINE_PEN = QPen(QColor("#9aa3ad"), 1.4)


@dataclass
class ChartPerson:
    """What a card shows about one stakeholder."""

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
    coverer_ids: frozenset[int] = field(default_factory=frozenset)


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


def layout_nodes(people: list[ChartPerson]) -> list[LayoutNode]:
    """The layout's input: each person with the real size of their card (as wide as its text), in sibling order."""
    name_metrics, small_metrics = QFontMetricsF(NAME_FONT), QFontMetricsF(SMALL_FONT)
    title_widths: dict[str, float] = {}  # titles repeat ("Manager"): measure each once
    nodes = []
    for p in people:
        title = title_widths.get(p.title)
        if title is None:
            title = title_widths[p.title] = small_metrics.horizontalAdvance(p.title)
        wanted = max(name_metrics.horizontalAdvance(p.name) + 56, title + 28)  # room for the influence dots
        nodes.append(
            LayoutNode(p.id, p.manager_id, max(CARD_MIN_WIDTH, min(CARD_MAX_WIDTH, wanted)), CARD_HEIGHT)
        )
    return nodes


class PersonCard(QGraphicsRectItem):
    """One stakeholder's card; it draws less when zoomed out (level of detail).

    A rectangle item underneath, for its bounding rectangle: Qt asks every item of the scene for it on each
    paint and on each move, and one answered in C++ rather than by a Python method keeps a chart of 20,000
    cards quick to paint and to rearrange.
    """

    def __init__(self, person: ChartPerson, width: float, hidden: int) -> None:
        super().__init__(-2, -2, width + 4, CARD_HEIGHT + 4)
        self.setPen(NO_PEN)
        self.person = person
        self.width = width
        self.hidden = hidden
        self.highlighted = False
        self.dimmed = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setAcceptHoverEvents(False)
        self.setZValue(1)

    def show_person(self, person: ChartPerson, width: float, hidden: int) -> None:
        """Show what changed about the person (their card's width, the team it hides) on this same card."""
        self.person, self.hidden = person, hidden
        if width != self.width:
            self.width = width
            self.setRect(-2, -2, width + 4, CARD_HEIGHT + 4)
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


def influence_path(start: QRectF, end: QRectF) -> tuple[QPainterPath, QPainterPath]:
    """A curved arrow from one card to another, and its arrow head."""
    a, b = start.center(), end.center()
    middle = (a + b) / 2
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = math.hypot(dx, dy) or 1.0
    bend = min(120.0, length * 0.25)
    control = QPointF(middle.x() - dy / length * bend, middle.y() + dx / length * bend)
    tip = _edge_point(end, control)
    path = QPainterPath(_edge_point(start, control))
    path.quadTo(control, tip)
    angle = math.atan2(tip.y() - control.y(), tip.x() - control.x())
    head = QPainterPath(tip)
    for side in (-0.45, 0.45):
        head.lineTo(tip - QPointF(math.cos(angle + side) * 12, math.sin(angle + side) * 12))
        head.moveTo(tip)
    return path, head


def _edge_point(rect: QRectF, towards: QPointF) -> QPointF:
    """Where the line from the card's centre towards a point leaves the card."""
    centre = rect.center()
    dx, dy = towards.x() - centre.x(), towards.y() - centre.y()
    if dx == 0 and dy == 0:
        return centre
    scale = min(
        (rect.width() / 2) / abs(dx) if dx else math.inf,
        (rect.height() / 2) / abs(dy) if dy else math.inf,
    )
    return QPointF(centre.x() + dx * scale, centre.y() + dy * scale)


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


class InfluenceArrow(QGraphicsPathItem):
    """One influence link between two cards, drawn under the cards; it follows them when they move."""

    def __init__(self, link: ChartLink, source: PersonCard, target: PersonCard) -> None:
        super().__init__()
        self.link, self.source, self.target = link, source, target
        pen = QPen(INFLUENCE_COLOURS[link.kind], 0.8 + link.strength * 0.5)
        if link.kind in chart_style.DASHED_KINDS:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setZValue(0.5)  # under the cards: the names stay readable
        self.setData(0, (link.source, link.target, link.kind.value))
        self.follow()

    def follow(self) -> None:
        """Draw the arrow between where its two cards are now."""
        path, head = influence_path(self.source.sceneBoundingRect(), self.target.sceneBoundingRect())
        path.addPath(head)
        self.setPath(path)

    def sceneEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Written when asked for, with the names the cards show now.
        if event.type() == QEvent.Type.GraphicsSceneHelp:
            QToolTip.showText(event.screenPos(), self.tooltip())  # type: ignore[attr-defined]
            return True
        return super().sceneEvent(event)

    def tooltip(self) -> str:
        link = self.link
        return (
            f"{self.source.person.name} {link.kind.label.lower()} {self.target.person.name} "
            f"(strength {link.strength}/5)"
        )


ArrowKey = tuple[int, int, InfluenceKind]


class OrgChartScene(QGraphicsScene):
    """The cards, each manager's reporting lines and the influence arrows of one account.

    Every card, line and arrow is an item of its own at the top of the scene, so that the scene's index
    hands each paint only the few on screen, and a change redraws, moves, adds or removes only the items it
    concerns (:meth:`place_card`, :meth:`remove_card`, :meth:`set_team`, :meth:`set_links`,
    :meth:`redraw_arrows`); :meth:`show_chart` draws a whole chart anew.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[int, PersonCard] = {}
        #: Where the layout put each card (a card dragged nowhere goes back there).
        self.homes: dict[int, QPointF] = {}
        #: Each manager's reporting lines to their reports, by the manager's id.
        self.team_lines: dict[int, QGraphicsPathItem] = {}
        self.arrows: dict[ArrowKey, InfluenceArrow] = {}
        self._arrows_of: dict[int, set[ArrowKey]] = {}
        self.overview: QGraphicsPixmapItem | None = None
        self.overview_shown = False
        self.show_influence = True
        #: The chart's own extent (its cards and lines), from (0, 0).
        self.chart_rect = QRectF()

    @property
    def influence_items(self) -> list[InfluenceArrow]:
        return list(self.arrows.values())

    def show_chart(
        self, people: Mapping[int, ChartPerson], layout: TreeLayout, links: Iterable[ChartLink]
    ) -> None:
        """Draw a whole chart anew: a card per placed person, their teams' lines, the links between them."""
        self.clear()
        self.cards, self.homes, self.team_lines = {}, {}, {}
        self.arrows, self._arrows_of = {}, {}
        self.overview, self.overview_shown = None, False
        hidden = layout.hidden_counts
        for person_id, place in layout.placements.items():
            self.place_card(people[person_id], place, hidden.get(person_id, 0))
        places = layout.placements
        for manager, reports in teams(layout).items():
            self.set_team(manager, places[manager], [places[c] for c in reports])
        self.set_links(links)
        self.set_size(layout.width, layout.height)

    # --- cards and lines ------------------------------------------------------------------------------

    def place_card(self, person: ChartPerson, place: Placement, hidden: int = 0) -> PersonCard:
        """Show ``person`` at ``place``: a new card, or theirs, redrawn if it shows something new, moved."""
        card = self.cards.get(person.id)
        home = QPointF(place.x, place.y)
        if card is None:
            card = self.cards[person.id] = PersonCard(person, place.width, hidden)
            card.setPos(home)
            card.setVisible(not self.overview_shown)
            self.addItem(card)
        else:
            if card.person is not person or card.hidden != hidden or card.width != place.width:
                card.show_person(person, place.width, hidden)
            if self.homes[person.id] == home and card.pos() == home:
                return card
            card.setPos(home)
        self.homes[person.id] = home
        return card

    def remove_card(self, person_id: int) -> None:
        """Take a person's card, their team's lines and their arrows off the chart."""
        card = self.cards.pop(person_id, None)
        self.homes.pop(person_id, None)
        self.set_team(person_id, None, ())
        for key in list(self._arrows_of.get(person_id, ())):
            self._remove_arrow(key)
        if card is not None:
            self.removeItem(card)

    def set_team(self, manager_id: int, top: Placement | None, reports: Sequence[Placement]) -> None:
        """Draw the lines from a manager to their reports as placed (none: no lines)."""
        item = self.team_lines.get(manager_id)
        if top is None or not reports:
            if item is not None:
                del self.team_lines[manager_id]
                self.removeItem(item)
            return
        path = team_path(top, reports)
        if item is not None:
            item.setPath(path)
            return
        item = self.team_lines[manager_id] = QGraphicsPathItem(path)
        item.setPen(LINE_PEN)
        item.setZValue(0)
        item.setVisible(not self.overview_shown)
        self.addItem(item)

    def set_size(self, width: float, height: float) -> None:
        self.chart_rect = QRectF(0, 0, width, height)
        self.setSceneRect(QRectF(-60, -60, width + 120, height + 120))

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
            arrow = self.arrows[key] = InfluenceArrow(link, source, target)
            arrow.setVisible(self.show_influence and not self.overview_shown)
            self.addItem(arrow)
            self._arrows_of.setdefault(link.source, set()).add(key)
            self._arrows_of.setdefault(link.target, set()).add(key)

    def _remove_arrow(self, key: ArrowKey) -> None:
        arrow = self.arrows.pop(key)
        for end in (key[0], key[1]):
            keys = self._arrows_of.get(end)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._arrows_of[end]
        self.removeItem(arrow)

    def redraw_arrows(self, people: Iterable[int]) -> None:
        """The cards of ``people`` moved: their arrows follow."""
        for key in {key for pid in people for key in self._arrows_of.get(pid, ())}:
            self.arrows[key].follow()

    def set_influence_visible(self, visible: bool) -> None:
        self.show_influence = visible
        for item in self.arrows.values():
            item.setVisible(visible and not self.overview_shown)

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
        if self.overview is not None:
            self._render_overview()

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
            self._render_overview()
        self.overview_shown = wanted
        for item in (*self.cards.values(), *self.team_lines.values()):
            item.setVisible(not wanted)
        for arrow in self.arrows.values():
            arrow.setVisible(self.show_influence and not wanted)
        if self.overview is not None:
            self.overview.setVisible(wanted)

    def refresh_overview(self) -> None:
        """The chart changed: the far-out picture, if there is one, shows it as it is now."""
        if self.overview is not None:
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
        for lines in self.team_lines.values():
            painter.drawPath(lines.path())
        grey = QColor("#c4c8ce")
        for card in self.cards.values():
            colour = grey if card.person.departed else STANCE_COLOURS[card.person.stance]
            if card.dimmed:
                colour = QColor(colour.red(), colour.green(), colour.blue(), 60)
            rect = QRectF(card.x(), card.y(), card.width, CARD_HEIGHT)
            painter.fillRect(rect, colour)
            if card.highlighted or card.isSelected():
                mark = QPen(QColor("#f0a500"), 3)
                mark.setCosmetic(True)
                painter.setPen(mark)
                painter.drawRect(rect)
        painter.end()
        self.overview.setPixmap(QPixmap.fromImage(image))
        self.overview.setScale(1 / scale)
        self.overview.setPos(bounds.topLeft())

    def snap_back(self, card: PersonCard) -> None:
        """Put a card that was dragged nowhere back where the layout placed it."""
        home = self.homes.get(card.person.id)
        if home is not None:
            card.setPos(home)

    def card_at(self, point: QPointF, excluding: Any = None) -> PersonCard | None:
        for item in self.items(point):
            if isinstance(item, PersonCard) and item is not excluding:
                return item
        return None

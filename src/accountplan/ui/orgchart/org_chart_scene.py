"""The org chart as a graphics scene: person cards, reporting lines and influence arrows."""

from __future__ import annotations

import math
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

from accountplan.analysis.layout import LayoutNode, TreeLayout
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


class PersonCard(QGraphicsItem):
    """One stakeholder's card; it draws less when zoomed out (level of detail)."""

    def __init__(self, person: ChartPerson, width: float, hidden: int) -> None:
        super().__init__()
        self.person = person
        self.width = width
        self.hidden = hidden
        self.highlighted = False
        self.dimmed = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setAcceptHoverEvents(False)
        self.setZValue(1)

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

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return QRectF(-2, -2, self.width + 4, CARD_HEIGHT + 4)

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


def reporting_lines(layout: TreeLayout) -> QPainterPath:
    """Elbow lines from each manager to their reports; a stacked column (compact mode) gets a side rail."""
    teams: dict[int, list[int]] = {}
    for parent, child in layout.edges:
        teams.setdefault(parent, []).append(child)
    path = QPainterPath()
    places = layout.placements
    for parent, children in teams.items():
        top = places[parent]
        first = places[children[0]]
        if len(children) > 1 and all(places[c].x == first.x for c in children):  # a column
            rail_x = first.x - 10
            middle_y = first.y - (first.y - top.bottom) / 2
            path.moveTo(top.centre_x, top.bottom)
            path.lineTo(top.centre_x, middle_y)
            path.lineTo(rail_x, middle_y)
            last = max(places[c].y for c in children)
            path.lineTo(rail_x, last + places[children[-1]].height / 2)
            for child in children:
                row = places[child]
                path.moveTo(rail_x, row.y + row.height / 2)
                path.lineTo(row.x, row.y + row.height / 2)
            continue
        for child in children:
            bottom = places[child]
            middle_y = bottom.y - (bottom.y - top.bottom) / 2
            path.moveTo(top.centre_x, top.bottom)
            path.lineTo(top.centre_x, middle_y)
            path.lineTo(bottom.centre_x, middle_y)
            path.lineTo(bottom.centre_x, bottom.y)
    return path


class OrgChartScene(QGraphicsScene):
    """The cards, the reporting lines (one path) and the influence arrows of one account."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[int, PersonCard] = {}
        self.homes: dict[int, QPointF] = {}
        self.container: QGraphicsRectItem | None = None
        self.overview: QGraphicsPixmapItem | None = None
        self.overview_shown = False
        self.influence_items: list[QGraphicsPathItem] = []
        self.reporting_lines: QGraphicsPathItem | None = None
        self.show_influence = True

    def show_chart(self, people: dict[int, ChartPerson], layout: TreeLayout, links: list[ChartLink]) -> None:
        self.clear()
        self.cards = {}
        self.homes = {}
        self.influence_items = []
        self.overview, self.overview_shown = None, False
        self.container = QGraphicsRectItem()  # every card and line hangs here: one switch hides them all
        self.container.setPen(QPen(Qt.PenStyle.NoPen))
        self.container.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.addItem(self.container)
        for person_id, place in layout.placements.items():
            card = PersonCard(people[person_id], place.width, layout.hidden_counts.get(person_id, 0))
            card.setPos(place.x, place.y)
            self.homes[person_id] = QPointF(place.x, place.y)
            card.setParentItem(self.container)
            self.cards[person_id] = card
        lines = reporting_lines(layout)
        self.reporting_lines = QGraphicsPathItem(lines, self.container)
        self.reporting_lines.setPen(QPen(QColor("#9aa3ad"), 1.4))
        self.reporting_lines.setZValue(0)
        for link in links:
            if link.source in self.cards and link.target in self.cards:
                self._add_link(link)
        self.setSceneRect(QRectF(-60, -60, layout.width + 120, layout.height + 120))

    def _add_link(self, link: ChartLink) -> None:
        source, target = self.cards[link.source], self.cards[link.target]
        path, head = influence_path(source.sceneBoundingRect(), target.sceneBoundingRect())
        path.addPath(head)
        pen = QPen(INFLUENCE_COLOURS[link.kind], 0.8 + link.strength * 0.5)
        if link.kind in chart_style.DASHED_KINDS:
            pen.setStyle(Qt.PenStyle.DashLine)
        item = QGraphicsPathItem(path, self.container)
        item.setPen(pen)
        item.setZValue(0.5)  # under the cards: the names stay readable
        item.setVisible(self.show_influence)
        item.setData(0, (link.source, link.target, link.kind.value))
        item.setToolTip(
            f"{source.person.name} {link.kind.label.lower()} {target.person.name} (strength {link.strength}/5)"
        )
        self.influence_items.append(item)

    def set_influence_visible(self, visible: bool) -> None:
        self.show_influence = visible
        for item in self.influence_items:
            item.setVisible(visible)

    def emphasise(self, matching: set[int] | None) -> None:
        """Highlight the cards of ``matching`` and dim the others (None: no emphasis)."""
        for person_id, card in self.cards.items():
            if matching is None:
                card.set_emphasis(False, False)
            else:
                card.set_emphasis(person_id in matching, person_id not in matching)
        if self.overview is not None:
            self._render_overview()

    def use_overview(self, wanted: bool) -> None:
        """Far out, show one picture of the chart instead of painting thousands of cards one by one."""
        wanted = wanted and len(self.cards) >= OVERVIEW_MIN_PEOPLE
        if wanted == self.overview_shown or self.container is None:
            return
        if wanted and self.overview is None:
            self.overview = QGraphicsPixmapItem()
            self.overview.setZValue(5)
            self.overview.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            self.addItem(self.overview)
            self._render_overview()
        self.overview_shown = wanted
        self.container.setVisible(not wanted)
        if self.overview is not None:
            self.overview.setVisible(wanted)

    def _render_overview(self) -> None:
        assert self.overview is not None
        bounds = self.itemsBoundingRect() if self.container is None else self.container.childrenBoundingRect()
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
        if self.reporting_lines is not None:
            line_pen = QPen(QColor("#9aa3ad"), 1)
            line_pen.setCosmetic(True)  # one pixel wide whatever the scale
            painter.setPen(line_pen)
            painter.drawPath(self.reporting_lines.path())
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

"""The view of the org chart: zoom, fit, find, drag a card onto another, draw influence links."""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QLineF, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontInfo, QKeyEvent, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView

from accountplan.ui.common.accessibility import describe
from accountplan.ui.orgchart.org_chart_scene import (
    OVERVIEW_SCALE,
    SMALL_FONT,
    ChartPerson,
    OrgChartScene,
    PersonCard,
)

#: What the chart is called to assistive technology, before the current person's name.
CHART_NAME = "Org chart"
#: The arrow keys and where each moves the current person.
MOVES: dict[int, str] = {
    Qt.Key.Key_Up.value: "up",
    Qt.Key.Key_Down.value: "down",
    Qt.Key.Key_Left.value: "left",
    Qt.Key.Key_Right.value: "right",
}
MIN_SCALE, MAX_SCALE = 0.02, 4.0
ZOOM_STEP = 1.25
DRAG_THRESHOLD = 12.0
#: The smallest text on a card (its title, its badges) is at least this tall on the screen at a readable zoom.
READABLE_PIXELS = 9.0


def spoken_card(person: ChartPerson, manager: str | None, reports: int) -> str:
    """What a screen reader says about the person on a card: name, title, stance, influence, place."""
    words = [person.name + (f", {person.title}" if person.title else "")]
    words.append(f"{person.stance.label}, influence {person.influence} of 5")
    if person.roles:
        words.append(", ".join(sorted(role.label for role in person.roles)))
    if person.coverers:
        words.append("Covered by " + ", ".join(person.coverers))
    if person.departed:
        words.append("Has left the company")
    words.append(f"Reports to {manager}" if manager else "At the top")
    if reports:
        words.append(f"{reports} direct report{'s' if reports != 1 else ''}")
    return ". ".join(words) + "."


def readable_scale() -> float:
    """The zoom at which a card's smallest text is READABLE_PIXELS tall on the screen.

    Never closer than 150 % (as Fit), nor farther than the zoom at which the cards draw their titles at all.
    """
    return max(0.6, min(1.5, READABLE_PIXELS / max(QFontInfo(SMALL_FONT).pixelSize(), 1)))


class OrgChartView(QGraphicsView):
    """Pan, zoom and edit the chart with the mouse, or walk it with the keyboard.

    The selected card is the current person: the arrow keys move to their manager (Up), first report
    (Down), previous and next colleague under the same manager (Left, Right); Enter opens them. The view's
    accessible name and description say who is current, so a screen reader announces each move.

    Signals:
        reparent_requested(int, int): a card (first id) was dropped on another (the new manager's id).
        link_requested(int, int): an influence link was drawn from the first person to the second.
        context_requested(int, QPoint): the context menu was asked for on a card (global position).
        open_requested(int): Enter was pressed on the current person's card.
    """

    reparent_requested = Signal(int, int)
    link_requested = Signal(int, int)
    context_requested = Signal(int, object)
    open_requested = Signal(int)

    def __init__(self, scene: OrgChartScene) -> None:
        super().__init__(scene)
        self.chart = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor("#f6f7f9"))
        # A chart shorter than the window hangs from the top, as an organisation does, not in mid-air.
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._pressed: PersonCard | None = None
        self._press_pos = QPointF()
        self._link_source: PersonCard | None = None
        self._rubber: QGraphicsLineItem | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        describe(
            self, CHART_NAME, "Nobody chosen: press an arrow key to start at the top of the organisation."
        )
        scene.selectionChanged.connect(self._announce_current)

    # --- zoom ---------------------------------------------------------------------------------------

    def scale_factor(self) -> float:
        return float(self.transform().m11())

    def zoom(self, factor: float) -> None:
        wanted = max(MIN_SCALE, min(MAX_SCALE, self.scale_factor() * factor))
        factor = wanted / self.scale_factor()
        self.scale(factor, factor)
        self.chart.use_overview(self.scale_factor() < OVERVIEW_SCALE)

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def fit(self) -> None:
        rect = self.chart.chart_rect  # the cards and lines (not the room kept around them for arrows)
        if not rect.isEmpty():
            self.fitInView(rect.adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom(min(1.0, 1.5 / self.scale_factor()))  # never closer than 150 %; refreshes the overview

    def centre_on(self, person_id: int) -> bool:
        card = self.chart.cards.get(person_id)
        if card is None:
            return False
        if self.scale_factor() < readable_scale():
            self.zoom(readable_scale() / self.scale_factor())
        self.chart.clearSelection()
        card.setSelected(True)
        self.centerOn(card)
        return True

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    # --- drawing an influence link -------------------------------------------------------------------

    def start_link(self, person_id: int) -> None:
        card = self.chart.cards.get(person_id)
        if card is None:
            return
        self._link_source = card
        self._rubber = self.chart.addLine(QLineF(), QPen(QColor("#2f6fd6"), 2, Qt.PenStyle.DashLine))
        self._rubber.setZValue(3)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def cancel_link(self) -> None:
        if self._rubber is not None:
            self.chart.removeItem(self._rubber)
        self._rubber, self._link_source = None, None
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().unsetCursor()

    @property
    def drawing_link(self) -> bool:
        return self._link_source is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Escape and self.drawing_link:
            self.cancel_link()
            return
        if key in MOVES and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.move_current(MOVES[key])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.current_id()
            if current is not None:
                self.open_requested.emit(current)
                return
        super().keyPressEvent(event)

    # --- the current person (keyboard) --------------------------------------------------------------

    def current_id(self) -> int | None:
        """The person whose card is selected (the first, when several are)."""
        for item in self.chart.selectedItems():
            if isinstance(item, PersonCard):
                return item.person.id
        return None

    def move_current(self, where: str) -> int | None:
        """Make the manager ("up"), first report ("down") or a colleague ("left", "right") current.

        With nobody current, the top of the organisation becomes current. The new current card is
        selected and scrolled into view; where there is nobody in that direction nothing moves.
        """
        cards = self.chart.cards
        current = cards.get(self.current_id() or -1)
        if current is None:
            target = self._top_card()
        elif where == "up":
            target = cards.get(current.person.manager_id or -1)
        elif where == "down":
            reports = self._in_order(c for c in cards.values() if c.person.manager_id == current.person.id)
            target = reports[0] if reports else None
        else:
            manager = current.person.manager_id if current.person.manager_id in cards else None
            colleagues = self._in_order(c for c in cards.values() if self._manager_shown(c) == manager)
            index = colleagues.index(current) + (1 if where == "right" else -1)
            target = colleagues[index] if 0 <= index < len(colleagues) else None
        if target is None:
            return None
        self.make_current(target.person.id)
        return target.person.id

    def make_current(self, person_id: int) -> bool:
        """Select ``person_id``'s card and scroll it into view, at a zoom where it can be read."""
        card = self.chart.cards.get(person_id)
        if card is None:
            return False
        if self.scale_factor() < readable_scale():
            self.zoom(readable_scale() / self.scale_factor())
        self.chart.clearSelection()
        card.setSelected(True)
        self.ensureVisible(card, 60, 60)
        return True

    def _manager_shown(self, card: PersonCard) -> int | None:
        manager = card.person.manager_id
        return manager if manager in self.chart.cards else None

    @staticmethod
    def _in_order(cards: Iterable[PersonCard]) -> list[PersonCard]:
        """Cards as they are read on the screen: left to right, then top to bottom (a compact column)."""
        return sorted(cards, key=lambda c: (round(c.scenePos().x()), c.scenePos().y(), c.person.id))

    def _top_card(self) -> PersonCard | None:
        """The head of the largest organisation (the first from the left among equals)."""
        cards = self.chart.cards
        if not cards:
            return None
        counts: dict[int | None, int] = {}
        for card in cards.values():
            manager = self._manager_shown(card)
            counts[manager] = counts.get(manager, 0) + 1
        roots = self._in_order(c for c in cards.values() if self._manager_shown(c) is None)
        return max(roots, key=lambda c: counts.get(c.person.id, 0))  # max keeps the first among equals

    def _announce_current(self) -> None:
        """Name and describe the view by its current person, for a screen reader to announce."""
        if not shiboken6.isValid(self.chart):
            return  # the page is going: its scene, deleting its cards, deselected them
        current = self.chart.cards.get(self.current_id() or -1)
        if current is None:
            describe(
                self, CHART_NAME, "Nobody chosen: press an arrow key to start at the top of the organisation."
            )
            return
        person = current.person
        manager = self.chart.cards.get(person.manager_id or -1)
        reports = sum(1 for c in self.chart.cards.values() if c.person.manager_id == person.id)
        spoken = spoken_card(person, manager.person.name if manager else None, reports)
        describe(self, f"{CHART_NAME}: {person.name}", spoken)

    # --- mouse ---------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = self.mapToScene(event.position().toPoint())
        card = self.chart.card_at(point)
        if self.drawing_link and event.button() == Qt.MouseButton.LeftButton:
            source = self._link_source
            self.cancel_link()
            if card is not None and source is not None and card is not source:
                self.link_requested.emit(source.person.id, card.person.id)
            event.accept()
            return
        self._pressed = card if event.button() == Qt.MouseButton.LeftButton else None
        self._press_pos = point
        if card is not None:
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
        if self._pressed is not None:
            self.chart.lift(self._pressed)  # dragged out of its team, it is drawn wherever it goes
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._rubber is not None and self._link_source is not None:
            start = self._link_source.sceneBoundingRect().center()
            self._rubber.setLine(QLineF(start, self.mapToScene(event.position().toPoint())))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        dragged = self._pressed
        point = self.mapToScene(event.position().toPoint())
        super().mouseReleaseEvent(event)
        self._pressed = None
        if not self.drawing_link:
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        if dragged is None:
            return
        if QLineF(point, self._press_pos).length() < DRAG_THRESHOLD:
            self.chart.snap_back(dragged)
            return
        target = self.chart.card_at(
            dragged.sceneBoundingRect().center(), excluding=dragged
        ) or self.chart.card_at(point, excluding=dragged)
        if target is not None:
            self.reparent_requested.emit(dragged.person.id, target.person.id)
        if self.chart.cards.get(dragged.person.id) is dragged:  # not drawn anew meanwhile
            self.chart.snap_back(dragged)  # moved: where the new layout placed it; refused: back home

    def contextMenuEvent(self, event: object) -> None:  # noqa: N802
        pos = event.pos()  # type: ignore[attr-defined]
        card = self.chart.card_at(self.mapToScene(pos))
        if card is not None:
            self.chart.clearSelection()
            card.setSelected(True)
            self.context_requested.emit(card.person.id, event.globalPos())  # type: ignore[attr-defined]

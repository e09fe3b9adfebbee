"""The view of the org chart: zoom, fit, find, drag a card onto another, draw influence links."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontInfo, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView

from accountplan.ui.orgchart.org_chart_scene import OVERVIEW_SCALE, SMALL_FONT, OrgChartScene, PersonCard

MIN_SCALE, MAX_SCALE = 0.02, 4.0
ZOOM_STEP = 1.25
DRAG_THRESHOLD = 12.0
#: The smallest text on a card (its title, its badges) is at least this tall on the screen at a readable zoom.
READABLE_PIXELS = 9.0


def readable_scale() -> float:
    """The zoom at which a card's smallest text is READABLE_PIXELS tall on the screen.

    Never closer than 150 % (as Fit), nor farther than the zoom at which the cards draw their titles at all.
    """
    return max(0.6, min(1.5, READABLE_PIXELS / max(QFontInfo(SMALL_FONT).pixelSize(), 1)))


class OrgChartView(QGraphicsView):
    """Pan, zoom and edit the chart with the mouse.

    Signals:
        reparent_requested(int, int): a card (first id) was dropped on another (the new manager's id).
        link_requested(int, int): an influence link was drawn from the first person to the second.
        context_requested(int, QPoint): the context menu was asked for on a card (global position).
    """

    reparent_requested = Signal(int, int)
    link_requested = Signal(int, int)
    context_requested = Signal(int, object)

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

    def keyPressEvent(self, event: object) -> None:  # noqa: N802
        if getattr(event, "key", lambda: None)() == Qt.Key.Key_Escape and self.drawing_link:
            self.cancel_link()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

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

"""The customer's decision process drawn left to right: a box per step, arrows from prerequisite to step."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from accountplan.analysis.decision_path import DecisionGraph, PathAnalysis, StepNode
from accountplan.model.enums import StepStatus
from accountplan.reports import chart_style

BOX_WIDTH, BOX_HEIGHT = 172.0, 96.0
COLUMN_GAP, ROW_GAP = 40.0, 22.0
STATUS_COLOURS = {
    StepStatus.NOT_STARTED: "#9aa0a6",
    StepStatus.IN_PROGRESS: "#2f6fd6",
    StepStatus.DONE: "#1b8a3a",
    StepStatus.BLOCKED: "#d2453b",
}
CRITICAL_COLOUR = "#f0a500"
DONE_FILL = "#f3f7f3"
TEXT_LEFT = 12.0
#: The badges a step can carry: (text, fill colour), in the order they are drawn.
BADGES = {
    "overdue": ("LATE", "#b3261e"),
    "blocked": ("BLOCKED", "#d2453b"),
    "ownerless": ("NO OWNER", "#b26a00"),
}
ARROW_COLOUR = chart_style.REPORTING_LINE


@functools.cache
def box_fonts() -> tuple[QFont, QFont, QFont]:
    """The fonts of a box: name, details, badges (made once the application exists, not at import)."""
    name = QFont()
    name.setBold(True)
    small = QFont()
    small.setPointSizeF(max(small.pointSizeF() - 1.0, 6.0))
    badge = QFont(small)
    badge.setBold(True)
    return name, small, badge


def owner_text(step: StepNode) -> str:
    """Who owns the step ("No owner"; "(departed)" after a name when they have left)."""
    if not step.owner:
        return "No owner"
    return f"{step.owner} (departed)" if step.owner_departed else step.owner


def place_steps(graph: DecisionGraph, columns: dict[int, int]) -> dict[int, QPointF]:
    """The top-left corner of each box: a column per layer; in a column, near the prerequisites, then by due."""
    prerequisites: dict[int, list[int]] = {}
    for before, after in graph.edges:
        prerequisites.setdefault(after, []).append(before)
    places: dict[int, QPointF] = {}
    for column in sorted(set(columns.values())):
        steps = [step_id for step_id, c in columns.items() if c == column]

        def key(step_id: int) -> tuple[float, dt.date, int]:
            ys = [places[p].y() for p in prerequisites.get(step_id, ()) if p in places]
            middle = sum(ys) / len(ys) if ys else 0.0
            return middle, graph.steps[step_id].due or dt.date.max, step_id

        for row, step_id in enumerate(sorted(steps, key=key)):
            places[step_id] = QPointF(column * (BOX_WIDTH + COLUMN_GAP), row * (BOX_HEIGHT + ROW_GAP))
    return places


def arrow_path(start: QRectF, end: QRectF) -> QPainterPath:
    """A curve from the right edge of the prerequisite to the left edge of the step, with its head."""
    a = QPointF(start.right(), start.center().y())
    b = QPointF(end.left() - 1, end.center().y())
    bend = max((b.x() - a.x()) / 2, 24.0)
    path = QPainterPath(a)
    path.cubicTo(QPointF(a.x() + bend, a.y()), QPointF(b.x() - bend, b.y()), b)
    path.moveTo(b)
    path.lineTo(b + QPointF(-9, -5))
    path.moveTo(b)
    path.lineTo(b + QPointF(-9, 5))
    return path


class StepBox(QGraphicsItem):
    """One step: name, kind, owner and due date; a status stripe, badges, and a thick outline if critical."""

    def __init__(self, step: StepNode, badges: list[str], critical: bool) -> None:
        super().__init__()
        self.step, self.badges, self.critical = step, badges, critical
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        due = f"Due {step.due.isoformat()}" if step.due else "No due date"
        lines = [step.name, step.kind.label, f"Owner: {owner_text(step)}", due, step.status.label]
        self.setToolTip("\n".join([*lines, step.notes] if step.notes else lines))

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return QRectF(-3, -3, BOX_WIDTH + 6, BOX_HEIGHT + 6)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        step = self.step
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            border = QColor(chart_style.ACCENT)
        else:
            border = QColor(CRITICAL_COLOUR if self.critical else chart_style.CARD_BORDER)
        painter.setPen(QPen(border, 3.5 if selected or self.critical else 1))
        done = step.status is StepStatus.DONE
        painter.setBrush(QBrush(QColor(DONE_FILL if done else chart_style.CARD_FILL)))
        painter.drawRoundedRect(QRectF(0, 0, BOX_WIDTH, BOX_HEIGHT), 6, 6)
        painter.fillRect(QRectF(0, 4, 6, BOX_HEIGHT - 8), QColor(STATUS_COLOURS[step.status]))
        name_font, small_font, _badge = box_fonts()
        painter.setPen(QColor(chart_style.TEXT))
        painter.setFont(name_font)
        metrics = QFontMetricsF(name_font)
        for line, text in enumerate(self._name_lines()):
            painter.drawText(QPointF(TEXT_LEFT, 6 + metrics.ascent() + line * metrics.lineSpacing()), text)
        painter.setFont(small_font)
        small = QFontMetricsF(small_font)
        muted = QColor(chart_style.MUTED_TEXT)
        due = f"due {step.due.isoformat()}" if step.due else "no due date"
        rows = (
            (f"{step.kind.label} · {step.status.label}", muted),
            (owner_text(step), QColor(BADGES["ownerless"][1]) if "ownerless" in self.badges else muted),
            (due, QColor(BADGES["overdue"][1]) if "overdue" in self.badges else muted),
        )
        for line, (text, colour) in enumerate(rows):
            painter.setPen(colour)
            baseline = 44 + small.ascent() + line * small.lineSpacing()
            elided = small.elidedText(text, Qt.TextElideMode.ElideRight, BOX_WIDTH - TEXT_LEFT - 6)
            painter.drawText(QPointF(TEXT_LEFT, baseline), elided)
        self._paint_badges(painter)

    def _name_lines(self) -> list[str]:
        """The name wrapped on at most two lines, the second cut with an ellipsis when it is longer."""
        metrics = QFontMetricsF(box_fonts()[0])
        width = BOX_WIDTH - TEXT_LEFT - 6
        lines: list[str] = []
        for word in self.step.name.split():
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if len(lines) > 2:
            lines = [lines[0], " ".join(lines[1:])]
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]

    def _paint_badges(self, painter: QPainter) -> None:
        font = box_fonts()[2]
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        x = BOX_WIDTH - 6
        for key in reversed(self.badges):
            text, colour = BADGES[key]
            width = metrics.horizontalAdvance(text) + 10
            x -= width
            badge = QRectF(x, -9, width, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            x -= 4


class DecisionScene(QGraphicsScene):
    """The boxes and arrows of one decision process; ``boxes`` by step id, ``arrows`` by (prerequisite, step)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[int, StepBox] = {}
        self.arrows: dict[tuple[int, int], QGraphicsPathItem] = {}

    def show_graph(self, graph: DecisionGraph, columns: dict[int, int], analysis: PathAnalysis) -> None:
        self.clear()
        self.boxes, self.arrows = {}, {}
        critical = set(analysis.critical)
        critical_edges = set(zip(analysis.critical, analysis.critical[1:], strict=False))
        for step_id, place in place_steps(graph, columns).items():
            badges = [
                key
                for key, ids in (
                    ("overdue", analysis.overdue),
                    ("blocked", analysis.blocked),
                    ("ownerless", analysis.ownerless),
                )
                if step_id in ids
            ]
            box = StepBox(graph.steps[step_id], badges, step_id in critical)
            box.setPos(place)
            self.addItem(box)
            self.boxes[step_id] = box
        for edge in graph.edges:
            before, after = edge
            if before not in self.boxes or after not in self.boxes:
                continue
            on_path = edge in critical_edges
            item = self.addPath(
                arrow_path(
                    self.boxes[before].sceneBoundingRect().adjusted(3, 3, -3, -3),
                    self.boxes[after].sceneBoundingRect().adjusted(3, 3, -3, -3),
                ),
                QPen(QColor(CRITICAL_COLOUR if on_path else ARROW_COLOUR), 3.5 if on_path else 1.4),
            )
            item.setZValue(2 if on_path else 0)
            self.arrows[edge] = item
        self.setSceneRect(self.itemsBoundingRect().adjusted(-24, -24, 24, 24))

    def select_steps(self, step_ids: Iterable[int]) -> None:
        wanted = set(step_ids)
        for step_id, box in self.boxes.items():
            box.setSelected(step_id in wanted)

    def selected_step(self) -> int | None:
        for item in self.selectedItems():
            if isinstance(item, StepBox):
                return item.step.id
        return None

    def critical_boxes(self) -> list[int]:
        return [step_id for step_id, box in self.boxes.items() if box.critical]

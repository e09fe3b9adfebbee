"""The two processes of a deal side by side: our sales stages and the customer's buying stages, with time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from accountplan.analysis.stages import StageHistory, StageSpell, expected_buying
from accountplan.model.enums import BuyingStage, SalesStage
from accountplan.plan.opportunities import OpportunityRow
from accountplan.ui.pursuit.opportunity_model import days_text

Stage = SalesStage | BuyingStage
#: How a stage row looks: the current stage, one passed through, one not reached (or skipped).
CURRENT_STYLE = "background:#1f5fbf; color:#ffffff; font-weight:600; border-radius:4px; padding:3px 6px;"
PASSED_STYLE = "background:#e3e8f0; color:#1d2127; border-radius:4px; padding:3px 6px;"
AHEAD_STYLE = "color:#8a8f98; padding:3px 6px;"
#: The customer's stages that fit our current stage carry a green bar on their left.
FITS_STYLE = "background:#63b36b; border-radius:2px;"


def _day(day: dt.date) -> str:
    return day.strftime("%d %b %Y").lstrip("0")


def spell_text(spells: Sequence[StageSpell]) -> str:
    """What a stage row says of the time spent there ("since 3 Jan 2026 · 35 days so far")."""
    if not spells:
        return ""
    last = spells[-1]
    total = sum(spell.days for spell in spells)
    if last.current:
        text = f"since {_day(last.entered)} · {days_text(total)} so far"
    else:
        text = f"entered {_day(last.entered)} · {days_text(total)}"
    return f"{text} ({len(spells)} times)" if len(spells) > 1 else text


class ProcessColumn(QFrame):
    """Every stage of one process, in order: passed ones with their dates, the current one highlighted.

    Signals:
        stage_requested(object): the user chose to move the deal to this stage (a SalesStage or BuyingStage).
    """

    stage_requested = Signal(object)

    def __init__(self, heading: str, stages: Sequence[Stage], movable: Sequence[Stage]) -> None:
        super().__init__()
        self.stages = tuple(stages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        title = QLabel(heading)
        title.setStyleSheet("font-weight:600;")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.names: dict[Stage, QLabel] = {}
        self.details: dict[Stage, QLabel] = {}
        self.bars: dict[Stage, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(3)
        for row, stage in enumerate(self.stages):
            bar, name, detail = QLabel(""), QLabel(stage.label), QLabel("")
            bar.setFixedWidth(5)
            # On a narrow window the time spent wraps under itself and the stage's name stays whole.
            detail.setWordWrap(True)
            grid.addWidget(bar, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(detail, row, 2)
            self.bars[stage], self.names[stage], self.details[stage] = bar, name, detail
        grid.setColumnMinimumWidth(0, 8)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        move = QHBoxLayout()
        move.addWidget(QLabel("Move to"))
        self.move_box = QComboBox()
        for stage in movable:
            self.move_box.addItem(stage.label, stage.value)
        self.move_box.activated.connect(lambda _index: self._requested())
        move.addWidget(self.move_box, 1)
        layout.addLayout(move)
        layout.addStretch(1)
        self.current: Stage | None = None

    def show_stages(self, current: Stage | None, spells: Sequence[StageSpell], fits: set[Stage]) -> None:
        """Mark the current stage, write each stage's time, and the bar on the stages in ``fits``."""
        self.current = current
        position = self.stages.index(current) if current in self.stages else -1
        for index, stage in enumerate(self.stages):
            own = [spell for spell in spells if spell.stage == stage]
            style = CURRENT_STYLE if stage == current else PASSED_STYLE if own else AHEAD_STYLE
            self.bars[stage].setStyleSheet(FITS_STYLE if stage in fits else "")
            self.names[stage].setStyleSheet(style)
            self.details[stage].setStyleSheet(style)
            text = spell_text(own)
            if not own and index < position:
                text = "skipped"
            # A narrow column wraps the time spent between its parts, never inside a date ("6 Apr / 2025").
            for spell in own:
                day = _day(spell.entered)
                text = text.replace(day, day.replace(" ", "\u00a0"))
            self.details[stage].setText(text)
            self.names[stage].setToolTip(
                "\n".join(
                    f"{_day(s.entered)} → {_day(s.left) if s.left else 'now'}: {days_text(s.days)}"
                    for s in own
                )
            )
        index = self.move_box.findData(current.value if current is not None else None)
        self.move_box.setCurrentIndex(max(index, 0))

    def _requested(self) -> None:
        value = self.move_box.currentData()
        if value is None:
            return
        stage = type(self.stages[0])(value)
        if stage != self.current:
            self.stage_requested.emit(stage)


class StageColumns(QWidget):
    """Our sales stages beside the customer's buying stages, each with a way to move the deal.

    Signals:
        stage_requested(object): move the deal to this SalesStage or BuyingStage.
    """

    stage_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        open_stages = [stage for stage in SalesStage if stage is not SalesStage.CLOSED]
        self.sales = ProcessColumn("Our sales stages", list(SalesStage), open_stages)
        self.buying = ProcessColumn("The customer's buying process", list(BuyingStage), list(BuyingStage))
        for column in (self.sales, self.buying):
            column.stage_requested.connect(self.stage_requested)
            columns.addWidget(column, 1)
        layout.addLayout(columns)
        self.legend = QLabel(
            "Blue: where the deal is now. Green bar: the customer's stages that fit our stage."
        )
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)

    def show_deal(self, row: OpportunityRow | None, history: StageHistory | None) -> None:
        if row is None or history is None:
            self.sales.show_stages(None, (), set())
            self.buying.show_stages(None, (), set())
            self.setEnabled(False)
            return
        self.setEnabled(True)
        lowest, highest = expected_buying(row.sales_stage)
        fits: set[Stage] = {s for s in BuyingStage if lowest.order <= s.order <= highest.order}
        self.sales.show_stages(row.sales_stage, history.sales, set())
        self.buying.show_stages(row.buying_stage, history.buying, fits)
        self.sales.move_box.setEnabled(row.outcome is None)

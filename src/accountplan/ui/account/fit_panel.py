"""An account's ideal-account checklist: six check boxes, a note beside each, every tick and note undoable."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLineEdit

from accountplan.model.enums import FitCriterion
from accountplan.plan import changes
from accountplan.plan.account_fit import FIT_CRITERIA, FitLine, fit_checklist, fit_score
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext, command

SetFit = command(changes.SetFit)
#: What each criterion asks, said when the mouse rests on it.
CRITERION_TIPS = {
    FitCriterion.GROWING_REVENUE: "The customer's revenue is growing: they invest",
    FitCriterion.TRANSFORMATION: "A transformation initiative is under way that we can attach to",
    FitCriterion.COMPELLING_EVENT: "Something forces the customer's timing",
    FitCriterion.EXECUTIVE_RELATIONSHIPS: "Our executives have relationships with theirs",
    FitCriterion.INCUMBENT_NOT_DELIVERING: "The incumbent solution does not deliver",
    FitCriterion.BUDGET_OWNER_KNOWN: "We know who owns the budget",
}


class FitPanel(QGroupBox):
    """The checklist of one account (none: disabled); it reads the account again with :meth:`show_account`."""

    def __init__(self, context: PlanContext) -> None:
        super().__init__("Ideal-account fit")
        self.context = context
        self.account_id: int | None = None
        self.name = ""
        self.lines: dict[FitCriterion, FitLine] = {}
        self.boxes: dict[FitCriterion, QCheckBox] = {}
        self.notes: dict[FitCriterion, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for place, criterion in enumerate(FitCriterion):
            box = QCheckBox(criterion.label)
            box.setToolTip(CRITERION_TIPS[criterion])
            box.clicked.connect(lambda checked, c=criterion: self.set_met(c, checked))
            note = QLineEdit()
            note.setPlaceholderText("Why (evidence, source)…")
            describe(note, f"Note on {criterion.label.lower()}")
            note.editingFinished.connect(lambda c=criterion: self.set_note(c, self.notes[c].text()))
            row, column = place % 3, 2 * (place // 3)
            grid.addWidget(box, row, column)
            grid.addWidget(note, row, column + 1)
            self.boxes[criterion], self.notes[criterion] = box, note
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.show_account(None)

    @property
    def score(self) -> int:
        return fit_score(list(self.lines.values()))

    def show_account(self, account_id: int | None, name: str = "") -> None:
        """Show the checklist of ``account_id`` as stored now (None: no account chosen)."""
        self.account_id, self.name = account_id, name
        lines: list[FitLine] = []
        if account_id is not None:
            with self.context.database.session() as session:
                lines = fit_checklist(session, account_id)
        self.lines = {line.criterion: line for line in lines}
        for criterion, box in self.boxes.items():
            line = self.lines.get(criterion)
            box.setChecked(bool(line and line.met))
            note = self.notes[criterion]
            if not note.hasFocus() or line is None:
                note.setText(line.note if line else "")
        self.setEnabled(account_id is not None)
        self.setTitle(
            f"Ideal-account fit of {name}: {self.score} of {FIT_CRITERIA}"
            if account_id is not None
            else "Ideal-account fit: choose an account"
        )

    def set_met(self, criterion: FitCriterion, met: bool) -> bool:
        """Tick or untick ``criterion`` (undoable); False if refused (the box shows what is stored)."""
        line = self.lines.get(criterion)
        if self.account_id is None or line is None or line.met == met:
            return False
        done = self.context.execute(SetFit(self.context, self.account_id, criterion, met=met))
        if not done:
            self.show_account(self.account_id, self.name)
        return done

    def set_note(self, criterion: FitCriterion, text: str) -> bool:
        """Change the note on ``criterion`` (undoable) when it differs from the stored one."""
        line = self.lines.get(criterion)
        if self.account_id is None or line is None or line.note == text.strip():
            return False
        return self.context.execute(SetFit(self.context, self.account_id, criterion, note=text))

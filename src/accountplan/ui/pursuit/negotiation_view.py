"""The Negotiation tab of the opportunities page: the chosen deal's price, gives and gets, negotiators, approvals.

Internal only. The price is a directional range until the solution mix is final, then a target and a
walk-away; the three lists are edited in place (keyboard: F2 or typing edits a cell, Delete deletes the row,
Ctrl+Up / Ctrl+Down move a give or get); every edit is one undoable command.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import NegotiatorKind, Severity, TermSide
from accountplan.plan.negotiation import (
    NegotiationFinding,
    NegotiationView,
    amount_text,
    negotiation_view,
    price_sentence,
)
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.internal_banner import internal_banner
from accountplan.ui.common.record_table import record_table
from accountplan.ui.common.theme import severity_colour
from accountplan.ui.pursuit.deal_selector import DealLike, DealSelector
from accountplan.ui.pursuit.negotiation_commands import (
    AddApproval,
    AddNegotiator,
    AddTerm,
    DeleteApproval,
    DeleteNegotiator,
    DeleteTerm,
    MoveTerm,
    UpdatePrice,
)
from accountplan.ui.pursuit.negotiation_model import (
    ApprovalsModel,
    NegotiatorsModel,
    TermsModel,
    _NegotiationModel,
)

#: The tint behind a finding of each severity (its text takes the severity's colour).
_TINTS = {"critical": "#fbe3e1", "high": "#fbe3e1", "medium": "#fdf0dc", "low": "#eceef1"}
_NOT_FINAL = "When final"
_FINAL = "Was directional"


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value, ",.0f" if value == value.to_integral_value() else ",.2f")


def _calm(view: NegotiationView | None) -> str:
    """What the findings' place says when there is no finding."""
    if view is None:
        return ""
    if view.is_empty:
        return "Nothing recorded yet: start with the directional price range, then what we give and get."
    if not view.negotiators:
        return "No layer of their negotiators is mapped yet (procurement, legal, the executive sponsor)."
    return "Every layer of their negotiators is covered and no approval is overdue."


class FindingLines(QWidget):
    """The negotiation's findings, one tinted line each, the most severe first (user text escaped)."""

    def __init__(self) -> None:
        super().__init__()
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(4)
        self.labels: list[QLabel] = []

    def show_findings(self, findings: Sequence[NegotiationFinding], calm: str) -> None:
        for label in self.labels:
            self.box.removeWidget(label)
            label.deleteLater()
        self.labels = []
        for finding in findings:
            severity = Severity(finding.severity)
            colour = severity_colour(severity).name()
            label = QLabel(f"<b>⚠ {severity.label.upper()}</b> &nbsp;{html.escape(finding.text)}")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setStyleSheet(
                f"background:{_TINTS[severity.value]}; color:{colour}; "
                f"border-left:5px solid {colour}; border-radius:3px; padding:5px 8px;"
            )
            self.labels.append(label)
        if not findings and calm:
            quiet = QLabel(calm)
            quiet.setWordWrap(True)
            quiet.setStyleSheet("color:#1b8a3a; padding:4px 0;")
            self.labels.append(quiet)
        for label in self.labels:
            self.box.addWidget(label)
        self.box.addStretch(0)

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels]


class _List(QWidget):
    """One list of the plan: a row to add to it, the table, and its buttons (Delete, and Move for terms)."""

    def __init__(
        self, model: _NegotiationModel, name: str, description: str, delete: Callable[[], object]
    ) -> None:
        super().__init__()
        self.model = model
        self.adding = QHBoxLayout()
        self.table = record_table(model)
        self.table.setEditTriggers(
            self.table.editTriggers() | QTableView.EditTrigger.AnyKeyPressed
        )  # typing on a cell starts editing it
        self.table.horizontalHeader().setStretchLastSection(False)
        # One line a row; a long text ends in "…" and its tooltip says it whole.
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        describe(self.table, name, description)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected row (Delete); Edit → Undo brings it back")
        self.delete_button.clicked.connect(lambda: delete())
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(delete)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.delete_button)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.adding)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addLayout(self.buttons)
        bottom.addWidget(self.note, 1)
        layout.addLayout(bottom)

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def select_id(self, item_id: int, column: int = 0) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, max(column, 0)))

    def update_buttons(self) -> None:
        self.delete_button.setEnabled(self.selected() is not None)

    def show_view(self, account_id: int | None, view: NegotiationView | None, widths: Sequence[int]) -> None:
        """Show the list of ``view``, keeping the selected row and column."""
        chosen = self.selected()
        column = self.table.currentIndex().column()
        self.model.show(account_id, view)
        header = self.table.horizontalHeader()
        for index, width in enumerate(widths):
            if width:
                self.table.setColumnWidth(index, width)
            else:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
        if chosen is not None:
            self.select_id(chosen.id, column)
        self.update_buttons()


class NegotiationTab(QWidget):
    """The negotiation plan of one deal (internal only), edited in place.

    Signals:
        deal_chosen(int): the user picked another deal in the tab's own deal list.
    """

    deal_chosen = Signal(int)

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        self.deal_id: int | None = None
        self.view: NegotiationView | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel("")
        self.heading.setStyleSheet("font-size:13pt; font-weight:600;")
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        deal_label = QLabel("&Deal")
        self.deals = DealSelector()
        deal_label.setBuddy(self.deals)
        self._following = False
        self.deals.deal_changed.connect(self._deal_picked)
        top.addWidget(deal_label)
        top.addWidget(self.deals)
        layout.addLayout(top)
        layout.addWidget(
            internal_banner(
                "the price range, target and walk-away, the gives and gets, their negotiators and our "
                "approvals never reach a customer document."
            )
        )
        upper = QHBoxLayout()
        upper.addWidget(self._price_box(), 0)
        self.findings = FindingLines()
        findings_box = QGroupBox("What to watch")
        inside = QVBoxLayout(findings_box)
        inside.addWidget(self.findings)
        inside.addStretch(1)
        upper.addWidget(findings_box, 1)
        layout.addLayout(upper)
        self.lists = QTabWidget()
        self.terms = self._terms_list()
        self.negotiators = self._negotiators_list()
        self.approvals = self._approvals_list()
        for part in (self.terms, self.negotiators, self.approvals):
            self.lists.addTab(part, "")
        layout.addWidget(self.lists, 1)
        self._enable(False)

    # --- building --------------------------------------------------------------------------------------

    def _price_box(self) -> QGroupBox:
        box = QGroupBox("Price")
        grid = QGridLayout(box)
        self.final = QCheckBox("Solution mix is &final")
        self.final.setToolTip(
            "Until the solution mix is final the price is a directional range; then set a target and a "
            "walk-away price"
        )
        self.final.clicked.connect(lambda checked: self._save_price("solution_final", bool(checked)))
        grid.addWidget(self.final, 0, 0, 1, 4)
        self.price_edits: dict[str, QLineEdit] = {}
        for row, column, field, text in (
            (1, 0, "price_low", "Range &low"),
            (1, 2, "price_high", "&high"),
            (2, 0, "target", "&Target"),
            (2, 2, "walk_away", "&Walk away below"),
        ):
            edit = QLineEdit()
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMinimumWidth(130)
            edit.editingFinished.connect(lambda field=field, edit=edit: self._save_price(field, edit.text()))
            label = QLabel(text)
            label.setBuddy(edit)
            grid.addWidget(label, row, column)
            grid.addWidget(edit, row, column + 1)
            self.price_edits[field] = edit
        self.sentence = QLabel("")
        self.sentence.setWordWrap(True)
        grid.addWidget(self.sentence, 3, 0, 1, 4)
        notes_label = QLabel("&Notes")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("How we negotiate this deal; saved when you leave the field")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        self.notes.installEventFilter(self)
        notes_label.setBuddy(self.notes)
        grid.addWidget(notes_label, 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.notes, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        box.setMinimumWidth(470)
        box.setMaximumWidth(560)
        return box

    def _terms_list(self) -> _List:
        part = _List(
            TermsModel(self.context),
            "Gives and gets table",
            "What we give and what we get in return: worth to them, cost to us, status",
            self.delete_term,
        )
        self.new_side = QComboBox()
        self.new_side.addItem("Give", TermSide.GIVE.value)
        self.new_side.addItem("Get", TermSide.GET.value)
        self.new_side.setAccessibleName("Give or get")
        self.new_term = QLineEdit()
        self.new_term.setPlaceholderText("New give or get, e.g. “Three-year term” (Enter adds it)")
        self.new_term.returnPressed.connect(lambda: self.add_term())
        add = QPushButton("Add give or get")
        add.clicked.connect(lambda: self.add_term())
        part.adding.addWidget(self.new_side)
        part.adding.addWidget(self.new_term, 1)
        part.adding.addWidget(add)
        self.up_button = QPushButton("Move up")
        self.up_button.setToolTip("Move the selected give or get up (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_term(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.setToolTip("Move the selected give or get down (Ctrl+Down)")
        self.down_button.clicked.connect(lambda: self.move_term(1))
        part.buttons.addWidget(self.up_button)
        part.buttons.addWidget(self.down_button)
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), part.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_term(step))
        part.table.selectionModel().selectionChanged.connect(lambda *_: self._update_moves())
        return part

    def _negotiators_list(self) -> _List:
        part = _List(
            NegotiatorsModel(self.context),
            "Negotiators table",
            "The layers of the customer's negotiators, their person, and who of ours covers each",
            self.delete_negotiator,
        )
        self.new_kind = QComboBox()
        for kind in NegotiatorKind:
            self.new_kind.addItem(kind.label, kind.value)
        self.new_kind.setAccessibleName("Layer to add")
        self.add_layer_button = add = QPushButton("Add layer")
        add.setToolTip("Add a layer of their negotiators; then pick their person and who of ours covers it")
        add.clicked.connect(lambda: self.add_negotiator())
        part.adding.addWidget(QLabel("Their layer"))
        part.adding.addWidget(self.new_kind)
        part.adding.addWidget(add)
        part.adding.addStretch(1)
        return part

    def _approvals_list(self) -> _List:
        part = _List(
            ApprovalsModel(self.context),
            "Approvals table",
            "Approvals our executives must give for non-standard terms: approver, owner, status, due date",
            self.delete_approval,
        )
        self.new_approval = QLineEdit()
        self.new_approval.setPlaceholderText(
            "New approval: the non-standard term, e.g. “Net 90 payment” (Enter)"
        )
        self.new_approval.returnPressed.connect(lambda: self.add_approval())
        add = QPushButton("Add approval")
        add.clicked.connect(lambda: self.add_approval())
        part.adding.addWidget(self.new_approval, 1)
        part.adding.addWidget(add)
        return part

    # --- showing ---------------------------------------------------------------------------------------

    def set_deals(self, rows: Sequence[DealLike]) -> None:
        """List the account's deals in the tab's deal list (keeping the one shown)."""
        self._following = True
        try:
            self.deals.set_deals(rows)
        finally:
            self._following = False

    def _deal_picked(self, deal_id: int) -> None:
        if not self._following:
            self.deal_chosen.emit(deal_id)

    def show_deal(self, account_id: int | None, deal_id: int | None) -> None:
        """Show the negotiation plan of ``deal_id`` (None: no deal chosen) as the database holds it."""
        self.account_id, self.deal_id = account_id, deal_id
        self.view = self._read()
        if deal_id is not None and self.deals.current_deal() != deal_id:
            self._following = True  # the page chose it: not the user's choice to hand back
            try:
                self.deals.select_deal(deal_id)
            finally:
                self._following = False
        self._show()

    def _read(self) -> NegotiationView | None:
        if self.account_id is None or self.deal_id is None:
            return None
        with self.context.database.session() as session:
            return negotiation_view(session, self.deal_id, dt.date.today())

    def reload(self) -> None:
        self.show_deal(self.account_id, self.deal_id)

    def _show(self, *, typed: bool = True) -> None:
        """Show ``self.view``; with ``typed``, a field the user is typing in keeps what they typed."""
        view = self.view
        self._enable(view is not None)
        self.heading.setText(f"Negotiation plan · {view.deal}" if view else "Choose a deal, or add one")
        price = view.price if view is not None else None
        final = bool(price and price.solution_final)
        self.final.setChecked(final)
        for field, edit in self.price_edits.items():
            if not (typed and edit.hasFocus()):
                edit.setText(_amount(getattr(price, field)) if price is not None else "")
            directional = field in ("price_low", "price_high")
            edit.setEnabled(view is not None and directional != final)
            edit.setPlaceholderText(
                (_FINAL if directional else "") if final else ("" if directional else _NOT_FINAL)
            )
            if view is not None:
                edit.setToolTip(f"An amount in {view.currency}; leave empty for none")
        keep = typed and self.notes.hasFocus()
        if not keep and price is not None and self.notes.toPlainText() != price.notes:
            self.notes.setPlainText(price.notes)
        elif price is None:
            self.notes.clear()
        self.sentence.setText(price_sentence(price, view.currency) if view and price else "")
        self.findings.show_findings(view.findings if view else (), _calm(view))
        self.terms.show_view(self.account_id, view, (70, 0, 220, 120, 90))
        self.negotiators.show_view(self.account_id, view, (150, 290, 190, 0))
        self.approvals.show_view(self.account_id, view, (0, 150, 170, 90, 140))
        terms = view.terms if view else ()
        gives = sum(1 for t in terms if t.side is TermSide.GIVE)
        self.terms.note.setText(
            f"{gives} gives, {len(terms) - gives} gets · the gives on the table cost us "
            f"{amount_text(view.give_cost, view.currency)}"
            if view and terms
            else ""
        )
        overdue = sum(1 for a in view.approvals if a.overdue) if view else 0
        uncovered = (
            sum(1 for n in view.negotiators if n.covered_by_id is None or n.coverer_left) if view else 0
        )
        self.lists.setTabText(0, f"Give and get ({len(terms)})")
        self.lists.setTabText(
            1,
            f"Negotiators ({len(view.negotiators) if view else 0}{f', {uncovered} uncovered' if uncovered else ''})",
        )
        self.lists.setTabText(
            2, f"Approvals ({len(view.approvals) if view else 0}{f', {overdue} overdue' if overdue else ''})"
        )
        self._update_moves()

    def _enable(self, on: bool) -> None:
        for widget in (self.final, self.notes, self.lists):
            widget.setEnabled(on)
        if not on:
            for edit in self.price_edits.values():
                edit.setEnabled(False)

    def _update_moves(self) -> None:
        term = self.terms.selected()
        row = self.terms.model.row_of(term.id) if term is not None else -1
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.terms.model.rowCount() - 1)

    # --- editing ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self._save_price("notes", self.notes.toPlainText())
        return super().eventFilter(watched, event)

    def _save_price(self, field: str, value: Any) -> bool:
        view = self.view
        if view is None or self.account_id is None:
            return False
        current = getattr(view.price, field)
        if isinstance(value, str):
            value = value.strip()
            if field != "notes":
                shown = _amount(current)
                if value.replace(",", "") == shown.replace(",", ""):
                    return False
                value = value or None
            elif value == current.strip():
                return False
        elif value == current:
            return False
        command = UpdatePrice(self.context, self.account_id, view.opportunity_id, view.deal, **{field: value})
        if view.price.id is not None:
            command.saw("negotiation_plans", view.price.id, view.price.version)
        done = self.context.execute(command)
        if not done and not self.context.unreachable:
            self.view = self._read()
            self._show(typed=False)  # the stored values again, also in the field being typed in
        return done

    def set_price(self, field: str, text: str) -> bool:
        """Type ``text`` into a price field (``price_low``, ``target``...) and leave it, as a user does."""
        edit = self.price_edits[field]
        edit.setText(text)
        return self._save_price(field, text)

    def add_term(self, text: str | None = None, side: TermSide | None = None) -> bool:
        view = self.view
        text = (self.new_term.text() if text is None else text).strip()
        if view is None or self.account_id is None or not text:
            return False
        chosen = side if side is not None else TermSide(self.new_side.currentData())
        command = AddTerm(
            self.context, self.account_id, text, opportunity_id=view.opportunity_id, side=chosen
        )
        if not self.context.execute(command):
            return False
        self.new_term.clear()
        if command.change.row_id is not None:
            self.terms.select_id(command.change.row_id, 1)
        return True

    def delete_term(self) -> bool:
        term = self.terms.selected()
        if term is None or self.account_id is None:
            return False
        return self.context.execute(DeleteTerm(self.context, self.account_id, term.id, f"“{term.text}”"))

    def move_term(self, step: int) -> bool:
        term = self.terms.selected()
        if term is None or self.account_id is None:
            return False
        column = self.terms.table.currentIndex().column()
        done = self.context.execute(MoveTerm(self.context, self.account_id, term.id, term.text, step))
        if done:
            self.terms.select_id(term.id, column)
        return done

    def add_negotiator(self, kind: NegotiatorKind | None = None) -> bool:
        view = self.view
        if view is None or self.account_id is None:
            return False
        chosen = kind if kind is not None else NegotiatorKind(self.new_kind.currentData())
        command = AddNegotiator(
            self.context, self.account_id, chosen.label, opportunity_id=view.opportunity_id, kind=chosen
        )
        if not self.context.execute(command):
            return False
        if command.change.row_id is not None:
            self.lists.setCurrentWidget(self.negotiators)
            self.negotiators.select_id(command.change.row_id, 1)
        return True

    def delete_negotiator(self) -> bool:
        layer = self.negotiators.selected()
        if layer is None or self.account_id is None:
            return False
        return self.context.execute(
            DeleteNegotiator(self.context, self.account_id, layer.id, layer.kind.label)
        )

    def add_approval(self, what: str | None = None) -> bool:
        view = self.view
        what = (self.new_approval.text() if what is None else what).strip()
        if view is None or self.account_id is None or not what:
            return False
        command = AddApproval(self.context, self.account_id, what, opportunity_id=view.opportunity_id)
        if not self.context.execute(command):
            return False
        self.new_approval.clear()
        if command.change.row_id is not None:
            self.approvals.select_id(command.change.row_id, 1)
        return True

    def delete_approval(self) -> bool:
        approval = self.approvals.selected()
        if approval is None or self.account_id is None:
            return False
        return self.context.execute(DeleteApproval(self.context, self.account_id, approval.id, approval.what))

"""The wizard's preview: every row with what the import would do and why, the issues, and accepting loops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from accountplan.interchange.contact_formats import ContactFormat
from accountplan.interchange.contact_import import ImportPlan, RowAction, contacts_from, preview, summary
from accountplan.interchange.contact_matching import AccountNames, account_names, norm
from accountplan.interchange.contact_plan import Change, PlannedRow
from accountplan.store.database import Database
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.common.pages import fit_columns
from accountplan.ui.common.record_table import record_table
from accountplan.ui.common.table_model import Index, RowTableModel
from accountplan.ui.contacts.contact_choices import ImportChoices

#: Each action as the preview names it, and the rows it filters to.
ACTION_LABELS = {
    RowAction.ADD: ("Add", "To add"),
    RowAction.UPDATE: ("Update", "To update"),
    RowAction.UNCHANGED: ("Unchanged", "Unchanged"),
    RowAction.SKIP: ("Skip", "Skipped"),
    RowAction.LEFT_OUT: ("Left out", "Left out (other companies)"),
}
#: The longest value a change shows in the table (the tooltip has it all).
SHOWN = 40


def _short(value: str, limit: int = SHOWN) -> str:
    text = " ".join(value.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def change_text(change: Change, limit: int = SHOWN) -> str:
    """One field's change as the preview shows it: "title CFO → Chief Financial Officer"."""
    return f"{change.label} {_short(change.old, limit) or '—'} → {_short(change.new, limit) or '—'}"


class ImportPreviewModel(RowTableModel[PlannedRow]):
    """The rows of an import plan: what happens to each, with the person's title, unit and manager, and why."""

    COLUMNS = ("Action", "Line", "Name", "Title", "Org unit", "Manager", "Why / changes")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: dict[str, str] = {}  # people by external id and email, to name a manager
        self._managers: dict[int, str] = {}  # the account's people: whom each reports to now
        self._notes: dict[int, str] = {}  # line → why its manager link is not made

    def show_plan(self, plan: ImportPlan | None, account: AccountNames | None = None) -> None:
        """Show ``plan``'s rows; ``account`` names the account's people and their managers."""
        account = account or AccountNames()
        self._people, self._managers, self._notes = dict(account.by_key), account.manager_of, {}
        if plan is not None:
            for contact in plan.file.contacts:
                for key in (contact.external_id, norm(contact.email)):
                    if key:
                        self._people[key] = contact.name
            for issue in plan.manager_issues:
                self._notes[issue.line] = "ambiguous" if issue.ambiguous else "not found"
            for cycle in plan.cycles:
                self._notes[cycle.line] = "left out: loop"
        self.replace_rows(plan.rows if plan is not None else ())

    def manager(self, row: PlannedRow) -> str:
        """Whom the person reports to after the import (as the file names them), and why a link is not made."""
        new = row.value("reports_to_id")
        reference = row.contact.manager
        if new:
            return new
        if not reference:  # the file says nothing: someone already in the account keeps their manager
            return self._managers.get(row.person_id, "") if row.person_id is not None else ""
        named = self._people.get(reference.external_id) or self._people.get(norm(reference.email))
        shown = named or reference.name or reference.describe()
        note = self._notes.get(row.line)
        return f"{shown} ({note})" if note else shown

    def why(self, row: PlannedRow, limit: int = SHOWN) -> str:
        if row.action is not RowAction.UPDATE:
            return row.reason
        return f"{row.reason}: " + "; ".join(change_text(change, limit) for change in row.changes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                ACTION_LABELS[row.action][0],
                row.line,
                row.name,
                row.contact.title,
                " / ".join(row.contact.department),
                self.manager(row),
                self.why(row),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6:
            return self.why(row, limit=400)
        return None


def issue_lines(plan: ImportPlan) -> list[str]:
    """What the preview lists below the rows: new org units, managers not settled, loops (with the names)."""
    lines: list[str] = []

    def section(title: str, entries: list[str]) -> None:
        if entries:
            lines.append(f"{title} ({len(entries)}):")
            lines.extend(f"  • {entry}" for entry in entries)

    if plan.new_units:
        lines.append(
            f"New org units ({len(plan.new_units)}): " + ", ".join(" / ".join(p) for p in plan.new_units)
        )
    section("Possible duplicates", [duplicate.message for duplicate in plan.duplicates])
    section("Managers not found", [issue.message for issue in plan.manager_issues if not issue.ambiguous])
    section("Ambiguous managers", [issue.message for issue in plan.manager_issues if issue.ambiguous])
    section("Reporting loops", [cycle.message for cycle in plan.cycles])
    return lines


class PreviewPage(QWizardPage):
    """What the import would do, row by row, before anything is written; Import goes ahead.

    The plan is worked out off the UI thread (a big file takes a moment). When the file makes loops in the
    reporting lines, Import waits for the user to accept leaving out the links that close them. A LinkedIn
    export's people of other companies are left out unless the user ticks the box that asks for them.
    """

    def __init__(self, choices: ImportChoices, database: Database) -> None:
        super().__init__()
        self.choices, self.database = choices, database
        self.plan: ImportPlan | None = None
        self._generation = 0
        self.setTitle("Preview")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.counts = QLabel("")
        self.counts.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.show_box = QComboBox()
        self.show_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_box.activated.connect(lambda _row: self._filter())
        self.model = ImportPreviewModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.table = record_table(self.proxy, editable=False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.issues = QPlainTextEdit()
        self.issues.setReadOnly(True)
        self.issues.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.accept_box = QCheckBox("Import the rest and leave out the links that close a loop")
        self.accept_box.toggled.connect(lambda _on: self.completeChanged.emit())
        self.companies_box = QCheckBox("Also import the people who work at other companies")
        self.companies_box.hide()
        self.companies_box.toggled.connect(self._companies_toggled)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        show_label = QLabel("&Show:")
        show_label.setBuddy(self.show_box)
        top.addWidget(show_label)
        top.addWidget(self.show_box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.issues)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.companies_box)
        layout.addWidget(self.accept_box)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        source, account_id = self.choices.source, self.choices.account_id
        assert source is not None
        mapping = self.choices.mapping if source.table is not None else None
        database = self.database
        all_companies, account_name = self.choices.all_companies, self.choices.account_name

        def work() -> tuple[ImportPlan, AccountNames]:
            file = contacts_from(source, mapping)
            with database.session() as session:
                plan = preview(
                    session, account_id, file, all_companies=all_companies, account_name=account_name
                )
                return plan, account_names(session, account_id)

        self._generation += 1
        generation = self._generation
        self._show(None)
        name = Path(source.source).name
        self.setSubTitle(f"Reading {name} and matching its people with {self.choices.into}…")
        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda planned: self._planned(generation, *planned))
        task.failed.connect(lambda message: self._refused(generation, message))
        task.finished.connect(task.deleteLater)
        task.start()

    def _companies_toggled(self, on: bool) -> None:
        if on != self.choices.all_companies:
            self.choices.all_companies = on
            self.initializePage()  # plan again, with or without them

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name
        self._generation += 1  # a preview still running is of no use any more
        self._show(None)

    def _planned(self, generation: int, plan: ImportPlan, people: AccountNames) -> None:
        if generation == self._generation:
            self._show(plan, people)

    def _refused(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._show(None)
            self.busy.hide()
            self.setSubTitle("The file cannot be imported as it is.")
            self.counts.setText(message)

    def _show(self, plan: ImportPlan | None, people: AccountNames | None = None) -> None:
        self.plan = plan
        self.model.show_plan(plan, people)
        self.busy.setVisible(plan is None)
        self.counts.setText("")
        self.show_box.clear()
        self.issues.clear()
        self.accept_box.setChecked(False)
        self.accept_box.setVisible(bool(plan and plan.cycles))
        if plan is not None:
            self.setSubTitle(
                f"{Path(plan.file.source).name} ({plan.file.description}) into {self.choices.into}."
            )
            units = len(plan.new_units)
            more = f"; {units} new org unit{'s' if units != 1 else ''}" if units else ""
            self.counts.setText(f"{summary(plan)}{more}.")
            self.show_box.addItem(f"All rows ({len(plan.rows):,})", "")
            for action, (_, filtered) in ACTION_LABELS.items():
                count = sum(1 for row in plan.rows if row.action is action)
                if count:
                    self.show_box.addItem(f"{filtered} ({count:,})", ACTION_LABELS[action][0])
            linkedin = plan.file.format is ContactFormat.LINKEDIN and plan.file.names_companies
            self.companies_box.setVisible(linkedin)
            self.companies_box.blockSignals(True)
            self.companies_box.setChecked(plan.all_companies)
            self.companies_box.blockSignals(False)
            if linkedin and not plan.all_companies:
                count = len(plan.left_out)
                who = {0: "the people", 1: "the 1 person"}.get(count, f"the {count:,} people")
                works = "works" if count == 1 else "work"
                self.companies_box.setText(
                    f"Also import {who} who {works} at other companies than {self.choices.account_name}"
                )
            lines = issue_lines(plan)
            self.issues.setPlainText("\n".join(lines))
            self.issues.setVisible(bool(lines))
            fit_columns(self.table, widest=180)
        self._filter()
        self.completeChanged.emit()

    def _filter(self) -> None:
        label = self.show_box.currentData() or ""
        self.proxy.setFilterRegularExpression(QRegularExpression(f"^{label}$" if label else ""))

    def show_only(self, action: RowAction) -> None:
        """Show only the rows the import handles with ``action`` (what the Show box does)."""
        self.show_box.setCurrentIndex(max(self.show_box.findData(ACTION_LABELS[action][0]), 0))
        self._filter()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        plan = self.plan
        return plan is not None and (plan.can_apply or self.accept_box.isChecked())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.plan is None or not self.isComplete():
            return False
        self.choices.plan = self.plan.accepting_cycles() if self.accept_box.isChecked() else self.plan
        return True

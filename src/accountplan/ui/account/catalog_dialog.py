"""The account's catalog in one dialog: org units as a tree, our product lines, the competitors.

Every button is an undoable command (Edit → Undo, Ctrl+Z), and the lists redraw when the account changes,
whoever changed it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from accountplan.model import Competitor
from accountplan.plan import catalog, org_units
from accountplan.ui.account import catalog_commands as commands
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.dialog_parts import button_column

ID = Qt.ItemDataRole.UserRole + 1


class CatalogDialog(QDialog):
    """Org units, product lines and competitors of one account, made and changed here; no signals."""

    def __init__(self, context: PlanContext, account_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.account_id = context, account_id
        self.setWindowTitle("Org units, product lines and competitors")
        self.resize(720, 480)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._units_tab(), "Org &units")
        self.tabs.addTab(self._lines_tab(), "&Product lines")
        self.tabs.addTab(self._competitors_tab(), "&Competitors")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        context.events.account_changed.connect(self._account_changed)
        name_controls(self)
        self.refresh()

    # --- building --------------------------------------------------------------------------------------

    def _units_tab(self) -> QWidget:
        self.units = QStandardItemModel(self)
        self.unit_view = QTreeView()
        self.unit_view.setModel(self.units)
        self.unit_view.setHeaderHidden(True)
        self.unit_view.setAccessibleName("Org units")
        self.units_empty = QLabel(
            "No org units yet. Add the customer's group, its divisions and departments: people, the "
            "whitespace map and the org chart are organised by them."
        )
        self.units_empty.setWordWrap(True)
        buttons, _ = button_column(
            ("&Add at the top…", lambda: self.add_unit(None)),
            ("Add &inside…", lambda: self.add_unit(self.selected_unit())),
            ("&Rename…", self.rename_unit),
            ("&Move under…", self.move_unit),
            ("Mer&ge into…", self.merge_unit),
            ("&Delete", self.delete_unit),
        )
        return self._tab(self.unit_view, self.units_empty, buttons)

    def _lines_tab(self) -> QWidget:
        self.lines = QStandardItemModel(self)
        self.line_view = QListView()
        self.line_view.setModel(self.lines)
        self.line_view.setAccessibleName("Product lines")
        self.lines_empty = QLabel(
            "No product lines yet. Add ours: they are the columns of the whitespace map, each org unit a row."
        )
        self.lines_empty.setWordWrap(True)
        buttons, _ = button_column(
            ("&Add…", self.add_line),
            ("&Rename…", self.rename_line),
            ("Move &left", lambda: self.move_line(-1)),
            ("Move ri&ght", lambda: self.move_line(1)),
            ("&Delete", self.delete_line),
        )
        return self._tab(self.line_view, self.lines_empty, buttons)

    def _competitors_tab(self) -> QWidget:
        self.competitors = QStandardItemModel(self)
        self.competitor_view = QListView()
        self.competitor_view.setModel(self.competitors)
        self.competitor_view.setAccessibleName("Competitors")
        self.competitors_empty = QLabel(
            "No competitors yet. Add the incumbent and each vendor in the running, with our strategy "
            "against them (internal: never in the customer's success plan)."
        )
        self.competitors_empty.setWordWrap(True)
        buttons, _ = button_column(
            ("&Add…", self.add_competitor),
            ("&Edit…", self.edit_competitor),
            ("&Delete", self.delete_competitor),
        )
        self.competitor_view.doubleClicked.connect(lambda _index: self.edit_competitor())
        return self._tab(self.competitor_view, self.competitors_empty, buttons)

    @staticmethod
    def _tab(view: QWidget, empty: QLabel, buttons: QVBoxLayout) -> QWidget:
        tab = QWidget()
        left = QVBoxLayout()
        left.addWidget(empty)
        left.addWidget(view, 1)
        row = QHBoxLayout(tab)
        row.addLayout(left, 1)
        row.addLayout(buttons)
        return tab

    # --- reading ---------------------------------------------------------------------------------------

    def _account_changed(self, account_id: int) -> None:
        if account_id == self.account_id:
            self.refresh()

    def refresh(self) -> None:
        with self.context.database.session() as session:
            units = org_units.list_org_units(session, self.account_id)
            lines = catalog.list_product_lines(session, self.account_id)
            rivals = catalog.list_competitor_names(session, self.account_id)
        selected = self.selected_unit()
        self.units.clear()
        items: dict[int, QStandardItem] = {}
        for unit in units:
            item = QStandardItem(unit.name)
            item.setData(unit.id, ID)
            item.setEditable(False)
            items[unit.id] = item
        for unit in units:
            parent = items.get(unit.parent_id) if unit.parent_id is not None else None
            (parent or self.units.invisibleRootItem()).appendRow(items[unit.id])
        self.unit_view.expandAll()
        if selected in items:
            self.unit_view.setCurrentIndex(items[selected].index())
        self._fill(self.lines, [(line_id, name) for line_id, name in lines], self.line_view)
        self._fill(
            self.competitors,
            [
                (rival_id, f"{name} (incumbent)" if incumbent else name)
                for rival_id, name, incumbent in rivals
            ],
            self.competitor_view,
        )
        self.units_empty.setVisible(not units)
        self.lines_empty.setVisible(not lines)
        self.competitors_empty.setVisible(not rivals)

    @staticmethod
    def _fill(model: QStandardItemModel, rows: list[tuple[int, str]], view: QListView) -> None:
        current = view.currentIndex().data(ID)
        model.clear()
        for row_id, text in rows:
            item = QStandardItem(text)
            item.setData(row_id, ID)
            item.setEditable(False)
            model.appendRow(item)
            if row_id == current:
                view.setCurrentIndex(item.index())

    @staticmethod
    def _selected(view: QTreeView | QListView) -> int | None:
        index: QModelIndex = view.currentIndex()
        value = index.data(ID) if index.isValid() else None
        return int(value) if value is not None else None

    def selected_unit(self) -> int | None:
        return self._selected(self.unit_view) if hasattr(self, "unit_view") else None

    def _unit_name(self, unit_id: int) -> str:
        with self.context.database.session() as session:
            return next(
                (u.name for u in org_units.list_org_units(session, self.account_id) if u.id == unit_id), ""
            )

    def _unit_choices(self, excluding: int) -> dict[str, int]:
        """Every other unit, by its path ("Group / Finance"), for a move or a merge."""
        with self.context.database.session() as session:
            units = org_units.list_org_units(session, self.account_id)
        return dict(sorted((u.path, u.id) for u in units if u.id != excluding))

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok and value.strip() else None

    def _confirm_delete(self, what: str, dependents: list[str], consequence: str) -> bool:
        details = f"{what} has {', '.join(dependents)}: {consequence}" if dependents else f"Delete {what}?"
        answer = QMessageBox.question(self, f"Delete {what}", f"{details}\n\nYou can undo it (Ctrl+Z).")
        return answer == QMessageBox.StandardButton.Yes

    # --- org units -------------------------------------------------------------------------------------

    def add_unit(self, parent_id: int | None, name: str | None = None) -> bool:
        where = f" inside {self._unit_name(parent_id)}" if parent_id is not None else ""
        name = name or self._ask("Add an org unit", f"Name of the new unit{where}:")
        if not name:
            return False
        command = commands.AddOrgUnit(self.context, self.account_id, name, parent_id=parent_id)
        return self.context.execute(command)

    def rename_unit(self, name: str | None = None) -> bool:
        unit_id = self.selected_unit()
        if unit_id is None:
            return False
        old = self._unit_name(unit_id)
        name = name or self._ask("Rename the org unit", "New name:", old)
        if not name or name == old:
            return False
        return self.context.execute(
            commands.UpdateOrgUnit(self.context, self.account_id, unit_id, old, name=name)
        )

    def move_unit(self, target: str | None = None) -> bool:
        unit_id = self.selected_unit()
        if unit_id is None:
            return False
        top = "(the top: no unit above it)"
        choices = {top: 0, **self._unit_choices(unit_id)}
        if target is None:
            target, ok = QInputDialog.getItem(
                self, "Move the org unit", "Move it under:", list(choices), 0, False
            )
            if not ok:
                return False
        parent = choices[target] or None
        name = self._unit_name(unit_id)
        return self.context.execute(
            commands.UpdateOrgUnit(self.context, self.account_id, unit_id, name, parent_id=parent)
        )

    def merge_unit(self, target: str | None = None) -> bool:
        unit_id = self.selected_unit()
        if unit_id is None:
            return False
        choices = self._unit_choices(unit_id)
        if not choices:
            return False
        if target is None:
            target, ok = QInputDialog.getItem(
                self,
                "Merge the org unit",
                "Merge it (its people, units and whitespace) into:",
                list(choices),
                0,
                False,
            )
            if not ok:
                return False
        source = self._unit_name(unit_id)
        command = commands.MergeOrgUnits(
            self.context, self.account_id, unit_id, choices[target], source, target.rsplit(" / ", 1)[-1]
        )
        return self.context.execute(command)

    def delete_unit(self, *, confirm: bool = True) -> bool:
        unit_id = self.selected_unit()
        if unit_id is None:
            return False
        name = self._unit_name(unit_id)
        with self.context.database.session() as session:
            dependents = org_units.org_unit_dependents(session, unit_id)
        consequence = "its people stay, with no unit; the units inside it move up; its whitespace cells go."
        if confirm and not self._confirm_delete(name, dependents, consequence):
            return False
        return self.context.execute(commands.DeleteOrgUnit(self.context, self.account_id, unit_id, name))

    # --- product lines ---------------------------------------------------------------------------------

    def _line(self) -> tuple[int, str] | None:
        line_id = self._selected(self.line_view)
        return None if line_id is None else (line_id, str(self.line_view.currentIndex().data()))

    def add_line(self, name: str | None = None) -> bool:
        name = name or self._ask("Add a product line", "Name of our product line:")
        return bool(name) and self.context.execute(
            commands.AddProductLine(self.context, self.account_id, str(name))
        )

    def rename_line(self, name: str | None = None) -> bool:
        if (line := self._line()) is None:
            return False
        name = name or self._ask("Rename the product line", "New name:", line[1])
        if not name or name == line[1]:
            return False
        return self.context.execute(
            commands.UpdateProductLine(self.context, self.account_id, line[0], line[1], name=name)
        )

    def move_line(self, steps: int) -> bool:
        if (line := self._line()) is None:
            return False
        return self.context.execute(commands.MoveProductLine(self.context, self.account_id, *line, steps))

    def delete_line(self, *, confirm: bool = True) -> bool:
        if (line := self._line()) is None:
            return False
        with self.context.database.session() as session:
            dependents = catalog.product_line_dependents(session, line[0])
        if confirm and not self._confirm_delete(
            line[1], dependents, "its column of the whitespace map goes."
        ):
            return False
        return self.context.execute(commands.DeleteProductLine(self.context, self.account_id, *line))

    # --- competitors -----------------------------------------------------------------------------------

    def add_competitor(self) -> CompetitorDialog:
        dialog = CompetitorDialog(self, None)
        dialog.accepted.connect(
            lambda: self.context.execute(
                commands.AddCompetitor(self.context, self.account_id, dialog.name.text(), **dialog.values())
            )
        )
        dialog.open()
        return dialog

    def edit_competitor(self) -> CompetitorDialog | None:
        rival_id = self._selected(self.competitor_view)
        if rival_id is None:
            return None
        with self.context.database.session() as session:
            rival = catalog.get_competitor(session, rival_id)
            dialog = CompetitorDialog(self, rival, catalog.competitor_units(session, rival_id))
            old = rival.name

        def save() -> None:
            changes = {"name": dialog.name.text(), **dialog.values()}
            self.context.execute(
                commands.UpdateCompetitor(self.context, self.account_id, rival_id, old, **changes)
            )

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def delete_competitor(self, *, confirm: bool = True) -> bool:
        rival_id = self._selected(self.competitor_view)
        if rival_id is None:
            return False
        name = str(self.competitor_view.currentIndex().data()).removesuffix(" (incumbent)")
        with self.context.database.session() as session:
            dependents = catalog.competitor_dependents(session, rival_id)
        if confirm and not self._confirm_delete(name, dependents, "they will no longer name it."):
            return False
        return self.context.execute(commands.DeleteCompetitor(self.context, self.account_id, rival_id, name))


class CompetitorDialog(QDialog):
    """A competitor's name, whether they are the incumbent, their solution, and our view of them."""

    def __init__(self, parent: QWidget, rival: Competitor | None, units: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit the competitor" if rival else "Add a competitor")
        self.setMinimumWidth(560)
        self.name = QLineEdit(rival.name if rival else "")
        self.incumbent = QCheckBox("The incumbent (their solution is in place today)")
        self.incumbent.setChecked(bool(rival and rival.is_incumbent))
        self.solution = QLineEdit(rival.solution if rival else "")
        self.strengths = QPlainTextEdit(rival.strengths if rival else "")
        self.weaknesses = QPlainTextEdit(rival.weaknesses if rival else "")
        self.strategy = QPlainTextEdit(rival.strategy if rival else "")
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("", self.incumbent)
        form.addRow("&Solution:", self.solution)
        form.addRow("S&trengths:", self.strengths)
        form.addRow("&Weaknesses:", self.weaknesses)
        form.addRow("Our st&rategy (internal):", self.strategy)
        self.units = QLabel(
            ", ".join(units)
            if units
            else "No org unit yet: mark the cells where they are in place on the whitespace map (Journey)."
        )
        self.units.setWordWrap(True)
        form.addRow("In place in:", self.units)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        name_controls(self)

    def _save(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            return
        self.accept()

    def values(self) -> dict[str, object]:
        return {
            "is_incumbent": self.incumbent.isChecked(),
            "solution": self.solution.text(),
            "strengths": self.strengths.toPlainText(),
            "weaknesses": self.weaknesses.toPlainText(),
            "strategy": self.strategy.toPlainText(),
        }

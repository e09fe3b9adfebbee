"""The account's strategic initiatives and spend zones in one dialog, each list made and changed here.

Every button is an undoable command (Edit → Undo, Ctrl+Z), and the lists redraw when the account changes,
whoever changed it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from accountplan.model import Account
from accountplan.plan import initiatives
from accountplan.plan.initiatives import InitiativeRow, SpendZoneRow
from accountplan.ui.account import initiative_commands as commands
from accountplan.ui.common.accessibility import name_controls
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.dialog_parts import button_column
from accountplan.ui.pursuit.opportunity_editor import amount_entry

ID = Qt.ItemDataRole.UserRole + 1


def _tab(view: QListWidget, empty: QLabel, buttons: QVBoxLayout) -> QWidget:
    tab = QWidget()
    left = QVBoxLayout()
    left.addWidget(empty)
    left.addWidget(view, 1)
    row = QHBoxLayout(tab)
    row.addLayout(left, 1)
    row.addLayout(buttons)
    return tab


class InitiativesDialog(QDialog):
    """The strategic initiatives (with their sponsors) and the spend zones of one account; no signals."""

    def __init__(self, context: PlanContext, account_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.account_id = context, account_id
        self.initiatives: list[InitiativeRow] = []
        self.zones: list[SpendZoneRow] = []
        self.currency = ""
        self.form: QDialog | None = None
        self.setWindowTitle("Strategic initiatives and spend zones")
        self.resize(720, 460)
        self.tabs = QTabWidget()
        self.initiative_list = QListWidget()
        self.initiative_list.setAccessibleName("Strategic initiatives")
        self.initiative_list.itemDoubleClicked.connect(lambda _item: self.edit_initiative())
        self.initiatives_empty = QLabel(
            "No strategic initiative yet. Add the transformations the customer is driving, each with the "
            "person who sponsors it: the plan attaches to them."
        )
        buttons, self.initiative_buttons = button_column(
            ("&Add…", self.add_initiative),
            ("&Edit…", self.edit_initiative),
            ("&Delete", self.delete_initiative),
        )
        self.tabs.addTab(
            _tab(self.initiative_list, self.initiatives_empty, buttons), "Strategic &initiatives"
        )
        self.zone_list = QListWidget()
        self.zone_list.setAccessibleName("Spend zones")
        self.zone_list.itemDoubleClicked.connect(lambda _item: self.edit_zone())
        self.zones_empty = QLabel(
            "No spend zone yet. Add where the customer's money goes, the incumbent solution there and what "
            "it fails to deliver."
        )
        buttons, self.zone_buttons = button_column(
            ("&Add…", self.add_zone), ("&Edit…", self.edit_zone), ("&Delete", self.delete_zone)
        )
        self.tabs.addTab(_tab(self.zone_list, self.zones_empty, buttons), "&Spend zones")
        for label in (self.initiatives_empty, self.zones_empty):
            label.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        context.events.account_changed.connect(self._account_changed)
        name_controls(self)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------------------

    def _account_changed(self, account_id: int) -> None:
        if account_id == self.account_id:
            self.refresh()

    def refresh(self) -> None:
        with self.context.database.session() as session:
            self.initiatives = initiatives.list_initiatives(session, self.account_id)
            self.zones = initiatives.list_spend_zones(session, self.account_id)
            account = session.get(Account, self.account_id)
            self.currency = account.currency if account is not None else ""
        self._fill(
            self.initiative_list,
            [(i.id, f"{i.title} — sponsor: {i.sponsor}" if i.sponsor else i.title) for i in self.initiatives],
        )
        self._fill(self.zone_list, [(z.id, self._zone_text(z)) for z in self.zones])
        self.initiatives_empty.setVisible(not self.initiatives)
        self.zones_empty.setVisible(not self.zones)

    def _zone_text(self, zone: SpendZoneRow) -> str:
        parts = [zone.name]
        if zone.annual_spend is not None:
            parts.append(f"{self.currency} {amount_entry(zone.annual_spend)} a year")
        if zone.incumbent_solution:
            parts.append(f"incumbent: {zone.incumbent_solution}")
        return " · ".join(parts)

    @staticmethod
    def _fill(view: QListWidget, rows: list[tuple[int, str]]) -> None:
        current = view.currentItem().data(ID) if view.currentItem() is not None else None
        view.clear()
        for row_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(ID, row_id)
            view.addItem(item)
            if row_id == current:
                view.setCurrentItem(item)

    @staticmethod
    def _selected(view: QListWidget) -> int | None:
        item = view.currentItem()
        return int(item.data(ID)) if item is not None else None

    # --- strategic initiatives -------------------------------------------------------------------------

    def _initiative(self) -> InitiativeRow | None:
        chosen = self._selected(self.initiative_list)
        return next((i for i in self.initiatives if i.id == chosen), None)

    def add_initiative(self) -> InitiativeForm:
        form = self._initiative_form(None)

        def save() -> None:
            values = form.values()
            title = str(values.pop("title"))
            self.context.execute(commands.AddInitiative(self.context, self.account_id, title, **values))

        form.accepted.connect(save)
        form.open()
        return form

    def edit_initiative(self) -> InitiativeForm | None:
        initiative = self._initiative()
        if initiative is None:
            return None
        form = self._initiative_form(initiative)

        def save() -> None:
            changes = form.changes_from(initiative)
            if changes:
                self.context.execute(
                    commands.UpdateInitiative(
                        self.context, self.account_id, initiative.id, initiative.title, **changes
                    )
                )

        form.accepted.connect(save)
        form.open()
        return form

    def _initiative_form(self, initiative: InitiativeRow | None) -> InitiativeForm:
        with self.context.database.session() as session:
            people = initiatives.sponsor_choices(session, self.account_id)
        sponsor = initiative.sponsor_id if initiative is not None else None
        if initiative is not None and sponsor is not None and sponsor not in dict(people):
            people.append((sponsor, initiative.sponsor))  # who has left since
        self.form = InitiativeForm(self, people, initiative)
        return self.form

    def delete_initiative(self) -> bool:
        initiative = self._initiative()
        if initiative is None:
            return False
        return self.context.execute(
            commands.DeleteInitiative(self.context, self.account_id, initiative.id, initiative.title)
        )

    # --- spend zones -----------------------------------------------------------------------------------

    def _zone(self) -> SpendZoneRow | None:
        chosen = self._selected(self.zone_list)
        return next((z for z in self.zones if z.id == chosen), None)

    def add_zone(self) -> SpendZoneForm:
        form = self.form = SpendZoneForm(self, self.currency, None)

        def save() -> None:
            values = form.values()
            name = str(values.pop("name"))
            self.context.execute(commands.AddSpendZone(self.context, self.account_id, name, **values))

        form.accepted.connect(save)
        form.open()
        return form

    def edit_zone(self) -> SpendZoneForm | None:
        zone = self._zone()
        if zone is None:
            return None
        form = self.form = SpendZoneForm(self, self.currency, zone)

        def save() -> None:
            changes = form.changes_from(zone)
            if changes:
                self.context.execute(
                    commands.UpdateSpendZone(self.context, self.account_id, zone.id, zone.name, **changes)
                )

        form.accepted.connect(save)
        form.open()
        return form

    def delete_zone(self) -> bool:
        zone = self._zone()
        if zone is None:
            return False
        return self.context.execute(
            commands.DeleteSpendZone(self.context, self.account_id, zone.id, zone.name)
        )


def _save_cancel(dialog: QDialog, needed: QLineEdit) -> QDialogButtonBox:
    """Save and Cancel; Save only once ``needed`` holds something."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    needed.textChanged.connect(lambda text: save.setEnabled(bool(text.strip())))
    save.setEnabled(bool(needed.text().strip()))
    return buttons


class InitiativeForm(QDialog):
    """An initiative's title, its sponsor among the account's people, and what it is."""

    def __init__(
        self, parent: QWidget, people: list[tuple[int, str]], initiative: InitiativeRow | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit the initiative" if initiative else "Add a strategic initiative")
        self.setMinimumWidth(520)
        self.title = QLineEdit(initiative.title if initiative else "")
        self.title.setPlaceholderText("e.g. One control tower for every hub by 2028")
        self.sponsor = QComboBox()
        self.sponsor.addItem("Nobody yet", None)
        for person_id, name in people:
            self.sponsor.addItem(name, person_id)
        self.sponsor.setCurrentIndex(
            max(self.sponsor.findData(initiative.sponsor_id if initiative else None), 0)
        )
        self.description = QPlainTextEdit(initiative.description if initiative else "")
        self.description.setPlaceholderText("What changes for the customer, and by when")
        form = QFormLayout(self)
        form.addRow("&Title:", self.title)
        form.addRow("S&ponsor:", self.sponsor)
        form.addRow("&What it is:", self.description)
        self.buttons = _save_cancel(self, self.title)
        form.addRow(self.buttons)
        name_controls(self)

    def values(self) -> dict[str, object]:
        return {
            "title": self.title.text().strip(),
            "sponsor_id": self.sponsor.currentData(),
            "description": self.description.toPlainText().strip(),
        }

    def changes_from(self, initiative: InitiativeRow) -> dict[str, object]:
        before = {
            "title": initiative.title,
            "sponsor_id": initiative.sponsor_id,
            "description": initiative.description,
        }
        return {field: value for field, value in self.values().items() if before[field] != value}


class SpendZoneForm(QDialog):
    """A spend zone's name, what the customer spends there a year, the incumbent and what it lacks."""

    def __init__(self, parent: QWidget, currency: str, zone: SpendZoneRow | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit the spend zone" if zone else "Add a spend zone")
        self.setMinimumWidth(520)
        self.name = QLineEdit(zone.name if zone else "")
        self.name.setPlaceholderText("e.g. Transport management")
        self.spend = QLineEdit(amount_entry(zone.annual_spend) if zone else "")
        self.spend.setPlaceholderText("Not known yet")
        self.incumbent = QLineEdit(zone.incumbent_solution if zone else "")
        self.incumbent.setPlaceholderText("The solution in place there today")
        self.shortcomings = QPlainTextEdit(zone.shortcomings if zone else "")
        self.shortcomings.setPlaceholderText("What it fails to deliver")
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow(f"Annual &spend ({currency}):", self.spend)
        form.addRow("&Incumbent solution:", self.incumbent)
        form.addRow("What it &lacks:", self.shortcomings)
        self.buttons = _save_cancel(self, self.name)
        form.addRow(self.buttons)
        name_controls(self)

    def values(self) -> dict[str, object]:
        return {
            "name": self.name.text().strip(),
            "annual_spend": self.spend.text().strip() or None,  # as typed: the plan says what is wrong
            "incumbent_solution": self.incumbent.text().strip(),
            "shortcomings": self.shortcomings.toPlainText().strip(),
        }

    def changes_from(self, zone: SpendZoneRow) -> dict[str, object]:
        values = self.values()
        before = {
            "name": zone.name,
            "annual_spend": amount_entry(zone.annual_spend) or None,
            "incumbent_solution": zone.incumbent_solution,
            "shortcomings": zone.shortcomings,
        }
        return {field: value for field, value in values.items() if before[field] != value}

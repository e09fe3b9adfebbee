"""The side panel that edits every field of one stakeholder; each change is saved at once and undoable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFocusEvent, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from accountplan.model import Stakeholder
from accountplan.model.enums import BuyingRole, Stance
from accountplan.plan.fields import number_range
from accountplan.plan.person_details import person_details, possible_managers
from accountplan.store.touched import Touched
from accountplan.ui.common.commands import PlanContext, SetDeparted, SetManager, SetRoles, UpdateStakeholder

TEXT_FIELDS = (
    ("business_results", "Business results they need"),
    ("personal_wins", "Personal wins"),
    ("concerns", "What keeps them up at night"),
    ("internal_notes", "Internal notes (never shared)"),
)


class PeopleChoice(QComboBox):
    """A choice among the account's people, listed when the user comes to it (opens, tabs or scrolls onto it).

    Listing 20,000 people each time a person is shown would make choosing a card slow.
    """

    def __init__(self, empty: str) -> None:
        super().__init__()
        self.empty = empty
        self._people: Callable[[], Sequence[tuple[int, str]]] | None = None

    def show_choice(
        self, current: tuple[int, str] | None, people: Callable[[], Sequence[tuple[int, str]]]
    ) -> None:
        """Show ``current`` (id, name; None: nobody) chosen; ``people`` lists the others when needed."""
        self.blockSignals(True)
        self.clear()
        self.addItem(self.empty, None)
        if current is not None:
            self.addItem(current[1], current[0])
            self.setCurrentIndex(1)
        self.blockSignals(False)
        self._people = people

    def forget_people(self) -> None:
        """People came, went or were renamed: they are listed again when next needed."""
        if self._people is not None and self.count() > 2:
            current = self.currentData()
            self.show_choice((current, self.currentText()) if current is not None else None, self._people)

    def _list(self) -> None:
        people, self._people = self._people, None
        if people is None:
            return
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.empty, None)
        for row_id, name in people():
            self.addItem(name, row_id)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)

    def findText(self, text: str, flags: Qt.MatchFlag = Qt.MatchFlag.MatchExactly) -> int:  # noqa: N802
        """Where ``text`` is among the people (listed first)."""
        self._list()
        return super().findText(text, flags)

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        self._list()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self._list()
        super().focusInEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        self._list()
        super().wheelEvent(event)


class StakeholderPanel(QScrollArea):
    """Edits the stakeholder chosen in the chart or the table."""

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        self.stakeholder_id: int | None = None
        self.values: dict[str, Any] = {}
        self.version = 0
        self._loading = False
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel("Select a person in the chart")
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.lines: dict[str, QLineEdit] = {}
        for field, label in (
            ("name", "&Name"),
            ("title", "&Title"),
            ("email", "E-mail"),
            ("phone", "Phone"),
            ("location", "Location"),
        ):
            line = QLineEdit()
            line.editingFinished.connect(lambda f=field, w=line: self._save(f, w.text()))
            self.lines[field] = line
            form.addRow(label, line)
        self.org_unit = QComboBox()
        self.org_unit.activated.connect(lambda: self._save("org_unit_id", self.org_unit.currentData()))
        form.addRow("&Org unit", self.org_unit)
        self.manager = PeopleChoice("Nobody (top of the chart)")
        self.manager.setEditable(False)
        self.manager.activated.connect(self._save_manager)
        form.addRow("&Reports to", self.manager)
        self.stance = QComboBox()
        for stance in Stance:
            self.stance.addItem(stance.label, stance.value)
        self.stance.activated.connect(lambda: self._save("stance", self.stance.currentData()))
        form.addRow("&Stance", self.stance)
        self.influence = QSpinBox()
        low, high = number_range(Stakeholder, "influence")
        self.influence.setRange(low, high)
        self.influence.editingFinished.connect(lambda: self._save("influence", self.influence.value()))
        form.addRow(f"&Influence ({low}–{high})", self.influence)
        layout.addLayout(form)
        roles_box = QGridLayout()
        self.roles: dict[BuyingRole, QCheckBox] = {}
        for i, role in enumerate(BuyingRole):
            box = QCheckBox(role.label)
            box.toggled.connect(self._save_roles)
            self.roles[role] = box
            roles_box.addWidget(box, i // 2, i % 2)
        layout.addWidget(QLabel("Buying roles"))
        layout.addLayout(roles_box)
        self.departed = QCheckBox("Has left the company on")
        self.departed_on = QDateEdit()
        self.departed_on.setCalendarPopup(True)
        self.departed_on.setDisplayFormat("yyyy-MM-dd")
        self.departed_on.setDate(QDate.currentDate())
        self.departed.toggled.connect(self._save_departure)
        self.departed_on.editingFinished.connect(self._save_departure)
        departure = QFormLayout()
        departure.addRow(self.departed, self.departed_on)
        layout.addLayout(departure)
        self.texts: dict[str, QPlainTextEdit] = {}
        for field, label in TEXT_FIELDS:
            text = QPlainTextEdit()
            text.setFixedHeight(64)
            text.setProperty("field", field)
            text.installEventFilter(self)
            self.texts[field] = text
            layout.addWidget(QLabel(label))
            layout.addWidget(text)
        layout.addStretch(1)
        for combo in (self.org_unit, self.manager, self.stance):  # a long name never widens the panel
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setWidget(body)
        self.setWidgetResizable(True)
        # Wide enough for every field beside the scrollbar: the panel scrolls down, never sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.setEnabled(False)
        self.body = body
        self.setMinimumWidth(self.fields_width())
        context.events.plan_changed.connect(self._on_plan_changed)

    def fields_width(self) -> int:
        """The width the panel needs to show every field whole, its scrollbar beside them."""
        body = self.body
        return (
            max(300, body.minimumSizeHint().width())
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )

    def _on_plan_changed(self, account_id: int, touched: Touched) -> None:
        """Show what a change did to the person shown (other people's changes only list them again)."""
        if account_id != self.account_id or self.stakeholder_id is None:
            return
        people, roles, units = (
            touched.ids(table) for table in ("stakeholders", "stakeholder_roles", "org_units")
        )
        if (
            people is None
            or roles is None
            or units is None
            or roles
            or units
            or self.stakeholder_id in people
        ):
            self.show_stakeholder(self.account_id, self.stakeholder_id)
        elif people:
            self.manager.forget_people()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if event.type() == event.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self._save(watched.property("field"), watched.toPlainText())
        return super().eventFilter(watched, event)

    def show_stakeholder(self, account_id: int | None, stakeholder_id: int | None) -> None:
        self.account_id, self.stakeholder_id = account_id, stakeholder_id
        person = None
        if stakeholder_id is not None:
            with self.context.database.session() as session:
                person = person_details(session, stakeholder_id)
        self.body.setEnabled(person is not None)
        if person is None:
            self.heading.setText("Select a person in the chart")
            self.values = {}
            return
        self.values = dict(person.values)
        self.version = person.version  # what the fields show: a save over a newer one is refused
        self._loading = True
        try:
            values = self.values
            self.heading.setText(values["name"])
            for field, line in self.lines.items():
                line.setText(values[field])
            self._fill(self.org_unit, person.units, values["org_unit_id"], "No org unit")
            self.manager.show_choice(person.manager, lambda: self._others(account_id, stakeholder_id))
            self.stance.setCurrentIndex(self.stance.findData(values["stance"].value))
            self.influence.setValue(values["influence"])
            for role, box in self.roles.items():
                box.setChecked(role in person.roles)
            self.departed.setChecked(person.departed)
            left = values["departed_on"]
            if left:
                self.departed_on.setDate(QDate(left.year, left.month, left.day))
            for field, text in self.texts.items():
                if text.toPlainText() != values[field]:
                    text.setPlainText(values[field])
        finally:
            self._loading = False

    def _others(self, account_id: int | None, stakeholder_id: int | None) -> list[tuple[int, str]]:
        """The people the shown person could report to: everyone else, by name."""
        if account_id is None or stakeholder_id is None:
            return []
        with self.context.database.session() as session:
            return possible_managers(session, account_id, stakeholder_id)

    @staticmethod
    def _fill(combo: QComboBox, rows: Sequence[Any], current: int | None, empty: str) -> None:
        combo.clear()
        combo.addItem(empty, None)
        for row_id, name in rows:
            combo.addItem(name, row_id)
        combo.setCurrentIndex(max(combo.findData(current), 0))

    def _label(self) -> str:
        return str(self.values.get("name", "the stakeholder"))

    def _save(self, field: str, value: Any) -> None:
        if self._loading or self.stakeholder_id is None or self.account_id is None:
            return
        old = self.values.get(field)
        if str(getattr(old, "value", old)) == str(value) or (old is None and value in (None, "")):
            return
        command = UpdateStakeholder(
            self.context, self.account_id, self.stakeholder_id, self._label(), **{field: value}
        ).saw("stakeholders", self.stakeholder_id, self.version, **self.values)
        # Refused: show what is stored, except when the server is away (the typed text stays to try again).
        if not self.context.execute(command) and not self.context.unreachable:
            self.show_stakeholder(self.account_id, self.stakeholder_id)

    def _save_manager(self) -> None:
        if self._loading or self.stakeholder_id is None or self.account_id is None:
            return
        manager = self.manager.currentData()
        if manager == self.values.get("reports_to_id"):
            return
        text = f"move {self._label()} under {self.manager.currentText()}"
        if (
            not self.context.execute(
                SetManager(self.context, self.account_id, self.stakeholder_id, manager, text)
            )
            and not self.context.unreachable
        ):
            self.show_stakeholder(self.account_id, self.stakeholder_id)

    def _save_roles(self) -> None:
        if self._loading or self.stakeholder_id is None or self.account_id is None:
            return
        wanted = {role for role, box in self.roles.items() if box.isChecked()}
        self.context.execute(
            SetRoles(self.context, self.account_id, self.stakeholder_id, self._label(), wanted)
        )

    def _save_departure(self) -> None:
        if self._loading or self.stakeholder_id is None or self.account_id is None:
            return
        day = self.departed_on.date()
        on = dt.date(day.year(), day.month(), day.day()) if self.departed.isChecked() else None
        if on == self.values.get("departed_on"):
            return
        self.context.execute(
            SetDeparted(self.context, self.account_id, self.stakeholder_id, self._label(), on)
        )

"""The deal team's dialogs: adding a co-seller to the team, and the handover when someone leaves."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import CoSellerRole, FirmKind
from accountplan.plan.team import Handover
from accountplan.ui.common.accessibility import describe, name_controls


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class AddToTeamDialog(QDialog):
    """Choose a co-seller from the directory, or describe a new one, and what they do on this account."""

    def __init__(self, parent: QWidget | None, directory: list[tuple[int, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to the deal team")
        layout = QVBoxLayout(self)
        self.existing = QRadioButton("Someone already in the &directory")
        self.people = QComboBox()
        for co_seller_id, label in directory:
            self.people.addItem(label, co_seller_id)
        self.new = QRadioButton("Someone &new")
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in CoSellerRole:
            self.role.addItem(role.label, role.value)
        self.firm = QComboBox()
        for firm in FirmKind:
            self.firm.addItem("Our company" if firm is FirmKind.OURS else "Partner firm", firm.value)
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText("For a partner: the firm's name")
        self.email = QLineEdit()
        self.title = QLineEdit()
        self.responsibility = QLineEdit()
        self.responsibility.setPlaceholderText("e.g. owns the Nagoya warehouses")
        layout.addWidget(self.existing)
        layout.addWidget(self.people)
        layout.addWidget(self.new)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("&Works for", self.firm)
        form.addRow("&Organisation", self.organisation)
        form.addRow("&E-mail", self.email)
        form.addRow("&Title", self.title)
        self.new_fields = QWidget()
        self.new_fields.setLayout(form)
        layout.addWidget(self.new_fields)
        responsibility = QFormLayout()
        responsibility.addRow("On this account", self.responsibility)
        layout.addLayout(responsibility)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        describe(self.people, "Who in the directory")
        name_controls(self)
        self.existing.toggled.connect(self._update)
        self.name.textChanged.connect(self._update)
        if directory:
            self.existing.setChecked(True)
        else:
            self.existing.setEnabled(False)
            self.new.setChecked(True)
        self._update()

    def _update(self) -> None:
        existing = self.existing.isChecked()
        self.people.setEnabled(existing)
        self.new_fields.setEnabled(not existing)
        ok = existing or bool(self.name.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class HandoverDialog(QDialog):
    """What a leaving co-seller hands over: their open actions and owned relationships, and to whom."""

    def __init__(
        self, parent: QWidget | None, name: str, handover: Handover, members: list[tuple[int, str]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{name} leaves the team")
        self.resize(520, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{name}</b> leaves the deal team. Choose who takes over what they still hold; "
            "Edit → Undo puts everything back."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.action_list = self._checklist(handover.open_actions)
        self.relationship_list = self._checklist(handover.owned_relationships)
        layout.addWidget(QLabel(f"Open actions ({len(handover.open_actions)})"))
        layout.addWidget(self.action_list, 1)
        layout.addWidget(QLabel(f"Relationships they own ({len(handover.owned_relationships)})"))
        layout.addWidget(self.relationship_list, 1)
        form = QFormLayout()
        self.new_owner = QComboBox()
        for co_seller_id, label in members:
            self.new_owner.addItem(label, co_seller_id)
        nothing = not handover.open_actions and not handover.owned_relationships
        self.new_owner.setEnabled(not nothing and bool(members))
        if nothing:
            self.new_owner.addItem("Nothing to hand over", None)
            self.new_owner.setCurrentIndex(self.new_owner.count() - 1)
        self.left_on = QDateEdit(QDate.currentDate())
        self.left_on.setCalendarPopup(True)
        self.left_on.setDisplayFormat("yyyy-MM-dd")
        form.addRow("&Give them to", self.new_owner)
        form.addRow("&Leaves on", self.left_on)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.leave_button = self.buttons.addButton(
            "Leave and &reassign", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        describe(self.action_list, "Open actions")
        describe(self.relationship_list, "Relationships they own")
        name_controls(self)

    @staticmethod
    def _checklist(rows: list[tuple[int, str]]) -> QListWidget:
        widget = QListWidget()
        for row_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            widget.addItem(item)
        return widget

    @staticmethod
    def _checked(widget: QListWidget) -> list[int]:
        return [
            int(widget.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]

    def action_ids(self) -> list[int]:
        return self._checked(self.action_list)

    def coverage_ids(self) -> list[int]:
        return self._checked(self.relationship_list)

    def to_co_seller_id(self) -> int | None:
        value = self.new_owner.currentData()
        return int(value) if value is not None else None

    def leaves_on(self) -> dt.date:
        return to_date(self.left_on.date())

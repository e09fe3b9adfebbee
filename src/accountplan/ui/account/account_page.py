"""The account page: the account's own fields, edited in place and undoable, with its initiatives."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from accountplan.model import Account
from accountplan.model.enums import AccountStatus
from accountplan.plan.initiatives import list_initiatives, list_spend_zones
from accountplan.ui.common.commands import (
    PlanContext,
    UpdateAccount,
)

if TYPE_CHECKING:
    from accountplan.ui.account.initiatives_dialog import InitiativesDialog


from accountplan.ui.common.pages import Page, _heading


class AccountPage(Page):
    """The account's own fields; each edit is saved when the field is left, and can be undone."""

    key, title = "account", "Account"
    reads = frozenset({"accounts", "initiatives", "spend_zones", "stakeholders"})

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Account"))
        form = QFormLayout()
        self.name = QLineEdit()
        self.industry = QLineEdit()
        self.region = QLineEdit()
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setInputMask(">AAA")
        self.fiscal_start = QComboBox()
        for month in range(1, 13):
            self.fiscal_start.addItem(dt.date(2000, month, 1).strftime("%B"), month)
        self.status = QComboBox()
        for status in AccountStatus:
            self.status.addItem(status.label, status.value)
        self.description = QPlainTextEdit()
        self.vision = QPlainTextEdit()
        self.vision.setPlaceholderText("What the customer will look like in three years with us")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Internal only: never shared with the customer")
        self.initiatives = QLabel("")
        self.initiatives.setWordWrap(True)
        self.initiatives_button = QPushButton("Edi&t…")
        self.initiatives_button.setToolTip(
            "The transformations the customer is driving, and where its money goes today"
        )
        self.initiatives_button.clicked.connect(lambda: self.edit_initiatives())
        initiatives_row = QHBoxLayout()
        initiatives_row.addWidget(self.initiatives, 1)
        initiatives_row.addWidget(self.initiatives_button)
        for label, widget in (
            ("&Name", self.name),
            ("&Industry", self.industry),
            ("&Region", self.region),
            ("&Currency", self.currency),
            ("&Fiscal year starts in", self.fiscal_start),
            ("&Status", self.status),
            ("&Description", self.description),
            ("3-year &vision", self.vision),
            ("Internal notes", self.notes),
        ):
            form.addRow(label, widget)
        form.insertRow(form.rowCount() - 1, "Initiatives and spend", initiatives_row)
        layout.addLayout(form)
        self._loading = False
        for field, line in (
            ("name", self.name),
            ("industry", self.industry),
            ("region", self.region),
            ("currency", self.currency),
        ):
            line.editingFinished.connect(lambda f=field, w=line: self._save(f, w.text()))
        self.fiscal_start.activated.connect(
            lambda: self._save("fiscal_year_start_month", self.fiscal_start.currentData())
        )
        self.status.activated.connect(lambda: self._save("status", self.status.currentData()))
        for field, text in (
            ("description", self.description),
            ("vision", self.vision),
            ("internal_notes", self.notes),
        ):
            text.installEventFilter(self)
            text.setProperty("field", field)
        self.values: dict[str, Any] = {}

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if event.type() == event.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self._save(watched.property("field"), watched.toPlainText())
        return super().eventFilter(watched, event)

    def edit_initiatives(self) -> InitiativesDialog | None:
        """The dialog of the account's strategic initiatives and spend zones (shown, not waited for)."""
        if self.account_id is None:
            return None
        from accountplan.ui.account.initiatives_dialog import InitiativesDialog

        dialog = InitiativesDialog(self.context, self.account_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _save(self, field: str, value: Any) -> None:
        if self._loading or self.account_id is None or str(self.values.get(field)) == str(value):
            return
        done = self.context.execute(UpdateAccount(self.context, self.account_id, **{field: value}))
        if not done and not self.context.unreachable:  # with the server away, what was typed stays
            self.refresh()  # show the stored value again

    def refresh(self) -> None:
        if self.account_id is None:
            return
        with self.context.database.session() as session:
            account = session.get(Account, self.account_id)
            if account is None:
                return
            self.values = {
                "name": account.name,
                "industry": account.industry,
                "region": account.region,
                "currency": account.currency,
                "fiscal_year_start_month": account.fiscal_year_start_month,
                "status": account.status.value,
                "description": account.description,
                "vision": account.vision,
                "internal_notes": account.internal_notes,
            }
            initiatives = len(list_initiatives(session, self.account_id))
            zones = len(list_spend_zones(session, self.account_id))
        self.initiatives.setText(
            f"{initiatives} strategic initiative{'s' if initiatives != 1 else ''} · "
            f"{zones} spend zone{'s' if zones != 1 else ''}"
            if initiatives or zones
            else "None yet: the transformations the customer is driving, where its money goes"
        )
        self._loading = True
        try:
            self.name.setText(self.values["name"])
            self.industry.setText(self.values["industry"])
            self.region.setText(self.values["region"])
            self.currency.setText(self.values["currency"])
            self.fiscal_start.setCurrentIndex(
                self.fiscal_start.findData(self.values["fiscal_year_start_month"])
            )
            self.status.setCurrentIndex(self.status.findData(self.values["status"]))
            for widget, field in (
                (self.description, "description"),
                (self.vision, "vision"),
                (self.notes, "internal_notes"),
            ):
                if widget.toPlainText() != self.values[field]:
                    widget.setPlainText(self.values[field])
        finally:
            self._loading = False

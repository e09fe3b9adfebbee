"""The deal team page: who works the account with the AE, edited in place, joining and leaving."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accountplan.model.enums import CoSellerRole, FirmKind
from accountplan.plan.team import TeamRow, handover_of, list_co_sellers, list_team
from accountplan.ui.common.accessibility import describe, name_controls
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.delegates import CHOICES_ROLE, ChoiceDelegate
from accountplan.ui.common.empty_state import EmptyState
from accountplan.ui.common.pages import Page, fit_columns, row_table
from accountplan.ui.common.table_model import AccountRowsModel
from accountplan.ui.people.models import ID_ROLE, SORT_ROLE
from accountplan.ui.team.team_commands import AddToTeam, LeaveTeam, UpdateCoSeller
from accountplan.ui.team.team_dialogs import AddToTeamDialog, HandoverDialog

Index = QModelIndex | QPersistentModelIndex
ACTIVE_ROLE = Qt.ItemDataRole.UserRole + 4
FORMER_COLOUR = QColor("#8a8f98")


def firm_label(firm: FirmKind) -> str:
    return "Ours" if firm is FirmKind.OURS else "Partner"


class TeamTableModel(AccountRowsModel[TeamRow]):
    """The account's deal team (current and former members); name, role and firm are edited in place."""

    COLUMNS = (
        "Name",
        "Role",
        "Organisation",
        "Firm",
        "On the team",
        "Open actions",
        "Covers",
        "Owns",
        "Responsibility",
    )
    EDITABLE = {0: "name", 1: "role", 2: "organisation", 3: "firm_kind"}

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context, list_team)

    def member(self, row: int) -> TeamRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def members(self) -> list[TeamRow]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        member_role, firm = CoSellerRole(row.role), FirmKind(row.firm_kind)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                " + ".join(r.label for r in row.roles),
                row.organisation,
                firm_label(firm),
                self._membership_text(row),
                row.open_actions,
                row.relationships,
                row.owned_relationships,
                row.responsibility,
            )[column]
        if role == Qt.ItemDataRole.EditRole:
            return {0: row.name, 1: member_role.value, 2: row.organisation, 3: firm.value}.get(
                column, self.data(index)
            )
        if role == CHOICES_ROLE:
            if column == 1:
                return [(r.label, r.value) for r in CoSellerRole]
            if column == 3:
                return [(firm_label(f), f.value) for f in FirmKind]
            return None
        if role == SORT_ROLE:
            if column == 4:  # current members first, then by date
                return f"{int(not row.active)} {row.joined_on or row.left_on or ''}"
            return self.data(index)
        if role == ID_ROLE:
            return row.co_seller_id
        if role == ACTIVE_ROLE:
            return row.active
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(FORMER_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (6, 7):
            return (
                f"{row.name} knows {row.relationships} of the customer's people "
                f"and owns the relationship with {row.owned_relationships}"
            )
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and (row.title or row.email):
            return " · ".join(p for p in (row.title, row.email) if p)
        return None

    @staticmethod
    def _membership_text(row: TeamRow) -> str:
        if not row.active:
            return f"Left {row.left_on.isoformat()}" if row.left_on else "Former"
        return f"Since {row.joined_on.isoformat()}" if row.joined_on else "Yes"

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        if str(self.data(index, Qt.ItemDataRole.EditRole)) == str(value):
            return False
        row = self._rows[index.row()]
        assert self.account_id is not None
        field = self.EDITABLE[index.column()]
        command = UpdateCoSeller(self.context, self.account_id, row.co_seller_id, row.name, **{field: value})
        return self.context.execute(command)


class TeamFilterProxy(QSortFilterProxyModel):
    """Current members only (unless former ones are asked for), matching the filter text."""

    def __init__(self) -> None:
        super().__init__()
        self.show_former = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)

    def set_show_former(self, show: bool) -> None:
        self.beginFilterChange()
        self.show_former = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not self.show_former and not model.index(source_row, 0, source_parent).data(ACTIVE_ROLE):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class TeamPage(Page):
    """The deal team: add a co-seller, edit role and firm in place, hand over when someone leaves."""

    key, title = "team", "Deal team"
    reads = frozenset({"accounts", "actions", "co_sellers", "coverage", "deal_team_members"})

    def __init__(self, context: PlanContext) -> None:
        super().__init__(context)
        self.model = TeamTableModel(context)
        self.proxy = TeamFilterProxy()
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        heading = QLabel("Deal team")
        heading.setObjectName("pageHeading")
        bar.addWidget(heading)
        bar.addStretch(1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, role, organisation…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.former_box = QCheckBox("Show former members")
        self.former_box.toggled.connect(self.proxy.set_show_former)
        self.add_button = QPushButton("&Add to team…")
        self.add_button.clicked.connect(lambda: self.add_member())
        self.leave_button = QPushButton("&Leaves the team…")
        self.leave_button.setToolTip(
            "Hand over their open actions and relationships, then take them off the team"
        )
        self.leave_button.clicked.connect(lambda: self.leave_selected())
        self.roles_button = QPushButton("&Roles…")
        self.roles_button.setToolTip("The roles the selected co-seller holds: their main one and any others")
        self.roles_button.clicked.connect(lambda: self.edit_roles())
        for widget in (self.filter, self.former_box, self.add_button, self.roles_button, self.leave_button):
            bar.addWidget(widget)
        layout.addLayout(bar)
        self.table = row_table(self.proxy)
        describe(self.table, "Deal team table", "Our people on this account and their roles")
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table)
        self.count = QLabel("")
        layout.addWidget(self.count)
        self.dialog: QDialog | None = None
        self.empty = EmptyState(
            self.table,
            "No one on the deal team yet. Add the co-sellers who work this account (ours and the partners'): "
            "they own actions and relationships, and attend the alignment meetings.",
            [("Add to the team…", self.add_button.click)],
            model=self.model,
        )
        self._update_buttons()

    def refresh(self) -> None:
        selected = self.selected_id()
        self.model.show_account(self.account_id)
        fit_columns(self.table, widest=260)
        members = [m for m in self.model.members() if m.active]
        partners = sum(1 for m in members if FirmKind(m.firm_kind) is FirmKind.PARTNER)
        former = len(self.model.members()) - len(members)
        self.count.setText(
            f"{len(members)} on the team ({partners} from partner firms)"
            + (f" · {former} former" if former else "")
        )
        if selected is not None:
            self.select_member(selected)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def select_member(self, co_seller_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == co_seller_id:
                self.table.selectRow(row)
                return True
        return False

    def _member(self, co_seller_id: int) -> TeamRow | None:
        return next((m for m in self.model.members() if m.co_seller_id == co_seller_id), None)

    def _update_buttons(self) -> None:
        member = self._member(self.selected_id() or -1)
        self.leave_button.setEnabled(member is not None and member.active)
        self.roles_button.setEnabled(member is not None)
        self.add_button.setEnabled(self.account_id is not None)

    def edit_roles(self) -> RolesDialog | None:
        """The roles dialog of the selected co-seller (shown, not waited for); saving is one undoable edit."""
        member = self._member(self.selected_id() or -1)
        if member is None or self.account_id is None:
            return None
        dialog = RolesDialog(self, member.name, member.roles)
        account_id = self.account_id

        def save() -> None:
            roles = dialog.roles()
            if roles == member.roles:
                return
            changes = {"role": roles[0], "other_roles": ",".join(r.value for r in roles[1:])}
            self.context.execute(
                UpdateCoSeller(self.context, account_id, member.co_seller_id, member.name, **changes)
            )

        dialog.accepted.connect(save)
        dialog.open()
        self.dialog = dialog
        return dialog

    # --- joining ------------------------------------------------------------------------------------

    def directory(self) -> list[tuple[int, str]]:
        """Co-sellers who could join: everyone in the directory not on this team now."""
        active = {m.co_seller_id for m in self.model.members() if m.active}
        with self.context.database.session() as session:
            people = list_co_sellers(session)
        return [
            (
                p.id,
                f"{p.name} — {CoSellerRole(p.role).label}"
                + (f", {p.organisation}" if p.organisation else ""),
            )
            for p in people
            if p.id not in active
        ]

    def add_member(self) -> AddToTeamDialog | None:
        """Open the dialog that adds someone to the team (saved when it is accepted)."""
        if self.account_id is None:
            return None
        dialog = AddToTeamDialog(self, self.directory())
        dialog.accepted.connect(lambda: self._add_from(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _add_from(self, dialog: AddToTeamDialog) -> bool:
        assert self.account_id is not None
        responsibility = dialog.responsibility.text().strip()
        if dialog.existing.isChecked():
            co_seller_id = int(dialog.people.currentData())
            name = dialog.people.currentText().split(" — ")[0]
            command = AddToTeam(
                self.context, self.account_id, name, co_seller_id=co_seller_id, responsibility=responsibility
            )
        else:
            command = AddToTeam(
                self.context,
                self.account_id,
                dialog.name.text().strip(),
                role=CoSellerRole(dialog.role.currentData()),
                responsibility=responsibility,
                firm_kind=FirmKind(dialog.firm.currentData()),
                organisation=dialog.organisation.text().strip(),
                email=dialog.email.text().strip(),
                title=dialog.title.text().strip(),
            )
        done = self.context.execute(command)
        if done and command.change.co_seller_id is not None:
            self.select_member(command.change.co_seller_id)
        return done

    # --- leaving ------------------------------------------------------------------------------------

    def leave_selected(self) -> HandoverDialog | None:
        """Open the handover of the selected member: what they hold, and who takes it over."""
        co_seller_id = self.selected_id()
        member = self._member(co_seller_id) if co_seller_id is not None else None
        if member is None or not member.active or self.account_id is None:
            return None
        with self.context.database.session() as session:
            handover = handover_of(session, self.account_id, member.co_seller_id)
        others = sorted(
            (m for m in self.model.members() if m.active and m.co_seller_id != member.co_seller_id),
            key=lambda m: m.name,
        )
        choices = [(m.co_seller_id, f"{m.name} — {CoSellerRole(m.role).label}") for m in others]
        dialog = HandoverDialog(self, member.name, handover, choices)
        dialog.accepted.connect(lambda: self._leave_from(dialog, member))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _leave_from(self, dialog: HandoverDialog, member: TeamRow) -> bool:
        assert self.account_id is not None
        command = LeaveTeam(
            self.context,
            self.account_id,
            member.co_seller_id,
            member.name,
            to_co_seller_id=dialog.to_co_seller_id(),
            action_ids=dialog.action_ids(),
            coverage_ids=dialog.coverage_ids(),
            on=dialog.leaves_on(),
        )
        if not self.context.execute(command):
            return False
        moved = len(command.change.action_ids) + len(command.change.coverage_ids)
        receiver = dialog.new_owner.currentText().split(" — ")[0]
        self.context.events.status.emit(
            f"{member.name} left the team; {moved} item(s) handed over to {receiver}."
            if moved and command.change.to_co_seller_id is not None
            else f"{member.name} left the team."
        )
        return True


class RolesDialog(QDialog):
    """The roles a co-seller holds: ticked in the list, the main one chosen among them; no signals."""

    def __init__(self, parent: QWidget, name: str, roles: list[CoSellerRole]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Roles of {name}")
        self.boxes: dict[CoSellerRole, QCheckBox] = {}
        grid = QGridLayout()
        for index, role in enumerate(CoSellerRole):
            box = QCheckBox(role.label)
            box.setChecked(role in roles)
            box.toggled.connect(lambda _on: self._fill_main())
            self.boxes[role] = box
            grid.addWidget(box, index // 2, index % 2)
        self.main = QComboBox()
        self.main.setAccessibleName("Main role")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"What {name} does in this pursuit (one or more):"))
        layout.addLayout(grid)
        form = QFormLayout()
        form.addRow("&Main role:", self.main)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        name_controls(self)
        self._fill_main(roles[0] if roles else None)

    def _fill_main(self, keep: CoSellerRole | None = None) -> None:
        current = keep or self.main.currentData()
        self.main.clear()
        for role, box in self.boxes.items():
            if box.isChecked():
                self.main.addItem(role.label, role)
        index = self.main.findData(current)
        self.main.setCurrentIndex(max(0, index))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.main.count() > 0)

    def roles(self) -> list[CoSellerRole]:
        """The ticked roles, the main one first."""
        main = self.main.currentData()
        ticked = [role for role, box in self.boxes.items() if box.isChecked()]
        return [main, *(role for role in ticked if role is not main)] if main is not None else ticked

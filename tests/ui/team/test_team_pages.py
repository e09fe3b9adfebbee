from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QHeaderView, QMenu
from sqlalchemy import func, insert, select

from accountplan.model import Action, CoSeller, Coverage, DealTeamMember, Stakeholder
from accountplan.model.enums import CoSellerRole, FirmKind, RelationshipStrength
from accountplan.plan import accounts, stakeholders, team
from accountplan.store.database import Database
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.people.coverage_model import LEAD
from accountplan.ui.people.coverage_page import CELL_WIDTH, ROW_HEIGHT, CoveragePage, TouchedDialog
from accountplan.ui.team.team_page import TeamPage


def _team_page(window: MainWindow) -> TeamPage:
    page = window.show_page("team")
    assert isinstance(page, TeamPage)
    return page


def _coverage_page(window: MainWindow) -> CoveragePage:
    page = window.show_page("coverage")
    assert isinstance(page, CoveragePage)
    return page


def _small_team(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        cfo = stakeholders.add_stakeholder(session, account, "Zoë Lefèvre", title="CFO", influence=5)
        ae = team.add_co_seller(session, "Marcus Lindqvist", CoSellerRole.ACCOUNT_EXECUTIVE)
        sc = team.add_co_seller(session, "Keiko Nishimura", CoSellerRole.SOLUTION_CONSULTANT)
        outsider = team.add_co_seller(
            session,
            "Konstantin Lau",
            CoSellerRole.PARTNER,
            firm_kind=FirmKind.PARTNER,
            organisation="Brückner & Lau",
        )
        team.join_team(session, account, ae, responsibility="Owns the account")
        team.join_team(session, account, sc)
    return {"account": account, "cfo": cfo, "ae": ae, "sc": sc, "outsider": outsider}


def test_the_team_table_lists_members_and_edits_role_in_place_with_undo(
    qtmodeltester, window: MainWindow, db: Database
) -> None:
    ids = _small_team(db)
    window.events.accounts_changed.emit()
    page = _team_page(window)
    assert window.stack.currentWidget() is page
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names == ["Keiko Nishimura", "Marcus Lindqvist"]
    assert page.count.text().startswith("2 on the team")
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    row = names.index("Keiko Nishimura")
    role = page.proxy.index(row, 1)
    page.table.setCurrentIndex(role)
    page.table.edit(role)  # the delegate's combo box, as a double-click opens it
    editor = page.table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentIndex(editor.findData(CoSellerRole.SPECIALIST.value))
    editor.activated.emit(editor.currentIndex())
    with db.session() as session:
        assert session.get(CoSeller, ids["sc"]).role is CoSellerRole.SPECIALIST
    assert page.proxy.index(row, 1).data() == "Specialist"
    window.undo_action.trigger()
    with db.session() as session:
        assert session.get(CoSeller, ids["sc"]).role is CoSellerRole.SOLUTION_CONSULTANT


def test_a_co_seller_holds_several_roles_chosen_in_the_roles_dialog_with_undo(
    qtbot, window: MainWindow, db: Database
) -> None:
    ids = _small_team(db)
    window.events.accounts_changed.emit()
    page = _team_page(window)
    assert page.select_member(ids["sc"])
    dialog = page.edit_roles()
    assert dialog is not None
    assert [role for role, box in dialog.boxes.items() if box.isChecked()] == [
        CoSellerRole.SOLUTION_CONSULTANT
    ]
    dialog.boxes[CoSellerRole.SDR].setChecked(True)  # SDR and BDR are two roles now
    dialog.boxes[CoSellerRole.CUSTOMER_SUCCESS_MANAGER].setChecked(True)
    dialog.main.setCurrentIndex(dialog.main.findData(CoSellerRole.CUSTOMER_SUCCESS_MANAGER))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with db.session() as session:
        person = session.get(CoSeller, ids["sc"])
        assert person is not None
        assert team.roles_of(person) == [
            CoSellerRole.CUSTOMER_SUCCESS_MANAGER,
            CoSellerRole.SOLUTION_CONSULTANT,
            CoSellerRole.SDR,
        ]
    row = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())].index("Keiko Nishimura")
    assert page.proxy.index(row, 1).data() == "Customer success manager + Solution consultant + SDR (inbound)"
    window.undo_action.trigger()
    with db.session() as session:
        person = session.get(CoSeller, ids["sc"])
        assert person is not None and team.roles_of(person) == [CoSellerRole.SOLUTION_CONSULTANT]
    dialog = page.edit_roles()
    assert dialog is not None
    dialog.boxes[CoSellerRole.SOLUTION_CONSULTANT].setChecked(False)  # none ticked: nothing to save
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.reject()


def test_adding_someone_from_the_directory_and_someone_new(qtbot, window: MainWindow, db: Database) -> None:
    ids = _small_team(db)
    window.events.accounts_changed.emit()
    page = _team_page(window)
    dialog = page.add_member()
    assert dialog is not None and dialog.isVisible()
    assert dialog.people.count() == 1 and dialog.people.currentData() == ids["outsider"]
    qtbot.keyClicks(dialog.responsibility, "Partner delivery")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3
    dialog = page.add_member()
    assert dialog is not None and dialog.people.count() == 0 and dialog.new.isChecked()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a new co-seller needs a name
    qtbot.keyClicks(dialog.name, "Søren Ødegård")
    dialog.role.setCurrentIndex(dialog.role.findData(CoSellerRole.CUSTOMER_SUCCESS_MANAGER.value))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 4
    assert page.selected_id() is not None
    with db.session() as session:
        new = session.scalar(select(CoSeller).where(CoSeller.name == "Søren Ødegård"))
        assert new is not None and new.role is CoSellerRole.CUSTOMER_SUCCESS_MANAGER
        lau = team.membership(session, ids["account"], ids["outsider"])
        assert lau is not None and lau.responsibility == "Partner delivery"
    window.undo_action.trigger()  # the new co-seller disappears altogether
    window.undo_action.trigger()  # Konstantin is off the team again
    assert page.model.rowCount() == 2
    with db.session() as session:
        assert session.scalar(select(func.count()).where(CoSeller.name == "Søren Ødegård")) == 0
        assert team.membership(session, ids["account"], ids["outsider"]) is None


def _owners(db: Database, action_ids: list[int], coverage_ids: list[int]) -> tuple[set, set]:  # type: ignore[type-arg]
    with db.session() as session:
        actions = {session.get(Action, i).owner_id for i in action_ids}
        covered = {
            (c.stakeholder_id, c.co_seller_id)
            for c in session.scalars(select(Coverage).where(Coverage.is_owner))
        }
    return actions, covered


def test_leaving_the_team_hands_everything_over_in_bulk_and_undo_puts_it_back(
    qtbot, window: MainWindow, db: Database
) -> None:
    window.load_demo_account()
    page = _team_page(window)
    members = [m for m in page.model.members() if m.active]
    leaver = max(
        (m for m in members if m.owned_relationships and m.open_actions and m.name != "Marcus Lindqvist"),
        key=lambda m: (m.open_actions, m.owned_relationships),
    )
    assert page.select_member(leaver.co_seller_id)
    dialog = page.leave_selected()
    assert dialog is not None
    action_ids = dialog.action_ids()
    coverage_ids = dialog.coverage_ids()
    assert len(action_ids) == leaver.open_actions and len(coverage_ids) == leaver.owned_relationships
    taker = next(m for m in members if m.name == "Marcus Lindqvist")
    dialog.new_owner.setCurrentIndex(dialog.new_owner.findData(taker.co_seller_id))
    _, owned_before = _owners(db, action_ids, coverage_ids)
    qtbot.mouseClick(dialog.leave_button, Qt.MouseButton.LeftButton)
    owners, owned_after = _owners(db, action_ids, coverage_ids)
    assert owners == {taker.co_seller_id}
    assert not any(seller == leaver.co_seller_id for _, seller in owned_after)
    with db.session() as session:
        member = session.scalar(
            select(DealTeamMember).where(DealTeamMember.co_seller_id == leaver.co_seller_id)
        )
        assert member is not None and not member.active
    assert leaver.co_seller_id not in {m.co_seller_id for m in page.model.members() if m.active}
    assert "handed over" in window.statusBar().currentMessage()
    window.undo_action.trigger()  # one command: everything back
    owners, owned_undone = _owners(db, action_ids, coverage_ids)
    assert owners == {leaver.co_seller_id}
    assert owned_undone == owned_before
    with db.session() as session:
        member = session.scalar(
            select(DealTeamMember).where(DealTeamMember.co_seller_id == leaver.co_seller_id)
        )
        assert member is not None and member.active and member.left_on is None


def test_the_demo_gaps_are_on_top_of_the_matrix(qtmodeltester, window: MainWindow) -> None:
    window.load_demo_account()
    page = _coverage_page(window)
    model, proxy = page.model, page.proxy
    assert model.rowCount() > 100 and model.columnCount() == LEAD + 60
    flags = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    gaps = [i for i, flag in enumerate(flags) if "Gap" in flag]
    assert gaps and gaps == list(range(len(gaps)))  # every gap comes before everyone else
    first = model.row_info(0)
    assert first.gap and proxy.headerData(0, Qt.Orientation.Vertical) == first.name
    assert "gap" in page.summary.text()
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_filters_narrow_the_matrix_by_unit_role_and_influence(window: MainWindow) -> None:
    from accountplan.model.enums import BuyingRole

    window.load_demo_account()
    page = _coverage_page(window)
    everyone = page.proxy.rowCount()
    unit = page.unit_box.itemData(1)
    page.unit_box.setCurrentIndex(1)
    shown = [page.proxy.mapToSource(page.proxy.index(r, 0)).row() for r in range(page.proxy.rowCount())]
    assert 0 < len(shown) < everyone and all(page.model.row_info(r).org_unit == unit for r in shown)
    page.unit_box.setCurrentIndex(0)
    page.role_box.setCurrentIndex(page.role_box.findData(BuyingRole.ECONOMIC_BUYER))
    shown = [page.proxy.mapToSource(page.proxy.index(r, 0)).row() for r in range(page.proxy.rowCount())]
    assert shown and all(BuyingRole.ECONOMIC_BUYER in page.model.row_roles(r) for r in shown)
    page.role_box.setCurrentIndex(0)
    page.influence_box.setValue(5)
    assert 0 < page.proxy.rowCount() < everyone
    assert all(page.proxy.index(r, 1).data() == 5 for r in range(page.proxy.rowCount()))
    page.influence_box.setValue(1)
    page.problems_box.setChecked(True)
    assert all(page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount()))


def _coverage_of(db: Database, seller: int, person: int) -> tuple[RelationshipStrength, bool] | None:
    with db.session() as session:
        row = session.scalar(
            select(Coverage).where(Coverage.co_seller_id == seller, Coverage.stakeholder_id == person)
        )
        return (row.strength, row.is_owner) if row is not None else None


def test_editing_a_cell_changes_the_database_and_undo_restores_it(window: MainWindow, db: Database) -> None:
    window.load_demo_account()
    page = _coverage_page(window)
    gap = page.model.row_info(0)
    column = next(c for c in range(LEAD, page.model.columnCount()) if page.model.cell(0, c) is None)
    seller_id, _ = page.model.co_seller(column)  # type: ignore[misc]
    index = page.proxy.mapFromSource(page.model.index(0, column))
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentIndex(editor.findData(RelationshipStrength.STRONG.value))
    editor.activated.emit(editor.currentIndex())
    assert _coverage_of(db, seller_id, gap.id) == (RelationshipStrength.STRONG, False)
    row = page.model.row_of(gap.id)
    assert not page.model.row_info(row).gap  # covered now: no longer a gap
    assert page.model.index(row, column).data(Qt.ItemDataRole.EditRole) == "strong"
    # Make them the owner: the previous owner loses it, undo gives it back.
    previous_owner = gap.owner_id
    assert page.model.set_cell(row, column, owner=True)
    assert _coverage_of(db, seller_id, gap.id) == (RelationshipStrength.STRONG, True)
    assert page.model.index(page.model.row_of(gap.id), column).data() == "★"
    window.undo_action.trigger()
    if previous_owner is not None:
        assert _coverage_of(db, previous_owner, gap.id)[1]  # type: ignore[index]
    window.undo_action.trigger()
    assert _coverage_of(db, seller_id, gap.id) is None
    assert page.model.row_info(0).id == gap.id  # back on top


def test_touched_today_marks_the_relationship_fresh(window: MainWindow, db: Database) -> None:
    window.load_demo_account()
    page = _coverage_page(window)
    row, column = next(
        (r, c)
        for r in range(page.model.rowCount())
        for c in range(LEAD, page.model.columnCount())
        if (cell := page.model.cell(r, c)) is not None and cell.stale
    )
    person = page.model.row_info(row).id
    assert page.model.index(row, column).data(Qt.ItemDataRole.ToolTipRole).endswith("stale")
    assert page.model.set_cell(row, column, touched=dt.date.today())
    new_row = page.model.row_of(person)
    assert not page.model.cell(new_row, column).stale  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert page.model.cell(page.model.row_of(person), column).stale  # type: ignore[union-attr]


def test_the_day_a_relationship_was_last_touched_is_chosen_from_the_cell_and_undone(
    qtbot, window: MainWindow, db: Database
) -> None:
    # A new account records relationships that began before it: "Touched today" alone could not say so.
    ids = _small_team(db)
    window.events.accounts_changed.emit()
    page = _coverage_page(window)
    row, column = page.model.row_of(ids["cfo"]), page.model.column_of(ids["ae"])
    index = page.proxy.mapFromSource(page.model.index(row, column))
    page.table.customContextMenuRequested.emit(page.table.visualRect(index).center())
    menu = page.findChild(QMenu)
    assert menu is not None
    entry = next(a for a in menu.actions() if a.text() == "Last touched on…")
    entry.trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, TouchedDialog)
    assert dialog.date.maximumDate() == QDate.currentDate()  # not a day still to come
    met = dt.date.today() - dt.timedelta(days=75)
    dialog.date.setDate(QDate(met.year, met.month, met.day))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    with db.session() as session:
        known = session.scalars(select(Coverage)).one()
        assert (known.strength, known.last_touched) == (RelationshipStrength.BRIEF, met)
    tip = page.model.index(page.model.row_of(ids["cfo"]), column).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(f"Last touched {met.isoformat()} (75 days ago) — stale")
    window.undo_action.trigger()
    assert _coverage_of(db, ids["ae"], ids["cfo"]) is None


def test_a_matrix_of_a_thousand_people_by_sixty_co_sellers_is_one_model_with_fixed_sections(
    window: MainWindow, db: Database
) -> None:
    with db.transaction() as session:
        account = accounts.create_account(session, "Big")
        session.execute(
            insert(Stakeholder), [{"account_id": account, "name": f"Person {i:04}"} for i in range(1000)]
        )
        session.execute(
            insert(CoSeller),
            [{"name": f"Seller {i:02}", "role": CoSellerRole.SPECIALIST} for i in range(60)],
        )
        people = session.scalars(select(Stakeholder.id).where(Stakeholder.account_id == account)).all()
        sellers = session.scalars(select(CoSeller.id)).all()
        session.execute(
            insert(DealTeamMember),
            [{"account_id": account, "co_seller_id": s, "active": True} for s in sellers],
        )
        session.execute(
            insert(Coverage),
            [
                {
                    "account_id": account,
                    "co_seller_id": sellers[i % 60],
                    "stakeholder_id": person,
                    "strength": RelationshipStrength.WORKING,
                    "is_owner": False,
                }
                for i, person in enumerate(people)
            ],
        )
    window.events.accounts_changed.emit()
    page = _coverage_page(window)
    model = page.model
    assert model.rowCount() == 1000 and model.columnCount() == LEAD + 60
    corner = model.index(999, LEAD + 59)
    assert corner.data(Qt.ItemDataRole.EditRole) in {s.value for s in RelationshipStrength}
    assert corner.data(Qt.ItemDataRole.ToolTipRole)
    horizontal, vertical = page.table.horizontalHeader(), page.table.verticalHeader()
    assert horizontal.sectionResizeMode(LEAD + 59) is QHeaderView.ResizeMode.Fixed
    assert vertical.sectionResizeMode(999) is QHeaderView.ResizeMode.Fixed
    assert horizontal.defaultSectionSize() == CELL_WIDTH and vertical.defaultSectionSize() == ROW_HEIGHT
    assert horizontal.sectionSize(LEAD + 59) == CELL_WIDTH
    assert page.table.indexWidget(page.proxy.index(0, LEAD)) is None  # no widget per cell


def test_the_new_pages_sit_between_stakeholders_and_the_change_log_with_their_shortcuts(
    qtbot, window: MainWindow, db: Database
) -> None:
    from PySide6.QtGui import QKeySequence

    _small_team(db)
    window.events.accounts_changed.emit()
    keys = [section.key for section in window.stack.sections]
    assert keys[keys.index("stakeholders") + 1 : keys.index("changes")][:6] == [
        "team",
        "coverage",
        "actions",
        "meetings",
        "opportunities",
        "decisions",
    ]
    assert keys[-1] == "changes"
    qtbot.keySequence(window, QKeySequence("Ctrl+6"))
    assert window.stack.currentWidget() is window.page("coverage")
    qtbot.keySequence(window, QKeySequence("Ctrl+9"))
    assert window.stack.currentWidget() is window.page("opportunities")
    shortcuts = dict(window.shortcut_list())
    assert shortcuts["Deal team"] and shortcuts["Meetings"] and shortcuts["Add Action…"]

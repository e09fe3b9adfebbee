"""What a user does to the people on the org chart: its edits, a card's context menu, and the export.

:class:`ChartActions` is owned by the :class:`~accountplan.ui.orgchart.org_chart_page.OrgChartPage`. Each edit
is an undoable command (refused, and said why, while the chart shows a past day); the export asks what to
export and runs in the background (see :mod:`~accountplan.ui.orgchart.chart_export`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from accountplan.analysis.change_log import RecordRef
from accountplan.model.enums import InfluenceKind
from accountplan.plan.stakeholders import dependents
from accountplan.reports.paper import PaperChoice
from accountplan.ui.common.background import BackgroundTask
from accountplan.ui.common.commands import (
    AddInfluenceLink,
    AddStakeholder,
    DeleteStakeholder,
    SetDeparted,
    SetManager,
)
from accountplan.ui.common.record_history import add_history_action
from accountplan.ui.orgchart.chart_export import (
    ChartLook,
    ChartRequest,
    ask_chart_export,
    export_in_background,
)

if TYPE_CHECKING:
    from accountplan.ui.orgchart.org_chart_page import OrgChartPage


class ChartActions:
    """The edits, context menu and export of a chart page (see the page's methods of the same names)."""

    def __init__(self, page: OrgChartPage) -> None:
        self.page = page

    def move_under(self, person_id: int, manager_id: int) -> bool:
        page = self.page
        if page.account_id is None:
            return False
        if page.as_of.refused():
            card = page.scene.cards.get(person_id)
            if card is not None:
                page.scene.snap_back(card)
            return False
        person, manager = page.people[person_id], page.people[manager_id]
        text = f"move {person.name} under {manager.name}"
        done = page.context.execute(SetManager(page.context, page.account_id, person_id, manager_id, text))
        card = page.scene.cards.get(person_id)
        if card is not None:
            page.scene.snap_back(card)  # the refused move: the card goes back where it was
        return done

    def add_link(
        self, source_id: int, target_id: int, kind: InfluenceKind = InfluenceKind.INFLUENCES
    ) -> bool:
        page = self.page
        if page.account_id is None:
            return False
        if page.as_of.refused():
            return False
        source, target = page.people[source_id], page.people[target_id]
        text = f"add influence link {source.name} → {target.name}"
        return page.context.execute(
            AddInfluenceLink(page.context, page.account_id, source_id, target_id, text, kind=kind)
        )

    def add_person(self, manager_id: int | None, name: str | None = None) -> bool:
        page = self.page
        if page.account_id is None:
            return False
        if page.as_of.refused():
            return False
        if name is None:
            name, ok = QInputDialog.getText(page, "Add stakeholder", "Name:")
            if not ok or not name.strip():
                return False
        return page.context.execute(
            AddStakeholder(page.context, page.account_id, name.strip(), reports_to_id=manager_id)
        )

    def set_departed(self, person_id: int, departed: bool) -> bool:
        page = self.page
        if page.account_id is None:
            return False
        if page.as_of.refused():
            return False
        on = dt.date.today() if departed else None
        return page.context.execute(
            SetDeparted(page.context, page.account_id, person_id, page.people[person_id].name, on)
        )

    def delete_person(self, person_id: int, *, confirm: bool = True) -> bool:
        page = self.page
        if page.account_id is None:
            return False
        if page.as_of.refused():
            return False
        name = page.people[person_id].name
        with page.context.database.session() as session:
            found = dependents(session, person_id)
        if found and confirm:
            answer = QMessageBox.question(
                page,
                "Delete stakeholder",
                f"{name} is referred to by:\n• "
                + "\n• ".join(found)
                + "\n\nDelete anyway? Their direct reports move "
                "up to their manager and the rest loses its owner. Edit → Undo puts everything back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return page.context.execute(
            DeleteStakeholder(page.context, page.account_id, person_id, name, force=True)
        )

    def export_chart(
        self,
        path: Path | None = None,
        *,
        paper: PaperChoice | None = None,
        person_id: int | None = None,
        unit_id: int | None = None,
        levels: int | None = None,
    ) -> BackgroundTask | None:
        """See :meth:`OrgChartPage.export_chart <accountplan.ui.orgchart.org_chart_page.OrgChartPage.export_chart>`."""
        page = self.page
        if page.account_id is None:
            return None
        if path is None:
            if unit_id is None and page.highlight_kind.currentText() == "Org unit":
                unit_id = page.highlight_value.currentData()
            request = ask_chart_export(
                page, page.context, page.account_id, page.people, person_id=person_id, unit_id=unit_id
            )
            if request is None:
                return None
        else:
            request = ChartRequest(Path(path), paper, unit_id, person_id, levels)
        look = ChartLook(
            page.influence_box.isChecked(), frozenset(page.collapsed), page.compact_box.isChecked()
        )
        return export_in_background(page, page.context, page.account_id, request, look)

    def context_menu(self, person_id: int, position: QPoint) -> None:
        page = self.page
        person = page.people[person_id]
        menu = QMenu(page)
        menu.addAction("Add direct report…", lambda: page.add_person(person_id))
        menu.addAction("Add peer…", lambda: page.add_person(person.manager_id))
        menu.addAction("Draw influence link from here…", lambda: page.view.start_link(person_id))
        menu.addSeparator()
        expand = person_id in page.collapsed
        menu.addAction("Expand team" if expand else "Collapse team", lambda: page.toggle_collapsed(person_id))
        menu.addAction(
            "Mark active again" if person.departed else "Mark departed today",
            lambda: page.set_departed(person_id, not person.departed),
        )
        menu.addAction("Export this person's organisation…", lambda: page.export_chart(person_id=person_id))
        menu.addSeparator()
        add_history_action(menu, page.context.events, RecordRef("stakeholders", person_id, person.name))
        menu.addSeparator()
        menu.addAction("Delete…", lambda: page.delete_person(person_id))
        menu.popup(position)

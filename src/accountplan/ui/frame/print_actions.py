"""File → Print…, Print Preview… and Print Document: what can be printed from the page shown, and from anywhere.

Print and Print Preview act on what the page shows: the org chart (as shown: collapsed teams, influence
links, compact layout) on the Org chart page, the success plan beside its live preview on the Success plan
page. The internal documents print from any page through File → Print Document. The printing itself, and
PySide6's print and PDF modules, load with the first use (:mod:`accountplan.ui.frame.print_preview`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from accountplan.ui.common import settings as S
from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.pages import Page

if TYPE_CHECKING:
    from accountplan.ui.common.background import BackgroundTask
    from accountplan.ui.frame.print_preview import Printing, PrintJob

#: Ctrl+Shift+P exports the success plan; LibreOffice previews with this one.
PREVIEW_SHORTCUT = "Ctrl+Shift+O"
#: What Print and Print Preview print on each page that has something to print.
PRINTABLE_PAGES = {"org-chart": "the org chart as shown", "success": "the success plan"}
#: The documents File → Print Document offers, in its order, with their menu text.
DOCUMENTS = {
    "success-plan": "&Success Plan (for the customer)…",
    "account-plan": "&Account Plan (internal)…",
    "meeting-pack": "&Meeting Pack (internal)…",
}
WHERE = (
    "Print works on the Org chart page (the chart as shown) and the Success plan page; File → Print Document "
    "prints the internal account plan and the meeting pack from any page."
)


class PrintActions:
    """The window's print actions, enabled where the page shown has something to print.

    ``current_page`` and ``current_account`` are the window's own: the page shown and its account.
    """

    def __init__(
        self,
        window: QWidget,
        context: PlanContext,
        settings: S.Settings,
        current_page: Callable[[], Page | None],
        current_account: Callable[[], int | None],
    ) -> None:
        self.window, self.context, self.settings = window, context, settings
        self.current_page, self.current_account = current_page, current_account
        self._printing: Printing | None = None
        self.print_action = QAction("&Print…", window)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.triggered.connect(lambda: self.print_page())
        self.preview_action = QAction("Print Pre&view…", window)
        self.preview_action.setShortcut(QKeySequence(PREVIEW_SHORTCUT))
        self.preview_action.triggered.connect(lambda: self.preview_page())
        self.document_actions: dict[str, QAction] = {}
        for kind, text in DOCUMENTS.items():
            action = QAction(text, window)
            action.setStatusTip("A preview on the paper you choose, and print from there")
            action.triggered.connect(lambda _=False, k=kind: self.preview_document(k))
            self.document_actions[kind] = action
        self.update()

    def add_to(self, menu: QMenu) -> None:
        """Print…, Print Preview… and the Print Document submenu, at the end of ``menu``."""
        menu.setToolTipsVisible(True)  # a disabled Print says where printing works
        menu.addAction(self.print_action)
        menu.addAction(self.preview_action)
        documents = menu.addMenu("Print &Document")
        for action in self.document_actions.values():
            documents.addAction(action)

    def printable(self) -> str | None:
        """What Print would print on the page shown ("the org chart as shown"), None if nothing."""
        page = self.current_page()
        if page is None or page.account_id is None or self.current_account() is None:
            return None
        return PRINTABLE_PAGES.get(page.key)

    def update(self) -> None:
        """Enable the actions for the page shown, each saying what it prints or where printing works."""
        what = self.printable()
        for action, verb in ((self.print_action, "Print"), (self.preview_action, "Preview")):
            action.setEnabled(what is not None)
            tip = f"{verb} {what} on the paper you choose" if what else WHERE
            action.setToolTip(tip)
            action.setStatusTip(tip)
        has_account = self.current_account() is not None
        for action in self.document_actions.values():
            action.setEnabled(has_account)

    # --- doing it -------------------------------------------------------------------------------------

    def printing(self) -> Printing:
        if self._printing is None:
            from accountplan.ui.frame.print_preview import Printing

            self._printing = Printing(self.window, self.context, self.settings)
        return self._printing

    def page_job(self) -> PrintJob | None:
        """What the page shown prints, read from it now (for the org chart: as it is shown)."""
        page = self.current_page()
        if self.printable() is None or page is None or page.account_id is None:
            return None
        from accountplan.ui.frame import print_preview

        if page.key == "success":
            from accountplan.ui.documents.cover_logos import remembered_logos

            logos = remembered_logos(self.context, page.account_id)
            return print_preview.document_job(self.context.database, "success-plan", page.account_id, logos)
        from accountplan.ui.orgchart.org_chart_page import OrgChartPage

        assert isinstance(page, OrgChartPage)
        return print_preview.org_chart_job(
            self.context.database,
            page.account_id,
            collapsed=set(page.collapsed),
            include_influence=page.influence_box.isChecked(),
            compact=page.compact_box.isChecked(),
        )

    def print_page(self) -> BackgroundTask | None:
        """File → Print…: the print dialog, then the pages of what the page shows."""
        job = self.page_job()
        return self.printing().print(job) if job is not None else None

    def preview_page(self) -> BackgroundTask | None:
        """File → Print Preview…: the preview of what the page shows, on the paper chosen last."""
        job = self.page_job()
        return self.printing().preview(job) if job is not None else None

    def preview_document(self, kind: str) -> BackgroundTask | None:
        """File → Print Document: the preview of one document of the account, printed from there."""
        account_id = self.current_account()
        if account_id is None:
            return None
        from accountplan.ui.documents.cover_logos import remembered_logos
        from accountplan.ui.frame.print_preview import document_job

        logos = remembered_logos(self.context, account_id) if kind == "success-plan" else None
        return self.printing().preview(document_job(self.context.database, kind, account_id, logos))

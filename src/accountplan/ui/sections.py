"""The sections of an account in the navigation's order: each page's key, title and where its class lives.

The window's first frame lists them before any page is imported, and a page's module is imported only when
the page is first shown: opening the window on the Overview imports the Overview and nothing else.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accountplan.ui.pages import Page


@dataclass(frozen=True)
class Section:
    """One page of an account: its key (``show_page``), its title and ``module:Class`` of its page."""

    key: str
    title: str
    page_class_path: str

    def page_class(self) -> type[Page]:
        """The page's class, its module imported now if it was not yet."""
        module, _, name = self.page_class_path.partition(":")
        kind: type[Page] = getattr(importlib.import_module(f"accountplan.ui.{module}"), name)
        return kind


SECTIONS: tuple[Section, ...] = (
    Section("overview", "Overview", "overview_page:OverviewPage"),
    Section("account", "Account", "pages:AccountPage"),
    Section("org-chart", "Org chart", "org_chart_page:OrgChartPage"),
    Section("stakeholders", "Stakeholders", "pages:StakeholdersPage"),
    Section("team", "Deal team", "team_page:TeamPage"),
    Section("coverage", "Coverage", "coverage_page:CoveragePage"),
    Section("actions", "Actions", "actions_page:ActionsPage"),
    Section("meetings", "Meetings", "meetings_page:MeetingsPage"),
    Section("opportunities", "Opportunities", "opportunities_page:OpportunitiesPage"),
    Section("decisions", "Decision process", "decisions_page:DecisionsPage"),
    Section("qualification", "Qualification", "qualification_page:QualificationPage"),
    Section("journey", "Journey", "journey_page:JourneyPage"),
    Section("numbers", "Numbers", "numbers_page:NumbersPage"),
    Section("success", "Success plan", "success_plan_page:SuccessPlanPage"),
    Section("changes", "Change log", "change_log_page:ChangeLogPage"),
)

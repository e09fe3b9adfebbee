"""The sections of an account in the navigation's order: each page's key, title and where its class lives.

The window's first frame lists them before any page is imported, and a page's module is imported only when
the page is first shown: opening the window on the Overview imports the Overview and nothing else.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accountplan.ui.common.pages import Page


@dataclass(frozen=True)
class Section:
    """One page: its key (``show_page``), its title and ``module:Class`` of its page.

    ``shortcut``: the page's own (else the next of Ctrl+1 … Ctrl+9, Alt+1 … in the navigation's order).
    """

    key: str
    title: str
    page_class_path: str
    shortcut: str = ""

    def page_class(self) -> type[Page]:
        """The page's class, its module imported now if it was not yet."""
        module, _, name = self.page_class_path.partition(":")
        kind: type[Page] = getattr(importlib.import_module(f"accountplan.ui.{module}"), name)
        return kind


SECTIONS: tuple[Section, ...] = (
    Section("portfolio", "Portfolio", "account.portfolio_page:PortfolioPage", "Ctrl+Shift+L"),
    Section("overview", "Overview", "account.overview_page:OverviewPage"),
    Section("account", "Account", "account.account_page:AccountPage"),
    Section("org-chart", "Org chart", "orgchart.org_chart_page:OrgChartPage"),
    Section("stakeholders", "Stakeholders", "people.stakeholders_page:StakeholdersPage"),
    Section("team", "Deal team", "team.team_page:TeamPage"),
    Section("coverage", "Coverage", "people.coverage_page:CoveragePage"),
    Section("actions", "Actions", "team.actions_page:ActionsPage"),
    Section("meetings", "Meetings", "team.meetings_page:MeetingsPage"),
    Section("opportunities", "Opportunities", "pursuit.opportunities_page:OpportunitiesPage"),
    Section("decisions", "Decision process", "pursuit.decisions_page:DecisionsPage"),
    Section("qualification", "Qualification", "pursuit.qualification_page:QualificationPage"),
    Section("journey", "Journey", "pursuit.journey_page:JourneyPage"),
    Section("numbers", "Numbers", "pursuit.numbers_page:NumbersPage"),
    Section("seller-year", "Seller's year", "pursuit.seller_year_page:SellerYearPage"),
    Section("success", "Success plan", "documents.success_plan_page:SuccessPlanPage"),
    Section("changes", "Change log", "frame.change_log_page:ChangeLogPage"),
)


def opening_section(last: str, accounts: int) -> str:
    """The page the window opens on: the portfolio when there are several accounts, else the page left last.

    One account opens where the user left it (its overview if that was the portfolio, or nothing is known).
    """
    if accounts > 1:
        return "portfolio"
    keys = [section.key for section in SECTIONS]
    return last if last in keys and last != "portfolio" else "overview"

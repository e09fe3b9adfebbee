"""The account plan's people: the org chart pages and the influence links, the findings, the coverage.

The org chart is printed on CHART_PAPER (A4 landscape: any office printer takes it) in the compact layout packed
into the page's shape, as ``org_chart_sheets`` plans it: one page when it fits legibly, else a map of the tiles
and then the tiles. The chart pages use a
page template of that size (switched to and back with PageBreak), each page filled by one :class:`ChartPage`
flowable that draws one page of the plan, leaving a band at the foot for the document's footer.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from accountplan.analysis.coverage import STALE_DAYS
from accountplan.analysis.findings import summary
from accountplan.reports.account_plan_data import AccountPlanData
from accountplan.reports.account_plan_sections import bullets, say, section, titled
from accountplan.reports.document import MARGIN, body, heading, table
from accountplan.reports.org_chart import chart_subtitle
from accountplan.reports.org_chart_geometry import chart_geometry
from accountplan.reports.org_chart_paper import fitted_room
from accountplan.reports.org_chart_sheets import PaperChartPages, paper_chart_pages
from accountplan.reports.paper import Fitting, PaperChoice

__all__ = [
    "CHART_PAPER",
    "CHART_TEMPLATE",
    "ChartPage",
    "coverage_section",
    "findings_section",
    "org_chart_section",
]

#: The id of the chart pages' page template.
CHART_TEMPLATE = "org-chart"
#: The paper of the chart pages: the document's own A4, turned; tiled when the chart does not fit legibly.
CHART_PAPER = PaperChoice("A4", landscape=True, fitting=Fitting.TILES)
#: The band at the foot of each chart page where the document's footer goes (its bottom margin).
FOOTER_BAND = MARGIN + 6 * mm


class ChartPage(Flowable):
    """One page of the org chart, as large as its page: it fills the chart template's single frame.

    Its labels name pages as the document numbers them ("→ p. 27").
    """

    def __init__(self, pages: PaperChartPages, number: int) -> None:
        super().__init__()
        self.pages, self.number = pages, number
        self.width, self.height = pages.plan.page_size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        first_page = self.canv.getPageNumber() - (self.number - 1)
        self.pages.draw(self.canv, self.number, first_page=first_page, standalone=False)


def org_chart_section(data: AccountPlanData) -> tuple[list[Flowable], dict[str, tuple[float, float]]]:
    """The org chart pages and the table of influence links; with the page size the chart pages need."""
    graphs, title = data.graphs, "Org chart and influence"
    if not graphs.people:
        return section(title, say("Nobody is on the org chart yet, so there is no chart to show.")), {}
    width, height = fitted_room(CHART_PAPER, bottom=FOOTER_BAND)
    geometry = chart_geometry(graphs, include_influence=True, compact=True, aspect=width / height)
    pages = paper_chart_pages(
        geometry,
        CHART_PAPER,
        title=f"Org chart: {data.account.name}",
        subtitle=chart_subtitle(geometry),
        include_influence=True,
        bottom=FOOTER_BAND,
    )
    plan = pages.plan
    departed = sum(1 for person in graphs.people.values() if person.departed)
    paper = plan.paper.describe()
    if plan.tiled:
        where = (
            f"on the next {plan.pages} pages ({paper}): a map of the tiles, then the chart in "
            f"{len(plan.tiles)} tiles"
        )
    else:
        where = f"on the next page ({paper})"
    intro = (
        f"{len(graphs.people)} people ({departed} departed) {where}, at {plan.scale:.0%} scale. "
        "Each card shows the stance (the stripe), the buying roles, the influence (dots) and the initials "
        "of who covers the person; arrows are influence links, listed after the chart."
    )
    story = [heading(title), *body(intro), PageBreak(CHART_TEMPLATE)]
    story += [ChartPage(pages, number) for number in range(1, plan.pages + 1)]
    story += [PageBreak("page"), heading("Influence links", level=2)]
    links = []
    for (source, target), kinds in graphs.influence_links.items():
        for kind, strength in kinds.items():
            links.append((_name(data, source), kind.label, _name(data, target), f"{strength} of 5"))
    if links:
        links.sort(key=lambda row: (row[0].casefold(), row[2].casefold(), row[1]))
        story.append(table(("Who", "Link", "Whom", "Strength"), links, (0.32, 0.22, 0.32, 0.14)))
    else:
        story += say("No influence link is recorded yet.")
    return story, {CHART_TEMPLATE: plan.page_size}


def _name(data: AccountPlanData, person_id: int) -> str:
    person = data.graphs.people.get(person_id)
    if person is None:
        return "someone since removed"
    return f"{person.name} (departed)" if person.departed else person.name


def findings_section(data: AccountPlanData) -> list[Flowable]:
    """The gaps and risks the org chart shows, the most severe first."""
    story = body(summary(list(data.findings)))
    if data.findings:
        rows = [(finding.severity.label, finding.text) for finding in data.findings]
        story.append(table(("Severity", "Finding"), rows, (0.12, 0.88)))
    return section("Findings", story)


def coverage_section(data: AccountPlanData) -> list[Flowable]:
    """The coverage gaps first, then every decisive person and who on our side covers them, how well."""
    matrix = data.coverage
    story: list[Flowable] = [heading("Gaps", level=2)]
    gaps = data.coverage_gaps[: len(matrix.gaps)]  # the decisive people first; the stale ones follow
    if gaps:
        story += bullets(gaps)
    else:
        story += say("Every decisive person is covered at working strength or better.")
    decisive = [row for row in matrix.stakeholders if row.decisive]
    if decisive:
        rows = [
            (
                f"{row.name}\n{row.title}" if row.title else row.name,
                ", ".join(role.label for role in row.roles) or "—",
                str(row.influence),
                ("Gap: " if row.gap else "") + row.best.label,
                "\n".join(_coverers(data, row.id)) or "Nobody",
            )
            for row in decisive
        ]
        header = ("Person", "Roles", "Influence", "Best", "Covered by")
        story += titled(
            "Decisive people and who covers them", table(header, rows, (0.27, 0.18, 0.13, 0.12, 0.3))
        )
    else:
        story.append(heading("Decisive people and who covers them", level=2))
        story += say("Nobody is decisive yet: no economic buyer, decision maker or influence of 4 or more.")
    if matrix.stale:
        stale = [
            (
                row.name,
                ", ".join(
                    seller
                    for seller_id, seller in matrix.co_sellers
                    if (cell := matrix.cell(row.id, seller_id)) is not None and cell.stale
                ),
            )
            for row in matrix.stale
        ]
        story += titled(
            f"Relationships not touched for {STALE_DAYS} days or more",
            table(("Person", "Not touched by"), stale, (0.4, 0.6)),
        )
    return section("Coverage", story)


def _coverers(data: AccountPlanData, person_id: int) -> list[str]:
    """Who covers the person, each with the strength and whether they own the relationship or let it go stale."""
    matrix, found = data.coverage, []
    for seller_id, seller in matrix.co_sellers:
        cell = matrix.cell(person_id, seller_id)
        if cell is not None:
            notes = ", ".join(note for note, on in (("owner", cell.is_owner), ("stale", cell.stale)) if on)
            found.append(f"{seller}: {cell.strength.label}" + (f" ({notes})" if notes else ""))
    return found

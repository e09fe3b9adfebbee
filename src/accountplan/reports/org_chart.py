"""The account's org chart as a vector drawing, and its export to SVG, PDF, PNG or PowerPoint (internal: stances)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from accountplan.analysis.graphs import AccountGraphs
from accountplan.errors import AccountPlanError, ImageTooLarge
from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import chart_header, legend_width
from accountplan.reports.fonts import register_fonts
from accountplan.reports.org_chart_geometry import ChartGeometry, chart_geometry
from accountplan.reports.org_chart_paper import (
    PaperPlan,
    chart_overlap,
    fitted_room,
    plan_paper,
    smallest_name,
)
from accountplan.reports.org_chart_pdf import write_pdf
from accountplan.reports.org_chart_raster import LEGIBLE_SCALE, png_size, unreadable_png, write_png
from accountplan.reports.org_chart_sheets import write_paper_pdf
from accountplan.reports.org_chart_svg import write_svg
from accountplan.reports.paper import Fitting, PaperChoice
from accountplan.store.output_files import check_output, write_output

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ExportResult",
    "chart_aspect",
    "chart_subtitle",
    "check_chart_suffix",
    "export_org_chart",
    "org_chart_drawing",
    "org_chart_paper_warning",
    "org_chart_pdf_bytes",
]

SUPPORTED_SUFFIXES = (".svg", ".pdf", ".png", ".pptx")


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the file, how many people it shows, on how many pages, at what scale.

    ``scale`` is page points per chart point for SVG and PDF, pixels per chart point for PNG. On a named
    paper, ``smallest_name_pt`` is the size of the smallest name on paper, and ``warning`` one sentence for
    the user when that is too small to read (else empty).
    """

    path: Path
    people: int
    pages: int = 1
    scale: float = 1.0
    rows: int = 1
    columns: int = 1
    smallest_name_pt: float | None = None
    warning: str = ""


def check_chart_suffix(path: Path) -> str:
    """The export format ``path`` names (".svg", ".pdf" or ".png"); AccountPlanError for any other suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1]
        raise AccountPlanError(
            f"Cannot export the org chart as {path.name!r}: name a file ending in {supported}."
        )
    return suffix


def chart_subtitle(geometry: ChartGeometry) -> str:
    people = f"{geometry.people} {'person' if geometry.people == 1 else 'people'}"
    return (
        f"{people} · internal: stances, influence and coverage are the deal team's view, not the customer's"
    )


def _drawing(geometry: ChartGeometry, title: str, *, include_influence: bool) -> Drawing:
    from accountplan.reports.org_chart_vector import (
        blank_drawing,
        chart_group,
        header_group,
    )  # reportlab.graphics

    margin = style.PAGE_MARGIN
    inner_width = max(geometry.width, legend_width(include_influence))
    width = inner_width + 2 * margin
    height = geometry.height + style.HEADER_HEIGHT + 2 * margin
    drawing = blank_drawing(width, height)
    header = header_group(
        chart_header(title, chart_subtitle(geometry), "", inner_width, include_influence=include_influence),
        inner_width,
    )
    header.translate(margin, height - margin - style.HEADER_HEIGHT)
    drawing.add(header)
    body = chart_group(geometry)
    body.translate(margin, margin)
    drawing.add(body)
    return drawing


def org_chart_drawing(
    graphs: AccountGraphs,
    *,
    include_influence: bool = True,
    collapsed: Collection[int] = (),
    compact: bool = False,
    title: str = "Org chart",
) -> Drawing:
    """The whole chart as one reportlab Drawing: a header with the title and legend, then every card.

    Cards show name, title, buying-role badges, a stance stripe, influence dots and the initials of who
    covers them; departed people are greyed. Reporting lines are elbows; influence links curved arrows
    (``include_influence``). ``collapsed`` cards hide their reports; ``compact`` stacks individual
    contributors in columns. Each text is drawn as runs, each in the shipped font of its script.
    """
    register_fonts()
    geometry = chart_geometry(
        graphs, include_influence=include_influence, collapsed=collapsed, compact=compact
    )
    return _drawing(geometry, title, include_influence=include_influence)


def export_org_chart(
    graphs: AccountGraphs,
    path: Path,
    *,
    include_influence: bool = True,
    collapsed: Collection[int] = (),
    compact: bool = False,
    title: str = "Org chart",
    database: Path | None = None,
    paper: PaperChoice | None = None,
    shown: Collection[int] | None = None,
    parts: Sequence[tuple[str, Collection[int] | None]] = (),
) -> ExportResult:
    """Write the chart to ``path`` in the format its suffix names: .svg, .pdf, .png or .pptx.

    ``shown`` limits the chart to those people (an org unit, a person and the levels below them). The
    compact layout is packed into the shape of what it goes on: the paper's printable area, the slide's
    chart area, else an A-series page.

    With a ``paper`` every PDF page is exactly that paper in its orientation: fitted to one page, or tiled
    at a legible scale after a map of the tiles (see ``org_chart_paper`` and ``org_chart_sheets``); an SVG
    or PNG is the paper's shape, the chart fitted. Tiles are refused for an SVG or a PNG (AccountPlanError),
    before anything is written. The result says the scale and warns when the names are too small to read.

    - SVG: written as it is painted, one group per card; each line of text is one text element (viewers
      pick fonts for each script; see ``org_chart_svg``).
    - PDF: the shipped fonts embedded as subsets; scaled and tiled so no page exceeds 14,400 pt (see
      ``org_chart_pdf``).
    - PNG: 2 pixels a point, scaled down so no side exceeds 16,000 px; a chart that would have to shrink
      below a legible scale is refused (ImageTooLarge), saying what to export instead (see
      ``org_chart_raster``).
    - PPTX: native, editable shapes on 16:9 slides (see ``org_chart_pptx``): the chart on a slide or on
      tiles, then each of ``parts`` (heading, people) the same way, then the legend. ``pages`` counts the
      slides. A paper is refused: slides have their own shape.

    The file is written whole or not at all, never over ``database`` (the open database's file), one of its
    backups or something that is not a regular file. Raises AccountPlanError for another suffix, a path
    that cannot be written or a PNG nobody could read.
    """
    path = Path(path)
    suffix = check_chart_suffix(path)
    if paper is not None and suffix == ".pptx":
        raise AccountPlanError(
            "A PowerPoint deck is on 16:9 slides, not on paper: leave out the paper, or export a PDF to print."
        )
    if paper is not None and paper.fitting is Fitting.TILES and suffix != ".pdf":
        raise AccountPlanError(
            f"An {suffix[1:].upper()} is one image and cannot be cut into tiles: "
            "fit the chart to the paper, or export a PDF to print it as tiles."
        )
    check_output(path, database)  # before the chart is laid out
    with _collector_paused():
        return _export(
            graphs,
            path,
            suffix,
            _Choice(include_influence, tuple(collapsed), compact, shown, tuple(parts)),
            title,
            database,
            paper,
        )


@dataclass(frozen=True, slots=True)
class _Choice:
    """What the chart shows and how it is laid out, as the export was asked."""

    include_influence: bool
    collapsed: tuple[int, ...]
    compact: bool
    shown: Collection[int] | None
    parts: tuple[tuple[str, Collection[int] | None], ...]

    def geometry(
        self, graphs: AccountGraphs, aspect: float, shown: Collection[int] | None = None
    ) -> ChartGeometry:
        return chart_geometry(
            graphs,
            include_influence=self.include_influence,
            collapsed=self.collapsed,
            compact=self.compact,
            shown=self.shown if shown is None else shown,
            aspect=aspect,
        )


def chart_aspect(paper: PaperChoice | None) -> float:
    """The shape (width ÷ height) a compact chart is packed into: the paper's room for it, else A-series."""
    if paper is None:
        return math.sqrt(2)
    width, height = fitted_room(paper)
    return width / height


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a chart is laid out and written.

    A 5,000-person chart makes a few hundred thousand objects (cards, texts, points) that all live until
    the file is written and hold no cycles: the collector scanned them again and again for nothing, a
    tenth of the export's time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _export(
    graphs: AccountGraphs,
    path: Path,
    suffix: str,
    choice: _Choice,
    title: str,
    database: Path | None,
    paper: PaperChoice | None,
) -> ExportResult:
    include_influence = choice.include_influence
    if suffix == ".pptx":
        return _export_deck(graphs, path, choice, title, database)
    geometry = choice.geometry(graphs, chart_aspect(paper))
    subtitle = chart_subtitle(geometry)
    if paper is not None:
        return _export_on_paper(geometry, path, suffix, paper, title, include_influence, database)
    if suffix == ".png":
        _refuse_an_unreadable_png(graphs, geometry, choice)
    result = ExportResult(path, geometry.people)

    def write(target: Path) -> None:
        nonlocal result
        if suffix == ".svg":
            write_svg(geometry, target, title=title, subtitle=subtitle, include_influence=include_influence)
        elif suffix == ".pdf":
            plan = write_pdf(
                geometry, target, title=title, subtitle=subtitle, include_influence=include_influence
            )
            result = ExportResult(path, geometry.people, plan.pages, plan.scale, plan.rows, plan.columns)
        else:
            size = write_png(
                geometry, target, title=title, subtitle=subtitle, include_influence=include_influence
            )
            result = ExportResult(path, geometry.people, scale=size.scale)

    write_output(path, write, database=database)
    return result


def _export_deck(
    graphs: AccountGraphs, path: Path, choice: _Choice, title: str, database: Path | None
) -> ExportResult:
    """The chart, then each part, on 16:9 slides of native shapes."""
    from accountplan.reports.org_chart_pptx import CHART_ASPECT, write_pptx  # python-pptx, on demand

    register_fonts()
    geometry = choice.geometry(graphs, CHART_ASPECT)
    charts = [(title.split(": ", 1)[-1], geometry)]
    charts += [(heading, choice.geometry(graphs, CHART_ASPECT, people)) for heading, people in choice.parts]
    slides = 0

    def write(target: Path) -> None:
        nonlocal slides
        slides = write_pptx(
            charts,
            target,
            title=title,
            subtitle=chart_subtitle(geometry).split(" · ", 1)[-1],  # each slide its own part: no count
            today=dt.date.today(),
            include_influence=choice.include_influence,
        )

    write_output(path, write, database=database)
    return ExportResult(path, geometry.people, pages=slides)


def _export_on_paper(
    geometry: ChartGeometry,
    path: Path,
    suffix: str,
    paper: PaperChoice,
    title: str,
    include_influence: bool,
    database: Path | None,
) -> ExportResult:
    """Write the chart on ``paper``: a PDF fitted or tiled, an SVG or a PNG fitted (tiles refused before)."""
    subtitle = chart_subtitle(geometry)
    plan = _paper_plan(geometry, paper)

    def write(target: Path) -> None:
        nonlocal plan
        if suffix == ".pdf":
            plan = write_paper_pdf(
                geometry, target, paper, title=title, subtitle=subtitle, include_influence=include_influence
            )
        elif suffix == ".svg":
            write_svg(
                geometry,
                target,
                title=title,
                subtitle=subtitle,
                include_influence=include_influence,
                paper=plan,
            )
        else:
            write_png(
                geometry,
                target,
                title=title,
                subtitle=subtitle,
                include_influence=include_influence,
                paper=plan,
            )

    write_output(path, write, database=database)
    return ExportResult(
        path,
        geometry.people,
        plan.pages,
        plan.scale,
        plan.rows,
        plan.columns,
        smallest_name_pt=plan.smallest_name_pt,
        warning=plan.warning(),
    )


def _paper_plan(geometry: ChartGeometry, paper: PaperChoice) -> PaperPlan:
    return plan_paper(
        geometry.width,
        geometry.height,
        smallest=smallest_name(geometry),
        paper=paper,
        overlap=chart_overlap(geometry),
    )


def org_chart_pdf_bytes(
    chart: AccountGraphs | ChartGeometry,
    paper: PaperChoice,
    *,
    title: str = "Org chart",
    include_influence: bool = True,
    collapsed: Collection[int] = (),
    compact: bool = False,
) -> bytes:
    """The chart as a PDF in memory, every page exactly ``paper`` (fitted or tiled): for a Print dialog.

    ``chart`` is the account's graphs (laid out here, with ``collapsed`` and ``compact``) or a chart
    already laid out. The same pages ``export_org_chart`` writes; ``org_chart_paper_warning`` says whether
    the names are legible on that paper.
    """
    geometry = (
        chart
        if isinstance(chart, ChartGeometry)
        else _geometry(chart, include_influence, collapsed, compact, chart_aspect(paper))
    )
    stream = io.BytesIO()
    with _collector_paused():
        write_paper_pdf(
            geometry,
            stream,
            paper,
            title=title,
            subtitle=chart_subtitle(geometry),
            include_influence=include_influence,
        )
    return stream.getvalue()


def org_chart_paper_warning(chart: ChartGeometry, paper: PaperChoice) -> str:
    """One sentence when the chart on ``paper`` has names too small to read (only ever when fitted), else ""."""
    return _paper_plan(chart, paper).warning()


def _geometry(
    graphs: AccountGraphs,
    include_influence: bool,
    collapsed: Collection[int],
    compact: bool,
    aspect: float = math.sqrt(2),
) -> ChartGeometry:
    register_fonts()
    return chart_geometry(
        graphs, include_influence=include_influence, collapsed=collapsed, compact=compact, aspect=aspect
    )


def _refuse_an_unreadable_png(graphs: AccountGraphs, geometry: ChartGeometry, choice: _Choice) -> None:
    """Raise ImageTooLarge if one image cannot show ``geometry`` legibly, suggesting the compact layout if it can."""
    size = png_size(geometry, include_influence=choice.include_influence)
    if size.scale >= LEGIBLE_SCALE:
        return
    compact_fits = False
    if not choice.compact:
        stacked = replace(choice, compact=True).geometry(graphs, chart_aspect(None))
        compact_fits = png_size(stacked, include_influence=choice.include_influence).scale >= LEGIBLE_SCALE
    raise ImageTooLarge(unreadable_png(geometry, size, compact_fits=compact_fits))

"""The account's org chart as a vector drawing, and its export to SVG, PDF or PNG (internal: it shows stances)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

from accountplan.analysis.graphs import AccountGraphs
from accountplan.errors import AccountPlanError
from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import chart_header, legend_width
from accountplan.reports.fonts import CHINESE, FACES, JAPANESE, KOREAN, SANS, SANS_BOLD, register_fonts
from accountplan.reports.org_chart_geometry import ChartGeometry, chart_geometry, chart_line
from accountplan.reports.org_chart_pdf import write_pdf
from accountplan.reports.org_chart_raster import write_png
from accountplan.reports.org_chart_vector import blank_drawing, chart_group, header_group
from accountplan.store.output_files import check_output, write_output

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ExportResult",
    "chart_subtitle",
    "check_chart_suffix",
    "export_org_chart",
    "org_chart_drawing",
]

SUPPORTED_SUFFIXES = (".svg", ".pdf", ".png")


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the file, how many people it shows, on how many pages, at what scale.

    ``scale`` is page points per chart point for SVG and PDF, pixels per chart point for PNG.
    """

    path: Path
    people: int
    pages: int = 1
    scale: float = 1.0
    rows: int = 1
    columns: int = 1


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


def _drawing(geometry: ChartGeometry, title: str, *, include_influence: bool, split_scripts: bool) -> Drawing:
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
    body = chart_group(geometry, split_scripts=split_scripts)
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
    split_scripts: bool = True,
) -> Drawing:
    """The whole chart as one reportlab Drawing: a header with the title and legend, then every card.

    Cards show name, title, buying-role badges, a stance stripe, influence dots and the initials of who
    covers them; departed people are greyed. Reporting lines are elbows; influence links curved arrows
    (``include_influence``). ``collapsed`` cards hide their reports; ``compact`` stacks individual
    contributors in columns. ``split_scripts``: see ``chart_group``.
    """
    register_fonts()
    geometry = chart_geometry(
        graphs, include_influence=include_influence, collapsed=collapsed, compact=compact
    )
    return _drawing(geometry, title, include_influence=include_influence, split_scripts=split_scripts)


def export_org_chart(
    graphs: AccountGraphs,
    path: Path,
    *,
    include_influence: bool = True,
    collapsed: Collection[int] = (),
    compact: bool = False,
    title: str = "Org chart",
    database: Path | None = None,
) -> ExportResult:
    """Write the chart to ``path`` in the format its suffix names: .svg, .pdf or .png.

    - SVG: one vector drawing; each line of text is one text element (viewers pick fonts for each script).
    - PDF: the shipped fonts embedded as subsets; scaled and tiled so no page exceeds 14,400 pt (see
      ``org_chart_pdf``).
    - PNG: 2 pixels a point, scaled down so no side exceeds 16,000 px (see ``org_chart_raster``).

    The file is written whole or not at all, never over ``database`` (the open database's file), one of its
    backups or something that is not a regular file. Raises AccountPlanError for another suffix or a path
    that cannot be written.
    """
    path = Path(path)
    suffix = check_chart_suffix(path)
    check_output(path, database)  # before the chart is laid out
    register_fonts()
    geometry = chart_geometry(
        graphs, include_influence=include_influence, collapsed=collapsed, compact=compact
    )
    subtitle = chart_subtitle(geometry)
    result = ExportResult(path, geometry.people)

    def write(target: Path) -> None:
        nonlocal result
        if suffix == ".svg":
            drawing = _drawing(geometry, title, include_influence=include_influence, split_scripts=False)
            _write_svg(drawing, target, title)
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


def _write_svg(drawing: Drawing, target: Path, title: str) -> None:
    canvas = renderSVG.SVGCanvas((drawing.width, drawing.height), fontHacks=_svg_font_families())
    renderSVG.draw(drawing, canvas, 0, 0)
    description = "Internal org chart exported by Account Plan"
    for element, text in (("title", chart_line(title)), ("desc", description)):
        canvas.svg.getElementsByTagName(element)[0].firstChild.data = text
    canvas.save(str(target))


def _svg_font_families() -> dict[str, dict[str, str]]:
    """For each shipped face, a CSS font-family list: itself first, then the others, then sans-serif."""
    families = [SANS.family, JAPANESE.family, KOREAN.family, CHINESE.family]
    hacks: dict[str, dict[str, str]] = {}
    for face in FACES:
        ordered = [face.family] + [family for family in families if family != face.family]
        attributes = {"family": ", ".join(f"'{family}'" for family in ordered) + ", sans-serif"}
        if face is SANS_BOLD:
            attributes["weight"] = "bold"
        hacks[face.name] = attributes
    return hacks

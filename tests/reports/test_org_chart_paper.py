"""The org chart on named paper: every page exactly the paper asked for, fitted (saying when names become too
small to read) or tiled at a legible scale with a map, row and column labels and continuation labels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from accountplan.analysis.graphs import AccountGraphs, Person, load_graphs
from accountplan.errors import AccountPlanError
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.reports.org_chart import export_org_chart, org_chart_pdf_bytes
from accountplan.reports.org_chart_paper import LEGIBLE_NAME
from accountplan.reports.org_chart_pdf import MAX_PAGE_SIDE
from accountplan.reports.org_chart_raster import PIXELS_PER_POINT
from accountplan.reports.paper import PAPERS, Fitting, PaperChoice
from accountplan.store.database import Database

from .pdf_reading import assert_embedded_subsets, page_texts

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
CONTINUATION = re.compile(r"([←→↑↓]) p\. (\d+)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AccountGraphs]:
    """The demo account's graphs (162 people in every script), loaded once for the module."""
    database = Database.open(tmp_path_factory.mktemp("demo") / "plan.sqlite", user="tester")
    try:
        name, _ = load_demo(database)
        with database.session() as session:
            account_id = session.scalar(select(Account.id).where(Account.name == name))
            assert account_id is not None
            yield load_graphs(session, account_id)
    finally:
        database.close()


def ladder(managers: int = 8, reports: int = 12) -> AccountGraphs:
    """A chain of ``managers``, each with ``reports`` people under them: a chart both tall and wide."""
    people = []
    for level in range(managers):
        boss = 1000 + level
        people.append(Person(boss, f"Manager {level}", "Head", reports_to_id=999 + level if level else None))
        people += [
            Person(level * 100 + i, f"Report {level}-{i}", "Analyst", reports_to_id=boss)
            for i in range(reports)
        ]
    return AccountGraphs.build(people)


def sizes(path: Path) -> list[tuple[float, float]]:
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(path).pages]


def is_size(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return abs(size[0] - expected[0]) <= 0.5 and abs(size[1] - expected[1]) <= 0.5


@pytest.mark.parametrize("fitting", list(Fitting))
@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
@pytest.mark.parametrize("paper", list(PAPERS))
def test_every_page_is_exactly_the_paper_asked_for(
    demo: AccountGraphs, tmp_path: Path, paper: str, landscape: bool, fitting: Fitting
) -> None:
    choice = PaperChoice(paper, landscape, fitting)
    result = export_org_chart(demo, tmp_path / "chart.pdf", title="Org chart: demo", paper=choice)
    found = sizes(result.path)
    assert len(found) == result.pages
    assert all(is_size(size, choice.size) for size in found), (choice.describe(), set(found))
    width, height = choice.size
    assert (width > height) == landscape
    if fitting is Fitting.FIT:
        assert result.pages == 1
    else:
        assert result.smallest_name_pt is not None and result.smallest_name_pt >= LEGIBLE_NAME - 1e-6


@pytest.mark.parametrize("compact", [False, True], ids=["wide", "compact"])
def test_without_a_paper_no_page_is_wider_than_the_limit(
    demo: AccountGraphs, tmp_path: Path, compact: bool
) -> None:
    result = export_org_chart(demo, tmp_path / "chart.pdf", compact=compact)
    assert result.warning == "" and result.smallest_name_pt is None
    assert all(0 < side <= MAX_PAGE_SIDE for size in sizes(result.path) for side in size)


def test_fitting_a_big_chart_on_one_page_says_the_names_are_too_small_to_read(
    demo: AccountGraphs, tmp_path: Path
) -> None:
    paper = PaperChoice("A4", landscape=False, fitting=Fitting.FIT)
    result = export_org_chart(demo, tmp_path / "chart.pdf", paper=paper)
    assert result.pages == 1 and result.scale < 0.2
    assert result.smallest_name_pt is not None and result.smallest_name_pt < LEGIBLE_NAME
    assert "A4 portrait" in result.warning and "too small to read" in result.warning
    assert "--tiles" in result.warning
    assert result.warning.count(". ") == 0 and result.warning.endswith(".")  # one sentence
    text = page_texts(result.path)[0]
    assert "In conflict with" in text, "the legend goes on over two lines on a portrait page, whole"
    assert "Dr. Felix Baumgartner" in text  # tiny, but still text


def test_a_small_chart_fits_at_full_size_without_a_warning(tmp_path: Path) -> None:
    graphs = AccountGraphs.build([Person(1, "Ann Lee", "CEO"), Person(2, "Bo Kim", "CFO", reports_to_id=1)])
    for fitting in Fitting:
        paper = PaperChoice("A3", landscape=True, fitting=fitting)
        result = export_org_chart(graphs, tmp_path / f"{fitting.value}.pdf", paper=paper)
        assert (result.pages, result.scale, result.warning) == (1, 1.0, "")
        assert result.smallest_name_pt == pytest.approx(10.0)
        text = page_texts(result.path)[0]
        assert "Ann Lee" in text and "A3 landscape" in text and "Map of the tiles" not in text


def test_tiles_on_a4_have_a_map_row_and_column_labels_and_say_where_lines_go_on(
    demo: AccountGraphs, tmp_path: Path
) -> None:
    paper = PaperChoice("A4", landscape=True, fitting=Fitting.TILES)
    result = export_org_chart(demo, tmp_path / "chart.pdf", title="Org chart: demo", paper=paper)
    assert result.pages > 1 and result.pages == result.rows * result.columns + 1
    assert result.warning == "" and result.scale <= 1
    assert result.smallest_name_pt is not None and result.smallest_name_pt >= LEGIBLE_NAME - 1e-6
    pages = page_texts(result.path)
    assert_embedded_subsets(result.path)
    assert "Map of the tiles — page 1 of" in pages[0]
    assert all(f"p. {number}" in pages[0] for number in range(2, result.pages + 1)), (
        "the map numbers every tile"
    )
    assert "Who is on which page" in pages[0]
    columns = result.columns
    for number in range(2, result.pages + 1):
        row, column = divmod(number - 2, columns)
        label = f"Row {row + 1} · Column {column + 1} — page {number} of {result.pages}"
        assert label in pages[number - 1]
        neighbours = {"→": number + 1, "←": number - 1, "↓": number + columns, "↑": number - columns}
        for arrow, page in CONTINUATION.findall(pages[number - 1]):
            assert int(page) == neighbours[arrow], (number, arrow, page)
    labels = [CONTINUATION.findall(text) for text in pages[1:]]
    assert ("→", "3") in labels[0], "the first tile's lines go on to the second"
    assert all(any(arrow == "←" for arrow, _ in found) for found in labels[1:]), "every tile after the first"
    tiles_text = " ".join(pages[1:])
    missing = [person.name for person in demo.people.values() if person.name not in tiles_text]
    assert missing == [], "every name is text on the tiles"


def test_a_chart_tiled_both_ways_says_which_page_is_below_and_above(tmp_path: Path) -> None:
    paper = PaperChoice("A4", landscape=True, fitting=Fitting.TILES)
    result = export_org_chart(ladder(), tmp_path / "chart.pdf", paper=paper)
    assert result.rows > 1 and result.columns > 1
    pages = page_texts(result.path)
    found = {arrow for text in pages[1:] for arrow, _ in CONTINUATION.findall(text)}
    assert found == {"←", "→", "↑", "↓"}
    assert f"Row {result.rows} · Column {result.columns} — page {result.pages} of {result.pages}" in pages[-1]
    for row in range(1, result.rows + 1):
        assert f"Row {row}" in pages[0]


def test_the_svg_fitted_to_a_paper_is_that_paper_in_points(demo: AccountGraphs, tmp_path: Path) -> None:
    paper = PaperChoice("A3", landscape=True, fitting=Fitting.FIT)
    result = export_org_chart(demo, tmp_path / "chart.svg", paper=paper)
    root = ET.parse(result.path).getroot()
    width, height = paper.size
    assert root.get("width", "").endswith("pt") and root.get("height", "").endswith("pt")
    assert float(root.get("width", "")[:-2]) == pytest.approx(width, abs=0.01)
    assert float(root.get("height", "")[:-2]) == pytest.approx(height, abs=0.01)
    assert [float(value) for value in root.get("viewBox", "").split()] == pytest.approx(
        [0, 0, width, height], abs=0.01
    )
    texts = {element.text for element in root.iter(SVG_TEXT)}
    assert all(person.name in texts for person in demo.people.values())
    assert result.smallest_name_pt is not None and result.smallest_name_pt < LEGIBLE_NAME
    assert "A3 landscape" in result.warning


def test_the_png_fitted_to_a_paper_has_the_papers_shape(demo: AccountGraphs, tmp_path: Path) -> None:
    paper = PaperChoice("A4", landscape=False, fitting=Fitting.FIT)
    result = export_org_chart(demo, tmp_path / "chart.png", paper=paper)
    with Image.open(result.path) as image:
        assert image.size == (
            round(paper.size[0] * PIXELS_PER_POINT),
            round(paper.size[1] * PIXELS_PER_POINT),
        )
    assert "too small to read" in result.warning


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_tiles_are_refused_for_one_image_before_anything_is_written(
    demo: AccountGraphs, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"chart{suffix}"
    with pytest.raises(AccountPlanError) as refused:
        export_org_chart(demo, target, paper=PaperChoice("A4", landscape=True, fitting=Fitting.TILES))
    message = str(refused.value)
    assert "tiles" in message and "PDF" in message and suffix[1:].upper() in message
    assert message.count(". ") == 0 and message.endswith(".")
    assert list(tmp_path.iterdir()) == []


def test_the_print_dialogs_pdf_is_the_exported_one(demo: AccountGraphs, tmp_path: Path) -> None:
    paper = PaperChoice("A3", landscape=False, fitting=Fitting.TILES)
    data = org_chart_pdf_bytes(demo, paper, title="Org chart: demo")
    assert data.startswith(b"%PDF")
    printed = tmp_path / "printed.pdf"
    printed.write_bytes(data)
    exported = export_org_chart(demo, tmp_path / "exported.pdf", title="Org chart: demo", paper=paper)
    assert sizes(printed) == sizes(exported.path)
    assert page_texts(printed) == page_texts(exported.path)

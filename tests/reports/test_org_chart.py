"""The org chart export: SVG that parses and names everyone, a PNG that decodes or is refused when nobody could
read it, PDF pages within 14,400 pt."""

from __future__ import annotations

import re
import xml.dom.minidom
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from sqlalchemy import select

from accountplan.analysis.graphs import AccountGraphs, InfluenceEdge, Person, load_graphs
from accountplan.errors import AccountPlanError, ImageTooLarge
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.model.enums import BuyingRole, InfluenceKind, Stance
from accountplan.reports.org_chart import chart_subtitle, export_org_chart, org_chart_drawing
from accountplan.reports.org_chart_geometry import chart_geometry
from accountplan.reports.org_chart_pdf import MAX_PAGE_SIDE, MIN_SCALE, plan_pages
from accountplan.reports.org_chart_raster import LEGIBLE_SCALE, MAX_SIDE
from accountplan.store.database import Database

from .pdf_reading import assert_embedded_subsets

SVG = "{http://www.w3.org/2000/svg}"
SVG_TEXT = f"{SVG}text"
#: Names that XML, a font list or a careless writer could get wrong, and the line each shows as on its card.
AWKWARD_NAMES = {
    "Ann & Bob Lee": "Ann & Bob Lee",
    "Lee <b>Park</b>": "Lee <b>Park</b>",
    'Mary "Ned" O\'Neil': 'Mary "Ned" O\'Neil',
    "]]> &amp; <!--": "]]> &amp; <!--",
    "白川 正嗣": "白川 正嗣",
    "张伟": "张伟",
    "김민준": "김민준",
    "Дмитрий Соколов": "Дмитрий Соколов",
    "Zoë\x0bLefèvre\x1b\x00": "Zoë Lefèvre",  # a vertical tab breaks the line, ESC and NUL are dropped
}


@pytest.fixture
def demo(db: Database) -> AccountGraphs:
    name, _ = load_demo(db)
    with db.session() as session:
        account_id = session.scalar(select(Account.id).where(Account.name == name))
        assert account_id is not None
        return load_graphs(session, account_id)


def names_of(graphs: AccountGraphs) -> list[str]:
    names = [person.name for person in graphs.people.values()]
    # The demo must keep exercising every script the fonts cover, or these tests prove less than they claim.
    assert any(re.search(r"[\u4e00-\u9fff]", name) for name in names)
    assert any(re.search(r"[\u0400-\u04ff]", name) for name in names)
    assert any(re.search(r"[À-ž]", name) for name in names)
    return names


def synthetic(count: int, *, fan_out: int = 6) -> AccountGraphs:
    """``count`` people in a tree where everyone below the top has one of ``fan_out`` peers as manager."""
    stances = list(Stance)
    people = [
        Person(
            i,
            f"Person {i}",
            f"Title {i}",
            reports_to_id=None if i == 1 else (i - 2) // fan_out + 1,
            stance=stances[i % len(stances)],
            roles=frozenset({BuyingRole.USER}) if i % 3 == 0 else frozenset(),
        )
        for i in range(1, count + 1)
    ]
    return AccountGraphs.build(people)


def pdf_text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() or "" for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_svg_is_xml_with_every_name_as_text(demo: AccountGraphs, tmp_path: Path) -> None:
    result = export_org_chart(demo, tmp_path / "chart.svg", title="Org chart: demo")
    root = ET.parse(result.path).getroot()
    texts = {element.text for element in root.iter(SVG_TEXT)}
    missing = [name for name in names_of(demo) if name not in texts]
    assert missing == []
    assert result.people == len(demo.people) == 162
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Org chart: demo"  # type: ignore[union-attr]


def test_markup_in_a_name_stays_literal_text_in_the_svg(tmp_path: Path) -> None:
    graphs = AccountGraphs.build([Person(1, 'Ann <b>"&amp;" Lee', "R&D <script>")])
    path = export_org_chart(graphs, tmp_path / "chart.svg").path
    texts = {element.text for element in ET.parse(path).getroot().iter(SVG_TEXT)}
    assert 'Ann <b>"&amp;" Lee' in texts
    assert "R&D <script>" in texts


def test_each_card_is_one_group_whose_texts_name_the_person_in_any_script(tmp_path: Path) -> None:
    people = [
        Person(i, name, f"Title {i}", reports_to_id=None if i == 1 else 1)
        for i, name in enumerate(AWKWARD_NAMES, start=1)
    ]
    graphs = AccountGraphs.build(people)
    result = export_org_chart(graphs, tmp_path / "chart.svg", title="Org chart: Ann & <Co>")
    xml.dom.minidom.parse(str(result.path))  # expat: XML 1.0, well-formed
    root = ET.parse(result.path).getroot()
    cards = {
        group.get("id"): [text.text for text in group.iter(SVG_TEXT)]
        for group in root.iter(f"{SVG}g")
        if (group.get("id") or "").startswith("person-")
    }
    assert len(cards) == len(people)
    for person in people:
        texts = cards[f"person-{person.id}"]
        assert texts[0] == AWKWARD_NAMES[person.name]  # the name, whole, as text
        assert f"Title {person.id}" in texts
    assert root.findtext(f"{SVG}title") == "Org chart: Ann & <Co>"


def test_the_svg_keeps_the_header_and_styles_every_element_by_a_shared_class(tmp_path: Path) -> None:
    graphs = synthetic(40)
    path = export_org_chart(graphs, tmp_path / "chart.svg", title="Org chart: Acme").path
    root = ET.parse(path).getroot()
    header = [text.text for text in root.iter(SVG_TEXT)][:3]
    assert header[:2] == ["Org chart: Acme", chart_subtitle(chart_geometry(graphs))]
    legend = {text.text for text in root.iter(SVG_TEXT)}
    assert {stance.label for stance in Stance} | {kind.label for kind in InfluenceKind} <= legend
    css = root.findtext(f"{SVG}style") or ""
    defined = set(re.findall(r"^\.(\w+)\{", css, re.MULTILINE))
    shapes = [
        element
        for element in root.iter()
        if element.tag in {f"{SVG}{name}" for name in ("rect", "circle", "polyline", "path", "text")}
    ]
    assert len(shapes) > 40 * 8
    background = shapes.pop(0)
    assert background.get("width") == "100%"
    for element in shapes:
        assert element.get("class") in defined, ET.tostring(element)
        assert element.get("style") is None and element.get("fill") is None
        assert element.get("transform") is None  # coordinates, not a transform per element
    assert len(defined) < 60  # styles shared by many elements, not one per element


def test_each_cjk_line_names_the_face_of_its_script_first_after_the_latin_one(tmp_path: Path) -> None:
    people = [Person(1, "白川 正嗣"), Person(2, "김민준"), Person(3, "张伟"), Person(4, "Дмитрий")]
    path = export_org_chart(AccountGraphs.build(people), tmp_path / "chart.svg").path
    root = ET.parse(path).getroot()
    css = root.findtext(f"{SVG}style") or ""
    rules = dict(re.findall(r"^\.(\w+)\{([^}]*)\}", css, re.MULTILINE))
    default = re.search(r"^text\{font-family:([^}]*)\}", css, re.MULTILINE)
    assert default is not None

    def families(name: str) -> list[str]:
        element = next(text for text in root.iter(SVG_TEXT) if text.text == name)
        own = re.search(r"font-family:([^;]*)", rules[element.get("class") or ""])
        listed = own.group(1) if own else default.group(1)
        return [family.strip("'") for family in listed.split(",")]

    assert families("Дмитрий")[0] == "DejaVu Sans"
    assert families("Дмитрий")[-1] == "sans-serif"
    for name, face in (
        ("白川 正嗣", "IPAGothic"),
        ("김민준", "NanumGothic"),
        ("张伟", "WenQuanYi Micro Hei"),
    ):
        listed = families(name)
        assert listed[:2] == ["DejaVu Sans", face], name
        assert {"IPAGothic", "NanumGothic", "WenQuanYi Micro Hei", "sans-serif"} <= set(listed)


def test_the_png_decodes_and_is_a_sensible_size(demo: AccountGraphs, tmp_path: Path) -> None:
    result = export_org_chart(demo, tmp_path / "chart.png")
    assert result.scale >= LEGIBLE_SCALE
    with Image.open(result.path) as image:
        image.verify()
    with Image.open(result.path) as image:
        assert image.format == "PNG"
        assert max(image.size) <= MAX_SIDE
        assert min(image.size) >= 300
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    assert (0x1B, 0x8A, 0x3A) in colours  # the champion's stripe
    assert (0xFF, 0xFF, 0xFF) in colours


def test_a_png_too_wide_to_read_is_refused_and_the_compact_layout_suggested_when_it_fits(
    tmp_path: Path,
) -> None:
    # 199 reports side by side: 36,600 pt across, names under 6 px within 16,000 px.
    graphs = AccountGraphs.build(
        [Person(1, "Boss", "CEO"), *(Person(i, f"Report {i}", reports_to_id=1) for i in range(2, 201))]
    )
    with pytest.raises(ImageTooLarge) as refused:
        export_org_chart(graphs, tmp_path / "chart.png")
    reason = str(refused.value)
    assert "The org chart (200 people) is too big for one readable PNG" in reason
    assert "nothing was written" in reason and "PDF" in reason and "SVG" in reason and "--compact" in reason
    assert re.search(r"\.\s", reason) is None and reason.endswith(".")  # one sentence
    assert list(tmp_path.iterdir()) == []

    stacked = export_org_chart(graphs, tmp_path / "chart.png", compact=True)  # as the reason suggests
    assert stacked.scale >= LEGIBLE_SCALE
    with Image.open(stacked.path) as image:
        image.load()
        assert max(image.size) <= MAX_SIDE


def test_loose_people_are_piled_into_a_readable_png_by_the_compact_layout(tmp_path: Path) -> None:
    graphs = AccountGraphs.build([Person(i, f"Loose {i}") for i in range(1, 401)])  # 400 people, no manager
    with pytest.raises(ImageTooLarge) as refused:
        export_org_chart(graphs, tmp_path / "chart.png")
    assert "--compact" in str(refused.value)
    assert export_org_chart(graphs, tmp_path / "chart.png", compact=True).scale >= LEGIBLE_SCALE


def test_a_png_nothing_makes_readable_is_refused_suggesting_pdf_or_svg_only(tmp_path: Path) -> None:
    # A chain of 1,500 managers, each reporting to the one before: too tall in any layout.
    graphs = AccountGraphs.build(
        [Person(1, "Top"), *(Person(i, f"Level {i}", reports_to_id=i - 1) for i in range(2, 1501))]
    )
    for compact in (False, True):
        with pytest.raises(ImageTooLarge) as refused:
            export_org_chart(graphs, tmp_path / "chart.png", compact=compact)
        assert str(refused.value).endswith(
            "nothing was written: export it as PDF (tiled pages) or SVG instead."
        )
    assert list(tmp_path.iterdir()) == []
    assert export_org_chart(graphs, tmp_path / "chart.svg").people == 1500  # what it suggests works


def test_the_pdf_has_the_names_as_real_text_in_embedded_subset_fonts(
    demo: AccountGraphs, tmp_path: Path
) -> None:
    result = export_org_chart(demo, tmp_path / "chart.pdf")
    reader = PdfReader(result.path)
    for page in reader.pages:
        assert float(page.mediabox.width) <= MAX_PAGE_SIDE
        assert float(page.mediabox.height) <= MAX_PAGE_SIDE
    text = squeeze(pdf_text(reader))
    missing = [name for name in names_of(demo) if squeeze(name) not in text]
    assert missing == []

    # Every font embedded, as a subset, with its Unicode map (what pdffonts lists as emb, sub, uni).
    fonts = {font.family for font in assert_embedded_subsets(result.path)}
    assert {"DejaVuSans", "DejaVuSans-Bold", "IPAGothic"} <= fonts


def test_korean_and_chinese_names_come_back_out_of_the_pdf(tmp_path: Path) -> None:
    people = [
        Person(1, "김민준", "대표이사"),
        Person(2, "张伟", "首席技术官", reports_to_id=1),
        Person(3, "田中 Aiko", "", reports_to_id=1),
    ]
    reader = PdfReader(export_org_chart(AccountGraphs.build(people), tmp_path / "chart.pdf").path)
    text = squeeze(pdf_text(reader))
    for person in people:
        assert squeeze(person.name) in text
        assert squeeze(person.title) in text


def test_a_20000_person_chart_is_tiled_over_pages_none_over_the_limit(tmp_path: Path) -> None:
    graphs = synthetic(20_000)
    # The wide layout: the compact one packs these 20,000 onto one page of at most 14,400 pt at 85 %.
    result = export_org_chart(graphs, tmp_path / "big.pdf", include_influence=False)
    reader = PdfReader(result.path)
    assert result.pages == len(reader.pages) == result.rows * result.columns > 1
    assert result.scale == MIN_SCALE
    for page in reader.pages:
        assert 0 < float(page.mediabox.width) <= MAX_PAGE_SIDE
        assert 0 < float(page.mediabox.height) <= MAX_PAGE_SIDE
    # The last page only: pypdf takes a second or two to read a page this dense.
    last = result.pages
    text = reader.pages[-1].extract_text()
    assert (
        f"Page {last} of {last}: row 1 of {result.rows}, column {result.columns} of {result.columns}" in text
    )
    assert text.count("Person ") > 100  # the cards of the last column, as text


def test_a_chart_that_fits_is_one_page_at_full_size_and_a_larger_one_is_shrunk_before_it_is_tiled() -> None:
    overlap = (250.0, 130.0)
    small = plan_pages(3000, 800, overlap=overlap)
    assert (small.pages, small.scale) == (1, 1.0)
    shrunk = plan_pages(20_000, 900, overlap=overlap)
    assert shrunk.pages == 1 and MIN_SCALE <= shrunk.scale < 1
    assert shrunk.page_width <= MAX_PAGE_SIDE


def test_tiles_cover_the_chart_overlap_and_keep_every_page_under_the_limit() -> None:
    width, height, overlap = 100_000.0, 40_000.0, (250.0, 130.0)
    plan = plan_pages(width, height, overlap=overlap, header_width=900)
    assert plan.scale == MIN_SCALE and plan.rows > 1 and plan.columns > 1
    assert plan.page_width <= MAX_PAGE_SIDE and plan.page_height <= MAX_PAGE_SIDE
    assert plan.tiles[0].viewport[:2] == (0.0, 0.0)
    assert plan.tiles[-1].viewport[2:] == pytest.approx((width, height))
    first, second = plan.tiles[0].viewport, plan.tiles[1].viewport
    assert first[2] - second[0] == pytest.approx(overlap[0])
    below = plan.tiles[plan.columns].viewport
    assert first[3] - below[1] == pytest.approx(overlap[1])
    assert [(tile.row, tile.column) for tile in plan.tiles[:2]] == [(1, 1), (1, 2)]


def test_the_drawing_has_cards_lines_and_arrows_and_greys_departed_people() -> None:
    people = [
        Person(1, "Boss", "CEO", roles=frozenset({BuyingRole.ECONOMIC_BUYER}), stance=Stance.CHAMPION),
        Person(2, "Gone", "CFO", reports_to_id=1, departed=True),
        Person(3, "Dee", "CTO", reports_to_id=1, stance=Stance.DETRACTOR),
    ]
    graphs = AccountGraphs.build(
        people,
        influence=[
            InfluenceEdge(3, 1, InfluenceKind.INFLUENCES, 4),
            InfluenceEdge(2, 3, InfluenceKind.INFORMALLY_REPORTS_TO),
        ],
    )
    drawing = org_chart_drawing(graphs)
    assert isinstance(drawing, Drawing) and drawing.width > 0 and drawing.height > 0
    geometry = chart_geometry(graphs)
    assert len(geometry.cards) == 3 and len(geometry.reporting_lines) == 2 and len(geometry.arrows) == 2
    assert sorted(arrow.dashed for arrow in geometry.arrows) == [False, True]
    cards = {card.person_id: card for card in geometry.cards}
    assert cards[1].stripe == "#1b8a3a" and cards[3].stripe == "#d2453b"
    assert cards[2].fill != cards[1].fill
    assert any(text.text.startswith("Departed") for text in cards[2].texts)
    assert [badge.label for badge in cards[1].badges] == ["EB"]
    assert chart_geometry(graphs, include_influence=False).arrows == []


def test_a_collapsed_card_hides_its_reports_and_says_how_many(tmp_path: Path) -> None:
    graphs = synthetic(40)
    geometry = chart_geometry(graphs, collapsed={2})
    hidden = len(graphs.people) - len(geometry.cards)
    assert hidden > 0
    card = next(card for card in geometry.cards if card.person_id == 2)
    assert f"+{hidden}" in [badge.label for badge in card.badges]


def test_cards_never_overlap_and_a_long_name_is_shrunk_not_cut() -> None:
    long_name = "Maximiliane Alexandra von Hohenzollern-Sigmaringen"
    graphs = AccountGraphs.build(
        [Person(1, long_name, "Chief"), *[Person(i, f"P{i}", reports_to_id=1) for i in range(2, 8)]]
    )
    geometry = chart_geometry(graphs)
    boxes = sorted(card.bounds for card in geometry.cards)
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert a[2] <= b[0] or a[3] <= b[1] or b[3] <= a[1]
    name_line = next(card for card in geometry.cards if card.person_id == 1).texts[0]
    assert name_line.text == long_name and name_line.size < 10


def test_an_unknown_suffix_is_refused_naming_the_formats(tmp_path: Path) -> None:
    with pytest.raises(AccountPlanError, match=r"\.svg, \.pdf, \.png or \.pptx"):
        export_org_chart(synthetic(3), tmp_path / "chart.docx")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_path_is_one_clear_error_and_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "taken.svg").mkdir()
    with pytest.raises(AccountPlanError, match="taken.svg is a folder, not a file; nothing was written"):
        export_org_chart(synthetic(3), tmp_path / "taken.svg")
    with pytest.raises(AccountPlanError, match="Cannot write"):
        export_org_chart(synthetic(3), tmp_path / "no" / "such" / "folder.pdf")
    assert [path.name for path in tmp_path.iterdir()] == ["taken.svg"]


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_an_account_with_nobody_yet_exports_just_the_header(tmp_path: Path, suffix: str) -> None:
    result = export_org_chart(AccountGraphs.build([]), tmp_path / f"empty{suffix}")
    assert result.people == 0 and result.pages == 1 and result.path.stat().st_size > 0

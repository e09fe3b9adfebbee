"""The org chart as a PowerPoint deck: every person a group of native shapes with their name as text, reporting
lines as connectors glued to the cards, influence links when asked, big charts tiled, names in every script."""

from __future__ import annotations

import datetime as dt
import io
import math
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as Deck
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape
from pptx.slide import Slide
from sqlalchemy import select

from accountplan.analysis.graphs import AccountGraphs, InfluenceEdge, Person, load_graphs
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.model.enums import BuyingRole, InfluenceKind, Stance
from accountplan.reports import chart_style as style
from accountplan.reports.org_chart_geometry import ChartGeometry, chart_geometry, chart_line
from accountplan.reports.org_chart_pptx import (
    CHART_ASPECT,
    LEGIBLE_NAME_SIZE,
    SLIDE_SIZE,
    plan_slides,
    write_pptx,
)
from accountplan.store.database import Database

from .slide_rendering import render_slides

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
EMU = 12700
TODAY = dt.date(2026, 12, 14)


@pytest.fixture
def demo(db: Database) -> AccountGraphs:
    name, _ = load_demo(db)
    with db.session() as session:
        account_id = session.scalar(select(Account.id).where(Account.name == name))
        assert account_id is not None
        return load_graphs(session, account_id)


def write(
    charts: list[tuple[str, ChartGeometry]], path: Path, *, include_influence: bool = True
) -> tuple[int, Deck]:
    count = write_pptx(
        charts,
        path,
        title="Org chart: Shirokane",
        subtitle="162 people · internal",
        today=TODAY,
        include_influence=include_influence,
    )
    return count, Presentation(str(path))


def walk(shapes: Iterator[BaseShape] | object) -> Iterator[BaseShape]:
    """Every shape, those inside groups too."""
    for shape in shapes:  # type: ignore[attr-defined]
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from walk(shape.shapes)


def card_groups(slide: Slide) -> dict[str, dict[str, str]]:
    """Each card group's name (less "Card: ") and the text of each of its shapes that shows one, by name."""
    return {
        shape.name.removeprefix("Card: "): {
            part.name: part.text_frame.text
            for part in shape.shapes
            if part.has_text_frame and part.text_frame.text
        }
        for shape in slide.shapes
        if isinstance(shape, GroupShape) and shape.name.startswith("Card: ")
    }


def named(slide: Slide, prefix: str) -> list[BaseShape]:
    return [shape for shape in walk(slide.shapes) if shape.name.startswith(prefix)]


def names_on(deck: Deck) -> set[str]:
    return {name for slide in deck.slides for name in card_groups(slide)}


def test_the_demo_deck_shows_everyone_as_a_card_group_with_lines_links_and_a_legend(
    demo: AccountGraphs, tmp_path: Path
) -> None:
    geometry = chart_geometry(demo, compact=True, aspect=CHART_ASPECT)
    started = time.perf_counter()
    count, deck = write([("Shirokane Nordhaven Holdings", geometry)], tmp_path / "chart.pptx")
    seconds = time.perf_counter() - started
    plan = plan_slides(geometry)
    assert count == len(deck.slides) == plan.slides + 1  # the tiles, then the legend
    assert seconds < 30, f"{seconds:.1f} s to write the deck"  # ~1 s; a generous bound for a busy machine
    assert deck.slide_width == SLIDE_SIZE[0] * EMU and deck.slide_height == SLIDE_SIZE[1] * EMU
    # Everyone, whole, in a card group that holds their name first, then their title.
    texts: dict[str, dict[str, str]] = {}
    for slide in list(deck.slides)[:-1]:
        texts |= card_groups(slide)
    expected = {chart_line(person.name): person for person in demo.people.values()}
    assert set(texts) == set(expected)
    for name, lines in texts.items():
        assert lines["Name"] == name
        title = expected[name].title
        if title:
            assert lines["Title"].removeprefix("Departed · ").rstrip("…") in title
        assert {label for part, label in lines.items() if part.startswith("Badge: ")} == {
            style.ROLE_BADGES[role] for role in expected[name].roles
        }
    # Titles: the heading and the tile, and the date, on every chart slide.
    for slide in list(deck.slides)[:-1]:
        heading = slide.shapes.title.text_frame.text  # type: ignore[union-attr]
        assert heading.startswith("Shirokane Nordhaven Holdings · part ")
        assert f"of {plan.rows}×{plan.columns}" in heading
        assert "14 Dec 2026" in [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    # Reporting lines are connectors, most glued to the cards at both ends; influence links have arrowheads.
    connectors = [s for slide in deck.slides for s in named(slide, "Reporting line")]
    assert all(s.shape_type == MSO_SHAPE_TYPE.LINE or s._element.tag == f"{P}cxnSp" for s in connectors)
    glued = [s for s in connectors if s._element.find(f".//{A}endCxn") is not None]
    assert len(glued) >= len(geometry.reporting_lines) // 2
    links = [s for slide in deck.slides for s in named(slide, "Influence: ")]
    assert links and all(s._element.find(f".//{A}tailEnd") is not None for s in links[:1])
    assert any(s._element.find(f".//{A}prstDash") is not None for s in links)  # informal reporting
    # The legend, along the bottom and on the last slide.
    legend = [s.text_frame.text for s in walk(deck.slides[0].shapes) if s.has_text_frame]
    assert {stance.label for stance in Stance} | {kind.label for kind in InfluenceKind} <= set(legend)
    last = [s.text_frame.text for s in walk(deck.slides[-1].shapes) if s.has_text_frame]
    assert {role.label for role in BuyingRole} | {style.ROLE_BADGES[role] for role in BuyingRole} <= set(last)
    properties = deck.core_properties
    assert (properties.title, properties.subject, properties.author) == (
        "Org chart: Shirokane",
        "Internal org chart",
        "Account Plan",
    )


def test_names_stay_legible_and_every_card_lies_inside_the_chart_area(
    demo: AccountGraphs, tmp_path: Path
) -> None:
    geometry = chart_geometry(demo)
    _, deck = write([("Shirokane", geometry)], tmp_path / "chart.pptx")
    for slide in list(deck.slides)[:-1]:
        for group in slide.shapes:
            if not group.name.startswith("Card: "):
                continue
            name = next(s for s in group.shapes if s.name == "Name")
            sizes = {run.font.size.pt for run in name.text_frame.paragraphs[0].runs}  # type: ignore[union-attr]
            assert min(sizes) >= LEGIBLE_NAME_SIZE
            assert group.left >= 20 * EMU and group.left + group.width <= (SLIDE_SIZE[0] - 20) * EMU
            assert group.top >= 58 * EMU and group.top + group.height <= (SLIDE_SIZE[1] - 22) * EMU


def test_without_influence_there_are_no_links_and_the_legend_has_no_kinds(
    demo: AccountGraphs, tmp_path: Path
) -> None:
    geometry = chart_geometry(demo, include_influence=False)
    _, deck = write([("Shirokane", geometry)], tmp_path / "chart.pptx", include_influence=False)
    assert not any(named(slide, "Influence: ") for slide in deck.slides)
    assert not any(named(slide, "Legend: influences") for slide in deck.slides)
    assert names_on(deck) == {chart_line(person.name) for person in demo.people.values()}
    # A geometry laid out with its links still shows none when the deck is asked for none.
    with_links = chart_geometry(demo, include_influence=True)
    _, deck = write([("Shirokane", with_links)], tmp_path / "again.pptx", include_influence=False)
    assert not any(named(slide, "Influence: ") for slide in deck.slides)


def runs_of(deck: Deck, text: str) -> list[etree._Element]:
    return [
        run
        for slide in deck.slides
        for shape in walk(slide.shapes)
        if shape.has_text_frame
        for run in shape._element.iter(f"{A}r")
        if text in (run.findtext(f"{A}t") or "")
    ]


def test_names_in_each_script_name_a_font_for_that_script(tmp_path: Path) -> None:
    people = [
        Person(1, "白川 正嗣", "代表取締役社長"),
        Person(2, "김민준", "Director", reports_to_id=1),
        Person(3, "张伟", "经理", reports_to_id=1),
        Person(4, "Дмитрий Соколов", "CIO", reports_to_id=1),
        Person(5, "Zoë Lefèvre (ゾエ)", "CFO", reports_to_id=1),
    ]
    _, deck = write([("Scripts", chart_geometry(AccountGraphs.build(people)))], tmp_path / "chart.pptx")
    assert names_on(deck) == {person.name for person in people}

    def fonts(text: str) -> tuple[str | None, str | None, str | None]:
        run = runs_of(deck, text)[0]
        properties = run.find(f"{A}rPr")
        assert properties is not None
        latin, east_asian = properties.find(f"{A}latin"), properties.find(f"{A}ea")
        return (
            properties.get("lang"),
            None if latin is None else latin.get("typeface"),
            None if east_asian is None else east_asian.get("typeface"),
        )

    assert fonts("白川") == ("ja-JP", "Yu Gothic", "Yu Gothic")
    assert fonts("代表取締役社長") == ("ja-JP", "Yu Gothic", "Yu Gothic")
    assert fonts("김민준") == ("ko-KR", "Malgun Gothic", "Malgun Gothic")
    assert fonts("张伟") == ("zh-CN", "Microsoft YaHei", "Microsoft YaHei")
    assert fonts("Дмитрий") == (None, "Arial", "Yu Gothic")  # for Japanese typed into it
    assert fonts("ゾエ") == ("ja-JP", "Yu Gothic", "Yu Gothic")
    assert fonts("Zoë Lefèvre") == (None, "Arial", "Yu Gothic")  # the Latin part of the name: its own run


def test_hostile_names_and_headings_do_not_break_the_deck(tmp_path: Path) -> None:
    long_name = "Ann " + "Verylongname" * 500
    people = [
        Person(1, "Lee <b>Park</b> & Co", "R&D <script>alert(1)</script>"),
        Person(2, "Zoë\x0bLefèvre\x1b\x00\ufffe", "Head\x07 of\tops", reports_to_id=1),
        Person(3, long_name, "Title " * 300, reports_to_id=1),
        Person(4, "]]> &amp; <!--", "\"quoted\" 'title'", reports_to_id=1),
    ]
    geometry = chart_geometry(AccountGraphs.build(people))
    path = tmp_path / "chart.pptx"
    count = write_pptx(
        [("Unit <b>\x00\x1b", geometry)],
        path,
        title="Org chart: Ann & <Co>\x0c",
        subtitle="sub\x01title",
        today=TODAY,
        include_influence=True,
    )
    deck = Presentation(str(path))  # every part parses: XML 1.0 well-formed
    assert count == len(deck.slides) == 2
    names = names_on(deck)
    assert {"Lee <b>Park</b> & Co", "Zoë Lefèvre", "]]> &amp; <!--"} <= names
    cut = next(name for name in names if name.startswith("Ann "))
    assert cut.endswith("…") and len(cut) < 200  # elided to the widest card
    texts = card_groups(deck.slides[0])
    assert texts["Lee <b>Park</b> & Co"]["Title"] == "R&D <script>alert(1)</script>"
    assert texts["Zoë Lefèvre"]["Title"] == "Head of ops"
    assert deck.slides[0].shapes.title.text_frame.text == "Unit <b>"  # type: ignore[union-attr]
    assert deck.core_properties.title == "Org chart: Ann & <Co> "


def forest(count: int, *, roots: int = 10) -> AccountGraphs:
    """``count`` people in ``roots`` tall trees: each manager has three reports, the middle one managing three more."""
    stances = list(Stance)
    people: list[Person] = []
    per_tree = count // roots
    for tree in range(roots):
        first = tree * per_tree + 1
        for offset in range(per_tree):
            pid = first + offset
            manager = (
                None if offset == 0 else first if offset <= 3 else first + 3 * ((offset - 1) // 3 - 1) + 2
            )
            people.append(
                Person(
                    pid,
                    f"Person {pid:03d}" if pid != 7 else "森田 和也",
                    f"Title {pid}",
                    reports_to_id=manager,
                    stance=stances[pid % len(stances)],
                    roles=frozenset({BuyingRole.USER}) if pid % 3 == 0 else frozenset(),
                    influence=1 + pid % 5,
                )
            )
    influence = [
        InfluenceEdge(pid, pid + 37, InfluenceKind.INFLUENCES, 3) for pid in range(1, count - 37, 11)
    ]
    return AccountGraphs.build(people, influence=influence)


def test_a_big_forest_is_tiled_over_slides_with_everyone_whole_on_one_of_them(tmp_path: Path) -> None:
    graphs = forest(600)
    geometry = chart_geometry(graphs)
    plan = plan_slides(geometry)
    assert plan.rows > 1 and plan.columns > 1 and plan.scale * style.NAME_SIZE >= LEGIBLE_NAME_SIZE
    started = time.perf_counter()
    count, deck = write([("All", geometry)], tmp_path / "chart.pptx")
    seconds = time.perf_counter() - started
    assert seconds < 60, f"{seconds:.1f} s for 600 people"
    assert count == plan.slides + 1 > 2
    assert names_on(deck) == {person.name for person in graphs.people.values()}
    headings = [slide.shapes.title.text_frame.text for slide in deck.slides]  # type: ignore[union-attr]
    assert headings[:-1] == [
        f"All · part {row}/{column} of {plan.rows}×{plan.columns}"
        for row in range(1, plan.rows + 1)
        for column in range(1, plan.columns + 1)
    ]
    for slide in list(deck.slides)[:-1]:
        tiles = named(slide, "Map of the tiles")
        assert len(tiles) == 1
        for shape in walk(slide.shapes):  # nothing spills off the slide
            if shape.shape_type != MSO_SHAPE_TYPE.PLACEHOLDER:
                left, top, right, bottom = visual_bounds(shape)
                assert left >= -1 and right <= SLIDE_SIZE[0] + 1, shape.name
                assert top >= -1 and bottom <= SLIDE_SIZE[1] + 1, shape.name


def visual_bounds(shape: BaseShape) -> tuple[float, float, float, float]:
    """Where a shape is seen on the slide, in points: turned a quarter, its box turns about its centre."""
    left, top, width, height = (value / EMU for value in (shape.left, shape.top, shape.width, shape.height))
    if round(shape.rotation) % 180 == 90:
        centre_x, centre_y = left + width / 2, top + height / 2
        left, top, width, height = centre_x - height / 2, centre_y - width / 2, height, width
    return left, top, left + width, top + height


def test_a_deck_can_be_written_to_a_stream(tmp_path: Path) -> None:
    geometry = chart_geometry(forest(10, roots=1))
    stream = io.BytesIO()
    count = write_pptx(
        [("One", geometry), ("Two", geometry)],
        stream,
        title="Org chart",
        subtitle="",
        today=TODAY,
        include_influence=False,
    )
    deck = Presentation(io.BytesIO(stream.getvalue()))
    assert count == len(deck.slides) == 3
    assert [slide.shapes.title.text_frame.text for slide in deck.slides][:2] == ["One", "Two"]  # type: ignore[union-attr]


# --- The connectors follow the lines the other outputs draw -------------------------------------------------


def connector_path(element: etree._Element) -> list[tuple[float, float]]:
    """The points a connector's preset draws, in slide points, flipped and turned as its xfrm says."""
    xfrm = element.find(f"{P}spPr/{A}xfrm")
    assert xfrm is not None
    off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
    assert off is not None and ext is not None
    x, y = int(off.get("x", 0)) / EMU, int(off.get("y", 0)) / EMU
    w, h = int(ext.get("cx", 0)) / EMU, int(ext.get("cy", 0)) / EMU
    geometry = element.find(f"{P}spPr/{A}prstGeom")
    assert geometry is not None
    preset = geometry.get("prst")
    handles = {"straightConnector1": 0, "bentConnector2": 0, "bentConnector3": 1, "bentConnector4": 2}
    assert len(list(geometry.iter(f"{A}gd"))) == handles[preset or ""], "only the preset's own adjustments"
    adjusts = {
        gd.get("name"): int(gd.get("fmla", "val 50000").split()[1]) / 100000 for gd in geometry.iter(f"{A}gd")
    }
    a1, a2 = adjusts.get("adj1", 0.5), adjusts.get("adj2", 0.5)
    local = {
        "straightConnector1": [(0, 0), (w, h)],
        "bentConnector2": [(0, 0), (w, 0), (w, h)],
        "bentConnector3": [(0, 0), (w * a1, 0), (w * a1, h), (w, h)],
        "bentConnector4": [(0, 0), (w * a1, 0), (w * a1, h * a2), (w, h * a2), (w, h)],
    }[preset or ""]
    if xfrm.get("flipH") == "1":
        local = [(w - px, py) for px, py in local]
    if xfrm.get("flipV") == "1":
        local = [(px, h - py) for px, py in local]
    angle = math.radians(int(xfrm.get("rot", "0")) / 60000)
    cx, cy = w / 2, h / 2
    return [
        (
            x + cx + (px - cx) * math.cos(angle) - (py - cy) * math.sin(angle),
            y + cy + (px - cx) * math.sin(angle) + (py - cy) * math.cos(angle),
        )
        for px, py in local
    ]


def corners(line: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
    """The line's ends and the points where it turns (a leg of no length, or two legs one way, are one)."""
    points = [p for i, p in enumerate(line) if i == 0 or math.dist(p, line[i - 1]) > 1e-6]
    return [
        p
        for i, p in enumerate(points)
        if i in (0, len(points) - 1)
        or not (
            math.isclose(points[i - 1][0], p[0])
            and math.isclose(p[0], points[i + 1][0])
            or math.isclose(points[i - 1][1], p[1])
            and math.isclose(p[1], points[i + 1][1])
        )
    ]


def site(shape: etree._Element, index: int) -> tuple[float, float]:
    """A rectangle's connection site: 0 top, 1 left, 2 bottom, 3 right (the middle of each side)."""
    xfrm = shape.find(f"{P}spPr/{A}xfrm")
    assert xfrm is not None
    off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
    assert off is not None and ext is not None
    x, y = int(off.get("x", 0)) / EMU, int(off.get("y", 0)) / EMU
    w, h = int(ext.get("cx", 0)) / EMU, int(ext.get("cy", 0)) / EMU
    return [(x + w / 2, y), (x, y + h / 2), (x + w / 2, y + h), (x + w, y + h / 2)][index]


def close(a: list[tuple[float, float]], b: list[tuple[float, float]], tolerance: float = 0.05) -> bool:
    return len(a) == len(b) and all(math.dist(p, q) <= tolerance for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("compact", [False, True], ids=["wide", "compact"])
def test_each_connector_follows_its_reporting_line_and_is_glued_where_it_ends(
    compact: bool, tmp_path: Path
) -> None:
    people = [Person(1, "Chief Executive", "CEO")]
    people += [Person(2, "Pat Assistant", "Executive Assistant to the CEO", reports_to_id=1)]
    people += [Person(i, f"Head {i}", "Director", reports_to_id=1) for i in range(3, 7)]
    people += [
        Person(i, f"Member {i}", "Analyst", reports_to_id=3 + i % 4) for i in range(7, 25 if compact else 13)
    ]
    geometry = chart_geometry(AccountGraphs.build(people), compact=compact)
    assert plan_slides(geometry).slides == 1
    _, deck = write([("Team", geometry)], tmp_path / "chart.pptx")
    slide = deck.slides[0]
    # Where the chart went: from the first card's box, its scale and origin.
    card = geometry.cards[0]
    group = next(g for g in slide.shapes if g.name == f"Card: {card.texts[0].text}")
    box = next(s for s in group.shapes if s.name == "Card")
    scale = box.width / EMU / card.width
    origin = (box.left / EMU - card.x * scale, box.top / EMU - card.y * scale)
    expected = [
        [(origin[0] + px * scale, origin[1] + py * scale) for px, py in corners(line)]
        for line in geometry.reporting_lines
    ]
    shapes_by_id = {
        element.find(f"{P}nvSpPr/{P}cNvPr").get("id"): element  # type: ignore[union-attr]
        for element in slide.shapes._spTree.iter(f"{P}sp")
    }
    boxes = [s._element for s in walk(slide.shapes) if s.name == "Card"]  # the cards' boxes
    connectors = [s._element for s in named(slide, "Reporting line")]
    assert len(connectors) == len(geometry.reporting_lines)  # one connector a line: none cut into legs
    for element in connectors:
        drawn = connector_path(element)
        assert any(close(drawn, line) for line in expected), drawn
        for tag, end in ((f"{A}stCxn", drawn[0]), (f"{A}endCxn", drawn[-1])):
            glue = element.find(f".//{tag}")
            at_site = [
                (box, index) for box in boxes for index in range(4) if math.dist(site(box, index), end) < 0.05
            ]
            if glue is None:  # a team's spine leaves its manager's box where the box has no connection site
                assert tag == f"{A}stCxn" and not at_site, "the report's end is glued to the report's card"
            else:
                assert (shapes_by_id[glue.get("id")], int(glue.get("idx", -1))) in at_site


# --- What it looks like -------------------------------------------------------------------------------------


def inked(image: Image.Image) -> float:
    """The share of pixels that are not (nearly) white."""
    grey = image.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:240]) / (grey.width * grey.height)


def has_colour(image: Image.Image, hex_code: str, tolerance: int = 40) -> bool:
    target = tuple(int(hex_code[i : i + 2], 16) for i in (1, 3, 5))
    rgb = image.convert("RGB")
    colours = rgb.getcolors(rgb.width * rgb.height) or []
    return any(
        all(abs(c - t) <= tolerance for c, t in zip(colour, target, strict=True)) for _, colour in colours
    )


@pytest.mark.slow
def test_the_deck_renders_as_slides_that_show_the_chart(demo: AccountGraphs, tmp_path: Path) -> None:
    """LibreOffice draws every slide: not blank, the stance colours and the legend there (bounded by the render
    helper's 300 s timeout; about 10 s)."""
    geometry = chart_geometry(demo, compact=True, aspect=CHART_ASPECT)
    path = tmp_path / "chart.pptx"
    count, _ = write([("Shirokane Nordhaven Holdings", geometry)], path)
    images = render_slides(path, tmp_path / "rendered")
    assert len(images) == count
    for number, image_path in enumerate(images, start=1):
        with Image.open(image_path) as image:
            assert image.width > image.height  # 16:9
            assert inked(image) > 0.02, f"slide {number} is blank"
            assert has_colour(image, style.STANCE_COLOURS[Stance.CHAMPION]), (
                f"slide {number}: no champion green"
            )
            assert has_colour(image, style.ACCENT), f"slide {number}: no accent (badges, initials, tile map)"

"""The org chart as a PowerPoint deck of native, editable shapes (internal: it shows stances).

Each chart (the whole account, an org unit, a person's team) goes on one 16:9 slide, scaled to fit the
slide's chart area, unless that would set names below LEGIBLE_NAME_SIZE: then it is cut into overlapping
tiles at that scale or more, one slide each, titled "part r/c of R×C" (row r, column c of R rows and C
columns) with a map of the tiles in the corner. Neighbouring tiles overlap by the widest card (across) and a
card and a level (down), so every card is whole on at least one slide; a slide shows only whole cards.

On a slide every card is one group (its rounded box, the stance stripe, influence dots, role badges, and the
name, title and co-sellers' initials as text boxes), named after the person and described for a screen
reader. Reporting lines are elbow connectors glued to the cards' boxes (moving a card in PowerPoint drags
its lines along); where a line leaves a tile, the part on the slide is drawn as straight connectors.
Influence links are curves with an arrowhead, dashed for informal reporting. Every slide has its heading,
the deck's subtitle and title, the date and a legend of stances and influence kinds; the last slide explains
everything on a card. Text is set in a font for its script (see ``pptx_shapes``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu

from accountplan.analysis.graphs import AccountGraphs, CoverageEdge, Person
from accountplan.model.enums import BuyingRole, InfluenceKind, RelationshipStrength, Stance
from accountplan.reports import chart_style as style
from accountplan.reports.chart_header import chart_header
from accountplan.reports.chart_painting import line_bounds
from accountplan.reports.fonts import text_width
from accountplan.reports.org_chart_geometry import (
    Arrow,
    Bounds,
    Card,
    ChartGeometry,
    Point,
    Text,
    chart_geometry,
    chart_line,
    elide,
)
from accountplan.reports.org_chart_paper import chart_overlap, smallest_name
from accountplan.reports.org_chart_pdf import Tile, tile_grid
from accountplan.reports.pptx_shapes import (
    EMU_PER_POINT,
    Paragraph,
    PathStep,
    SlideShapes,
    emu,
    set_text,
)

__all__ = [
    "CHART_ASPECT",
    "LEGIBLE_NAME_SIZE",
    "SLIDE_SIZE",
    "SlidePlan",
    "plan_slides",
    "write_pptx",
]

#: A 16:9 slide (13.33 × 7.5 in), in points.
SLIDE_SIZE = (960.0, 540.0)
#: The smallest size a card's name may be shown at on a slide before the chart is tiled instead.
LEGIBLE_NAME_SIZE = 6.0
#: A small chart is enlarged to fill the slide, up to this.
MAX_SCALE = 1.4
_MARGIN = 28.0
#: The area the chart is drawn in: left, top, width, height.
_CHART_AREA = (_MARGIN, 60.0, SLIDE_SIZE[0] - 2 * _MARGIN, 454.0)
#: The shape of the chart area (width ÷ height): the aspect to ask of a compact layout meant for slides.
CHART_ASPECT = _CHART_AREA[2] / _CHART_AREA[3]
_HEADING_SIZE, _SUBTITLE_SIZE, _DATE_SIZE = 20.0, 9.0, 11.0
_RIGHT_COLUMN = 230.0  # the date and the deck's title, right of the heading
_FOOTER_BASELINE = SLIDE_SIZE[1] - 11.0
_LEGEND_SCALE = 8.0 / style.HEADER_TEXT_SIZE
_TILE_MAP = (120.0, 22.0)  # the most room the map of tiles takes, bottom right
_SUBJECT = "Internal org chart"
_CREATOR = "Account Plan"
_STANCE_BY_COLOUR = {colour: stance.label for stance, colour in style.STANCE_COLOURS.items()}
_KIND_BY_COLOUR = {colour: kind.label.lower() for kind, colour in style.INFLUENCE_COLOURS.items()}


@dataclass(frozen=True, slots=True)
class SlidePlan:
    """How a chart goes onto slides: slide points per chart point, and the grid of tiles (one when it fits)."""

    scale: float
    rows: int
    columns: int
    tiles: list[Tile]

    @property
    def slides(self) -> int:
        return len(self.tiles)


def plan_slides(geometry: ChartGeometry) -> SlidePlan:
    """The whole chart on one slide if its names stay LEGIBLE_NAME_SIZE or more, else tiles at that scale.

    Tiles are all the same size and as large as the chart area allows at the smallest legible scale; the
    chart is then drawn as large as such a tile fits the area.
    """
    _, _, room_width, room_height = _CHART_AREA
    width, height = max(geometry.width, 1.0), max(geometry.height, 1.0)
    fit = min(MAX_SCALE, room_width / width, room_height / height)
    smallest = LEGIBLE_NAME_SIZE / smallest_name(geometry)
    if fit >= smallest:
        return SlidePlan(fit, 1, 1, [Tile(1, 1, (0.0, 0.0, width, height))])
    across, down = room_width / smallest, room_height / smallest
    rows, columns, tiles, _ = tile_grid(width, height, across, down, chart_overlap(geometry))
    tile_width, tile_height = tiles[0].viewport[2], tiles[0].viewport[3]
    scale = min(MAX_SCALE, room_width / tile_width, room_height / tile_height)
    return SlidePlan(scale, rows, columns, tiles)


class _TileItems(NamedTuple):
    """What may show on one tile: the cards, reporting lines (their corners) and links that overlap it."""

    cards: list[Card]
    lines: list[list[Point]]
    arrows: list[Arrow]


def _items_by_tile(geometry: ChartGeometry, plan: SlidePlan, include_influence: bool) -> list[_TileItems]:
    """Each tile's items, found in one pass over the chart (not one pass a tile)."""
    first = plan.tiles[0].viewport
    tile_width, tile_height = first[2] - first[0], first[3] - first[1]
    step_x = plan.tiles[1].viewport[0] if plan.columns > 1 else math.inf
    step_y = plan.tiles[plan.columns].viewport[1] if plan.rows > 1 else math.inf
    buckets = [_TileItems([], [], []) for _ in plan.tiles]

    def tiles_of(bounds: Bounds) -> list[_TileItems]:
        columns = range(
            max(0, math.ceil((bounds[0] - tile_width) / step_x)),
            min(plan.columns - 1, math.floor(bounds[2] / step_x)) + 1,
        )
        rows = range(
            max(0, math.ceil((bounds[1] - tile_height) / step_y)),
            min(plan.rows - 1, math.floor(bounds[3] / step_y)) + 1,
        )
        return [buckets[row * plan.columns + column] for row in rows for column in columns]

    for card in geometry.cards:
        for bucket in tiles_of(card.bounds):
            bucket.cards.append(card)
    for line in geometry.reporting_lines:
        points = _corners(line)
        if len(points) >= 2:
            for bucket in tiles_of(line_bounds(points)):
                bucket.lines.append(points)
    for arrow in geometry.arrows if include_influence else ():
        for bucket in tiles_of(arrow.bounds):
            bucket.arrows.append(arrow)
    return buckets


def write_pptx(
    charts: Sequence[tuple[str, ChartGeometry]],
    target: Path | IO[bytes],
    *,
    title: str,
    subtitle: str,
    today: dt.date,
    include_influence: bool,
) -> int:
    """Write a deck: each (heading, chart) on a slide or on tiles (see ``plan_slides``), then the legend.

    ``title`` is the deck's (its properties, and the corner of each slide), ``subtitle`` is shown under each
    heading. Returns the number of slides.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(emu(SLIDE_SIZE[0])), Emu(emu(SLIDE_SIZE[1]))
    _widen_layouts(deck)
    title = chart_line(title)
    date = today.strftime("%d %b %Y")
    for heading, geometry in charts:
        plan = plan_slides(geometry)
        page = _Page(title, chart_line(subtitle), date, include_influence)
        for tile, items in zip(plan.tiles, _items_by_tile(geometry, plan, include_influence), strict=True):
            page.chart_slide(deck, heading, items, plan, tile)
    page = _Page(title, chart_line(subtitle), date, include_influence)
    page.legend_slide(deck)
    properties = deck.core_properties
    properties.title = title
    properties.subject = _SUBJECT
    properties.author = properties.last_modified_by = _CREATOR
    properties.keywords = properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = dt.datetime.combine(today, dt.time())
    deck.save(str(target) if isinstance(target, Path) else target)
    return len(deck.slides)


def _widen_layouts(deck: Deck) -> None:
    """Stretch the 4:3 template's master and layouts across the 16:9 slide (for slides the user adds)."""
    factor = SLIDE_SIZE[0] * EMU_PER_POINT / 9144000
    for part in (deck.slide_master, *deck.slide_layouts):
        for tag, attribute in ((qn("a:off"), "x"), (qn("a:ext"), "cx")):
            for element in part._element.iter(tag):
                element.set(attribute, str(round(int(element.get(attribute, "0")) * factor)))


class _Page:
    """What every slide of the deck shows around its chart: heading, subtitle, title, date, legend."""

    def __init__(self, title: str, subtitle: str, date: str, include_influence: bool) -> None:
        self.title, self.subtitle, self.date = title, subtitle, date
        self.include_influence = include_influence

    def _slide(self, deck: Deck, heading: str) -> tuple[Slide, SlideShapes]:
        """A new slide with its heading (the slide's title placeholder), subtitle, date and the deck's title."""
        layout = deck.slide_layouts.get_by_name("Title Only")
        assert layout is not None  # python-pptx's default template has it
        slide = deck.slides.add_slide(layout)
        left, _, width, _ = _CHART_AREA
        room = width - _RIGHT_COLUMN - 12
        placeholder = slide.shapes.title
        assert placeholder is not None  # "Title Only" has one
        placeholder.left, placeholder.top = emu(left), emu(12)
        placeholder.width, placeholder.height = emu(room), emu(30)
        heading = elide(chart_line(heading), _HEADING_SIZE, room, bold=True)
        set_text(placeholder, [Paragraph(heading, _HEADING_SIZE, style.TEXT, bold=True)], anchor="b")
        shapes = SlideShapes()
        right = left + width - _RIGHT_COLUMN
        shapes.text(
            left,
            44,
            room,
            13,
            [Paragraph(elide(self.subtitle, _SUBTITLE_SIZE, room), _SUBTITLE_SIZE, style.MUTED_TEXT)],
            name="Subtitle",
            anchor="t",
        )
        shapes.text(
            right,
            20,
            _RIGHT_COLUMN,
            18,
            [Paragraph(self.date, _DATE_SIZE, style.TEXT, bold=True, align="r")],
            name="Date",
            anchor="b",
        )
        corner = elide(self.title, _SUBTITLE_SIZE, _RIGHT_COLUMN)
        shapes.text(
            right,
            44,
            _RIGHT_COLUMN,
            13,
            [Paragraph(corner, _SUBTITLE_SIZE, style.MUTED_TEXT, align="r")],
            name="Deck title",
            anchor="t",
        )
        return slide, shapes

    def chart_slide(self, deck: Deck, heading: str, items: _TileItems, plan: SlidePlan, tile: Tile) -> None:
        """One slide: the items of ``tile`` with the page around it."""
        if plan.slides > 1:
            heading = f"{chart_line(heading)} · part {tile.row}/{tile.column} of {plan.rows}×{plan.columns}"
        slide, shapes = self._slide(deck, heading)
        _ChartSlide(shapes, items, plan, tile, self.include_influence).draw()
        self._legend(shapes, _CHART_AREA[2] - (_TILE_MAP[0] + 16 if plan.slides > 1 else 0))
        if plan.slides > 1:
            _tile_map(shapes, plan, tile)
        if not items.cards and plan.slides == 1:
            left, top, width, height = _CHART_AREA
            shapes.text(
                left,
                top,
                width,
                height,
                [Paragraph("Nobody to show.", 14, style.MUTED_TEXT, align="ctr")],
                name="Empty chart",
            )
        shapes.add_to(slide)

    def _legend(self, shapes: SlideShapes, room: float) -> None:
        """The stance colours and influence kinds along the bottom, as in the PDF's header strip."""
        header = chart_header("", "", "", room, include_influence=self.include_influence)
        baseline = style.HEADER_TITLE_SIZE + 30  # where chart_header puts the legend's labels
        scale = _LEGEND_SCALE

        def place(x: float, y: float) -> Point:
            return _MARGIN + x * scale, _FOOTER_BASELINE + (y - baseline) * scale

        shapes.begin_group()
        for swatch in header.swatches:
            x, y = place(swatch.x, swatch.y)
            label = _STANCE_BY_COLOUR.get(swatch.colour, "")
            side = swatch.size * scale
            shapes.box(x, y, side, side, name=f"Legend: {label}", fill=swatch.colour)
        for (start, end), colour, dashed in header.lines:
            label = _KIND_BY_COLOUR.get(colour, "")
            shapes.straight(
                place(*start), place(*end), name=f"Legend: {label}", colour=colour, width=1.6, dashed=dashed
            )
        for text in header.texts:
            if text.text:
                x, y = place(text.x, text.baseline)
                _text(shapes, Text(x, y, text.text, text.size * scale, text.colour), name="Legend label")
        shapes.end_group("Legend")

    def legend_slide(self, deck: Deck) -> None:
        """The last slide: what the stripe, the links, the badges and the rest of a card mean."""
        slide, shapes = self._slide(deck, "How to read the org chart")
        left, top, _, _ = _CHART_AREA
        top += 16
        y = _section(shapes, left, top, "Stance toward us (the stripe on each card)")
        for stance in Stance:
            shapes.box(left, y + 3, 5, 12, name=f"Stance: {stance.label}", fill=style.STANCE_COLOURS[stance])
            _label(shapes, left + 14, y, stance.label)
            y += 19
        shapes.box(left, y + 3, 5, 12, name="Departed", fill=style.DEPARTED_STRIPE)
        _label(shapes, left + 14, y, "Departed (the card is greyed)")
        y += 19
        if self.include_influence:
            y = _section(shapes, left, y + 14, "Influence links (thicker: stronger)")
            for kind in InfluenceKind:
                colour = style.INFLUENCE_COLOURS[kind]
                shapes.path(
                    [("M", (left, y + 9)), ("L", (left + 34, y + 9))],
                    name=f"Legend: {kind.label.lower()}",
                    stroke=colour,
                    width=1.6,
                    dashed=kind in style.DASHED_KINDS,
                    arrow_head=True,
                )
                _label(shapes, left + 44, y, kind.label)
                y += 19
        column = left + 300
        y = _section(shapes, column, top, "Buying roles (the badges)")
        for role in BuyingRole:
            _legend_badge(shapes, column, y, role)
            _label(shapes, column + 34, y, role.label)
            y += 19
        self._sample_cards(shapes, column + 270, top)
        shapes.add_to(slide)

    def _sample_cards(self, shapes: SlideShapes, left: float, top: float) -> None:
        """Two example cards, as the chart draws them, and what each part of a card says."""
        y = _section(shapes, left, top, "On each card")
        scale = 1.35
        for card in _sample_geometry().cards:
            _ChartCard(shapes, card, _mapping(card, (left, y), scale), scale, "Example card").draw(None)
            y += card.height * scale + 10
        notes = (
            "Name, then title",
            "Dots: influence on the decision, 1 to 5",
            "Badges: buying roles",
            "Initials: the co-sellers who know them",
            "Lines: who reports to whom",
        )
        for note in notes:
            _label(shapes, left, y, note, size=10)
            y += 16


def _mapping(card: Card, corner: Point, scale: float) -> Callable[[Point], Point]:
    """Chart points to slide points that put ``card``'s top-left corner at ``corner``."""

    def to_slide(point: Point) -> Point:
        return corner[0] + (point[0] - card.x) * scale, corner[1] + (point[1] - card.y) * scale

    return to_slide


def _section(shapes: SlideShapes, x: float, y: float, heading: str) -> float:
    """A legend section's heading at ``y``; returns where its first entry goes."""
    _label(shapes, x, y, heading, size=12, bold=True)
    return y + 24


def _label(
    shapes: SlideShapes, x: float, y: float, text: str, *, size: float = 11, bold: bool = False
) -> None:
    colour = style.TEXT if bold else style.MUTED_TEXT
    shapes.text(x, y, 260, 18, [Paragraph(text, size, colour, bold=bold)], name=text, anchor="ctr")


def _legend_badge(shapes: SlideShapes, x: float, y: float, role: BuyingRole) -> None:
    label = style.ROLE_BADGES[role]
    strong = role in style.STRONG_BADGE_ROLES
    size = style.BADGE_SIZE * 1.3
    width = text_width(label, size, bold=True) + 2 * style.BADGE_PADDING * 1.3
    shapes.box(
        x,
        y + 1,
        width,
        16,
        name=f"Badge: {role.label}",
        fill=style.ACCENT if strong else style.BADGE_FILL,
        radius=4.0,
        text=Paragraph(label, size, "#ffffff" if strong else style.BADGE_TEXT, bold=True, align="ctr"),
    )


def _sample_geometry() -> ChartGeometry:
    """A champion covered by two co-sellers and a departed colleague, laid out as any chart."""
    people = [
        Person(
            1,
            "Alex Example",
            "Chief Financial Officer",
            roles=frozenset({BuyingRole.ECONOMIC_BUYER, BuyingRole.TECHNICAL_EVALUATOR}),
            stance=Stance.CHAMPION,
            influence=4,
        ),
        Person(
            2, "Sam Former", "Head of Procurement", roles=frozenset({BuyingRole.PROCUREMENT}), departed=True
        ),
    ]
    coverage = [CoverageEdge(seller, 1, RelationshipStrength.WORKING) for seller in (1, 2)]
    graphs = AccountGraphs.build(people, coverage=coverage, co_sellers={1: "Anna Lee", 2: "Ravi Kumar"})
    return chart_geometry(graphs, include_influence=False)


def _is_coverers(text: Text) -> bool:
    """Whether a card's line is the initials of who covers the person (the only one in the accent colour)."""
    return text.colour == style.ACCENT and not text.bold


def _text(shapes: SlideShapes, text: Text, *, name: str, right: float | None = None) -> int:
    """A line of text on its baseline, as a text box just wide enough; right-aligned to ``right`` if given.

    The box's middle is a third of the size above the baseline (the middle of Arial's ascent and descent),
    so that fonts with other ascents stay on the line.
    """
    width = text_width(text.text, text.size, bold=text.bold) + 2
    height = text.size * 1.5
    x = text.x if right is None else right - width
    return shapes.text(
        x,
        text.baseline - 0.35 * text.size - height / 2,
        width,
        height,
        [Paragraph(text.text, text.size, text.colour, text.bold, "l" if right is None else "r")],
        name=name,
    )


class _ChartCard:
    """One card as a group of shapes, through ``to_slide`` (chart point to slide point) at ``scale``."""

    def __init__(
        self,
        shapes: SlideShapes,
        card: Card,
        to_slide: Callable[[Point], Point],
        scale: float,
        kind: str = "Card",
    ) -> None:
        self.shapes, self.card, self.scale, self.kind = shapes, card, scale, kind
        self.to_slide = to_slide

    def _at(self, x: float, y: float) -> Point:
        return self.to_slide((x, y))

    def draw(self, box_id: int | None) -> None:
        card, shapes, s = self.card, self.shapes, self.scale
        shapes.begin_group()
        x, y = self._at(card.x, card.y)
        shapes.box(
            x,
            y,
            card.width * s,
            card.height * s,
            name="Card",
            fill=card.fill,
            border=style.CARD_BORDER,
            border_width=0.8 * s,
            radius=style.CARD_RADIUS * s,
            shape_id=box_id,
        )
        stance = _STANCE_BY_COLOUR.get(card.stripe, "Departed")
        inset = style.STRIPE_INSET
        shapes.box(
            x,
            y + inset * s,
            style.STRIPE_WIDTH * s,
            (card.height - 2 * inset) * s,
            name=f"Stance: {stance}",
            fill=card.stripe,
        )
        influence = sum(colour == style.DOT_ON for _, _, colour in card.dots)
        radius = style.DOT_DIAMETER / 2 * s
        for dot_x, dot_y, colour in card.dots:
            centre_x, centre_y = self._at(dot_x, dot_y)
            shapes.box(
                centre_x - radius,
                centre_y - radius,
                2 * radius,
                2 * radius,
                name=f"Influence {influence} of 5",
                fill=colour,
                ellipse=True,
            )
        for badge in card.badges:
            left, top = self._at(badge.x, badge.y)
            shapes.box(
                left,
                top,
                badge.width * s,
                badge.height * s,
                name=f"Badge: {badge.label}",
                fill=badge.fill,
                radius=4.0 * s,
                text=Paragraph(badge.label, style.BADGE_SIZE * s, badge.text_colour, bold=True, align="ctr"),
            )
        card_right = self._at(card.x + card.width - 8, card.y)[0]
        for index, text in enumerate(card.texts):
            tx, baseline = self._at(text.x, text.baseline)
            scaled = Text(tx, baseline, text.text, text.size * s, text.colour, text.bold)
            coverers = _is_coverers(text)
            name = "Name" if index == 0 else "Co-sellers" if coverers else "Title"
            _text(shapes, scaled, name=name, right=card_right if coverers else None)
        name = card.texts[0].text if card.texts else "?"
        details = [text.text for text in card.texts[1:] if not _is_coverers(text)]
        roles = " ".join(badge.label for badge in card.badges)
        description = ". ".join(
            part
            for part in (
                ", ".join([name, *details]),
                f"Stance: {stance}",
                f"Influence {influence} of 5",
                f"Roles: {roles}" if roles else "",
            )
            if part
        )
        shapes.end_group(f"{self.kind}: {name}", description)


class _ChartSlide:
    """The part of a chart in one tile, drawn into a slide's chart area."""

    def __init__(
        self,
        shapes: SlideShapes,
        items: _TileItems,
        plan: SlidePlan,
        tile: Tile,
        include_influence: bool,
    ) -> None:
        self.shapes, self.items, self.tile = shapes, items, tile
        self.scale = plan.scale
        self.include_influence = include_influence
        left, top, width, _ = _CHART_AREA
        v_left, v_top, v_right, _ = tile.viewport
        self.origin = (left + (width - (v_right - v_left) * plan.scale) / 2, top)
        self.cards = [card for card in items.cards if self._inside(card.bounds)]

    def to_slide(self, point: Point) -> Point:
        left, top = self.tile.viewport[:2]
        return (
            self.origin[0] + (point[0] - left) * self.scale,
            self.origin[1] + (point[1] - top) * self.scale,
        )

    def _inside(self, bounds: Bounds, slack: float = 0.5) -> bool:
        left, top, right, bottom = self.tile.viewport
        return (
            bounds[0] >= left - slack
            and bounds[1] >= top - slack
            and bounds[2] <= right + slack
            and bounds[3] <= bottom + slack
        )

    def _on_a_card(self, point: Point) -> bool:
        """Whether ``point`` is on the edge or inside of a card this slide shows."""
        x, y = point
        return any(
            card.x - 0.5 <= x <= card.x + card.width + 0.5 and card.y - 0.5 <= y <= card.y + card.height + 0.5
            for card in self.cards
        )

    def draw(self) -> None:
        """Reporting lines, then influence links, then the cards over them, as every chart paints them.

        A line or link is drawn if it starts or ends on a card the slide shows; another tile shows the rest.
        """
        box_ids = {card.person_id: self.shapes.reserve_id() for card in self.cards}
        self._reporting_lines(box_ids)
        if self.include_influence:
            for arrow in self.items.arrows:
                if self._on_a_card(arrow.start) or self._on_a_card(arrow.tip):
                    self._arrow(arrow)
        for card in self.cards:
            _ChartCard(self.shapes, card, self.to_slide, self.scale).draw(box_ids[card.person_id])

    def _reporting_lines(self, box_ids: dict[int, int]) -> None:
        """Each line inside the tile as one connector glued to the cards it joins; the rest cut at its edges."""
        glue: dict[tuple[float, float], tuple[int, int]] = {}
        for card in self.cards:
            x, y, right, bottom = card.bounds
            middle_x, middle_y, box = x + card.width / 2, y + card.height / 2, box_ids[card.person_id]
            for site, point in enumerate(
                ((middle_x, y), (x, middle_y), (middle_x, bottom), (right, middle_y))
            ):
                glue[_key(point)] = (box, site)
        width = style.REPORTING_LINE_WIDTH * self.scale
        name, colour = "Reporting line", style.REPORTING_LINE
        for points in self.items.lines:
            if not (self._on_a_card(points[0]) or self._on_a_card(points[-1])):
                continue
            bounds = line_bounds(points)
            if self._inside(bounds):
                ends = (glue.get(_key(points[0])), glue.get(_key(points[-1])))
                on_slide = [self.to_slide(point) for point in points]
                if len(points) == 2:
                    self.shapes.straight(*on_slide, name=name, colour=colour, width=width, ends=ends)
                    continue
                if self.shapes.elbow(on_slide, name=name, colour=colour, width=width, ends=ends) is not None:
                    continue
            for start, end in zip(points, points[1:], strict=False):
                piece = self._clip_leg(start, end)
                if piece is not None:
                    self.shapes.straight(
                        self.to_slide(piece[0]),
                        self.to_slide(piece[1]),
                        name=name,
                        colour=colour,
                        width=width,
                    )

    def _clip_leg(self, start: Point, end: Point) -> tuple[Point, Point] | None:
        """The part of a straight leg inside the tile (Liang–Barsky), or None."""
        left, top, right, bottom = self.tile.viewport
        dx, dy = end[0] - start[0], end[1] - start[1]
        low, high = 0.0, 1.0
        for p, q in (
            (-dx, start[0] - left),
            (dx, right - start[0]),
            (-dy, start[1] - top),
            (dy, bottom - start[1]),
        ):
            if p == 0:
                if q < 0:
                    return None
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
        if low > high or (low == high and (dx or dy)):
            return None
        return (start[0] + low * dx, start[1] + low * dy), (start[0] + high * dx, start[1] + high * dy)

    def _arrow(self, arrow: Arrow) -> None:
        """An influence link: the curve (the pieces of it inside the tile), its head where it ends."""
        kind = _KIND_BY_COLOUR.get(arrow.colour, "influence")
        width = arrow.width * self.scale
        for low, high in _inside_spans(arrow, self.tile.viewport):
            start, control, end = _sub_curve(arrow, low, high)
            self.shapes.path(
                [("M", self.to_slide(start)), ("Q", self.to_slide(control), self.to_slide(end))],
                name=f"Influence: {kind}",
                stroke=arrow.colour,
                width=width,
                dashed=arrow.dashed,
                arrow_head=high == 1.0,
            )


def _corners(points: Sequence[Point]) -> list[Point]:
    """A polyline's ends and turns: without repeated points or points on a straight run across or down."""
    corners: list[Point] = []
    for point in points:
        if corners and math.dist(point, corners[-1]) < 1e-6:
            continue
        if len(corners) >= 2:
            (ax, ay), (bx, by) = corners[-2], corners[-1]
            if (abs(ax - bx) < 1e-6 and abs(bx - point[0]) < 1e-6) or (
                abs(ay - by) < 1e-6 and abs(by - point[1]) < 1e-6
            ):
                corners[-1] = point
                continue
        corners.append(point)
    return corners


def _key(point: Point) -> tuple[float, float]:
    """A point as a key that finds the same point worked out by other arithmetic."""
    return round(point[0], 2), round(point[1], 2)


def _inside_spans(arrow: Arrow, viewport: Bounds) -> list[tuple[float, float]]:
    """The spans of the curve's parameter (0 to 1) where it is inside ``viewport``."""
    cuts = {0.0, 1.0}
    for axis, limits in ((0, viewport[0::2]), (1, viewport[1::2])):
        p0, p1, p2 = arrow.start[axis], arrow.control[axis], arrow.tip[axis]
        a, b = p0 - 2 * p1 + p2, 2 * (p1 - p0)
        for limit in limits:
            c = p0 - limit
            if abs(a) < 1e-9:
                roots = [-c / b] if abs(b) > 1e-9 else []
            else:
                discriminant = b * b - 4 * a * c
                if discriminant < 0:
                    continue
                root = math.sqrt(discriminant)
                roots = [(-b - root) / (2 * a), (-b + root) / (2 * a)]
            cuts.update(t for t in roots if 0 < t < 1)
    ordered = sorted(cuts)
    spans: list[tuple[float, float]] = []
    left, top, right, bottom = viewport
    for low, high in zip(ordered, ordered[1:], strict=False):
        x, y = _curve_point(arrow, (low + high) / 2)
        if left <= x <= right and top <= y <= bottom:
            if spans and spans[-1][1] == low:
                spans[-1] = (spans[-1][0], high)
            else:
                spans.append((low, high))
    return spans


def _curve_point(arrow: Arrow, t: float) -> Point:
    u = 1 - t
    return (
        u * u * arrow.start[0] + 2 * u * t * arrow.control[0] + t * t * arrow.tip[0],
        u * u * arrow.start[1] + 2 * u * t * arrow.control[1] + t * t * arrow.tip[1],
    )


def _sub_curve(arrow: Arrow, low: float, high: float) -> tuple[Point, Point, Point]:
    """The quadratic curve that is the arrow's curve from ``low`` to ``high`` (its blossom at low and high)."""
    weights = ((1 - low) * (1 - high), (1 - low) * high + low * (1 - high), low * high)
    control = (
        weights[0] * arrow.start[0] + weights[1] * arrow.control[0] + weights[2] * arrow.tip[0],
        weights[0] * arrow.start[1] + weights[1] * arrow.control[1] + weights[2] * arrow.tip[1],
    )
    return _curve_point(arrow, low), control, _curve_point(arrow, high)


def _tile_map(shapes: SlideShapes, plan: SlidePlan, tile: Tile) -> None:
    """The grid of tiles, bottom right, with this slide's tile filled."""
    room_width, room_height = _TILE_MAP
    cell = min(room_width / plan.columns, room_height / plan.rows, 12.0)
    width, height = cell * plan.columns, cell * plan.rows
    right = _CHART_AREA[0] + _CHART_AREA[2]
    left, top = right - width, SLIDE_SIZE[1] - 4 - height
    shapes.begin_group()
    shapes.box(
        left + (tile.column - 1) * cell,
        top + (tile.row - 1) * cell,
        cell,
        cell,
        name="This slide",
        fill=style.ACCENT,
    )
    steps: list[PathStep] = []
    for column in range(plan.columns + 1):
        steps += [("M", (left + column * cell, top)), ("L", (left + column * cell, top + height))]
    for row in range(plan.rows + 1):
        steps += [("M", (left, top + row * cell)), ("L", (left + width, top + row * cell))]
    shapes.path(steps, name="Tiles", stroke=style.CARD_BORDER, width=0.6)
    shapes.end_group(f"Map of the tiles: this is part {tile.row}/{tile.column} of {plan.rows}×{plan.columns}")

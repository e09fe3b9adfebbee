"""Where everything on the exported org chart goes: cards and their text, reporting lines, influence arrows."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from accountplan.analysis.graphs import AccountGraphs, Person
from accountplan.analysis.layout import LayoutNode, Placement, TreeLayout, tidy_tree
from accountplan.analysis.packed_layout import packed_tree
from accountplan.model.enums import BuyingRole, RelationshipStrength
from accountplan.reports import chart_style as style
from accountplan.reports.fonts import text_width
from accountplan.reports.markup import one_line

__all__ = [
    "LONGEST_LINE",
    "Arrow",
    "Badge",
    "Bounds",
    "Card",
    "ChartGeometry",
    "Text",
    "chart_geometry",
    "chart_line",
    "elide",
    "initials",
    "is_assistant",
]

#: The characters of a name, title or heading a chart keeps: more than any card or header shows, few enough
#: to measure at once (a name of a million characters, written to the database by hand, would take minutes).
LONGEST_LINE = 1000

Point = tuple[float, float]
#: left, top, right, bottom in chart points (y grows downwards)
Bounds = tuple[float, float, float, float]
_ROLE_ORDER = {role: index for index, role in enumerate(BuyingRole)}


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text, left-aligned at ``x`` on its ``baseline``."""

    x: float
    baseline: float
    text: str
    size: float
    colour: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Badge:
    """A small rounded label: a buying role, or how many people a collapsed card hides."""

    x: float
    y: float
    width: float
    height: float
    label: str
    fill: str
    text_colour: str


@dataclass(frozen=True, slots=True)
class Card:
    """One person's card with everything drawn on it, in chart coordinates."""

    person_id: int
    x: float
    y: float
    width: float
    height: float
    fill: str
    stripe: str
    texts: tuple[Text, ...]
    badges: tuple[Badge, ...]
    dots: tuple[tuple[float, float, str], ...]  # centre x, centre y, colour

    @property
    def bounds(self) -> Bounds:
        return (self.x, self.y, self.x + self.width, self.y + self.height)


@dataclass(frozen=True, slots=True)
class Arrow:
    """An influence link: a quadratic curve from ``start`` through ``control`` to ``tip``, and an open head."""

    start: Point
    control: Point
    tip: Point
    head: tuple[Point, Point]
    colour: str
    width: float
    dashed: bool

    @property
    def bounds(self) -> Bounds:
        xs = (self.start[0], self.control[0], self.tip[0], self.head[0][0], self.head[1][0])
        ys = (self.start[1], self.control[1], self.tip[1], self.head[0][1], self.head[1][1])
        return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True, slots=True)
class ChartGeometry:
    """The whole chart, laid out: its size, cards, reporting lines (polylines) and influence arrows."""

    width: float
    height: float
    cards: list[Card]
    reporting_lines: list[tuple[Point, ...]]
    arrows: list[Arrow]
    people: int

    @property
    def widest_card(self) -> float:
        return max((card.width for card in self.cards), default=style.CARD_MIN_WIDTH)


def chart_geometry(
    graphs: AccountGraphs,
    *,
    include_influence: bool = True,
    collapsed: Collection[int] = (),
    compact: bool = False,
    shown: Collection[int] | None = None,
    aspect: float = math.sqrt(2),
) -> ChartGeometry:
    """Lay out the account's people as cards sized to their text, with their lines and arrows.

    Siblings and roots are ordered by name, as in the window. People under a ``collapsed`` card are left
    out, and so are influence links that touch them; the collapsed card shows how many it hides. Names and
    titles are shown as ``chart_line`` shows them. ``shown`` limits the chart to those people (a person
    whose manager is not shown heads a tree of their own).

    ``compact`` packs the chart into about the shape ``aspect`` (width ÷ height) with the shorter cards of
    ``chart_style.COMPACT_CARD`` (see ``packed_layout``): teams stacked, wide levels wrapped, assistants
    beside their manager. Otherwise it is the window's tidy tree, every level on one line.
    """
    metrics = style.COMPACT_CARD if compact else style.REGULAR_CARD
    everyone: Collection[Person] = graphs.people.values()
    if shown is not None:
        wanted = set(shown)
        everyone = [person for person in everyone if person.id in wanted]
    people = sorted((_printable(person) for person in everyone), key=lambda p: (p.name, p.id))
    by_id = {person.id: person for person in people}
    managers = {report: manager for manager, below in graphs.reports.items() for report in below}
    nodes = [LayoutNode(p.id, managers.get(p.id), _card_width(p, metrics), metrics.height) for p in people]
    if compact:
        packed = packed_tree(
            nodes, aspect=aspect, assistants=[p.id for p in people if is_assistant(p)], collapsed=collapsed
        )
        layout, lines = packed.tree, packed.lines
    else:
        layout = tidy_tree(
            nodes,
            collapsed=collapsed,
            sibling_gap=style.SIBLING_GAP,
            subtree_gap=style.SUBTREE_GAP,
            level_gap=style.LEVEL_GAP,
            tree_gap=style.TREE_GAP,
        )
        lines = _reporting_lines(layout)
    coverers = _coverers(graphs)
    cards = [
        _card(by_id[pid], place, coverers.get(pid, []), layout.hidden_counts.get(pid, 0), metrics)
        for pid, place in layout.placements.items()
    ]
    arrows = _arrows(graphs, layout) if include_influence else []
    return ChartGeometry(layout.width, layout.height, cards, lines, arrows, len(cards))


#: Words of a title that make a report who manages nobody an assistant, placed beside their manager.
_ASSISTANT_TITLE = re.compile(
    r"\b(assistant|secretary|executive assistant|personal assistant|chief of staff|PA to|EA to)\b|秘書|アシスタント",
    re.IGNORECASE,
)
_NOT_ASSISTANT_TITLE = re.compile(r"\bassistant (vice|general|director|manager|professor)\b", re.IGNORECASE)


def is_assistant(person: Person) -> bool:
    """Whether the person's title names an assistant to their manager ("Executive Assistant", "秘書").

    An "Assistant Vice President" or "Assistant General Manager" is a rank, not an assistant.
    """
    title = person.title
    return bool(_ASSISTANT_TITLE.search(title)) and not _NOT_ASSISTANT_TITLE.search(title)


def chart_line(text: str) -> str:
    """``text`` as a chart shows it: one printable line (see ``one_line``) of at most LONGEST_LINE characters."""
    return one_line(text)[:LONGEST_LINE]


def _printable(person: Person) -> Person:
    """``person`` with their name and title as chart lines (the same person if they are already)."""
    name, title = chart_line(person.name), chart_line(person.title)
    if name == person.name and title == person.title:
        return person
    return replace(person, name=name, title=title)


def _coverers(graphs: AccountGraphs) -> dict[int, list[str]]:
    """For each stakeholder, the names of the co-sellers who know them at all, sorted by name."""
    strengths = {(link.co_seller_id, link.stakeholder_id): link.strength for link in graphs.coverage_links}
    found: dict[int, list[str]] = {}
    for (seller, person), strength in strengths.items():
        if strength is not RelationshipStrength.NONE:
            found.setdefault(person, []).append(graphs.co_sellers.get(seller, "?"))
    return {pid: sorted(names) for pid, names in found.items()}


def initials(name: str) -> str:
    """The initials of a co-seller, as the window shows them ("Anna Lee-Park" gives "AP")."""
    parts = [part for part in name.replace("-", " ").split() if part[:1].isalpha()]
    if not parts:
        return "?"
    return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


def _badge_labels(person: Person) -> list[tuple[BuyingRole, str]]:
    return [(role, style.ROLE_BADGES[role]) for role in sorted(person.roles, key=_ROLE_ORDER.__getitem__)]


def _badge_width(label: str) -> float:
    return text_width(label, style.BADGE_SIZE, bold=True) + 2 * style.BADGE_PADDING


def _title_line(person: Person) -> str:
    return f"Departed · {person.title}" if person.departed and person.title else person.title


def _name_room(card_width: float) -> float:
    """The room for the name: the card's width less the left margin and the influence dots."""
    return card_width - style.TEXT_LEFT - style.DOTS_WIDTH - 8


def _card_width(person: Person, metrics: style.CardMetrics = style.REGULAR_CARD) -> float:
    """The width that shows the name, title and badges whole, between the minimum and maximum widths.

    A name too long for the widest card even at the smallest name size widens it up to CARD_WIDEST.
    """
    name = text_width(person.name, metrics.name_size, bold=True) + style.TEXT_LEFT + style.DOTS_WIDTH + 8
    title = text_width(_title_line(person), metrics.small_size) + style.TEXT_LEFT + 8
    badges = sum(_badge_width(label) + style.BADGE_GAP for _, label in _badge_labels(person))
    width = max(metrics.min_width, min(metrics.max_width, max(name, title, badges + style.TEXT_LEFT + 4)))
    smallest_name = text_width(person.name, metrics.name_min_size, bold=True)
    if smallest_name > _name_room(width):
        width = min(metrics.widest, width + smallest_name - _name_room(width))
    return width


def elide(text: str, size: float, room: float, *, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so that it fits in ``room`` points at ``size``, or whole if it fits."""
    if text_width(text, size, bold=bold) <= room:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", size, bold=bold) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _card(
    person: Person,
    place: Placement,
    coverers: list[str],
    hidden: int,
    metrics: style.CardMetrics = style.REGULAR_CARD,
) -> Card:
    x, y, width = place.x, place.y, place.width
    text_colour = style.DEPARTED_TEXT if person.departed else style.TEXT
    name_room = _name_room(width)
    name_width = text_width(person.name, metrics.name_size, bold=True)
    name_size = metrics.name_size
    if name_width > name_room:  # shrink a long name before cutting it
        name_size = max(metrics.name_min_size, metrics.name_size * name_room / name_width)
    texts = [
        Text(
            x + style.TEXT_LEFT,
            y + metrics.name_baseline,
            elide(person.name, name_size, name_room, bold=True),
            name_size,
            text_colour,
            bold=True,
        )
    ]
    title = _title_line(person)
    if title:
        room = width - style.TEXT_LEFT - 8
        colour = style.DEPARTED_TEXT if person.departed else style.MUTED_TEXT
        texts.append(
            Text(
                x + style.TEXT_LEFT,
                y + metrics.title_baseline,
                elide(title, metrics.small_size, room),
                metrics.small_size,
                colour,
            )
        )
    if coverers:
        label = " ".join(initials(name) for name in coverers[:4]) + ("…" if len(coverers) > 4 else "")
        label_width = text_width(label, metrics.small_size)
        texts.append(
            Text(
                x + width - label_width - 8,
                y + metrics.coverers_baseline,
                label,
                metrics.small_size,
                style.ACCENT,
            )
        )
    badges: list[Badge] = []
    left = x + style.TEXT_LEFT
    for role, label in _badge_labels(person):
        badge_width = _badge_width(label)
        if left + badge_width > x + width - 6:
            break
        strong = role in style.STRONG_BADGE_ROLES
        badges.append(
            Badge(
                left,
                y + metrics.badge_top,
                badge_width,
                style.BADGE_HEIGHT,
                label,
                style.ACCENT if strong else style.BADGE_FILL,
                "#ffffff" if strong else style.BADGE_TEXT,
            )
        )
        left += badge_width + style.BADGE_GAP
    if hidden:
        badges.append(
            Badge(
                x + (width - style.HIDDEN_BADGE_WIDTH) / 2,
                y + place.height - style.HIDDEN_BADGE_HEIGHT / 2 - 1,
                style.HIDDEN_BADGE_WIDTH,
                style.HIDDEN_BADGE_HEIGHT,
                f"+{hidden}",
                style.ACCENT,
                "#ffffff",
            )
        )
    radius = style.DOT_DIAMETER / 2
    dots = tuple(
        (
            x + width - style.DOTS_WIDTH + i * style.DOT_STEP + radius,
            y + metrics.dot_top + radius,
            style.DOT_ON if i < person.influence else style.DOT_OFF,
        )
        for i in range(5)
    )
    return Card(
        person.id,
        x,
        y,
        width,
        place.height,
        style.DEPARTED_FILL if person.departed else style.CARD_FILL,
        style.DEPARTED_STRIPE if person.departed else style.STANCE_COLOURS[person.stance],
        tuple(texts),
        tuple(badges),
        dots,
    )


def _reporting_lines(layout: TreeLayout) -> list[tuple[Point, ...]]:
    """Elbow lines from each manager down to their reports; a compact column hangs off one spine."""
    children: dict[int, list[Placement]] = {}
    for parent, child in layout.edges:
        children.setdefault(parent, []).append(layout.placements[child])
    lines: list[tuple[Point, ...]] = []
    for parent, below in children.items():
        top = layout.placements[parent]
        first_top = min(place.y for place in below)
        middle = first_top - (first_top - top.bottom) / 2
        column = len(below) > 1 and len({place.x for place in below}) == 1
        for place in below:
            if column:
                spine = place.x - style.SIBLING_GAP / 2
                mid_card = place.y + place.height / 2
                lines.append(
                    (
                        (top.centre_x, top.bottom),
                        (top.centre_x, middle),
                        (spine, middle),
                        (spine, mid_card),
                        (place.x, mid_card),
                    )
                )
            else:
                lines.append(
                    (
                        (top.centre_x, top.bottom),
                        (top.centre_x, middle),
                        (place.centre_x, middle),
                        (place.centre_x, place.y),
                    )
                )
    return lines


def _arrows(graphs: AccountGraphs, layout: TreeLayout) -> list[Arrow]:
    placements = layout.placements
    arrows: list[Arrow] = []
    seen: dict[tuple[int, int], int] = {}
    for source, target, kind, strength in graphs.shown_influence():
        if source not in placements or target not in placements:
            continue
        pair = (source, target)
        parallel = seen.get(pair, 0)
        seen[pair] = parallel + 1
        arrows.append(
            _arrow(
                placements[source],
                placements[target],
                bend_factor=1.0 + 0.45 * parallel,
                colour=style.INFLUENCE_COLOURS[kind],
                width=style.ARROW_BASE_WIDTH + style.ARROW_WIDTH_PER_STRENGTH * strength,
                dashed=kind in style.DASHED_KINDS,
            )
        )
    return arrows


def _arrow(
    start: Placement, end: Placement, *, bend_factor: float, colour: str, width: float, dashed: bool
) -> Arrow:
    """A curve bending to the left of the straight line between the two cards' centres."""
    a = (start.centre_x, start.y + start.height / 2)
    b = (end.centre_x, end.y + end.height / 2)
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    bend = min(style.ARROW_MAX_BEND, length * style.ARROW_BEND_RATIO) * bend_factor
    control = ((a[0] + b[0]) / 2 - dy / length * bend, (a[1] + b[1]) / 2 + dx / length * bend)
    tip = _edge_point(end, control)
    angle = math.atan2(tip[1] - control[1], tip[0] - control[0])
    head = tuple(
        (
            tip[0] - math.cos(angle + side) * style.ARROW_HEAD_LENGTH,
            tip[1] - math.sin(angle + side) * style.ARROW_HEAD_LENGTH,
        )
        for side in (-0.45, 0.45)
    )
    return Arrow(_edge_point(start, control), control, tip, (head[0], head[1]), colour, width, dashed)


def _edge_point(place: Placement, towards: Point) -> Point:
    """Where the line from the card's centre towards a point leaves the card."""
    cx, cy = place.centre_x, place.y + place.height / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == 0 and dy == 0:
        return (cx, cy)
    scale = min(
        (place.width / 2) / abs(dx) if dx else math.inf,
        (place.height / 2) / abs(dy) if dy else math.inf,
    )
    return (cx + dx * scale, cy + dy * scale)

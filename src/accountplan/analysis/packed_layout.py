"""A compact org chart that reaches a printable shape: teams stacked, wide levels wrapped, assistants beside.

The tidy tree (``layout.tidy_tree``) puts every level on one line: a 160-person account whose managers have
two or three reports each is eighteen times as wide as it is tall. This layout packs the same forest into a
box of about the shape of a page:

- The individual contributors under a manager (reports who manage nobody) are stacked in columns of up to
  ``column_size`` cards, hung off a rail on the column's left.
- A manager's other reports, each a packed box of its own, follow the columns left to right in one row under
  the manager, centred below them, as long as the row fits the width limit; past it they wrap onto further
  rows, the manager's card moves to the left and a trunk down its left side feeds every row.
- Assistants (``assistants``: reports who manage nobody, typically recognised by their title) sit beside
  their manager's card, not below it.
- The trees of the forest are packed in rows the same way.

The width limit is chosen for the page: ``packed_tree`` tries limits between the widest box and the widest
single row, and keeps the one whose chart fits ``aspect`` (page width ÷ page height) at the largest scale.
Each try is linear in the number of cards.

Every reporting line is a polyline from the bottom (or the side, for an assistant) of the manager's card to
the top (or the rail side) of the report's card, so a writer can draw, clip or label each one on its own.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from accountplan.analysis.layout import LayoutNode, Placement, TreeLayout, descendant_count, link_forest

__all__ = ["PackedLayout", "Spacing", "pack_once", "packed_tree"]

Point = tuple[float, float]
#: The heights a hanging team's columns are cut at, as shares of the height the row limit aims at.
ROOMS = (0.4, 0.55, 0.7, 0.85, 1.0)


@dataclass(frozen=True, slots=True)
class Spacing:
    """The gaps of a packed chart, in chart points."""

    sibling_gap: float = 6.0  # between neighbours in a row, and between cards of a column
    level_gap: float = 18.0  # between a manager's card and the row below (the line's bus runs halfway)
    indent: float = 10.0  # a column's cards, or a wrapped manager's rows, start this far right of the rail
    tree_gap: float = 30.0  # between the trees of the forest
    column_size: int = 6  # individual contributors in one column before another column starts


@dataclass(frozen=True, slots=True)
class PackedLayout:
    """The packed chart: placements, hidden counts and edges as ``TreeLayout`` has them, and every line."""

    tree: TreeLayout
    lines: list[tuple[Point, ...]]  # one polyline per visible (manager, report) edge, in ``tree.edges`` order
    limit: float  # the width limit the rows were wrapped at
    hang_from: int  # the depth from which teams hang in indented columns

    @property
    def width(self) -> float:
        return self.tree.width

    @property
    def height(self) -> float:
        return self.tree.height


class _Box:
    """A packed block in its own frame (top-left at 0, 0): where its cards go and where a line comes in.

    ``cards`` are (node index, x, y) of the block's own cards, ``children`` (box, dx, dy) its sub-blocks;
    ``lines`` are polylines in this frame; ``entries`` are, for each card a line from above must reach,
    (node index, polyline from the block's top edge to that card) — one for a subtree, one per card of a
    column.
    """

    __slots__ = ("cards", "children", "entries", "height", "lines", "root_x", "width")

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.cards: list[tuple[int, float, float]] = []
        self.children: list[tuple[_Box, float, float]] = []
        self.lines: list[tuple[int, tuple[Point, ...]]] = []  # (report's node index, polyline)
        self.entries: list[tuple[int, tuple[Point, ...]]] = []
        self.root_x = 0.0  # the left of the block's top card (its manager's, or a lone card's)


def packed_tree(
    nodes: Sequence[LayoutNode],
    *,
    aspect: float = math.sqrt(2),
    assistants: Collection[int] = (),
    collapsed: Collection[int] = (),
    spacing: Spacing = Spacing(),
    tries: int = 16,
) -> PackedLayout:
    """Pack the forest into about the shape ``aspect`` (width ÷ height).

    The search keeps the packing at which a page of that shape holds the chart at the largest scale; among
    equals, the first tried. It goes in three steps, each a few packings, each linear in the cards: the
    depth teams hang from (each at ``tries`` width limits; a chart of up to 500 cards with every height its
    columns may be cut at), then the height their columns are cut at, then the width limit between the best
    one's neighbours. Node order, loops and duplicate ids are handled as in ``tidy_tree``.
    """
    packer = _Packer(nodes, assistants, collapsed, spacing, aspect)
    low, high = packer.narrowest(), max(packer.widest(), packer.narrowest())
    deepest = max(packer.depth, default=0)
    # Hang the levels from this depth down; deepest + 1 hangs nothing. A big forest tries fewer.
    depths = (1, 2, 3, 4, deepest + 1) if len(nodes) <= 3000 else (2, 3, deepest + 1)
    hang_from = sorted({min(depth, deepest + 1) for depth in depths})
    if len(nodes) > 3000:
        tries = min(tries, 5)
    scores: dict[tuple[int, float, float], float] = {}

    def score(hang: int, limit: float, room: float) -> float:
        if (hang, limit, room) not in scores:
            packer.column_room = room
            box = packer.pack(limit, hang)
            scores[hang, limit, room] = min(aspect / max(box.width, 1.0), 1.0 / max(box.height, 1.0))
        return scores[hang, limit, room]

    limits = _limits(low, high, tries)
    # A small chart tries every combination (a few hundred packings of a few milliseconds each).
    rooms = ROOMS if len(nodes) <= 500 else ROOMS[len(ROOMS) // 2 : len(ROOMS) // 2 + 1]
    hang, limit, room = max(itertools.product(hang_from, limits, rooms), key=lambda each: score(*each))
    room = max(ROOMS, key=lambda each: score(hang, limit, each))
    index = limits.index(limit)
    around = _limits(limits[max(0, index - 1)], limits[min(len(limits) - 1, index + 1)], 5)
    limit = max([limit, *around], key=lambda each: score(hang, each, room))
    packer.column_room = room
    return packer.result(limit, hang)


def pack_once(
    nodes: Sequence[LayoutNode],
    limit: float,
    *,
    assistants: Collection[int] = (),
    collapsed: Collection[int] = (),
    spacing: Spacing = Spacing(),
    hang_from: int = 1_000_000,
    aspect: float = math.sqrt(2),
) -> PackedLayout:
    """Pack the forest with rows wrapped at ``limit`` points and teams hanging from depth ``hang_from``."""
    return _Packer(nodes, assistants, collapsed, spacing, aspect).result(limit, hang_from)


def _limits(low: float, high: float, count: int) -> list[float]:
    if high <= low * 1.001 or count < 2:
        return [low]
    ratio = (high / low) ** (1 / (count - 1))
    return [low * ratio**step for step in range(count)]


class _Packer:
    def __init__(
        self,
        nodes: Sequence[LayoutNode],
        assistants: Collection[int],
        collapsed: Collection[int],
        spacing: Spacing,
        aspect: float,
    ) -> None:
        self.nodes = nodes
        self.spacing = spacing
        self.aspect = aspect
        self.column_room = 0.9  # a hanging team's column, as a share of the height the limit aims at
        parent, children = link_forest(nodes)
        self.parent = parent
        folded = {i for i, node in enumerate(nodes) if node.id in set(collapsed)}
        self.hidden = {i: descendant_count(i, children) for i in folded}
        self.children: list[Sequence[int]] = [() if i in folded else kids for i, kids in enumerate(children)]
        self.roots = [i for i in range(len(nodes)) if parent[i] < 0]
        marked = set(assistants)
        self.assistant = [
            nodes[i].id in marked and parent[i] >= 0 and not self.children[i] for i in range(len(nodes))
        ]
        # Post-order without recursion: every node after its children.
        order: list[int] = []
        stack = list(reversed(self.roots))
        while stack:
            v = stack.pop()
            order.append(v)
            stack.extend(reversed(self.children[v]))
        self.order = order[::-1]
        self.depth = [0] * len(nodes)
        for v in order:  # parents first
            self.depth[v] = self.depth[parent[v]] + 1 if parent[v] >= 0 else 0

    def narrowest(self) -> float:
        """A limit below which nothing narrows any more: the widest card with a column's indent."""
        widest = max((node.width for node in self.nodes), default=1.0)
        return widest + 2 * self.spacing.indent

    def widest(self) -> float:
        """A limit past which nothing wraps: everything side by side."""
        total = sum(node.width + self.spacing.tree_gap for node in self.nodes)
        return max(total, self.narrowest())

    def pack(self, limit: float, hang_from: int) -> _Box:
        boxes: dict[int, _Box] = {}
        for v in self.order:
            kids = self.children[v]
            if not kids:
                boxes[v] = self._leaf(v)
            elif self.depth[v] >= hang_from:
                boxes[v] = self._hanging(v, kids, boxes, limit)
            else:
                boxes[v] = self._manager(v, kids, boxes, limit)
            for kid in kids:
                boxes.pop(kid, None)
        # The bigger trees first: a lone card goes at the end of a row, not before the whole account.
        trees = sorted((boxes[root] for root in self.roots), key=lambda box: -box.width * box.height)
        return self._forest(self._piled(trees), limit)

    def result(self, limit: float, hang_from: int) -> PackedLayout:
        top = self.pack(limit, hang_from)
        nodes, depth = self.nodes, self.depth
        placements: dict[int, Placement] = {}
        line_of: dict[int, tuple[Point, ...]] = {}
        stack = [(top, 0.0, 0.0)]
        while stack:
            box, dx, dy = stack.pop()
            for v, x, y in box.cards:
                node = nodes[v]
                placements[node.id] = Placement(x + dx, y + dy, node.width, node.height, depth[v])
            for v, line in box.lines:
                line_of[v] = tuple((x + dx, y + dy) for x, y in line)
            stack.extend((child, cx + dx, cy + dy) for child, cx, cy in box.children)
        # Placements and edges in input order, as tidy_tree gives them.
        ordered = {node.id: placements[node.id] for node in nodes if node.id in placements}
        edges, lines = [], []
        for i, node in enumerate(nodes):
            if self.parent[i] >= 0 and node.id in ordered:
                edges.append((nodes[self.parent[i]].id, node.id))
                lines.append(line_of[i])
        hidden = {nodes[i].id: count for i, count in self.hidden.items() if nodes[i].id in ordered}
        return PackedLayout(
            TreeLayout(ordered, edges, hidden, top.width, top.height), lines, limit, hang_from
        )

    # Blocks ----------------------------------------------------------------------------------------------

    def _leaf(self, v: int) -> _Box:
        node = self.nodes[v]
        box = _Box(node.width, node.height)
        box.cards.append((v, 0.0, 0.0))
        box.entries.append((v, ((node.width / 2, 0.0),)))
        return box

    def _stack(self, items: Sequence[_Box]) -> _Box:
        """Blocks stacked under a rail: the line comes in at the rail's top and turns to each top card."""
        gap, indent = self.spacing.sibling_gap, self.spacing.indent
        rail = indent / 2
        box = _Box(indent + max(item.width for item in items), 0.0)
        y = 0.0
        for item in items:
            box.children.append((item, indent, y))
            (report, _), middle = item.entries[0], y + self.nodes[item.entries[0][0]].height / 2
            box.entries.append((report, ((rail, 0.0), (rail, middle), (indent + item.root_x, middle))))
            y += item.height + gap
        box.height = y - gap
        return box

    def _columns(self, leaves: list[int], limit: float) -> list[_Box]:
        if not leaves:
            return []
        size = self.spacing.column_size
        widest = self.spacing.indent + max(self.nodes[v].width for v in leaves)
        fit = max(1, int((limit + self.spacing.sibling_gap) // (widest + self.spacing.sibling_gap)))
        count = max(1, min(math.ceil(len(leaves) / size), fit))
        per = math.ceil(len(leaves) / count)
        return [
            self._stack([self._leaf(v) for v in leaves[start : start + per]])
            for start in range(0, len(leaves), per)
        ]

    def _stacked_teams(self, teams: list[_Box], height: float) -> list[_Box]:
        """Neighbouring teams short enough to go one under another within ``height`` share a rail."""
        gap = self.spacing.sibling_gap
        groups: list[list[_Box]] = []
        used = 0.0
        for team in teams:
            if groups and used + gap + team.height <= height:
                groups[-1].append(team)
                used += gap + team.height
            else:
                groups.append([team])
                used = team.height
        return [group[0] if len(group) == 1 else self._stack(group) for group in groups]

    def _manager(self, v: int, kids: Sequence[int], boxes: dict[int, _Box], limit: float) -> _Box:
        sp, node = self.spacing, self.nodes[v]
        aides = [k for k in kids if self.assistant[k]]
        leaves = [k for k in kids if not self.children[k] and not self.assistant[k]]
        teams = [boxes[k] for k in kids if self.children[k]]
        columns = self._columns(leaves, limit)
        tallest = max((item.height for item in columns + teams), default=0.0)
        items = columns + self._stacked_teams(teams, tallest)

        header_width, header_height, aide_places = self._header(v, aides)

        row_width = sum(item.width for item in items) + sp.sibling_gap * (len(items) - 1) if items else 0.0
        if not items:
            box = _Box(header_width, header_height)
            card_x = 0.0
            rows: list[tuple[float, float, list[_Box]]] = []
        elif row_width <= limit or len(items) == 1:
            # One row, the manager centred above the points where the lines come in.
            first = items[0].entries[0][1][0][0]
            last = row_width - items[-1].width + items[-1].entries[0][1][0][0]
            card_x = (first + last) / 2 - node.width / 2
            shift = max(0.0, -card_x)
            card_x += shift
            width = max(shift + row_width, card_x + header_width)
            top = header_height + sp.level_gap
            box = _Box(width, top + max(item.height for item in items))
            rows = [(shift, top, items)]
        else:
            # Wrapped: the manager to the left, a trunk down its left side, each row indented from it.
            card_x = 0.0
            room = max(limit - sp.indent, max(item.width for item in items))
            rows = []
            current: list[_Box] = []
            top, used = header_height + sp.level_gap, 0.0
            for item in items:
                needed = item.width if not current else used + sp.sibling_gap + item.width
                if current and needed > room:
                    rows.append((sp.indent, top, current))
                    top += max(i.height for i in current) + sp.level_gap
                    current, needed = [], item.width
                current.append(item)
                used = needed
            rows.append((sp.indent, top, current))
            bottom = top + max(i.height for i in current)
            width = max(header_width, max(sp.indent + _row_width(row, sp) for _, _, row in rows))
            box = _Box(width, bottom)

        self._place_header(box, v, card_x, aide_places)
        box.root_x = card_x

        wrapped = len(rows) > 1
        trunk = card_x + (sp.indent / 2 if wrapped else node.width / 2)
        for left, top, row in rows:
            bus = top - sp.level_gap / 2
            x = left
            for item in row:
                box.children.append((item, x, top))
                for report, entry in item.entries:
                    (ex, _), *rest = entry
                    path: tuple[Point, ...] = (
                        (trunk, node.height),
                        (trunk, bus),
                        (x + ex, bus),
                        (x + ex, top),
                    )
                    path += tuple((x + px, top + py) for px, py in rest)
                    box.lines.append((report, _simplified(path)))
                x += item.width + sp.sibling_gap
        return box

    def _header(self, v: int, aides: list[int]) -> tuple[float, float, list[tuple[int, float, float]]]:
        """The manager's card with its assistants stacked to its right: width, height, the assistants' places."""
        sp, node = self.spacing, self.nodes[v]
        width, height, x, y = node.width, node.height, node.width + sp.sibling_gap + sp.indent, 0.0
        places = []
        for aide in aides:
            places.append((aide, x, y))
            y += self.nodes[aide].height + sp.sibling_gap
            width = max(width, x + self.nodes[aide].width)
        return width, max(height, y - sp.sibling_gap if aides else 0.0), places

    def _place_header(self, box: _Box, v: int, card_x: float, aides: list[tuple[int, float, float]]) -> None:
        sp, node = self.spacing, self.nodes[v]
        box.cards.append((v, card_x, 0.0))
        for aide, x, y in aides:
            box.cards.append((aide, card_x + x, y))
            middle = y + self.nodes[aide].height / 2
            rail = card_x + node.width + sp.sibling_gap + sp.indent / 2
            start = (card_x + node.width, node.height / 2)
            box.lines.append(
                (aide, _simplified((start, (rail, start[1]), (rail, middle), (card_x + x, middle))))
            )
        box.entries.append((v, ((card_x + node.width / 2, 0.0),)))

    def _hanging(self, v: int, kids: Sequence[int], boxes: dict[int, _Box], limit: float) -> _Box:
        """The reports hang below the card, indented, in as many columns as keep the chart's shape."""
        sp, node = self.spacing, self.nodes[v]
        aides = [k for k in kids if self.assistant[k]]
        items = [(k, boxes[k]) for k in kids if not self.assistant[k]]
        header_width, header_height, aide_places = self._header(v, aides)
        if not items:
            box = _Box(header_width, header_height)
            self._place_header(box, v, 0.0, aide_places)
            return box
        tallest = max(item.height for _, item in items)
        total = sum(item.height for _, item in items) + sp.sibling_gap * (len(items) - 1)
        # Columns as tall as the chart aims to be, less what lies above this team.
        above = self.depth[v] * (node.height + sp.level_gap)
        room = max(tallest, (limit / self.aspect - above) * self.column_room)
        columns: list[list[tuple[int, _Box]]] = [[]]
        used = 0.0
        for kid, item in items:
            needed = item.height if not columns[-1] else used + sp.sibling_gap + item.height
            if columns[-1] and needed > room and total > room:
                columns.append([])
                needed = item.height
            columns[-1].append((kid, item))
            used = needed
        several = len(columns) > 1
        top = header_height + (sp.level_gap if several else sp.sibling_gap)
        bus = top - sp.level_gap / 2
        trunk = sp.indent / 2
        x = sp.indent
        width, height = header_width, header_height
        placed: list[tuple[int, _Box, float, float, float]] = []
        for column in columns:
            y = top
            for kid, item in column:
                placed.append((kid, item, x, y, x - sp.indent / 2))
                y += item.height + sp.sibling_gap
            height = max(height, y - sp.sibling_gap)
            right = x + max(item.width for _, item in column)
            width = max(width, right)
            x = right + sp.sibling_gap + sp.indent
        box = _Box(width, height)
        self._place_header(box, v, 0.0, aide_places)
        for kid, item, x, y, rail in placed:
            box.children.append((item, x, y))
            middle = y + self.nodes[kid].height / 2
            path: tuple[Point, ...] = ((trunk, node.height), (trunk, middle), (x, middle))
            if several:
                path = ((trunk, node.height), (trunk, bus), (rail, bus), (rail, middle), (x, middle))
            box.lines.append((kid, _simplified(path)))
        return box

    def _piled(self, trees: list[_Box]) -> list[_Box]:
        """Small trees (lone cards, small teams) piled one under another as high as the tallest tree."""
        if len(trees) < 2:
            return trees
        gap, height = self.spacing.sibling_gap, max(tree.height for tree in trees)
        piles: list[list[_Box]] = []
        used = 0.0
        for tree in trees:  # next fit: the trees come biggest first, so a pile that is full stays full
            if piles and used + gap + tree.height <= height:
                piles[-1].append(tree)
                used += gap + tree.height
            else:
                piles.append([tree])
                used = tree.height
        result = []
        for pile in piles:
            if len(pile) == 1:
                result.append(pile[0])
                continue
            box, y = _Box(max(tree.width for tree in pile), 0.0), 0.0
            for tree in pile:
                box.children.append((tree, 0.0, y))
                y += tree.height + gap
            box.height = y - gap
            result.append(box)
        return result

    def _forest(self, trees: list[_Box], limit: float) -> _Box:
        """The trees in rows of at most ``limit`` (a tree wider than that has a row of its own)."""
        sp = self.spacing
        if not trees:
            return _Box(0.0, 0.0)
        top = _Box(0.0, 0.0)
        x = y = row_height = 0.0
        for tree in trees:
            if x > 0 and x + tree.width > limit:
                y += row_height + sp.tree_gap
                x = row_height = 0.0
            top.children.append((tree, x, y))
            top.width = max(top.width, x + tree.width)
            row_height = max(row_height, tree.height)
            x += tree.width + sp.tree_gap
        top.height = y + row_height
        return top


def _row_width(row: Sequence[_Box], spacing: Spacing) -> float:
    return sum(item.width for item in row) + spacing.sibling_gap * (len(row) - 1)


def _simplified(path: tuple[Point, ...]) -> tuple[Point, ...]:
    """The polyline without repeated points or bends of zero angle (a straight drop stays two points)."""
    points: list[Point] = []
    for point in path:
        if points and abs(points[-1][0] - point[0]) < 1e-9 and abs(points[-1][1] - point[1]) < 1e-9:
            continue
        if len(points) >= 2:
            (ax, ay), (bx, by) = points[-2], points[-1]
            if (abs(ax - bx) < 1e-9 and abs(bx - point[0]) < 1e-9) or (
                abs(ay - by) < 1e-9 and abs(by - point[1]) < 1e-9
            ):
                points[-1] = point
                continue
        points.append(point)
    return tuple(points)

"""Tidy-tree layout of an org forest in linear time (Buchheim, Jünger & Leipert 2002) with real card sizes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

__all__ = ["LayoutNode", "Placement", "TreeLayout", "tidy_tree"]


@dataclass(frozen=True, slots=True)
class LayoutNode:
    """One card to place: `parent` None, or an id not among the nodes, makes it a root."""

    id: int
    parent: int | None
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a card goes: its top-left corner, its size and its depth (0 for a root)."""

    x: float
    y: float
    width: float
    height: float
    depth: int

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True, slots=True)
class TreeLayout:
    """The placed forest: visible cards only, their edges, and what each collapsed card hides."""

    placements: dict[int, Placement]
    edges: list[tuple[int, int]]
    hidden_counts: dict[int, int]
    width: float
    height: float


def tidy_tree(
    nodes: Sequence[LayoutNode],
    *,
    collapsed: Collection[int] = (),
    compact: bool = False,
    sibling_gap: float = 16.0,
    subtree_gap: float = 32.0,
    level_gap: float = 56.0,
    tree_gap: float = 64.0,
) -> TreeLayout:
    """Lay out a forest as tidy trees, in time linear in the number of nodes.

    Siblings keep their order in `nodes`, and so do the roots, placed left to right `tree_gap` apart from
    (0, 0). Each parent is centred over its children; every node of a depth has the same top, under the
    tallest block of the depth above plus `level_gap`; neighbours in a depth are at least `sibling_gap` apart
    (`subtree_gap` between cousins). A `collapsed` node is placed as a leaf and its descendants are left out.
    With `compact`, two or more children that are all leaves are stacked in one column centred under their
    parent, their left edges aligned; the column is one block for the spacing of its depth.

    Bad data never hangs the layout: a loop of parent links is broken where it is found. Walking up from the
    first node (in input order) that no root reaches, the first node met twice becomes a root.
    Raises ValueError if two nodes share an id.
    """
    parent, children = _link(nodes)
    collapsed_ids = set(collapsed)
    folded = {i for i, node in enumerate(nodes) if node.id in collapsed_ids}
    blocks = _Blocks(nodes, parent, children, folded, compact, sibling_gap)
    centre = _Walker(blocks, sibling_gap, subtree_gap).centres()

    depths = len(blocks.level_height)
    tops = [0.0] * depths
    for depth in range(1, depths):
        tops[depth] = tops[depth - 1] + blocks.level_height[depth - 1] + level_gap

    # Each tree's bounding box follows the previous one's, tree_gap to the right.
    offset = [0.0] * len(blocks.node)
    cursor = 0.0
    for root in blocks.roots:
        lo, hi = blocks.span(root, centre)
        shift = cursor - lo
        stack = [root]
        while stack:
            block = stack.pop()
            offset[block] = shift
            stack.extend(blocks.children[block])
        cursor += hi - lo + tree_gap

    placements: dict[int, Placement] = {}
    for block, node_index in enumerate(blocks.node):
        depth = blocks.depth[block]
        left = centre[block] + offset[block] - blocks.width[block] / 2
        if node_index >= 0:
            node = nodes[node_index]
            placements[node.id] = Placement(left, tops[depth], node.width, node.height, depth)
            continue
        top = tops[depth]
        for member in blocks.members[block]:
            node = nodes[member]
            placements[node.id] = Placement(left, top, node.width, node.height, depth)
            top += node.height + sibling_gap
    # The dict follows input order, whatever order the blocks were made in.
    placements = {node.id: placements[node.id] for node in nodes if node.id in placements}

    edges = [
        (nodes[parent[i]].id, node.id)
        for i, node in enumerate(nodes)
        if parent[i] >= 0 and node.id in placements
    ]
    hidden = {nodes[i].id: _descendant_count(i, children) for i in sorted(folded) if nodes[i].id in placements}
    width = max((p.x + p.width for p in placements.values()), default=0.0)
    height = max((p.bottom for p in placements.values()), default=0.0)
    return TreeLayout(placements, edges, hidden, width, height)


def _link(nodes: Sequence[LayoutNode]) -> tuple[list[int], list[list[int]]]:
    """Parent index of each node (-1 for a root) and children in input order, with parent loops broken."""
    index: dict[int, int] = {}
    for i, node in enumerate(nodes):
        if node.id in index:
            raise ValueError(f"two layout nodes have the id {node.id}")
        index[node.id] = i
    count = len(nodes)
    parent = [-1] * count
    children: list[list[int]] = [[] for _ in range(count)]
    for i, node in enumerate(nodes):
        if node.parent is not None:
            up = index.get(node.parent, -1)
            if up >= 0:
                parent[i] = up
                children[up].append(i)

    reached = [False] * count
    _reach([i for i in range(count) if parent[i] < 0], children, reached)
    # Whatever no root reaches lies on, or hangs under, a loop: each walk up ends going round one.
    walked = [-1] * count
    for start in range(count):
        if reached[start]:
            continue
        v = start
        while walked[v] != start:
            walked[v] = start
            v = parent[v]
        children[parent[v]].remove(v)
        parent[v] = -1
        _reach([v], children, reached)
    return parent, children


def _reach(stack: list[int], children: list[list[int]], reached: list[bool]) -> None:
    while stack:
        v = stack.pop()
        reached[v] = True
        stack.extend(children[v])


def _descendant_count(v: int, children: list[list[int]]) -> int:
    count = 0
    stack = list(children[v])
    while stack:
        count += 1
        stack.extend(children[stack.pop()])
    return count


class _Blocks:
    """The visible forest as blocks: one per visible card, or one per compact column of leaves."""

    def __init__(
        self,
        nodes: Sequence[LayoutNode],
        parent: list[int],
        children: list[list[int]],
        folded: set[int],
        compact: bool,
        sibling_gap: float,
    ) -> None:
        self.node: list[int] = []  # the node index, or -1 for a column
        self.members: dict[int, list[int]] = {}  # column block -> its stacked node indices
        self.parent: list[int] = []
        self.children: list[list[int]] = []
        self.width: list[float] = []
        self.depth: list[int] = []
        self.level_height: list[float] = []
        self.roots: list[int] = []

        # Natural pre-order, so that each block's children are appended in sibling order.
        stack = [(i, -1, 0) for i in reversed(range(len(nodes))) if parent[i] < 0]
        while stack:
            v, up, depth = stack.pop()
            block = self._add(v, up, depth, nodes[v].width, nodes[v].height)
            kids = () if v in folded else children[v]
            if (
                compact
                and len(kids) >= 2
                and all(not children[c] or c in folded for c in kids)
            ):
                column = self._add(
                    -1,
                    block,
                    depth + 1,
                    max(nodes[c].width for c in kids),
                    sum(nodes[c].height for c in kids) + sibling_gap * (len(kids) - 1),
                )
                self.members[column] = list(kids)
            else:
                stack.extend((c, block, depth + 1) for c in reversed(kids))

    def _add(self, node: int, up: int, depth: int, width: float, height: float) -> int:
        block = len(self.node)
        self.node.append(node)
        self.parent.append(up)
        self.children.append([])
        self.width.append(width)
        self.depth.append(depth)
        if up < 0:
            self.roots.append(block)
        else:
            self.children[up].append(block)
        if depth == len(self.level_height):
            self.level_height.append(height)
        elif height > self.level_height[depth]:
            self.level_height[depth] = height
        return block

    def span(self, root: int, centre: list[float]) -> tuple[float, float]:
        """Left and right edges of the tree under `root`."""
        lo, hi = float("inf"), float("-inf")
        stack = [root]
        width = self.width
        while stack:
            block = stack.pop()
            half = width[block] / 2
            lo = min(lo, centre[block] - half)
            hi = max(hi, centre[block] + half)
            stack.extend(self.children[block])
        return lo, hi


class _Walker:
    """Walker's algorithm in the linear-time form of Buchheim, Jünger and Leipert, without recursion.

    The first walk visits each block after its children (first to last) and apportions it against its left
    siblings' subtrees, following their contours through threads; shifts are spread over the siblings in
    between through `shift` and `change`; the second walk adds up the modifiers from each root down.
    """

    def __init__(self, blocks: _Blocks, sibling_gap: float, subtree_gap: float) -> None:
        self.blocks = blocks
        self.sibling_gap = sibling_gap
        self.subtree_gap = subtree_gap
        size = len(blocks.node)
        self.prelim = [0.0] * size
        self.mod = [0.0] * size
        self.shift = [0.0] * size
        self.change = [0.0] * size
        self.thread = [-1] * size
        self.ancestor = list(range(size))
        self.number = [0] * size  # position among siblings, from 1
        self.default_ancestor = [-1] * size  # per parent, carried between its children's apportions
        for kids in blocks.children:
            for position, kid in enumerate(kids, 1):
                self.number[kid] = position
            if kids:
                self.default_ancestor[blocks.parent[kids[0]]] = kids[0]

    def centres(self) -> list[float]:
        """The x of each block's centre, each tree on its own (its root at 0)."""
        children = self.blocks.children
        # Visiting the last child first and then reversing gives a post-order with children first to last.
        order: list[int] = []
        stack = list(self.blocks.roots)
        while stack:
            v = stack.pop()
            order.append(v)
            stack.extend(children[v])
        for v in reversed(order):
            self._first_walk(v)

        prelim, mod = self.prelim, self.mod
        centre = [0.0] * len(prelim)
        modsum = [0.0] * len(prelim)
        for v in order:
            centre[v] = prelim[v] + modsum[v]
            below = modsum[v] + mod[v]
            for kid in children[v]:
                modsum[kid] = below
        return centre

    def _distance(self, left: int, right: int) -> float:
        parent = self.blocks.parent
        gap = self.sibling_gap if parent[left] == parent[right] else self.subtree_gap
        return (self.blocks.width[left] + self.blocks.width[right]) / 2 + gap

    def _first_walk(self, v: int) -> None:
        kids = self.blocks.children[v]
        up = self.blocks.parent[v]
        left = self.blocks.children[up][self.number[v] - 2] if up >= 0 and self.number[v] > 1 else -1
        if kids:
            self._execute_shifts(v)
            midpoint = (self.prelim[kids[0]] + self.prelim[kids[-1]]) / 2
            if left >= 0:
                self.prelim[v] = self.prelim[left] + self._distance(left, v)
                self.mod[v] = self.prelim[v] - midpoint
            else:
                self.prelim[v] = midpoint
        elif left >= 0:
            self.prelim[v] = self.prelim[left] + self._distance(left, v)
        if left >= 0:
            self.default_ancestor[up] = self._apportion(v, left, self.default_ancestor[up])

    def _apportion(self, v: int, left: int, default_ancestor: int) -> int:
        children, parent = self.blocks.children, self.blocks.parent
        prelim, mod, thread, ancestor = self.prelim, self.mod, self.thread, self.ancestor

        def next_left(w: int) -> int:
            return children[w][0] if children[w] else thread[w]

        def next_right(w: int) -> int:
            return children[w][-1] if children[w] else thread[w]

        # inner/outer contour, right (+, v's subtree) and left (-, the siblings before it).
        vip = vop = v
        vim = left
        vom = children[parent[v]][0]
        sip, sop, sim, som = mod[vip], mod[vop], mod[vim], mod[vom]
        nr, nl = next_right(vim), next_left(vip)
        while nr >= 0 and nl >= 0:
            vim, vip = nr, nl
            vom, vop = next_left(vom), next_right(vop)
            ancestor[vop] = v
            shift = prelim[vim] + sim - (prelim[vip] + sip) + self._distance(vim, vip)
            if shift > 0:
                moved = ancestor[vim] if parent[ancestor[vim]] == parent[v] else default_ancestor
                self._move_subtree(moved, v, shift)
                sip += shift
                sop += shift
            sim += mod[vim]
            sip += mod[vip]
            som += mod[vom]
            sop += mod[vop]
            nr, nl = next_right(vim), next_left(vip)
        if nr >= 0 and next_right(vop) < 0:
            thread[vop] = nr
            mod[vop] += sim - sop
        if nl >= 0 and next_left(vom) < 0:
            thread[vom] = nl
            mod[vom] += sip - som
            default_ancestor = v
        return default_ancestor

    def _move_subtree(self, wm: int, wp: int, shift: float) -> None:
        subtrees = self.number[wp] - self.number[wm]
        self.change[wp] -= shift / subtrees
        self.shift[wp] += shift
        self.change[wm] += shift / subtrees
        self.prelim[wp] += shift
        self.mod[wp] += shift

    def _execute_shifts(self, v: int) -> None:
        shift = change = 0.0
        for w in reversed(self.blocks.children[v]):
            self.prelim[w] += shift
            self.mod[w] += shift
            change += self.change[w]
            shift += self.shift[w] + change

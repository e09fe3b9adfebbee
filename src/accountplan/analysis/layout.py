"""Tidy-tree layout of an org forest in linear time (Buchheim, Jünger & Leipert 2002) with real card sizes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["LayoutNode", "Placement", "TreeLayout", "descendant_count", "link_forest", "tidy_tree"]


@dataclass(frozen=True, slots=True)
class LayoutNode:
    """One card to place: `parent` None, or an id not among the nodes, makes it a root."""

    id: int
    parent: int | None
    width: float
    height: float


class Placement(NamedTuple):
    """Where a card goes: its top-left corner, its size and its depth (0 for a root).

    (A named tuple: a layout makes one per card, and a tuple is made several times faster than a frozen
    dataclass, which sets each field through ``object.__setattr__``.)
    """

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

    placements: dict[int, Placement]  # visible cards only, in input order
    edges: list[tuple[int, int]]  # (parent, child) for every visible child, in input order of the child
    hidden_counts: dict[int, int]  # each visible collapsed card: its descendants (0 for a collapsed leaf)
    width: float  # of the whole forest's box, from (0, 0)
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
    first node (in input order) that no root reaches, the first node met twice becomes a root: its own link
    up is dropped and the rest of the loop hangs under it.
    Raises ValueError if two nodes share an id.
    """
    parent, children = link_forest(nodes)
    collapsed_ids = set(collapsed)
    folded = [node.id in collapsed_ids for node in nodes]
    forest = _VisibleForest(nodes, parent, children, folded, compact, sibling_gap)
    centre = _Walker(forest, sibling_gap, subtree_gap).centres()

    tops = [0.0] * len(forest.level_height)
    for depth in range(1, len(tops)):
        tops[depth] = tops[depth - 1] + forest.level_height[depth - 1] + level_gap

    # Each tree's box follows the previous one's, tree_gap to its right.
    count, order, width, depth_of = len(nodes), forest.order, forest.width, forest.depth
    lefts, top_of = [0.0] * count, [0.0] * count
    cursor = 0.0
    bounds = [*forest.tree_starts, len(order)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        tree = order[start:end]
        lo = min(centre[v] - width[v] / 2 for v in tree)
        hi = max(centre[v] + width[v] / 2 for v in tree)
        shift = cursor - lo
        for v in tree:
            left = centre[v] + shift - width[v] / 2
            if v < count:
                lefts[v], top_of[v] = left, tops[depth_of[v]]
                continue
            top = tops[depth_of[v]]
            for member in forest.members[v]:
                lefts[member], top_of[member] = left, top
                top += nodes[member].height + sibling_gap
        cursor += hi - lo + tree_gap

    placements = {
        node.id: Placement(lefts[i], top_of[i], node.width, node.height, depth_of[i])
        for i, node in enumerate(nodes)
        if depth_of[i] >= 0
    }
    if not placements:
        return TreeLayout({}, [], {}, 0.0, 0.0)
    edges = [
        (nodes[parent[i]].id, node.id) for i, node in enumerate(nodes) if parent[i] >= 0 and depth_of[i] >= 0
    ]
    hidden = {
        nodes[i].id: descendant_count(i, children) for i in range(count) if folded[i] and depth_of[i] >= 0
    }
    return TreeLayout(placements, edges, hidden, cursor - tree_gap, tops[-1] + forest.level_height[-1])


def link_forest(nodes: Sequence[LayoutNode]) -> tuple[list[int], list[list[int]]]:
    """Parent index of each node (-1 for a root) and children in input order, with parent loops broken."""
    index = {node.id: i for i, node in enumerate(nodes)}
    if len(index) < len(nodes):
        twice = next(node.id for i, node in enumerate(nodes) if index[node.id] != i)
        raise ValueError(f"two layout nodes have the id {twice}")
    count = len(nodes)
    parent = [-1] * count
    # Most people manage nobody: they share one empty list, never appended to (a list is made at the first).
    nobody: list[int] = []
    children = [nobody] * count
    for i, node in enumerate(nodes):
        if node.parent is not None:
            up = index.get(node.parent, -1)
            if up >= 0:
                parent[i] = up
                if children[up]:
                    children[up].append(i)
                else:
                    children[up] = [i]

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


def descendant_count(v: int, children: list[list[int]]) -> int:
    count = 0
    stack = list(children[v])
    while stack:
        count += 1
        stack.extend(children[stack.pop()])
    return count


class _VisibleForest:
    """The blocks to place, indexed like the nodes: the visible cards and their visible children.

    A compact column is one more block, after the nodes: the only child of its parent, as wide as its
    widest member and as tall as all of them with their gaps.
    """

    def __init__(
        self,
        nodes: Sequence[LayoutNode],
        parent: list[int],
        children: list[list[int]],
        folded: list[bool],
        compact: bool,
        sibling_gap: float,
    ) -> None:
        self.parent = list(parent)
        self.kids: list[Sequence[int]] = list(children)
        self.width = [node.width for node in nodes]
        self.depth = [-1] * len(nodes)  # -1: hidden under a collapsed node
        self.members: dict[int, list[int]] = {}  # column index -> its stacked node indices
        self.level_height: list[float] = []  # the tallest block of each depth
        # Each tree in turn, each node before its subtree and the last child first: reversed, a post-order
        # with the children first to last.
        self.order: list[int] = []
        self.tree_starts: list[int] = []
        kids, depth_of, order = self.kids, self.depth, self.order
        for root in (i for i in range(len(nodes)) if parent[i] < 0):
            self.tree_starts.append(len(order))
            stack = [root]
            while stack:
                v = stack.pop()
                order.append(v)
                up = parent[v]
                depth = depth_of[v] = depth_of[up] + 1 if up >= 0 else 0
                self._reach_level(depth, nodes[v].height)
                shown = kids[v]
                if folded[v]:
                    kids[v] = ()
                elif compact and len(shown) >= 2 and all(folded[c] or not children[c] for c in shown):
                    self._add_column(nodes, v, list(shown), sibling_gap)
                else:
                    stack += shown

    def _add_column(
        self, nodes: Sequence[LayoutNode], up: int, members: list[int], sibling_gap: float
    ) -> None:
        column = len(self.width)
        depth = self.depth[up] + 1
        self.kids[up] = [column]
        self.kids.append(())
        self.parent.append(up)
        self.width.append(max(nodes[c].width for c in members))
        self.depth.append(depth)
        self.members[column] = members
        self.order.append(column)
        for c in members:
            self.depth[c] = depth
        self._reach_level(depth, sum(nodes[c].height for c in members) + sibling_gap * (len(members) - 1))

    def _reach_level(self, depth: int, height: float) -> None:
        if depth == len(self.level_height):
            self.level_height.append(height)
        elif height > self.level_height[depth]:
            self.level_height[depth] = height


class _Walker:
    """Walker's algorithm in the linear-time form of Buchheim, Jünger and Leipert, without recursion.

    The first walk visits each block after its children (first to last) and apportions it against its left
    siblings' subtrees, following their contours through threads; shifts are spread over the siblings in
    between through `shift` and `change`; the second walk adds up the modifiers from each root down.
    """

    def __init__(self, forest: _VisibleForest, sibling_gap: float, subtree_gap: float) -> None:
        self.forest = forest
        self.sibling_gap = sibling_gap
        self.subtree_gap = subtree_gap
        size = len(forest.width)
        self.prelim = [0.0] * size
        self.mod = [0.0] * size
        self.shift = [0.0] * size
        self.change = [0.0] * size
        # The next block down each contour: the first or last child, or, for a leaf, its thread.
        self.next_left = [kids[0] if kids else -1 for kids in forest.kids]
        self.next_right = [kids[-1] if kids else -1 for kids in forest.kids]
        self.ancestor = list(range(size))
        self.number = [0] * size  # position among siblings, from 0
        number = self.number
        for v in forest.order:
            for position, kid in enumerate(forest.kids[v]):
                number[kid] = position

    def centres(self) -> list[float]:
        """The x of each visible block's centre, each tree on its own."""
        kids_of, parent, width, order = (
            self.forest.kids,
            self.forest.parent,
            self.forest.width,
            self.forest.order,
        )
        prelim, mod, number = self.prelim, self.mod, self.number
        sibling_gap = self.sibling_gap
        # First walk. default_ancestor[p] is carried from one apportion of p's children to the next.
        default_ancestor = [kids[0] if kids else -1 for kids in kids_of]
        for v in reversed(order):
            kids = kids_of[v]
            up = parent[v]
            left = kids_of[up][number[v] - 1] if number[v] else -1
            if kids:
                self._execute_shifts(kids)
                midpoint = (prelim[kids[0]] + prelim[kids[-1]]) / 2
                if left < 0:
                    prelim[v] = midpoint
                    continue
                prelim[v] = prelim[left] + (width[left] + width[v]) / 2 + sibling_gap
                mod[v] = prelim[v] - midpoint
            elif left < 0:
                continue
            else:
                prelim[v] = prelim[left] + (width[left] + width[v]) / 2 + sibling_gap
            default_ancestor[up] = self._apportion(v, left, default_ancestor[up])

        # Second walk: each block's x is its prelim plus the modifiers of its ancestors.
        centre = [0.0] * len(prelim)
        modsum = [0.0] * len(prelim)
        for v in order:
            centre[v] = prelim[v] + modsum[v]
            below = modsum[v] + mod[v]
            for kid in kids_of[v]:
                modsum[kid] = below
        return centre

    def _apportion(self, v: int, left: int, default_ancestor: int) -> int:
        """Push v's subtree right of its left siblings' subtrees, level by level down both contours."""
        parent, width, prelim, mod = self.forest.parent, self.forest.width, self.prelim, self.mod
        next_left, next_right, ancestor = self.next_left, self.next_right, self.ancestor
        gap = self.subtree_gap
        # Inner and outer contours: + of v's subtree, - of its left siblings' subtrees.
        vip = vop = v
        vim, vom = left, self.forest.kids[parent[v]][0]
        sip, sop, sim, som = mod[vip], mod[vop], mod[vim], mod[vom]
        while next_right[vim] >= 0 and next_left[vip] >= 0:
            vim, vip = next_right[vim], next_left[vip]
            vom, vop = next_left[vom], next_right[vop]
            ancestor[vop] = v
            # Below v and its sibling, vim and vip are always cousins.
            shift = prelim[vim] + sim - prelim[vip] - sip + (width[vim] + width[vip]) / 2 + gap
            if shift > 0:
                moved = ancestor[vim] if parent[ancestor[vim]] == parent[v] else default_ancestor
                self._move_subtree(moved, v, shift)
                sip += shift
                sop += shift
            sim += mod[vim]
            sip += mod[vip]
            som += mod[vom]
            sop += mod[vop]
        # A thread continues the shorter side's contour along the longer one's (a leaf's only link).
        if next_right[vim] >= 0 and next_right[vop] < 0:
            next_left[vop] = next_right[vop] = next_right[vim]
            mod[vop] += sim - sop
        if next_left[vip] >= 0 and next_left[vom] < 0:
            next_left[vom] = next_right[vom] = next_left[vip]
            mod[vom] += sip - som
            default_ancestor = v
        return default_ancestor

    def _move_subtree(self, wm: int, wp: int, shift: float) -> None:
        """Move wp's subtree right; the siblings between wm and wp follow in `execute_shifts`."""
        subtrees = self.number[wp] - self.number[wm]
        self.change[wp] -= shift / subtrees
        self.shift[wp] += shift
        self.change[wm] += shift / subtrees
        self.prelim[wp] += shift
        self.mod[wp] += shift

    def _execute_shifts(self, kids: Sequence[int]) -> None:
        prelim, mod = self.prelim, self.mod
        shift = change = 0.0
        for w in reversed(kids):
            prelim[w] += shift
            mod[w] += shift
            change += self.change[w]
            shift += self.shift[w] + change

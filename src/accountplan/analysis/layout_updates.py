"""A tidy-tree layout that follows its forest's changes, arranging again only the families a change reaches.

:func:`~accountplan.analysis.layout.tidy_tree` places a whole forest at once. A subtree's own arrangement
depends on nothing outside it: a family (a card and its shown reports) is arranged from its children's
outlines (the leftmost and rightmost edge at each depth below them, relative to each child) and their order
alone. So when a person moves, comes, goes, is renamed (their place among their siblings) or resized, or a
team is collapsed or expanded, :class:`LiveTreeLayout` arranges again the families on the way up from the
change, from the outlines it keeps, stopping where an outline comes out unchanged, and says which cards
moved relative to their manager's (:class:`LayoutChange`): a chart that hangs each team under its manager's
card moves those cards alone, whatever the size of the teams that follow them. The places on the chart
(:attr:`LiveTreeLayout.placements`) are worked out when asked for.

Each family is arranged by Walker's rules as tidy_tree applies them (Buchheim, Jünger & Leipert): each child
in turn as close to its left siblings as the gaps allow at every depth, the siblings between a child and the
sibling it was pushed away from spread evenly, the parent centred over its first and last child. The places
are tidy_tree's for the same forest (to rounding).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from accountplan.analysis.layout import LayoutNode, Placement, TreeLayout, tidy_tree

__all__ = ["LayoutChange", "LiveTreeLayout"]

#: A subtree's outline: the left and the right edge of its blocks at each depth, relative to its root's centre.
Outline = tuple[list[float], list[float]]


@dataclass
class LayoutChange:
    """What a change of the forest changed on the chart (see :meth:`LiveTreeLayout.anchor`)."""

    #: Cards now shown that were not.
    shown: set[int] = field(default_factory=set)
    #: Cards no longer shown (their person is gone, or is now under a collapsed card).
    gone: set[int] = field(default_factory=set)
    #: Shown cards with a new anchor, a new parent or a new size.
    moved: set[int] = field(default_factory=set)
    #: Shown cards whose team (their shown reports' cards, the room under them) is not what it was,
    #: among them those no longer heading a shown team.
    teams: set[int] = field(default_factory=set)
    #: The collapsed cards whose count of hidden people changed, with it.
    hidden_counts: dict[int, int] = field(default_factory=dict)


class LiveTreeLayout:
    """tidy_tree's layout of ``nodes``, kept up to date by :meth:`update` and :meth:`set_collapsed`.

    ``key`` gives each node's sort key: siblings, and the trees of the forest, keep the order of their keys
    (``nodes`` is given in that order). The gaps and options are tidy_tree's.
    """

    def __init__(
        self,
        nodes: Sequence[LayoutNode],
        key: Callable[[int], Any],
        *,
        collapsed: Collection[int] = (),
        compact: bool = False,
        sibling_gap: float = 16.0,
        subtree_gap: float = 32.0,
        level_gap: float = 56.0,
        tree_gap: float = 64.0,
    ) -> None:
        self._key = key
        self.compact = compact
        self.sibling_gap, self.subtree_gap = sibling_gap, subtree_gap
        self.level_gap, self.tree_gap = level_gap, tree_gap
        first = tidy_tree(
            nodes,
            collapsed=collapsed,
            compact=compact,
            sibling_gap=sibling_gap,
            subtree_gap=subtree_gap,
            level_gap=level_gap,
            tree_gap=tree_gap,
        )
        self.nodes: dict[int, LayoutNode] = {node.id: node for node in nodes}
        self.collapsed: set[int] = set(collapsed) & self.nodes.keys()
        self._parent: dict[int, int | None] = {}
        self._kids: dict[int, list[int]] = {}
        self._roots: list[int] = []
        #: Node ids named as a parent that is not (yet) among the nodes → the nodes naming it.
        self._waiting: dict[int, set[int]] = {}
        for node in nodes:
            up = self._wanted_parent(node)
            self._parent[node.id] = up
            if up is None:
                self._roots.append(node.id)
            else:
                self._kids.setdefault(up, []).append(node.id)
            if node.parent is not None and node.parent not in self.nodes:
                self._waiting.setdefault(node.parent, set()).add(node.id)
        #: A loop in the reporting lines (bad data): tidy_tree breaks it its own way; follow it no further.
        self.broken = self._reached() < len(self.nodes)
        self._placements: dict[int, Placement] = dict(first.placements)
        #: Shown nodes whose place, and their subtree's, is to be worked out again.
        self._pending: set[int] = set()
        self.hidden_counts: dict[int, int] = dict(first.hidden_counts)
        self.width, self.height = first.width, first.height
        self._depth: dict[int, int] = {pid: place.depth for pid, place in first.placements.items()}
        self._centre: dict[int, float] = {}
        self._offset: dict[int, float] = {}
        self._outline: dict[int, Outline] = {}
        #: The manager of a compact column → the column's width and height.
        self._column: dict[int, tuple[float, float]] = {}
        #: A column's member → its centre relative to its manager's, and its top below the column's top.
        self._member: dict[int, tuple[float, float]] = {}
        #: Depth → block height → how many blocks of that depth have it (the tallest sets the depth's height).
        self._levels: list[dict[float, int]] = []
        self._tops: list[float] = []
        self._heights: list[float] = []
        #: Removed nodes that were shown (filled while a change is followed).
        self._shown_before: set[int] = set()
        #: Whether the offsets and outlines of the first layout have been worked out (when first needed).
        self._measured = False

    # --- reading ----------------------------------------------------------------------------------------

    def reports(self, manager_id: int) -> list[int]:
        """A shown manager's shown reports, in order (none when collapsed or not shown)."""
        if manager_id not in self._depth or manager_id in self.collapsed:
            return []
        return list(self._kids.get(manager_id, ()))

    @property
    def placements(self) -> dict[int, Placement]:
        """Where each shown card is on the chart (worked out for those that moved since last asked)."""
        if self._pending:
            self._place(self._pending)
            self._pending = set()
        return self._placements

    @property
    def roots(self) -> list[int]:
        """The roots of the forest, in order (each one's tree left of the next)."""
        return list(self._roots)

    def depth(self, node_id: int) -> int:
        """A shown node's depth (0 for a root)."""
        return self._depth[node_id]

    def parent(self, node_id: int) -> int | None:
        """The node's parent in the forest (None: a root)."""
        return self._parent[node_id]

    def anchor(self, node_id: int) -> tuple[float, float]:
        """Where a shown card's top centre is: relative to its parent's, or on the chart for a root."""
        self.prepare()
        up = self._parent[node_id]
        depth = self._depth[node_id]
        if up is None:
            return self._centre[node_id], self._tops[depth]
        down = self._tops[depth] - self._tops[depth - 1]
        member = self._member.get(node_id)
        if member is not None and up in self._column:
            return member[0], down + member[1]
        return self._offset[node_id], down

    def team(self, manager_id: int) -> tuple[Placement, list[Placement]]:
        """A shown manager's card and their shown reports', placed relative to the manager's anchor."""
        node, depth = self.nodes[manager_id], self._depth[manager_id]
        top = Placement(-node.width / 2, 0.0, node.width, node.height, depth)
        reports = []
        for kid in self.reports(manager_id):
            x, y = self.anchor(kid)
            below = self.nodes[kid]
            reports.append(Placement(x - below.width / 2, y, below.width, below.height, depth + 1))
        return top, reports

    def extent(self, manager_id: int) -> tuple[float, float, float]:
        """The room a shown manager's team takes below their card: left, right and bottom, from their anchor."""
        self.prepare()
        left, right = self._outline[manager_id]
        depth = self._depth[manager_id]
        deepest = min(depth + len(left) - 1, len(self._tops) - 1)
        bottom = self._tops[deepest] + max(self._levels[deepest]) - self._tops[depth]
        if len(left) == 1:
            return left[0], right[0], bottom
        return min(left[1:]), max(right[1:]), bottom

    def layout(self) -> TreeLayout:
        """The layout as tidy_tree would give it (its edges in sibling order, managers before their reports)."""
        edges: list[tuple[int, int]] = []
        stack = list(reversed(self._roots))
        while stack:
            v = stack.pop()
            shown = self.reports(v)
            edges.extend((v, kid) for kid in shown)
            stack.extend(reversed(shown))
        return TreeLayout(dict(self.placements), edges, dict(self.hidden_counts), self.width, self.height)

    # --- changes ----------------------------------------------------------------------------------------

    def update(self, changed: Iterable[LayoutNode] = (), removed: Iterable[int] = ()) -> LayoutChange | None:
        """Follow nodes added or changed (parent, size, sort key) and nodes removed; what moved on the chart.

        A removed node's children become roots unless ``changed`` gives them another parent. None when the
        change makes a loop of parents (or the forest had one): lay the forest out afresh then; this object
        is no longer usable.
        """
        if self.broken:
            return None
        self.prepare()
        change = LayoutChange()
        dirty: set[int] = set()  # shown families to arrange again
        moved: set[int] = set()  # nodes that may hang somewhere new (new nodes among them)
        gone = set(removed) & self.nodes.keys()
        roots_before = list(self._roots)
        for node_id in gone:
            self._remove(node_id, dirty, moved)
        incoming = [node for node in changed if node.id not in gone]
        for node in incoming:
            if node.id not in self.nodes:  # new: a root for now, hung in its place below
                self.nodes[node.id] = node
                self._parent[node.id] = None
                self._roots.insert(self._position(self._roots, node.id), node.id)
                moved.add(node.id)
                moved.update(self._waiting.pop(node.id, ()))
        forced: set[int] = set()  # shown nodes placed anew whatever their offset says
        resort: set[int | None] = set()  # families whose order may have changed (None: the trees)
        for node in incoming:
            self._take(node, dirty, moved, forced, resort)
        for family in resort:
            self._resort(family, dirty)
        for node_id in moved:
            self._reattach(node_id, dirty)
        if any(self._loops(node_id) for node_id in moved):
            self.broken = True
            return None
        change.gone.update(gone & self._shown_before)
        for node_id in sorted(moved, key=self._new_depth):
            self._show_or_hide(node_id, change, dirty, forced)
        self._shown_before = set()
        structural = bool(moved or gone)
        self._finish(
            change, dirty, forced, trees=structural or self._roots != roots_before, hidden=structural
        )
        return change

    def set_collapsed(self, node_id: int, collapsed: bool) -> LayoutChange | None:
        """Collapse a card (hide the people below it) or expand it; what changed on the chart."""
        if self.broken:
            return None
        self.prepare()
        change = LayoutChange()
        if (node_id in self.collapsed) == collapsed or node_id not in self.nodes:
            return change
        dirty: set[int] = set()
        shown = node_id in self._depth
        if shown:
            self._mark_family(node_id, dirty)
        if collapsed:
            for kid in self.reports(node_id):
                self._hide(kid, change)
            self.collapsed.add(node_id)
        else:
            self.collapsed.discard(node_id)
            if self.hidden_counts.pop(node_id, None) is not None:
                change.hidden_counts[node_id] = 0
            if shown:
                for kid in self._kids.get(node_id, ()):
                    self._show(kid, self._depth[node_id] + 1, dirty, change)
        self._finish(change, dirty, set(), trees=False)
        return change

    # --- the forest -------------------------------------------------------------------------------------

    def _wanted_parent(self, node: LayoutNode) -> int | None:
        up = node.parent
        return up if up is not None and up != node.id and up in self.nodes else None

    def _siblings(self, node_id: int) -> list[int]:
        up = self._parent[node_id]
        return self._roots if up is None else self._kids.setdefault(up, [])

    def _position(self, siblings: list[int], node_id: int) -> int:
        """Where ``node_id`` goes among ``siblings`` (sorted by key), after those of the same key."""
        keys, key = self._key, self._key(node_id)
        low, high = 0, len(siblings)
        while low < high:
            middle = (low + high) // 2
            if key < keys(siblings[middle]):
                high = middle
            else:
                low = middle + 1
        return low

    def _reached(self) -> int:
        count, stack = 0, list(self._roots)
        while stack:
            count += 1
            stack.extend(self._kids.get(stack.pop(), ()))
        return count

    def _loops(self, node_id: int) -> bool:
        seen, up = {node_id}, self._parent[node_id]
        while up is not None:
            if up in seen:
                return True
            seen.add(up)
            up = self._parent[up]
        return False

    def _new_depth(self, node_id: int) -> int:
        depth, up = 0, self._parent[node_id]
        while up is not None:
            depth, up = depth + 1, self._parent[up]
        return depth

    def _mark_family(self, manager_id: int | None, dirty: set[int]) -> None:
        """The family of a shown manager is about to change: it is arranged again.

        In compact mode so is the family above, whose column the manager may join or leave; a column of
        either is counted as separate cards meanwhile.
        """
        if manager_id is None or manager_id not in self._depth:
            return
        self._dissolve(manager_id)
        dirty.add(manager_id)
        up = self._parent[manager_id]
        if self.compact and up is not None:
            self._dissolve(up)
            dirty.add(up)

    def _take(
        self, node: LayoutNode, dirty: set[int], moved: set[int], forced: set[int], resort: set[int | None]
    ) -> None:
        """A node's new values: its size (its family is arranged again), its parent, its key (its place)."""
        old = self.nodes[node.id]
        shown = node.id in self._depth
        resized = (old.width, old.height) != (node.width, node.height)
        if resized and shown:
            self._mark_family(self._parent[node.id], dirty)
            self._dissolve(node.id)
            dirty.add(node.id)
            forced.add(node.id)
            self._count(self._depth[node.id], old.height, -1)
            self._count(self._depth[node.id], node.height, 1)
        self.nodes[node.id] = node
        if old.parent != node.parent:
            if old.parent is not None:
                self._waiting.get(old.parent, set()).discard(node.id)
            if node.parent is not None and node.parent not in self.nodes:
                self._waiting.setdefault(node.parent, set()).add(node.id)
        if self._wanted_parent(node) != self._parent[node.id]:
            moved.add(node.id)
        else:  # its key may have changed: its place among the same siblings
            resort.add(self._parent[node.id])

    def _resort(self, manager_id: int | None, dirty: set[int]) -> None:
        """Put a family's children (None: the trees) back in the order of their keys."""
        siblings = self._roots if manager_id is None else self._kids.get(manager_id)
        if siblings:
            ordered = sorted(siblings, key=self._key)
            if ordered != siblings:
                self._mark_family(manager_id, dirty)
                siblings[:] = ordered

    def _remove(self, node_id: int, dirty: set[int], moved: set[int]) -> None:
        """Take a node out of the forest; its children become roots (their parent is looked for again)."""
        up = self._parent[node_id]
        self._mark_family(up, dirty)
        if node_id in self._depth:
            self._shown_before.add(node_id)
            self._dissolve(node_id)
            self._forget(node_id, member=False)
        self._siblings(node_id).remove(node_id)
        if up is not None and not self._kids[up]:
            del self._kids[up]
        for kid in self._kids.pop(node_id, []):
            self._parent[kid] = None
            self._roots.insert(self._position(self._roots, kid), kid)
            moved.add(kid)
            self._waiting.setdefault(node_id, set()).add(kid)
        node = self.nodes.pop(node_id)
        if node.parent is not None and node.parent in self._waiting:
            self._waiting[node.parent].discard(node_id)
        del self._parent[node_id]
        self.collapsed.discard(node_id)
        self.hidden_counts.pop(node_id, None)

    def _reattach(self, node_id: int, dirty: set[int]) -> None:
        """Hang a node under the parent its node names (a root if none), in its siblings' order."""
        wanted = self._wanted_parent(self.nodes[node_id])
        old = self._parent[node_id]
        if wanted == old:
            return
        self._mark_family(old, dirty)
        siblings = self._siblings(node_id)
        siblings.remove(node_id)
        if not siblings and old is not None:
            del self._kids[old]
        self._parent[node_id] = wanted
        self._mark_family(wanted, dirty)
        siblings = self._siblings(node_id)
        siblings.insert(self._position(siblings, node_id), node_id)

    # --- shown and hidden -------------------------------------------------------------------------------

    def _show_or_hide(self, node_id: int, change: LayoutChange, dirty: set[int], forced: set[int]) -> None:
        """A node hangs somewhere new: shown at its new depth, or hidden under a collapsed card."""
        up = self._parent[node_id]
        shown = up is None or (up in self._depth and up not in self.collapsed)
        depth = 0 if up is None else self._depth.get(up, -1) + 1
        if node_id in self._depth:
            if not shown:
                self._hide(node_id, change)
                return
            if self._depth[node_id] != depth:
                self._redepth(node_id, depth, forced)
            forced.add(node_id)
        elif shown:
            self._show(node_id, depth, dirty, change)

    def _dissolve(self, manager_id: int) -> None:
        """Count a compact column's members as cards of their own (it is formed again when arranged)."""
        column = self._column.pop(manager_id, None)
        if column is None:
            return
        depth = self._depth[manager_id] + 1
        self._count(depth, column[1], -1)
        for kid in self._kids.get(manager_id, ()):
            self._count(depth, self.nodes[kid].height, 1)

    def _forget(self, v: int, *, member: bool) -> None:
        """Take one shown node off the chart's books (``member``: of a column, not counted on its own)."""
        depth = self._depth.pop(v)
        if not member:
            self._count(depth, self.nodes[v].height, -1)
        column = self._column.pop(v, None)
        if column is not None:
            self._count(depth + 1, column[1], -1)
        self._centre.pop(v, None)
        self._offset.pop(v, None)
        self._outline.pop(v, None)
        self._member.pop(v, None)
        self._placements.pop(v, None)

    def _hide(self, node_id: int, change: LayoutChange) -> None:
        """Take a shown node and everything shown below it off the chart (its own column already dissolved)."""
        stack = [(node_id, False)]
        while stack:
            v, member = stack.pop()
            in_column = v in self._column
            kids = [] if v in self.collapsed else self._kids.get(v, [])
            self._forget(v, member=member)
            change.gone.add(v)
            self.hidden_counts.pop(v, None)
            stack.extend((kid, in_column) for kid in kids)

    def _show(self, node_id: int, depth: int, dirty: set[int], change: LayoutChange) -> None:
        """Put a node and its subtree, down to the collapsed cards, on the chart at ``depth``."""
        stack = [(node_id, depth)]
        while stack:
            v, d = stack.pop()
            self._depth[v] = d
            change.shown.add(v)
            self._count(d, self.nodes[v].height, 1)
            dirty.add(v)
            if v not in self.collapsed:
                stack.extend((kid, d + 1) for kid in self._kids.get(v, ()))

    def _redepth(self, node_id: int, depth: int, forced: set[int]) -> None:
        """A shown subtree hangs at another depth: the same arrangement, other levels (other gaps, maybe)."""
        step = depth - self._depth[node_id]
        stack = [(node_id, False)]
        while stack:
            v, member = stack.pop()
            forced.add(v)
            old = self._depth[v]
            self._depth[v] = old + step
            if not member:
                self._count(old, self.nodes[v].height, -1)
                self._count(old + step, self.nodes[v].height, 1)
            column = self._column.get(v)
            if column is not None:
                self._count(old + 1, column[1], -1)
                self._count(old + 1 + step, column[1], 1)
            stack.extend((kid, column is not None) for kid in self.reports(v))

    def _count(self, depth: int, height: float, step: int) -> None:
        while len(self._levels) <= depth:
            self._levels.append({})
        level = self._levels[depth]
        level[height] = level.get(height, 0) + step
        if not level[height]:
            del level[height]

    # --- outlines and places ----------------------------------------------------------------------------

    def prepare(self) -> None:
        """Work out what following a change needs (the families' outlines), if not yet done.

        The first change, and reading an anchor, a team or a room, does it (about as long as laying the
        forest out); a chart calls it once it is on the screen, so that the first change is quick too.
        """
        if self._measured or self.broken:
            return
        self._measured = True
        places, nodes, collapsed, kids_of = self._placements, self.nodes, self.collapsed, self._kids
        centre, offset, outline, column, member = (
            self._centre,
            self._offset,
            self._outline,
            self._column,
            self._member,
        )
        depth_of, count = self._depth, self._count
        order: list[int] = []
        stack = list(self._roots)
        while stack:
            v = stack.pop()
            order.append(v)
            place = places[v]
            centre[v] = place.x + place.width / 2
            if v not in collapsed:
                stack.extend(kids_of.get(v, ()))
        for v in order:
            kids = () if v in collapsed else kids_of.get(v, ())
            up = self._parent[v]
            if up is None or up not in column:
                count(depth_of[v], nodes[v].height, 1)
                if up is not None:
                    offset[v] = centre[v] - centre[up]
            if kids and self._heads_column(v, kids):
                width = max(nodes[k].width for k in kids)
                height = sum(nodes[k].height for k in kids) + self.sibling_gap * (len(kids) - 1)
                column[v] = (width, height)
                count(depth_of[v] + 1, height, 1)
                top = places[kids[0]].y
                for kid in kids:
                    member[kid] = (centre[kid] - centre[v], places[kid].y - top)
        for v in reversed(order):
            if v in collapsed or v not in kids_of:
                half = nodes[v].width / 2
                outline[v] = ([-half], [half])
            else:
                outline[v] = self._outline_of(v)
        self._tops, self._heights = self._level_tops(), self._level_heights()

    def _heads_column(self, v: int, kids: Sequence[int]) -> bool:
        return (
            self.compact
            and len(kids) >= 2
            and all(k in self.collapsed or not self._kids.get(k) for k in kids)
        )

    def _outline_of(self, v: int) -> Outline:
        half = self.nodes[v].width / 2
        left, right = [-half], [half]
        column = self._column.get(v)
        if column is not None:
            left.append(-column[0] / 2)
            right.append(column[0] / 2)
            return left, right
        offset, outline = self._offset, self._outline
        for kid in self.reports(v):
            shift = offset[kid]
            kid_left, kid_right = outline[kid]
            for depth, (lo, hi) in enumerate(zip(kid_left, kid_right, strict=True), start=1):
                if depth < len(left):
                    if shift + lo < left[depth]:
                        left[depth] = shift + lo
                    if shift + hi > right[depth]:
                        right[depth] = shift + hi
                else:
                    left.append(shift + lo)
                    right.append(shift + hi)
        return left, right

    def _arrange(self, v: int) -> None:
        """Place v's shown children (or its column) relative to v, by Walker's rules."""
        self._dissolve(v)
        kids = self.reports(v)
        nodes = self.nodes
        if self._heads_column(v, kids):
            depth = self._depth[v] + 1
            for kid in kids:
                self._count(depth, nodes[kid].height, -1)
                self._offset.pop(kid, None)
            width = max(nodes[k].width for k in kids)
            height = sum(nodes[k].height for k in kids) + self.sibling_gap * (len(kids) - 1)
            self._column[v] = (width, height)
            self._count(depth, height, 1)
            top = 0.0
            for kid in kids:
                self._member[kid] = (nodes[kid].width / 2 - width / 2, top)
                top += nodes[kid].height + self.sibling_gap
            return
        if not kids:
            return
        outline = self._outline
        count = len(kids)
        place = [0.0] * count
        shift, change = [0.0] * count, [0.0] * count
        edge = list(outline[kids[0]][1])  # the right edge of the children placed so far, at each depth
        owner = [0] * len(edge)  # the child whose subtree has that edge
        for j in range(1, count):
            kid = kids[j]
            kid_left, kid_right = outline[kid]
            x = place[j - 1] + (nodes[kids[j - 1]].width + nodes[kid].width) / 2 + self.sibling_gap
            for d in range(1, min(len(edge), len(kid_left))):
                need = edge[d] + self.subtree_gap - (x + kid_left[d])
                if need > 0:
                    culprit = owner[d]
                    between = j - culprit
                    change[j] -= need / between
                    shift[j] += need
                    change[culprit] += need / between
                    x += need
            place[j] = x
            for d, hi in enumerate(kid_right):
                if d < len(edge):
                    edge[d], owner[d] = x + hi, j
                else:
                    edge.append(x + hi)
                    owner.append(j)
        moved = total = 0.0
        for j in range(count - 1, -1, -1):  # spread the siblings between a pushed child and its culprit
            place[j] += moved
            total += change[j]
            moved += shift[j] + total
        middle = (place[0] + place[-1]) / 2
        for kid, x in zip(kids, place, strict=True):
            self._offset[kid] = x - middle

    def _level_heights(self) -> list[float]:
        return [max(level) for level in self._levels if level]

    def _level_tops(self) -> list[float]:
        tops, top = [], 0.0
        for level in self._levels:
            if not level:
                break
            tops.append(top)
            top += max(level) + self.level_gap
        return tops

    def _local(self, node_id: int) -> tuple[bool, Any]:
        """What a node's anchor is made of (to tell whether arranging its family moved it)."""
        if self._parent[node_id] in self._column:
            return True, self._member.get(node_id)
        return False, self._offset.get(node_id)

    def _finish(
        self, change: LayoutChange, dirty: set[int], shifted: set[int], *, trees: bool, hidden: bool = True
    ) -> None:
        """Arrange the dirty families and those above them; say which cards and teams moved.

        ``shifted``: shown nodes known to have a new anchor (they hang somewhere else, or were resized);
        ``hidden``: count what each collapsed card hides again.
        """
        change.gone -= change.shown
        by_depth: dict[int, set[int]] = {}
        for v in dirty:
            if v in self._depth:
                by_depth.setdefault(self._depth[v], set()).add(v)
                change.teams.add(v)
        while by_depth:
            depth = max(by_depth)
            for v in by_depth.pop(depth):
                kids = self.reports(v)
                before = [(kid, self._local(kid)) for kid in kids]
                self._arrange(v)
                arranged = [kid for kid, local in before if self._local(kid) != local]
                shifted.update(arranged)
                outline = self._outline_of(v)
                if arranged or outline != self._outline.get(v):
                    change.teams.add(v)
                if outline != self._outline.get(v):
                    self._outline[v] = outline
                    up = self._parent[v]
                    if up is None:
                        trees = True
                    else:
                        by_depth.setdefault(depth - 1, set()).add(up)
        tops, heights = self._level_tops(), self._level_heights()
        if tops != self._tops:  # compact columns changed a level's height: every level below moves
            shifted.update(self._depth)
        if tops != self._tops or heights != self._heights:  # the room under each team too
            self._tops, self._heights = tops, heights
            change.teams.update(v for v in self._depth if self.reports(v))
        if trees:
            cursor = 0.0
            for root in self._roots:
                left, right = self._outline[root]
                centre = cursor - min(left)
                if self._centre.get(root) != centre:
                    self._centre[root] = centre
                    shifted.add(root)
                cursor += max(right) - min(left) + self.tree_gap
            self.width = cursor - self.tree_gap if self._roots else 0.0
        self.height = self._tops[-1] + max(self._levels[len(self._tops) - 1]) if self._tops else 0.0
        shifted &= self._depth.keys()
        self._pending |= shifted | change.shown
        change.moved |= shifted - change.shown
        for v in change.moved | change.shown:
            up = self._parent[v]
            if up is not None:
                change.teams.add(up)
            if v in change.moved and self.reports(v):
                change.teams.add(v)
        change.teams &= self._depth.keys()
        if hidden:
            self._count_hidden(change)

    def _place(self, shifted: Iterable[int]) -> None:
        """Work out the places of the shifted nodes and of everything shown below them."""
        done: set[int] = set()
        nodes, depth_of, tops, centre, offset = (
            self.nodes,
            self._depth,
            self._tops,
            self._centre,
            self._offset,
        )
        placements = self._placements
        starts = set()
        for v in shifted:
            up = self._parent.get(v)
            starts.add(up if up is not None and up in self._column else v)  # a column moves as one
        for start in sorted(starts, key=lambda v: depth_of.get(v, -1)):
            if start in done or start not in depth_of:
                continue
            stack = [start]
            while stack:
                v = stack.pop()
                done.add(v)
                node = nodes[v]
                up = self._parent[v]
                if up is not None:
                    centre[v] = centre[up] + offset[v]
                depth = depth_of[v]
                placements[v] = Placement(
                    centre[v] - node.width / 2, tops[depth], node.width, node.height, depth
                )
                column = self._column.get(v)
                if column is None:
                    stack.extend(self.reports(v))
                    continue
                left, top = centre[v] - column[0] / 2, tops[depth + 1]
                for kid in self.reports(v):
                    member = nodes[kid]
                    done.add(kid)
                    centre[kid] = left + member.width / 2
                    placements[kid] = Placement(left, top, member.width, member.height, depth + 1)
                    top += member.height + self.sibling_gap

    def _count_hidden(self, change: LayoutChange) -> None:
        for v in self.collapsed:
            if v not in self._depth:
                continue
            count, stack = 0, list(self._kids.get(v, ()))
            while stack:
                count += 1
                stack.extend(self._kids.get(stack.pop(), ()))
            if self.hidden_counts.get(v) != count:
                self.hidden_counts[v] = change.hidden_counts[v] = count

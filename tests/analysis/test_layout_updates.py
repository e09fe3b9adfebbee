"""A layout that follows its forest's changes: after each change it is tidy_tree's layout of the new forest,
and what it says moved is exactly what moved."""

from __future__ import annotations

import random

import pytest

from accountplan.analysis.layout import LayoutNode, Placement, TreeLayout, tidy_tree
from accountplan.analysis.layout_updates import LayoutChange, LiveTreeLayout


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


class Forest:
    """Nodes by id with a sort key each, the way the org chart keeps people (name, then id), and a chart
    that hangs each card under its manager's and follows what the live layout says changed."""

    def __init__(
        self, nodes: list[LayoutNode], *, collapsed: set[int] | None = None, compact: bool = False
    ) -> None:
        self.nodes = {node.id: node for node in nodes}
        self.keys = {node.id: (f"{node.id:05d}", node.id) for node in nodes}
        self.collapsed = collapsed or set()
        self.compact = compact
        self.live = LiveTreeLayout(
            self.ordered(), self.keys.__getitem__, collapsed=self.collapsed, compact=compact
        )
        live = self.live
        self.anchors = {pid: live.anchor(pid) for pid in live.placements}
        self.parents = {pid: live.parent(pid) for pid in live.placements}
        self.teams = self.team_shapes()

    def ordered(self) -> list[LayoutNode]:
        return sorted(self.nodes.values(), key=lambda node: self.keys[node.id])

    def expected(self) -> TreeLayout:
        return tidy_tree(self.ordered(), collapsed=self.collapsed, compact=self.compact)

    def team_shapes(self) -> dict[int, tuple[object, ...]]:
        live = self.live
        return {pid: (live.team(pid), live.extent(pid)) for pid in live.placements if live.reports(pid)}

    def follow(self, change: LayoutChange | None) -> None:
        """Apply what the live layout says changed to the chart, as the org chart does, and compare."""
        assert change is not None
        live = self.live
        assert not change.gone & (change.shown | change.moved)
        for gone in change.gone:
            del self.anchors[gone], self.parents[gone]
        for pid in change.shown | change.moved:
            self.anchors[pid], self.parents[pid] = live.anchor(pid), live.parent(pid)
        expected = self.expected()
        # The chart, from the anchors it was told about alone, is tidy_tree's.
        assert self.anchors.keys() == expected.placements.keys()
        for pid, place in expected.placements.items():
            x, y = self.on_chart(pid)
            assert close(x, place.centre_x) and close(y, place.y), (pid, (x, y), place)
        got = live.layout()
        same_places(got.placements, expected.placements)
        assert got.edges == edges_in_tree_order(expected)
        assert got.hidden_counts == expected.hidden_counts
        assert close(got.width, expected.width) and close(got.height, expected.height)
        # A team the change did not name looks as it did.
        teams = self.team_shapes()
        for pid in (teams.keys() | self.teams.keys()) - change.teams - change.gone:
            assert teams.get(pid) == self.teams.get(pid), pid
        self.teams = teams

    def on_chart(self, pid: int) -> tuple[float, float]:
        x, y = self.anchors[pid]
        up = self.parents[pid]
        while up is not None:
            dx, dy = self.anchors[up]
            x, y = x + dx, y + dy
            up = self.parents[up]
        return x, y

    def moves(self, node_id: int, parent: int | None) -> LayoutChange | None:
        node = self.nodes[node_id]
        self.nodes[node_id] = LayoutNode(node_id, parent, node.width, node.height)
        return self.live.update([self.nodes[node_id]])


def edges_in_tree_order(layout: TreeLayout) -> list[tuple[int, int]]:
    """tidy_tree's edges are in input order; the live layout's in tree order (each manager, then their team)."""
    teams: dict[int, list[int]] = {}
    for parent, child in layout.edges:
        teams.setdefault(parent, []).append(child)
    children = {child for _, child in layout.edges}
    roots = [pid for pid in layout.placements if pid not in children]
    found: list[tuple[int, int]] = []
    stack = list(reversed(roots))
    while stack:
        v = stack.pop()
        found.extend((v, kid) for kid in teams.get(v, ()))
        stack.extend(reversed(teams.get(v, ())))
    return found


def same_places(got: dict[int, Placement], expected: dict[int, Placement]) -> None:
    assert got.keys() == expected.keys()
    for pid, place in expected.items():
        mine = got[pid]
        assert close(mine.x, place.x) and close(mine.y, place.y), (pid, mine, place)
        assert (mine.width, mine.height, mine.depth) == (place.width, place.height, place.depth), (
            pid,
            mine,
            place,
        )


def random_forest(
    rng: random.Random, count: int, *, heights: tuple[float, ...] = (78.0,)
) -> list[LayoutNode]:
    nodes = []
    for i in range(1, count + 1):
        parent = rng.randrange(1, i) if i > 1 and rng.random() < 0.92 else None
        nodes.append(LayoutNode(i, parent, rng.choice((168.0, 190.0, 236.0)), rng.choice(heights)))
    return nodes


def below(forest: Forest, node_id: int) -> set[int]:
    """The node and everyone under it."""
    kids: dict[int, list[int]] = {}
    for node in forest.nodes.values():
        if node.parent in forest.nodes:
            kids.setdefault(node.parent, []).append(node.id)
    found, todo = {node_id}, [node_id]
    while todo:
        for kid in kids.get(todo.pop(), ()):
            found.add(kid)
            todo.append(kid)
    return found


def test_moving_a_card_under_another_manager_places_it_in_that_team() -> None:
    forest = Forest(
        [
            LayoutNode(1, None, 100, 50),
            LayoutNode(2, 1, 100, 50),
            LayoutNode(3, 1, 100, 50),
            LayoutNode(4, 2, 100, 50),
            LayoutNode(5, 2, 100, 50),
            LayoutNode(6, 3, 100, 50),
        ]
    )
    change = forest.moves(5, 3)
    forest.follow(change)
    assert change is not None and 5 in change.moved
    places = forest.live.placements
    assert (
        places[5].y == places[6].y and places[5].x < places[6].x
    )  # beside its new colleague (5 sorts first)
    assert {2, 3} <= change.teams  # both teams' lines are drawn again


def test_a_change_that_moves_nothing_reports_nothing() -> None:
    forest = Forest([LayoutNode(1, None, 100, 50), LayoutNode(2, 1, 100, 50)])
    change = forest.live.update([LayoutNode(2, 1, 100, 50)])
    assert change is not None and not change.moved and not change.shown and not change.gone


def test_a_loop_is_refused_and_the_layout_says_to_start_again() -> None:
    forest = Forest([LayoutNode(1, None, 100, 50), LayoutNode(2, 1, 100, 50)])
    assert forest.moves(1, 2) is None
    assert forest.live.broken


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("seed", range(12))
def test_after_every_change_the_layout_is_tidy_trees(seed: int, compact: bool) -> None:
    rng = random.Random(seed)
    nodes = random_forest(rng, rng.choice((8, 30, 120)), heights=(78.0,) if seed % 3 else (40.0, 78.0, 90.0))
    collapsed = {node.id for node in nodes if rng.random() < 0.05}
    forest = Forest(nodes, collapsed=collapsed, compact=compact)
    next_id = len(nodes) + 1
    for _ in range(40):
        ids = sorted(forest.nodes)
        action = rng.random()
        if action < 0.35 and len(ids) > 1:  # a drag onto another manager, or off every manager
            node_id = rng.choice(ids)
            allowed = [pid for pid in ids if pid not in below(forest, node_id)]
            change = forest.moves(node_id, rng.choice(allowed) if allowed and rng.random() < 0.9 else None)
        elif action < 0.5:  # someone new
            parent = rng.choice(ids) if ids and rng.random() < 0.9 else None
            forest.nodes[next_id] = LayoutNode(next_id, parent, rng.choice((168.0, 200.0)), 78.0)
            forest.keys[next_id] = (rng.choice(("a", "m", "z")), next_id)
            change = forest.live.update([forest.nodes[next_id]])
            next_id += 1
        elif action < 0.65 and ids:  # someone deleted: their team moves up to their manager, as the plan does
            node_id = rng.choice(ids)
            gone = forest.nodes.pop(node_id)
            forest.keys.pop(node_id)
            forest.collapsed.discard(node_id)
            team = [n for n in forest.nodes.values() if n.parent == node_id]
            if rng.random() < 0.8:
                team = [LayoutNode(n.id, gone.parent, n.width, n.height) for n in team]
                forest.nodes.update({n.id: n for n in team})
                change = forest.live.update(team, removed=[node_id])
            else:  # a program that left them pointing at nobody: they are roots
                change = forest.live.update([], removed=[node_id])
        elif action < 0.75 and ids:  # a new name: a new width and a new place among the siblings
            node_id = rng.choice(ids)
            node = forest.nodes[node_id]
            forest.nodes[node_id] = LayoutNode(node_id, node.parent, rng.choice((168.0, 236.0)), node.height)
            forest.keys[node_id] = (rng.choice(("b", "n", "y")), node_id)
            change = forest.live.update([forest.nodes[node_id]])
        elif ids:  # a team collapsed or expanded
            node_id = rng.choice(ids)
            wanted = node_id not in forest.collapsed
            (forest.collapsed.add if wanted else forest.collapsed.discard)(node_id)
            change = forest.live.set_collapsed(node_id, wanted)
        else:
            continue
        forest.follow(change)


def organisation(people: int, rng: random.Random) -> list[LayoutNode]:
    """One tree filled breadth first, each manager with 3 to 9 reports, a third of them with none."""
    nodes = [LayoutNode(0, None, 200.0, 78.0)]
    level = [0]
    while len(nodes) < people:
        below = []
        for manager in level:
            if below and rng.random() < 0.35:
                continue
            for _ in range(min(rng.randint(3, 9), people - len(nodes))):
                nodes.append(LayoutNode(len(nodes), manager, rng.choice((168.0, 190.0, 236.0)), 78.0))
                below.append(nodes[-1].id)
        level = below
    return nodes


def test_among_twenty_thousand_people_a_drag_near_the_top_moves_few_cards() -> None:
    nodes = organisation(20_000, random.Random(7))
    forest = Forest(nodes)
    heads = [n.id for n in nodes if n.parent == 0]
    team = {n.id: [m.id for m in nodes if m.parent == n.id] for n in nodes if n.parent in heads}
    person = next(pid for pid, below in team.items() if len(below) < 6)
    change = forest.moves(person, heads[-1])
    forest.follow(change)
    assert change is not None and person in change.moved
    assert len(change.moved) < 100  # the families on the way up, not the thousands of cards beside them

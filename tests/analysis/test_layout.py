"""The tidy-tree layout: exact places on small trees, and its invariants on random forests up to 20,000 people."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Sequence

import pytest

from accountplan.analysis.layout import LayoutNode, Placement, TreeLayout, tidy_tree

SIBLING_GAP, SUBTREE_GAP, LEVEL_GAP, TREE_GAP = 16.0, 32.0, 56.0, 64.0


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def card(id_: int, parent: int | None = None, width: float = 100.0, height: float = 50.0) -> LayoutNode:
    return LayoutNode(id_, parent, width, height)


def check_invariants(
    nodes: Sequence[LayoutNode],
    layout: TreeLayout,
    *,
    collapsed: Collection[int] = (),
    compact: bool = False,
) -> None:
    """Every promise of tidy_tree, checked from the nodes alone (default gaps, a forest without loops)."""
    folded = set(collapsed)
    by_id = {node.id: node for node in nodes}
    kids: dict[int, list[int]] = {node.id: [] for node in nodes}
    roots: list[int] = []
    for node in nodes:
        if node.parent in by_id:
            kids[node.parent].append(node.id)
        else:
            roots.append(node.id)

    # Who is visible, at what depth, and what each collapsed card hides (breadth first: bosses first).
    depth: dict[int, int] = {}
    visible: set[int] = set()
    everyone: list[int] = []
    queue = deque(roots)
    while queue:
        v = queue.popleft()
        everyone.append(v)
        parent = by_id[v].parent
        depth[v] = depth[parent] + 1 if parent in by_id else 0
        if parent not in by_id or (parent in visible and parent not in folded):
            visible.add(v)
        queue.extend(kids[v])
    assert len(everyone) == len(nodes)
    below = dict.fromkeys(everyone, 0)
    for v in reversed(everyone):
        parent = by_id[v].parent
        if parent in by_id:
            below[parent] += below[v] + 1

    placed = layout.placements
    assert list(placed) == [node.id for node in nodes if node.id in visible]
    for v, p in placed.items():
        assert (p.width, p.height, p.depth) == (by_id[v].width, by_id[v].height, depth[v])
        assert close(p.centre_x, p.x + p.width / 2) and close(p.bottom, p.y + p.height)
    assert sorted(layout.edges) == sorted((by_id[v].parent, v) for v in visible if depth[v] > 0)
    assert layout.hidden_counts == {v: below[v] for v in visible if v in folded}

    # The bounding box starts at (0, 0) and holds everything.
    if placed:
        assert close(min(p.x for p in placed.values()), 0.0)
        assert close(min(p.y for p in placed.values()), 0.0)
        assert close(layout.width, max(p.x + p.width for p in placed.values()))
        assert close(layout.height, max(p.bottom for p in placed.values()))
    else:
        assert (layout.width, layout.height) == (0.0, 0.0)

    # Parents centred over their children, kept in order side by side, or stacked in a column.
    columns: set[int] = set()
    for v in visible:
        shown = [] if v in folded else kids[v]
        if not shown:
            continue
        centre = placed[v].centre_x
        if compact and len(shown) >= 2 and all(not kids[c] or c in folded for c in shown):
            stack = [placed[c] for c in shown]
            assert all(close(p.x, stack[0].x) for p in stack)
            assert close(stack[0].x + max(p.width for p in stack) / 2, centre)
            for upper, lower in zip(stack, stack[1:], strict=False):
                assert close(lower.y, upper.bottom + SIBLING_GAP)
            columns.update(shown[1:])
        else:
            xs = [placed[c].centre_x for c in shown]
            assert close(centre, (xs[0] + xs[-1]) / 2)
            assert all(a < b for a, b in zip(xs, xs[1:], strict=False))

    # Levels: one top per depth (a column starts there), under the lowest bottom of the depth above.
    levels: dict[int, list[Placement]] = {}
    for p in placed.values():
        levels.setdefault(p.depth, []).append(p)
    tops = {d: min(p.y for p in row) for d, row in levels.items()}
    for v, p in placed.items():
        if v not in columns:
            assert close(p.y, tops[p.depth])
    for d in range(1, len(levels)):
        assert close(tops[d], max(p.bottom for p in levels[d - 1]) + LEVEL_GAP)

    # Roots left to right in input order, each tree's box tree_gap after the previous one.
    shown_roots = [r for r in roots if r in visible]
    tree_of: dict[int, int] = {}
    for v in everyone:
        parent = by_id[v].parent
        tree_of[v] = tree_of[parent] if parent in by_id else v
    boxes: dict[int, list[float]] = {r: [float("inf"), float("-inf")] for r in shown_roots}
    for v, p in placed.items():
        box = boxes[tree_of[v]]
        box[0], box[1] = min(box[0], p.x), max(box[1], p.x + p.width)
    for left, right in zip(shown_roots, shown_roots[1:], strict=False):
        assert close(boxes[right][0], boxes[left][1] + TREE_GAP)

    assert_no_overlap(placed, by_id)


def assert_no_overlap(placed: dict[int, Placement], by_id: dict[int, LayoutNode]) -> None:
    """A sweep per depth: boxes whose x ranges meet must be one column; other neighbours keep their gaps."""
    rows: dict[int, list[tuple[int, Placement]]] = {}
    for v, p in placed.items():
        rows.setdefault(p.depth, []).append((v, p))
    for row in rows.values():
        row.sort(key=lambda item: (item[1].x, item[1].y))
        cluster = [row[0]]
        right = row[0][1].x + row[0][1].width
        for v, p in row[1:]:
            if p.x < right - 1e-6:
                cluster.append((v, p))
            else:
                _assert_stacked(cluster)
                last = max(cluster, key=lambda item: item[1].x + item[1].width)[0]
                same_parent = by_id[last].parent == by_id[v].parent and by_id[v].parent in by_id
                gap = SIBLING_GAP if same_parent else min(SUBTREE_GAP, TREE_GAP)
                assert p.x - right >= gap - 1e-6 * max(1.0, p.x)
                cluster = [(v, p)]
            right = max(right, p.x + p.width)
        _assert_stacked(cluster)
    depths = sorted(rows)
    for upper, lower in zip(depths, depths[1:], strict=False):
        bottom = max(p.bottom for _, p in rows[upper])
        assert min(p.y for _, p in rows[lower]) >= bottom + LEVEL_GAP - 1e-6 * max(1.0, bottom)


def _assert_stacked(cluster: list[tuple[int, Placement]]) -> None:
    """Boxes sharing x must lie one under the other, never on top of each other."""
    cluster = sorted(cluster, key=lambda item: item[1].y)
    for (_, upper), (_, lower) in zip(cluster, cluster[1:], strict=False):
        assert lower.y >= upper.bottom + SIBLING_GAP - 1e-6 * max(1.0, lower.y)


def random_forest(rng: random.Random, size: int, roots: int = 1, *, wide: bool = False) -> list[LayoutNode]:
    """An org forest: bosses before their reports in creation, then shuffled so input order is arbitrary.

    Deep: mostly someone recent as the boss (long chains), sometimes anyone (wide teams). Wide: a boss from
    an earlier band of people, as in an org chart filled level by level (fan-out about 3 to 9, shallow).
    """
    parents: list[int | None] = [None] * min(roots, size)
    for i in range(len(parents), size):
        if wide:
            parents.append(rng.randrange(i // 9, max(i // 3, i // 9 + 1)))
        elif rng.random() < 0.7:
            parents.append(rng.randrange(max(0, i - 30), i))
        else:
            parents.append(rng.randrange(i))
    ids = rng.sample(range(10 * size + 1), size)
    nodes = [
        LayoutNode(ids[i], None if p is None else ids[p], rng.uniform(80, 220), rng.uniform(40, 90))
        for i, p in enumerate(parents)
    ]
    rng.shuffle(nodes)
    return nodes


# --- exact places on small trees ---------------------------------------------------------------------------


def test_nothing_to_lay_out() -> None:
    assert tidy_tree([]) == TreeLayout({}, [], {}, 0.0, 0.0)


def test_a_single_card_sits_at_the_origin() -> None:
    layout = tidy_tree([card(7, width=120, height=60)])
    assert layout.placements == {7: Placement(0.0, 0.0, 120.0, 60.0, 0)}
    assert (layout.width, layout.height, layout.edges, layout.hidden_counts) == (120.0, 60.0, [], {})


def test_a_parent_is_centred_over_three_reports() -> None:
    nodes = [card(1), card(2, 1, height=40), card(3, 1, height=40), card(4, 1, height=40)]
    layout = tidy_tree(nodes)
    assert [layout.placements[i].x for i in (2, 3, 4)] == [0.0, 116.0, 232.0]
    assert layout.placements[1] == Placement(116.0, 0.0, 100.0, 50.0, 0)
    assert {layout.placements[i].y for i in (2, 3, 4)} == {50.0 + LEVEL_GAP}
    assert (layout.width, layout.height) == (332.0, 50.0 + LEVEL_GAP + 40.0)
    assert layout.edges == [(1, 2), (1, 3), (1, 4)]


def test_siblings_are_separated_by_their_own_half_widths() -> None:
    layout = tidy_tree([card(1), card(2, 1, width=80), card(3, 1, width=200)])
    assert layout.placements[3].centre_x - layout.placements[2].centre_x == (80 + 200) / 2 + SIBLING_GAP
    assert layout.placements[3].x - (layout.placements[2].x + 80) == SIBLING_GAP


def test_cousins_keep_the_subtree_gap() -> None:
    nodes = [card(1), card(2, 1), card(3, 1), card(4, 2), card(5, 3)]
    placed = tidy_tree(nodes).placements
    assert placed[5].x - (placed[4].x + 100) == SUBTREE_GAP
    # Their parents follow them apart, each centred over its only report.
    assert placed[2].x == placed[4].x and placed[3].x == placed[5].x


def test_siblings_keep_the_order_of_the_input_not_of_the_ids() -> None:
    placed = tidy_tree([card(50), card(9, 50), card(3, 50), card(7, 50)]).placements
    assert placed[9].x < placed[3].x < placed[7].x


def test_small_siblings_between_two_wide_subtrees_are_spread_evenly() -> None:
    # A and D each have five reports; B and C have none. D is pushed right, and B and C share the move.
    nodes = [card(0), card(1, 0), card(2, 0), card(3, 0), card(4, 0)]
    nodes += [card(10 + i, 1) for i in range(5)] + [card(20 + i, 4) for i in range(5)]
    placed = tidy_tree(nodes).placements
    a, b, c, d = (placed[i].centre_x for i in (1, 2, 3, 4))
    assert d - a > 3 * (100 + SIBLING_GAP)
    assert close(b - a, c - b) and close(c - b, d - c)
    assert placed[20].x - (placed[14].x + 100) == SUBTREE_GAP


def test_every_level_starts_under_the_tallest_card_above() -> None:
    nodes = [card(1, height=40), card(2, 1, height=90), card(3, 1, height=30), card(4, 3, height=50)]
    placed = tidy_tree(nodes).placements
    assert placed[2].y == placed[3].y == 40 + LEVEL_GAP
    assert placed[4].y == 40 + LEVEL_GAP + 90 + LEVEL_GAP


def test_a_forest_is_laid_out_tree_after_tree_in_input_order() -> None:
    # 30 reports to nobody we know: a root too.
    nodes = [card(1), card(2, 1), card(3, 1), card(20, 30), card(21, 20), card(10)]
    layout = tidy_tree(nodes)
    placed = layout.placements
    assert placed[2].x == 0.0
    assert placed[20].x == placed[3].x + 100 + TREE_GAP
    assert placed[10].x == placed[20].x + 100 + TREE_GAP
    assert placed[1].y == placed[20].y == placed[10].y == 0.0
    assert (layout.width, layout.height) == (placed[10].x + 100, 50 + LEVEL_GAP + 50)
    assert layout.edges == [(1, 2), (1, 3), (20, 21)]
    check_invariants(nodes, layout)


def test_custom_gaps_are_honoured() -> None:
    nodes = [card(1), card(2, 1), card(3, 1), card(4), card(5, 2), card(6, 3)]
    placed = tidy_tree(nodes, sibling_gap=4, subtree_gap=10, level_gap=20, tree_gap=100).placements
    assert placed[6].x - (placed[5].x + 100) == 10
    assert placed[2].y == 70 and placed[5].y == 140
    assert placed[4].x == placed[6].x + 100 + 100


# --- collapsed subtrees --------------------------------------------------------------------------------------


def test_a_collapsed_card_is_a_leaf_and_hides_its_descendants() -> None:
    nodes = [card(1), card(2, 1), card(3, 1), card(4, 2), card(5, 4), card(6, 4), card(7, 3)]
    layout = tidy_tree(nodes, collapsed={2, 99})
    assert set(layout.placements) == {1, 2, 3, 7}
    assert layout.hidden_counts == {2: 3}
    assert layout.edges == [(1, 2), (1, 3), (3, 7)]
    check_invariants(nodes, layout, collapsed={2, 99})


def test_a_collapsed_card_inside_a_collapsed_subtree_is_not_counted() -> None:
    nodes = [card(1), card(2, 1), card(3, 2), card(4, 3), card(5)]
    layout = tidy_tree(nodes, collapsed=[2, 3, 5])
    assert set(layout.placements) == {1, 2, 5}
    assert layout.hidden_counts == {2: 2, 5: 0}


def test_collapsing_a_root_leaves_only_the_root() -> None:
    nodes = [card(1), card(2, 1), card(3, 2)]
    layout = tidy_tree(nodes, collapsed=(1,))
    assert layout.placements == {1: Placement(0.0, 0.0, 100.0, 50.0, 0)}
    assert (layout.edges, layout.hidden_counts) == ([], {1: 2})


# --- compact mode --------------------------------------------------------------------------------------------


def test_compact_stacks_individual_contributors_in_a_centred_column() -> None:
    nodes = [card(1, width=200), card(2, 1, width=120, height=40), card(3, 1, width=80, height=60)]
    nodes.append(card(4, 1, width=100, height=50))
    layout = tidy_tree(nodes, compact=True)
    placed = layout.placements
    assert placed[2].x == placed[3].x == placed[4].x == 40.0
    assert (placed[2].y, placed[3].y, placed[4].y) == (106.0, 162.0, 238.0)
    assert placed[1].centre_x == placed[2].x + 60 == 100.0
    assert (layout.width, layout.height) == (200.0, 288.0)
    assert layout.edges == [(1, 2), (1, 3), (1, 4)]
    check_invariants(nodes, layout, compact=True)


def test_compact_leaves_mixed_teams_and_single_reports_side_by_side() -> None:
    nodes = [card(1), card(2, 1), card(3, 1), card(4, 3), card(5, 4)]
    placed = tidy_tree(nodes, compact=True).placements
    assert placed[2].y == placed[3].y and placed[2].x < placed[3].x
    assert placed[4].x == placed[3].x


def test_compact_treats_collapsed_managers_as_individual_contributors() -> None:
    nodes = [card(1), card(2, 1), card(3, 1), card(4, 3)]
    placed = tidy_tree(nodes, compact=True, collapsed={3}).placements
    assert placed[2].x == placed[3].x and placed[3].y == placed[2].bottom + SIBLING_GAP


def test_a_column_pushes_the_next_level_down_and_its_neighbours_aside() -> None:
    # 2 has a column of four; 3 has a chain whose depth-3 card must start under the column's bottom.
    nodes = [card(1), card(2, 1), card(3, 1), card(4, 3), card(5, 4)]
    nodes += [card(10 + i, 2, width=200) for i in range(4)]
    nodes.append(card(6, 3))
    layout = tidy_tree(nodes, compact=True)
    placed = layout.placements
    column_bottom = placed[13].bottom
    assert column_bottom == 212 + 4 * 50 + 3 * SIBLING_GAP
    assert placed[5].y == column_bottom + LEVEL_GAP
    assert placed[4].x >= placed[10].x + 200 + SUBTREE_GAP
    check_invariants(nodes, layout, compact=True)


# --- bad data and big trees ----------------------------------------------------------------------------------


def test_a_loop_of_managers_is_broken_at_its_first_card() -> None:
    # 1 -> 2 -> 3 -> 1 (each reports to the next), with 4 under 3 and a sound tree beside it.
    nodes = [card(10), card(11, 10), card(1, 2), card(2, 3), card(3, 1), card(4, 3)]
    layout = tidy_tree(nodes)
    assert set(layout.placements) == {10, 11, 1, 2, 3, 4}
    assert layout.placements[1].depth == 0
    assert (layout.placements[3].depth, layout.placements[2].depth, layout.placements[4].depth) == (1, 2, 2)
    assert (3, 1) not in layout.edges and (1, 3) in layout.edges
    assert layout.placements[1].x > layout.placements[11].x


def test_a_card_that_reports_to_itself_is_a_root() -> None:
    layout = tidy_tree([card(1, 1), card(2, 1)])
    assert layout.placements[1].depth == 0 and layout.edges == [(1, 2)]


def test_a_loop_entered_from_a_tail_is_broken_where_the_walk_meets_it() -> None:
    # 5 hangs under the loop 6 <-> 7; walking up from 5 meets 6 twice, so 6 becomes the root.
    layout = tidy_tree([card(5, 6), card(6, 7), card(7, 6)])
    assert layout.placements[6].depth == 0
    assert sorted(layout.edges) == [(6, 5), (6, 7)]


@pytest.mark.parametrize("seed", range(5))
def test_random_loops_are_broken_into_a_forest_laid_out_like_one(seed: int) -> None:
    # Everyone reports to a random person (or nobody): many loops, with trees hanging under them.
    rng = random.Random(500 + seed)
    ids = rng.sample(range(100_000), 2_000)
    nodes = [
        LayoutNode(i, None if rng.random() < 0.01 else rng.choice(ids), rng.uniform(80, 220), 50.0)
        for i in ids
    ]
    layout = tidy_tree(nodes, compact=seed % 2 == 1)
    assert set(layout.placements) == set(ids)
    # The same nodes with only the links the layout kept lay out the same way and keep every invariant.
    kept = {child: parent for parent, child in layout.edges}
    repaired = [LayoutNode(n.id, kept.get(n.id), n.width, n.height) for n in nodes]
    assert tidy_tree(repaired, compact=seed % 2 == 1) == layout
    assert len(layout.edges) == len(nodes) - sum(p.depth == 0 for p in layout.placements.values())
    check_invariants(repaired, layout, compact=seed % 2 == 1)


def test_two_cards_with_one_id_are_refused() -> None:
    with pytest.raises(ValueError, match="id 3"):
        tidy_tree([card(3), card(3)])


def test_a_chain_of_twenty_thousand_needs_no_recursion() -> None:
    nodes = [card(i, i - 1 if i else None) for i in range(20_000)]
    layout = tidy_tree(nodes)
    assert layout.placements[19_999].depth == 19_999
    assert {p.x for p in layout.placements.values()} == {0.0}
    assert layout.height == 20_000 * 50 + 19_999 * LEVEL_GAP
    collapsed = tidy_tree(nodes, collapsed={10})
    assert len(collapsed.placements) == 11 and collapsed.hidden_counts == {10: 19_989}


def test_twenty_thousand_reports_of_one_manager() -> None:
    nodes = [card(0)] + [card(i, 0) for i in range(1, 20_001)]
    layout = tidy_tree(nodes)
    assert layout.width == 20_000 * 100 + 19_999 * SIBLING_GAP
    assert close(layout.placements[0].centre_x, layout.width / 2)
    stacked = tidy_tree(nodes, compact=True)
    assert stacked.width == 100 and stacked.placements[20_000].y == 106 + 19_999 * (50 + SIBLING_GAP)


# --- invariants on random forests ----------------------------------------------------------------------------


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize(
    ("seed", "size", "roots"),
    [(1, 1, 1), (2, 2, 1), (3, 7, 2), (4, 30, 1), (5, 60, 4), (6, 200, 1), (7, 500, 3), (8, 2_000, 5)],
)
def test_random_forests_keep_every_invariant(
    seed: int, size: int, roots: int, wide: bool, compact: bool
) -> None:
    rng = random.Random(seed)
    nodes = random_forest(rng, size, roots, wide=wide)
    check_invariants(nodes, tidy_tree(nodes, compact=compact), compact=compact)
    collapsed = {node.id for node in nodes if rng.random() < 0.1}
    layout = tidy_tree(nodes, collapsed=collapsed, compact=compact)
    check_invariants(nodes, layout, collapsed=collapsed, compact=compact)


@pytest.mark.parametrize("seed", range(40))
def test_small_random_forests_have_no_overlap_by_brute_force(seed: int) -> None:
    rng = random.Random(1000 + seed)
    nodes = random_forest(rng, rng.randrange(1, 40), rng.randrange(1, 4), wide=seed % 2 == 0)
    collapsed = {node.id for node in nodes if rng.random() < 0.15}
    compact = rng.random() < 0.5
    boxes = list(tidy_tree(nodes, collapsed=collapsed, compact=compact).placements.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart_x = a.x + a.width + SIBLING_GAP <= b.x + 1e-9 or b.x + b.width + SIBLING_GAP <= a.x + 1e-9
            apart_y = a.bottom + SIBLING_GAP <= b.y + 1e-9 or b.bottom + SIBLING_GAP <= a.y + 1e-9
            assert apart_x or apart_y


@pytest.mark.parametrize(
    ("seed", "wide", "compact"), [(20, False, False), (21, False, True), (22, True, False), (23, True, True)]
)
def test_random_forests_of_twenty_thousand_keep_every_invariant(seed: int, wide: bool, compact: bool) -> None:
    rng = random.Random(seed)
    nodes = random_forest(rng, 20_000, 3, wide=wide)
    collapsed = {node.id for node in nodes if rng.random() < 0.02}
    layout = tidy_tree(nodes, collapsed=collapsed, compact=compact)
    check_invariants(nodes, layout, collapsed=collapsed, compact=compact)

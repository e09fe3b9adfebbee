"""The compact org chart's packing: every card placed once, none overlapping, every line from manager to report."""

from __future__ import annotations

import random

import pytest

from accountplan.analysis.layout import LayoutNode, Placement
from accountplan.analysis.packed_layout import PackedLayout, pack_once, packed_tree


def _forest(seed: int, count: int) -> list[LayoutNode]:
    rng = random.Random(seed)
    nodes = []
    for i in range(1, count + 1):
        parent = rng.randint(1, i - 1) if i > 1 and rng.random() > 0.03 else None
        nodes.append(LayoutNode(i, parent, rng.choice((116.0, 140.0, 170.0, 230.0)), 48.0))
    rng.shuffle(nodes)
    return nodes


def _overlap(a: Placement, b: Placement) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def _on_border(point: tuple[float, float], card: Placement) -> bool:
    x, y = point
    inside_x = card.x - 1e-6 <= x <= card.x + card.width + 1e-6
    inside_y = card.y - 1e-6 <= y <= card.y + card.height + 1e-6
    on_x = abs(x - card.x) < 1e-6 or abs(x - card.x - card.width) < 1e-6
    on_y = abs(y - card.y) < 1e-6 or abs(y - card.y - card.height) < 1e-6
    return inside_x and inside_y and (on_x or on_y)


def _check(layout: PackedLayout, nodes: list[LayoutNode]) -> None:
    places = layout.tree.placements
    assert set(places) == {node.id for node in nodes}
    ordered = sorted(places.values(), key=lambda p: p.x)
    for i, a in enumerate(ordered):  # sweep: only cards that start before a ends can overlap it
        for b in ordered[i + 1 :]:
            if b.x >= a.x + a.width:
                break
            assert not _overlap(a, b), (a, b)
    for place in places.values():
        assert place.x >= -1e-6 and place.y >= -1e-6
        assert place.x + place.width <= layout.width + 1e-6 and place.y + place.height <= layout.height + 1e-6
    assert len(layout.lines) == len(layout.tree.edges)
    for (manager, report), line in zip(layout.tree.edges, layout.lines, strict=True):
        assert _on_border(line[0], places[manager]), (manager, line)
        assert _on_border(line[-1], places[report]), (report, line)
        for (x0, y0), (x1, y1) in zip(line, line[1:], strict=False):
            assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6  # elbows only


@pytest.mark.parametrize("seed", range(12))
def test_random_forests_place_every_card_once_without_overlap_and_draw_every_line(seed: int) -> None:
    nodes = _forest(seed, 40 + seed * 25)
    _check(packed_tree(nodes), nodes)


@pytest.mark.parametrize("hang_from", [1, 2, 3, 99])
@pytest.mark.parametrize("limit", [200.0, 600.0, 2000.0, 100_000.0])
def test_every_packing_the_search_tries_is_sound(hang_from: int, limit: float) -> None:
    nodes = _forest(7, 150)
    _check(pack_once(nodes, limit, hang_from=hang_from), nodes)


def test_the_shape_follows_the_page_a_wide_tree_of_small_teams_becomes_about_as_tall_as_the_page() -> None:
    # 40 managers of three people each under one head: 160 cards in one row would be 27:1.
    nodes = [LayoutNode(1, None, 150.0, 48.0)]
    for team in range(40):
        manager = 2 + team * 4
        nodes.append(LayoutNode(manager, 1, 150.0, 48.0))
        nodes += [LayoutNode(manager + k, manager, 150.0, 48.0) for k in (1, 2, 3)]
    for aspect in (2**0.5, 1 / 2**0.5, 16 / 9):
        layout = packed_tree(nodes, aspect=aspect)
        _check(layout, nodes)
        shape = layout.width / layout.height
        assert aspect / 1.6 <= shape <= aspect * 1.6, (aspect, shape)


def test_assistants_sit_beside_their_manager_and_the_team_below() -> None:
    nodes = [
        LayoutNode(1, None, 150.0, 48.0),
        LayoutNode(2, 1, 120.0, 48.0),  # the assistant
        *(LayoutNode(i, 1, 150.0, 48.0) for i in range(3, 7)),
    ]
    layout = packed_tree(nodes, assistants={2})
    _check(layout, nodes)
    places = layout.tree.placements
    boss, aide = places[1], places[2]
    assert aide.y == boss.y and aide.x > boss.x + boss.width
    assert all(places[i].y > boss.y + boss.height for i in range(3, 7))
    # The assistant's line leaves the side of the manager's card.
    line = layout.lines[layout.tree.edges.index((1, 2))]
    assert line[0][0] == pytest.approx(boss.x + boss.width)


def test_an_assistant_who_manages_people_is_laid_out_as_a_manager() -> None:
    nodes = [LayoutNode(1, None, 150.0, 48.0), LayoutNode(2, 1, 120.0, 48.0), LayoutNode(3, 2, 120.0, 48.0)]
    places = packed_tree(nodes, assistants={2}).tree.placements
    assert places[2].y > places[1].y + places[1].height


def test_collapsed_cards_hide_their_teams_and_say_how_many() -> None:
    nodes = _forest(3, 120)
    manager = max(nodes, key=lambda node: sum(1 for other in nodes if other.parent == node.id)).id
    layout = packed_tree(nodes, collapsed={manager})
    assert layout.tree.hidden_counts[manager] > 0
    assert len(layout.tree.placements) == len(nodes) - layout.tree.hidden_counts[manager]


def test_a_loop_of_managers_and_a_chain_of_thousands_are_laid_out_without_recursion() -> None:
    looped = [LayoutNode(1, 3, 100.0, 40.0), LayoutNode(2, 1, 100.0, 40.0), LayoutNode(3, 2, 100.0, 40.0)]
    assert len(packed_tree(looped).tree.placements) == 3
    chain = [LayoutNode(1, None, 100.0, 40.0), *(LayoutNode(i, i - 1, 100.0, 40.0) for i in range(2, 3001))]
    assert len(packed_tree(chain).tree.placements) == 3000
    with pytest.raises(ValueError, match="two layout nodes have the id 1"):
        packed_tree([LayoutNode(1, None, 10.0, 10.0), LayoutNode(1, None, 10.0, 10.0)])

"""The reporting forest: each manager's direct reports and everyone's depth, safe from looping data."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accountplan.analysis.graphs import Person


def reporting_forest(people: Mapping[int, Person]) -> tuple[dict[int, list[int]], tuple[int, ...]]:
    """Each manager's direct reports, setting every person's depth, in linear time without recursion.

    A loop in the reporting lines (bad data) is broken at the first looping person met in id order:
    their manager link is left out and they become a root. Return the reports and those people.
    """
    reports: dict[int, list[int]] = {}
    manager_of: dict[int, int] = {}
    roots: list[int] = []
    for pid, person in people.items():
        manager = person.reports_to_id
        if manager is not None and manager != pid and manager in people:
            reports.setdefault(manager, []).append(pid)
            manager_of[pid] = manager
        else:
            roots.append(pid)
    depth: dict[int, int] = {}

    def descend(root: int) -> None:
        depth[root] = 0
        queue = deque([root])
        while queue:
            node = queue.popleft()
            below = depth[node] + 1
            for report in reports.get(node, ()):
                if report not in depth:
                    depth[report] = below
                    queue.append(report)

    for root in roots:
        descend(root)
    broken: list[int] = []
    if len(depth) < len(people):
        for pid in sorted(people):
            if pid in depth:
                continue
            # Not reached from a root: climbing its managers must end in a loop of unreached people.
            seen: set[int] = set()
            node = pid
            while node not in seen:
                seen.add(node)
                node = manager_of[node]
            reports[manager_of.pop(node)].remove(node)
            broken.append(node)
            descend(node)
    for pid, person in people.items():
        person.depth = depth[pid]
    return reports, tuple(broken)

"""The customer's decision process as a graph: columns to draw it, the critical path, and what is at risk.

Projected finish of a step: a done step finishes on its due date (None without one); any other step on the
latest of its due date, today (when the due date has passed) and the day after its prerequisites' latest
projected finish (None when none of these is known). The final step is the sink with the latest projected
finish (ties: the longest chain, then the lowest id); the critical path walks back from it, each time to the
prerequisite with the latest projected finish (same ties).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accountplan.model.enums import DecisionStepKind, StepStatus

if TYPE_CHECKING:
    import networkx as nx

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class StepNode:
    """One step of how the customer decides, with its owner's name ("" without one)."""

    id: int
    name: str
    kind: DecisionStepKind
    owner_id: int | None
    owner: str
    owner_departed: bool
    due: dt.date | None
    status: StepStatus
    notes: str


@dataclass(frozen=True)
class DecisionGraph:
    """The steps and their dependencies, ``(depends_on, step)``: an arrow from prerequisite to step."""

    steps: dict[int, StepNode]
    edges: tuple[tuple[int, int], ...]
    #: The deal's expected close, the day the decision should be taken (None for steps tied to no deal).
    decision_date: dt.date | None

    def digraph(self) -> nx.DiGraph:
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(sorted(self.steps))
        graph.add_edges_from(self.edges)
        return graph


@dataclass(frozen=True)
class PathAnalysis:
    """The critical path, each step's projected finish, the slack before the decision date, and the risks."""

    critical: tuple[int, ...]
    projected_finish: dict[int, dt.date | None]
    slack_days: int | None
    overdue: frozenset[int]
    blocked: frozenset[int]
    ownerless: frozenset[int]


def layers(graph: DecisionGraph) -> dict[int, int]:
    """The column of each step: 0 without prerequisites, else one more than its furthest prerequisite."""
    import networkx as nx

    digraph = graph.digraph()
    column: dict[int, int] = {}
    for step in nx.lexicographical_topological_sort(digraph):
        column[step] = max((column[p] + 1 for p in digraph.predecessors(step)), default=0)
    return column


def analyse(graph: DecisionGraph, today: dt.date) -> PathAnalysis:
    """The critical path to the decision, the projected finishes, the slack and the steps at risk."""
    import networkx as nx

    digraph = graph.digraph()
    column = layers(graph)
    finish: dict[int, dt.date | None] = {}
    for step_id in nx.lexicographical_topological_sort(digraph):
        finish[step_id] = _projected(
            graph.steps[step_id], [finish[p] for p in digraph.predecessors(step_id)], today
        )

    def rank(step_id: int) -> tuple[dt.date, int, int]:
        return (finish[step_id] or dt.date.min, column[step_id], -step_id)

    critical: list[int] = []
    sinks = [step_id for step_id in digraph if digraph.out_degree(step_id) == 0]
    if sinks:
        critical.append(max(sinks, key=rank))
        while prerequisites := list(digraph.predecessors(critical[-1])):
            critical.append(max(prerequisites, key=rank))
    critical.reverse()
    last = finish[critical[-1]] if critical else None
    slack = (graph.decision_date - last).days if graph.decision_date and last else None

    open_steps = {s.id for s in graph.steps.values() if s.status is not StepStatus.DONE}
    stopped = {s.id for s in graph.steps.values() if s.status is StepStatus.BLOCKED}
    behind = set(stopped).union(*(nx.descendants(digraph, step_id) for step_id in stopped))
    return PathAnalysis(
        critical=tuple(critical),
        projected_finish=finish,
        slack_days=slack,
        overdue=frozenset(i for i in open_steps if (due := graph.steps[i].due) is not None and due < today),
        blocked=frozenset(behind & open_steps),
        ownerless=frozenset(
            i for i in open_steps if graph.steps[i].owner_id is None or graph.steps[i].owner_departed
        ),
    )


def _projected(step: StepNode, prerequisites: list[dt.date | None], today: dt.date) -> dt.date | None:
    if step.status is StepStatus.DONE:
        return step.due
    candidates = [day + _DAY for day in prerequisites if day is not None]
    if step.due is not None:
        candidates.append(max(step.due, today))
    return max(candidates, default=None)

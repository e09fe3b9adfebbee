"""The decision process graph: columns, the critical path, projected finishes and slack on known graphs."""

from __future__ import annotations

import dataclasses
import datetime as dt

from accountplan.analysis.decision_path import DecisionGraph, StepNode, analyse, layers
from accountplan.model.enums import DecisionStepKind, StepStatus

D = dt.date
CASE, EVALUATION, SECURITY, PROCUREMENT, SIGNATURE = 1, 2, 3, 4, 5
IDS = {
    "case": CASE,
    "evaluation": EVALUATION,
    "security": SECURITY,
    "procurement": PROCUREMENT,
    "signature": SIGNATURE,
}


def _step(step_id: int, name: str, due: dt.date | None, **values: object) -> StepNode:
    fields: dict[str, object] = {
        "kind": DecisionStepKind.OTHER,
        "owner_id": 100 + step_id,
        "owner": f"Owner {step_id}",
        "owner_departed": False,
        "status": StepStatus.NOT_STARTED,
        "notes": "",
    }
    fields.update(values)
    return StepNode(id=step_id, name=name, due=due, **fields)  # type: ignore[arg-type]


DECISION = dt.date(2027, 2, 15)


def _graph(decision_date: dt.date | None = DECISION, **changes: dict[str, object]) -> DecisionGraph:
    """Business case and evaluation → security review (after the evaluation) → procurement → signature."""
    steps = {
        CASE: _step(CASE, "Business case", D(2027, 1, 10)),
        EVALUATION: _step(EVALUATION, "Technical evaluation", D(2027, 1, 20)),
        SECURITY: _step(SECURITY, "Security review", D(2027, 1, 25)),
        PROCUREMENT: _step(PROCUREMENT, "Procurement", D(2027, 2, 1)),
        SIGNATURE: _step(SIGNATURE, "Signature", D(2027, 2, 10)),
    }
    for name, values in changes.items():
        steps[IDS[name]] = dataclasses.replace(steps[IDS[name]], **values)  # type: ignore[arg-type]
    edges = ((EVALUATION, SECURITY), (CASE, PROCUREMENT), (SECURITY, PROCUREMENT), (PROCUREMENT, SIGNATURE))
    return DecisionGraph(steps=steps, edges=edges, decision_date=decision_date)


def test_each_step_sits_one_column_after_its_furthest_prerequisite() -> None:
    assert layers(_graph()) == {CASE: 0, EVALUATION: 0, SECURITY: 1, PROCUREMENT: 2, SIGNATURE: 3}


def test_on_plan_the_critical_path_follows_the_latest_prerequisites() -> None:
    found = analyse(_graph(), today=D(2027, 1, 1))
    assert found.critical == (EVALUATION, SECURITY, PROCUREMENT, SIGNATURE)
    assert found.projected_finish == {
        CASE: D(2027, 1, 10),
        EVALUATION: D(2027, 1, 20),
        SECURITY: D(2027, 1, 25),
        PROCUREMENT: D(2027, 2, 1),
        SIGNATURE: D(2027, 2, 10),
    }
    assert found.slack_days == 5
    assert found.overdue == found.blocked == found.ownerless == frozenset()


def test_a_late_step_pushes_everything_after_it_past_the_decision() -> None:
    graph = _graph(
        D(2027, 2, 1),
        case={"status": StepStatus.DONE, "owner_id": None},
        evaluation={"status": StepStatus.IN_PROGRESS},
        security={"status": StepStatus.BLOCKED},
        procurement={"owner_id": None, "owner": ""},
        signature={"due": None, "owner_departed": True},
    )
    found = analyse(graph, today=D(2027, 1, 30))
    assert found.projected_finish == {
        CASE: D(2027, 1, 10),  # done: its due date
        EVALUATION: D(2027, 1, 30),  # overdue: not before today
        SECURITY: D(2027, 1, 31),  # the day after the evaluation
        PROCUREMENT: D(2027, 2, 1),  # its own due date is later than the day after the review
        SIGNATURE: D(2027, 2, 2),  # no due date: the day after procurement
    }
    assert found.critical == (EVALUATION, SECURITY, PROCUREMENT, SIGNATURE)
    assert found.slack_days == -1
    assert found.overdue == {EVALUATION, SECURITY}
    assert found.blocked == {SECURITY, PROCUREMENT, SIGNATURE}
    assert found.ownerless == {PROCUREMENT, SIGNATURE}  # the done business case needs no owner any more


def test_without_a_decision_date_there_is_no_slack() -> None:
    found = analyse(_graph(None), today=D(2027, 1, 1))
    assert found.slack_days is None
    assert found.critical[-1] == SIGNATURE


def test_the_final_step_is_the_latest_sink_then_the_longest_chain_then_the_lowest_id() -> None:
    same_day = D(2027, 3, 1)
    steps = {
        1: _step(1, "Legal", same_day),
        2: _step(2, "Pilot", D(2027, 2, 1)),
        3: _step(3, "Board", same_day),
        4: _step(4, "Reference check", same_day),
    }
    found = analyse(DecisionGraph(steps, ((2, 3),), None), today=D(2027, 1, 1))
    assert found.critical == (2, 3)  # Board ties with Legal and Reference check but ends the longer chain
    alone = analyse(DecisionGraph({i: steps[i] for i in (1, 4)}, (), None), today=D(2027, 1, 1))
    assert alone.critical == (1,)


def test_an_empty_process_has_no_path() -> None:
    found = analyse(DecisionGraph({}, (), D(2027, 1, 1)), today=D(2027, 1, 1))
    assert (found.critical, found.slack_days, found.projected_finish) == ((), None, {})

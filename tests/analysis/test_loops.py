"""The no-loop rule, written once: the function itself, and every path that refuses a loop through it.

A reporting line, an org unit's nesting and a decision dependency are refused when they would loop, by an edit
in the window or the command line (plan/), by a plan file (interchange/planfile) and, for reporting lines, by a
contact import (interchange/contact_plan). Each words the refusal its own way; each names the same loop.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.analysis.loops import find_loops, loop_closed_by
from accountplan.errors import CycleRefused, InvalidPlanFile
from accountplan.interchange.contact_formats import read_contacts
from accountplan.interchange.contact_import import preview
from accountplan.interchange.planfile import export_account, validate
from accountplan.model import DecisionStep, OrgUnit, Stakeholder
from accountplan.plan.accounts import create_account
from accountplan.plan.decisions import add_dependency, add_step
from accountplan.plan.org_units import add_org_unit, update_org_unit
from accountplan.plan.people_merge import merge_people
from accountplan.plan.stakeholders import add_stakeholder, set_manager
from accountplan.store.database import Database


def _links(pairs: Sequence[tuple[int, int]]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    for source, target in pairs:
        links.setdefault(source, []).append(target)
    return links


def _same_loop(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether two loops are the same people in the same round, whichever of them each starts from."""
    a, b = list(first), list(second)
    if a and a[0] == a[-1] and len(a) > 1:
        a = a[:-1]
    if b and b[0] == b[-1] and len(b) > 1:
        b = b[:-1]
    return len(a) == len(b) and any(b == a[i:] + a[:i] for i in range(len(a)))


def test_a_new_link_closes_the_shortest_loop_in_the_direction_of_the_links() -> None:
    links = _links([(1, 2), (2, 3), (3, 4), (2, 4), (5, 3)])
    assert loop_closed_by(4, 1, lambda node: links.get(node, ())) == [4, 1, 2, 4]
    assert loop_closed_by(1, 4, lambda node: links.get(node, ())) is None  # already implied, no loop
    assert loop_closed_by(3, 5, lambda node: links.get(node, ())) == [3, 5, 3]
    assert loop_closed_by(6, 6, lambda node: links.get(node, ())) == [6, 6]
    assert loop_closed_by(6, 1, lambda node: links.get(node, ())) is None


def test_a_loop_already_in_the_data_does_not_hang_the_check() -> None:
    links = _links([(1, 2), (2, 1), (3, 1)])
    assert loop_closed_by(4, 3, lambda node: links.get(node, ())) is None
    assert loop_closed_by(2, 3, lambda node: links.get(node, ())) == [2, 3, 1, 2]


def test_every_loop_of_a_reporting_line_is_found_each_from_where_the_walk_met_it() -> None:
    manager_of = {1: 2, 2: 3, 3: 1, 4: 1, 5: 6, 6: 5, 7: 7, 8: None}
    loops = find_loops((person, manager) for person, manager in manager_of.items() if manager is not None)
    assert loops == [[1, 2, 3], [5, 6], [7]]
    assert find_loops([(1, 2), (2, 3), (4, 3)]) == []


def test_a_loop_among_dependencies_with_several_prerequisites_is_found() -> None:
    assert find_loops([(1, 2), (1, 3), (3, 4), (4, 1)]) == [[1, 3, 4]]
    assert find_loops([(1, 2), (1, 3), (2, 4), (3, 4)]) == []


def test_twenty_thousand_people_in_one_chain_need_no_recursion() -> None:
    chain = [(person, person + 1) for person in range(20_000)]
    assert find_loops(chain) == []
    assert find_loops([*chain, (20_000, 0)]) == [list(range(20_001))]
    links = dict(chain)
    loop = loop_closed_by(20_000, 0, lambda node: (links[node],) if node in links else ())
    assert loop is not None and len(loop) == 20_002


# --- each path that keeps a tree or a DAG refuses the same loop -------------------------------------


@pytest.fixture
def account(db: Database) -> int:
    """Ann manages Bob who manages Cid; Group holds Division which holds Team; Budget before Pilot before Contract."""
    with db.transaction() as session:
        account_id = create_account(session, "Initech")
        ann = add_stakeholder(session, account_id, "Ann Lee", email="ann@initech.example")
        bob = add_stakeholder(session, account_id, "Bob Ray", email="bob@initech.example", reports_to_id=ann)
        add_stakeholder(session, account_id, "Cid Ho", email="cid@initech.example", reports_to_id=bob)
        group = add_org_unit(session, account_id, "Group")
        division = add_org_unit(session, account_id, "Division", parent_id=group)
        add_org_unit(session, account_id, "Team", parent_id=division)
        budget = add_step(session, account_id, "Budget")
        pilot = add_step(session, account_id, "Pilot")
        contract = add_step(session, account_id, "Contract")
        add_dependency(session, pilot, budget)
        add_dependency(session, contract, pilot)
    return account_id


def _ids(db: Database) -> dict[str, int]:
    with db.session() as session:
        rows = [
            *session.execute(select(Stakeholder.name, Stakeholder.id)),
            *session.execute(select(OrgUnit.name, OrgUnit.id)),
            *session.execute(select(DecisionStep.name, DecisionStep.id)),
        ]
    return {name: row_id for name, row_id in rows}


def _document(db: Database, account_id: int) -> dict[str, Any]:
    with db.session() as session:
        return export_account(session, account_id)


def _file_refusal(db: Database, account_id: int, section: str, change: tuple[str, str, str]) -> list[str]:
    """The names a plan file's refusal gives when ``change`` (row name, column, new target's name) is made."""
    document = copy.deepcopy(_document(db, account_id))
    rows = document[section]
    name, column, target = change
    if section == "decision_dependencies":
        steps = {row["name"]: row["id"] for row in document["decision_steps"]}
        rows.append({"id": len(rows) + 1, "step_id": steps[name], "depends_on_id": steps[target]})
    else:
        local = {row["name"]: row["id"] for row in rows}
        next(row for row in rows if row["name"] == name)[column] = local[target]
    with pytest.raises(InvalidPlanFile) as refused:
        validate(document)
    message = str(refused.value)
    loop = message.rsplit(": ", 1)[1]
    return loop.split(" → ")


def test_a_reporting_loop_is_refused_naming_the_same_people_by_an_edit_a_plan_file_and_a_contact_import(
    db: Database, account: int, tmp_path: Path
) -> None:
    ids = _ids(db)
    with pytest.raises(CycleRefused) as edit, db.transaction() as session:
        set_manager(session, ids["Ann Lee"], ids["Cid Ho"])
    assert "Cid Ho cannot be Ann Lee's manager: the reporting line would loop" in str(edit.value)
    from_file = _file_refusal(db, account, "stakeholders", ("Ann Lee", "reports_to_id", "Cid Ho"))
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Name,Email,Manager email\r\nAnn Lee,ann@initech.example,cid@initech.example\r\n")
    with db.session() as session:
        (imported,) = preview(session, account, read_contacts(contacts)).cycles
    assert "the reporting line loops" in imported.message
    # The edit names the line from the top down, the file and the import up the line: the same round.
    assert _same_loop(list(reversed(edit.value.names)), from_file)
    assert _same_loop(from_file, imported.names)
    assert set(from_file) == {"Ann Lee", "Bob Ray", "Cid Ho"}


def test_merging_a_person_into_someone_below_them_is_refused_as_a_loop(db: Database, account: int) -> None:
    ids = _ids(db)
    with pytest.raises(CycleRefused, match="Cid Ho reports to Ann Lee"), db.transaction() as session:
        merge_people(session, ids["Ann Lee"], ids["Cid Ho"])


def test_an_org_unit_loop_is_refused_naming_the_same_units_by_an_edit_and_a_plan_file(
    db: Database, account: int
) -> None:
    ids = _ids(db)
    with pytest.raises(CycleRefused) as edit, db.transaction() as session:
        update_org_unit(session, ids["Group"], parent_id=ids["Team"])
    assert str(edit.value) == "Group cannot go under Team: Team is inside Group already."
    from_file = _file_refusal(db, account, "org_units", ("Group", "parent_id", "Team"))
    assert _same_loop(list(reversed(edit.value.names)), from_file)
    assert set(from_file) == {"Group", "Division", "Team"}


def test_a_dependency_loop_is_refused_naming_the_same_steps_by_an_edit_and_a_plan_file(
    db: Database, account: int
) -> None:
    ids = _ids(db)
    with pytest.raises(CycleRefused) as edit, db.transaction() as session:
        add_dependency(session, ids["Budget"], ids["Contract"])
    assert str(edit.value) == (
        "Budget cannot depend on Contract: that would make a loop: Budget → Pilot → Contract → Budget."
    )
    from_file = _file_refusal(db, account, "decision_dependencies", ("Budget", "", "Contract"))
    # The edit names the steps prerequisite first, the file each step then what it depends on.
    assert _same_loop(list(reversed(edit.value.names)), from_file)

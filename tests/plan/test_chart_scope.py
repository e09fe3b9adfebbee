"""Part of the account as its own chart: a person and the levels below them, namesakes told apart."""

from __future__ import annotations

import pytest

from accountplan.analysis.graphs import AccountGraphs, Person
from accountplan.errors import InvalidValue, NotFound
from accountplan.plan.chart_scope import person_scope

GRAPHS = AccountGraphs.build(
    [
        Person(1, "Aiko Tanaka", "CEO"),
        Person(2, "Ken Sato", "CFO", reports_to_id=1),
        Person(3, "Mei Ito", "Controller", reports_to_id=2),
        Person(4, "Jun Mori", "Analyst", reports_to_id=3),
        Person(5, "Ken Sato", "Buyer", reports_to_id=1),  # shares a name with the CFO
    ]
)


def test_a_person_and_n_levels_below_them() -> None:
    assert person_scope(GRAPHS, "aiko tanaka").people == {1, 2, 3, 4, 5}
    assert person_scope(GRAPHS, "Aiko Tanaka", 0).people == {1}
    scope = person_scope(GRAPHS, "Aiko Tanaka", 2)
    assert scope.people == {1, 2, 3, 5}
    assert scope.heading == "Aiko Tanaka and 2 levels below"


def test_namesakes_are_refused_with_their_numbers_and_titles_and_a_number_picks_one() -> None:
    with pytest.raises(InvalidValue) as refused:
        person_scope(GRAPHS, "Ken Sato")
    assert "2 people are called 'Ken Sato' (#2 CFO; #5 Buyer)" in str(refused.value)
    assert person_scope(GRAPHS, "#2", 1).people == {2, 3}
    assert person_scope(GRAPHS, "5").people == {5}


def test_nobody_and_negative_levels_are_refused() -> None:
    with pytest.raises(NotFound, match="nobody called 'Hana'"):
        person_scope(GRAPHS, "Hana")
    with pytest.raises(InvalidValue, match="0 or more"):
        person_scope(GRAPHS, "Aiko Tanaka", -1)


def test_a_unit_picked_by_its_number_and_the_parts_of_the_demo_deck(db) -> None:  # type: ignore[no-untyped-def]
    from accountplan.analysis.graphs import load_graphs
    from accountplan.interchange.demo import load_demo
    from accountplan.plan.accounts import list_accounts
    from accountplan.plan.chart_scope import deck_parts, unit_scope, unit_scope_of, unit_scopes
    from accountplan.plan.org_units import list_org_units

    load_demo(db)
    with db.session() as session:
        account = list_accounts(session)[0].id
        graphs = load_graphs(session, account)
        units = list_org_units(session, account)
        unit = next(
            u for u in units if u.parent_id is not None and unit_scope(session, account, graphs, u.name)
        )
        by_number = unit_scope_of(session, account, graphs, unit.id)
        assert by_number == unit_scope(session, account, graphs, unit.name)
        with pytest.raises(NotFound, match="no longer in this account"):
            unit_scope_of(session, account, graphs, max(u.id for u in units) + 1)
        parts = deck_parts(session, account, graphs)
        scopes = unit_scopes(session, account, graphs)
    assert len(scopes) > 1 and parts == [(scope.heading, scope.people) for scope in scopes]
    assert set().union(*(people or () for _, people in parts)) == set(graphs.people)  # everyone on a slide

"""The account's graphs: built by hand or read from a real plan database, with the right people and links."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from sqlalchemy.orm import Session

from accountplan.analysis.graphs import (
    AccountGraphs,
    CoverageEdge,
    DecisionStepRef,
    InfluenceEdge,
    Person,
    RedFlagRef,
    load_graphs,
)
from accountplan.errors import NotFound
from accountplan.model import (
    Action,
    CoSeller,
    Coverage,
    DealTeamMember,
    DecisionStep,
    InfluenceLink,
    RedFlag,
)
from accountplan.model.enums import (
    ActionStatus,
    BuyingRole,
    CoSellerRole,
    InfluenceKind,
    Outcome,
    RedFlagStatus,
    RelationshipStrength,
    Stance,
    StepStatus,
)
from accountplan.plan.accounts import create_account
from accountplan.plan.opportunities import add_opportunity, close_opportunity
from accountplan.plan.stakeholders import add_stakeholder, mark_departed
from accountplan.store.database import Database

# ---------------------------------------------------------------------------------------------------------
# Built by hand


def test_depth_counts_levels_from_each_root_of_the_forest() -> None:
    graphs = AccountGraphs.build(
        [
            Person(1, "Aiko Tanaka"),
            Person(2, "Ben Okafor", reports_to_id=1),
            Person(3, "Chloé Martin", reports_to_id=2),
            Person(4, "Dmitri Volkov"),  # a second root: an outside director
            Person(5, "Emi Sato", reports_to_id=4),
        ]
    )
    assert {pid: p.depth for pid, p in graphs.people.items()} == {1: 0, 2: 1, 3: 2, 4: 0, 5: 1}
    assert set(graphs.reporting.edges()) == {(1, 2), (2, 3), (4, 5)}
    assert graphs.direct_reports(1) == [2]
    assert graphs.broken_loops == ()


def test_a_reporting_line_of_twenty_thousand_people_has_no_recursion_limit() -> None:
    people = [Person(1, "Person 1")] + [
        Person(i, f"Person {i}", reports_to_id=i - 1) for i in range(2, 20_001)
    ]
    graphs = AccountGraphs.build(people)
    assert graphs.people[20_000].depth == 19_999


def test_a_reporting_loop_from_bad_data_is_broken_once_and_everyone_gets_a_level() -> None:
    # 1 → 3 → 2 → 1 loops; 4 hangs under the loop; 5 names a manager who does not exist; 6 manages himself.
    graphs = AccountGraphs.build(
        [
            Person(1, "Aiko Tanaka", reports_to_id=3),
            Person(2, "Ben Okafor", reports_to_id=1),
            Person(3, "Chloé Martin", reports_to_id=2),
            Person(4, "Dev Patel", reports_to_id=3),
            Person(5, "Emi Sato", reports_to_id=999),
            Person(6, "Felix Braun", reports_to_id=6),
        ]
    )
    assert graphs.broken_loops == (1,)
    assert {pid: p.depth for pid, p in graphs.people.items()} == {1: 0, 2: 1, 3: 2, 4: 3, 5: 0, 6: 0}
    assert nx.is_branching(graphs.reporting)


def test_two_kinds_of_link_between_the_same_people_are_both_kept() -> None:
    graphs = AccountGraphs.build(
        [Person(1, "Aiko Tanaka"), Person(2, "Ben Okafor")],
        influence=[
            InfluenceEdge(1, 2, InfluenceKind.TRUSTS, 3),
            InfluenceEdge(1, 2, InfluenceKind.INFORMALLY_REPORTS_TO, 4),
            InfluenceEdge(2, 1, InfluenceKind.IN_CONFLICT_WITH, 2),
            InfluenceEdge(1, 1, InfluenceKind.INFLUENCES, 5),  # to oneself: dropped
            InfluenceEdge(1, 77, InfluenceKind.INFLUENCES, 5),  # to nobody we know: dropped
        ],
    )
    assert graphs.influence.number_of_edges() == 2
    edge = graphs.influence.edges[1, 2]
    assert (edge["kind"], edge["strength"]) == (InfluenceKind.INFORMALLY_REPORTS_TO, 4)
    assert edge["links"] == {InfluenceKind.TRUSTS: 3, InfluenceKind.INFORMALLY_REPORTS_TO: 4}
    assert graphs.influence.edges[2, 1]["kind"] is InfluenceKind.IN_CONFLICT_WITH


def test_coverage_is_listed_strongest_first_and_working_means_working_or_better() -> None:
    graphs = AccountGraphs.build(
        [Person(1, "Aiko Tanaka")],
        coverage=[
            CoverageEdge(10, 1, RelationshipStrength.BRIEF),
            CoverageEdge(11, 1, RelationshipStrength.TRUSTED_ADVISOR, is_owner=True),
            CoverageEdge(12, 1, RelationshipStrength.WORKING),
        ],
        co_sellers={10: "Maria Rossi", 11: "Tom Becker"},
    )
    assert graphs.coverage_of(1) == [
        (11, RelationshipStrength.TRUSTED_ADVISOR),
        (12, RelationshipStrength.WORKING),
        (10, RelationshipStrength.BRIEF),
    ]
    assert graphs.working_coverage(1) == [11, 12]
    assert graphs.co_sellers[12] == "Co-seller 12"
    assert graphs.coverage.edges[("c", 11), ("s", 1)]["is_owner"] is True
    assert nx.is_bipartite(graphs.coverage)


def test_decisive_means_economic_buyer_decision_maker_or_influence_four_and_up() -> None:
    assert Person(1, "A", roles=frozenset({BuyingRole.ECONOMIC_BUYER}), influence=1).decisive
    assert Person(2, "B", roles=frozenset({BuyingRole.DECISION_MAKER}), influence=2).decisive
    assert Person(3, "C", influence=4).decisive
    assert not Person(4, "D", roles=frozenset({BuyingRole.CHAMPION}), influence=3).decisive


# ---------------------------------------------------------------------------------------------------------
# Read from a real plan database


@pytest.fixture(params=["sqlite", "postgresql"])
def plan_db(request: pytest.FixtureRequest) -> Database:
    """An empty plan database on SQLite, then on PostgreSQL: each driver hands back its own kind of rows."""
    database: Database = request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")
    return database


def _seller(session: Session, name: str) -> int:
    seller = CoSeller(name=name, role=CoSellerRole.SOLUTION_CONSULTANT)
    session.add(seller)
    session.flush()
    return seller.id


def test_load_graphs_reads_people_links_coverage_deals_steps_and_red_flags(plan_db: Database) -> None:
    db = plan_db
    with db.transaction() as s:
        account = create_account(s, "Acme Corporation")
        other = create_account(s, "Globex")
        ceo = add_stakeholder(
            s, account, "Aiko Tanaka", title="CEO", influence=5, roles=[BuyingRole.ECONOMIC_BUYER]
        )
        cio = add_stakeholder(
            s,
            account,
            "Ben Okafor",
            title="CIO",
            reports_to_id=ceo,
            roles=[BuyingRole.DECISION_MAKER, BuyingRole.TECHNICAL_EVALUATOR],
            stance=Stance.SKEPTIC,
        )
        champion = add_stakeholder(s, account, "Zoë Lefèvre", reports_to_id=cio, roles=[BuyingRole.CHAMPION])
        gone = add_stakeholder(s, account, "Henrik Solberg", reports_to_id=cio, roles=[BuyingRole.CHAMPION])
        mark_departed(s, gone, dt.date(2026, 3, 1))
        stranger = add_stakeholder(s, other, "Someone Else")
        maria, tom, left = _seller(s, "Maria Rossi"), _seller(s, "Tom Becker"), _seller(s, "Left Team")
        s.add_all(
            [
                DealTeamMember(account_id=account, co_seller_id=maria),
                DealTeamMember(account_id=account, co_seller_id=left, active=False),
                InfluenceLink(account_id=account, source_id=champion, target_id=cio, strength=4),
                InfluenceLink(
                    account_id=account, source_id=cio, target_id=ceo, kind=InfluenceKind.TRUSTS, strength=5
                ),
                Coverage(
                    account_id=account,
                    co_seller_id=maria,
                    stakeholder_id=ceo,
                    strength=RelationshipStrength.STRONG,
                    is_owner=True,
                    last_touched=dt.date(2026, 2, 3),
                ),
                Coverage(account_id=account, co_seller_id=tom, stakeholder_id=champion),
                Coverage(
                    account_id=account,
                    co_seller_id=left,
                    stakeholder_id=cio,
                    strength=RelationshipStrength.TRUSTED_ADVISOR,
                ),
                Coverage(account_id=other, co_seller_id=tom, stakeholder_id=stranger),
            ]
        )
        deal = add_opportunity(s, account, "Platform renewal")
        lost = add_opportunity(s, account, "Analytics add-on")
        close_opportunity(s, lost, Outcome.NO_DECISION, "No budget this year.")
        step = DecisionStep(
            account_id=account,
            opportunity_id=deal,
            name="Business case",
            owner_id=gone,
            status=StepStatus.DONE,
        )
        flags = [
            RedFlag(account_id=account, opportunity_id=deal, title="Prefers the incumbent", source_id=cio),
            RedFlag(
                account_id=account, title="Budget frozen", source_id=ceo, counter_strategy="Show the ROI."
            ),
            RedFlag(account_id=account, title="Security worries", status=RedFlagStatus.COUNTERED),
            RedFlag(account_id=account, title="Only a cancelled answer", source_id=cio),
        ]
        s.add_all([step, *flags])
        s.flush()
        s.add_all(
            [
                Action(
                    account_id=account,
                    title="Reference call",
                    red_flag_id=flags[0].id,
                    status=ActionStatus.DONE,
                ),
                Action(
                    account_id=account,
                    title="Dropped idea",
                    red_flag_id=flags[3].id,
                    status=ActionStatus.CANCELLED,
                ),
            ]
        )
        s.flush()
        step_id, flag_ids = step.id, [flag.id for flag in flags]

    with db.session() as s:
        graphs = load_graphs(s, account)

    assert graphs.account_id == account
    assert {p.name for p in graphs.people.values()} == {
        "Aiko Tanaka",
        "Ben Okafor",
        "Zoë Lefèvre",
        "Henrik Solberg",
    }
    ben = graphs.people[cio]
    assert (ben.title, ben.reports_to_id, ben.depth, ben.stance, ben.influence) == (
        "CIO",
        ceo,
        1,
        Stance.SKEPTIC,
        3,
    )
    assert ben.roles == {BuyingRole.DECISION_MAKER, BuyingRole.TECHNICAL_EVALUATOR}
    assert graphs.people[gone].departed and graphs.people[gone].departed_on == dt.date(2026, 3, 1)
    assert not graphs.people[champion].departed and graphs.people[champion].depth == 2
    # Every field, as a person made by hand has them (loading makes people without calling Person).
    assert graphs.people[gone] == Person(
        gone,
        "Henrik Solberg",
        reports_to_id=cio,
        roles=frozenset({BuyingRole.CHAMPION}),
        departed=True,
        depth=2,
        departed_on=dt.date(2026, 3, 1),
    )
    assert type(graphs.people[gone].departed_on) is dt.date
    assert set(graphs.reporting.edges()) == {(ceo, cio), (cio, champion), (cio, gone)}

    assert set(graphs.influence.edges(data="kind")) == {
        (champion, cio, InfluenceKind.INFLUENCES),
        (cio, ceo, InfluenceKind.TRUSTS),
    }
    assert graphs.influence.edges[cio, ceo]["strength"] == 5

    # The co-seller who left the deal team no longer covers Ben; Tom covers without being on the team.
    assert graphs.co_sellers == {maria: "Maria Rossi", tom: "Tom Becker"}
    assert graphs.coverage.edges[("c", maria), ("s", ceo)] == {
        "strength": RelationshipStrength.STRONG,
        "is_owner": True,
        "last_touched": dt.date(2026, 2, 3),
    }
    assert graphs.coverage_of(champion) == [(tom, RelationshipStrength.BRIEF)]
    assert graphs.coverage_of(cio) == []

    assert graphs.opportunities == {deal: "Platform renewal"}
    assert graphs.decision_steps == [DecisionStepRef(step_id, "Business case", gone, deal, done=True)]
    assert graphs.red_flags[0] == RedFlagRef(
        flag_ids[0], "Prefers the incumbent", cio, deal, RedFlagStatus.OPEN
    )
    # Countered: a done action, or the team's own "countered" status; not a strategy in words, nor a
    # cancelled action.
    assert graphs.countered_red_flags == {flag_ids[0], flag_ids[2]}


def test_load_graphs_of_an_empty_account_is_empty(db: Database) -> None:
    with db.transaction() as s:
        account = create_account(s, "Initech")
    with db.session() as s:
        graphs = load_graphs(s, account)
    assert graphs.people == {} and graphs.opportunities == {} and graphs.co_sellers == {}
    assert graphs.reporting.number_of_nodes() == 0


def test_load_graphs_of_a_missing_account_says_so(db: Database) -> None:
    with db.session() as s, pytest.raises(NotFound, match="no account with id 42"):
        load_graphs(s, 42)

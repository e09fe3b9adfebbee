"""Findings on small hand-built accounts with known answers, and the known risks of the demo account."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.analysis.findings import (
    Finding,
    FindingKind,
    champion_path,
    departed_with_roles,
    find_all,
    hidden_influencers,
    selling_too_low,
    single_threaded,
    summary,
    uncovered_decisive,
    unopposed_detractors,
)
from accountplan.analysis.graphs import (
    AccountGraphs,
    CoverageEdge,
    DecisionStepRef,
    InfluenceEdge,
    Person,
    RedFlagRef,
    load_graphs,
)
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.model.enums import BuyingRole, InfluenceKind, RelationshipStrength, Severity, Stance
from accountplan.store.database import Database

EB, DM, CHAMPION, USER = (
    BuyingRole.ECONOMIC_BUYER,
    BuyingRole.DECISION_MAKER,
    BuyingRole.CHAMPION,
    BuyingRole.USER,
)
NONE, BRIEF, WORKING, STRONG, TRUSTED = RelationshipStrength
INFLUENCES, TRUSTS, INFORMALLY, CONFLICT = InfluenceKind
TODAY = dt.date(2026, 6, 15)

# A healthy account: Aiko (CEO, economic buyer) ← Ben (CIO, decision maker) ← Chloé (our champion) ← Dev.
AIKO, BEN, CHLOE, DEV = 1, 2, 3, 4
MARIA, TOM = 10, 11
DEAL = 100
PEOPLE = {
    AIKO: Person(AIKO, "Aiko Tanaka", "Chief Executive Officer", influence=5, roles=frozenset({EB})),
    BEN: Person(
        BEN, "Ben Okafor", "Chief Information Officer", reports_to_id=AIKO, influence=4, roles=frozenset({DM})
    ),
    CHLOE: Person(
        CHLOE,
        "Chloé Martin",
        "Director, Supply Chain",
        reports_to_id=BEN,
        roles=frozenset({CHAMPION}),
        stance=Stance.CHAMPION,
    ),
    DEV: Person(DEV, "Dev Patel", "Planner", reports_to_id=CHLOE, influence=2),
}
COVERAGE = [
    CoverageEdge(MARIA, AIKO, STRONG),
    CoverageEdge(TOM, BEN, WORKING),
    CoverageEdge(MARIA, CHLOE, TRUSTED),
    CoverageEdge(TOM, CHLOE, WORKING),
]
INFLUENCE = [InfluenceEdge(CHLOE, BEN, INFLUENCES, 4), InfluenceEdge(BEN, AIKO, INFLUENCES, 4)]
STEPS = [DecisionStepRef(500, "Business case approval", BEN, DEAL)]


def account(
    *,
    change: dict[int, dict[str, Any]] | None = None,
    extra: Iterable[Person] = (),
    coverage: Iterable[CoverageEdge] = COVERAGE,
    influence: Iterable[InfluenceEdge] = INFLUENCE,
    steps: Iterable[DecisionStepRef] = STEPS,
    red_flags: Iterable[RedFlagRef] = (),
    countered: Iterable[int] = (),
) -> AccountGraphs:
    """The healthy account with some people changed or added, and other links."""
    people = [dataclasses.replace(p, **(change or {}).get(pid, {})) for pid, p in PEOPLE.items()]
    return AccountGraphs.build(
        [*people, *extra],
        coverage=coverage,
        influence=influence,
        co_sellers={MARIA: "Maria Rossi", TOM: "Tom Becker"},
        opportunities={DEAL: "Platform renewal"},
        decision_steps=steps,
        red_flags=red_flags,
        countered_red_flags=countered,
    )


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.text for f in findings]
    return findings[0]


# ---------------------------------------------------------------------------------------------------------
# Nothing found


CHECKS: dict[str, Callable[[AccountGraphs], list[Finding]]] = {
    "uncovered decisive": uncovered_decisive,
    "single-threaded": single_threaded,
    "selling too low": selling_too_low,
    "champion path": champion_path,
    "hidden influencers": hidden_influencers,
    "departed with roles": lambda graphs: departed_with_roles(graphs, TODAY),
    "unopposed detractors": unopposed_detractors,
}


@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_a_healthy_account_raises_no_risk(check: Callable[[AccountGraphs], list[Finding]]) -> None:
    assert [f.text for f in check(account()) if f.is_risk] == []


def test_when_nothing_is_found_the_summary_says_so_plainly() -> None:
    findings = find_all(account(), TODAY)
    assert [f.kind for f in findings] == [FindingKind.CHAMPION_PATH]  # information, not a risk
    assert summary(findings).startswith("No risks found: every decisive person is covered")


# ---------------------------------------------------------------------------------------------------------
# Uncovered decisive people


def test_an_economic_buyer_known_only_briefly_is_critical_and_names_who_knows_them() -> None:
    coverage = [CoverageEdge(MARIA, AIKO, BRIEF), *COVERAGE[1:]]
    finding = only(uncovered_decisive(account(coverage=coverage)))
    assert finding.severity is Severity.CRITICAL
    assert finding.text.startswith(
        "Aiko Tanaka (Chief Executive Officer), the economic buyer, is covered only"
    )
    assert "brief strength, by Maria Rossi" in finding.text
    assert (finding.people, finding.co_sellers) == ((AIKO,), (MARIA,))


def test_decisive_people_nobody_covers_are_high_whatever_makes_them_decisive() -> None:
    extra = [
        Person(5, "Björn Köhler", "Shift Supervisor", reports_to_id=DEV, influence=5),
        Person(6, "Emi Sato", "Analyst", reports_to_id=DEV, influence=3),  # not decisive
        Person(7, "Felix Braun", "CFO", reports_to_id=AIKO, influence=5, departed=True),  # has left
        Person(8, "Grace Kim", "Board member", influence=4),
    ]
    coverage = [c for c in COVERAGE if c.stakeholder_id != BEN] + [CoverageEdge(TOM, 8, NONE)]
    findings = uncovered_decisive(account(extra=extra, coverage=coverage))
    assert [(f.people, f.severity) for f in findings] == [
        ((BEN,), Severity.HIGH),
        ((5,), Severity.HIGH),
        ((8,), Severity.HIGH),
    ]
    assert "Ben Okafor (Chief Information Officer), a decision maker, is not covered" in findings[0].text
    assert "Björn Köhler (Shift Supervisor), influence 5 of 5, is not covered by anyone" in findings[1].text
    assert findings[2].co_sellers == ()  # "none" is no relationship at all


# ---------------------------------------------------------------------------------------------------------
# Single-threaded opportunities


def test_a_deal_on_one_relationship_is_single_threaded_naming_both_people() -> None:
    coverage = [CoverageEdge(MARIA, CHLOE, STRONG), CoverageEdge(TOM, AIKO, BRIEF)]
    finding = only(single_threaded(account(coverage=coverage)))
    assert finding.severity is Severity.HIGH
    assert finding.text == (
        "Platform renewal hangs on a single relationship: Maria Rossi with Chloé Martin (Director, Supply "
        "Chain); nobody else in its buying group is known at working strength."
    )
    assert (finding.people, finding.co_sellers) == ((CHLOE,), (MARIA,))


def test_a_deal_known_through_one_person_only_is_single_threaded_on_that_person() -> None:
    coverage = [CoverageEdge(MARIA, CHLOE, STRONG), CoverageEdge(TOM, CHLOE, WORKING)]
    finding = only(single_threaded(account(coverage=coverage)))
    assert finding.severity is Severity.HIGH
    assert "hangs on one person: of its buying group, only Chloé Martin" in finding.text
    assert "(by Maria Rossi and Tom Becker)" in finding.text


def test_a_deal_whose_relationships_all_belong_to_one_seller_hangs_on_that_seller() -> None:
    coverage = [
        CoverageEdge(MARIA, AIKO, STRONG),
        CoverageEdge(MARIA, BEN, WORKING),
        CoverageEdge(TOM, DEV, TRUSTED),
    ]
    finding = only(single_threaded(account(coverage=coverage)))
    assert finding.severity is Severity.MEDIUM
    assert finding.text == (
        "Platform renewal hangs on one of us: every working relationship with its buying group "
        "(Aiko Tanaka and Ben Okafor) is Maria Rossi's."
    )


def test_the_owner_of_a_decision_step_is_in_the_buying_group_unless_they_left() -> None:
    lena = Person(5, "Lena Novak", "Head of Procurement", reports_to_id=BEN)
    steps = [*STEPS, DecisionStepRef(501, "Procurement review", 5, DEAL)]
    coverage = [CoverageEdge(MARIA, CHLOE, STRONG), CoverageEdge(MARIA, 5, WORKING)]
    assert (
        single_threaded(account(extra=[lena], steps=steps, coverage=coverage))[0].severity is Severity.MEDIUM
    )
    gone = dataclasses.replace(lena, departed=True)
    finding = only(single_threaded(account(extra=[gone], steps=steps, coverage=coverage)))
    assert "hangs on a single relationship: Maria Rossi with Chloé Martin" in finding.text


def test_a_deal_with_no_relationship_in_its_buying_group_is_critical() -> None:
    finding = only(single_threaded(account(coverage=[CoverageEdge(TOM, DEV, STRONG)])))
    assert finding.severity is Severity.CRITICAL
    assert "no thread at all" in finding.text and "Aiko Tanaka, Ben Okafor and Chloé Martin" in finding.text


def test_a_deal_without_anyone_known_in_its_buying_group_says_so() -> None:
    no_roles = {pid: {"roles": frozenset()} for pid in PEOPLE}
    finding = only(single_threaded(account(change=no_roles, steps=[])))
    assert finding.severity is Severity.HIGH
    assert finding.text.startswith("Nobody in the buying group of Platform renewal is known")


# ---------------------------------------------------------------------------------------------------------
# Selling too low


def test_relationships_only_below_the_decision_makers_level_is_selling_too_low() -> None:
    coverage = [
        CoverageEdge(MARIA, CHLOE, TRUSTED),
        CoverageEdge(TOM, DEV, WORKING),
        CoverageEdge(TOM, AIKO, BRIEF),
    ]
    finding = only(selling_too_low(account(coverage=coverage)))
    assert finding.severity is Severity.HIGH
    assert finding.text == (
        "We may be selling too low: the decision makers start at the top of the org chart (Aiko Tanaka), "
        "but our highest working relationship is with Chloé Martin (Director, Supply Chain), two levels "
        "below the top."
    )
    assert finding.people == (AIKO, CHLOE)


def test_a_peer_of_the_decision_makers_counts_as_reaching_their_level() -> None:
    # The economic buyer now sits one level down; we know the CFO, a peer, but no decision maker.
    change = {AIKO: {"roles": frozenset()}, BEN: {"roles": frozenset({EB, DM})}}
    cfo = Person(5, "Carla Diaz", "Chief Financial Officer", reports_to_id=AIKO)
    coverage = [CoverageEdge(MARIA, 5, WORKING), CoverageEdge(TOM, CHLOE, STRONG)]
    assert selling_too_low(account(change=change, extra=[cfo], coverage=coverage)) == []


def test_without_any_decision_maker_the_plan_cannot_tell_and_says_so() -> None:
    change = {AIKO: {"roles": frozenset()}, BEN: {"roles": frozenset()}}
    finding = only(selling_too_low(account(change=change)))
    assert (finding.kind, finding.severity) == (FindingKind.NO_DECISION_MAKER, Severity.LOW)


# ---------------------------------------------------------------------------------------------------------
# The champion's path to the economic buyer


def test_the_champion_reaches_the_economic_buyer_along_the_strongest_links() -> None:
    finding = only(champion_path(account()))
    assert (finding.kind, finding.severity) == (FindingKind.CHAMPION_PATH, Severity.LOW)
    assert finding.text == (
        "Our champion Chloé Martin reaches the economic buyer Aiko Tanaka through Ben Okafor: "
        "Chloé Martin → Ben Okafor → Aiko Tanaka."
    )
    assert finding.people == (CHLOE, BEN, AIKO)


def test_a_strong_informal_link_beats_a_long_reporting_line() -> None:
    change = {CHLOE: {"roles": frozenset()}, DEV: {"roles": frozenset({CHAMPION})}}
    finding = only(champion_path(account(change=change, influence=[InfluenceEdge(DEV, AIKO, INFLUENCES, 5)])))
    assert (
        "Dev Patel reaches the economic buyer Aiko Tanaka directly: Dev Patel → Aiko Tanaka." in finding.text
    )


def test_trust_carries_the_word_of_the_person_trusted() -> None:
    no_lines = {pid: {"reports_to_id": None} for pid in PEOPLE}
    aiko_trusts_chloe = account(change=no_lines, influence=[InfluenceEdge(AIKO, CHLOE, TRUSTS, 4)])
    assert only(champion_path(aiko_trusts_chloe)).people == (CHLOE, AIKO)
    chloe_trusts_aiko = account(change=no_lines, influence=[InfluenceEdge(CHLOE, AIKO, TRUSTS, 4)])
    finding = only(champion_path(chloe_trusts_aiko))
    assert (finding.kind, finding.severity) == (FindingKind.NO_CHAMPION_PATH, Severity.HIGH)
    assert "Our champion Chloé Martin has no way to the economic buyer Aiko Tanaka" in finding.text


def test_a_conflict_or_a_departed_go_between_is_no_way_through() -> None:
    no_lines = {pid: {"reports_to_id": None} for pid in PEOPLE}
    conflict = account(change=no_lines, influence=[InfluenceEdge(CHLOE, AIKO, CONFLICT, 5)])
    assert only(champion_path(conflict)).kind is FindingKind.NO_CHAMPION_PATH
    no_lines[BEN]["departed"] = True
    gone = account(change=no_lines)
    assert only(champion_path(gone)).kind is FindingKind.NO_CHAMPION_PATH


def test_a_path_through_a_skeptic_is_worth_a_warning() -> None:
    finding = only(champion_path(account(change={BEN: {"stance": Stance.SKEPTIC}})))
    assert finding.severity is Severity.MEDIUM
    assert finding.text.endswith("The way runs through Ben Okafor (skeptic).")


def test_no_active_champion_or_no_economic_buyer_is_high() -> None:
    finding = only(champion_path(account(change={CHLOE: {"departed": True}})))
    assert (finding.kind, finding.severity) == (FindingKind.NO_CHAMPION_PATH, Severity.HIGH)
    assert "We have no active champion" in finding.text and "since Chloé Martin left" in finding.text
    finding = only(champion_path(account(change={AIKO: {"roles": frozenset()}})))
    assert finding.text.startswith("Nobody is marked as the economic buyer")


# ---------------------------------------------------------------------------------------------------------
# Hidden influencers

# Kenji, a planner far down the chart, has the ear of the CEO and the CIO.
KENJI = Person(5, "Kenji Mori", "Senior Planner", reports_to_id=DEV, influence=3)
KENJI_LINKS = [*INFLUENCE, InfluenceEdge(5, AIKO, INFLUENCES, 5), InfluenceEdge(BEN, 5, TRUSTS, 4)]


def test_a_planner_the_ceo_listens_to_is_a_hidden_influencer_and_we_do_not_know_him() -> None:
    finding = only(hidden_influencers(account(extra=[KENJI], influence=KENJI_LINKS)))
    assert (finding.severity, finding.people) == (Severity.MEDIUM, (5, AIKO, BEN))
    assert finding.text == (
        "Kenji Mori (Senior Planner) is one of the most influential people in the account, heard by Aiko "
        "Tanaka and Ben Okafor, yet sits four levels below the top with no direct reports, and nobody on our "
        "side has a working relationship there."
    )
    for jargon in ("node", "centrality", "graph", "degree"):
        assert jargon not in finding.text


def test_a_hidden_influencer_we_cover_is_still_pointed_out_gently() -> None:
    coverage = [*COVERAGE, CoverageEdge(TOM, 5, STRONG)]
    finding = only(hidden_influencers(account(extra=[KENJI], influence=KENJI_LINKS, coverage=coverage)))
    assert finding.severity is Severity.LOW and finding.co_sellers == (TOM,)
    assert "nobody on our side" not in finding.text


def test_influence_on_the_record_or_weak_is_not_hidden() -> None:
    covered_manager = dataclasses.replace(KENJI, reports_to_id=AIKO)  # one level down, covered: not hidden
    coverage = [*COVERAGE, CoverageEdge(TOM, 5, WORKING)]
    assert (
        hidden_influencers(account(extra=[covered_manager], influence=KENJI_LINKS, coverage=coverage)) == []
    )
    weak = [*INFLUENCE, InfluenceEdge(5, DEV, INFLUENCES, 1)]  # heard weakly, by someone who weighs little
    assert hidden_influencers(account(extra=[KENJI], influence=weak)) == []
    decision_maker = dataclasses.replace(KENJI, roles=frozenset({DM}))
    assert hidden_influencers(account(extra=[decision_maker], influence=KENJI_LINKS)) == []


# ---------------------------------------------------------------------------------------------------------
# Departed people who still hold a role or a step


def test_a_departed_champion_who_owns_a_step_is_high_and_both_are_named() -> None:
    change = {CHLOE: {"departed": True, "departed_on": dt.date(2026, 6, 1)}}
    steps = [*STEPS, DecisionStepRef(501, "Reference calls", CHLOE, DEAL)]
    finding = only(departed_with_roles(account(change=change, steps=steps), TODAY))
    assert finding.severity is Severity.HIGH
    assert finding.text == (
        "Chloé Martin (Director, Supply Chain) left on 1 June 2026 (14 days ago) but is still recorded as "
        "champion, and still owns the decision step “Reference calls” (Platform renewal)."
    )


def test_a_departed_user_is_medium_and_finished_or_closed_steps_do_not_count() -> None:
    steps = [
        DecisionStepRef(501, "Pilot", DEV, DEAL, done=True),
        DecisionStepRef(502, "Old approval", DEV, 999),  # an opportunity that is no longer open
    ]
    user = account(change={DEV: {"departed": True, "roles": frozenset({USER})}}, steps=steps)
    finding = only(departed_with_roles(user, TODAY))
    assert finding.severity is Severity.MEDIUM
    assert finding.text == "Dev Patel (Planner) left but is still recorded as user."
    nothing_left = account(change={DEV: {"departed": True}}, steps=steps)
    assert departed_with_roles(nothing_left, TODAY) == []


# ---------------------------------------------------------------------------------------------------------
# Skeptics and detractors nobody counters


def test_an_influential_detractor_behind_an_uncountered_red_flag_is_high() -> None:
    change = {BEN: {"stance": Stance.DETRACTOR}}
    flags = [RedFlagRef(900, "Prefers the incumbent", BEN, DEAL)]
    finding = only(unopposed_detractors(account(change=change, red_flags=flags)))
    assert finding.severity is Severity.HIGH
    assert finding.text == (
        "Ben Okafor (Chief Information Officer), a detractor with influence 4 of 5, is behind “Prefers the "
        "incumbent”, and no action is planned to counter it."
    )
    assert unopposed_detractors(account(change=change, red_flags=flags, countered=[900])) == []


def test_a_skeptic_with_no_red_flag_is_medium_and_small_voices_are_left_alone() -> None:
    finding = only(unopposed_detractors(account(change={BEN: {"stance": Stance.SKEPTIC}})))
    assert finding.severity is Severity.MEDIUM
    assert "a skeptic with influence 4 of 5, is named in no red flag" in finding.text
    quiet = {CHLOE: {"stance": Stance.DETRACTOR}, BEN: {"stance": Stance.SKEPTIC, "departed": True}}
    assert unopposed_detractors(account(change=quiet)) == []


# ---------------------------------------------------------------------------------------------------------
# All findings together


def test_findings_come_most_severe_first_and_the_summary_counts_them() -> None:
    change = {BEN: {"stance": Stance.DETRACTOR}, CHLOE: {"departed": True}}
    graphs = account(
        change=change, coverage=[CoverageEdge(MARIA, AIKO, BRIEF), CoverageEdge(TOM, DEV, STRONG)]
    )
    findings = find_all(graphs, TODAY)
    assert [(f.severity, f.kind) for f in findings] == [
        (Severity.CRITICAL, FindingKind.UNCOVERED_DECISIVE),
        (Severity.CRITICAL, FindingKind.SINGLE_THREADED),
        (Severity.HIGH, FindingKind.UNCOVERED_DECISIVE),
        (Severity.HIGH, FindingKind.DEPARTED_WITH_ROLES),
        (Severity.HIGH, FindingKind.SELLING_TOO_LOW),
        (Severity.HIGH, FindingKind.NO_CHAMPION_PATH),
        (Severity.HIGH, FindingKind.UNOPPOSED_DETRACTOR),
    ]
    assert summary(findings) == "7 risks found: 2 critical and 5 high."


# ---------------------------------------------------------------------------------------------------------
# The demo account


def test_the_demo_account_shows_its_known_risks(db: Database) -> None:
    name, _ = load_demo(db)
    with db.session() as session:
        account_id = session.scalar(select(Account.id).where(Account.name == name))
        assert account_id is not None
        graphs = load_graphs(session, account_id)
    findings = find_all(graphs, dt.date.today())

    def named(kind: FindingKind) -> dict[str, Finding]:
        return {graphs.people[f.people[0]].name: f for f in findings if f.kind is kind and f.people}

    uncovered = named(FindingKind.UNCOVERED_DECISIVE)
    assert findings[0] is uncovered["黒田 浩"]
    assert uncovered["黒田 浩"].severity is Severity.CRITICAL
    assert "covered only at brief strength, by Helen Park" in uncovered["黒田 浩"].text
    assert {"Björn Köhler", "Dr. Renate Falkenberg"} <= uncovered.keys()

    henrik = named(FindingKind.DEPARTED_WITH_ROLES)["Henrik Solberg"]
    assert henrik.severity is Severity.HIGH
    assert "champion" in henrik.text and "“Business case approved by the Group COO”" in henrik.text

    assert {"Björn Köhler", "Ольга Ким", "石川 健太", "小野寺 美咲"} <= named(
        FindingKind.HIDDEN_INFLUENCER
    ).keys()
    assert "Дмитрий Соколов" in named(FindingKind.UNOPPOSED_DETRACTOR)

    path = named(FindingKind.CHAMPION_PATH)["Zoë Lefèvre"]
    assert graphs.people[path.people[-1]].name == "黒田 浩"
    assert summary(findings).startswith(f"{sum(f.is_risk for f in findings)} risks found: 1 critical")

"""Gap and risk findings on an account's graphs, each a plain sentence naming the people and the reason."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

from accountplan.analysis.finding import Finding, FindingKind, by_severity
from accountplan.analysis.graphs import AccountGraphs, Person
from accountplan.analysis.influence import (
    influence_reach,
    listeners_by_speaker,
    route_graph,
    shortest_route,
)
from accountplan.analysis.leadership import LEADERSHIP_DAYS, LeadershipChange, LeadershipKind
from accountplan.analysis.wording import (
    co_seller_names,
    day,
    join_names,
    labelled,
    level,
    names_of,
    plural,
    roles_phrase,
)
from accountplan.model.enums import BuyingRole, RedFlagStatus, RelationshipStrength, Severity, Stance

EB, DM, CHAMPION = BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER, BuyingRole.CHAMPION
#: A departed person holding one of these roles leaves a hole in the deal, not just in the records.
KEY_ROLES = frozenset({EB, DM, CHAMPION})
OPPOSED = (Stance.DETRACTOR, Stance.SKEPTIC)
BRIEF = RelationshipStrength.BRIEF
#: Hidden influencers come from this top share of the active people, ranked by influence reach…
HIDDEN_INFLUENCER_SHARE = 0.1
#: …and need at least this reach: about one strong link to someone decisive (see influence_reach).
HIDDEN_INFLUENCER_MIN_REACH = 4.0


def uncovered_decisive(graphs: AccountGraphs) -> list[Finding]:
    """Active decisive people (economic buyer, decision makers, influence ≥ 4) nobody covers at working+.

    CRITICAL for the economic buyer, HIGH for anyone else.
    """
    found: list[Finding] = []
    decisive = [p for p in graphs.people.values() if p.active and p.decisive]
    decisive.sort(key=lambda p: (EB not in p.roles, DM not in p.roles, -p.influence, p.name))
    for person in decisive:
        if graphs.working_coverage(person.id):
            continue
        if person.roles & {EB, DM}:
            why = join_names(
                [
                    text
                    for role, text in ((EB, "the economic buyer"), (DM, "a decision maker"))
                    if role in person.roles
                ]
            )
        else:
            why = f"influence {person.influence} of 5"
        contacts = graphs.coverage_of(person.id, at_least=BRIEF)
        if contacts:
            best = contacts[0][1]
            by = [cid for cid, strength in contacts if strength is best]
            how = (
                f"is covered only at {best.label.lower()} strength, by {co_seller_names(graphs, by)}; "
                "nobody on our side has a working relationship"
            )
        else:
            by, how = [], "is not covered by anyone on our side"
        found.append(
            Finding(
                FindingKind.UNCOVERED_DECISIVE,
                Severity.CRITICAL if EB in person.roles else Severity.HIGH,
                f"{labelled(person)}, {why}, {how}.",
                (person.id,),
                tuple(by),
            )
        )
    return found


def buying_group(graphs: AccountGraphs, opportunity_id: int) -> list[Person]:
    """The people an opportunity's decision rests on, most influential first.

    The active owners of its decision steps, and the account's active economic buyer, decision makers
    and champions (buying roles are held account-wide).
    """
    owners = {step.owner_id for step in graphs.decision_steps if step.opportunity_id == opportunity_id}
    group = {p.id: p for p in graphs.active_holders(EB, DM, CHAMPION)}
    group.update(
        (pid, graphs.people[pid]) for pid in owners if pid in graphs.people and graphs.people[pid].active
    )
    return sorted(group.values(), key=lambda p: (-p.influence, p.depth, p.name))


def single_threaded(graphs: AccountGraphs) -> list[Finding]:
    """Open opportunities that hang on a single relationship.

    An opportunity's *buying group* is :func:`buying_group`; its *threads* are the relationships at
    working strength or better from any co-seller to anyone in that group. It is single-threaded when
    its threads reach only one stakeholder (HIGH) or all come from one co-seller (MEDIUM). No thread
    at all is CRITICAL; a buying group nobody is recorded in is HIGH.
    """
    found: list[Finding] = []
    for opportunity_id, name in sorted(graphs.opportunities.items(), key=lambda item: item[1]):
        group = buying_group(graphs, opportunity_id)
        if not group:
            found.append(
                Finding(
                    FindingKind.SINGLE_THREADED,
                    Severity.HIGH,
                    f"Nobody in the buying group of {name} is known: no economic buyer, decision maker or "
                    "champion is recorded, and none of its decision steps has an owner.",
                )
            )
            continue
        threads = [(cid, p.id) for p in group for cid in graphs.working_coverage(p.id)]
        reached = list(dict.fromkeys(pid for _, pid in threads))
        ours = list(dict.fromkeys(cid for cid, _ in threads))
        if not threads:
            severity = Severity.CRITICAL
            text = (
                f"{name} has no thread at all: nobody on our side has a working relationship with anyone "
                f"in its buying group ({names_of(graphs, [p.id for p in group])})."
            )
            found.append(Finding(FindingKind.SINGLE_THREADED, severity, text, tuple(p.id for p in group)))
            continue
        if len(reached) == 1:
            severity = Severity.HIGH
            person = graphs.people[reached[0]]
            if len(ours) == 1:
                text = (
                    f"{name} hangs on a single relationship: {co_seller_names(graphs, ours)} with "
                    f"{labelled(person)}; nobody else in its buying group is known at working strength."
                )
            else:
                text = (
                    f"{name} hangs on one person: of its buying group, only {labelled(person)} is known at "
                    f"working strength (by {co_seller_names(graphs, ours)})."
                )
        elif len(ours) == 1:
            severity = Severity.MEDIUM
            text = (
                f"{name} hangs on one of us: every working relationship with its buying group "
                f"({names_of(graphs, reached)}) is {co_seller_names(graphs, ours)}'s."
            )
        else:
            continue
        found.append(Finding(FindingKind.SINGLE_THREADED, severity, text, tuple(reached), tuple(ours)))
    return found


def selling_too_low(graphs: AccountGraphs) -> list[Finding]:
    """HIGH when nobody at or above the decision makers' level is covered at working strength or better.

    The level is the reporting depth; the decision makers' level is the smallest depth among the active
    economic buyer and decision makers. With none of them recorded, the question cannot be answered:
    a LOW finding says so.
    """
    deciders = graphs.active_holders(EB, DM)
    if not deciders:
        return [
            Finding(
                FindingKind.NO_DECISION_MAKER,
                Severity.LOW,
                "Nobody is marked as economic buyer or decision maker, so the plan cannot tell whether we "
                "are selling too low.",
            )
        ]
    top = min(p.depth for p in deciders)
    covered = [p for p in graphs.people.values() if p.active and graphs.working_coverage(p.id)]
    if any(p.depth <= top for p in covered):
        return []
    at_top = [p for p in deciders if p.depth == top]
    text = (
        f"We may be selling too low: the decision makers start {level(top)} "
        f"({names_of(graphs, [p.id for p in at_top])}), "
    )
    if covered:
        highest = min(covered, key=lambda p: (p.depth, -p.influence, p.name))
        text += f"but our highest working relationship is with {labelled(highest)}, {level(highest.depth)}."
        people = (*(p.id for p in at_top), highest.id)
        co_sellers = tuple(graphs.working_coverage(highest.id))
    else:
        text += "and nobody on our side has a working relationship with anyone in the account."
        people, co_sellers = tuple(p.id for p in at_top), ()
    return [Finding(FindingKind.SELLING_TOO_LOW, Severity.HIGH, text, people, co_sellers)]


def champion_path(graphs: AccountGraphs) -> list[Finding]:
    """How each active champion reaches the nearest active economic buyer, or that they cannot.

    The route is the cheapest over reporting lines (both ways) and influence links (the way the word
    carries, conflicts excluded), stronger links being shorter; see :func:`influence.route_graph`.
    A route is LOW (information), MEDIUM when it runs through a skeptic or detractor; no route, no
    active champion or no active economic buyer is HIGH.
    """
    champions = graphs.active_holders(CHAMPION)
    buyers = graphs.active_holders(EB)
    found: list[Finding] = []
    if not champions:
        gone = [p for p in graphs.people.values() if p.departed and CHAMPION in p.roles]
        text = "We have no active champion: nobody inside carries our case to the economic buyer"
        if gone:
            text += f" since {names_of(graphs, [p.id for p in gone])} left"
        found.append(
            Finding(FindingKind.NO_CHAMPION_PATH, Severity.HIGH, text + ".", tuple(p.id for p in gone))
        )
    if not buyers:
        gone = [p for p in graphs.people.values() if p.departed and EB in p.roles]
        if gone:
            text = (
                f"The economic buyer, {names_of(graphs, [p.id for p in gone])}, has left and nobody else is "
                "marked as economic buyer: our champion has nobody to take the deal to."
            )
        else:
            text = "Nobody is marked as the economic buyer, so we cannot tell how our champion reaches them."
        found.append(
            Finding(FindingKind.NO_CHAMPION_PATH, Severity.HIGH, text, tuple(p.id for p in champions))
        )
    if not champions or not buyers:
        return found
    routes = route_graph(graphs)
    buyer_ids = [p.id for p in buyers]
    for champion in champions:
        route = [champion.id] if champion.id in buyer_ids else shortest_route(routes, champion.id, buyer_ids)
        if route is None:
            text = (
                f"Our champion {champion.name} has no way to the economic buyer "
                f"{names_of(graphs, buyer_ids)}: no chain of reporting lines or influence links joins them."
            )
            found.append(
                Finding(FindingKind.NO_CHAMPION_PATH, Severity.HIGH, text, (champion.id, *buyer_ids))
            )
            continue
        if len(route) == 1:
            text = f"Our champion {champion.name} is also the economic buyer."
            found.append(Finding(FindingKind.CHAMPION_PATH, Severity.LOW, text, (champion.id,)))
            continue
        buyer = graphs.people[route[-1]]
        between = route[1:-1]
        chain = " → ".join(graphs.people[pid].name for pid in route)
        via = f"through {names_of(graphs, between)}" if between else "directly"
        text = f"Our champion {champion.name} reaches the economic buyer {buyer.name} {via}: {chain}."
        opposed = [pid for pid in between if graphs.people[pid].stance in OPPOSED]
        severity = Severity.LOW
        if opposed:
            severity = Severity.MEDIUM
            stances = join_names(
                [f"{graphs.people[pid].name} ({graphs.people[pid].stance.value})" for pid in opposed]
            )
            text += f" The way runs through {stances}."
        found.append(Finding(FindingKind.CHAMPION_PATH, severity, text, tuple(route)))
    return found


def hidden_influencers(graphs: AccountGraphs) -> list[Finding]:
    """People whose word carries far on the influence map but whose title is low or whom we do not cover.

    *Influence reach* is :func:`influence.influence_reach`. A person is a hidden influencer when they are
    active, hold neither the economic buyer's nor a decision maker's role (that sway is on the record
    already), are in the top tenth of the active people by reach with a reach of at least
    ``HIDDEN_INFLUENCER_MIN_REACH``, and either hold a low title (two or more levels below the top of
    the org chart with no active direct reports) or have nobody on our side at working strength.
    MEDIUM when we do not cover them, LOW when we do.
    """
    listeners = listeners_by_speaker(graphs)
    reach = influence_reach(graphs, listeners)
    if not reach:
        return []
    ranked = sorted(reach.values(), reverse=True)
    cutoff = max(
        ranked[max(1, math.ceil(len(ranked) * HIDDEN_INFLUENCER_SHARE)) - 1], HIDDEN_INFLUENCER_MIN_REACH
    )
    found: list[Finding] = []
    for pid in sorted(reach, key=lambda pid: (-reach[pid], graphs.people[pid].name)):
        person = graphs.people[pid]
        if reach[pid] < cutoff or person.roles & {EB, DM}:
            continue
        reports = [r for r in graphs.direct_reports(pid) if graphs.people[r].active]
        low_title = person.depth >= 2 and not reports
        covered = bool(graphs.working_coverage(pid))
        if covered and not low_title:
            continue
        heard_by = sorted(listeners[pid], key=lambda q: (-listeners[pid][q], graphs.people[q].name))
        reasons = []
        if low_title:
            reasons.append(f"sits {level(person.depth)} with no direct reports")
        if not covered:
            reasons.append("nobody on our side has a working relationship there")
        text = (
            f"{labelled(person)} is one of the most influential people in the account, heard by "
            f"{names_of(graphs, heard_by)}, yet {', and '.join(reasons)}."
        )
        contacts = tuple(cid for cid, _ in graphs.coverage_of(pid, at_least=BRIEF))
        severity = Severity.LOW if covered else Severity.MEDIUM
        found.append(Finding(FindingKind.HIDDEN_INFLUENCER, severity, text, (pid, *heard_by), contacts))
    return found


def departed_with_roles(graphs: AccountGraphs, today: dt.date) -> list[Finding]:
    """Departed people who still hold a buying role or own an unfinished decision step of an open deal.

    HIGH when the role is economic buyer, decision maker or champion, or a step is theirs; MEDIUM else.
    """
    found: list[Finding] = []
    for person in sorted(graphs.people.values(), key=lambda p: p.name):
        if person.active:
            continue
        steps = [
            step
            for step in graphs.decision_steps
            if step.owner_id == person.id
            and not step.done
            and (step.opportunity_id is None or step.opportunity_id in graphs.opportunities)
        ]
        if not person.roles and not steps:
            continue
        holds = []
        if person.roles:
            holds.append(f"is still recorded as {roles_phrase(person.roles)}")
        if steps:
            named = join_names([_step_name(graphs, step.name, step.opportunity_id) for step in steps])
            holds.append(f"still owns the decision {'step' if len(steps) == 1 else 'steps'} {named}")
        when = ""
        if person.departed_on is not None:
            days = (today - person.departed_on).days
            ago = f" ({plural(days, 'day')} ago)" if days > 1 else ""
            when = f" on {day(person.departed_on)}{ago}"
        severity = Severity.HIGH if steps or person.roles & KEY_ROLES else Severity.MEDIUM
        text = f"{labelled(person)} left{when} but {', and '.join(holds)}."
        found.append(Finding(FindingKind.DEPARTED_WITH_ROLES, severity, text, (person.id,)))
    return found


def _step_name(graphs: AccountGraphs, name: str, opportunity_id: int | None) -> str:
    deal = graphs.opportunities.get(opportunity_id) if opportunity_id is not None else None
    return f"“{name}” ({deal})" if deal else f"“{name}”"


def unopposed_detractors(graphs: AccountGraphs) -> list[Finding]:
    """Active skeptics and detractors with influence ≥ 4 and no counter-action.

    They are countered when a red flag they are the source of is countered (an action not cancelled
    points to it, or its status is "countered"; see :func:`graphs.load_graphs`). HIGH for a detractor or
    an influence of 5, MEDIUM for a skeptic of influence 4.
    """
    found: list[Finding] = []
    opposed = [p for p in graphs.people.values() if p.active and p.stance in OPPOSED and p.influence >= 4]
    opposed.sort(key=lambda p: (OPPOSED.index(p.stance), -p.influence, p.name))
    for person in opposed:
        flags = [flag for flag in graphs.red_flags if flag.source_id == person.id]
        if any(flag.id in graphs.countered_red_flags for flag in flags):
            continue
        standing = [flag for flag in flags if flag.status is not RedFlagStatus.CLOSED]
        who = f"{labelled(person)}, a {person.stance.value} with influence {person.influence} of 5,"
        if standing:
            others = f" and {plural(len(standing) - 1, 'other red flag')}" if len(standing) > 1 else ""
            text = f"{who} is behind “{standing[0].title}”{others}, and no action is planned to counter it."
        else:
            what = "that opposition" if person.stance is Stance.DETRACTOR else "those doubts"
            text = f"{who} is named in no red flag, and no action records how we answer {what}."
        severity = (
            Severity.HIGH if person.stance is Stance.DETRACTOR or person.influence >= 5 else Severity.MEDIUM
        )
        found.append(Finding(FindingKind.UNOPPOSED_DETRACTOR, severity, text, (person.id,)))
    return found


def _leads(graphs: AccountGraphs, person: Person) -> bool:
    """Decisive (economic buyer, decision maker, influence 4 or 5) or the manager of someone active."""
    return person.decisive or any(graphs.people[pid].active for pid in graphs.direct_reports(person.id))


def leadership_findings(graphs: AccountGraphs, changes: Sequence[LeadershipChange]) -> list[Finding]:
    """The customer's recent leadership changes (see :mod:`analysis.leadership`) that concern its leaders.

    A decisive person joining is HIGH while nobody on our side has a working relationship with them, MEDIUM
    once someone has; a decisive person leaving is HIGH. A title change or a reporting-line move is raised
    when the person is decisive or manages people, or the move is under or away from someone decisive:
    HIGH when someone decisive is involved (it re-prioritises the pursuit), MEDIUM for another manager.
    """
    found: list[Finding] = []
    for change in changes:
        person = graphs.people.get(change.person_id)
        if person is None:
            continue
        named = [graphs.people[pid] for pid in change.people if pid in graphs.people]
        decisive = bool(change.weight) or any(p.decisive for p in named)
        when = day(change.on)
        if change.kind is LeadershipKind.JOINED:
            working = graphs.working_coverage(person.id)
            if working:
                severity = Severity.MEDIUM
                cover = f"{co_seller_names(graphs, working)} already {'knows' if len(working) == 1 else 'know'} them."
            else:
                severity = Severity.HIGH
                cover = (
                    "Nobody on our side has a working relationship with them yet: meet them before they set "
                    "their priorities."
                )
            text = f"{labelled(person)} joined on {when}: {', '.join(change.weight)}. {cover}"
        elif change.kind is LeadershipKind.LEFT:
            severity = Severity.HIGH
            text = (
                f"{labelled(person)} left on {when}: {', '.join(change.weight)}. Find out who takes over their "
                "part in the decision and what that changes for our deals."
            )
        else:
            if not (decisive or _leads(graphs, person)):
                continue
            severity = Severity.HIGH if decisive else Severity.MEDIUM
            if change.kind is LeadershipKind.TITLE:
                was = f", no longer {change.before}" if change.before else ""
                now = (
                    f"is now {change.after}{was}"
                    if change.after
                    else f"no longer has the title {change.before}"
                )
                text = (
                    f"{person.name} {now} (since {when}): a new role brings new priorities and can change "
                    "their say in the decision."
                )
            else:
                manager = graphs.people.get(change.after) if isinstance(change.after, int) else None
                before = graphs.people.get(change.before) if isinstance(change.before, int) else None
                if manager is not None:
                    moved = f"now reports to {labelled(manager)}"
                    moved += f", no longer to {before.name}" if before is not None else ""
                else:
                    moved = (
                        f"no longer reports to {before.name}" if before is not None else "changed managers"
                    )
                text = (
                    f"{labelled(person)} {moved} (since {when}): check who decides and who influences them "
                    "now."
                )
        found.append(Finding(FindingKind.LEADERSHIP_CHANGE, severity, text, change.people))
    return found


def find_all(
    graphs: AccountGraphs, today: dt.date, leadership: Sequence[LeadershipChange] = ()
) -> list[Finding]:
    """Every finding, the most severe first, then in the order of :class:`FindingKind`.

    ``leadership`` are the recent leadership changes (:func:`analysis.leadership.recent_leadership_changes`).
    """
    checks: list[Callable[[AccountGraphs], list[Finding]]] = [
        uncovered_decisive,
        lambda g: departed_with_roles(g, today),
        lambda g: leadership_findings(g, leadership),
        single_threaded,
        selling_too_low,
        champion_path,
        unopposed_detractors,
        hidden_influencers,
    ]
    found = [finding for check in checks for finding in check(graphs)]
    return sorted(found, key=by_severity)


def summary(findings: list[Finding]) -> str:
    """One line for the top of the findings list."""
    risks = [f for f in findings if f.is_risk]
    if not risks:
        return (
            "No risks found: every decisive person is covered at working strength or better, no open deal "
            "hangs on a single relationship, we reach the decision makers' level, our champion has a way to "
            "the economic buyer, nobody who left still holds a role or a step, no influential skeptic goes "
            "unanswered, no hidden influencer stands out and none of the customer's leaders joined, left, or "
            f"changed title or manager in the last {LEADERSHIP_DAYS} days."
        )
    counts = [
        f"{sum(f.severity is severity for f in risks)} {severity.value}"
        for severity in reversed(Severity)
        if any(f.severity is severity for f in risks)
    ]
    return f"{plural(len(risks), 'risk')} found: {join_names(counts, longest=len(counts))}."

"""The overview dashboard's numbers: pipeline by stage and fiscal year, coverage by org unit, stances, actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.finding import Finding
from accountplan.analysis.findings import find_all, summary
from accountplan.analysis.graphs import AccountGraphs, load_graphs
from accountplan.analysis.leadership import recent_leadership_changes
from accountplan.analysis.org_units import org_unit_tree
from accountplan.analysis.overview import AccountOverview, account_overview
from accountplan.analysis.quarters import fiscal_quarters
from accountplan.model import Account, Action, Opportunity, OrgUnit
from accountplan.model.enums import ActionStatus, SalesStage, Stance

#: The actions chart looks back over this many calendar months, the current one included.
ACTION_MONTHS = 6
#: The dashboard lists this many findings, the most severe first.
TOP_FINDINGS = 5
#: The fiscal-year bucket of open deals without an expected close.
NO_CLOSE_DATE = "No close date"
#: The group and the unit of people not placed in any org unit.
NO_ORG_UNIT = "No org unit"
OPEN_STAGES = tuple(stage for stage in SalesStage if stage is not SalesStage.CLOSED)


@dataclass(frozen=True)
class PipelineBar:
    """The open deals at one sales stage: their amount per fiscal year of expected close."""

    stage: SalesStage
    #: Aligned with :attr:`Pipeline.fiscal_years`.
    amounts: tuple[Decimal, ...]
    deals: int

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, Decimal(0))


@dataclass(frozen=True)
class Pipeline:
    """Open pipeline by sales stage (every open stage, in order), split by fiscal year of expected close.

    ``fiscal_years`` are in time order ("FY2026/27", …), with :data:`NO_CLOSE_DATE` last when a deal has none.
    """

    fiscal_years: tuple[str, ...]
    bars: tuple[PipelineBar, ...]

    @property
    def total(self) -> Decimal:
        return sum((bar.total for bar in self.bars), Decimal(0))

    @property
    def deals(self) -> int:
        return sum(bar.deals for bar in self.bars)


@dataclass(frozen=True)
class UnitCoverage:
    """The active people of one org unit (not of its sub-units) and how many are covered at working+."""

    org_unit_id: int | None
    name: str
    people: int
    covered_people: int
    influence: int
    covered_influence: int

    @property
    def share(self) -> float:
        """The covered share of the unit's influence, 0 to 1."""
        return self.covered_influence / self.influence if self.influence else 0.0


@dataclass(frozen=True)
class CoverageGroup:
    """A top-level division of the customer and its org units that hold active people, in tree order."""

    name: str
    units: tuple[UnitCoverage, ...]

    @property
    def influence(self) -> int:
        return sum(unit.influence for unit in self.units)

    @property
    def share(self) -> float:
        covered = sum(unit.covered_influence for unit in self.units)
        return covered / self.influence if self.influence else 0.0


@dataclass(frozen=True)
class StanceWeight:
    """The active people holding one stance, and the sum of their influence."""

    stance: Stance
    people: int
    influence: int


@dataclass(frozen=True)
class ActionMonth:
    """One calendar month of actions: how many were done in it, how many stood overdue at its end.

    ``end`` is the month's last day, or today for the running month.
    """

    start: dt.date
    end: dt.date
    done: int
    overdue: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the overview page draws for one account, as of ``today``."""

    today: dt.date
    figures: AccountOverview
    fiscal_year_start_month: int
    pipeline: Pipeline
    coverage: tuple[CoverageGroup, ...]
    stances: tuple[StanceWeight, ...]
    actions: tuple[ActionMonth, ...]
    #: The most severe findings, at most :data:`TOP_FINDINGS`.
    findings: tuple[Finding, ...]
    #: One line: how many risks, by severity (see analysis.findings.summary).
    findings_summary: str
    findings_total: int


def fiscal_year_of(start_month: int, day: dt.date) -> str:
    """The name of the fiscal year (starting in ``start_month``) that contains ``day``: "FY2026/27"."""
    return fiscal_quarters(start_month, day, 1)[0].fiscal_year


def pipeline_by_stage(
    deals: Iterable[tuple[SalesStage, Decimal | None, dt.date | None]], start_month: int
) -> Pipeline:
    """Open deals given as (stage, amount, expected close), added up by stage and fiscal year."""
    cells: dict[tuple[SalesStage, str], Decimal] = {}
    counts: dict[SalesStage, int] = {}
    years: dict[str, dt.date] = {}
    for stage, amount, close in deals:
        year = fiscal_year_of(start_month, close) if close is not None else NO_CLOSE_DATE
        if close is not None:
            years[year] = min(years.get(year, close), close)
        else:
            years[year] = dt.date.max
        cells[(stage, year)] = cells.get((stage, year), Decimal(0)) + (amount or Decimal(0))
        counts[stage] = counts.get(stage, 0) + 1
    ordered = tuple(sorted(years, key=lambda name: (years[name], name)))
    bars = tuple(
        PipelineBar(
            stage, tuple(cells.get((stage, year), Decimal(0)) for year in ordered), counts.get(stage, 0)
        )
        for stage in OPEN_STAGES
    )
    return Pipeline(ordered, bars)


def coverage_by_unit(graphs: AccountGraphs, units: list[OrgUnit]) -> tuple[CoverageGroup, ...]:
    """The share of each org unit's influence covered at working strength or better, grouped by division.

    The divisions are the children of the single top unit
    (which forms a group of its own), or the top units when there are several. Units without active people
    are left out, and so are divisions left empty.
    """
    known = {unit.id for unit in units}
    tally: dict[int | None, list[int]] = {}
    for person in graphs.people.values():
        if person.active:
            counts = tally.setdefault(
                person.org_unit_id if person.org_unit_id in known else None, [0, 0, 0, 0]
            )
            covered = bool(graphs.working_coverage(person.id))
            counts[0] += 1
            counts[1] += covered
            counts[2] += person.influence
            counts[3] += person.influence if covered else 0
    ordered = org_unit_tree(units)
    roots = [unit_id for unit_id, _, depth in ordered if depth == 0]
    division_depth = 1 if len(roots) == 1 else 0
    groups: list[tuple[str, list[UnitCoverage]]] = []
    for unit_id, name, depth in ordered:
        if depth <= division_depth:
            groups.append((name, []))
        if unit_id in tally:
            groups[-1][1].append(UnitCoverage(unit_id, name, *tally[unit_id]))
    if None in tally:
        groups.append((NO_ORG_UNIT, [UnitCoverage(None, NO_ORG_UNIT, *tally[None])]))
    return tuple(CoverageGroup(name, tuple(found)) for name, found in groups if found)


def stance_weights(graphs: AccountGraphs) -> tuple[StanceWeight, ...]:
    """For each stance, Champion to Detractor: its active people and the sum of their influence."""
    people = {stance: 0 for stance in Stance}
    influence = {stance: 0 for stance in Stance}
    for person in graphs.people.values():
        if person.active:
            people[person.stance] += 1
            influence[person.stance] += person.influence
    return tuple(StanceWeight(stance, people[stance], influence[stance]) for stance in Stance)


def _months_back(today: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of the ``count`` calendar months up to today's, oldest first; the last ends today."""
    months = []
    for back in range(count - 1, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        start = dt.date(year, month + 1, 1)
        following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        months.append((start, min(following - dt.timedelta(days=1), today)))
    return months


def _open_on(status: ActionStatus, done_on: dt.date | None, day: dt.date) -> bool:
    """Whether an action (as it stands now) was still to do at the end of ``day``.

    A done action was open until the day it was done; a cancelled one, whose day of cancelling nobody
    records, is left out of the past as well as the present.
    """
    if status is ActionStatus.CANCELLED:
        return False
    if status is ActionStatus.DONE:
        return done_on is not None and done_on > day
    return True


def actions_by_month(
    actions: Iterable[tuple[dt.date, ActionStatus, dt.date | None, dt.date | None]],
    today: dt.date,
    months: int = ACTION_MONTHS,
) -> tuple[ActionMonth, ...]:
    """Actions given as (created on, status, due, done on): done in each month, overdue at each month's end.

    An action counts as overdue at a month's end when it existed by then, was due before that day, and
    was still open on it; for the running month that is today, as on the Actions page.
    """
    rows = list(actions)
    found = []
    for start, end in _months_back(today, months):
        done = sum(
            1
            for _, status, _, done_on in rows
            if status is ActionStatus.DONE and done_on is not None and start <= done_on <= end
        )
        overdue = sum(
            1
            for created, status, due, done_on in rows
            if created <= end and due is not None and due < end and _open_on(status, done_on, end)
        )
        found.append(ActionMonth(start, end, done, overdue))
    return tuple(found)


def dashboard(session: Session, account_id: int, today: dt.date) -> Dashboard:
    """Read and add up everything the overview page draws for one account."""
    figures = account_overview(session, account_id, today)
    start_month = session.scalars(
        select(Account.fiscal_year_start_month).where(Account.id == account_id)
    ).one()
    rows = session.connection().execute
    deals = rows(
        select(Opportunity.sales_stage, Opportunity.amount, Opportunity.expected_close).where(
            Opportunity.account_id == account_id, Opportunity.outcome.is_(None)
        )
    ).all()
    units = list(session.scalars(select(OrgUnit).where(OrgUnit.account_id == account_id)))
    actions = rows(
        select(Action.created_at, Action.status, Action.due, Action.done_on).where(
            Action.account_id == account_id
        )
    ).all()
    graphs = load_graphs(session, account_id)
    found = find_all(graphs, today, recent_leadership_changes(session, account_id, today))
    return Dashboard(
        today=today,
        figures=figures,
        fiscal_year_start_month=start_month,
        pipeline=pipeline_by_stage(deals, start_month),
        coverage=coverage_by_unit(graphs, units),
        stances=stance_weights(graphs),
        actions=actions_by_month(
            ((created.date(), status, due, done_on) for created, status, due, done_on in actions), today
        ),
        findings=tuple(found[:TOP_FINDINGS]),
        findings_summary=summary(found),
        findings_total=len(found),
    )

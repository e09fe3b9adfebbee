"""The Overview in two reads: its figures and charts, quick; its findings, which take the longest.

:func:`accountplan.analysis.dashboard.dashboard` reads both at once: at 20,000 people the findings (every
rule over the graphs, and the leadership changes of the last 90 days in the change log) are nine tenths of
its second. The window shows the figures at once and the findings when they are found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.dashboard import (
    TOP_FINDINGS,
    Dashboard,
    actions_by_month,
    coverage_by_unit,
    pipeline_by_stage,
    stance_weights,
)
from accountplan.analysis.finding import Finding
from accountplan.analysis.findings import find_all, summary
from accountplan.analysis.graphs import load_graphs
from accountplan.analysis.leadership import recent_leadership_changes
from accountplan.analysis.overview import account_overview
from accountplan.model import Account, Action, Opportunity, OrgUnit


@dataclass(frozen=True)
class TopFindings:
    """The most severe findings (at most :data:`TOP_FINDINGS`), how many there are, and the line saying so."""

    findings: tuple[Finding, ...]
    summary: str
    total: int


def overview_board(session: Session, account_id: int, today: dt.date) -> Dashboard:
    """Everything the Overview draws but its findings (left empty: see :func:`top_findings`)."""
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
        findings=(),
        findings_summary="",
        findings_total=0,
    )


def top_findings(session: Session, account_id: int, today: dt.date) -> TopFindings:
    """The Overview's findings: every rule over the account, the most severe first."""
    found = find_all(
        load_graphs(session, account_id), today, recent_leadership_changes(session, account_id, today)
    )
    return TopFindings(tuple(found[:TOP_FINDINGS]), summary(found), len(found))


def with_findings(board: Dashboard, found: TopFindings) -> Dashboard:
    """``board`` with ``found`` as its findings."""
    return dataclasses.replace(
        board, findings=found.findings, findings_summary=found.summary, findings_total=found.total
    )

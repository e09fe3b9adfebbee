"""Opportunities and their two processes: every stage change is written to the stage history.

A change of a deal's forecast category (``forecast_category``) is written to the forecast history
(``forecast_changes``) the same way: when, and by whom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.stages import StageHistory, StageWarning, spells, stage_warnings
from accountplan.errors import InvalidValue, Refused
from accountplan.model import (
    ChangeLogEntry,
    Competitor,
    ForecastChange,
    Opportunity,
    OpportunityCompetitor,
    StageChange,
)
from accountplan.model.enums import (
    BuyingStage,
    ChangeKind,
    ForecastCategory,
    OpportunityType,
    Outcome,
    SalesStage,
    StageProcess,
)
from accountplan.model.types import utcnow
from accountplan.plan import fields
from accountplan.plan.actions import today_of

_OWN_OPERATION = frozenset({"sales_stage", "buying_stage", "outcome", "outcome_reason", "closed_on"})


@dataclass(frozen=True)
class OpportunityRow:
    """One deal as the opportunities table shows it, with when its current stages began and its warnings."""

    id: int
    name: str
    type: OpportunityType
    amount: Decimal | None
    currency: str
    expected_close: dt.date | None
    probability: int
    sales_stage: SalesStage
    buying_stage: BuyingStage
    #: When the current stage of each process was entered (None without a history).
    sales_since: dt.date | None
    buying_since: dt.date | None
    outcome: Outcome | None
    closed_on: dt.date | None
    outcome_reason: str
    #: The competitor who won it, or "".
    won_by: str
    compelling_event: str
    differentiators: str
    internal_notes: str
    #: (competitor id, name, is incumbent) of the competitors present in the deal, by name.
    competitors: tuple[tuple[int, str, bool], ...]
    #: From analysis.stages.stage_warnings; empty when the deal is closed.
    warnings: tuple[StageWarning, ...]
    #: The version the deal was read at: an edit is refused if someone saved the deal since.
    version: int = 0

    @property
    def is_open(self) -> bool:
        return self.outcome is None


def _now(session: Session, at: dt.datetime | None = None) -> dt.datetime:
    """The time of a stage change: the one given, else the operation's fixed time, else now."""
    return at or session.info.get("now") or utcnow()


def _record_stage(
    session: Session, deal: Opportunity, process: StageProcess, stage: str, at: dt.datetime | None = None
) -> None:
    session.add(
        StageChange(
            account_id=deal.account_id,
            opportunity_id=deal.id,
            process=process,
            stage=stage,
            entered_at=_now(session, at),
            changed_by=session.info.get("user", ""),
        )
    )


def _record_forecast(
    session: Session, deal: Opportunity, category: ForecastCategory, at: dt.datetime | None = None
) -> None:
    session.add(
        ForecastChange(
            account_id=deal.account_id,
            opportunity_id=deal.id,
            category=category,
            changed_at=_now(session, at),
            changed_by=session.info.get("user", ""),
        )
    )


def add_opportunity(session: Session, account_id: int, name: str, **values: Any) -> int:
    """Add a deal, starting both processes' stage history at its first stages and its forecast history."""
    if not name.strip():
        raise InvalidValue("An opportunity needs a name.")
    sales = SalesStage(values.pop("sales_stage", SalesStage.REACHING_OUT))
    buying = BuyingStage(values.pop("buying_stage", BuyingStage.CHANGE))
    deal = Opportunity(
        account_id=account_id,
        name=fields.coerce(Opportunity, "name", name.strip()),
        sales_stage=sales,
        buying_stage=buying,
    )
    fields.apply(deal, values, forbidden=_OWN_OPERATION)
    session.add(deal)
    session.flush()
    _record_stage(session, deal, StageProcess.SALES, sales.value)
    _record_stage(session, deal, StageProcess.BUYING, buying.value)
    _record_forecast(session, deal, deal.forecast_category or ForecastCategory.PIPELINE)
    session.flush()
    return deal.id


def update_opportunity(
    session: Session, opportunity_id: int, *, at: dt.datetime | None = None, **changes: Any
) -> dict[str, Any]:
    """Change fields of a deal; return their previous values.

    A new forecast category is written to the forecast history at ``at`` (by default the operation's time).
    """
    deal = fields.get(session, Opportunity, opportunity_id)
    if "name" in changes and not str(changes["name"] or "").strip():
        raise InvalidValue("An opportunity needs a name.")
    previous = fields.apply(deal, changes, forbidden=_OWN_OPERATION)
    if "forecast_category" in previous and previous["forecast_category"] != deal.forecast_category:
        _record_forecast(session, deal, deal.forecast_category, at)
    session.flush()
    return previous


def set_forecast_category(
    session: Session, opportunity_id: int, category: ForecastCategory, *, at: dt.datetime | None = None
) -> ForecastCategory:
    """Put a deal in a forecast category, written to its forecast history; return the previous category."""
    return update_opportunity(session, opportunity_id, at=at, forecast_category=ForecastCategory(category))[
        "forecast_category"
    ]


def forecast_history(session: Session, opportunity_id: int) -> list[ForecastChange]:
    """The deal's forecast history, oldest first."""
    return list(
        session.scalars(
            select(ForecastChange)
            .where(ForecastChange.opportunity_id == opportunity_id)
            .order_by(ForecastChange.changed_at, ForecastChange.id)
        )
    )


def set_stage(
    session: Session,
    opportunity_id: int,
    stage: SalesStage | BuyingStage,
    *,
    at: dt.datetime | None = None,
) -> SalesStage | BuyingStage:
    """Move a deal to a stage of our sales process or of the customer's buying process.

    The change is written to the stage history with its time; return the previous stage.
    Closing goes through :func:`close_opportunity`, which asks for the customer's reason.
    """
    deal = fields.get(session, Opportunity, opportunity_id)
    if isinstance(stage, SalesStage):
        if stage is SalesStage.CLOSED:
            raise Refused("Close a deal with its outcome and the customer's reason, not by moving its stage.")
        if deal.outcome is not None:
            raise Refused(f"{deal.name} is closed ({deal.outcome.label}); reopen it before moving its stage.")
        previous: SalesStage | BuyingStage = deal.sales_stage
        deal.sales_stage = stage
        process = StageProcess.SALES
    else:
        previous = deal.buying_stage
        deal.buying_stage = BuyingStage(stage)
        process = StageProcess.BUYING
    if previous == stage:
        return previous
    _record_stage(session, deal, process, stage.value, at)
    session.flush()
    return previous


def close_opportunity(
    session: Session,
    opportunity_id: int,
    outcome: Outcome,
    reason: str,
    *,
    on: dt.date | None = None,
    won_by_id: int | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Close a deal as won, lost or no decision, with the customer's answer to "why?".

    ``at``: the time written to the stage history (by default the operation's time).
    """
    deal = fields.get(session, Opportunity, opportunity_id)
    if not reason.strip():
        raise InvalidValue('Closing a deal needs the customer\'s answer to "what made you decide that way?".')
    outcome = Outcome(outcome)
    deal.outcome = outcome
    deal.outcome_reason = fields.coerce(Opportunity, "outcome_reason", reason.strip())
    deal.closed_on = on or today_of(session)
    deal.won_by_id = won_by_id if outcome is Outcome.LOST else None
    if deal.won_by_id is not None:
        _competitor_of(session, deal.account_id, deal.won_by_id)
    deal.probability = 100 if outcome is Outcome.WON else 0
    if deal.sales_stage is not SalesStage.CLOSED:
        deal.sales_stage = SalesStage.CLOSED
        _record_stage(session, deal, StageProcess.SALES, SalesStage.CLOSED.value, at)
    session.flush()


def reopen_opportunity(session: Session, opportunity_id: int, *, at: dt.datetime | None = None) -> None:
    """Reopen a closed deal: its outcome goes, and it returns to the sales stage it was in before Closed.

    The probability closing set (100 or 0) goes back to the one the change log remembers, if any. ``at``:
    the time written to the stage history (by default the operation's time).
    """
    deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
    if deal.outcome is None:
        raise Refused(f"{deal.name} is open already.")
    earlier = session.scalars(
        select(StageChange.stage)
        .where(
            StageChange.opportunity_id == deal.id,
            StageChange.process == StageProcess.SALES,
            StageChange.stage != SalesStage.CLOSED.value,
        )
        .order_by(StageChange.entered_at.desc(), StageChange.id.desc())
        .limit(1)
    ).first()
    stage = SalesStage(earlier) if earlier else SalesStage.REACHING_OUT
    probability = _probability_before_closing(session, deal)
    deal.outcome = None
    deal.outcome_reason = ""
    deal.closed_on = None
    deal.won_by_id = None
    if probability is not None:
        deal.probability = probability
    if deal.sales_stage is not stage:
        deal.sales_stage = stage
        _record_stage(session, deal, StageProcess.SALES, stage.value, at)
    session.flush()


def _probability_before_closing(session: Session, deal: Opportunity) -> int | None:
    last = session.scalars(
        select(ChangeLogEntry)
        .where(
            ChangeLogEntry.entity_type == Opportunity.__tablename__,
            ChangeLogEntry.entity_id == deal.id,
            ChangeLogEntry.field == "probability",
            ChangeLogEntry.kind == ChangeKind.UPDATED,
        )
        .order_by(ChangeLogEntry.at.desc(), ChangeLogEntry.id.desc())
        .limit(1)
    ).first()
    if last is None or last.new_value != str(deal.probability) or not (last.old_value or "").isdigit():
        return None
    return int(last.old_value or 0)


def delete_opportunity(session: Session, opportunity_id: int) -> None:
    """Delete a deal with its stage history, competitors, decision steps and scorecard."""
    session.delete(fields.get(session, Opportunity, opportunity_id))
    session.flush()


def _competitor_of(session: Session, account_id: int, competitor_id: int) -> Competitor:
    competitor: Competitor = fields.get(session, Competitor, competitor_id)
    if competitor.account_id != account_id:
        raise Refused(f"The competitor {competitor.name!r} belongs to another account.")
    return competitor


def set_competitors(session: Session, opportunity_id: int, competitor_ids: Iterable[int]) -> list[int]:
    """Make these the competitors present in the deal; return the previous ones' ids (for undo)."""
    deal: Opportunity = fields.get(session, Opportunity, opportunity_id)
    wanted = list(dict.fromkeys(competitor_ids))
    for competitor_id in wanted:
        _competitor_of(session, deal.account_id, competitor_id)
    links = session.scalars(
        select(OpportunityCompetitor).where(OpportunityCompetitor.opportunity_id == deal.id)
    ).all()
    previous = sorted(link.competitor_id for link in links)
    for link in links:
        if link.competitor_id not in wanted:
            session.delete(link)
    for competitor_id in wanted:
        if competitor_id not in previous:
            session.add(
                OpportunityCompetitor(
                    account_id=deal.account_id, opportunity_id=deal.id, competitor_id=competitor_id
                )
            )
    session.flush()
    return previous


def list_competitors(session: Session, account_id: int) -> list[tuple[int, str, bool]]:
    """The account's competitors ``(id, name, is incumbent)``, by name."""
    found = session.execute(
        select(Competitor.id, Competitor.name, Competitor.is_incumbent).where(
            Competitor.account_id == account_id
        )
    ).all()
    return sorted(
        ((i, name, bool(incumbent)) for i, name, incumbent in found), key=lambda c: (c[1].casefold(), c[0])
    )


def _histories(session: Session, deal_ids: list[int], today: dt.date) -> dict[int, StageHistory]:
    changes: dict[tuple[int, StageProcess], list[tuple[str, dt.date]]] = {}
    rows = session.execute(
        select(StageChange.opportunity_id, StageChange.process, StageChange.stage, StageChange.entered_at)
        .where(StageChange.opportunity_id.in_(deal_ids))
        .order_by(StageChange.entered_at, StageChange.id)
    )
    for deal_id, process, stage, entered_at in rows:
        changes.setdefault((deal_id, process), []).append((stage, entered_at.date()))
    return {
        deal_id: StageHistory(
            sales=spells(changes.get((deal_id, StageProcess.SALES), []), StageProcess.SALES, today),
            buying=spells(changes.get((deal_id, StageProcess.BUYING), []), StageProcess.BUYING, today),
        )
        for deal_id in deal_ids
    }


def stage_history(session: Session, opportunity_id: int, today: dt.date) -> StageHistory:
    """The spells of both processes of a deal, oldest first."""
    fields.get(session, Opportunity, opportunity_id)
    return _histories(session, [opportunity_id], today)[opportunity_id]


def _pushes(session: Session, deal_ids: list[int]) -> dict[int, list[tuple[dt.date, dt.date, dt.date]]]:
    found: dict[int, list[tuple[dt.date, dt.date, dt.date]]] = {deal_id: [] for deal_id in deal_ids}
    entries = session.execute(
        select(
            ChangeLogEntry.entity_id, ChangeLogEntry.at, ChangeLogEntry.old_value, ChangeLogEntry.new_value
        )
        .where(
            ChangeLogEntry.entity_type == Opportunity.__tablename__,
            ChangeLogEntry.entity_id.in_(deal_ids),
            ChangeLogEntry.field == "expected_close",
            ChangeLogEntry.kind == ChangeKind.UPDATED,
        )
        .order_by(ChangeLogEntry.at, ChangeLogEntry.id)
    )
    for deal_id, at, old, new in entries:
        if deal_id is None or not old or not new:
            continue
        try:
            before, after = dt.date.fromisoformat(old[:10]), dt.date.fromisoformat(new[:10])
        except ValueError:  # a change log written by another program: not a date, not a push
            continue
        if after > before:
            found[deal_id].append((at.date(), before, after))
    return found


def close_pushes(session: Session, opportunity_id: int) -> list[tuple[dt.date, dt.date, dt.date]]:
    """Each time the expected close moved later ``(changed on, old close, new close)``, oldest first."""
    fields.get(session, Opportunity, opportunity_id)
    return _pushes(session, [opportunity_id])[opportunity_id]


def _rows(session: Session, deals: list[Opportunity], today: dt.date) -> list[OpportunityRow]:
    ids = [deal.id for deal in deals]
    histories = _histories(session, ids, today)
    pushes = _pushes(session, ids)
    present: dict[int, list[tuple[int, str, bool]]] = {deal_id: [] for deal_id in ids}
    rivals = session.execute(
        select(OpportunityCompetitor.opportunity_id, Competitor.id, Competitor.name, Competitor.is_incumbent)
        .join(Competitor, Competitor.id == OpportunityCompetitor.competitor_id)
        .where(OpportunityCompetitor.opportunity_id.in_(ids))
        .order_by(Competitor.name, Competitor.id)
    )
    names: dict[int, str] = {}
    for deal_id, competitor_id, name, incumbent in rivals:
        present[deal_id].append((competitor_id, name, bool(incumbent)))
    won_by = {deal.won_by_id for deal in deals if deal.won_by_id is not None}
    if won_by:
        query = select(Competitor.id, Competitor.name).where(Competitor.id.in_(won_by))
        names = {competitor_id: name for competitor_id, name in session.execute(query)}
    rows = []
    for deal in deals:
        history = histories[deal.id]
        pushed = pushes[deal.id]
        warnings = stage_warnings(
            SalesStage.CLOSED if deal.outcome is not None else deal.sales_stage,
            deal.buying_stage,
            history,
            len(pushed),
            pushed[-1][1:] if pushed else None,
            today,
        )
        rows.append(
            OpportunityRow(
                id=deal.id,
                name=deal.name,
                type=deal.type,
                amount=deal.amount,
                currency=deal.currency,
                expected_close=deal.expected_close,
                probability=deal.probability,
                sales_stage=deal.sales_stage,
                buying_stage=deal.buying_stage,
                sales_since=history.sales[-1].entered if history.sales else None,
                buying_since=history.buying[-1].entered if history.buying else None,
                outcome=deal.outcome,
                closed_on=deal.closed_on,
                outcome_reason=deal.outcome_reason,
                won_by=names.get(deal.won_by_id, "") if deal.won_by_id is not None else "",
                compelling_event=deal.compelling_event,
                differentiators=deal.differentiators,
                internal_notes=deal.internal_notes,
                competitors=tuple(present[deal.id]),
                warnings=tuple(warnings),
                version=deal.version,
            )
        )
    return rows


def list_opportunities(session: Session, account_id: int, today: dt.date) -> list[OpportunityRow]:
    """The account's deals: open ones first by expected close (none last), then closed ones newest first."""
    deals = list(session.scalars(select(Opportunity).where(Opportunity.account_id == account_id)))
    open_deals = sorted(
        (d for d in deals if d.outcome is None),
        key=lambda d: (d.expected_close is None, d.expected_close or dt.date.max, d.name.casefold(), d.id),
    )
    closed = sorted(
        (d for d in deals if d.outcome is not None),
        key=lambda d: (d.closed_on or dt.date.min, d.id),
        reverse=True,
    )
    return _rows(session, open_deals + closed, today)


def get_opportunity(session: Session, opportunity_id: int, today: dt.date) -> OpportunityRow:
    return _rows(session, [fields.get(session, Opportunity, opportunity_id)], today)[0]

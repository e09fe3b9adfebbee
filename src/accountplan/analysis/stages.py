"""The two processes of a deal side by side: how long each stage lasted, and what should worry the team.

Which of the customer's buying stages fit each of our sales stages (``expected_buying``):

==============================  =====================================
Our sales stage                 The customer's stages that fit
==============================  =====================================
Reaching out, Initial meetings  Something changes … Pain
Selling vision, Vision match    Pain … Needs defined
Qualification, Discovery        Needs defined … Evaluate
Demonstration                   Search for a solution … Evaluate
Proposal                        Evaluate … Decide
Negotiation                     Decide … Purchase (paper process)
Closed                          Decide … Renew or expand
==============================  =====================================

A customer below the range has not caught up with our selling (we propose to someone still defining needs);
a customer above it is ahead of us (they evaluate while we are still reaching out: someone else shaped the
requirements).
"""

from __future__ import annotations

import datetime as dt
import enum
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from accountplan.analysis.change_window import medium_day
from accountplan.model.enums import BuyingStage, SalesStage, Severity, StageProcess

#: A current stage is "stuck" only once it has lasted at least this many days…
STUCK_DAYS = 30
#: … and more than this many times the median of the completed stages of its process…
STUCK_FACTOR = 2
#: … of which there must be at least this many to compare with.
STUCK_MIN_COMPLETED = 2
#: A stuck stage of this many days or more is a high warning.
STUCK_HIGH_DAYS = 90
#: The expected close moved later this many times is a warning; twice this many, a high one.
PUSHES_WARNED = 2

_B = BuyingStage
_EXPECTED: dict[SalesStage, tuple[BuyingStage, BuyingStage]] = {
    SalesStage.REACHING_OUT: (_B.CHANGE, _B.PAIN),
    SalesStage.INITIAL_MEETINGS: (_B.CHANGE, _B.PAIN),
    SalesStage.SELLING_VISION: (_B.PAIN, _B.NEEDS),
    SalesStage.VISION_MATCH: (_B.PAIN, _B.NEEDS),
    SalesStage.QUALIFICATION: (_B.NEEDS, _B.EVALUATE),
    SalesStage.DISCOVERY: (_B.NEEDS, _B.EVALUATE),
    SalesStage.DEMONSTRATION: (_B.SEARCH, _B.EVALUATE),
    SalesStage.PROPOSAL: (_B.EVALUATE, _B.DECIDE),
    SalesStage.NEGOTIATION: (_B.DECIDE, _B.PURCHASE),
    SalesStage.CLOSED: (_B.DECIDE, _B.RENEW_EXPAND),
}


@dataclass(frozen=True)
class StageSpell:
    """A stretch of time a deal spent in one stage of one process; ``days`` runs to today while current."""

    stage: SalesStage | BuyingStage
    entered: dt.date
    left: dt.date | None
    days: int

    @property
    def current(self) -> bool:
        return self.left is None


@dataclass(frozen=True)
class StageHistory:
    """Both processes' spells, oldest first."""

    sales: tuple[StageSpell, ...]
    buying: tuple[StageSpell, ...]


class WarningKind(enum.StrEnum):
    """What a deal's warning is about."""

    MISALIGNED = "misaligned"
    STUCK = "stuck"
    CLOSE_PUSHED = "close_pushed"


@dataclass(frozen=True)
class StageWarning:
    """Something about a deal's stages the team should look at, in one sentence."""

    kind: WarningKind
    severity: Severity
    text: str


def spells(
    changes: Sequence[tuple[str, dt.date]], process: StageProcess, today: dt.date
) -> tuple[StageSpell, ...]:
    """The spells of one process from its stage changes ``(stage value, day entered)``, in time order.

    A change to the stage the deal is already in continues the spell.
    """
    kind: type[SalesStage] | type[BuyingStage] = SalesStage if process is StageProcess.SALES else BuyingStage
    entries: list[tuple[SalesStage | BuyingStage, dt.date]] = []
    for value, entered in changes:
        stage = kind(value)
        if entries and entries[-1][0] == stage:
            continue
        entries.append((stage, entered))
    result = []
    for index, (stage, entered) in enumerate(entries):
        left = entries[index + 1][1] if index + 1 < len(entries) else None
        result.append(StageSpell(stage, entered, left, max(0, ((left or today) - entered).days)))
    return tuple(result)


def expected_buying(stage: SalesStage) -> tuple[BuyingStage, BuyingStage]:
    """The lowest and the highest of the customer's buying stages that fit our sales stage."""
    return _EXPECTED[stage]


def stage_warnings(
    sales_stage: SalesStage,
    buying_stage: BuyingStage,
    history: StageHistory,
    pushes: int,
    last_push: tuple[dt.date, dt.date] | None,
    today: dt.date,
) -> list[StageWarning]:
    """The warnings of an open deal: the processes out of step, a stage lasting too long, a close slipping.

    ``pushes`` counts the times the expected close moved later, ``last_push`` is the last (old, new) close.
    Closed deals get none.
    """
    if sales_stage is SalesStage.CLOSED:
        return []
    warnings = []
    misaligned = _misalignment(sales_stage, buying_stage)
    if misaligned is not None:
        warnings.append(misaligned)
    for process, own in ((StageProcess.SALES, history.sales), (StageProcess.BUYING, history.buying)):
        stuck = _stuck(process, own)
        if stuck is not None:
            warnings.append(stuck)
    if pushes >= PUSHES_WARNED:
        text = f"The expected close has been pushed {pushes} times"
        if last_push is not None:
            text += f", last from {medium_day(last_push[0])} to {medium_day(last_push[1])}"
        severity = Severity.HIGH if pushes >= 2 * PUSHES_WARNED else Severity.MEDIUM
        warnings.append(StageWarning(WarningKind.CLOSE_PUSHED, severity, text + "."))
    return warnings


def _misalignment(sales: SalesStage, buying: BuyingStage) -> StageWarning | None:
    lowest, highest = expected_buying(sales)
    if buying.order < lowest.order:
        gap = lowest.order - buying.order
        text = (
            f"We are at {sales.label} while the customer is still at {buying.label}: "
            f"they have not reached {lowest.label} yet, so we are selling ahead of their buying."
        )
    elif buying.order > highest.order:
        gap = buying.order - highest.order
        text = (
            f"The customer is already at {buying.label} while we are still at {sales.label}: "
            "someone else may be shaping their choice."
        )
    else:
        return None
    return StageWarning(WarningKind.MISALIGNED, Severity.HIGH if gap >= 2 else Severity.MEDIUM, text)


def _stuck(process: StageProcess, own: Sequence[StageSpell]) -> StageWarning | None:
    if not own or not own[-1].current:
        return None
    current = own[-1]
    completed = [spell.days for spell in own if not spell.current]
    if len(completed) < STUCK_MIN_COMPLETED or current.days < STUCK_DAYS:
        return None
    usual = statistics.median(completed)
    if current.days <= STUCK_FACTOR * usual:
        return None
    who = "The deal has" if process is StageProcess.SALES else "The customer has"
    text = (
        f"{who} been at {current.stage.label} for {current.days} days, "
        f"more than {STUCK_FACTOR} times the usual {usual:g} days of the earlier stages."
    )
    severity = Severity.HIGH if current.days >= STUCK_HIGH_DAYS else Severity.MEDIUM
    return StageWarning(WarningKind.STUCK, severity, text)

"""The account's progress over time (issue #18, section 3): how much of the customer we know and cover, by day.

Each point is the account as it was at the end of a day (rebuilt by :mod:`accountplan.analysis.as_of`, all the
days in one walk back through the change log), measured as the rest of the analysis measures today:

- the share of the active people's influence covered at working strength or better (the Overview's coverage
  by org unit, :func:`accountplan.analysis.dashboard.coverage_by_unit`, over the whole account);
- the decisive people (economic buyer, decision makers, influence 4 or 5) covered at working strength, of how
  many (the "uncovered decisive person" finding's people);
- the champions and the detractors, and the people known (all active).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from accountplan.analysis.as_of import account_start, past_accounts
from accountplan.analysis.graphs import AccountGraphs
from accountplan.model.enums import Stance

#: The default series: the ends of this many past months, then today.
MONTHS = 12


@dataclass(frozen=True)
class ProgressPoint:
    """The account's measures at the end of ``day``."""

    day: dt.date
    #: The active people's influence, and the part of it covered at working strength or better.
    influence: int
    covered_influence: int
    decisive: int
    decisive_covered: int
    champions: int
    detractors: int
    #: Active people.
    people: int

    @property
    def influence_share(self) -> float:
        """The covered share of the influence, 0 to 1 (0 when nobody is known)."""
        return self.covered_influence / self.influence if self.influence else 0.0


#: What each measure is called, for charts and tables: (attribute, label).
MEASURES = (
    ("influence_share", "Influence covered at working strength"),
    ("decisive_covered", "Decisive people covered"),
    ("champions", "Champions"),
    ("detractors", "Detractors"),
    ("people", "People known"),
)


def measure(graphs: AccountGraphs, day: dt.date) -> ProgressPoint:
    """The progress measures of one state of the account."""
    influence = covered_influence = decisive = decisive_covered = champions = detractors = people = 0
    for person in graphs.people.values():
        if not person.active:
            continue
        covered = bool(graphs.working_coverage(person.id))
        people += 1
        influence += person.influence
        covered_influence += person.influence if covered else 0
        if person.decisive:
            decisive += 1
            decisive_covered += covered
        champions += person.stance is Stance.CHAMPION
        detractors += person.stance is Stance.DETRACTOR
    return ProgressPoint(
        day, influence, covered_influence, decisive, decisive_covered, champions, detractors, people
    )


def month_ends(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The last days of the ``months`` calendar months before today's, oldest first, then today."""
    ends = []
    for back in range(months, 0, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back + 1, 12)
        ends.append(dt.date(year, month + 1, 1) - dt.timedelta(days=1))
    return [*ends, today]


def default_days(session: Session, account_id: int, today: dt.date | None = None) -> list[dt.date]:
    """The ends of the last :data:`MONTHS` months and today, none before the account's first day."""
    today = today or dt.date.today()
    first = account_start(session, account_id).astimezone().date()
    ends = month_ends(today)
    days = [day for day in ends if day >= first]
    if ends[0] < first < today and first not in days:
        days.insert(0, first)  # an account younger than the lines starts them on its first day
    return days


def progress_series(
    session: Session, account_id: int, days: Sequence[dt.date] | None = None, today: dt.date | None = None
) -> list[ProgressPoint]:
    """The measures at the end of each day (oldest first), all rebuilt in one walk back through the log.

    ``days`` defaults to :func:`default_days`; days after today or before the account existed are left out.
    """
    today = today or dt.date.today()
    first = account_start(session, account_id).astimezone().date()
    wanted = default_days(session, account_id, today) if days is None else list(days)
    wanted = [day for day in wanted if first <= day <= today]
    points = [measure(past.graphs, past.day) for past in past_accounts(session, account_id, wanted)]
    return sorted(points, key=lambda point: point.day)

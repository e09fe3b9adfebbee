"""The portfolio's reckoning: decisive people nobody covers, in every account at once, and "landlocked" sellers.

A seller is *landlocked* when one account holds more than half of their open pipeline (pipeline, best case and
commit of the deals still open) or of their year's expected bookings (commit and closed in their fiscal year):
the sellers who reach a seven-figure year keep more than one account alive. :func:`landlocked` weighs one
seller's accounts, given each account's amount in the seller's currency, and says so in one sentence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.analysis.graphs import DECISIVE_INFLUENCE
from accountplan.model import Coverage, DealTeamMember, Stakeholder, StakeholderRole
from accountplan.model.enums import (
    DECISIVE_ROLES,
    BuyingRole,
    ForecastCategory,
    RelationshipStrength,
    StakeholderStatus,
)

#: The forecast categories of a deal still open that count as its seller's open pipeline (not omitted).
OPEN_CATEGORIES = (ForecastCategory.PIPELINE, ForecastCategory.BEST_CASE, ForecastCategory.COMMIT)
#: A seller is landlocked when one account holds more than this share of a measure.
LANDLOCKED_SHARE = Decimal("0.5")
#: Coverage at this strength or better is working coverage (as the findings count it).
_WORKING = [s for s in RelationshipStrength if s.rank >= RelationshipStrength.WORKING.rank]


def uncovered_decisive_people(
    session: Session, account_ids: Iterable[int] | None = None
) -> dict[int, list[str]]:
    """Each account's active decisive people whom nobody on its team covers at working strength or better.

    The rule of ``analysis.findings.uncovered_decisive`` (economic buyer, decision maker or influence of 4
    or more; coverage by someone who left the team does not count), for every account in one pass: the names
    by account id, the economic buyers first, then decision makers, then by influence and name.
    """
    where_people = [Stakeholder.status == StakeholderStatus.ACTIVE]
    if account_ids is not None:
        wanted = list(account_ids)
        where_people.append(Stakeholder.account_id.in_(wanted))
    people = session.execute(
        select(Stakeholder.id, Stakeholder.account_id, Stakeholder.name, Stakeholder.influence).where(
            *where_people
        )
    ).all()
    roles: dict[int, set[BuyingRole]] = defaultdict(set)
    for person_id, role in session.execute(
        select(StakeholderRole.stakeholder_id, StakeholderRole.role).where(
            StakeholderRole.role.in_(DECISIVE_ROLES)
        )
    ):
        roles[person_id].add(role)
    left = {
        (account_id, seller_id)
        for account_id, seller_id in session.execute(
            select(DealTeamMember.account_id, DealTeamMember.co_seller_id).where(
                DealTeamMember.active.is_(False)
            )
        )
    }
    covered = {
        person_id
        for account_id, seller_id, person_id in session.execute(
            select(Coverage.account_id, Coverage.co_seller_id, Coverage.stakeholder_id).where(
                Coverage.strength.in_(_WORKING)
            )
        )
        if (account_id, seller_id) not in left
    }
    found: dict[int, list[tuple[tuple[bool, bool, int, str], str]]] = defaultdict(list)
    for person_id, account_id, name, influence in people:
        held = roles.get(person_id, set())
        if person_id in covered or not (held or influence >= DECISIVE_INFLUENCE):
            continue
        order = (
            BuyingRole.ECONOMIC_BUYER not in held,
            BuyingRole.DECISION_MAKER not in held,
            -influence,
            name,
        )
        found[account_id].append((order, name))
    return {account_id: [name for _, name in sorted(named)] for account_id, named in found.items()}


def short_money(amount: Decimal, currency: str) -> str:
    """An amount shortened for a sentence: "USD 1.2m", "JPY 1.4bn", "EUR 250.0k", "USD 900"."""
    value = float(amount)
    for limit, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{currency} {value / limit:,.1f}{suffix}"
    return f"{currency} {value:,.0f}"


def percent_text(share: Decimal) -> str:
    """A share as a percentage that never rounds down to the half it is more than: "62 %", "50.4 %"."""
    percent = share * 100
    whole = f"{percent:.0f}"
    if percent > 50 and whole == "50":
        tenth = f"{percent:.1f}"
        return f"{tenth} %" if tenth != "50.0" else "just over 50 %"
    return f"{whole} %"


@dataclass(frozen=True)
class Landlock:
    """One account holding more than half of one of a seller's measures.

    ``measure`` is what is weighed, as a sentence says it ("open pipeline", "expected bookings for FY2026").
    """

    seller: str
    account: str
    measure: str
    amount: Decimal
    total: Decimal
    currency: str

    @property
    def share(self) -> Decimal:
        return self.amount / self.total

    @property
    def sentence(self) -> str:
        """The warning: "Landlocked: Hoshino Logistics holds 62 % of Lars Pettersson's open pipeline (…)"."""
        return (
            f"Landlocked: {self.account} holds {percent_text(self.share)} of {possessive(self.seller)} "
            f"{self.measure} ({short_money(self.amount, self.currency)} of "
            f"{short_money(self.total, self.currency)})."
        )


def possessive(name: str) -> str:
    """A name's possessive: "Lars Pettersson's", "James's"."""
    return f"{name}'s"


def landlocked(seller: str, measure: str, held: Mapping[str, Decimal], currency: str) -> list[Landlock]:
    """The account (at most one) that holds more than half of the seller's ``measure``.

    ``held`` gives each of the seller's accounts its amount, in ``currency``; an amount of nothing at all
    weighs nothing, and exactly half is not more than half.
    """
    total = sum(held.values(), Decimal(0))
    if total <= 0:
        return []
    return [
        Landlock(seller, account, measure, amount, total, currency)
        for account, amount in sorted(held.items())
        if amount > total * LANDLOCKED_SHARE
    ]

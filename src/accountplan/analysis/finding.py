"""One finding: what it is about, how severe it is, the sentence, and the people it names."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from accountplan.model.enums import Severity


class FindingKind(enum.StrEnum):
    """What a finding is about; findings of equal severity are listed in this order."""

    UNCOVERED_DECISIVE = "uncovered_decisive"
    DEPARTED_WITH_ROLES = "departed_with_roles"
    LEADERSHIP_CHANGE = "leadership_change"
    SINGLE_THREADED = "single_threaded"
    SELLING_TOO_LOW = "selling_too_low"
    NO_CHAMPION_PATH = "no_champion_path"
    UNOPPOSED_DETRACTOR = "unopposed_detractor"
    HIDDEN_INFLUENCER = "hidden_influencer"
    NO_DECISION_MAKER = "no_decision_maker"
    CHAMPION_PATH = "champion_path"


@dataclass(frozen=True)
class Finding:
    """One thing the deal team should know, with the stakeholders and co-sellers it concerns."""

    kind: FindingKind
    severity: Severity
    text: str
    people: tuple[int, ...] = ()
    co_sellers: tuple[int, ...] = ()

    @property
    def is_risk(self) -> bool:
        """Everything but the champion's path to the economic buyer, which is information."""
        return self.kind is not FindingKind.CHAMPION_PATH


_SEVERITY_ORDER = {severity: -rank for rank, severity in enumerate(Severity)}
_KIND_ORDER = {kind: rank for rank, kind in enumerate(FindingKind)}


def by_severity(finding: Finding) -> tuple[int, int]:
    """Sort key: the most severe first, then in the order of :class:`FindingKind`."""
    return _SEVERITY_ORDER[finding.severity], _KIND_ORDER[finding.kind]
